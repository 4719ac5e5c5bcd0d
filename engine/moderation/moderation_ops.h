// Pieces the moderation area's calls share: end instants, authority checks,
// and the record transitions that emit events. (Request lists are handled by
// engine/core/user_list.h.)
// Private to engine/moderation (other areas use moderation_internal.h).
#ifndef BANTER_ENGINE_MODERATION_MODERATION_OPS_H_
#define BANTER_ENGINE_MODERATION_MODERATION_OPS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/events.h"
#include "banter/ids.h"
#include "banter/types.h"
#include "engine/core/user_list.h"
#include "engine/state.h"

namespace banter::internal {

// The end instant of timed state lasting `duration_ms` from `t`: 0
// (permanent) when `duration_ms` is 0. kParamsBindingError when it is
// negative or the end would not fit in Millis.
absl::StatusOr<Millis> EndAfter(Millis t, Millis duration_ms);

// Bots may moderate nothing (design: anything but join/leave/send is 1006).
absl::Status CheckNotBot(const Actor& actor);

// Ban, unban and the banned list: the admin, the owner, or (GitpleLive
// channels) a manager; else kNotChannelOwner. Requires: not a bot actor.
absl::Status CheckBanAuthority(const ChannelRecord& ch, const Actor& actor);

// Mute and unmute: the admin or the owner; else kNotChannelOwner.
// Requires: not a bot actor.
absl::Status CheckMuteAuthority(const ChannelRecord& ch, const Actor& actor);


// Mutes member `u` of `c` at `t` until `end` (0 = until unmuted), replacing
// any mute in force: the replaced mute's timer is cancelled, and a mute re-set
// to the end it already has keeps its timer. A mute that had ended by `t`
// (AdvanceTime has not reached it) is first announced as AdvanceTime would
// have: memberUnmuted stamped with its end, so no expiry goes unannounced;
// its timer stays queued and fires as stale. One lookup of `u` in the mute
// map. Requires: `c` is live, `u` a member, `end` == 0 or `end` > `t`.
void MuteUntil(State& s, ChannelId c, UserId u, Millis t, Millis end);

// Erases `u`'s mute (or ban) record of `c` if it is in force at `t`, and
// cancels its timer; no event. Returns whether it was in force. A record
// that has ended by `t` stays for AdvanceTime to announce. One lookup.
bool EraseMuteInForce(State& s, ChannelId c, UserId u, Millis t);
bool EraseBanInForce(State& s, ChannelId c, UserId u, Millis t);

// Peer mutes, keeping peer_muted and its mirror peer_muters in step.
// Set adds or replaces the pair; Erase returns whether the pair existed.
void SetPeerMute(ChannelRecord& ch, UserId muter, UserId target, Millis end);
bool ErasePeerMute(ChannelRecord& ch, UserId muter, UserId target);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MODERATION_MODERATION_OPS_H_
