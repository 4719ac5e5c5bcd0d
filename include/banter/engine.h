// banter::Engine: one app's whole chat domain, in memory.
//
//   banter::Engine chat;                        // EngineOptions: seed, sink...
//   banter::Millis now = 1'700'000'000'000;     // your clock, in ms
//   auto ann = chat.CreateUser(banter::Actor::Admin(), {.user_id = "ann"}, now);
//   auto guild = chat.CreateChannel(
//       banter::Actor::Admin(),
//       {.channel_id = "guild", .type = banter::ChannelType::kPublic,
//        .owner = ann->user},
//       now);
//   auto sent = chat.SendMessage(banter::Actor::User(ann->user),
//                                {.channel = *guild, .text = "hi"}, now);
//   if (!sent.ok()) { /* ErrorCodeOf(sent.status()) names the rule */ }
//
// A longer, compiled example: docs/embedding.md ("C++ quick start").
//
// An Engine holds the users, channels, memberships, moderation state, bots and
// messages of one TalkPlus app (GitpleLive channels live in the same engine,
// tagged with their dialect). Every operation is a deterministic function of
// (state, actor, request, now): the engine reads no clock, draws no randomness
// (ids and tokens derive from EngineOptions::seed), does no I/O and starts no
// threads. Engine time never runs backwards: a `now` earlier than the latest
// one seen is taken as the latest.
//
// Every mutating call is atomic: it either succeeds, or fails with an
// absl::Status carrying an ErrorCode (error.h) and leaves the state exactly as
// it was. "Errors:" below lists the codes each call can return besides the
// actor checks every call makes first:
//   kDeactivatedApp   the app is deactivated (SetAppDeactivated);
//   kUserNotFound     a user actor that does not exist or was deleted;
//   kDeactivatedUser  a user actor that is deactivated;
//   kBotNotFound      a bot actor that does not exist.
// Unknown handles in a request fail with kUserNotFound, kChannelNotFound,
// kBotNotFound or kMessageNotFound as named.
//
// Permissions follow TalkPlus's matrix (docs/model.md, "Permission matrix as
// built"): Actor::Admin() is the
// REST authority, Actor::User() an SDK session, Actor::Bot() a bot endpoint.
//
// Lists are cursor paged: a query names the last item of the previous page and
// the result says whether more follow. Orders are documented per call and never
// depend on hash-map iteration.
//
// Thread-safety: not thread-safe; the transport serializes calls. Const
// methods may run concurrently with each other.
// Copy/move: move-only on purpose (state is large; copying would be a bug).
#ifndef BANTER_ENGINE_H_
#define BANTER_ENGINE_H_

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/command.h"
#include "banter/commands.h"
#include "banter/error.h"
#include "banter/events.h"
#include "banter/ids.h"
#include "banter/moderation.h"
#include "banter/options.h"
#include "banter/search.h"
#include "banter/types.h"

namespace banter {

class Engine;
namespace internal {
struct State;
// The engine's internal state, for the engine's own areas, durability and
// tests (engine/engine_access.h). Not part of the public API.
State& StateOf(Engine& engine);
const State& StateOf(const Engine& engine);
}  // namespace internal

struct CreatedUser {
  UserId user;
  std::string login_token;
  friend bool operator==(const CreatedUser&, const CreatedUser&) = default;
};

struct Session {
  UserId user;
  std::string session_id;
  std::string session_token;
  friend bool operator==(const Session&, const Session&) = default;
};

// GitpleLive per-member receipt row.
struct ReceiptRow {
  std::string user_id;
  Millis last_read_at = 0;
  Millis last_delivered_at = 0;
  int64_t unread = 0;
  friend bool operator==(const ReceiptRow&, const ReceiptRow&) = default;
};

// Object counts, for simulations and the memory benchmarks.
struct EngineStats {
  uint64_t users = 0;        // live users
  uint64_t channels = 0;     // live channels
  uint64_t memberships = 0;  // (user, channel) pairs
  uint64_t messages = 0;     // stored (retained, not deleted) messages
  uint64_t bots = 0;
  uint64_t pending_timers = 0;
  friend bool operator==(const EngineStats&, const EngineStats&) = default;
};

// What the engine has been asked to do since it was built, for operators:
// calls by command and outcome, and failures by error code. Not part of the
// state (snapshots, dumps and replay ignore it); a restarted engine starts
// from zero.
struct CallStats {
  struct PerCommand {
    std::string_view command;  // CommandName
    uint64_t succeeded = 0;
    uint64_t failed = 0;
    friend bool operator==(const PerCommand&, const PerCommand&) = default;
  };
  std::vector<PerCommand> commands;  // those called at least once, by name
  // Failures by domain code, ascending; failures without a code (a broken
  // journal: Unavailable) count under ErrorCode{0}.
  std::vector<std::pair<ErrorCode, uint64_t>> failures_by_code;
  uint64_t deferred = 0;  // calls queued from inside the event sink
  // Events handed to the sink, and the real-time recipients they named
  // (0 without a sink).
  uint64_t events_delivered = 0;
  uint64_t recipients_delivered = 0;
  friend bool operator==(const CallStats&, const CallStats&) = default;
};

class Engine {
 public:
  explicit Engine(EngineOptions options = {});
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  const EngineOptions& options() const;

  // ---- The command path ----------------------------------------------------

  // The only way the engine's state changes. Runs, once and in this order:
  // the journal fence (a broken journal refuses every change with
  // Unavailable), Prepare if the command still holds a clear password, the
  // actor checks (every command except SetAppDeactivated,
  // SetAnonymousLoginAllowed and AdvanceTime), the operation's own rule and
  // its effect, the invariant check (when EngineOptions::check_invariants),
  // and the journal append. A failed call changes nothing: not the state,
  // not `now`, not the journal. Events go to EngineOptions::sink during the
  // call, in the order the operation produces them. A mutating call made
  // from inside the sink is queued and runs after this one (events.h,
  // "Re-entrancy"); it returns OK with CommandResult::deferred, and the
  // typed methods below return OK with default values.
  // Errors: the operation's, as its typed method below lists them;
  // Unavailable when the journal refuses records.
  absl::StatusOr<CommandResult> Execute(const Actor& actor,
                                        const Command& command, Millis now);

  // The slow, state-independent part of a command, done before Execute and
  // outside whatever lock serializes the engine: bcrypt. Hashes the password
  // of CreateUser and ChangePassword into the command, and checks the password
  // of IssueLoginToken against the user's stored hash (recording the hash it
  // verified, which Execute compares again). Other commands are unchanged. A
  // password that is not acceptable (not UTF-8, holds NUL, longer than
  // kMaxPasswordBytes) is left in place for Execute to refuse with its code.
  // Reads only the options and, for IssueLoginToken, one user's stored hash;
  // may run concurrently with const calls. Cost: one bcrypt at
  // EngineOptions::password_cost (about 0.1 s at cost 10) per password.
  void Prepare(Command& command) const;

  // Prepare in two steps, for callers that serialize engine calls with a
  // reader/writer lock: PrepareInputsOf is a quick const read (take the
  // reader lock for it); PrepareWith then hashes from those inputs alone and
  // reads nothing of any engine (run it with no lock held). Prepare(c) is
  // PrepareWith(options(), PrepareInputsOf(c), c).
  struct PrepareInputs {
    std::string user_id;      // CreateUser, ChangePassword: the user's id
    std::string stored_hash;  // IssueLoginToken: the user's current hash
  };
  PrepareInputs PrepareInputsOf(const Command& command) const;
  static void PrepareWith(const EngineOptions& options,
                          const PrepareInputs& inputs, Command& command);

  // ---- App and time --------------------------------------------------------

  // A deactivated app refuses every call with kDeactivatedApp (reads too),
  // except this setter and the introspection methods.
  void SetAppDeactivated(bool deactivated);
  bool app_deactivated() const;
  void SetAnonymousLoginAllowed(bool allowed);

  // Fires every timer (mute, ban and peer-mute expiry) whose instant is <= now,
  // in instant order, emitting its event stamped with that instant. Returns the
  // number of records that expired (timers whose record was lifted early are
  // dropped silently and not counted). Expiry is exact without this call too: a mute ending at T is
  // in force at T-1 and gone at T for every check. Cost: O(timers fired + time
  // buckets passed), independent of the number of pending timers.
  size_t AdvanceTime(Millis now);
  // The latest `now` seen.
  Millis now() const;

  // ---- Users ---------------------------------------------------------------

  // Creates a user and issues its first login token. Admin only.
  // Errors: kUnauthorized (non-admin), kInvalidParams (empty id),
  // kParamsBindingError (id not URI-safe or > 68 chars, username > 128),
  // kInvalidMetaData, kUserIdTaken.
  absl::StatusOr<CreatedUser> CreateUser(const Actor& actor,
                                         const CreateUserRequest& request,
                                         Millis now);

  // REST /users/login: checks the password and issues a new login token.
  // Errors: kUnauthorized (non-admin), kUserNotFound, kDeactivatedUser,
  // kWrongPassword (also for users without a password).
  absl::StatusOr<std::string> IssueLoginToken(const Actor& actor, UserId user,
                                              std::string_view password,
                                              Millis now);

  // SDK token login: opens a session for `request.user_id`.
  // Errors: kInvalidParams, kUserNotFound, kDeactivatedUser,
  // kInvalidLoginToken, kParamsBindingError / kInvalidMetaData (profile).
  absl::StatusOr<Session> LoginWithToken(const LoginRequest& request,
                                         Millis now);

  // SDK anonymous login: creates the user if missing, opens a session.
  // Errors: kAnonymousLoginNotAllowed, kInvalidParams, kParamsBindingError,
  // kInvalidMetaData, kDeactivatedUser.
  absl::StatusOr<Session> LoginAnonymous(const LoginRequest& request,
                                         Millis now);

  // Ends a session. Errors: kSessionNotFound, kSessionTokenInvalid.
  absl::Status Logout(std::string_view session_token, Millis now);

  // The user a session token belongs to. Errors: kSessionNotFound (no such
  // session), kSessionTokenInvalid (malformed token), kDeactivatedUser.
  absl::StatusOr<UserId> Authenticate(std::string_view session_token) const;

  // Partial update (only set fields change). Admin, or the user itself.
  // Errors: kUnauthorized, kUserNotFound, kParamsBindingError,
  // kInvalidMetaData.
  absl::Status UpdateUser(const Actor& actor, const UpdateUserRequest& request,
                          Millis now);

  // Errors: kUnauthorized, kUserNotFound, kInvalidParams (empty password).
  // Invalidates the user's login tokens.
  absl::Status ChangePassword(const Actor& actor, UserId user,
                              std::string_view password, Millis now);

  // Admin only. A deactivated user can do nothing (kDeactivatedUser) and its
  // sessions end; memberships and messages are kept.
  // Errors: kUnauthorized, kUserNotFound.
  absl::Status SetUserActive(const Actor& actor, UserId user, bool active,
                             Millis now);

  // Deletes a user (docs/model.md, "Users"): removed from every channel (memberLeft to
  // the rest; an owned channel passes to its earliest-joined remaining member
  // or, if empty, is deleted), blocks and sessions dropped, messages kept with
  // the sender's last profile. Admin, or the user itself.
  // Errors: kUnauthorized, kUserNotFound.
  absl::Status DeleteUser(const Actor& actor, UserId user, Millis now);

  // User-level push switch. Admin, or the user itself.
  // Errors: kUnauthorized, kUserNotFound.
  absl::Status SetUserPush(const Actor& actor, UserId user, bool enabled,
                           Millis now);

  // Records a device push token (FCM per device id; PushKit one per user).
  // Errors: kUnauthorized, kUserNotFound, kInvalidParams (empty device id or
  // token).
  absl::Status RegisterPushToken(const Actor& actor, UserId user,
                                 PushTokenKind kind, std::string_view device_id,
                                 std::string_view token, Millis now);

  // `blocker` blocks `target` (docs/model.md, "Blocks"). Admin, or the blocker itself.
  // Errors: kUnauthorized, kUserNotFound, kCannotBlockSelf,
  // kUserAlreadyBlocked.
  absl::Status Block(const Actor& actor, UserId blocker, UserId target,
                     Millis now);
  // Errors: kUnauthorized, kUserNotFound, kCannotUnblockSelf, kUserNotBlocked.
  absl::Status Unblock(const Actor& actor, UserId blocker, UserId target,
                       Millis now);

  // Lookups. Find* return an invalid handle for unknown or deleted names.
  UserId FindUser(std::string_view user_id) const;
  // The external id of a user handle (deleted users keep theirs); "" if the
  // handle was never issued.
  std::string_view UserName(UserId user) const;
  absl::StatusOr<UserView> GetUser(const Actor& actor, UserId user) const;
  // Live users in handle (creation) order after `after`. Admin only.
  absl::StatusOr<Page<UserView>> ListUsers(const Actor& actor, UserId after,
                                           int limit) const;
  // Users `user` blocked, in handle order after `after`. Admin or self.
  absl::StatusOr<Page<UserView>> ListBlocked(const Actor& actor, UserId user,
                                             UserId after, int limit) const;
  bool IsBlocked(UserId blocker, UserId target) const;
  // True when some user blocks `target`. A caller that asks IsBlocked(r,
  // target) for many recipients r asks this first and skips them all in the
  // common case (nobody blocks), reading one record instead of one per
  // recipient. O(1).
  bool IsBlockedByAnyone(UserId target) const;

  // ---- Channels ------------------------------------------------------------

  // Creates a channel (docs/model.md, "The channels area as built"). A user actor becomes its owner and member;
  // an admin names the owner (optional except for broadcast types).
  // TalkPlus reuse: for private type with `reuse`, an existing channel with the
  // same id and member set (owner included) is returned unchanged.
  // Errors: kInvalidParams (broadcast without owner), kParamsBindingError
  // (field limits, max_member_count range, subcategory without category),
  // kInvalidMetaData, kInvitationCodeCannotBeEmpty, kChannelOwnerNotFound,
  // kUserNotFound (a member), kChannelIdAlreadyTaken,
  // kReuseChannelMembersDoNotMatch, kMaxChannelMemberCountExceeded,
  // kCannotCreateChannelWithBlockedMember,
  // kCannotCreateChannelWhenBlockedByMember, kUnauthorized (bot).
  absl::StatusOr<ChannelId> CreateChannel(const Actor& actor,
                                          const CreateChannelRequest& request,
                                          Millis now);

  // Partial update. Owner or admin; only an admin may change the owner.
  // Errors: kChannelNotFound, kChannelUpdateNotAuthorized,
  // kParamsBindingError, kInvalidMetaData, kInvitationCodeCannotBeEmpty,
  // kChannelOwnerNotFound, kMaxChannelMemberCountExceeded (cap below count).
  absl::Status UpdateChannel(const Actor& actor,
                             const UpdateChannelRequest& request, Millis now);

  // Deletes the channel and its messages. Owner or admin.
  // Errors: kChannelNotFound, kChannelUpdateNotAuthorized.
  absl::Status DeleteChannel(const Actor& actor, ChannelId channel,
                             Millis now);

  // Adds users (docs/model.md, "Permission matrix as built"). Admin, or any member (invite).
  // Errors: kChannelNotFound, kUserNotChannelMember (inviter),
  // kUserNotFound, kAlreadyMember, kCannotAddBannedUser,
  // kMaxChannelMemberCountExceeded, kCannotAddBlockedMember,
  // kCannotAddMemberWhenBlockedByMember, kInvalidParams (empty list).
  absl::Status AddMembers(const Actor& actor, const MembersRequest& request,
                          Millis now);

  // Removes members. Owner or admin; the owner cannot be removed.
  // Errors: kChannelNotFound, kNotChannelOwner, kUserNotFound,
  // kRemoveUserNotMember, kCannotRemoveChannelOwner, kInvalidParams.
  absl::Status RemoveMembers(const Actor& actor, const MembersRequest& request,
                             Millis now);

  // Joins by self (per type: docs/model.md, "Permission matrix as built"), or by code when invitation_code is set.
  // An admin may join any user (GitpleLive platform joins).
  // Errors: kChannelNotFound, kUnauthorized, kAlreadyMember,
  // kBannedFromChannel, kCannotJoinPrivateChannel, kInvitationCodeRequired,
  // kWrongInvitationCode, kChannelNotInvitationOnlyType,
  // kMaxChannelMemberCountExceeded, kCannotJoinChannelBlockedByOwner,
  // kCannotJoinChannelBlockedOwner.
  absl::Status Join(const Actor& actor, const JoinRequest& request,
                    Millis now);

  // Leaves. If the owner leaves and members remain, ownership passes to the
  // earliest-joined remaining member (docs/model.md, "Decisions"). With
  // delete_channel_if_empty, an emptied channel is deleted.
  // Errors: kChannelNotFound, kUnauthorized, kUserNotChannelMember.
  absl::Status Leave(const Actor& actor, const LeaveRequest& request,
                     Millis now);

  // Owner or admin, to a current member.
  // Errors: kChannelNotFound, kNotChannelOwner, kUserNotFound,
  // kUserNotChannelMember (target), kAlreadyChannelOwner.
  absl::Status TransferOwnership(const Actor& actor, ChannelId channel,
                                 UserId new_owner, Millis now);

  // Freeze (only the owner may send) or unfreeze. Owner or admin; GitpleLive
  // channels: managers too. Errors: kChannelNotFound, kNotChannelOwner.
  absl::Status SetFrozen(const Actor& actor, ChannelId channel, bool frozen,
                         Millis now);

  // Per-member settings. Admin, or the member itself.
  // Errors (each): kChannelNotFound, kUnauthorized, kUserNotFound,
  // kUserNotChannelMember.
  absl::Status SetHidden(const Actor& actor, const MemberSettingRequest& r,
                         bool hidden, Millis now);
  absl::Status HideAll(const Actor& actor, UserId user, Millis now);
  absl::Status SetChannelPush(const Actor& actor, const MemberSettingRequest& r,
                              bool enabled, Millis now);
  absl::Status SetPushSounds(const Actor& actor, const MemberSettingRequest& r,
                             std::optional<std::string> sound_aos,
                             std::optional<std::string> sound_ios, Millis now);
  // + kInvalidMemberInfo.
  absl::Status SetMemberInfo(const Actor& actor, const MemberSettingRequest& r,
                             Metadata member_info, Millis now);
  // + kInvalidPrivateData.
  absl::Status SetPrivateData(const Actor& actor, const MemberSettingRequest& r,
                              Metadata private_data, Millis now);
  // + kInvalidPrivateTag (> 128 chars).
  absl::Status SetPrivateTag(const Actor& actor, const MemberSettingRequest& r,
                             std::string private_tag, Millis now);

  // GitpleLive managers. Admin, or a manager of the channel.
  // Errors: kChannelNotFound, kUnauthorized, kUserNotFound,
  // kUserNotChannelMember, kAlreadyManager, kManagerLimitExceeded (add),
  // kNotManager (remove).
  absl::Status AddManager(const Actor& actor, ChannelId channel, UserId user,
                          Millis now);
  absl::Status RemoveManager(const Actor& actor, ChannelId channel,
                             UserId user, Millis now);

  // GitpleLive reuse rule (docs/gitplelive.md, "reuse"): the most recently created
  // GitpleLive channel whose members equal `members` (as a set), which nobody
  // else ever joined and which never had a manager; invalid if none.
  // Cost: O(channels of the first member x members).
  ChannelId FindReusableChannel(const std::vector<UserId>& members) const;

  ChannelId FindChannel(std::string_view channel_id) const;
  std::string_view ChannelName(ChannelId channel) const;  // external id
  // The channel as `viewer` sees it (viewer-specific fields filled when the
  // viewer is a member; invalid viewer = none). User actors must be members,
  // or the channel must be a public-listed type.
  // Errors: kChannelNotFound, kUserNotChannelMember.
  absl::StatusOr<ChannelView> GetChannel(const Actor& actor, ChannelId channel,
                                         UserId viewer) const;
  // Channel lists (docs/model.md, "Decisions"). Joined and hidden lists order by last activity
  // (last message time, else creation) newest first; public and all lists by
  // creation newest first; ties by handle, newest first.
  // Errors: kUserNotFound, kUnauthorized (a user listing another's channels or
  // kAll), kParamsBindingError (limit).
  absl::StatusOr<Page<ChannelView>> ListChannels(
      const Actor& actor, const ChannelListQuery& query) const;
  // Members in user-handle order after `after`; O(log n + limit).
  // Errors: kChannelNotFound, kUserNotChannelMember (user actor not member).
  absl::StatusOr<Page<MemberView>> ListMembers(const Actor& actor,
                                               ChannelId channel, UserId after,
                                               int limit) const;
  // The same page as ListMembers (same order, limits, cursor and errors), as
  // handles only: for embedders that keep their own user data, it renders
  // nothing and costs O(log n + limit) with one allocation.
  absl::StatusOr<Page<UserId>> ListMemberIds(const Actor& actor,
                                             ChannelId channel, UserId after,
                                             int limit) const;
  // Errors: kChannelNotFound, kUserNotChannelMember, kChannelMemberNotFound.
  absl::StatusOr<MemberView> GetMember(const Actor& actor, ChannelId channel,
                                       UserId user) const;
  bool IsMember(ChannelId channel, UserId user) const;
  // Channels a bot joined, by handle order after `after`.
  absl::StatusOr<Page<ChannelView>> ListBotChannels(const Actor& actor,
                                                    BotId bot, ChannelId after,
                                                    int limit) const;

  // ---- Moderation ----------------------------------------------------------

  // Bans members: removes them and records the ban (timed when duration_ms >
  // 0: the ban ends by itself at now + duration). Owner or admin; GitpleLive
  // channels: managers (not against managers, not self).
  // Errors: kChannelNotFound, kNotChannelOwner, kUserNotFound,
  // kBanUserNotMember, kCannotBanOwnerFromChannel, kCannotBanManager,
  // kCannotBanSelf, kInvalidParams, kParamsBindingError (negative duration).
  absl::Status Ban(const Actor& actor, const BanRequest& request, Millis now);
  // Lifts bans (users not banned are ignored). Does not re-add.
  // Errors: kChannelNotFound, kNotChannelOwner, kUserNotFound,
  // kInvalidParams.
  absl::Status Unban(const Actor& actor, const MembersRequest& request,
                     Millis now);
  // Mutes members (cannot send; kMutedInChannel) until unmuted or for
  // duration_ms (TalkPlus's expireInMinutes × 60000). Owner or admin.
  // Errors: kChannelNotFound, kNotChannelOwner, kUserNotFound,
  // kUserNotChannelMember, kCannotMuteChannelOwner, kParamsBindingError
  // (negative minutes), kInvalidParams.
  absl::Status Mute(const Actor& actor, const MuteRequest& request,
                    Millis now);
  // Errors: kChannelNotFound, kNotChannelOwner, kUserNotFound,
  // kUserNotChannelMember, kInvalidParams.
  absl::Status Unmute(const Actor& actor, const MembersRequest& request,
                      Millis now);
  // Admin only: mutes every member except the owner.
  // Errors: kChannelNotFound, kUnauthorized, kParamsBindingError.
  absl::Status MuteAll(const Actor& actor, ChannelId channel,
                       Millis duration_ms, Millis now);
  // Personal mute: `user` stops receiving the targets' messages in this channel
  // (realtime and push); history is unaffected.
  // Errors: kChannelNotFound, kUnauthorized, kUserNotChannelMember,
  // kUserNotFound, kParamsBindingError, kInvalidParams.
  absl::Status PeerMute(const Actor& actor, const PeerMuteRequest& request,
                        Millis now);
  absl::Status PeerUnmute(const Actor& actor, const PeerMuteRequest& request,
                          Millis now);

  // Bot actors fail every moderation call above with kUnauthorized.
  //
  // Banned users in handle order. Owner or admin (GitpleLive: managers).
  // Errors: kChannelNotFound, kNotChannelOwner, kUnauthorized (bot).
  absl::StatusOr<Page<BanView>> ListBanned(const Actor& actor,
                                           ChannelId channel, UserId after,
                                           int limit) const;
  // Muted members in handle order. Members or admin.
  // Errors: kChannelNotFound, kUserNotChannelMember, kUnauthorized (bot).
  absl::StatusOr<Page<MemberView>> ListMuted(const Actor& actor,
                                             ChannelId channel, UserId after,
                                             int limit) const;
  // Members `user` peer-muted, in handle order. Self or admin.
  // Errors: kChannelNotFound, kUnauthorized, kUserNotFound,
  // kUserNotChannelMember.
  absl::StatusOr<Page<MemberView>> ListPeerMuted(const Actor& actor,
                                                 ChannelId channel,
                                                 UserId user, UserId after,
                                                 int limit) const;
  bool IsMuted(ChannelId channel, UserId user) const;   // at now()
  bool IsBanned(ChannelId channel, UserId user) const;  // at now()

  // ---- Bots ----------------------------------------------------------------

  // Admin only. Errors: kUnauthorized, kInvalidParams, kParamsBindingError,
  // kBotIdTaken.
  absl::StatusOr<BotId> CreateBot(const Actor& actor,
                                  const CreateBotRequest& request, Millis now);
  // Errors: kUnauthorized, kBotNotFound, kParamsBindingError.
  absl::Status UpdateBot(const Actor& actor, const UpdateBotRequest& request,
                         Millis now);
  // Leaves every channel, then is gone. Errors: kUnauthorized, kBotNotFound.
  absl::Status DeleteBot(const Actor& actor, BotId bot, Millis now);
  // Admin or the bot itself. Errors: kBotNotFound, kChannelNotFound,
  // kUnauthorized, kBotAlreadyInChannel / kBotNotInChannel.
  absl::Status BotJoin(const Actor& actor, BotId bot, ChannelId channel,
                       Millis now);
  absl::Status BotLeave(const Actor& actor, BotId bot, ChannelId channel,
                        Millis now);
  BotId FindBot(std::string_view bot_id) const;
  // The bot's external id; kept after deletion (like UserName), "" for a
  // handle never issued.
  std::string_view BotName(BotId bot) const;
  absl::StatusOr<BotView> GetBot(const Actor& actor, BotId bot) const;
  // Bots in handle order after `after`. Admin only.
  absl::StatusOr<Page<BotView>> ListBots(const Actor& actor, BotId after,
                                         int limit) const;

  // ---- Messages ------------------------------------------------------------

  // Sends a message (checks in the order of docs/messaging.md). User actors send as
  // themselves (types text, hidden, custom); the admin sends admin /
  // admin_hidden, or user types as `request.sender`; bots send bot /
  // bot_hidden into channels they joined.
  // Errors: kChannelNotFound, kSenderNotChannelMember, kBotNotInChannel,
  // kCannotSendMessageInFrozenChannel, kMutedInChannel, kUnauthorized (type),
  // kMsgSizeLimitExceeded, kBothMsgTextDataMissing, kInvalidMetaData,
  // kMentionedUserDoesNotExist, kParamsBindingError (parent not in channel).
  // Cost: O(1) plus the recipients the rules filter; no allocation beyond the
  // message's own storage.
  absl::StatusOr<MessageId> SendMessage(const Actor& actor,
                                        const SendMessageRequest& request,
                                        Millis now);
  // Sender or admin. Errors: kMessageNotFound, kNotMessageSender,
  // kMsgSizeLimitExceeded, kInvalidMetaData, kMentionedUserDoesNotExist,
  // kBothMsgTextDataMissing.
  absl::Status UpdateMessage(const Actor& actor,
                             const UpdateMessageRequest& request, Millis now);
  // Sender, channel owner (GitpleLive: managers) or admin.
  // Errors: kMessageNotFound, kNotMessageSender.
  absl::Status DeleteMessage(const Actor& actor, MessageId message,
                             Millis now);
  // Members (not blocked by freeze or mute: docs/design.md).
  // Errors: kMessageNotFound, kUserNotChannelMember, kParamsBindingError
  // (key empty or > 64 chars); add: none if already held (idempotent);
  // remove: kReactionNotFound.
  absl::Status AddReaction(const Actor& actor, const ReactionRequest& request,
                           Millis now);
  absl::Status RemoveReaction(const Actor& actor,
                              const ReactionRequest& request, Millis now);
  // Fills translations for `languages` through the translator hook.
  // Errors: kMessageNotFound, kUserNotChannelMember.
  absl::Status TranslateMessage(const Actor& actor, MessageId message,
                                const std::vector<std::string>& languages,
                                Millis now);

  // Read state. Admin or the member itself.
  // Errors: kChannelNotFound, kUnauthorized, kUserNotChannelMember.
  absl::Status MarkRead(const Actor& actor, const MemberSettingRequest& r,
                        Millis now);
  absl::Status MarkAllRead(const Actor& actor, UserId user, Millis now);
  absl::Status MarkDelivered(const Actor& actor, const MemberSettingRequest& r,
                             Millis now);

  // Message ids. TalkPlus ids are opaque strings derived from the handle and
  // the seed; FindMessage reverses them (invalid handle if malformed).
  std::string MessageIdString(MessageId message) const;
  MessageId FindMessage(std::string_view message_id) const;

  // One message as `viewer` sees it. Errors: kMessageNotFound (unknown,
  // deleted, evicted, or invisible to the viewer), kUserNotChannelMember.
  absl::StatusOr<MessageView> GetMessage(const Actor& actor, MessageId message,
                                         UserId viewer) const;
  // History page (docs/messaging.md), filtered by what the viewer may see.
  // Errors: kChannelNotFound, kUserNotChannelMember, kMessageNotFound (cursor
  // not in this channel).
  absl::StatusOr<Page<MessageView>> ListMessages(
      const Actor& actor, const MessageListQuery& query) const;
  // The same page as ListMessages, without building strings: `out` (cleared,
  // and reused across calls so a steady reader allocates nothing) receives
  // MessageRefs, whose text views the engine's storage until the next
  // mutating call. Returns has_next. Same errors as ListMessages.
  absl::StatusOr<bool> ListMessageRefs(const Actor& actor,
                                       const MessageListQuery& query,
                                       std::vector<MessageRef>* out) const;
  // Unread messages of `user` in `channel`: visible messages by others newer
  // than the user's read point. O(log n). Errors: kChannelNotFound,
  // kUserNotChannelMember, kUnauthorized.
  absl::StatusOr<int64_t> UnreadCount(const Actor& actor, ChannelId channel,
                                      UserId user) const;
  // Sum over the user's joined channels. O(channels of user x log n).
  absl::StatusOr<int64_t> TotalUnread(const Actor& actor, UserId user) const;
  // Members other than the sender whose read point is before `message`.
  // O(log n). Errors: kMessageNotFound, kUserNotChannelMember.
  absl::StatusOr<int64_t> NotReadByCount(const Actor& actor,
                                         MessageId message) const;
  // GitpleLive receipts and unread map, one row per member in handle order.
  absl::StatusOr<std::vector<ReceiptRow>> Receipts(const Actor& actor,
                                                   ChannelId channel) const;

  // ---- Word filter (docs/word-filter.md) -----------------------------------

  // Changes the app's word filter (WordFilterRequest says how). Admin only.
  // The filter then applies to the text of every user-type message sent or
  // edited (admin and bot types are the app's own voice and pass), and, with
  // check_names, to user and channel names as they are set. A change that
  // leaves the filter as it was is not journaled.
  // Errors: kUnauthorized, kParamsBindingError (a malformed entry),
  // kWordFilterLimitExceeded. Cost: O(entries log entries) plus building the
  // automaton, O(total entry bytes): about 0.1 s at 100,000 entries.
  absl::Status SetWordFilter(const Actor& actor,
                             const WordFilterRequest& request, Millis now);
  // Admin only. Errors: kUnauthorized. O(entries).
  absl::StatusOr<WordFilterView> GetWordFilter(const Actor& actor) const;

  // ---- Handle reads --------------------------------------------------------
  //
  // Cheap reads by handle for code that lives beside the engine (presence,
  // transports): no actor, no view built, no string copied, like IsMember.

  struct ChannelBrief {
    ChannelType type = ChannelType::kPrivate;
    Dialect dialect = Dialect::kTalkPlus;
    UserId owner;  // invalid when ownerless
    bool frozen = false;
    uint32_t member_count = 0;
    friend bool operator==(const ChannelBrief&, const ChannelBrief&) = default;
  };
  // Errors: kChannelNotFound (unknown or deleted). O(1).
  absl::StatusOr<ChannelBrief> GetChannelBrief(ChannelId channel) const;
  // True for a GitpleLive manager of the channel (false for anyone else, or
  // an unknown channel). O(log managers).
  bool IsManager(ChannelId channel, UserId user) const;
  // The channels `user` is a member of, in handle order.
  // Errors: kUserNotFound (unknown or deleted). O(channels of the user).
  absl::StatusOr<std::vector<ChannelId>> ListJoinedChannelIds(
      UserId user) const;
  // The user exists (not deleted) and is active. O(1).
  bool IsActiveUser(UserId user) const;
  // OK when the user exists (not deleted), active or not; kUserNotFound
  // otherwise. GetUser's check without rendering the view. O(1).
  absl::Status CheckUserExists(UserId user) const;

  // Member slots, for an index kept beside a channel's member array (with
  // EngineOptions::member_slots; banter/local_recipients.h is one).
  //
  // The member array of `channel`: its members in slot order, the array that
  // event recipients are cut from (events.h, Recipients). A recipient span
  // `s` of an event about `channel` that lies inside it covers the slots
  // from s.data() - MemberArray(channel).data() on; spans that do not (held
  // copies, single users, user-level events) are not pieces of it. Empty for
  // an unknown or deleted channel. Valid until the next mutating call (a join
  // may reallocate it, a leave moves the last member). O(1).
  std::span<const UserId> MemberArray(ChannelId channel) const;
  // The slot of `user` in `channel`'s member array, or nullopt when the user
  // is no member (or either is unknown or deleted). O(log channels of the
  // user).
  std::optional<uint32_t> MemberSlot(ChannelId channel, UserId user) const;

  // ---- Search (banter/search.h) ---------------------------------------------

  // Messages of `q.channel` whose text contains `q.text` (ASCII letters
  // without case), as `q.viewer` may see them: the history's rules apply
  // (broadcast rule, hideMessagesBeforeJoin, deleted messages never match).
  // Walks the retained history from `q.after` in `q.order`, examining at
  // most `q.max_scan` messages, so a page may be short or empty with
  // has_next set; continue from `resume`. A cursor dropped by retention
  // since is no error: the walk starts at the oldest retained message.
  // User actors search as themselves and must be members; the admin
  // searches as `q.viewer` (a member) or, unset, sees every live message.
  // Errors: kChannelNotFound, kUserNotChannelMember, kUnauthorized (bots; a
  // user naming another viewer), kInvalidParams (empty text),
  // kParamsBindingError (text over 256 bytes, not UTF-8, or holding NUL),
  // kMessageNotFound (cursor of another channel or never sent).
  // Cost: O(messages scanned + page rendered); no index, no allocation per
  // message scanned.
  absl::StatusOr<MessageSearchPage> SearchMessages(
      const Actor& actor, const MessageSearchQuery& q) const;

  // Live users whose id (byte for byte) or username (ASCII letters without
  // case) starts with, or equals, `q.text`. Admin only. Ordered by the
  // searched key (ids: bytes; names: folded bytes), ties by handle; the
  // cursor is the last user of the previous page (a user renamed between
  // two pages may be skipped or repeated, as in any list paged by a key that
  // changes). Users without a username are never found by name.
  // Errors: kUnauthorized (not the admin), kInvalidParams (empty text),
  // kParamsBindingError (text over 128 bytes, not UTF-8, or holding NUL; an
  // unknown field or match), kUserNotFound (cursor never issued).
  // Cost: O(log users + limit).
  absl::StatusOr<Page<UserView>> SearchUsers(const Actor& actor,
                                             const UserSearchQuery& q) const;

  // ---- Moderation tools (banter/moderation.h) --------------------------------
  //
  // Changes are commands run by Execute (banter/command.h), each journaled:
  //  cmd::SetSlowMode    the owner, a GitpleLive manager or the admin sets a
  //                      channel's interval (0 = off; channelChanged to all
  //                      members when it changes). Errors: kUnauthorized
  //                      (bot), kChannelNotFound, kNotChannelOwner,
  //                      kParamsBindingError (outside 0..kMaxSlowModeMs).
  //  cmd::SetFloodLimit  admin only. Errors: kUnauthorized,
  //                      kParamsBindingError (outside the bounds, or a
  //                      window without a count).
  //  cmd::FileReport     a user as itself, or the admin for any reporter;
  //                      CommandResult::report is the new report. Errors:
  //                      kUnauthorized, kInvalidParams (no reporter, or no
  //                      target for the kind), kUserNotFound (reporter or
  //                      reported user), kParamsBindingError (category,
  //                      kind, reason, or a target the kind does not use),
  //                      kMessageNotFound, kUserNotChannelMember (the
  //                      reporter is not in the message's channel),
  //                      kCannotReportSelf, kAlreadyReported,
  //                      kReportLimitExceeded.
  //  cmd::ResolveReport  admin only; the report leaves the state. Errors:
  //                      kUnauthorized, kParamsBindingError (resolution),
  //                      kReportNotFound.
  //  cmd::PinMessage,    the owner, a GitpleLive manager or the admin
  //  cmd::UnpinMessage   (messagePinned / messageUnpinned to the members
  //                      who may see the message). Errors: kUnauthorized
  //                      (bot), kMessageNotFound, kNotChannelOwner,
  //                      kAlreadyPinned / kNotPinned, kPinLimitExceeded.
  // SendMessage adds kSlowModeActive and kFloodLimitExceeded, each with the
  // time left (RetryAfterOf), for messages sent as a user, whoever posts
  // them (the limits follow the sender; admin and bot messages pass).

  // The flood limit in force (off by default).
  FloodLimit flood_limit() const;
  // The pins of `channel` that `viewer` may see, newest pin first (at most
  // kMaxPinnedMessages). Members (users read as themselves) or the admin
  // (invalid viewer: every pin). Errors: kUnauthorized (bot, or a user
  // naming another viewer), kChannelNotFound, kUserNotChannelMember.
  // O(pins).
  absl::StatusOr<std::vector<PinView>> ListPinned(const Actor& actor,
                                                  ChannelId channel,
                                                  UserId viewer) const;
  // Open reports in filing order after `after` (exclusive; any id, resolved
  // or not, is a valid cursor). `limit` is clamped to 1..100 (non-positive:
  // 20). Admin only. Errors: kUnauthorized. O(log n + limit).
  absl::StatusOr<Page<ReportView>> ListReports(const Actor& actor,
                                               ReportId after,
                                               int limit) const;
  // Errors: kUnauthorized (not the admin), kReportNotFound (unknown or
  // resolved).
  absl::StatusOr<ReportView> GetReport(const Actor& actor,
                                       ReportId report) const;

  // ---- Introspection -------------------------------------------------------

  // Walks all state and checks every invariant (docs/model.md, the "Invariants" sections); returns
  // the first violation, named ("invariant 1: ..."). O(state).
  absl::Status CheckInvariants() const;
  // The whole state, one fact per line, in handle order. Deterministic: two
  // engines with equal state print equal dumps. O(state).
  std::string DebugString() const;
  EngineStats Stats() const;
  // Calls and failures so far (see CallStats). O(commands + codes).
  CallStats Calls() const;


 private:
  friend internal::State& internal::StateOf(Engine& engine);
  friend const internal::State& internal::StateOf(const Engine& engine);

  std::unique_ptr<internal::State> s_;
};

}  // namespace banter

#endif  // BANTER_ENGINE_H_
