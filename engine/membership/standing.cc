// Standing set by moderation: mutes, bans and peer mutes, with their
// timers. The moderation area decides who may set what; these primitives are
// the only writers of the standing fields of ChannelMembers.
#include <algorithm>

#include "engine/core/check.h"
#include "engine/membership/membership.h"
#include "engine/membership/membership_key.h"
#include "engine/membership/sender_filters.h"

namespace banter::internal {

void MuteUntil(State& s, ChannelId c, UserId u, Millis t, Millis end) {
  BANTER_DCHECK(end == 0 || end > t);
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  auto [it, inserted] = ch.muted.try_emplace(u, end);
  if (!inserted) {
    const Millis old = it->second;
    if (!InForce(old, t)) {
      // The ended mute's announcement, as DropMute makes it. The record
      // stays in place while the event goes out: a read made from the sink
      // treats an ended record as absent, as it would an erased one. Its
      // timer is not cancelled (it fires as stale), so the new one is
      // scheduled as for a fresh mute.
      const UserId subject[] = {u};
      EmitToMembers(s, EventKind::kMemberUnmuted, c, subject, old);
      it->second = end;
    } else {
      if (old == end) return;  // same record, its timer still queued
      if (old != 0) {
        s.timers.Cancel({.at = old,
                         .kind = TimerKind::kMuteExpiry,
                         .channel = c,
                         .user = u});
      }
      it->second = end;
    }
  }
  if (end != 0) {
    s.timers.Schedule(
        {.at = end, .kind = TimerKind::kMuteExpiry, .channel = c, .user = u});
  }
}

bool EraseMuteInForce(State& s, ChannelId c, UserId u, Millis t) {
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  if (ch.muted.empty()) return false;  // the usual case: no hashing at all
  auto it = ch.muted.find(u);
  if (it == ch.muted.end() || !InForce(it->second, t)) return false;
  if (it->second != 0) {
    s.timers.Cancel({.at = it->second,
                     .kind = TimerKind::kMuteExpiry,
                     .channel = c,
                     .user = u});
  }
  ch.muted.erase(it);
  return true;
}

bool EraseBanInForce(State& s, ChannelId c, UserId u, Millis t) {
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  if (ch.banned.empty()) return false;
  auto it = ch.banned.find(u);
  if (it == ch.banned.end() || !InForce(it->second.end_at, t)) return false;
  if (it->second.end_at != 0) {
    s.timers.Cancel({.at = it->second.end_at,
                     .kind = TimerKind::kBanExpiry,
                     .channel = c,
                     .user = u});
  }
  ch.banned.erase(it);
  return true;
}

void SetPeerMute(State& s, ChannelId c, UserId muter, UserId target,
                 Millis end) {
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  auto [it, inserted] = ch.peer_muted[muter].insert_or_assign(target, end);
  (void)it;
  if (inserted) {
    const auto slot = SlotOf(s, c, muter);
    BANTER_CHECK(slot.has_value());
    AddFilter(ch, target, {.slot = *slot, .peer_mute = true});
  }
}

bool ErasePeerMute(State& s, ChannelId c, UserId muter, UserId target) {
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  auto pm = ch.peer_muted.find(muter);
  if (pm == ch.peer_muted.end() || pm->second.erase(target) == 0) return false;
  if (pm->second.empty()) ch.peer_muted.erase(pm);
  const auto slot = SlotOf(s, c, muter);
  BANTER_CHECK(slot.has_value());
  BANTER_CHECK(DropFilter(ch, target, {.slot = *slot, .peer_mute = true}));
  return true;
}

void SetBan(State& s, ChannelId c, UserId u, BanRecord ban) {
  s.channels.Members(c, kMembershipKey)
      .banned.insert_or_assign(u, std::move(ban));
}

}  // namespace banter::internal
