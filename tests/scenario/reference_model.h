// A reference model of the channel permission and membership rules, for the
// model checker (model_check_test.cc).
//
// It is written to be obviously correct rather than fast: std::set and
// std::map, one function per operation, each rule a plain `if` in the order
// the docs give (design.md "Permissions" and "error precedence",
// docs/model.md (channels, blocks, moderation), docs/messaging.md
// (delivery), docs/gitplelive.md (managers), engine.h). It knows nothing of
// the engine's data structures; the checker compares the two through the
// public API only.
//
// Scope: users (always live and active) and the blocks between them;
// TalkPlus channels of all seven types and GitpleLive channels; membership
// with join instants (owner succession); bans and mutes, permanent or timed
// (a record ending at E is in force at t iff E == 0 || t < E); ownership,
// freeze, GitpleLive managers, one bot's channel membership, channel
// deletion; the send permission and who a message is delivered to in real
// time (blocks filter it). Time: each call takes its instant; the model,
// like the engine, clamps it to the latest instant of a successful call and
// leaves the clock alone when a call fails. Not modelled: caps (never
// reached: at most 3 users), peer mutes, MuteAll, user deletion, messages
// beyond "may this actor send, and who receives it".
//
// Thread-safety: a plain value; not shared.
#ifndef BANTER_TESTS_SCENARIO_REFERENCE_MODEL_H_
#define BANTER_TESTS_SCENARIO_REFERENCE_MODEL_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

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
  Dialect dialect = Dialect::kTalkPlus;
  std::string invitation_code;       // invitationOnly only
  std::optional<int> owner;          // none: ownerless
  std::map<int, Millis> joined_at;   // member -> join instant (= members)
  std::map<int, Millis> banned;      // user -> end (0 = until unbanned)
  std::map<int, Millis> muted;       // member -> end (0 = until unmuted)
  std::set<int> managers;            // GitpleLive only
  bool frozen = false;
  bool bot_member = false;

  bool IsMember(int u) const { return joined_at.count(u) > 0; }
};

// What the public API shows of a channel at one instant: the checker builds
// one from the engine and compares it with the model's.
struct Observation {
  bool live = false;
  std::string invitation_code;
  std::optional<int> owner;
  std::map<int, Millis> joined_at;
  std::set<int> banned;  // bans in force
  std::set<int> muted;   // mutes in force
  std::set<int> managers;
  bool frozen = false;
  bool bot_member = false;
  friend bool operator==(const Observation&, const Observation&) = default;
};

// A record ending at `end` (0 = never) is in force at `t` iff t < end.
inline bool InForce(Millis end, Millis t) { return end == 0 || t < end; }

class ReferenceModel {
 public:
  // `users` users, numbered 0..users-1, all live; the clock at `start`.
  explicit ReferenceModel(int users, Millis start = 0)
      : users_(users), now_(start) {}

  // Admin create with an owner (joins first) and members, all joining at
  // the model's current time. Returns the channel's index.
  int CreateChannel(ChannelType type, Dialect dialect, std::optional<int> owner,
                    const std::set<int>& members,
                    const std::string& invitation_code = "");

  // Each operation takes the instant `at` it is called at.
  Outcome Join(Who actor, int c, int user,
               const std::optional<std::string>& code, Millis at);
  Outcome Leave(Who actor, int c, int user, bool delete_if_empty, Millis at);
  Outcome Add(Who actor, int c, int user, Millis at);
  Outcome Remove(Who actor, int c, int user, Millis at);
  // duration_ms: 0 = until lifted; > 0 ends at t + duration_ms.
  Outcome Ban(Who actor, int c, int user, Millis duration_ms, Millis at);
  Outcome Unban(Who actor, int c, int user, Millis at);
  Outcome Mute(Who actor, int c, int user, Millis duration_ms, Millis at);
  Outcome Unmute(Who actor, int c, int user, Millis at);
  Outcome Transfer(Who actor, int c, int user, Millis at);
  Outcome SetFrozen(Who actor, int c, bool frozen, Millis at);
  // Users send text as themselves, the admin an admin message, the bot a
  // bot message. On success last_recipients() says who receives it.
  Outcome Send(Who actor, int c, Millis at);
  Outcome Delete(Who actor, int c, Millis at);
  Outcome BotJoin(Who actor, int c, Millis at);
  Outcome BotLeave(Who actor, int c, Millis at);
  Outcome Block(Who actor, int blocker, int target, Millis at);
  Outcome Unblock(Who actor, int blocker, int target, Millis at);
  Outcome AddManager(Who actor, int c, int user, Millis at);
  Outcome RemoveManager(Who actor, int c, int user, Millis at);
  // Always succeeds: only the clock moves (expired records simply stop
  // being in force; nothing else is observable).
  Outcome AdvanceTime(Millis at);

  // The channel as the public API shows it at now().
  Observation Observe(int c) const;
  const ModelChannel& channel(int c) const { return channels_.at(c); }
  int channel_count() const { return static_cast<int>(channels_.size()); }
  int user_count() const { return users_; }
  Millis now() const { return now_; }
  bool IsBlocked(int blocker, int target) const {
    return blocks_.count({blocker, target}) > 0;
  }
  const std::set<std::pair<int, int>>& blocks() const { return blocks_; }
  // The real-time recipients of the last successful Send.
  const std::set<int>& last_recipients() const { return last_recipients_; }

 private:
  // The member to inherit ownership: earliest join instant, ties by lowest
  // user number; nullopt when nobody is left.
  static std::optional<int> Successor(const ModelChannel& ch);
  // Removes `u` with its per-member state (mute, manager role); ownership
  // is the caller's.
  static void Depart(ModelChannel& ch, int u);
  // The owner / manager powers of `who` on `ch`.
  static bool IsOwner(const ModelChannel& ch, Who who);
  static bool IsManager(const ModelChannel& ch, Who who);
  // Admitting `u` (join, add): the block rules between the owner and `u`,
  // as `by_owner` / `by_user` codes; ok when neither blocked the other.
  Outcome BlockRule(const ModelChannel& ch, int u, ErrorCode by_owner,
                    ErrorCode by_user) const;
  // Success at `t`: the clock moves to it.
  Outcome Done(Millis t) {
    now_ = t;
    return std::nullopt;
  }
  Millis Clamp(Millis at) const { return at < now_ ? now_ : at; }

  int users_;
  Millis now_;
  std::map<int, ModelChannel> channels_;
  std::set<std::pair<int, int>> blocks_;  // (blocker, target)
  std::set<int> last_recipients_;
};

}  // namespace banter::model

#endif  // BANTER_TESTS_SCENARIO_REFERENCE_MODEL_H_
