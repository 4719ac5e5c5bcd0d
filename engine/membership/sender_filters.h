// Editing a channel's sender filters (ChannelMembers::filters, C12): one
// entry per member and reason, found by value in the sender's short list.
// For the membership area's own files (membership.cc, standing.cc), which
// are the filters' only writers.
#ifndef BANTER_ENGINE_MEMBERSHIP_SENDER_FILTERS_H_
#define BANTER_ENGINE_MEMBERSHIP_SENDER_FILTERS_H_

#include <algorithm>
#include <cstdint>

#include "banter/ids.h"
#include "engine/state.h"

namespace banter::internal {

inline void AddFilter(ChannelMembers& ch, UserId sender, SenderFilter f) {
  ch.filters[sender].push_back(f);
}

// Drops entry `f` from `sender`'s list, and the list once empty. Returns
// false (changing nothing) if there is no such entry.
inline bool DropFilter(ChannelMembers& ch, UserId sender, SenderFilter f) {
  auto it = ch.filters.find(sender);
  if (it == ch.filters.end()) return false;
  auto& list = it->second;
  auto at = std::find(list.begin(), list.end(), f);
  if (at == list.end()) return false;
  // Order in a list carries no meaning: swap-remove.
  *at = list.back();
  list.pop_back();
  if (list.empty()) ch.filters.erase(it);
  return true;
}

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MEMBERSHIP_SENDER_FILTERS_H_
