#include "tools/sim/alloc_counter.h"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

// Atomic, relaxed: `banter` links this file and `banter rest --nats` runs
// threads (the replica's and the NATS client's), so allocations race;
// `banter simulate` reads the count on its one thread, where relaxed is
// exact. A plain global here was a data race under ThreadSanitizer.
//
// Off until EnableAllocationCounting(): counting costs a malloc_usable_size
// and an atomic add per allocation, which `banter simulate` would otherwise
// charge to the engine. Blocks allocated before it is enabled and freed
// after subtract what they never added, so only differences of
// LiveHeapBytes() taken after enabling mean anything.
namespace {
std::atomic<int64_t> g_live_bytes{0};
std::atomic<bool> g_counting{false};

void* Allocate(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  if (g_counting.load(std::memory_order_relaxed)) {
    g_live_bytes.fetch_add(static_cast<int64_t>(malloc_usable_size(p)),
                           std::memory_order_relaxed);
  }
  return p;
}

void Release(void* p) noexcept {
  if (p == nullptr) return;
  if (g_counting.load(std::memory_order_relaxed)) {
    g_live_bytes.fetch_sub(static_cast<int64_t>(malloc_usable_size(p)),
                           std::memory_order_relaxed);
  }
  std::free(p);
}

// Over-aligned types (the cache-line-aligned channel records) come through
// the align_val_t forms; without them their bytes would go uncounted.
void* AllocateAligned(std::size_t size, std::align_val_t align) {
  const auto a = static_cast<std::size_t>(align);
  // aligned_alloc wants a size that is a multiple of the alignment.
  const std::size_t rounded = ((size == 0 ? 1 : size) + a - 1) / a * a;
  void* p = std::aligned_alloc(a, rounded);
  if (p == nullptr) throw std::bad_alloc();
  if (g_counting.load(std::memory_order_relaxed)) {
    g_live_bytes.fetch_add(static_cast<int64_t>(malloc_usable_size(p)),
                           std::memory_order_relaxed);
  }
  return p;
}
}  // namespace

void* operator new(std::size_t size) { return Allocate(size); }
void* operator new[](std::size_t size) { return Allocate(size); }
void operator delete(void* p) noexcept { Release(p); }
void operator delete[](void* p) noexcept { Release(p); }
void operator delete(void* p, std::size_t) noexcept { Release(p); }
void operator delete[](void* p, std::size_t) noexcept { Release(p); }
void* operator new(std::size_t size, std::align_val_t align) {
  return AllocateAligned(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return AllocateAligned(size, align);
}
void operator delete(void* p, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { Release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  Release(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  Release(p);
}

namespace banter::sim {
void EnableAllocationCounting() {
  g_counting.store(true, std::memory_order_relaxed);
}
int64_t LiveHeapBytes() {
  return g_live_bytes.load(std::memory_order_relaxed);
}
}  // namespace banter::sim
