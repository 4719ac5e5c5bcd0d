// Membership primitives: the only code that changes who is in a channel.
//
// They keep both directions (ChannelRecord::members / member_state /
// member_order and UserRecord::channels) and every per-member index in step,
// so the invariants C1, C2, C5 and C6 hold after each call. They check
// nothing a caller can get wrong: callers validate first (a failed call must
// change nothing), then call these. All are O(1) expected, plus O(log n) for
// the ordered index.
#ifndef BANTER_ENGINE_CHANNELS_MEMBERSHIP_H_
#define BANTER_ENGINE_CHANNELS_MEMBERSHIP_H_

#include <cstdint>
#include <optional>

#include "banter/ids.h"
#include "banter/types.h"
#include "engine/state.h"

namespace banter::internal {

// Slot of `u` in `c`'s member arrays, or nullopt if not a member.
std::optional<uint32_t> SlotOf(const State& s, ChannelId c, UserId u);

// Per-member hot state, or null if not a member.
MemberState* FindMember(State& s, ChannelId c, UserId u);
const MemberState* FindMember(const State& s, ChannelId c, UserId u);

// Adds `u` to `c` at `now`: read point and join point at the channel's newest
// message; clears the user from the former-members history.
// Requires: both live, `u` not a member, `u` not banned.
void AddMember(State& s, ChannelId c, UserId u, Millis now);

// Removes `u` from `c` with all per-member state (mute, push, extras, peer
// mutes in both directions, manager role, hidden flag), recording it as a
// former member for GitpleLive channels. Leaves `owner` alone: callers decide
// what happens to ownership first.
// Requires: `u` is a member of live `c`.
void RemoveMember(State& s, ChannelId c, UserId u);

// The member with the earliest join (ties: lowest handle) other than
// `except`, or an invalid id. O(members).
UserId EarliestJoinedMember(const State& s, ChannelId c, UserId except);

// Moves `u`'s read point to `seq` (clamped to last_seq) at time `at`.
// Requires: `u` is a member.
void MoveReadPoint(State& s, ChannelId c, UserId u, uint32_t seq, Millis at);

// Marks the channel dead and releases its name after removing every member.
// Callers emit events before calling this.
void DestroyChannel(State& s, ChannelId c);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CHANNELS_MEMBERSHIP_H_
