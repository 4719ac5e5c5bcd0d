// Timers for time-driven events (mute, ban and peer-mute expiry).
//
// A calendar queue: timers are kept in buckets of 2^kBucketShift ms, the
// buckets in a B-tree keyed by bucket number. Scheduling costs O(log B) where
// B is the number of non-empty buckets; popping due timers costs O(buckets
// passed + timers popped x log(bucket size)), so a step in which nothing is due
// costs O(1) however many timers are pending.
//
// Cancellation is lazy: a timer stays queued after its mute or ban is lifted
// early, and the firing code checks the record still ends at that instant.
#ifndef BANTER_ENGINE_MODERATION_TIMER_QUEUE_H_
#define BANTER_ENGINE_MODERATION_TIMER_QUEUE_H_

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
    if (b.timers.empty()) {
      b.sorted = true;
      b.descending = false;
    } else if (b.descending || !b.sorted || !(Key(b.timers.back()) < Key(t))) {
      b.sorted = false;  // PopDue sorts before popping
      b.descending = false;
    }
    b.timers.push_back(t);
    ++size_;
  }

  // Calls fn(const Timer&) for every timer with at <= now, in (at, order)
  // order, removing each. Returns how many were popped.
  template <typename F>
  size_t PopDue(Millis now, F&& fn) {
    size_t popped = 0;
    while (!buckets_.empty()) {
      auto it = buckets_.begin();
      if (it->first > (now >> kBucketShift)) break;
      Bucket& b = it->second;
      if (!b.sorted) {
        // Sort descending so due timers pop from the back in O(1).
        std::sort(b.timers.begin(), b.timers.end(),
                  [](const Timer& x, const Timer& y) { return Key(y) < Key(x); });
        b.sorted = true;
        b.descending = true;
      } else if (!b.descending) {
        std::reverse(b.timers.begin(), b.timers.end());
        b.descending = true;
      }
      while (!b.timers.empty() && b.timers.back().at <= now) {
        Timer t = b.timers.back();
        b.timers.pop_back();
        --size_;
        ++popped;
        fn(t);
      }
      if (!b.timers.empty()) break;  // the rest of this bucket is not due
      buckets_.erase(it);
    }
    return popped;
  }

  // Removes one queued timer with the same (at, kind, channel, user, target)
  // as `key` (its order is ignored), looking at no more than kCancelScan
  // timers at the back of its bucket, where the latest scheduled usually
  // are. Returns whether one was removed. O(log B) whatever the queue holds.
  // A timer not found stays queued and is ignored when it fires (the firing
  // code checks the record), so cancelling is an economy, not a duty: it
  // keeps a mute/unmute churn between two AdvanceTime calls from growing the
  // queue.
  bool Cancel(const Timer& key) {
    auto it = buckets_.find(key.at >> kBucketShift);
    if (it == buckets_.end()) return false;
    std::vector<Timer>& v = it->second.timers;
    const size_t scan = std::min(v.size(), kCancelScan);
    for (size_t i = 1; i <= scan; ++i) {
      const size_t k = v.size() - i;
      const Timer& t = v[k];
      if (t.at == key.at && t.kind == key.kind && t.channel == key.channel &&
          t.user == key.user && t.target == key.target) {
        v.erase(v.begin() + static_cast<std::ptrdiff_t>(k));  // keeps order
        --size_;
        if (v.empty()) buckets_.erase(it);
        return true;
      }
    }
    return false;
  }

  size_t size() const { return size_; }
  uint64_t scheduled() const { return scheduled_; }

  // Every queued timer in (at, order) order. O(n log n); for dumps and
  // snapshots.
  std::vector<Timer> All() const {
    std::vector<Timer> out;
    out.reserve(size_);
    for (const auto& [_, b] : buckets_) {
      out.insert(out.end(), b.timers.begin(), b.timers.end());
    }
    std::sort(out.begin(), out.end(),
              [](const Timer& x, const Timer& y) { return Key(x) < Key(y); });
    return out;
  }

 private:
  friend struct SnapshotAccess;  // engine/durability/snapshot.cc
  struct Bucket {
    std::vector<Timer> timers;
    bool sorted = true;       // timers are in key order (see descending)
    bool descending = false;  // once popping started, kept in reverse
  };
  static std::tuple<Millis, uint64_t> Key(const Timer& t) {
    return {t.at, t.order};
  }

  absl::btree_map<int64_t, Bucket> buckets_;
  size_t size_ = 0;
  uint64_t scheduled_ = 0;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MODERATION_TIMER_QUEUE_H_
