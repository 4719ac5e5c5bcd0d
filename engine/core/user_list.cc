#include "engine/core/user_list.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"

namespace banter::internal {

void DedupUsers(std::span<const UserId> in, UserList& out) {
  out.clear();
  // A linear scan beats hashing for the short lists clients send; the hash
  // set only guards against quadratic time on a huge request.
  constexpr size_t kLinearScanMax = 32;
  if (in.size() <= kLinearScanMax) {
    for (UserId u : in) {
      if (std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
    }
    return;
  }
  absl::flat_hash_set<UserId> seen;
  seen.reserve(in.size());
  for (UserId u : in) {
    if (seen.insert(u).second) out.push_back(u);
  }
}

}  // namespace banter::internal
