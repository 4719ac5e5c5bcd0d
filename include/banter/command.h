// Commands: every change of an engine's state, as a value.
//
// Engine::Execute(actor, command, now) is the one way an engine's state
// changes; the typed methods of engine.h (CreateUser, SendMessage, ...) are
// one-line wrappers that build a command and execute it. A command holds
// everything the change needs that the state cannot recompute (password
// hashes, the hash a login verified), so the journal stores commands and
// replay is Execute of the stored commands, nothing else.
//
// Thread-safety: plain values; no shared state.
#ifndef BANTER_COMMAND_H_
#define BANTER_COMMAND_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "banter/commands.h"
#include "banter/ids.h"
#include "banter/moderation.h"
#include "banter/types.h"

namespace banter {

// ---- Commands ----------------------------------------------------------------

// One aggregate per mutating Engine method, holding its arguments (the actor
// and `now` are Execute's other arguments). Field names follow engine.h.
namespace cmd {

#define BANTER_CMD_EQ(T) friend bool operator==(const T&, const T&) = default

// App and time.
struct SetAppDeactivated { bool deactivated = false; BANTER_CMD_EQ(SetAppDeactivated); };
struct SetAnonymousLoginAllowed { bool allowed = false; BANTER_CMD_EQ(SetAnonymousLoginAllowed); };
// AdvanceTime(record.now).
struct AdvanceTime { BANTER_CMD_EQ(AdvanceTime); };

// Users. Passwords are hashed (or checked) by Engine::Prepare, outside the
// engine's state: a prepared command carries the bcrypt hash and never the
// password. Execute prepares a command that still holds a password; the
// journal only ever sees prepared commands.
//
// CreateUser: `request.password` is the clear password before Prepare and
// empty after; `password_hash` is what the user gets ("" = no password).
struct CreateUser { CreateUserRequest request; std::string password_hash; BANTER_CMD_EQ(CreateUser); };
// IssueLoginToken: Prepare checks `password` against the user's stored hash
// and, if it matches, moves that hash into `verified_hash` (and clears
// `password`). Execute refuses with kWrongPassword unless `verified_hash` is
// still the user's hash, so a password changed between Prepare and Execute
// is caught. `password` is never journaled.
struct IssueLoginToken { UserId user; std::string password; std::string verified_hash; BANTER_CMD_EQ(IssueLoginToken); };
struct LoginWithToken { LoginRequest request; BANTER_CMD_EQ(LoginWithToken); };
struct LoginAnonymous { LoginRequest request; BANTER_CMD_EQ(LoginAnonymous); };
struct Logout { std::string session_token; BANTER_CMD_EQ(Logout); };
struct UpdateUser { UpdateUserRequest request; BANTER_CMD_EQ(UpdateUser); };
// ChangePassword: `password` before Prepare, `password_hash` after.
struct ChangePassword { UserId user; std::string password; std::string password_hash; BANTER_CMD_EQ(ChangePassword); };
struct SetUserActive { UserId user; bool active = true; BANTER_CMD_EQ(SetUserActive); };
struct DeleteUser { UserId user; BANTER_CMD_EQ(DeleteUser); };
struct SetUserPush { UserId user; bool enabled = true; BANTER_CMD_EQ(SetUserPush); };
struct RegisterPushToken {
  UserId user;
  PushTokenKind kind = PushTokenKind::kFcm;
  std::string device_id;
  std::string token;
  BANTER_CMD_EQ(RegisterPushToken);
};
struct Block { UserId blocker; UserId target; BANTER_CMD_EQ(Block); };
struct Unblock { UserId blocker; UserId target; BANTER_CMD_EQ(Unblock); };

// Channels.
struct CreateChannel { CreateChannelRequest request; BANTER_CMD_EQ(CreateChannel); };
struct UpdateChannel { UpdateChannelRequest request; BANTER_CMD_EQ(UpdateChannel); };
struct DeleteChannel { ChannelId channel; BANTER_CMD_EQ(DeleteChannel); };
struct AddMembers { MembersRequest request; BANTER_CMD_EQ(AddMembers); };
struct RemoveMembers { MembersRequest request; BANTER_CMD_EQ(RemoveMembers); };
struct Join { JoinRequest request; BANTER_CMD_EQ(Join); };
struct Leave { LeaveRequest request; BANTER_CMD_EQ(Leave); };
struct TransferOwnership { ChannelId channel; UserId new_owner; BANTER_CMD_EQ(TransferOwnership); };
struct SetFrozen { ChannelId channel; bool frozen = false; BANTER_CMD_EQ(SetFrozen); };
struct SetHidden { MemberSettingRequest member; bool hidden = false; BANTER_CMD_EQ(SetHidden); };
struct HideAll { UserId user; BANTER_CMD_EQ(HideAll); };
struct SetChannelPush { MemberSettingRequest member; bool enabled = true; BANTER_CMD_EQ(SetChannelPush); };
struct SetPushSounds {
  MemberSettingRequest member;
  std::optional<std::string> sound_aos;
  std::optional<std::string> sound_ios;
  BANTER_CMD_EQ(SetPushSounds);
};
struct SetMemberInfo { MemberSettingRequest member; Metadata member_info; BANTER_CMD_EQ(SetMemberInfo); };
struct SetPrivateData { MemberSettingRequest member; Metadata private_data; BANTER_CMD_EQ(SetPrivateData); };
struct SetPrivateTag { MemberSettingRequest member; std::string private_tag; BANTER_CMD_EQ(SetPrivateTag); };
struct AddManager { ChannelId channel; UserId user; BANTER_CMD_EQ(AddManager); };
struct RemoveManager { ChannelId channel; UserId user; BANTER_CMD_EQ(RemoveManager); };

// Moderation.
struct Ban { BanRequest request; BANTER_CMD_EQ(Ban); };
struct Unban { MembersRequest request; BANTER_CMD_EQ(Unban); };
struct Mute { MuteRequest request; BANTER_CMD_EQ(Mute); };
struct Unmute { MembersRequest request; BANTER_CMD_EQ(Unmute); };
struct MuteAll { ChannelId channel; Millis duration_ms = 0; BANTER_CMD_EQ(MuteAll); };
struct PeerMute { PeerMuteRequest request; BANTER_CMD_EQ(PeerMute); };
struct PeerUnmute { PeerMuteRequest request; BANTER_CMD_EQ(PeerUnmute); };

// Bots.
struct CreateBot { CreateBotRequest request; BANTER_CMD_EQ(CreateBot); };
struct UpdateBot { UpdateBotRequest request; BANTER_CMD_EQ(UpdateBot); };
struct DeleteBot { BotId bot; BANTER_CMD_EQ(DeleteBot); };
struct BotJoin { BotId bot; ChannelId channel; BANTER_CMD_EQ(BotJoin); };
struct BotLeave { BotId bot; ChannelId channel; BANTER_CMD_EQ(BotLeave); };

// Messages. Translations come from the engine's Translator, which must be
// deterministic (events.h): replay calls it again.
struct SendMessage { SendMessageRequest request; BANTER_CMD_EQ(SendMessage); };
struct UpdateMessage { UpdateMessageRequest request; BANTER_CMD_EQ(UpdateMessage); };
struct DeleteMessage { MessageId message; BANTER_CMD_EQ(DeleteMessage); };
struct AddReaction { ReactionRequest request; BANTER_CMD_EQ(AddReaction); };
struct RemoveReaction { ReactionRequest request; BANTER_CMD_EQ(RemoveReaction); };
struct TranslateMessage { MessageId message; std::vector<std::string> languages; BANTER_CMD_EQ(TranslateMessage); };
struct MarkRead { MemberSettingRequest member; BANTER_CMD_EQ(MarkRead); };
struct MarkAllRead { UserId user; BANTER_CMD_EQ(MarkAllRead); };
struct MarkDelivered { MemberSettingRequest member; BANTER_CMD_EQ(MarkDelivered); };

// Word filter (docs/word-filter.md). App state: journaled and snapshotted.
struct SetWordFilter { WordFilterRequest request; BANTER_CMD_EQ(SetWordFilter); };

// Moderation tools (banter/moderation.h, docs/moderation.md).
// SetSlowMode: `interval_ms` 0 turns slow mode off.
struct SetSlowMode { ChannelId channel; Millis interval_ms = 0; BANTER_CMD_EQ(SetSlowMode); };
struct SetFloodLimit { FloodLimit limit; BANTER_CMD_EQ(SetFloodLimit); };
struct FileReport { ReportRequest request; BANTER_CMD_EQ(FileReport); };
struct ResolveReport { ReportId report; ReportResolution resolution = ReportResolution::kActioned; BANTER_CMD_EQ(ResolveReport); };
struct PinMessage { MessageId message; BANTER_CMD_EQ(PinMessage); };
struct UnpinMessage { MessageId message; BANTER_CMD_EQ(UnpinMessage); };

#undef BANTER_CMD_EQ

}  // namespace cmd

// Every mutating operation. The alternative's index is its tag on the wire:
// append new alternatives at the end; never reorder or remove one.
using Command = std::variant<
    cmd::SetAppDeactivated, cmd::SetAnonymousLoginAllowed, cmd::AdvanceTime,
    cmd::CreateUser, cmd::IssueLoginToken, cmd::LoginWithToken,
    cmd::LoginAnonymous, cmd::Logout, cmd::UpdateUser, cmd::ChangePassword,
    cmd::SetUserActive, cmd::DeleteUser, cmd::SetUserPush,
    cmd::RegisterPushToken, cmd::Block, cmd::Unblock, cmd::CreateChannel,
    cmd::UpdateChannel, cmd::DeleteChannel, cmd::AddMembers,
    cmd::RemoveMembers, cmd::Join, cmd::Leave, cmd::TransferOwnership,
    cmd::SetFrozen, cmd::SetHidden, cmd::HideAll, cmd::SetChannelPush,
    cmd::SetPushSounds, cmd::SetMemberInfo, cmd::SetPrivateData,
    cmd::SetPrivateTag, cmd::AddManager, cmd::RemoveManager, cmd::Ban,
    cmd::Unban, cmd::Mute, cmd::Unmute, cmd::MuteAll, cmd::PeerMute,
    cmd::PeerUnmute, cmd::CreateBot, cmd::UpdateBot, cmd::DeleteBot,
    cmd::BotJoin, cmd::BotLeave, cmd::SendMessage, cmd::UpdateMessage,
    cmd::DeleteMessage, cmd::AddReaction, cmd::RemoveReaction,
    cmd::TranslateMessage, cmd::MarkRead, cmd::MarkAllRead,
    cmd::MarkDelivered, cmd::SetWordFilter, cmd::SetSlowMode,
    cmd::SetFloodLimit, cmd::FileReport, cmd::ResolveReport,
    cmd::PinMessage, cmd::UnpinMessage>;

// The method name of a command ("CreateUser", "SendMessage", ...).
std::string_view CommandName(const Command& command);
// The name of alternative `index` of Command ("" if out of range).
std::string_view CommandNameAt(size_t index);

// What a successful Execute produced. Only the fields the command's
// operation defines are set; the rest keep their defaults:
//   CreateUser       user, login_token
//   IssueLoginToken  login_token
//   LoginWithToken,
//   LoginAnonymous   user, session_id, session_token
//   CreateChannel    channel (for a reused channel: the existing one)
//   CreateBot        bot
//   SendMessage      message
//   AdvanceTime      expired (records whose timer fired)
//   FileReport       report
// `changed` is false when the command succeeded without changing anything
// that is stored (the app setters and AdvanceTime when they were no-ops);
// such calls are not journaled. `deferred` is true when the call was made
// from inside an EventSink and queued to run after the current call
// (events.h); the other fields are then unset.
struct CommandResult {
  UserId user;
  ChannelId channel;
  BotId bot;
  MessageId message;
  std::string login_token;
  std::string session_id;
  std::string session_token;
  size_t expired = 0;
  bool changed = true;
  bool deferred = false;
  ReportId report;
  friend bool operator==(const CommandResult&, const CommandResult&) = default;
};

// True if `command` still holds a clear password, that is, if
// Engine::Prepare has work to do for it (CreateUser, ChangePassword and
// IssueLoginToken with a password set).
inline bool NeedsPrepare(const Command& command) {
  if (const auto* c = std::get_if<cmd::CreateUser>(&command)) {
    return !c->request.password.empty();
  }
  if (const auto* c = std::get_if<cmd::IssueLoginToken>(&command)) {
    return !c->password.empty();
  }
  if (const auto* c = std::get_if<cmd::ChangePassword>(&command)) {
    return !c->password.empty();
  }
  return false;
}

}  // namespace banter

#endif  // BANTER_COMMAND_H_
