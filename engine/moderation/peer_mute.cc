// Peer (personal) mutes (spec §6.9, §13 #17): a member stops receiving the
// targets' messages in one channel. They are personal, so no realtime event
// announces them or their expiry; the messaging area filters recipients
// through the channel's sender filters, checking each peer mute's end with
// IsPeerMutedAt.
#include <utility>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"
#include "engine/moderation/moderation_ops.h"
#include "engine/views/views.h"

namespace banter {
namespace {

using internal::ChannelRecord;
using internal::UserList;

constexpr int kListDefaultLimit = 50;
constexpr int kListMaxLimit = 100;

// The checks PeerMute and PeerUnmute share, in the design's precedence:
// actor, channel, the muter's standing, then each target. Fills `targets`.
absl::StatusOr<const ChannelRecord*> ValidatePeerRequest(
    internal::State& s, const Actor& actor, const PeerMuteRequest& r,
    UserList& targets) {
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, r.user));
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, r.channel));
  BANTER_RETURN_IF_ERROR(internal::LiveUser(s, r.user).status());
  if (!internal::SlotOf(s, r.channel, r.user)) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "only members can peer-mute");
  }
  internal::DedupUsers(r.targets, targets);
  if (targets.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "no members given");
  }
  for (UserId u : targets) {
    BANTER_RETURN_IF_ERROR(internal::LiveUser(s, u).status());
    if (!internal::SlotOf(s, r.channel, u)) {
      return MakeError(ErrorCode::kUserNotChannelMember,
                       "only members can be peer-muted");
    }
    if (u == r.user) {
      return MakeError(ErrorCode::kParamsBindingError,
                       "a member cannot peer-mute themselves");
    }
  }
  return ch;
}

}  // namespace

absl::Status internal::HandlePeerMute(internal::State& s, const Actor& actor,
                                      const PeerMuteRequest& request,
                                      Millis now) {
  UserList targets;
  BANTER_RETURN_IF_ERROR(
      ValidatePeerRequest(s, actor, request, targets).status());
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(
      const Millis end,
      internal::EndAfter(t, request.duration_ms));

  s.Tick(t);
  for (UserId target : targets) {
    // Replacing a pair (ended or not) needs no event: peer mutes have none.
    internal::SetPeerMute(s, request.channel, request.user, target, end);
    if (end != 0) {
      s.timers.Schedule({.at = end,
                         .kind = internal::TimerKind::kPeerMuteExpiry,
                         .channel = request.channel,
                         .user = request.user,
                         .target = target});
    }
  }
  return absl::OkStatus();
}

absl::Status internal::HandlePeerUnmute(internal::State& s, const Actor& actor,
                                        const PeerMuteRequest& request,
                                        Millis now) {
  UserList targets;
  BANTER_RETURN_IF_ERROR(
      ValidatePeerRequest(s, actor, request, targets).status());
  const Millis t = s.Clamp(now);

  s.Tick(t);
  // Targets not peer-muted are ignored. An ended pair is dropped here too:
  // with no event to announce its expiry, waiting for AdvanceTime gains
  // nothing.
  for (UserId target : targets) {
    internal::ErasePeerMute(s, request.channel, request.user, target);
  }
  return absl::OkStatus();
}

absl::StatusOr<Page<MemberView>> Engine::ListPeerMuted(const Actor& actor,
                                                       ChannelId channel,
                                                       UserId user,
                                                       UserId after,
                                                       int limit) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, user));
  BANTER_ASSIGN_OR_RETURN(const ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  BANTER_RETURN_IF_ERROR(internal::LiveUser(s, user).status());
  if (!internal::SlotOf(s, channel, user)) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "only members have peer mutes");
  }
  Page<MemberView> page;
  auto pm = ch->peer_muted.find(user);
  if (pm == ch->peer_muted.end()) return page;
  const auto n = static_cast<size_t>(
      internal::ClampLimit(limit, kListDefaultLimit, kListMaxLimit));
  // The inner map is ordered by target handle: the page is a range scan.
  for (auto it = pm->second.upper_bound(after); it != pm->second.end(); ++it) {
    if (!internal::InForce(it->second, s.now)) continue;
    if (page.items.size() == n) {
      page.has_next = true;
      break;
    }
    page.items.push_back(internal::RenderMember(s, channel, it->first));
  }
  return page;
}

}  // namespace banter
