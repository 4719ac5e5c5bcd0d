// The operations' handlers: one function per command, each holding only its
// operation's rule (checks in the spec's order, then the change and its
// events). Engine::Execute (engine/execute.cc) is their only caller; it runs
// the steps every command shares (journal fence, Prepare, actor check,
// invariant check, journal append) around them, so a handler neither checks
// the actor again nor journals nor checks invariants.
//
// A handler that fails leaves the state exactly as it found it: every check
// runs before the first change.
#ifndef BANTER_ENGINE_HANDLERS_H_
#define BANTER_ENGINE_HANDLERS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/engine.h"
#include "engine/state.h"

namespace banter::internal {

// engine/bots/bots.cc
absl::StatusOr<BotId> HandleCreateBot(State& s, const Actor& actor,
                                      const CreateBotRequest& r, Millis now);
absl::Status HandleUpdateBot(State& s, const Actor& actor,
                             const UpdateBotRequest& r, Millis now);
absl::Status HandleDeleteBot(State& s, const Actor& actor, BotId bot,
                             Millis now);
absl::Status HandleBotJoin(State& s, const Actor& actor, BotId bot,
                           ChannelId channel, Millis now);
absl::Status HandleBotLeave(State& s, const Actor& actor, BotId bot,
                            ChannelId channel, Millis now);

// engine/channels/channels.cc
absl::StatusOr<ChannelId> HandleCreateChannel(
    State& s, const Actor& actor, const CreateChannelRequest& request,
    Millis now);
absl::Status HandleUpdateChannel(State& s, const Actor& actor,
                                 const UpdateChannelRequest& request,
                                 Millis now);
absl::Status HandleDeleteChannel(State& s, const Actor& actor,
                                 ChannelId channel, Millis now);
absl::Status HandleTransferOwnership(State& s, const Actor& actor,
                                     ChannelId channel, UserId new_owner,
                                     Millis now);
absl::Status HandleSetFrozen(State& s, const Actor& actor, ChannelId channel,
                             bool frozen, Millis now);

// engine/channels/managers.cc
absl::Status HandleAddManager(State& s, const Actor& actor, ChannelId channel,
                              UserId user, Millis now);
absl::Status HandleRemoveManager(State& s, const Actor& actor,
                                 ChannelId channel, UserId user, Millis now);

// engine/channels/member_settings.cc
absl::Status HandleSetHidden(State& s, const Actor& actor,
                             const MemberSettingRequest& r, bool hidden,
                             Millis now);
absl::Status HandleHideAll(State& s, const Actor& actor, UserId user,
                           Millis now);
absl::Status HandleSetChannelPush(State& s, const Actor& actor,
                                  const MemberSettingRequest& r, bool enabled,
                                  Millis now);
absl::Status HandleSetPushSounds(State& s, const Actor& actor,
                                 const MemberSettingRequest& r,
                                 std::optional<std::string> sound_aos,
                                 std::optional<std::string> sound_ios,
                                 Millis now);
absl::Status HandleSetMemberInfo(State& s, const Actor& actor,
                                 const MemberSettingRequest& r,
                                 Metadata member_info, Millis now);
absl::Status HandleSetPrivateData(State& s, const Actor& actor,
                                  const MemberSettingRequest& r,
                                  Metadata private_data, Millis now);
absl::Status HandleSetPrivateTag(State& s, const Actor& actor,
                                 const MemberSettingRequest& r,
                                 std::string private_tag, Millis now);

// engine/channels/members.cc
absl::Status HandleAddMembers(State& s, const Actor& actor,
                              const MembersRequest& request, Millis now);
absl::Status HandleRemoveMembers(State& s, const Actor& actor,
                                 const MembersRequest& request, Millis now);
absl::Status HandleJoin(State& s, const Actor& actor,
                        const JoinRequest& request, Millis now);
absl::Status HandleLeave(State& s, const Actor& actor,
                         const LeaveRequest& request, Millis now);

// engine/filter/filter_ops.cc. Returns whether anything stored changed.
absl::StatusOr<bool> HandleSetWordFilter(State& s, const Actor& actor,
                                         const WordFilterRequest& r,
                                         Millis now);

// engine/messages/edit.cc
absl::Status HandleUpdateMessage(State& s, const Actor& actor,
                                 const UpdateMessageRequest& r, Millis now);
absl::Status HandleDeleteMessage(State& s, const Actor& actor,
                                 MessageId message, Millis now);
absl::Status HandleAddReaction(State& s, const Actor& actor,
                               const ReactionRequest& r, Millis now);
absl::Status HandleRemoveReaction(State& s, const Actor& actor,
                                  const ReactionRequest& r, Millis now);
absl::Status HandleTranslateMessage(State& s, const Actor& actor,
                                    MessageId message,
                                    const std::vector<std::string>& languages,
                                    Millis now);

// engine/messages/read_state.cc
absl::Status HandleMarkRead(State& s, const Actor& actor,
                            const MemberSettingRequest& r, Millis now);
absl::Status HandleMarkAllRead(State& s, const Actor& actor, UserId user,
                               Millis now);
absl::Status HandleMarkDelivered(State& s, const Actor& actor,
                                 const MemberSettingRequest& r, Millis now);

// engine/messages/send.cc
absl::StatusOr<MessageId> HandleSendMessage(State& s, const Actor& actor,
                                            const SendMessageRequest& r,
                                            Millis now);

// engine/moderation/expiry.cc (no actor; cannot fail)
size_t HandleAdvanceTime(State& s, Millis now);

// engine/moderation/moderation.cc
absl::Status HandleBan(State& s, const Actor& actor, const BanRequest& request,
                       Millis now);
absl::Status HandleUnban(State& s, const Actor& actor,
                         const MembersRequest& request, Millis now);
absl::Status HandleMute(State& s, const Actor& actor,
                        const MuteRequest& request, Millis now);
absl::Status HandleUnmute(State& s, const Actor& actor,
                          const MembersRequest& request, Millis now);
absl::Status HandleMuteAll(State& s, const Actor& actor, ChannelId channel,
                           Millis duration_ms, Millis now);

// engine/moderation/peer_mute.cc
absl::Status HandlePeerMute(State& s, const Actor& actor,
                            const PeerMuteRequest& request, Millis now);
absl::Status HandlePeerUnmute(State& s, const Actor& actor,
                              const PeerMuteRequest& request, Millis now);

// engine/users/blocks.cc
absl::Status HandleBlock(State& s, const Actor& actor, UserId blocker,
                         UserId target, Millis now);
absl::Status HandleUnblock(State& s, const Actor& actor, UserId blocker,
                           UserId target, Millis now);

// engine/users/sessions.cc
absl::StatusOr<std::string> HandleIssueLoginToken(
    State& s, const Actor& actor, UserId user, std::string_view verified_hash,
    Millis now);
absl::StatusOr<Session> HandleLoginWithToken(State& s, const LoginRequest& r,
                                             Millis now);
absl::StatusOr<Session> HandleLoginAnonymous(State& s, const LoginRequest& r,
                                             Millis now);
absl::Status HandleLogout(State& s, std::string_view session_token, Millis now);
absl::Status HandleChangePassword(State& s, const Actor& actor, UserId user,
                                  std::string_view password,
                                  std::string_view password_hash, Millis now);

// engine/users/users.cc
absl::StatusOr<CreatedUser> HandleCreateUser(State& s, const Actor& actor,
                                             const CreateUserRequest& r,
                                             std::string_view password_hash,
                                             Millis now);
absl::Status HandleUpdateUser(State& s, const Actor& actor,
                              const UpdateUserRequest& r, Millis now);
absl::Status HandleSetUserActive(State& s, const Actor& actor, UserId user,
                                 bool active, Millis now);
absl::Status HandleDeleteUser(State& s, const Actor& actor, UserId user,
                              Millis now);
absl::Status HandleSetUserPush(State& s, const Actor& actor, UserId user,
                               bool enabled, Millis now);
absl::Status HandleRegisterPushToken(State& s, const Actor& actor, UserId user,
                                     PushTokenKind kind,
                                     std::string_view device_id,
                                     std::string_view token, Millis now);

// Moderation tools (banter/moderation.h, docs/moderation.md).
// engine/messages/send_limits.cc
absl::Status HandleSetSlowMode(State& s, const Actor& actor, ChannelId channel,
                               Millis interval_ms, Millis now);
absl::Status HandleSetFloodLimit(State& s, const Actor& actor,
                                 const FloodLimit& limit, Millis now);
// engine/messages/pins.cc
absl::Status HandlePinMessage(State& s, const Actor& actor, MessageId message,
                              Millis now);
absl::Status HandleUnpinMessage(State& s, const Actor& actor,
                                MessageId message, Millis now);
// engine/reports/reports.cc
absl::StatusOr<ReportId> HandleFileReport(State& s, const Actor& actor,
                                          const ReportRequest& r, Millis now);
absl::Status HandleResolveReport(State& s, const Actor& actor, ReportId report,
                                 ReportResolution resolution, Millis now);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_HANDLERS_H_
