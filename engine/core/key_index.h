// KeyIndex: an ordered set of (string key, handle) pairs, for prefix and
// exact lookups with a cursor (user search by id and by name).
//
// Entries are ordered by key bytes, then handle, so equal keys (two users
// named alike) stay distinct and in creation order. The keys are copies: the
// strings they index live in records that move when their vectors grow, so
// views into them would dangle. Cost per entry: the pair (40 bytes) in a
// B-tree node, 47 bytes in all for a short key as bench/search_bench.cc
// measures it, plus the key's bytes beyond the 15 a std::string holds inline.
//
// Thread-safety: none; owned by the engine state.
// Copy/move: copyable on purpose (a plain container).
#ifndef BANTER_ENGINE_CORE_KEY_INDEX_H_
#define BANTER_ENGINE_CORE_KEY_INDEX_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/btree_set.h"

namespace banter::internal {

class KeyIndex {
 public:
  using Entry = std::pair<std::string, uint32_t>;

  // Adds (key, handle). Returns false if it was already there.
  bool Insert(std::string_view key, uint32_t handle) {
    return set_.emplace(std::string(key), handle).second;
  }
  // Removes (key, handle). Returns false if it was not there.
  bool Erase(std::string_view key, uint32_t handle) {
    auto it = set_.find(Probe{key, handle});
    if (it == set_.end()) return false;
    set_.erase(it);
    return true;
  }
  bool Contains(std::string_view key, uint32_t handle) const {
    return set_.find(Probe{key, handle}) != set_.end();
  }
  size_t size() const { return set_.size(); }
  void clear() { set_.clear(); }

  // Calls `visit(key, handle)` for the entries after (after_key,
  // after_handle) whose key starts with `prefix` (or, when `exact`, equals
  // it), in order, until `visit` returns false. after_handle 0 means from
  // the first such entry. O(log n + entries visited).
  template <typename Visit>
  void Scan(std::string_view prefix, bool exact, std::string_view after_key,
            uint32_t after_handle, Visit visit) const {
    auto it = set_.lower_bound(Probe{prefix, 0});
    // A cursor before the range starts at the range; one past it ends it.
    if (after_handle != 0 && !Less(after_key, after_handle, prefix, 0)) {
      it = set_.upper_bound(Probe{after_key, after_handle});
    }
    for (; it != set_.end(); ++it) {
      const std::string_view key = it->first;
      if (exact ? key != prefix : key.substr(0, prefix.size()) != prefix) {
        break;
      }
      if (!visit(key, it->second)) break;
    }
  }

 private:
  // A lookup key that does not copy the string.
  struct Probe {
    std::string_view key;
    uint32_t handle;
  };
  static bool Less(std::string_view ak, uint32_t ah, std::string_view bk,
                   uint32_t bh) {
    const int c = ak.compare(bk);
    return c < 0 || (c == 0 && ah < bh);
  }
  struct Compare {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
      return Less(KeyOf(a), HandleOf(a), KeyOf(b), HandleOf(b));
    }
    static std::string_view KeyOf(const Entry& e) { return e.first; }
    static std::string_view KeyOf(const Probe& p) { return p.key; }
    static uint32_t HandleOf(const Entry& e) { return e.second; }
    static uint32_t HandleOf(const Probe& p) { return p.handle; }
  };

 public:
  using Set = absl::btree_set<Entry, Compare>;
  // Every entry, in order (for invariant checks).
  const Set& all() const { return set_; }

 private:
  Set set_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_KEY_INDEX_H_
