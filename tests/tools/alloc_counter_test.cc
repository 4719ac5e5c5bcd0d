// The live-heap counter behind `banter simulate --count-allocs` and the
// memory benchmark: every allocation made through operator new is counted,
// over-aligned ones (the cache-line-aligned channel records) included, and
// every release gives its bytes back.
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#include "gtest/gtest.h"
#include "tools/sim/alloc_counter.h"

namespace banter::sim {
namespace {

struct alignas(64) Line {
  char bytes[192];
};

class AllocCounterTest : public ::testing::Test {
 protected:
  void SetUp() override { EnableAllocationCounting(); }
};

TEST_F(AllocCounterTest, PlainAllocationsAreCountedAndReturned) {
  const int64_t before = LiveHeapBytes();
  auto* p = new std::vector<int>(1000);
  EXPECT_GE(LiveHeapBytes() - before,
            static_cast<int64_t>(1000 * sizeof(int)));
  delete p;
  EXPECT_EQ(LiveHeapBytes(), before);
}

TEST_F(AllocCounterTest, OverAlignedAllocationsAreCountedAndReturned) {
  const int64_t before = LiveHeapBytes();
  auto* one = new Line;
  EXPECT_EQ(reinterpret_cast<uintptr_t>(one) % 64, 0u);
  EXPECT_GE(LiveHeapBytes() - before, static_cast<int64_t>(sizeof(Line)));
  delete one;
  EXPECT_EQ(LiveHeapBytes(), before);

  {
    std::vector<Line> many(100);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(many.data()) % 64, 0u);
    EXPECT_GE(LiveHeapBytes() - before,
              static_cast<int64_t>(100 * sizeof(Line)));
  }
  EXPECT_EQ(LiveHeapBytes(), before);

  auto* array = new Line[7];
  EXPECT_GE(LiveHeapBytes() - before, static_cast<int64_t>(7 * sizeof(Line)));
  delete[] array;
  EXPECT_EQ(LiveHeapBytes(), before);
}

}  // namespace
}  // namespace banter::sim
