#include "engine/moderation/timer_queue.h"

#include <vector>

#include "gtest/gtest.h"

namespace banter::internal {
namespace {

std::vector<Millis> PopAll(TimerQueue& q, Millis now) {
  std::vector<Millis> out;
  q.PopDue(now, [&](const Timer& t) { out.push_back(t.at); });
  return out;
}

TEST(TimerQueueTest, PopsDueTimersInInstantOrderAcrossBuckets) {
  TimerQueue q;
  for (Millis at : {5000, 10, 2048, 1023, 1024, 10}) q.Schedule({.at = at});
  EXPECT_EQ(PopAll(q, 9), (std::vector<Millis>{}));
  EXPECT_EQ(PopAll(q, 1024), (std::vector<Millis>{10, 10, 1023, 1024}));
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(PopAll(q, 100000), (std::vector<Millis>{2048, 5000}));
  EXPECT_EQ(q.size(), 0u);
}

TEST(TimerQueueTest, ExactInstantIsDueNotBefore) {
  TimerQueue q;
  q.Schedule({.at = 777});
  EXPECT_TRUE(PopAll(q, 776).empty());
  EXPECT_EQ(PopAll(q, 777), (std::vector<Millis>{777}));
}

TEST(TimerQueueTest, SchedulingIntoAPartlyPoppedBucketKeepsOrder) {
  TimerQueue q;
  q.Schedule({.at = 100});
  q.Schedule({.at = 300});
  EXPECT_EQ(PopAll(q, 150), (std::vector<Millis>{100}));
  q.Schedule({.at = 200});
  q.Schedule({.at = 250});
  EXPECT_EQ(PopAll(q, 1000), (std::vector<Millis>{200, 250, 300}));
}

TEST(TimerQueueTest, EqualInstantsPopInScheduleOrder) {
  TimerQueue q;
  q.Schedule({.at = 50, .user = UserId(2)});
  q.Schedule({.at = 50, .user = UserId(1)});
  std::vector<uint32_t> users;
  q.PopDue(50, [&](const Timer& t) { users.push_back(t.user.value()); });
  EXPECT_EQ(users, (std::vector<uint32_t>{2, 1}));
}

}  // namespace
}  // namespace banter::internal
