// The typed mutating methods of engine.h: each builds its command and runs it
// through Execute (engine/execute.cc). Mechanical; keep the command fields in
// the method's argument order.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "banter/engine.h"
#include "engine/state.h"

namespace banter {
namespace {

// The Status of a command whose typed method returns nothing else.
absl::Status StatusOf(const absl::StatusOr<CommandResult>& r) {
  return r.status();
}

}  // namespace

// ---- App and time ------------------------------------------------------------

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

// ---- Users -------------------------------------------------------------------

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
  absl::StatusOr<CommandResult> r =
      Execute(Actor::Admin(), cmd::LoginWithToken{request}, now);
  if (!r.ok()) return r.status();
  return Session{r->user, std::move(r->session_id),
                 std::move(r->session_token)};
}

absl::StatusOr<Session> Engine::LoginAnonymous(const LoginRequest& request,
                                               Millis now) {
  absl::StatusOr<CommandResult> r =
      Execute(Actor::Admin(), cmd::LoginAnonymous{request}, now);
  if (!r.ok()) return r.status();
  return Session{r->user, std::move(r->session_id),
                 std::move(r->session_token)};
}

absl::Status Engine::Logout(std::string_view session_token, Millis now) {
  return StatusOf(
      Execute(Actor::Admin(), cmd::Logout{std::string(session_token)}, now));
}

absl::Status Engine::UpdateUser(const Actor& actor,
                                const UpdateUserRequest& request, Millis now) {
  return StatusOf(Execute(actor, cmd::UpdateUser{request}, now));
}

absl::Status Engine::ChangePassword(const Actor& actor, UserId user,
                                    std::string_view password, Millis now) {
  return StatusOf(Execute(
      actor, cmd::ChangePassword{user, std::string(password), ""}, now));
}

absl::Status Engine::SetUserActive(const Actor& actor, UserId user, bool active,
                                   Millis now) {
  return StatusOf(Execute(actor, cmd::SetUserActive{user, active}, now));
}

absl::Status Engine::DeleteUser(const Actor& actor, UserId user, Millis now) {
  return StatusOf(Execute(actor, cmd::DeleteUser{user}, now));
}

absl::Status Engine::SetUserPush(const Actor& actor, UserId user, bool enabled,
                                 Millis now) {
  return StatusOf(Execute(actor, cmd::SetUserPush{user, enabled}, now));
}

absl::Status Engine::RegisterPushToken(const Actor& actor, UserId user,
                                       PushTokenKind kind,
                                       std::string_view device_id,
                                       std::string_view token, Millis now) {
  return StatusOf(Execute(actor,
                          cmd::RegisterPushToken{user, kind,
                                                 std::string(device_id),
                                                 std::string(token)},
                          now));
}

absl::Status Engine::Block(const Actor& actor, UserId blocker, UserId target,
                           Millis now) {
  return StatusOf(Execute(actor, cmd::Block{blocker, target}, now));
}

absl::Status Engine::Unblock(const Actor& actor, UserId blocker, UserId target,
                             Millis now) {
  return StatusOf(Execute(actor, cmd::Unblock{blocker, target}, now));
}

// ---- Channels ----------------------------------------------------------------

absl::StatusOr<ChannelId> Engine::CreateChannel(
    const Actor& actor, const CreateChannelRequest& request, Millis now) {
  absl::StatusOr<CommandResult> r =
      Execute(actor, cmd::CreateChannel{request}, now);
  if (!r.ok()) return r.status();
  return r->channel;
}

absl::Status Engine::UpdateChannel(const Actor& actor,
                                   const UpdateChannelRequest& request,
                                   Millis now) {
  return StatusOf(Execute(actor, cmd::UpdateChannel{request}, now));
}

absl::Status Engine::DeleteChannel(const Actor& actor, ChannelId channel,
                                   Millis now) {
  return StatusOf(Execute(actor, cmd::DeleteChannel{channel}, now));
}

absl::Status Engine::AddMembers(const Actor& actor,
                                const MembersRequest& request, Millis now) {
  return StatusOf(Execute(actor, cmd::AddMembers{request}, now));
}

absl::Status Engine::RemoveMembers(const Actor& actor,
                                   const MembersRequest& request, Millis now) {
  return StatusOf(Execute(actor, cmd::RemoveMembers{request}, now));
}

absl::Status Engine::Join(const Actor& actor, const JoinRequest& request,
                          Millis now) {
  return StatusOf(Execute(actor, cmd::Join{request}, now));
}

absl::Status Engine::Leave(const Actor& actor, const LeaveRequest& request,
                           Millis now) {
  return StatusOf(Execute(actor, cmd::Leave{request}, now));
}

absl::Status Engine::TransferOwnership(const Actor& actor, ChannelId channel,
                                       UserId new_owner, Millis now) {
  return StatusOf(
      Execute(actor, cmd::TransferOwnership{channel, new_owner}, now));
}

absl::Status Engine::SetFrozen(const Actor& actor, ChannelId channel,
                               bool frozen, Millis now) {
  return StatusOf(Execute(actor, cmd::SetFrozen{channel, frozen}, now));
}

absl::Status Engine::SetHidden(const Actor& actor,
                               const MemberSettingRequest& r, bool hidden,
                               Millis now) {
  return StatusOf(Execute(actor, cmd::SetHidden{r, hidden}, now));
}

absl::Status Engine::HideAll(const Actor& actor, UserId user, Millis now) {
  return StatusOf(Execute(actor, cmd::HideAll{user}, now));
}

absl::Status Engine::SetChannelPush(const Actor& actor,
                                    const MemberSettingRequest& r, bool enabled,
                                    Millis now) {
  return StatusOf(Execute(actor, cmd::SetChannelPush{r, enabled}, now));
}

absl::Status Engine::SetPushSounds(const Actor& actor,
                                   const MemberSettingRequest& r,
                                   std::optional<std::string> sound_aos,
                                   std::optional<std::string> sound_ios,
                                   Millis now) {
  return StatusOf(Execute(
      actor,
      cmd::SetPushSounds{r, std::move(sound_aos), std::move(sound_ios)}, now));
}

absl::Status Engine::SetMemberInfo(const Actor& actor,
                                   const MemberSettingRequest& r,
                                   Metadata member_info, Millis now) {
  return StatusOf(
      Execute(actor, cmd::SetMemberInfo{r, std::move(member_info)}, now));
}

absl::Status Engine::SetPrivateData(const Actor& actor,
                                    const MemberSettingRequest& r,
                                    Metadata private_data, Millis now) {
  return StatusOf(
      Execute(actor, cmd::SetPrivateData{r, std::move(private_data)}, now));
}

absl::Status Engine::SetPrivateTag(const Actor& actor,
                                   const MemberSettingRequest& r,
                                   std::string private_tag, Millis now) {
  return StatusOf(
      Execute(actor, cmd::SetPrivateTag{r, std::move(private_tag)}, now));
}

absl::Status Engine::AddManager(const Actor& actor, ChannelId channel,
                                UserId user, Millis now) {
  return StatusOf(Execute(actor, cmd::AddManager{channel, user}, now));
}

absl::Status Engine::RemoveManager(const Actor& actor, ChannelId channel,
                                   UserId user, Millis now) {
  return StatusOf(Execute(actor, cmd::RemoveManager{channel, user}, now));
}

// ---- Moderation --------------------------------------------------------------

absl::Status Engine::Ban(const Actor& actor, const BanRequest& request,
                         Millis now) {
  return StatusOf(Execute(actor, cmd::Ban{request}, now));
}

absl::Status Engine::Unban(const Actor& actor, const MembersRequest& request,
                           Millis now) {
  return StatusOf(Execute(actor, cmd::Unban{request}, now));
}

absl::Status Engine::Mute(const Actor& actor, const MuteRequest& request,
                          Millis now) {
  return StatusOf(Execute(actor, cmd::Mute{request}, now));
}

absl::Status Engine::Unmute(const Actor& actor, const MembersRequest& request,
                            Millis now) {
  return StatusOf(Execute(actor, cmd::Unmute{request}, now));
}

absl::Status Engine::MuteAll(const Actor& actor, ChannelId channel,
                             int64_t expire_in_minutes, Millis now) {
  return StatusOf(
      Execute(actor, cmd::MuteAll{channel, expire_in_minutes}, now));
}

absl::Status Engine::PeerMute(const Actor& actor,
                              const PeerMuteRequest& request, Millis now) {
  return StatusOf(Execute(actor, cmd::PeerMute{request}, now));
}

absl::Status Engine::PeerUnmute(const Actor& actor,
                                const PeerMuteRequest& request, Millis now) {
  return StatusOf(Execute(actor, cmd::PeerUnmute{request}, now));
}

// ---- Bots --------------------------------------------------------------------

absl::StatusOr<BotId> Engine::CreateBot(const Actor& actor,
                                        const CreateBotRequest& request,
                                        Millis now) {
  absl::StatusOr<CommandResult> r =
      Execute(actor, cmd::CreateBot{request}, now);
  if (!r.ok()) return r.status();
  return r->bot;
}

absl::Status Engine::UpdateBot(const Actor& actor,
                               const UpdateBotRequest& request, Millis now) {
  return StatusOf(Execute(actor, cmd::UpdateBot{request}, now));
}

absl::Status Engine::DeleteBot(const Actor& actor, BotId bot, Millis now) {
  return StatusOf(Execute(actor, cmd::DeleteBot{bot}, now));
}

absl::Status Engine::BotJoin(const Actor& actor, BotId bot, ChannelId channel,
                             Millis now) {
  return StatusOf(Execute(actor, cmd::BotJoin{bot, channel}, now));
}

absl::Status Engine::BotLeave(const Actor& actor, BotId bot, ChannelId channel,
                              Millis now) {
  return StatusOf(Execute(actor, cmd::BotLeave{bot, channel}, now));
}

// ---- Messages ----------------------------------------------------------------

absl::StatusOr<MessageId> Engine::SendMessage(const Actor& actor,
                                              const SendMessageRequest& request,
                                              Millis now) {
  absl::StatusOr<CommandResult> r =
      Execute(actor, cmd::SendMessage{request}, now);
  if (!r.ok()) return r.status();
  return r->message;
}

absl::Status Engine::UpdateMessage(const Actor& actor,
                                   const UpdateMessageRequest& request,
                                   Millis now) {
  return StatusOf(Execute(actor, cmd::UpdateMessage{request}, now));
}

absl::Status Engine::DeleteMessage(const Actor& actor, MessageId message,
                                   Millis now) {
  return StatusOf(Execute(actor, cmd::DeleteMessage{message}, now));
}

absl::Status Engine::AddReaction(const Actor& actor,
                                 const ReactionRequest& request, Millis now) {
  return StatusOf(Execute(actor, cmd::AddReaction{request}, now));
}

absl::Status Engine::RemoveReaction(const Actor& actor,
                                    const ReactionRequest& request,
                                    Millis now) {
  return StatusOf(Execute(actor, cmd::RemoveReaction{request}, now));
}

absl::Status Engine::TranslateMessage(const Actor& actor, MessageId message,
                                      const std::vector<std::string>& languages,
                                      Millis now) {
  return StatusOf(
      Execute(actor, cmd::TranslateMessage{message, languages}, now));
}

absl::Status Engine::MarkRead(const Actor& actor, const MemberSettingRequest& r,
                              Millis now) {
  return StatusOf(Execute(actor, cmd::MarkRead{r}, now));
}

absl::Status Engine::MarkAllRead(const Actor& actor, UserId user, Millis now) {
  return StatusOf(Execute(actor, cmd::MarkAllRead{user}, now));
}

absl::Status Engine::MarkDelivered(const Actor& actor,
                                   const MemberSettingRequest& r, Millis now) {
  return StatusOf(Execute(actor, cmd::MarkDelivered{r}, now));
}

}  // namespace banter
