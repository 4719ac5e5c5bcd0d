// Departure, deletion and the moderation transitions that membership changes
// trigger: the parts of membership that emit events.
#include <span>

#include "engine/core/check.h"
#include "engine/membership/membership.h"
#include "engine/membership/membership_key.h"

namespace banter::internal {

void EmitChannelEvent(State& s, EventKind kind, ChannelId c, Millis t,
                      std::span<const UserId> users,
                      std::span<const UserId> recipients) {
  if (!s.emitter.active()) return;
  Event e;
  e.kind = kind;
  e.at = t;
  e.channel = c;
  e.users = users;
  s.emitter.EmitTo(e, recipients);
}

void EmitToMembers(State& s, EventKind kind, ChannelId c,
                   std::span<const UserId> users, Millis at) {
  EmitChannelEvent(s, kind, c, at, users, s.channels.Record(c).members);
}

void DropMute(State& s, ChannelId c, UserId u, Millis at) {
  const size_t erased = s.channels.Members(c, kMembershipKey).muted.erase(u);
  BANTER_DCHECK(erased == 1);
  (void)erased;
  const UserId subject[] = {u};
  EmitToMembers(s, EventKind::kMemberUnmuted, c, subject, at);
}

void DropBan(State& s, ChannelId c, UserId u, Millis at) {
  const size_t erased = s.channels.Members(c, kMembershipKey).banned.erase(u);
  BANTER_DCHECK(erased == 1);
  (void)erased;
  const UserId subject[] = {u};
  EmitToMembers(s, EventKind::kMemberUnbanned, c, subject, at);
}

void ExpireEndedBan(State& s, ChannelId c, UserId u, Millis t) {
  const ChannelRecord& ch = s.channels.Record(c);
  BANTER_DCHECK(ch.live);
  auto it = ch.banned.find(u);
  if (it == ch.banned.end() || InForce(it->second.end_at, t)) return;
  DropBan(s, c, u, it->second.end_at);
}

void LiftMute(State& s, ChannelId c, UserId u, Millis t) {
  const ChannelRecord& ch = s.channels.Record(c);
  BANTER_DCHECK(ch.live);
  auto it = ch.muted.find(u);
  if (it == ch.muted.end()) return;
  DropMute(s, c, u, InForce(it->second, t) ? t : it->second);
}

void DepartMember(State& s, ChannelId c, UserId u, Millis now,
                  bool delete_if_empty) {
  const ChannelRecord& ch = s.channels.Record(c);
  BANTER_DCHECK(ch.live && IsMemberOf(s, c, u));
  const bool was_owner = ch.owner == u;
  RemoveMember(s, c, u);
  // Succession before any event, so every event sees a consistent channel
  // (the earliest-joined remaining member inherits).
  if (was_owner) {
    s.channels.Members(c, kMembershipKey).owner =
        EarliestJoinedMember(s, c, UserId());
    // An owner is never muted (moderation's M2).
    if (ch.owner.valid()) LiftMute(s, c, ch.owner, now);
  }
  const std::span<const UserId> subject(&u, 1);
  EmitChannelEvent(s, EventKind::kMemberLeft, c, now, subject, ch.members);
  EmitChannelEvent(s, EventKind::kChannelRemoved, c, now, {}, subject);
  if (was_owner && ch.owner.valid()) {
    EmitChannelEvent(s, EventKind::kChannelChanged, c, now, {}, ch.members);
  }
  // An open channel (GitpleLive, super type) is a place, not a group of
  // people: created empty, entered and exited, it stays when the last
  // participant goes (docs/gitplelive.md, "Open channels").
  const bool open = ch.dialect == Dialect::kGitpleLive && IsSuper(ch.type);
  if (ch.members.empty() && delete_if_empty && !open) DestroyChannel(s, c);
}

void DeleteChannelWithEvents(State& s, ChannelId c, Millis now) {
  BANTER_DCHECK(s.channel(c) != nullptr);
  EmitChannelEvent(s, EventKind::kChannelRemoved, c, now, {},
                   s.channels.Record(c).members);
  DestroyChannel(s, c);
}

}  // namespace banter::internal
