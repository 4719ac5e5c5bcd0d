// The live-heap counter behind `banter simulate --count-allocs` and the
// memory benchmark: every allocation made through operator new is counted,
// over-aligned ones (the cache-line-aligned channel records) included, and
// every release gives its bytes back.
#include <cstdint>
#include <new>
#include <vector>

#include "gtest/gtest.h"
#include "tools/sim/alloc_counter.h"

namespace banter::sim {
namespace {

struct alignas(64) Line {
  char bytes[192];
};

// Keeps the optimizer from eliding an allocation whose pointer is never
// used (new-expressions may be elided since C++14): the pointer escapes.
void Escape(void* p) { asm volatile("" : : "g"(p) : "memory"); }

class AllocCounterTest : public ::testing::Test {
 protected:
  void SetUp() override { EnableAllocationCounting(); }
};

TEST_F(AllocCounterTest, PlainAllocationsAreCountedAndReturned) {
  const int64_t before = LiveHeapBytes();
  void* p = ::operator new(4000);
  Escape(p);
  EXPECT_GE(LiveHeapBytes() - before, 4000);
  ::operator delete(p);
  EXPECT_EQ(LiveHeapBytes(), before);

  void* a = ::operator new[](4000);
  Escape(a);
  EXPECT_GE(LiveHeapBytes() - before, 4000);
  ::operator delete[](a, 4000);
  EXPECT_EQ(LiveHeapBytes(), before);
}

TEST_F(AllocCounterTest, OverAlignedAllocationsAreCountedAndReturned) {
  const int64_t before = LiveHeapBytes();
  const std::align_val_t align{alignof(Line)};
  void* one = ::operator new(sizeof(Line), align);
  Escape(one);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(one) % 64, 0u);
  EXPECT_GE(LiveHeapBytes() - before, static_cast<int64_t>(sizeof(Line)));
  ::operator delete(one, sizeof(Line), align);
  EXPECT_EQ(LiveHeapBytes(), before);

  void* array = ::operator new[](7 * sizeof(Line), align);
  Escape(array);
  EXPECT_GE(LiveHeapBytes() - before, static_cast<int64_t>(7 * sizeof(Line)));
  ::operator delete[](array, align);
  EXPECT_EQ(LiveHeapBytes(), before);

  // The way the engine allocates its channel records.
  {
    std::vector<Line> many(100);
    Escape(many.data());
    EXPECT_EQ(reinterpret_cast<uintptr_t>(many.data()) % 64, 0u);
    EXPECT_GE(LiveHeapBytes() - before,
              static_cast<int64_t>(100 * sizeof(Line)));
  }
  EXPECT_EQ(LiveHeapBytes(), before);
}

}  // namespace
}  // namespace banter::sim
