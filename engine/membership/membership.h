// The membership area: who is in which channel, and in what standing. It is
// the floor every other area stands on (docs/design.md, "Floors"): users,
// channels, moderation and messages all change or read membership, and only
// through this header.
//
// The primitives are the only code that changes who is in a channel. They
// keep both directions (ChannelRecord::members / member_state /
// member_order and the user-side table State::user_channels) and every per-member index in step,
// so the invariants C1, C2, C5 and C6 hold after each call. They check
// nothing a caller can get wrong: callers validate first (a failed call must
// change nothing), then call these. All are O(1) expected, plus O(log n) for
// the ordered index.
#ifndef BANTER_ENGINE_MEMBERSHIP_MEMBERSHIP_H_
#define BANTER_ENGINE_MEMBERSHIP_MEMBERSHIP_H_

#include <cstdint>
#include <optional>
#include <span>

#include "absl/functional/function_ref.h"
#include "banter/events.h"
#include "banter/ids.h"
#include "banter/types.h"
#include "engine/membership/user_channels.h"
#include "engine/state.h"

namespace banter::internal {

// Slot of `u` in `c`'s member arrays, or nullopt if not a member.
std::optional<uint32_t> SlotOf(const State& s, ChannelId c, UserId u);

// Whether `u` names a live user and, if so, whether it is a member of `c`:
// what a live-user check followed by SlotOf would say, from the dense
// liveness byte (State::user_access) and the user's row of the membership
// table, never the user record. For handlers that must tell kUserNotFound
// from "not a member" without looking the user up twice.
enum class Standing : uint8_t { kNoUser, kOutsider, kMember };
Standing StandingOf(const State& s, ChannelId c, UserId u);

// Per-member hot state, or null if not a member.
const MemberState* FindMember(const State& s, ChannelId c, UserId u);

// Adds `u` to `c` at `now`: read point and join point at the channel's newest
// message; clears the user from the former-members history.
// Requires: both live, `u` not a member, `u` not banned.
void AddMember(State& s, ChannelId c, UserId u, Millis now);

// Removes `u` from `c` with all per-member state (mute, push, extras, peer
// mutes in both directions, manager role, hidden flag), recording it as a
// former member for GitpleLive channels that are not super types (open
// channels are never reused). Leaves `owner` alone: callers decide
// what happens to ownership first.
// Requires: `u` is a member of live `c`.
void RemoveMember(State& s, ChannelId c, UserId u);

// The member with the earliest join (ties: lowest handle) other than
// `except`, or an invalid id. O(members).
UserId EarliestJoinedMember(const State& s, ChannelId c, UserId except);

// Moves `u`'s read point to `seq` (clamped to last_seq) at time `at`.
// Requires: `u` is a member.
void MoveReadPoint(State& s, ChannelId c, UserId u, uint32_t seq, Millis at);
// The same for the member at `slot` of `c`, for a caller that has looked the
// slot up already. Requires: `slot` < the channel's member count.
void MoveReadPointAt(State& s, ChannelId c, uint32_t slot, uint32_t seq,
                     Millis at);

// Records whether member `u` hid `c`, on both sides (C5).
// Requires: `u` is a member of `c`.
void SetHidden(State& s, ChannelId c, UserId u, bool hidden);
// Shows `c` again to everyone who hid it.
void UnhideAll(State& s, ChannelId c);
// Shows `c` again to `u`, if `u` hid it.
void Unhide(State& s, ChannelId c, UserId u);

// The member at `slot` of `c` sent message `seq` at `at`: its last send time
// (slow mode), its read point (a sender has read its own message) and, in a
// GitpleLive channel, its delivery receipt.
void RecordMemberSend(State& s, ChannelId c, uint32_t slot, uint32_t seq,
                      Millis at);
// GitpleLive delivery receipt of member `u` of `c`. Requires: `u` a member.
void SetDeliveredAt(State& s, ChannelId c, UserId u, Millis at);

// User `u` turned push on (`enabled`) or off at the user level: every
// channel of `u` recounts its push_disabled_members.
void CountUserPush(State& s, UserId u, bool enabled);

// Applies `edit` to member `u`'s extras in `c`, dropping the entry once it
// holds nothing (the sparse map keeps only members that set something).
// Requires: `u` is a member of `c`.
void EditMemberExtras(State& s, ChannelId c, UserId u,
                      absl::FunctionRef<void(MemberExtras&)> edit);
// Channel-level push of member `u` in `c`: off or on.
void SetChannelPushOff(State& s, ChannelId c, UserId u, bool off);
// Makes member `u` a GitpleLive manager of `c`, or not. A channel that ever
// had a manager remembers it (the reuse rule looks at that history).
void SetManager(State& s, ChannelId c, UserId u, bool manager);

// `blocker` has begun (`blocked`) or stopped blocking `target`: in every
// channel of `blocker`, the sender filter that keeps `target`'s messages
// from `blocker` is added or dropped. O(channels of `blocker`). Call after
// changing the blocked set and the access byte (the primitives read the
// byte to find a member's blocks when it joins, leaves or moves).
void FilterBlocked(State& s, UserId blocker, UserId target, bool blocked);

// Makes `u` (a member, or invalid for none) the owner of `c` and lifts its
// mute (an owner is never muted: moderation's M2), announcing the lifted
// mute as LiftMute does. Requires: `c` is live.
void SetOwner(State& s, ChannelId c, UserId u, Millis t);

// Marks the channel dead and releases its name after removing every member.
// Callers emit events before calling this.
void DestroyChannel(State& s, ChannelId c);

// ---- Standing: owner powers and timed moderation state ---------------------
//
// Timed state (mutes, bans, peer mutes) stores its absolute end instant
// (0 = permanent). Every check uses the call's clamped time, so a mute ending
// at E is in force at E-1 and gone at E whether or not AdvanceTime has run;
// AdvanceTime only emits the expiry events and drops the ended records. A
// record that has ended but that AdvanceTime has not reached yet must be
// treated as absent by every rule.

// True if `u` is a member of `c`. O(log k) in `u`'s k channels. (A dead or
// never-issued user's row is empty, so no liveness check is needed.)
inline bool IsMemberOf(const State& s, ChannelId c, UserId u) {
  return s.user_channels.of(u).contains(c);
}

// The admin, the owner, and (GitpleLive) a manager.
inline bool HasOwnerPowers(const ChannelRecord& ch, const Actor& actor) {
  if (actor.is_admin()) return true;
  if (!actor.is_user()) return false;
  if (ch.owner.valid() && ch.owner == actor.user) return true;
  return ch.dialect == Dialect::kGitpleLive &&
         ch.managers.contains(actor.user);
}

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

// ---- Setting standing (engine/membership/standing.cc) ----------------------

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

// Peer mutes, keeping peer_muted and its mirror (the peer-mute entries of
// the sender filters) in step.
// Set adds or replaces the pair; Erase returns whether the pair existed.
void SetPeerMute(State& s, ChannelId c, UserId muter, UserId target,
                 Millis end);
bool ErasePeerMute(State& s, ChannelId c, UserId muter, UserId target);

// Records `u`'s ban of `c` (replacing any). The caller schedules its timer
// and departs the member. Requires: `c` is live.
void SetBan(State& s, ChannelId c, UserId u, BanRecord ban);

// Drops `u`'s mute / ban record of `c` and emits memberUnmuted /
// memberUnbanned stamped `at` to the current members.
// Requires: the record exists; `c` is live.
void DropMute(State& s, ChannelId c, UserId u, Millis at);
void DropBan(State& s, ChannelId c, UserId u, Millis at);

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

// ---- Departure and deletion, with their events -----------------------------

// Emits a channel event about `users` to `recipients` (no-op without a sink).
void EmitChannelEvent(State& s, EventKind kind, ChannelId c, Millis t,
                      std::span<const UserId> users,
                      std::span<const UserId> recipients);

// Emits `kind` about `users` in `c`, stamped `at`, to every member of `c`.
void EmitToMembers(State& s, EventKind kind, ChannelId c,
                   std::span<const UserId> users, Millis at);

// `u` leaves `c` (leave, removal, ban, user deletion): if `u` owns `c`,
// ownership passes to the earliest-joined remaining member (none left:
// ownerless); emits memberLeft to the remaining members and channelRemoved to
// `u`; if no member remains and `delete_if_empty`, deletes the channel too,
// unless it is a GitpleLive open channel (a super type), which outlives its
// participants: only DeleteChannel ends one.
// Requires: `u` is a member of live `c`.
void DepartMember(State& s, ChannelId c, UserId u, Millis now,
                  bool delete_if_empty);

// Emits channelRemoved to every member, then destroys the channel.
// Requires: `c` is live.
void DeleteChannelWithEvents(State& s, ChannelId c, Millis now);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MEMBERSHIP_MEMBERSHIP_H_
