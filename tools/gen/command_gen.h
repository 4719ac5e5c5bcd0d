// The seeded command generator: random (actor, command, now) steps against a
// small world, for every test and tool that drives an engine with random
// operations (the model check's random walks, the atomicity test, the
// operation fuzzer) and, for its primitives (choices.h), `banter simulate`.
//
// The world is what the generator has been told or has learned: users (with
// their external ids and the login tokens it saw), channel slots ("chan0" ..
// "chan5", plus channels created with a generated id), bots, messages and
// session tokens. A step draws a command kind from the profile's weights,
// then every argument: mostly handles the world holds, sometimes handles
// that name nothing (never issued, or invalid), values in and out of range,
// and a time that moves forward (by a few milliseconds or by minutes, so
// timed mutes, bans and peer mutes expire along the way), now and then
// stamped before the engine's time to exercise its clamp.
//
//   gen::SeededChoices rng(seed);
//   gen::CommandGen gen(rng, gen::Profile::Everything(), now);
//   gen.AddUser(alice, "alice");
//   for (int i = 0; i < 1000; ++i) {
//     const gen::Step step = gen.Next();
//     auto result = engine.Execute(step.actor, step.command, step.now);
//     gen.Learn(step, result);  // new users, channels, messages, tokens
//   }
//
// The generator never reads the engine: what it knows comes from Add*/Set*
// and Learn. Each consumer keeps its own checks.
//
// Thread-safety: not thread-safe; one generator per sequence.
#ifndef BANTER_TOOLS_GEN_COMMAND_GEN_H_
#define BANTER_TOOLS_GEN_COMMAND_GEN_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "banter/command.h"
#include "banter/ids.h"
#include "banter/types.h"
#include "tools/gen/choices.h"

namespace banter::gen {

inline constexpr size_t kCommandKinds = std::variant_size_v<Command>;

namespace internal {
template <typename T, typename... Ts>
constexpr size_t IndexIn(const std::variant<Ts...>*) {
  constexpr bool same[] = {std::is_same_v<T, Ts>...};
  for (size_t i = 0; i < sizeof...(Ts); ++i) {
    if (same[i]) return i;
  }
  return sizeof...(Ts);
}
}  // namespace internal

// The index of command type T in Command (its wire tag), e.g.
// KindOf<cmd::Join>().
template <typename T>
constexpr size_t KindOf() {
  constexpr size_t i = internal::IndexIn<T>(static_cast<const Command*>(nullptr));
  static_assert(i < kCommandKinds, "not a Command alternative");
  return i;
}

// How steps are drawn. Percentages are out of 100.
struct Profile {
  // Relative weight of each command kind, indexed by KindOf<T>(); 0 = never.
  std::array<int, kCommandKinds> weights{};
  // Actors: the admin, a bot, otherwise a user (see unknown_percent).
  int admin_percent = 40;
  int bot_percent = 5;  // bot commands also pick bots as actors themselves
  // Where a request names the user acting for itself (join, leave, member
  // settings, block, reactions, ...), a user actor names itself this often;
  // otherwise any user, usually someone else (1006).
  int self_percent = 70;
  // Handles (users, channels, bots, messages) that name nothing: the
  // invalid handle, one never issued, or one deleted.
  int unknown_percent = 5;
  // Values out of range: oversize strings, invalid UTF-8, raw bytes, too
  // many metadata pairs, negative or overflowing durations, bad ids.
  int wild_percent = 10;
  // User lists (add, remove, ban, mute, ...) hold min_list..max_list users,
  // duplicates allowed.
  int min_list = 0;
  int max_list = 3;
  // Steps stamped before the latest time (the engine clamps them).
  int backwards_percent = 5;
  // Sends with more than text: message types the actor may or may not
  // use, senders named by the admin, data, mentions, replies, files and
  // translation targets. Off: each actor's usual type, text only.
  bool message_extras = true;

  template <typename T>
  Profile& Set(int weight) {
    weights[KindOf<T>()] = weight;
    return *this;
  }
  int weight(size_t kind) const { return weights[kind]; }

  // Every command kind, valid and invalid arguments: the atomicity test's
  // and the operation fuzzer's mix (sends weigh most, deletions least).
  static Profile Everything();
};

// One generated call.
struct Step {
  Actor actor;
  Command command;
  Millis now = 0;
};

// "admin Join @1700000000007": the actor and the command's name.
std::string Describe(const Step& step);

class CommandGen {
 public:
  // Channel slots with fixed names "chan0" .. "chan5" (ChannelSlotName).
  static constexpr int kChannelSlots = 6;
  static std::string ChannelSlotName(int slot);

  // `choices` must outlive the generator. `start` is the first step's base
  // time. Requires: profile has a positive weight.
  CommandGen(Choices& choices, Profile profile, Millis start);

  // What the consumer's setup created.
  void AddUser(UserId user, std::string name, std::string login_token = "");
  void AddBot(BotId bot);
  // Requires: 0 <= slot < kChannelSlots.
  void SetChannel(int slot, ChannelId channel);
  // What the setup's channels hold, so steps can aim at it.
  void AddMember(ChannelId channel, UserId user);
  void SetOwner(ChannelId channel, UserId owner);

  // The next step: the time moves first, then a kind is drawn, then its
  // arguments. Also returns SetAppDeactivated{false} half the time while
  // the app is (as learned) deactivated, so a run does not stall there.
  Step Next();
  // Remembers what a step's result names: users, channels, bots, messages,
  // login and session tokens, reports, pins. Call it after every Execute.
  void Learn(const Step& step, const absl::StatusOr<CommandResult>& result);

  // The arguments' primitives, for consumers that compose steps of their
  // own (the fuzzer's reads).
  Actor AnyActor();
  UserId AnyUser();
  // For a request that names the acting user: the actor itself
  // (self_percent), else AnyUser().
  UserId SelfOr(const Actor& actor);
  std::vector<UserId> SomeUsers();
  ChannelId AnyChannel();
  BotId AnyBot();
  MessageId AnyMessage();
  Metadata AnyData();
  std::string AnyText();
  std::string AnyCode();
  Millis AnyDuration();
  // A (channel, user) pair likely to be a membership: one the generator saw
  // formed (60%), else AnyChannel() and SelfOr(actor). When it is one, a
  // user or bot actor usually (70%) becomes that member, acting for itself.
  MemberSettingRequest AnyMembership(Actor& actor);
  // A user likely to be a member of `channel` (60%), else AnyUser().
  UserId MemberOf(ChannelId channel);
  // A user list (sizes as SomeUsers) of likely members of `channel`.
  std::vector<UserId> SomeMembersOf(ChannelId channel);
  // Sometimes (40%) makes the actor the channel's owner as last seen.
  void MaybeOwner(ChannelId channel, Actor& actor);
  bool Wild() { return profile_.wild_percent > 0 && choices_.Chance(profile_.wild_percent); }

  Choices& choices() { return choices_; }
  const Profile& profile() const { return profile_; }
  // The latest time handed out (steps stamped earlier do not move it).
  Millis now() const { return now_; }
  const std::vector<UserId>& users() const { return users_; }
  const std::vector<ChannelId>& channels() const { return channels_; }
  const std::vector<BotId>& bots() const { return bots_; }
  const std::vector<MessageId>& messages() const { return messages_; }

 private:
  // May change `actor` (to a member or owner the command aims at).
  Command Build(size_t kind, Actor& actor);
  bool Unknown() {
    return profile_.unknown_percent > 0 &&
           choices_.Chance(profile_.unknown_percent);
  }
  // Whether a deletion aims at something live: 30% while the profile has
  // unknown handles (so the world does not empty out), else always.
  bool Aim() {
    return profile_.unknown_percent == 0 || choices_.Chance(30);
  }
  // An unknown handle: invalid, never issued, or one of `dead` (only those
  // when the profile has no unknown handles and there are some).
  template <typename Id>
  Id UnknownOf(const std::vector<Id>& dead);
  std::string AnyUserName();
  // Keeps `v` at most `cap` long by overwriting a random element.
  template <typename T>
  void Remember(std::vector<T>& v, T value, size_t cap);
  // Moves `value` from `live` (and its name, parallel in `names`) to `dead`.
  template <typename T>
  void Forget(std::vector<T>& live, T value, std::vector<T>& dead,
              std::vector<std::string>* names = nullptr);

  Choices& choices_;
  Profile profile_;
  Weights kinds_;
  Millis now_;
  bool app_deactivated_ = false;
  std::vector<UserId> users_;
  std::vector<std::string> user_names_;  // parallel to users_
  // Deleted (as learned), drawn only as unknown handles.
  std::vector<UserId> dead_users_;
  std::vector<ChannelId> dead_channels_;
  std::vector<BotId> dead_bots_;
  absl::flat_hash_map<UserId, std::string> login_tokens_;
  std::vector<ChannelId> channels_;  // kChannelSlots named slots, then extras
  std::vector<BotId> bots_;
  std::vector<MessageId> messages_;
  std::vector<std::string> sessions_;
  // What succeeded, so later steps can aim at it (undo it, act as its
  // member or owner). Entries go stale (a member leaves, a block is
  // lifted) and stay: aiming at them then tests the failure paths. Capped.
  std::vector<MemberSettingRequest> members_;
  absl::flat_hash_map<ChannelId, UserId> owners_;
  std::vector<cmd::Block> blocks_;
  std::vector<ReactionRequest> reactions_;
  std::vector<cmd::AddManager> managers_;
  std::vector<cmd::BotJoin> bot_members_;
  std::vector<PeerMuteRequest> peer_mutes_;
  std::vector<ReportId> reports_;
  std::vector<MessageId> pins_;
};

}  // namespace banter::gen

#endif  // BANTER_TOOLS_GEN_COMMAND_GEN_H_
