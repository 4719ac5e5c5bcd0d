#include "banter/local_recipients.h"

#include <algorithm>
#include <cstdint>
#include <span>

#include "absl/base/internal/raw_logging.h"
#include "absl/strings/str_cat.h"

// Requires: lines (our callers' wiring, not input). The engine's
// BANTER_DCHECK lives in its private engine/core; this library sees only the
// public API.
#ifdef NDEBUG
#define LOCAL_RECIPIENTS_DCHECK(cond) \
  do {                                \
  } while (false && (cond))
#else
#define LOCAL_RECIPIENTS_DCHECK(cond) ABSL_RAW_CHECK(cond, #cond)
#endif

namespace banter {
namespace {

// True if `span` lies inside `array`. Compared as integers: the two may be
// unrelated allocations (a held copy), where `<` on pointers is unspecified.
bool Inside(std::span<const UserId> span, std::span<const UserId> array) {
  const auto b = reinterpret_cast<uintptr_t>(span.data());
  const auto lo = reinterpret_cast<uintptr_t>(array.data());
  const auto hi = reinterpret_cast<uintptr_t>(array.data() + array.size());
  return b >= lo && b + span.size() * sizeof(UserId) <= hi;
}

}  // namespace

void LocalRecipients::Slots::Insert(uint32_t slot, UserId user) {
  const size_t b = slot >> kShift;
  if (b >= blocks_.size()) blocks_.resize(b + 1);
  std::vector<Entry>& block = blocks_[b];
  // Joins land at the end of the array, so most inserts append.
  auto it = block.empty() || block.back().slot < slot
                ? block.end()
                : std::lower_bound(block.begin(), block.end(), slot, Less);
  LOCAL_RECIPIENTS_DCHECK(it == block.end() || it->slot != slot);
  block.insert(it, Entry{slot, user});
  ++size_;
}

void LocalRecipients::Slots::Erase(uint32_t slot) {
  const size_t b = slot >> kShift;
  if (b >= blocks_.size()) return;
  std::vector<Entry>& block = blocks_[b];
  auto it = std::lower_bound(block.begin(), block.end(), slot, Less);
  if (it == block.end() || it->slot != slot) return;
  block.erase(it);
  --size_;
  // Trailing empty blocks go, so a shrinking channel does not keep walking
  // them.
  while (!blocks_.empty() && blocks_.back().empty()) blocks_.pop_back();
}

bool LocalRecipients::Slots::Contains(uint32_t slot) const {
  const size_t b = slot >> kShift;
  if (b >= blocks_.size()) return false;
  const std::vector<Entry>& block = blocks_[b];
  auto it = std::lower_bound(block.begin(), block.end(), slot, Less);
  return it != block.end() && it->slot == slot;
}

void LocalRecipients::Slots::Collect(uint32_t begin, uint32_t end,
                                     std::vector<UserId>* out) const {
  if (begin >= end) return;
  const size_t first = begin >> kShift;
  const size_t last = std::min<size_t>((end - 1) >> kShift, blocks_.size() - 1);
  for (size_t b = first; b <= last && b < blocks_.size(); ++b) {
    const std::vector<Entry>& block = blocks_[b];
    if (block.empty()) continue;
    auto it = b == first ? std::lower_bound(block.begin(), block.end(), begin,
                                            Less)
                         : block.begin();
    if (b < last) {
      // Every entry of a middle block is in range.
      for (; it != block.end(); ++it) out->push_back(it->user);
    } else {
      for (; it != block.end() && it->slot < end; ++it) {
        out->push_back(it->user);
      }
    }
  }
}

void LocalRecipients::Attach(const Engine* engine) {
  LOCAL_RECIPIENTS_DCHECK(engine != nullptr);
  engine_ = engine;
  slots_.clear();
  for (size_t i = 1; i < local_.size(); ++i) {
    if (local_[i] != 0) IndexUser(UserId(static_cast<uint32_t>(i)));
  }
}

void LocalRecipients::IndexUser(UserId user) {
  absl::StatusOr<std::vector<ChannelId>> channels =
      engine_->ListJoinedChannelIds(user);
  if (!channels.ok()) return;  // deleted: a member of nothing
  for (ChannelId c : *channels) {
    const std::optional<uint32_t> slot = engine_->MemberSlot(c, user);
    LOCAL_RECIPIENTS_DCHECK(slot.has_value());
    if (slot.has_value()) slots_[c].Insert(*slot, user);
  }
}

absl::Status LocalRecipients::AddLocalUser(UserId user) {
  LOCAL_RECIPIENTS_DCHECK(engine_ != nullptr);
  if (IsLocal(user)) return absl::OkStatus();
  if (!engine_->ListJoinedChannelIds(user).ok()) {
    return MakeError(ErrorCode::kUserNotFound, "no such user");
  }
  if (user.value() >= local_.size()) local_.resize(user.value() + 1, 0);
  local_[user.value()] = 1;
  ++local_count_;
  IndexUser(user);
  return absl::OkStatus();
}

void LocalRecipients::RemoveLocalUser(UserId user) {
  LOCAL_RECIPIENTS_DCHECK(engine_ != nullptr);
  if (!IsLocal(user)) return;
  local_[user.value()] = 0;
  --local_count_;
  // A deleted user left every channel through the engine's removals, which
  // already dropped its entries.
  absl::StatusOr<std::vector<ChannelId>> channels =
      engine_->ListJoinedChannelIds(user);
  if (!channels.ok()) return;
  for (ChannelId c : *channels) {
    auto it = slots_.find(c);
    if (it == slots_.end()) continue;
    const std::optional<uint32_t> slot = engine_->MemberSlot(c, user);
    if (slot.has_value()) it->second.Erase(*slot);
    if (it->second.empty()) slots_.erase(it);
  }
}

size_t LocalRecipients::local_member_count(ChannelId channel) const {
  auto it = slots_.find(channel);
  return it == slots_.end() ? 0 : it->second.size();
}

void LocalRecipients::Filter(ChannelId channel, const Recipients& recipients,
                             std::vector<UserId>* out) const {
  LOCAL_RECIPIENTS_DCHECK(engine_ != nullptr);
  const std::span<const UserId> array = engine_->MemberArray(channel);
  auto it = slots_.find(channel);
  const Slots* slots = it == slots_.end() ? nullptr : &it->second;
  for (std::span<const UserId> batch : recipients.batches) {
    if (batch.empty()) continue;
    if (!array.empty() && Inside(batch, array)) {
      // The index holds exactly the local members, so a channel without an
      // index has none in this piece of its array.
      if (slots == nullptr) continue;
      const auto begin = static_cast<uint32_t>(batch.data() - array.data());
      const auto end = begin + static_cast<uint32_t>(batch.size());
      slots->Collect(begin, end, out);
      continue;
    }
    for (UserId u : batch) {
      if (IsLocal(u)) out->push_back(u);
    }
  }
}

void LocalRecipients::OnMemberAdded(ChannelId channel, UserId user,
                                    uint32_t slot) {
  if (!IsLocal(user)) return;
  slots_[channel].Insert(slot, user);
}

void LocalRecipients::OnMemberRemoved(ChannelId channel, UserId user,
                                      uint32_t slot, UserId moved,
                                      uint32_t moved_from) {
  const bool moved_local = moved.valid() && IsLocal(moved);
  if (!IsLocal(user) && !moved_local) return;  // the common case, O(1)
  auto it = slots_.find(channel);
  // A local member always has its entry (L2), so a missing index means
  // neither is a member here, which the engine does not report.
  LOCAL_RECIPIENTS_DCHECK(it != slots_.end());
  if (it == slots_.end()) return;
  Slots& slots = it->second;
  if (IsLocal(user)) slots.Erase(slot);
  if (moved_local) {
    slots.Erase(moved_from);
    slots.Insert(slot, moved);
  }
  if (slots.empty()) slots_.erase(it);
}

absl::Status LocalRecipients::CheckInvariants() const {
  if (engine_ == nullptr) {
    return slots_.empty() ? absl::OkStatus()
                          : absl::InternalError("entries without an engine");
  }
  size_t entries = 0;
  for (const auto& [c, slots] : slots_) {
    if (slots.empty()) {
      return absl::InternalError(
          absl::StrCat("invariant L3: channel ", c.value(), " has an empty index"));
    }
    const std::span<const UserId> array = engine_->MemberArray(c);
    size_t held = 0;
    for (size_t b = 0; b < slots.blocks().size(); ++b) {
      const auto& block = slots.blocks()[b];
      held += block.size();
      for (size_t i = 0; i < block.size(); ++i) {
        if ((block[i].slot >> 12) != b ||
            (i > 0 && block[i - 1].slot >= block[i].slot)) {
          return absl::InternalError(absl::StrCat(
              "invariant L5: channel ", c.value(), " block ", b,
              " misplaces slot ", block[i].slot));
        }
      }
    }
    if (held != slots.size()) {
      return absl::InternalError(absl::StrCat("invariant L5: channel ",
                                              c.value(), " holds ", held,
                                              " entries, counts ",
                                              slots.size()));
    }
    for (const auto& block : slots.blocks()) {
      for (const auto& [slot, u] : block) {
        if (slot >= array.size() || array[slot] != u) {
          return absl::InternalError(absl::StrCat(
              "invariant L1: channel ", c.value(), " indexes user ", u.value(),
              " at slot ", slot, "; the member array holds ",
              slot < array.size() ? absl::StrCat("user ", array[slot].value())
                                  : absl::StrCat(array.size(), " members")));
        }
        if (!IsLocal(u)) {
          return absl::InternalError(absl::StrCat(
              "invariant L1: channel ", c.value(), " indexes user ", u.value(),
              ", who is not local"));
        }
      }
    }
    entries += slots.size();
  }
  size_t local = 0, memberships = 0;
  for (size_t i = 1; i < local_.size(); ++i) {
    if (local_[i] == 0) continue;
    ++local;
    const UserId u(static_cast<uint32_t>(i));
    absl::StatusOr<std::vector<ChannelId>> channels =
        engine_->ListJoinedChannelIds(u);
    if (!channels.ok()) continue;
    for (ChannelId c : *channels) {
      ++memberships;
      const std::optional<uint32_t> slot = engine_->MemberSlot(c, u);
      auto it = slots_.find(c);
      if (!slot.has_value() || it == slots_.end() ||
          !it->second.Contains(*slot)) {
        return absl::InternalError(absl::StrCat(
            "invariant L2: local user ", u.value(), " is a member of channel ",
            c.value(), " but not in its index"));
      }
    }
  }
  if (memberships != entries) {
    return absl::InternalError(absl::StrCat(
        "invariant L2: ", entries, " index entries for ", memberships,
        " local memberships"));
  }
  if (local != local_count_) {
    return absl::InternalError(absl::StrCat("invariant L4: ", local,
                                            " users marked local, count says ",
                                            local_count_));
  }
  return absl::OkStatus();
}

}  // namespace banter
