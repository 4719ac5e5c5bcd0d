// The user lists a handler works on after reading a request: deduplicated
// targets and the subjects of an event. Shared by the areas whose requests
// name lists of users (channels, moderation).
#ifndef BANTER_ENGINE_CORE_USER_LIST_H_
#define BANTER_ENGINE_CORE_USER_LIST_H_

#include <cstddef>
#include <span>

#include "banter/ids.h"
#include "boost/container/small_vector.hpp"

namespace banter::internal {

// Request lists are short in practice; eight inline slots keep a call free
// of allocation beyond the records it stores.
using UserList = boost::container::small_vector<UserId, 8>;

// A list as a span: a UserList, or a request's UserTargets (banter/commands.h).
// small_vector's iterators are not std::contiguous_iterator in every Boost,
// so spell the conversion out.
template <std::size_t N>
std::span<const UserId> Span(
    const boost::container::small_vector<UserId, N>& list) {
  return {list.data(), list.size()};
}

// Copies `in` to `out` without duplicates, first occurrence winning (design:
// duplicates collapse before validation). O(n) expected.
void DedupUsers(std::span<const UserId> in, UserList& out);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_USER_LIST_H_
