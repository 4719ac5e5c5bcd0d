// TEMPORARY scaffolding while the moderation area is written: every method
// below answers Unimplemented. The area's author deletes this file once the
// real definitions land in engine/moderation/. Not part of any finished build.
#include "banter/engine.h"
#include "engine/bots/bots_internal.h"
#include "engine/channels/channels_internal.h"
#include "engine/invariants.h"
#include "engine/messages/messages_internal.h"
#include "engine/users/users_internal.h"

// NOLINTBEGIN
#pragma GCC diagnostic ignored "-Wunused-parameter"
namespace banter {

size_t Engine::AdvanceTime(Millis now) {
  return 0;
}

absl::Status Engine::Ban(const Actor& actor, const BanRequest& request, Millis now) {
  return absl::UnimplementedError("Ban");
}

absl::Status Engine::Unban(const Actor& actor, const MembersRequest& request, Millis now) {
  return absl::UnimplementedError("Unban");
}

absl::Status Engine::Mute(const Actor& actor, const MuteRequest& request, Millis now) {
  return absl::UnimplementedError("Mute");
}

absl::Status Engine::Unmute(const Actor& actor, const MembersRequest& request, Millis now) {
  return absl::UnimplementedError("Unmute");
}

absl::Status Engine::MuteAll(const Actor& actor, ChannelId channel, int64_t expire_in_minutes, Millis now) {
  return absl::UnimplementedError("MuteAll");
}

absl::Status Engine::PeerMute(const Actor& actor, const PeerMuteRequest& request, Millis now) {
  return absl::UnimplementedError("PeerMute");
}

absl::Status Engine::PeerUnmute(const Actor& actor, const PeerMuteRequest& request, Millis now) {
  return absl::UnimplementedError("PeerUnmute");
}

absl::StatusOr<Page<BanView>> Engine::ListBanned(const Actor& actor, ChannelId channel, UserId after, int limit) const {
  return absl::UnimplementedError("ListBanned");
}

absl::StatusOr<Page<MemberView>> Engine::ListMuted(const Actor& actor, ChannelId channel, UserId after, int limit) const {
  return absl::UnimplementedError("ListMuted");
}

absl::StatusOr<Page<MemberView>> Engine::ListPeerMuted(const Actor& actor, ChannelId channel, UserId user, UserId after, int limit) const {
  return absl::UnimplementedError("ListPeerMuted");
}

bool Engine::IsMuted(ChannelId channel, UserId user) const {
  return false;
}

bool Engine::IsBanned(ChannelId channel, UserId user) const {
  return false;
}

namespace internal {
absl::Status CheckModerationInvariants(const State&) { return absl::OkStatus(); }
void DumpModeration(const State&, std::string*) {}
}  // namespace internal

}  // namespace banter
// NOLINTEND
