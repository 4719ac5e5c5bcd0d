// Pieces the moderation area's calls share: request-list handling, end
// instants, authority checks, and the record transitions that emit events.
// Private to engine/moderation (other areas use moderation_internal.h).
#ifndef BANTER_ENGINE_MODERATION_MODERATION_OPS_H_
#define BANTER_ENGINE_MODERATION_MODERATION_OPS_H_

#include <cstdint>
#include <span>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/events.h"
#include "banter/ids.h"
#include "banter/types.h"
#include "boost/container/small_vector.hpp"
#include "engine/state.h"

namespace banter::internal {

// Request lists are short in practice; eight inline slots keep mute and ban
// free of allocation beyond the records they store.
using UserList = boost::container::small_vector<UserId, 8>;

// The list as a span (small_vector's iterators are not std::contiguous_iterator
// in every Boost, so spell the conversion out).
inline std::span<const UserId> Span(const UserList& list) {
  return {list.data(), list.size()};
}

// Copies `in` to `out` without duplicates, first occurrence winning (design:
// duplicates collapse before validation). O(n) expected.
void DedupUsers(std::span<const UserId> in, UserList& out);

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


// If `u`'s mute of `c` has ended by `t`, drops it with the memberUnmuted that
// AdvanceTime would have emitted (stamped with the mute's end). Called before
// a record is overwritten, so no expiry goes unannounced.
void ExpireEndedMute(State& s, ChannelId c, UserId u, Millis t);

// Mutes member `u` of `c` until `end` (0 = until unmuted), replacing any mute
// in force: the replaced mute's timer is cancelled, and a mute re-set to the
// end it already has keeps its timer. Call ExpireEndedMute first.
// Requires: `c` is live and `u` a member.
void SetMute(State& s, ChannelId c, UserId u, Millis end);

// Erases `u`'s mute (or ban) record of `c` and cancels its timer; no event.
// Returns whether there was a record.
bool EraseMute(State& s, ChannelId c, UserId u);
bool EraseBan(State& s, ChannelId c, UserId u);

// Peer mutes, keeping peer_muted and its mirror peer_muters in step.
// Set adds or replaces the pair; Erase returns whether the pair existed.
void SetPeerMute(ChannelRecord& ch, UserId muter, UserId target, Millis end);
bool ErasePeerMute(ChannelRecord& ch, UserId muter, UserId target);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MODERATION_MODERATION_OPS_H_
