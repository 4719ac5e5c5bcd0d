// The typed mutating methods of engine.h. Each runs the command path's steps
// (engine/command_path.h) on its request by reference, building its Command
// only for the journal or the sink's queue; commands with a password and the
// app switches go through Execute (engine/execute.cc). Mechanical; keep the
// command fields in the handler's argument order.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "banter/engine.h"
#include "engine/command_path.h"
#include "engine/handlers.h"
#include "engine/state.h"

namespace banter {
namespace {

// The Status of a command whose typed method returns nothing else.
absl::Status StatusOf(const absl::StatusOr<CommandResult>& r) {
  return r.status();
}

}  // namespace

// ---- App and time
// ------------------------------------------------------------

void Engine::SetAppDeactivated(bool deactivated) {
  // A broken journal refuses the change; the sink keeps its status.
  (void)Execute(Actor::Admin(), cmd::SetAppDeactivated{deactivated}, s_->now);
}

void Engine::SetAnonymousLoginAllowed(bool allowed) {
  (void)Execute(Actor::Admin(), cmd::SetAnonymousLoginAllowed{allowed},
                s_->now);
}

size_t Engine::AdvanceTime(Millis now) {
  absl::StatusOr<CommandResult> r =
      Execute(Actor::Admin(), cmd::AdvanceTime{}, now);
  return r.ok() ? r->expired : 0;
}

// ---- Users
// -------------------------------------------------------------------

absl::StatusOr<CreatedUser> Engine::CreateUser(const Actor& actor,
                                               const CreateUserRequest& request,
                                               Millis now) {
  absl::StatusOr<CommandResult> r =
      Execute(actor, cmd::CreateUser{request, ""}, now);
  if (!r.ok()) return r.status();
  return CreatedUser{r->user, std::move(r->login_token)};
}

absl::StatusOr<std::string> Engine::IssueLoginToken(const Actor& actor,
                                                    UserId user,
                                                    std::string_view password,
                                                    Millis now) {
  cmd::IssueLoginToken c{user, std::string(password), ""};
  // An empty password is wrong for every user; Prepare would leave it as is.
  absl::StatusOr<CommandResult> r = Execute(actor, c, now);
  if (!r.ok()) return r.status();
  return std::move(r->login_token);
}

absl::StatusOr<Session> Engine::LoginWithToken(const LoginRequest& request,
                                               Millis now) {
  const Actor admin = Actor::Admin();
  return internal::RunTyped<cmd::LoginWithToken, absl::StatusOr<Session>>(
      *s_, admin, now,
      [&](Millis t) { return internal::HandleLoginWithToken(*s_, request, t); },
      [&] { return Command(cmd::LoginWithToken{request}); },
      absl::StatusOr<Session>(Session{}));
}

absl::StatusOr<Session> Engine::LoginAnonymous(const LoginRequest& request,
                                               Millis now) {
  const Actor admin = Actor::Admin();
  return internal::RunTyped<cmd::LoginAnonymous, absl::StatusOr<Session>>(
      *s_, admin, now,
      [&](Millis t) { return internal::HandleLoginAnonymous(*s_, request, t); },
      [&] { return Command(cmd::LoginAnonymous{request}); },
      absl::StatusOr<Session>(Session{}));
}

absl::Status Engine::Logout(std::string_view session_token, Millis now) {
  const Actor admin = Actor::Admin();
  return internal::RunTyped<cmd::Logout, absl::Status>(
      *s_, admin, now,
      [&](Millis t) { return internal::HandleLogout(*s_, session_token, t); },
      [&] { return Command(cmd::Logout{std::string(session_token)}); },
      absl::OkStatus());
}

absl::Status Engine::UpdateUser(const Actor& actor,
                                const UpdateUserRequest& request, Millis now) {
  return internal::RunTyped<cmd::UpdateUser, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleUpdateUser(*s_, actor, request, t);
      },
      [&] { return Command(cmd::UpdateUser{request}); }, absl::OkStatus());
}

absl::Status Engine::ChangePassword(const Actor& actor, UserId user,
                                    std::string_view password, Millis now) {
  // Through Execute: the password is hashed by Prepare first.
  return StatusOf(Execute(
      actor, cmd::ChangePassword{user, std::string(password), ""}, now));
}

absl::Status Engine::SetUserActive(const Actor& actor, UserId user, bool active,
                                   Millis now) {
  return internal::RunTyped<cmd::SetUserActive, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleSetUserActive(*s_, actor, user, active, t);
      },
      [&] {
        return Command(cmd::SetUserActive{user, active});
      },
      absl::OkStatus());
}

absl::Status Engine::DeleteUser(const Actor& actor, UserId user, Millis now) {
  return internal::RunTyped<cmd::DeleteUser, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleDeleteUser(*s_, actor, user, t); },
      [&] { return Command(cmd::DeleteUser{user}); }, absl::OkStatus());
}

absl::Status Engine::SetUserPush(const Actor& actor, UserId user, bool enabled,
                                 Millis now) {
  return internal::RunTyped<cmd::SetUserPush, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleSetUserPush(*s_, actor, user, enabled, t);
      },
      [&] {
        return Command(cmd::SetUserPush{user, enabled});
      },
      absl::OkStatus());
}

absl::Status Engine::RegisterPushToken(const Actor& actor, UserId user,
                                       PushTokenKind kind,
                                       std::string_view device_id,
                                       std::string_view token, Millis now) {
  return internal::RunTyped<cmd::RegisterPushToken, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleRegisterPushToken(*s_, actor, user, kind,
                                                 std::string(device_id),
                                                 std::string(token), t);
      },
      [&] {
        return Command(cmd::RegisterPushToken{
            user, kind, std::string(device_id), std::string(token)});
      },
      absl::OkStatus());
}

absl::Status Engine::Block(const Actor& actor, UserId blocker, UserId target,
                           Millis now) {
  return internal::RunTyped<cmd::Block, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleBlock(*s_, actor, blocker, target, t);
      },
      [&] {
        return Command(cmd::Block{blocker, target});
      },
      absl::OkStatus());
}

absl::Status Engine::Unblock(const Actor& actor, UserId blocker, UserId target,
                             Millis now) {
  return internal::RunTyped<cmd::Unblock, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleUnblock(*s_, actor, blocker, target, t);
      },
      [&] {
        return Command(cmd::Unblock{blocker, target});
      },
      absl::OkStatus());
}

// ---- Channels
// ----------------------------------------------------------------

absl::StatusOr<ChannelId> Engine::CreateChannel(
    const Actor& actor, const CreateChannelRequest& request, Millis now) {
  return internal::RunTyped<cmd::CreateChannel, absl::StatusOr<ChannelId>>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleCreateChannel(*s_, actor, request, t);
      },
      [&] { return Command(cmd::CreateChannel{request}); },
      absl::StatusOr<ChannelId>(ChannelId()));
}

absl::Status Engine::UpdateChannel(const Actor& actor,
                                   const UpdateChannelRequest& request,
                                   Millis now) {
  return internal::RunTyped<cmd::UpdateChannel, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleUpdateChannel(*s_, actor, request, t);
      },
      [&] { return Command(cmd::UpdateChannel{request}); }, absl::OkStatus());
}

absl::Status Engine::DeleteChannel(const Actor& actor, ChannelId channel,
                                   Millis now) {
  return internal::RunTyped<cmd::DeleteChannel, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleDeleteChannel(*s_, actor, channel, t);
      },
      [&] { return Command(cmd::DeleteChannel{channel}); }, absl::OkStatus());
}

absl::Status Engine::AddMembers(const Actor& actor,
                                const MembersRequest& request, Millis now) {
  return internal::RunTyped<cmd::AddMembers, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleAddMembers(*s_, actor, request, t);
      },
      [&] { return Command(cmd::AddMembers{request}); }, absl::OkStatus());
}

absl::Status Engine::RemoveMembers(const Actor& actor,
                                   const MembersRequest& request, Millis now) {
  return internal::RunTyped<cmd::RemoveMembers, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleRemoveMembers(*s_, actor, request, t);
      },
      [&] { return Command(cmd::RemoveMembers{request}); }, absl::OkStatus());
}

absl::Status Engine::Join(const Actor& actor, const JoinRequest& request,
                          Millis now) {
  return internal::RunTyped<cmd::Join, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleJoin(*s_, actor, request, t); },
      [&] { return Command(cmd::Join{request}); }, absl::OkStatus());
}

absl::Status Engine::Leave(const Actor& actor, const LeaveRequest& request,
                           Millis now) {
  return internal::RunTyped<cmd::Leave, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleLeave(*s_, actor, request, t); },
      [&] { return Command(cmd::Leave{request}); }, absl::OkStatus());
}

absl::Status Engine::TransferOwnership(const Actor& actor, ChannelId channel,
                                       UserId new_owner, Millis now) {
  return internal::RunTyped<cmd::TransferOwnership, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleTransferOwnership(*s_, actor, channel, new_owner,
                                                 t);
      },
      [&] {
        return Command(cmd::TransferOwnership{channel, new_owner});
      },
      absl::OkStatus());
}

absl::Status Engine::SetFrozen(const Actor& actor, ChannelId channel,
                               bool frozen, Millis now) {
  return internal::RunTyped<cmd::SetFrozen, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleSetFrozen(*s_, actor, channel, frozen, t);
      },
      [&] {
        return Command(cmd::SetFrozen{channel, frozen});
      },
      absl::OkStatus());
}

absl::Status Engine::SetHidden(const Actor& actor,
                               const MemberSettingRequest& r, bool hidden,
                               Millis now) {
  return internal::RunTyped<cmd::SetHidden, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleSetHidden(*s_, actor, r, hidden, t);
      },
      [&] {
        return Command(cmd::SetHidden{r, hidden});
      },
      absl::OkStatus());
}

absl::Status Engine::HideAll(const Actor& actor, UserId user, Millis now) {
  return internal::RunTyped<cmd::HideAll, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleHideAll(*s_, actor, user, t); },
      [&] { return Command(cmd::HideAll{user}); }, absl::OkStatus());
}

absl::Status Engine::SetChannelPush(const Actor& actor,
                                    const MemberSettingRequest& r, bool enabled,
                                    Millis now) {
  return internal::RunTyped<cmd::SetChannelPush, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleSetChannelPush(*s_, actor, r, enabled, t);
      },
      [&] {
        return Command(cmd::SetChannelPush{r, enabled});
      },
      absl::OkStatus());
}

absl::Status Engine::SetPushSounds(const Actor& actor,
                                   const MemberSettingRequest& r,
                                   std::optional<std::string> sound_aos,
                                   std::optional<std::string> sound_ios,
                                   Millis now) {
  return internal::RunTyped<cmd::SetPushSounds, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleSetPushSounds(*s_, actor, r, sound_aos,
                                             sound_ios, t);
      },
      [&] {
        return Command(cmd::SetPushSounds{r, sound_aos, sound_ios});
      },
      absl::OkStatus());
}

absl::Status Engine::SetMemberInfo(const Actor& actor,
                                   const MemberSettingRequest& r,
                                   Metadata member_info, Millis now) {
  return internal::RunTyped<cmd::SetMemberInfo, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleSetMemberInfo(*s_, actor, r, member_info, t);
      },
      [&] {
        return Command(cmd::SetMemberInfo{r, member_info});
      },
      absl::OkStatus());
}

absl::Status Engine::SetPrivateData(const Actor& actor,
                                    const MemberSettingRequest& r,
                                    Metadata private_data, Millis now) {
  return internal::RunTyped<cmd::SetPrivateData, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleSetPrivateData(*s_, actor, r, private_data, t);
      },
      [&] {
        return Command(cmd::SetPrivateData{r, private_data});
      },
      absl::OkStatus());
}

absl::Status Engine::SetPrivateTag(const Actor& actor,
                                   const MemberSettingRequest& r,
                                   std::string private_tag, Millis now) {
  return internal::RunTyped<cmd::SetPrivateTag, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleSetPrivateTag(*s_, actor, r, private_tag, t);
      },
      [&] {
        return Command(cmd::SetPrivateTag{r, private_tag});
      },
      absl::OkStatus());
}

absl::Status Engine::AddManager(const Actor& actor, ChannelId channel,
                                UserId user, Millis now) {
  return internal::RunTyped<cmd::AddManager, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleAddManager(*s_, actor, channel, user, t);
      },
      [&] {
        return Command(cmd::AddManager{channel, user});
      },
      absl::OkStatus());
}

absl::Status Engine::RemoveManager(const Actor& actor, ChannelId channel,
                                   UserId user, Millis now) {
  return internal::RunTyped<cmd::RemoveManager, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleRemoveManager(*s_, actor, channel, user, t);
      },
      [&] {
        return Command(cmd::RemoveManager{channel, user});
      },
      absl::OkStatus());
}

// ---- Moderation
// --------------------------------------------------------------

absl::Status Engine::Ban(const Actor& actor, const BanRequest& request,
                         Millis now) {
  return internal::RunTyped<cmd::Ban, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleBan(*s_, actor, request, t); },
      [&] { return Command(cmd::Ban{request}); }, absl::OkStatus());
}

absl::Status Engine::Unban(const Actor& actor, const MembersRequest& request,
                           Millis now) {
  return internal::RunTyped<cmd::Unban, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleUnban(*s_, actor, request, t); },
      [&] { return Command(cmd::Unban{request}); }, absl::OkStatus());
}

absl::Status Engine::Mute(const Actor& actor, const MuteRequest& request,
                          Millis now) {
  return internal::RunTyped<cmd::Mute, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleMute(*s_, actor, request, t); },
      [&] { return Command(cmd::Mute{request}); }, absl::OkStatus());
}

absl::Status Engine::Unmute(const Actor& actor, const MembersRequest& request,
                            Millis now) {
  return internal::RunTyped<cmd::Unmute, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleUnmute(*s_, actor, request, t); },
      [&] { return Command(cmd::Unmute{request}); }, absl::OkStatus());
}

absl::Status Engine::MuteAll(const Actor& actor, ChannelId channel,
                             Millis duration_ms, Millis now) {
  return internal::RunTyped<cmd::MuteAll, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleMuteAll(*s_, actor, channel, duration_ms,
                                       t);
      },
      [&] {
        return Command(cmd::MuteAll{channel, duration_ms});
      },
      absl::OkStatus());
}

absl::Status Engine::PeerMute(const Actor& actor,
                              const PeerMuteRequest& request, Millis now) {
  return internal::RunTyped<cmd::PeerMute, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandlePeerMute(*s_, actor, request, t);
      },
      [&] { return Command(cmd::PeerMute{request}); }, absl::OkStatus());
}

absl::Status Engine::PeerUnmute(const Actor& actor,
                                const PeerMuteRequest& request, Millis now) {
  return internal::RunTyped<cmd::PeerUnmute, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandlePeerUnmute(*s_, actor, request, t);
      },
      [&] { return Command(cmd::PeerUnmute{request}); }, absl::OkStatus());
}

// ---- Bots
// --------------------------------------------------------------------

absl::StatusOr<BotId> Engine::CreateBot(const Actor& actor,
                                        const CreateBotRequest& request,
                                        Millis now) {
  return internal::RunTyped<cmd::CreateBot, absl::StatusOr<BotId>>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleCreateBot(*s_, actor, request, t);
      },
      [&] { return Command(cmd::CreateBot{request}); },
      absl::StatusOr<BotId>(BotId()));
}

absl::Status Engine::UpdateBot(const Actor& actor,
                               const UpdateBotRequest& request, Millis now) {
  return internal::RunTyped<cmd::UpdateBot, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleUpdateBot(*s_, actor, request, t);
      },
      [&] { return Command(cmd::UpdateBot{request}); }, absl::OkStatus());
}

absl::Status Engine::DeleteBot(const Actor& actor, BotId bot, Millis now) {
  return internal::RunTyped<cmd::DeleteBot, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleDeleteBot(*s_, actor, bot, t); },
      [&] { return Command(cmd::DeleteBot{bot}); }, absl::OkStatus());
}

absl::Status Engine::BotJoin(const Actor& actor, BotId bot, ChannelId channel,
                             Millis now) {
  return internal::RunTyped<cmd::BotJoin, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleBotJoin(*s_, actor, bot, channel, t);
      },
      [&] {
        return Command(cmd::BotJoin{bot, channel});
      },
      absl::OkStatus());
}

absl::Status Engine::BotLeave(const Actor& actor, BotId bot, ChannelId channel,
                              Millis now) {
  return internal::RunTyped<cmd::BotLeave, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleBotLeave(*s_, actor, bot, channel, t);
      },
      [&] {
        return Command(cmd::BotLeave{bot, channel});
      },
      absl::OkStatus());
}

// ---- Messages
// ----------------------------------------------------------------

absl::StatusOr<MessageId> Engine::SendMessage(const Actor& actor,
                                              const SendMessageRequest& request,
                                              Millis now) {
  return internal::RunTyped<cmd::SendMessage, absl::StatusOr<MessageId>>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleSendMessage(*s_, actor, request, t);
      },
      [&] { return Command(cmd::SendMessage{request}); },
      absl::StatusOr<MessageId>(MessageId()));
}

absl::Status Engine::UpdateMessage(const Actor& actor,
                                   const UpdateMessageRequest& request,
                                   Millis now) {
  return internal::RunTyped<cmd::UpdateMessage, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleUpdateMessage(*s_, actor, request, t);
      },
      [&] { return Command(cmd::UpdateMessage{request}); }, absl::OkStatus());
}

absl::Status Engine::DeleteMessage(const Actor& actor, MessageId message,
                                   Millis now) {
  return internal::RunTyped<cmd::DeleteMessage, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleDeleteMessage(*s_, actor, message, t);
      },
      [&] { return Command(cmd::DeleteMessage{message}); }, absl::OkStatus());
}

absl::Status Engine::AddReaction(const Actor& actor,
                                 const ReactionRequest& request, Millis now) {
  return internal::RunTyped<cmd::AddReaction, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleAddReaction(*s_, actor, request, t);
      },
      [&] { return Command(cmd::AddReaction{request}); }, absl::OkStatus());
}

absl::Status Engine::RemoveReaction(const Actor& actor,
                                    const ReactionRequest& request,
                                    Millis now) {
  return internal::RunTyped<cmd::RemoveReaction, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleRemoveReaction(*s_, actor, request, t);
      },
      [&] { return Command(cmd::RemoveReaction{request}); }, absl::OkStatus());
}

absl::Status Engine::TranslateMessage(const Actor& actor, MessageId message,
                                      const std::vector<std::string>& languages,
                                      Millis now) {
  return internal::RunTyped<cmd::TranslateMessage, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleTranslateMessage(*s_, actor, message, languages,
                                                t);
      },
      [&] {
        return Command(cmd::TranslateMessage{message, languages});
      },
      absl::OkStatus());
}

absl::Status Engine::MarkRead(const Actor& actor, const MemberSettingRequest& r,
                              Millis now) {
  return internal::RunTyped<cmd::MarkRead, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleMarkRead(*s_, actor, r, t); },
      [&] { return Command(cmd::MarkRead{r}); }, absl::OkStatus());
}

absl::Status Engine::MarkAllRead(const Actor& actor, UserId user, Millis now) {
  return internal::RunTyped<cmd::MarkAllRead, absl::Status>(
      *s_, actor, now,
      [&](Millis t) {
        return internal::HandleMarkAllRead(*s_, actor, user, t);
      },
      [&] { return Command(cmd::MarkAllRead{user}); }, absl::OkStatus());
}

absl::Status Engine::MarkDelivered(const Actor& actor,
                                   const MemberSettingRequest& r, Millis now) {
  return internal::RunTyped<cmd::MarkDelivered, absl::Status>(
      *s_, actor, now,
      [&](Millis t) { return internal::HandleMarkDelivered(*s_, actor, r, t); },
      [&] { return Command(cmd::MarkDelivered{r}); }, absl::OkStatus());
}

}  // namespace banter
