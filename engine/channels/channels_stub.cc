// TEMPORARY scaffolding while the channels area is written: every method
// below answers Unimplemented. The area's author deletes this file once the
// real definitions land in engine/channels/. Not part of any finished build.
#include "banter/engine.h"
#include "engine/bots/bots_internal.h"
#include "engine/channels/channels_internal.h"
#include "engine/invariants.h"
#include "engine/messages/messages_internal.h"
#include "engine/users/users_internal.h"

// NOLINTBEGIN
#pragma GCC diagnostic ignored "-Wunused-parameter"
namespace banter {

absl::StatusOr<ChannelId> Engine::CreateChannel(const Actor& actor, const CreateChannelRequest& request, Millis now) {
  return absl::UnimplementedError("CreateChannel");
}

absl::Status Engine::UpdateChannel(const Actor& actor, const UpdateChannelRequest& request, Millis now) {
  return absl::UnimplementedError("UpdateChannel");
}

absl::Status Engine::DeleteChannel(const Actor& actor, ChannelId channel, Millis now) {
  return absl::UnimplementedError("DeleteChannel");
}

absl::Status Engine::AddMembers(const Actor& actor, const MembersRequest& request, Millis now) {
  return absl::UnimplementedError("AddMembers");
}

absl::Status Engine::RemoveMembers(const Actor& actor, const MembersRequest& request, Millis now) {
  return absl::UnimplementedError("RemoveMembers");
}

absl::Status Engine::Join(const Actor& actor, const JoinRequest& request, Millis now) {
  return absl::UnimplementedError("Join");
}

absl::Status Engine::Leave(const Actor& actor, const LeaveRequest& request, Millis now) {
  return absl::UnimplementedError("Leave");
}

absl::Status Engine::TransferOwnership(const Actor& actor, ChannelId channel, UserId new_owner, Millis now) {
  return absl::UnimplementedError("TransferOwnership");
}

absl::Status Engine::SetFrozen(const Actor& actor, ChannelId channel, bool frozen, Millis now) {
  return absl::UnimplementedError("SetFrozen");
}

absl::Status Engine::SetHidden(const Actor& actor, const MemberSettingRequest& r, bool hidden, Millis now) {
  return absl::UnimplementedError("SetHidden");
}

absl::Status Engine::HideAll(const Actor& actor, UserId user, Millis now) {
  return absl::UnimplementedError("HideAll");
}

absl::Status Engine::SetChannelPush(const Actor& actor, const MemberSettingRequest& r, bool enabled, Millis now) {
  return absl::UnimplementedError("SetChannelPush");
}

absl::Status Engine::SetPushSounds(const Actor& actor, const MemberSettingRequest& r, std::optional<std::string> sound_aos, std::optional<std::string> sound_ios, Millis now) {
  return absl::UnimplementedError("SetPushSounds");
}

absl::Status Engine::SetMemberInfo(const Actor& actor, const MemberSettingRequest& r, Metadata member_info, Millis now) {
  return absl::UnimplementedError("SetMemberInfo");
}

absl::Status Engine::SetPrivateData(const Actor& actor, const MemberSettingRequest& r, Metadata private_data, Millis now) {
  return absl::UnimplementedError("SetPrivateData");
}

absl::Status Engine::SetPrivateTag(const Actor& actor, const MemberSettingRequest& r, std::string private_tag, Millis now) {
  return absl::UnimplementedError("SetPrivateTag");
}

absl::Status Engine::AddManager(const Actor& actor, ChannelId channel, UserId user, Millis now) {
  return absl::UnimplementedError("AddManager");
}

absl::Status Engine::RemoveManager(const Actor& actor, ChannelId channel, UserId user, Millis now) {
  return absl::UnimplementedError("RemoveManager");
}

ChannelId Engine::FindReusableChannel(const std::vector<UserId>& members) const {
  return {};
}

ChannelId Engine::FindChannel(std::string_view channel_id) const {
  return {};
}

std::string_view Engine::ChannelName(ChannelId channel) const {
  return {};
}

absl::StatusOr<ChannelView> Engine::GetChannel(const Actor& actor, ChannelId channel, UserId viewer) const {
  return absl::UnimplementedError("GetChannel");
}

absl::StatusOr<Page<ChannelView>> Engine::ListChannels( const Actor& actor, const ChannelListQuery& query) const {
  return absl::UnimplementedError("ListChannels");
}

absl::StatusOr<Page<MemberView>> Engine::ListMembers(const Actor& actor, ChannelId channel, UserId after, int limit) const {
  return absl::UnimplementedError("ListMembers");
}

absl::StatusOr<MemberView> Engine::GetMember(const Actor& actor, ChannelId channel, UserId user) const {
  return absl::UnimplementedError("GetMember");
}

bool Engine::IsMember(ChannelId channel, UserId user) const {
  return false;
}

absl::StatusOr<Page<ChannelView>> Engine::ListBotChannels(const Actor& actor, BotId bot, ChannelId after, int limit) const {
  return absl::UnimplementedError("ListBotChannels");
}

namespace internal {
void DepartMember(State&, ChannelId, UserId, Millis, bool) {}
void DeleteChannelWithEvents(State&, ChannelId, Millis) {}
MemberView RenderMember(const State&, ChannelId, UserId) { return {}; }
ChannelView RenderChannel(const State&, ChannelId, UserId) { return {}; }
}  // namespace internal

}  // namespace banter
// NOLINTEND
