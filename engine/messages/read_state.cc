// Read state: mark read / delivered, unread counts, "not read by" counts and
// GitpleLive receipts (docs/messaging.md, "Read state").
//
// Nothing here is proportional to the channel's size. A member's unread count
// is the number of messages above its read point that it may see, counted from
// the log's indexes in O(log n); the "not read by" count of a message is the
// number of read points below it, from the log's Fenwick tree.
#include <algorithm>
#include <span>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"
#include "engine/messages/messages.h"
#include "engine/messages/messages_common.h"

namespace banter {
namespace internal {
namespace {

// The member at `slot` of `ch` may act on its own read state (or the admin
// does it for them): kChannelNotFound, kUnauthorized, kUserNotChannelMember.
absl::StatusOr<uint32_t> MemberSlotFor(const State& s, const Actor& actor,
                                       ChannelId c, UserId u) {
  BANTER_RETURN_IF_ERROR(LiveChannel(s, c).status());
  BANTER_RETURN_IF_ERROR(CheckSelfOrAdmin(actor, u));
  auto slot = SlotOf(s, c, u);
  if (!slot) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "the user is not a member of the channel");
  }
  return *slot;
}

// GitpleLive receipts events go to every member (design.md).
void EmitReceipt(State& s, EventKind kind, ChannelId c, const UserId& u,
                 Millis t) {
  const ChannelRecord& ch = s.channels.Record(c);
  if (ch.dialect != Dialect::kGitpleLive || !s.emitter.active()) return;
  Event e;
  e.kind = kind;
  e.at = t;
  e.channel = c;
  e.users = std::span<const UserId>(&u, 1);
  s.emitter.EmitTo(e, ch.members);
}

}  // namespace

int64_t UnreadCountOf(const State& s, ChannelId c, uint32_t slot) {
  const ChannelRecord& ch = s.channels.Record(c);
  const MessageLog& log = ch.log;
  const uint32_t last = log.last_seq();
  // Messages dropped by retention no longer count.
  const uint32_t read = std::max(ch.member_state[slot].read_seq,
                                 log.base_seq() - 1);
  if (read >= last) return 0;
  // Everything above the read point is by others: sending moves the sender's
  // read point to its message (invariant G7). It is at or after the join, so
  // hideMessagesBeforeJoin needs no term either (C6).
  const UserId u = ch.members[slot];
  if (!IsBroadcast(ch.type) || (ch.owner.valid() && ch.owner == u)) {
    return static_cast<int64_t>(last - read) -
           static_cast<int64_t>(log.deleted().CountIn(read + 1, last));
  }
  // A broadcast non-owner sees the "to all" messages and its own.
  const BroadcastIndex* b = log.broadcast();
  return b == nullptr ? 0
                      : static_cast<int64_t>(b->to_all.CountIn(read + 1, last));
}

}  // namespace internal

absl::Status internal::HandleMarkRead(internal::State& s, const Actor& actor,
                                      const MemberSettingRequest& r,
                                      Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(
      const uint32_t slot,
      internal::MemberSlotFor(s, actor, r.channel, r.user));
  // One membership lookup: the slot found by the check moves the point.
  internal::MoveReadPointAt(s, r.channel, slot,
                            s.channels.Record(r.channel).log.last_seq(), t);
  s.Tick(t);
  internal::EmitReceipt(s, EventKind::kMessageRead, r.channel, r.user, t);
  return absl::OkStatus();
}

absl::Status internal::HandleMarkAllRead(internal::State& s, const Actor& actor,
                                         UserId user, Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, user));
  BANTER_RETURN_IF_ERROR(internal::LiveUser(s, user).status());
  // Handle order, so the receipt events come out deterministically.
  std::vector<ChannelId> channels;
  const internal::ChannelSlots& row = s.user_channels.of(user);
  channels.reserve(row.size());
  for (const auto& [c, _] : row) channels.push_back(c);
  std::sort(channels.begin(), channels.end());
  for (ChannelId c : channels) {
    internal::MoveReadPoint(s, c, user, s.channels.Record(c).log.last_seq(), t);
  }
  s.Tick(t);
  for (ChannelId c : channels) {
    internal::EmitReceipt(s, EventKind::kMessageRead, c, user, t);
  }
  return absl::OkStatus();
}

absl::Status internal::HandleMarkDelivered(internal::State& s,
                                           const Actor& actor,
                                           const MemberSettingRequest& r,
                                           Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_RETURN_IF_ERROR(
      internal::MemberSlotFor(s, actor, r.channel, r.user).status());
  internal::SetDeliveredAt(s, r.channel, r.user, t);
  s.Tick(t);
  internal::EmitReceipt(s, EventKind::kMessageDelivered, r.channel, r.user, t);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Engine::UnreadCount(const Actor& actor,
                                            ChannelId channel,
                                            UserId user) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_ASSIGN_OR_RETURN(const uint32_t slot,
                          internal::MemberSlotFor(s, actor, channel, user));
  return internal::UnreadCountOf(s, channel, slot);
}

absl::StatusOr<int64_t> Engine::TotalUnread(const Actor& actor,
                                            UserId user) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, user));
  BANTER_RETURN_IF_ERROR(internal::LiveUser(s, user).status());
  int64_t total = 0;
  for (const auto& [c, slot] : s.user_channels.of(user)) {
    total += internal::UnreadCountOf(s, c, slot);
  }
  return total;
}

absl::StatusOr<int64_t> Engine::NotReadByCount(const Actor& actor,
                                               MessageId message) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot read messages");
  }
  BANTER_ASSIGN_OR_RETURN(const internal::ConstLocated at,
                          internal::LocateMessage(s, message));
  if (actor.is_user()) {
    if (!internal::SlotOf(s, at.channel, actor.user)) {
      return MakeError(ErrorCode::kUserNotChannelMember,
                       "reading messages needs membership");
    }
    if (!internal::Visible(internal::MakeViewer(s, at.channel, actor.user),
                           at.seq, *at.rec)) {
      return MakeError(ErrorCode::kMessageNotFound, "message not found");
    }
  }
  const internal::ChannelRecord& ch = *at.ch;
  if (!at.rec->to_all()) {
    // Broadcast, a non-owner's message: only the owner reads it besides its
    // sender.
    const UserId owner = ch.owner;
    if (!owner.valid() || owner == at.rec->user()) return 0;
    const internal::MemberState* m =
        internal::FindMember(s, at.channel, owner);
    return m != nullptr && m->read_seq < at.seq ? 1 : 0;
  }
  // Everyone may see it except members who joined after it
  // (hideMessagesBeforeJoin), whose read points are at or above their join,
  // hence above it; the sender's read point is at or above it too (G7).
  return static_cast<int64_t>(ch.log.ReadPointsBelow(at.seq));
}

absl::StatusOr<std::vector<ReceiptRow>> Engine::Receipts(
    const Actor& actor, ChannelId channel) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot read receipts");
  }
  BANTER_ASSIGN_OR_RETURN(const internal::ChannelRecord* ch,
                          internal::LiveChannel(s, channel));
  if (actor.is_user() && !internal::SlotOf(s, channel, actor.user)) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "reading receipts needs membership");
  }
  std::vector<ReceiptRow> rows;
  rows.reserve(ch->members.size());
  for (UserId u : ch->member_order) {
    const uint32_t slot = s.user_channels.of(u).at(channel);
    ReceiptRow row;
    row.user_id = std::string(s.users.names().Name(u));
    row.last_read_at = ch->member_state[slot].last_read_at;
    if (auto x = ch->extras.find(u); x != ch->extras.end()) {
      row.last_delivered_at = x->second.delivered_at;
    }
    row.unread = internal::UnreadCountOf(s, channel, slot);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace banter
