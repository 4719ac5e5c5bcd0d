// What the moderation area offers the other areas: the one rule deciding
// whether timed state (mutes, bans, peer mutes) is in force, the lookups that
// apply it, and the two transitions other areas trigger on moderation state.
//
// Timed state stores its absolute end instant (0 = permanent). Every check
// uses the call's clamped time, so a mute ending at E is in force at E-1 and
// gone at E whether or not AdvanceTime has run; AdvanceTime only emits the
// expiry events and drops the ended records. A record that has ended but that
// AdvanceTime has not reached yet must be treated as absent by every rule.
#ifndef BANTER_ENGINE_MODERATION_MODERATION_INTERNAL_H_
#define BANTER_ENGINE_MODERATION_MODERATION_INTERNAL_H_

#include "banter/ids.h"
#include "banter/types.h"
#include "engine/channels/channel_record.h"
#include "engine/state.h"

namespace banter::internal {

// True if timed state ending at `end` (0 = permanent) is in force at `t`.
constexpr bool InForce(Millis end, Millis t) { return end == 0 || t < end; }

// Whether `u` is muted in / banned from `ch`, and whether `muter` peer-muted
// `target` in `ch`, at time `t`. O(1) expected (peer mutes: O(log k) in the
// muter's k peer mutes).
inline bool IsMutedAt(const ChannelRecord& ch, UserId u, Millis t) {
  auto it = ch.muted.find(u);
  return it != ch.muted.end() && InForce(it->second, t);
}
inline bool IsBannedAt(const ChannelRecord& ch, UserId u, Millis t) {
  auto it = ch.banned.find(u);
  return it != ch.banned.end() && InForce(it->second.end_at, t);
}
inline bool IsPeerMutedAt(const ChannelRecord& ch, UserId muter, UserId target,
                          Millis t) {
  auto it = ch.peer_muted.find(muter);
  if (it == ch.peer_muted.end()) return false;
  auto jt = it->second.find(target);
  return jt != it->second.end() && InForce(jt->second, t);
}

// Drops `u`'s ban record of `c` if the ban has ended by `t` (AdvanceTime has
// not reached it yet), emitting the memberUnbanned AdvanceTime would have
// emitted, stamped with the ban's end, to the current members. Does nothing
// if there is no record or the ban is still in force. Call it before
// AddMember when admitting a user whose ban may have lapsed: AddMember
// requires that no ban record remains.
// Requires: `c` is live.
void ExpireEndedBan(State& s, ChannelId c, UserId u, Millis t);

// Lifts `u`'s channel mute in `c`, if any, emitting memberUnmuted to all
// members: stamped `t` when the mute was in force, or with the mute's end when
// it had already ended (the event AdvanceTime would have emitted). For
// ownership changes: an owner is never muted (invariant M2), so whoever makes
// `u` the owner calls this.
// Requires: `c` is live.
void LiftMute(State& s, ChannelId c, UserId u, Millis t);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MODERATION_MODERATION_INTERNAL_H_
