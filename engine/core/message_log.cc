#include "engine/core/message_log.h"

#include <utility>

#include "engine/core/check.h"

namespace banter::internal {
namespace {

// A new ring starts this small: most channels are quiet.
constexpr size_t kInitialCapacity = 8;

}  // namespace

uint32_t MessageLog::Append(MessageRecord rec, bool broadcast, uint32_t cap) {
  BANTER_CHECK(last_ < UINT32_MAX);  // 4 billion messages in one channel
  if (retained() == ring_.size()) {
    if (cap != 0 && retained() >= cap) {
      DropOldest();
    } else {
      size_t grown = std::max(kInitialCapacity, ring_.size() * 2);
      if (cap != 0 && grown > cap) grown = cap;
      Grow(grown);
    }
  } else if (cap != 0 && retained() >= cap) {
    // The ring grew before a cap this low applied (never with fixed options,
    // but cheap to honour).
    DropOldest();
  }
  const uint32_t seq = ++last_;
  if (!rec.deleted()) {
    ++stored_;
    if (rec.has_file()) files_.PushBack(seq);
    if (broadcast) {
      if (!bcast_) bcast_ = std::make_unique<BroadcastIndex>();
      if (rec.to_all()) {
        bcast_->to_all.PushBack(seq);
      } else {
        bcast_->own[rec.sender].PushBack(seq);
      }
    }
  }
  rec.readers = 0;
  at(seq) = std::move(rec);
  return seq;
}

void MessageLog::MarkDeleted(uint32_t seq) {
  BANTER_DCHECK(Retains(seq));
  MessageRecord& rec = at(seq);
  BANTER_DCHECK(!rec.deleted());
  RemoveFromIndexes(seq, rec);
  deleted_.Insert(seq);
  --stored_;
  rec.flags |= MessageRecord::kDeleted;
  std::string().swap(rec.text);
  rec.extras.reset();
}

void MessageLog::RemoveFromIndexes(uint32_t seq, const MessageRecord& rec) {
  if (rec.has_file()) files_.Erase(seq);
  if (!bcast_) return;
  if (rec.to_all()) {
    bcast_->to_all.Erase(seq);
    return;
  }
  auto it = bcast_->own.find(rec.sender);
  if (it == bcast_->own.end()) return;
  it->second.Erase(seq);
  if (it->second.empty()) bcast_->own.erase(it);
}

void MessageLog::DropOldest() {
  const uint32_t seq = base_;
  MessageRecord& rec = at(seq);
  if (rec.readers != 0) {
    // Read points at a dropped seq are now below the window.
    TreeAdd(seq % ring_.size(), -int64_t{rec.readers});
    low_ += rec.readers;
    in_window_ -= rec.readers;
  }
  if (rec.deleted()) {
    BANTER_DCHECK(deleted_.front() == seq);
    deleted_.PopFront();
  } else {
    --stored_;
    // The oldest live entry of each index is this seq, if it is there at all.
    if (!files_.empty() && files_.front() == seq) files_.PopFront();
    if (bcast_) {
      if (rec.to_all()) {
        if (!bcast_->to_all.empty() && bcast_->to_all.front() == seq) {
          bcast_->to_all.PopFront();
        }
      } else if (auto it = bcast_->own.find(rec.sender);
                 it != bcast_->own.end()) {
        if (it->second.front() == seq) it->second.PopFront();
        if (it->second.empty()) bcast_->own.erase(it);
      }
    }
  }
  rec = MessageRecord();
  ++base_;
}

void MessageLog::Grow(size_t capacity) {
  std::vector<MessageRecord> ring(capacity);
  for (uint32_t seq = base_; seq <= last_ && seq >= base_; ++seq) {
    ring[seq % capacity] = std::move(at(seq));
  }
  ring_.swap(ring);
  // Rebuild the Fenwick tree in O(capacity).
  tree_.assign(capacity + 1, 0);
  for (uint32_t seq = base_; seq <= last_ && seq >= base_; ++seq) {
    tree_[seq % capacity + 1] += at(seq).readers;
  }
  for (size_t i = 1; i <= capacity; ++i) {
    size_t j = i + (i & -i);
    if (j <= capacity) tree_[j] += tree_[i];
  }
}

void MessageLog::TreeAdd(size_t pos, int64_t delta) {
  for (size_t i = pos + 1; i < tree_.size(); i += i & -i) {
    tree_[i] = static_cast<uint32_t>(tree_[i] + delta);
  }
}

uint64_t MessageLog::TreePrefix(size_t pos) const {
  uint64_t sum = 0;
  for (size_t i = pos + 1; i > 0; i -= i & -i) sum += tree_[i];
  return sum;
}

void MessageLog::Adjust(uint32_t seq, int delta) {
  BANTER_DCHECK(seq <= last_);
  if (seq < base_) {
    low_ += delta;
    return;
  }
  at(seq).readers += delta;
  in_window_ += delta;
  TreeAdd(seq % ring_.size(), delta);
}

uint64_t MessageLog::ReadPointsBelow(uint32_t seq) const {
  BANTER_DCHECK(seq >= base_ && seq <= last_ + 1);
  if (seq <= base_) return low_;
  // Window seqs [base_, seq - 1] map to ring positions a..b, maybe wrapping.
  const size_t n = ring_.size();
  const size_t a = base_ % n;
  const size_t b = (seq - 1) % n;
  uint64_t in_range;
  if (a <= b) {
    in_range = TreePrefix(b) - (a == 0 ? 0 : TreePrefix(a - 1));
  } else {
    in_range = in_window_ - TreePrefix(a - 1) + TreePrefix(b);
  }
  return low_ + in_range;
}

bool MessageLog::ReadIndexConsistent() const {
  const size_t n = ring_.size();
  if (n == 0) return in_window_ == 0 && tree_.empty();
  if (tree_.size() != n + 1) return false;
  std::vector<uint64_t> point(n, 0);
  uint64_t sum = 0;
  for (uint32_t seq = base_; seq <= last_ && seq >= base_; ++seq) {
    point[seq % n] = at(seq).readers;
    sum += at(seq).readers;
  }
  if (sum != in_window_) return false;
  for (size_t i = 1; i <= n; ++i) {
    // tree_[i] sums positions (i - lowbit(i), i].
    uint64_t want = 0;
    for (size_t p = i - (i & -i); p < i; ++p) want += point[p];
    if (tree_[i] != want) return false;
  }
  return true;
}

}  // namespace banter::internal
