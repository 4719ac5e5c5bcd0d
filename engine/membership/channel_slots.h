// Membership, user side: the channels one user belongs to, each with the
// user's slot in that channel's member arrays. One row of UserChannels
// (engine/membership/user_channels.h), the table the membership area owns.
//
// Most users belong to few channels, so the map is a sorted vector of
// (channel, slot) pairs with room for one pair inline: a user in one channel
// costs no allocation, a user in k channels 8 bytes per channel plus growth,
// and a lookup is a binary search over k. (A hash map costs 32 or more
// allocated bytes even for one entry, which dominated the user side of a
// membership.) Iteration is in channel-handle order.
#ifndef BANTER_ENGINE_MEMBERSHIP_CHANNEL_SLOTS_H_
#define BANTER_ENGINE_MEMBERSHIP_CHANNEL_SLOTS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <utility>

#include "banter/ids.h"
#include "boost/container/small_vector.hpp"

namespace banter::internal {

class ChannelSlots {
 public:
  using value_type = std::pair<ChannelId, uint32_t>;
  using Vector = boost::container::small_vector<value_type, 1>;
  using iterator = Vector::iterator;
  using const_iterator = Vector::const_iterator;

  iterator begin() { return v_.begin(); }
  iterator end() { return v_.end(); }
  const_iterator begin() const { return v_.begin(); }
  const_iterator end() const { return v_.end(); }
  size_t size() const { return v_.size(); }
  bool empty() const { return v_.empty(); }

  iterator find(ChannelId c) {
    auto it = LowerBound(c);
    return it != v_.end() && it->first == c ? it : v_.end();
  }
  const_iterator find(ChannelId c) const {
    return const_cast<ChannelSlots*>(this)->find(c);
  }
  bool contains(ChannelId c) const { return find(c) != end(); }

  // The slot in `c`; `c` must be present (std::out_of_range otherwise, as
  // the map this replaces).
  uint32_t at(ChannelId c) const {
    auto it = find(c);
    if (it == end()) throw std::out_of_range("ChannelSlots::at");
    return it->second;
  }

  // Inserts (c, slot) unless `c` is present; returns where `c` is and
  // whether it was inserted.
  std::pair<iterator, bool> emplace(ChannelId c, uint32_t slot) {
    auto it = LowerBound(c);
    if (it != v_.end() && it->first == c) return {it, false};
    return {v_.emplace(it, c, slot), true};
  }

  // The slot of `c`, inserted as 0 when absent.
  uint32_t& operator[](ChannelId c) { return emplace(c, 0).first->second; }

  iterator erase(const_iterator it) { return v_.erase(it); }
  size_t erase(ChannelId c) {
    auto it = find(c);
    if (it == v_.end()) return 0;
    v_.erase(it);
    return 1;
  }
  void clear() { v_.clear(); }

 private:
  iterator LowerBound(ChannelId c) {
    return std::lower_bound(
        v_.begin(), v_.end(), c,
        [](const value_type& e, ChannelId key) { return e.first < key; });
  }

  Vector v_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MEMBERSHIP_CHANNEL_SLOTS_H_
