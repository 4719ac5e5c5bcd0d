#include "engine/membership/membership.h"

#include <algorithm>
#include <utility>

#include "engine/core/check.h"
#include "engine/membership/membership_key.h"
#include "engine/membership/sender_filters.h"

namespace banter::internal {
namespace {

// Drops a filter entry the membership state says exists.
void DropKnownFilter(ChannelMembers& ch, UserId sender, SenderFilter f) {
  const bool dropped = DropFilter(ch, sender, f);
  BANTER_DCHECK(dropped);
  (void)dropped;
}

void MoveFilter(ChannelMembers& ch, UserId sender, SenderFilter f,
                uint32_t to) {
  auto it = ch.filters.find(sender);
  BANTER_DCHECK(it != ch.filters.end());
  if (it == ch.filters.end()) return;
  auto at = std::find(it->second.begin(), it->second.end(), f);
  BANTER_DCHECK(at != it->second.end());
  if (at != it->second.end()) at->slot = to;
}

// Drops every filter entry of member `u` at `slot` (its blocks and its peer
// mutes) and every peer mute others hold on `u`, with their peer_muted
// records. Requires: the filters are not empty (otherwise there is nothing
// to drop: no member blocks anyone and nobody peer-mutes).
void DropMemberFilters(const State& s, ChannelMembers& ch, UserId u,
                       uint32_t slot) {
  if (s.users.access(u) & kUserBlocking) {
    for (UserId b : s.users.Record(u).blocked) {
      DropKnownFilter(ch, b, {.slot = slot});
    }
  }
  // Peer mutes held by u.
  if (auto pm = ch.peer_muted.find(u); pm != ch.peer_muted.end()) {
    for (const auto& [target, _] : pm->second) {
      DropKnownFilter(ch, target, {.slot = slot, .peer_mute = true});
    }
    ch.peer_muted.erase(pm);
  }
  // Peer mutes others hold on u; its block entries stay (they follow the
  // blockers' membership, not u's).
  if (auto it = ch.filters.find(u); it != ch.filters.end()) {
    auto& list = it->second;
    size_t kept = 0;
    for (const SenderFilter& f : list) {
      if (!f.peer_mute) {
        list[kept++] = f;
        continue;
      }
      auto pm = ch.peer_muted.find(ch.members[f.slot]);
      BANTER_DCHECK(pm != ch.peer_muted.end());
      if (pm == ch.peer_muted.end()) continue;
      pm->second.erase(u);
      if (pm->second.empty()) ch.peer_muted.erase(pm);
    }
    list.resize(kept);
    if (list.empty()) ch.filters.erase(it);
  }
}

// The member `moved` went from slot `from` to `to`: its filter entries follow.
void MoveMemberFilters(const State& s, ChannelMembers& ch, UserId moved,
                       uint32_t from, uint32_t to) {
  if (s.users.access(moved) & kUserBlocking) {
    for (UserId b : s.users.Record(moved).blocked) {
      MoveFilter(ch, b, {.slot = from}, to);
    }
  }
  if (auto pm = ch.peer_muted.find(moved); pm != ch.peer_muted.end()) {
    for (const auto& [target, _] : pm->second) {
      MoveFilter(ch, target, {.slot = from, .peer_mute = true}, to);
    }
  }
}

}  // namespace

std::optional<uint32_t> SlotOf(const State& s, ChannelId c, UserId u) {
  // No liveness check: a dead or never-issued user's row is empty
  // (UserChannels invariant 2), so the row alone answers.
  const ChannelSlots& row = s.user_channels.of(u);
  auto it = row.find(c);
  if (it == row.end()) return std::nullopt;
  return it->second;
}

Standing StandingOf(const State& s, ChannelId c, UserId u) {
  // Two dense arrays (a 32-byte row, then a byte), no user record. The row
  // first: a dead or never-issued user's row is empty (UserChannels
  // invariant 2), so a member is known live without loading its byte.
  if (s.user_channels.of(u).contains(c)) return Standing::kMember;
  if (!u.valid() || (s.users.access(u) & kUserLive) == 0) {
    return Standing::kNoUser;
  }
  return Standing::kOutsider;
}

const MemberState* FindMember(const State& s, ChannelId c, UserId u) {
  auto slot = SlotOf(s, c, u);
  if (!slot) return nullptr;
  return &s.channels.Record(c).member_state[*slot];
}

void AddMember(State& s, ChannelId c, UserId u, Millis now) {
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  MessageLog& log = s.channels.ReadPoints(c, kMembershipKey);
  // Flags from the dense mirror, so adding a member loads no user record.
  const uint8_t access = s.users.access(u);
  BANTER_DCHECK(s.channels.Record(c).live && (access & kUserLive) != 0);
  BANTER_DCHECK(!ch.banned.contains(u));
  const auto slot = static_cast<uint32_t>(ch.members.size());
  const uint32_t head = log.last_seq();
  ch.members.push_back(u);
  ch.member_state.push_back(MemberState{.read_seq = head,
                                        .join_seq = head,
                                        .last_read_at = 0,
                                        .last_sent_at = 0,
                                        .joined_at = now});
  ch.member_order.insert(u);
  if (access & kUserPushOff) ++ch.push_disabled_members;
  const bool inserted = s.user_channels.Insert(u, c, slot, kMembershipKey);
  BANTER_DCHECK(inserted);
  ch.former_members.erase(u);
  // The newcomer's blocks become sender filters here; its record is read
  // only when its access byte says it blocks anyone.
  if (access & kUserBlocking) {
    for (UserId b : s.users.Record(u).blocked) AddFilter(ch, b, {.slot = slot});
  }
  log.AddReadPoint(head);
  if (s.options.member_slots != nullptr) {
    s.options.member_slots->OnMemberAdded(c, u, slot);
  }
}

void RemoveMember(State& s, ChannelId c, UserId u) {
  const ChannelRecord& rec = s.channels.Record(c);
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  const uint32_t slot = s.user_channels.Erase(u, c, kMembershipKey);
  // In a big channel three loads below miss the cache and none needs
  // another: the member's state, the row of the member the swap-remove
  // moves, and the order tree's leaf. Start the first two, then walk the
  // tree, so the misses overlap instead of following one another.
  __builtin_prefetch(&ch.member_state[slot]);
  __builtin_prefetch(&s.user_channels.of(ch.members.back()));
  ch.member_order.erase(u);
  // Unhide looks at the channel-side set (C5) first, so most removals never
  // probe the user side.
  Unhide(s, c, u);

  s.channels.ReadPoints(c, kMembershipKey)
      .RemoveReadPoint(ch.member_state[slot].read_seq);
  // The sender filters and peer mutes, while every slot still names its
  // member. Empty filters mean no member blocks anyone and nobody
  // peer-mutes (C12, M4): the usual case costs one size check.
  if (!ch.filters.empty()) DropMemberFilters(s, ch, u, slot);
  // Swap-remove keeps the fan-out array dense. The moved member's user-side
  // slot sits in the dense membership table, so renumbering it loads no
  // second user record; its sender filters, if any, are renumbered too.
  const auto last = static_cast<uint32_t>(ch.members.size() - 1);
  UserId moved;
  if (slot != last) {
    moved = ch.members[last];
    ch.members[slot] = moved;
    ch.member_state[slot] = ch.member_state[last];
    s.user_channels.SetSlot(moved, c, slot, kMembershipKey);
    if (!ch.filters.empty()) MoveMemberFilters(s, ch, moved, last, slot);
  }
  ch.members.pop_back();
  // Told here, while the rest of the member's state is still being dropped:
  // the observer may not read the engine, and only the array matters to it.
  if (s.options.member_slots != nullptr) {
    s.options.member_slots->OnMemberRemoved(c, u, slot, moved, last);
  }
  ch.member_state.pop_back();
  // The dense mirror again: the departing user's record stays cold.
  if (s.users.access(u) & kUserPushOff) --ch.push_disabled_members;

  // Sparse per-member state: usually empty maps, which cost a size check.
  if (!ch.extras.empty()) ch.extras.erase(u);
  if (!ch.push_off.empty()) ch.push_off.erase(u);
  if (!ch.muted.empty()) ch.muted.erase(u);
  if (!ch.managers.empty()) ch.managers.erase(u);
  // The reuse rule's history. Super channels (GitpleLive open channels) are
  // never reused, and anyone may pass through them: no history, which would
  // grow with every participant who ever left.
  if (rec.dialect == Dialect::kGitpleLive && !IsSuper(rec.type)) {
    ch.former_members.insert(u);
  }
}

UserId EarliestJoinedMember(const State& s, ChannelId c, UserId except) {
  const ChannelRecord& ch = s.channels.Record(c);
  UserId best;
  Millis best_at = 0;
  for (size_t i = 0; i < ch.members.size(); ++i) {
    UserId u = ch.members[i];
    if (u == except) continue;
    Millis at = ch.member_state[i].joined_at;
    if (!best.valid() || at < best_at || (at == best_at && u < best)) {
      best = u;
      best_at = at;
    }
  }
  return best;
}

void MoveReadPoint(State& s, ChannelId c, UserId u, uint32_t seq, Millis at) {
  auto slot = SlotOf(s, c, u);
  BANTER_CHECK(slot.has_value());
  MoveReadPointAt(s, c, *slot, seq, at);
}

void MoveReadPointAt(State& s, ChannelId c, uint32_t slot, uint32_t seq,
                     Millis at) {
  MemberState& m = s.channels.Members(c, kMembershipKey).member_state[slot];
  MessageLog& log = s.channels.ReadPoints(c, kMembershipKey);
  if (seq > log.last_seq()) seq = log.last_seq();
  if (seq != m.read_seq) {
    log.MoveReadPoint(m.read_seq, seq);
    m.read_seq = seq;
  }
  m.last_read_at = at;
}

void RecordMemberSend(State& s, ChannelId c, uint32_t slot, uint32_t seq,
                      Millis at) {
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  ch.member_state[slot].last_sent_at = at;
  MoveReadPointAt(s, c, slot, seq, at);
  if (s.channels.Record(c).dialect == Dialect::kGitpleLive) {
    ch.extras[ch.members[slot]].delivered_at = at;
  }
}

void SetDeliveredAt(State& s, ChannelId c, UserId u, Millis at) {
  s.channels.Members(c, kMembershipKey).extras[u].delivered_at = at;
}

void EditMemberExtras(State& s, ChannelId c, UserId u,
                      absl::FunctionRef<void(MemberExtras&)> edit) {
  auto& extras = s.channels.Members(c, kMembershipKey).extras;
  auto [it, inserted] = extras.try_emplace(u);
  edit(it->second);
  if (it->second.empty()) extras.erase(it);
}

void SetChannelPushOff(State& s, ChannelId c, UserId u, bool off) {
  auto& push_off = s.channels.Members(c, kMembershipKey).push_off;
  if (off) {
    push_off.insert(u);
  } else {
    push_off.erase(u);
  }
}

void SetManager(State& s, ChannelId c, UserId u, bool manager) {
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  if (manager) {
    ch.managers.insert(u);
    ch.ever_had_manager = true;
  } else {
    ch.managers.erase(u);
  }
}

void FilterBlocked(State& s, UserId blocker, UserId target, bool blocked) {
  for (const auto& [c, slot] : s.user_channels.of(blocker)) {
    ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
    if (blocked) {
      AddFilter(ch, target, {.slot = slot});
    } else {
      DropKnownFilter(ch, target, {.slot = slot});
    }
  }
}

void SetOwner(State& s, ChannelId c, UserId u, Millis t) {
  s.channels.Members(c, kMembershipKey).owner = u;
  if (u.valid()) LiftMute(s, c, u, t);
}

void CountUserPush(State& s, UserId u, bool enabled) {
  for (const auto& [c, slot] : s.user_channels.of(u)) {
    uint32_t& n = s.channels.Members(c, kMembershipKey).push_disabled_members;
    n = enabled ? n - 1 : n + 1;
  }
}

void SetHidden(State& s, ChannelId c, UserId u, bool hidden) {
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  if (hidden) {
    ch.hidden_by.insert(u);
  } else {
    ch.hidden_by.erase(u);
  }
  s.user_channels.SetHidden(u, c, hidden, kMembershipKey);
}

void UnhideAll(State& s, ChannelId c) {
  ChannelMembers& ch = s.channels.Members(c, kMembershipKey);
  for (UserId u : ch.hidden_by) {
    s.user_channels.SetHidden(u, c, false, kMembershipKey);
  }
  ch.hidden_by.clear();
}

void Unhide(State& s, ChannelId c, UserId u) {
  if (s.channels.Members(c, kMembershipKey).hidden_by.erase(u) > 0) {
    s.user_channels.SetHidden(u, c, false, kMembershipKey);
  }
}

void DestroyChannel(State& s, ChannelId c) {
  const ChannelRecord& ch = s.channels.Record(c);
  while (!ch.members.empty()) RemoveMember(s, c, ch.members.back());
  // The bots' side first; the channel side goes with the record.
  for (BotId b : ch.bots) s.bots.ForgetChannel(b, c);
  s.channels.Bury(c);
}

}  // namespace banter::internal
