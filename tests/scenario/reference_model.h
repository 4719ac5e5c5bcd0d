// A reference model of the channel permission and membership rules, for the
// model checker (model_check_test.cc).
//
// It is written to be obviously correct rather than fast: std::set and
// std::map, one function per operation, each rule a plain `if` in the order
// the docs give (design.md "Permissions" and "error precedence",
// docs/model.md (channels), docs/model.md (moderation), engine.h). It knows
// nothing of the engine's data structures; the checker compares the two
// through the public API only.
//
// Scope: users (always live and active), TalkPlus channels of all seven
// types, membership with join order (owner succession), bans and mutes
// (permanent), ownership, freeze, one bot's channel membership, channel
// deletion, and the send permission. Not modelled: blocks, caps (never
// reached: at most 3 users), timed state, GitpleLive managers, messages
// beyond "may this actor send".
//
// Thread-safety: a plain value; not shared.
#ifndef BANTER_TESTS_SCENARIO_REFERENCE_MODEL_H_
#define BANTER_TESTS_SCENARIO_REFERENCE_MODEL_H_

#include <map>
#include <optional>
#include <set>
#include <string>

#include "banter/error.h"
#include "banter/types.h"

namespace banter::model {

// Who acts. Users are small integers (0, 1, 2, ...); there is one bot.
struct Who {
  enum class Kind { kAdmin, kUser, kBot };
  Kind kind = Kind::kAdmin;
  int user = -1;  // for kUser
  static Who Admin() { return {Kind::kAdmin, -1}; }
  static Who User(int u) { return {Kind::kUser, u}; }
  static Who Bot() { return {Kind::kBot, -1}; }
};

// nullopt = the call succeeds; otherwise the code it must fail with.
using Outcome = std::optional<ErrorCode>;

struct ModelChannel {
  bool live = true;
  ChannelType type = ChannelType::kPrivate;
  std::string invitation_code;       // invitationOnly only
  std::optional<int> owner;          // none: ownerless
  std::map<int, int> joined_at;      // member -> join stamp (= members)
  std::set<int> banned;
  std::set<int> muted;
  bool frozen = false;
  bool bot_member = false;

  bool IsMember(int u) const { return joined_at.count(u) > 0; }
  friend bool operator==(const ModelChannel&, const ModelChannel&) = default;
};

class ReferenceModel {
 public:
  // `users` users, numbered 0..users-1, all live.
  explicit ReferenceModel(int users) : users_(users) {}

  // Admin create with an owner (joins first) and members; every creation
  // member joins at stamp `at`. Returns the channel's index.
  int CreateChannel(ChannelType type, std::optional<int> owner,
                    const std::set<int>& members, int at,
                    const std::string& invitation_code = "");

  // Each operation takes a stamp `at` (strictly increasing across calls) for
  // the join order.
  Outcome Join(Who actor, int c, int user,
               const std::optional<std::string>& code, int at);
  Outcome Leave(Who actor, int c, int user);
  Outcome Add(Who actor, int c, int user, int at);
  Outcome Remove(Who actor, int c, int user);
  Outcome Ban(Who actor, int c, int user);
  Outcome Unban(Who actor, int c, int user);
  Outcome Mute(Who actor, int c, int user);
  Outcome Unmute(Who actor, int c, int user);
  Outcome Transfer(Who actor, int c, int user);
  Outcome SetFrozen(Who actor, int c, bool frozen);
  // Users send text as themselves, the admin an admin message, the bot a
  // bot message.
  Outcome Send(Who actor, int c);
  Outcome Delete(Who actor, int c);
  Outcome BotJoin(Who actor, int c);
  Outcome BotLeave(Who actor, int c);

  const ModelChannel& channel(int c) const { return channels_.at(c); }
  int channel_count() const { return static_cast<int>(channels_.size()); }
  int user_count() const { return users_; }

 private:
  // The member to inherit ownership: earliest join stamp, ties by lowest
  // user number; nullopt when nobody is left.
  static std::optional<int> Successor(const ModelChannel& ch);
  // Removes `u` with its per-member state (mute); ownership is the caller's.
  static void Depart(ModelChannel& ch, int u);

  int users_;
  std::map<int, ModelChannel> channels_;
};

}  // namespace banter::model

#endif  // BANTER_TESTS_SCENARIO_REFERENCE_MODEL_H_
