// The facade's handle reads (engine.h, "Handle reads"): what code beside the
// engine (banter::Presence, transports) needs per call without building a
// view. Each reads one record; none checks an actor.
#include <optional>
#include <span>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/membership/membership.h"
#include "engine/state.h"

namespace banter {

absl::StatusOr<Engine::ChannelBrief> Engine::GetChannelBrief(
    ChannelId channel) const {
  const internal::ChannelRecord* ch = s_->channel(channel);
  if (ch == nullptr) {
    return MakeError(ErrorCode::kChannelNotFound, "no such channel");
  }
  ChannelBrief b;
  b.type = ch->type;
  b.dialect = ch->dialect;
  b.owner = ch->owner;
  b.frozen = ch->frozen;
  b.member_count = static_cast<uint32_t>(ch->members.size());
  return b;
}

bool Engine::IsManager(ChannelId channel, UserId user) const {
  const internal::ChannelRecord* ch = s_->channel(channel);
  return ch != nullptr && ch->managers.contains(user);
}

absl::StatusOr<std::vector<ChannelId>> Engine::ListJoinedChannelIds(
    UserId user) const {
  const internal::UserRecord* u = s_->user(user);
  if (u == nullptr) return MakeError(ErrorCode::kUserNotFound, "no such user");
  std::vector<ChannelId> out;
  const internal::ChannelSlots& row = s_->user_channels.of(user);
  out.reserve(row.size());
  // ChannelSlots iterates in channel-handle order.
  for (const auto& [channel, slot] : row) out.push_back(channel);
  return out;
}

bool Engine::IsActiveUser(UserId user) const {
  const internal::UserRecord* u = s_->user(user);
  return u != nullptr && u->active;
}

absl::Status Engine::CheckUserExists(UserId user) const {
  return internal::LiveUser(*s_, user).status();
}

std::span<const UserId> Engine::MemberArray(ChannelId channel) const {
  const internal::ChannelRecord* ch = s_->channel(channel);
  if (ch == nullptr) return {};
  return ch->members;
}

std::optional<uint32_t> Engine::MemberSlot(ChannelId channel,
                                           UserId user) const {
  // A dead channel has no members (DestroyChannel removes them first), so
  // the user side alone answers.
  return internal::SlotOf(*s_, channel, user);
}

}  // namespace banter
