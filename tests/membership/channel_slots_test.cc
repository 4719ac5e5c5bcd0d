// The user side of membership: ChannelSlots (engine/membership/channel_slots.h),
// the sorted small map from channel to the user's slot in it.
#include "engine/membership/channel_slots.h"

#include <stdexcept>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace banter::internal {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(ChannelSlotsTest, BehavesAsAMapIteratedInHandleOrder) {
  ChannelSlots m;
  EXPECT_TRUE(m.empty());
  EXPECT_TRUE(m.emplace(ChannelId(7), 0).second);
  EXPECT_TRUE(m.emplace(ChannelId(3), 1).second);
  EXPECT_TRUE(m.emplace(ChannelId(9), 2).second);
  // A present key keeps its slot.
  auto [it, inserted] = m.emplace(ChannelId(3), 5);
  EXPECT_FALSE(inserted);
  EXPECT_EQ(it->second, 1u);
  EXPECT_THAT(m, ElementsAre(Pair(ChannelId(3), 1u), Pair(ChannelId(7), 0u),
                             Pair(ChannelId(9), 2u)));
  EXPECT_EQ(m.size(), 3u);
  EXPECT_TRUE(m.contains(ChannelId(7)));
  EXPECT_FALSE(m.contains(ChannelId(8)));
  EXPECT_EQ(m.find(ChannelId(8)), m.end());
  EXPECT_EQ(m.at(ChannelId(9)), 2u);
  EXPECT_THROW((void)m.at(ChannelId(4)), std::out_of_range);

  m[ChannelId(7)] = 4;  // a swap-remove moved this user's slot
  EXPECT_EQ(m.at(ChannelId(7)), 4u);
  m.erase(m.find(ChannelId(3)));
  EXPECT_EQ(m.erase(ChannelId(3)), 0u);
  EXPECT_EQ(m.erase(ChannelId(9)), 1u);
  EXPECT_THAT(m, ElementsAre(Pair(ChannelId(7), 4u)));
}

TEST(ChannelSlotsTest, ManyChannelsStaySortedAndFindable) {
  ChannelSlots m;
  // Insert 1000 handles in a scrambled order.
  for (uint32_t i = 0; i < 1000; ++i) {
    const uint32_t h = (i * 617) % 1000 + 1;
    ASSERT_TRUE(m.emplace(ChannelId(h), h * 2).second);
  }
  uint32_t expect = 1;
  for (const auto& [c, slot] : m) {
    ASSERT_EQ(c, ChannelId(expect));
    ASSERT_EQ(slot, expect * 2);
    ++expect;
  }
  for (uint32_t h = 1; h <= 1000; h += 3) {
    ASSERT_EQ(m.erase(ChannelId(h)), 1u);
  }
  EXPECT_EQ(m.size(), 666u);
  EXPECT_FALSE(m.contains(ChannelId(1)));
  EXPECT_EQ(m.at(ChannelId(2)), 4u);
}

}  // namespace
}  // namespace banter::internal
