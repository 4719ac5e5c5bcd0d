// Interner: external string ids <-> dense handles.
//
// Handles are assigned densely from 1 and never reused. Releasing a name
// (a deleted user) frees the *name* for a new entity, which gets a new handle;
// the old handle keeps its name for rendering history.
#ifndef BANTER_ENGINE_CORE_INTERNER_H_
#define BANTER_ENGINE_CORE_INTERNER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/core/check.h"
#include "engine/core/strings.h"

namespace banter::internal {

// Invariants:
//  1. names_[0] is unused; handle h in 1..size() has name names_[h].
//  2. by_name_[n] == h  =>  names_[h] == n.
template <typename Handle>
class Interner {
 public:
  Interner() { names_.emplace_back(); }

  // The live handle for `name`, or an invalid handle.
  Handle Find(std::string_view name) const {
    // Debian's Abseil hashes absl::string_view, not std::string_view.
    auto it = by_name_.find(Sv(name));
    return it == by_name_.end() ? Handle() : Handle(it->second);
  }

  // Assigns the next handle to `name`.
  // Requires: Find(name) is invalid.
  Handle Add(std::string_view name) {
    BANTER_DCHECK(!Find(name).valid());
    auto h = static_cast<typename Handle::rep>(names_.size());
    names_.emplace_back(name);
    by_name_.emplace(names_.back(), h);
    return Handle(h);
  }

  // Frees the name of `h`; `h` keeps it for Name().
  void Release(Handle h) {
    auto it = by_name_.find(names_[h.value()]);
    if (it != by_name_.end() && it->second == h.value()) by_name_.erase(it);
  }

  // Undoes the most recent Add (used to roll back a failed create).
  // Requires: `h` is the last handle added.
  void PopLast(Handle h) {
    BANTER_DCHECK(h.value() + 1 == names_.size());
    Release(h);
    names_.pop_back();
  }

  std::string_view Name(Handle h) const {
    return h.value() < names_.size() ? std::string_view(names_[h.value()])
                                     : std::string_view();
  }
  // Number of handles ever issued.
  size_t issued() const { return names_.size() - 1; }
  bool Issued(Handle h) const { return h.valid() && h.value() < names_.size(); }
  size_t live_names() const { return by_name_.size(); }

  const absl::flat_hash_map<std::string, typename Handle::rep>& by_name()
      const {
    return by_name_;
  }

 private:
  std::vector<std::string> names_;
  absl::flat_hash_map<std::string, typename Handle::rep> by_name_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_INTERNER_H_
