// AdvanceTime: fires due expiry timers.
//
// Checks never wait for this (they compare ends with the call's time), so
// firing only has to drop the ended records and announce them, each event
// stamped with the record's own end rather than the time AdvanceTime was
// called at: a caller that advances rarely still sees exact instants.
#include "banter/engine.h"
#include "engine/core/timer_queue.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"
#include "engine/moderation/moderation_ops.h"

namespace banter {
namespace {

// Expires the record `timer` was scheduled for, if it still ends at the
// timer's instant. Cancellation is lazy: an unmute, unban, departure,
// re-mute or channel deletion since scheduling leaves the timer queued, and
// this check is what makes it stale. Returns whether a record expired.
bool Fire(internal::State& s, const internal::Timer& timer) {
  const internal::ChannelRecord* ch = s.channel(timer.channel);
  if (ch == nullptr) return false;
  switch (timer.kind) {
    case internal::TimerKind::kMuteExpiry: {
      auto it = ch->muted.find(timer.user);
      if (it == ch->muted.end() || it->second != timer.at) return false;
      internal::DropMute(s, timer.channel, timer.user, timer.at);
      return true;
    }
    case internal::TimerKind::kBanExpiry: {
      auto it = ch->banned.find(timer.user);
      if (it == ch->banned.end() || it->second.end_at != timer.at) {
        return false;
      }
      internal::DropBan(s, timer.channel, timer.user, timer.at);
      return true;
    }
    case internal::TimerKind::kPeerMuteExpiry: {
      auto pm = ch->peer_muted.find(timer.user);
      if (pm == ch->peer_muted.end()) return false;
      auto it = pm->second.find(timer.target);
      if (it == pm->second.end() || it->second != timer.at) return false;
      // Personal state: dropped silently.
      internal::ErasePeerMute(s, timer.channel, timer.user, timer.target);
      return true;
    }
  }
  return false;
}

}  // namespace

size_t internal::HandleAdvanceTime(internal::State& s, Millis now) {
  const Millis t = s.Clamp(now);
  // Nothing here can fail, so the clock moves first: a sink reading now()
  // during the expiry events sees the time of this call.
  s.Tick(t);
  size_t expired = 0;
  s.timers.PopDue(t, [&](const internal::Timer& timer) {
    if (Fire(s, timer)) ++expired;
  });
  return expired;
}

}  // namespace banter
