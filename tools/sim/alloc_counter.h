// Live heap bytes, counted by replacing the global operator new/delete in the
// program that links alloc_counter.cc (the `banter` command and the memory
// benchmarks). Counts what the allocator actually hands out
// (malloc_usable_size), not what was asked for.
#ifndef BANTER_TOOLS_SIM_ALLOC_COUNTER_H_
#define BANTER_TOOLS_SIM_ALLOC_COUNTER_H_

#include <cstdint>

namespace banter::sim {

// Starts counting (off by default: it costs every allocation some time).
void EnableAllocationCounting();
// Live heap bytes counted since counting started (differences only).
int64_t LiveHeapBytes();

}  // namespace banter::sim

#endif  // BANTER_TOOLS_SIM_ALLOC_COUNTER_H_
