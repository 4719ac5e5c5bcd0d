// Timers for time-driven events (mute, ban and peer-mute expiry).
//
// A calendar queue: timers are kept in buckets of 2^kBucketShift ms, the
// buckets in a B-tree keyed by bucket number. Scheduling costs O(log B) where
// B is the number of non-empty buckets; popping due timers costs O(buckets
// passed + timers popped x log(bucket size)), so a step in which nothing is due
// costs O(1) however many timers are pending.
//
// Cancellation is cheap and partial: lifting or replacing a mute or ban
// removes its timer when Cancel finds it near either end of its bucket
// (the usual last-in or first-in churn); otherwise the timer stays queued,
// and the firing code checks the record still ends at that instant.
#ifndef BANTER_ENGINE_CORE_TIMER_QUEUE_H_
#define BANTER_ENGINE_CORE_TIMER_QUEUE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

#include "absl/container/btree_map.h"
#include "banter/ids.h"
#include "banter/types.h"

namespace banter::internal {

enum class TimerKind : uint8_t { kMuteExpiry = 0, kBanExpiry = 1, kPeerMuteExpiry = 2 };

struct Timer {
  Millis at = 0;
  uint64_t order = 0;  // schedule order; breaks ties between equal instants
  TimerKind kind = TimerKind::kMuteExpiry;
  ChannelId channel;
  UserId user;    // the muted / banned user, or the peer-muting user
  UserId target;  // peer mutes: the muted peer
  friend bool operator==(const Timer&, const Timer&) = default;
};

class TimerQueue {
 public:
  static constexpr int kBucketShift = 10;
  static constexpr size_t kCancelScan = 8;

  void Schedule(Timer t) {
    t.order = ++scheduled_;
    Bucket& b = buckets_[t.at >> kBucketShift];
    if (b.live() == 0) {
      b.timers.clear();
      b.head = 0;
      b.sorted = true;
    } else if (!(Key(b.timers.back()) < Key(t))) {
      b.sorted = false;  // sorted again before anything reads the order
    }
    b.timers.push_back(t);
    ++size_;
  }

  // Calls fn(const Timer&) for every timer with at <= now, in (at, order)
  // order, removing each. Returns how many were popped. `fn` must not
  // schedule or cancel.
  template <typename F>
  size_t PopDue(Millis now, F&& fn) {
    size_t popped = 0;
    while (!buckets_.empty()) {
      auto it = buckets_.begin();
      if (it->first > (now >> kBucketShift)) break;
      Bucket& b = it->second;
      b.Sort();
      while (b.live() > 0 && b.timers[b.head].at <= now) {
        const Timer t = b.timers[b.head++];
        --size_;
        ++popped;
        fn(t);
      }
      if (b.live() > 0) {
        b.TrimHead();
        break;  // the rest of this bucket is not due
      }
      buckets_.erase(it);
    }
    return popped;
  }

  // Removes one queued timer with the same (at, kind, channel, user, target)
  // as `key` (its order is ignored) if it is among the kCancelScan latest or
  // the kCancelScan earliest timers of its bucket in (at, order) order: the
  // latest first, then the earliest. Returns whether one was removed.
  // O(log B + kCancelScan) on a sorted bucket, whatever the queue holds.
  // A timer not found stays queued and is ignored when it fires (the firing
  // code checks the record), so cancelling is an economy, not a duty: it
  // keeps mute/unmute churn between two AdvanceTime calls, in either order,
  // from growing the queue. The outcome depends only on the bucket's
  // timers, never on how they are laid out in memory, so an engine restored
  // from a snapshot cancels exactly what the original would.
  bool Cancel(const Timer& key) {
    auto it = buckets_.find(key.at >> kBucketShift);
    if (it == buckets_.end()) return false;
    Bucket& b = it->second;
    b.Sort();
    std::vector<Timer>& v = b.timers;
    auto same = [&](const Timer& t) {
      return t.at == key.at && t.kind == key.kind && t.channel == key.channel &&
             t.user == key.user && t.target == key.target;
    };
    bool removed = false;
    const size_t back = std::min(b.live(), kCancelScan);
    for (size_t i = 1; i <= back && !removed; ++i) {
      const size_t k = v.size() - i;
      if (same(v[k])) {
        v.erase(v.begin() + static_cast<std::ptrdiff_t>(k));  // keeps order
        removed = true;
      }
    }
    const size_t front = std::min(b.live() - back, kCancelScan);
    for (size_t i = 0; i < front && !removed; ++i) {
      const size_t k = b.head + i;
      if (same(v[k])) {
        // Close the gap from the front: the head moves up by one.
        std::move_backward(v.begin() + static_cast<std::ptrdiff_t>(b.head),
                           v.begin() + static_cast<std::ptrdiff_t>(k),
                           v.begin() + static_cast<std::ptrdiff_t>(k + 1));
        ++b.head;
        removed = true;
      }
    }
    if (!removed) return false;
    --size_;
    if (b.live() == 0) {
      buckets_.erase(it);
    } else {
      b.TrimHead();
    }
    return true;
  }

  size_t size() const { return size_; }
  uint64_t scheduled() const { return scheduled_; }

  // Every queued timer in (at, order) order. O(n log n); for dumps and
  // snapshots.
  std::vector<Timer> All() const {
    std::vector<Timer> out;
    out.reserve(size_);
    for (const auto& [_, b] : buckets_) {
      out.insert(out.end(),
                 b.timers.begin() + static_cast<std::ptrdiff_t>(b.head),
                 b.timers.end());
    }
    std::sort(out.begin(), out.end(),
              [](const Timer& x, const Timer& y) { return Key(x) < Key(y); });
    return out;
  }

 private:
  friend struct SnapshotAccess;  // engine/durability/snapshot.cc
  // The bucket's timers are timers[head..]; the slots before head were
  // popped or cancelled from the front and are reclaimed by TrimHead.
  struct Bucket {
    std::vector<Timer> timers;
    size_t head = 0;
    bool sorted = true;  // timers[head..] are in (at, order) order

    size_t live() const { return timers.size() - head; }
    void Sort() {
      if (sorted) return;
      std::sort(timers.begin() + static_cast<std::ptrdiff_t>(head),
                timers.end(),
                [](const Timer& x, const Timer& y) { return Key(x) < Key(y); });
      sorted = true;
    }
    // Drops the dead prefix once it is at least half the vector, so its
    // cost is amortized over the pops and cancels that made it.
    void TrimHead() {
      if (head == 0 || head * 2 < timers.size()) return;
      timers.erase(timers.begin(),
                   timers.begin() + static_cast<std::ptrdiff_t>(head));
      head = 0;
    }
  };
  static std::tuple<Millis, uint64_t> Key(const Timer& t) {
    return {t.at, t.order};
  }

  absl::btree_map<int64_t, Bucket> buckets_;
  size_t size_ = 0;
  uint64_t scheduled_ = 0;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_TIMER_QUEUE_H_
