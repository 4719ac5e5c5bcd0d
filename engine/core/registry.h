// Registry<Handle, Rec>: records indexed by a dense handle, with the
// handles' external ids. The shared half of the areas' entity tables
// (UserTable, BotTable, ChannelTable): slot 0 is an unused dead record, and
// a deleted entity stays as a dead record (live == false) because handles
// are never reused. Everything here reads; the tables add their own
// mutators, each behind the owning area's key.
#ifndef BANTER_ENGINE_CORE_REGISTRY_H_
#define BANTER_ENGINE_CORE_REGISTRY_H_

#include <cstddef>
#include <vector>

#include "engine/core/check.h"
#include "engine/core/interner.h"

namespace banter::internal {

template <typename Handle, typename Rec>
class Registry {
 public:
  Registry() {
    records_.emplace_back();
    records_.front().live = false;
  }

  // The live record of `h`, or null for an invalid, never-issued or dead
  // handle.
  const Rec* Find(Handle h) const {
    return h.valid() && h.value() < records_.size() && records_[h.value()].live
               ? &records_[h.value()]
               : nullptr;
  }
  // The record of any issued handle, dead ones included (their last state).
  // Requires: `h.value() < size()`.
  const Rec& Record(Handle h) const {
    BANTER_DCHECK(h.value() < records_.size());
    return records_[h.value()];
  }
  // Handles issued + 1 (slot 0 unused): the bound of every handle loop.
  size_t size() const { return records_.size(); }
  // Live entities: exactly those whose id is interned (S2).
  size_t live_count() const { return names_.live_names(); }
  // External ids. Name() works for dead handles (their last id).
  const Interner<Handle>& names() const { return names_; }

 protected:
  std::vector<Rec> records_;  // indexed by handle
  Interner<Handle> names_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_REGISTRY_H_
