// The expiry timer queue (engine/core/timer_queue.h) on its own:
// firing order, and which lifted timers Cancel removes.
#include "engine/core/timer_queue.h"

#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace banter::internal {
namespace {

Timer Mute(Millis at, uint32_t user) {
  return {.at = at,
          .kind = TimerKind::kMuteExpiry,
          .channel = ChannelId(1),
          .user = UserId(user)};
}

std::vector<uint32_t> Users(const std::vector<Timer>& timers) {
  std::vector<uint32_t> out;
  for (const Timer& t : timers) out.push_back(t.user.value());
  return out;
}

std::vector<uint32_t> PopAll(TimerQueue& q, Millis now) {
  std::vector<uint32_t> out;
  q.PopDue(now, [&](const Timer& t) { out.push_back(t.user.value()); });
  return out;
}

std::vector<Millis> PopInstants(TimerQueue& q, Millis now) {
  std::vector<Millis> out;
  q.PopDue(now, [&](const Timer& t) { out.push_back(t.at); });
  return out;
}

TEST(TimerQueueTest, PopsDueTimersInInstantOrderAcrossBuckets) {
  TimerQueue q;
  for (Millis at : {5000, 10, 2048, 1023, 1024, 10}) q.Schedule({.at = at});
  EXPECT_EQ(PopInstants(q, 9), (std::vector<Millis>{}));
  EXPECT_EQ(PopInstants(q, 1024), (std::vector<Millis>{10, 10, 1023, 1024}));
  EXPECT_EQ(q.size(), 2u);
  EXPECT_EQ(PopInstants(q, 100000), (std::vector<Millis>{2048, 5000}));
  EXPECT_EQ(q.size(), 0u);
}

TEST(TimerQueueTest, ExactInstantIsDueNotBefore) {
  TimerQueue q;
  q.Schedule({.at = 777});
  EXPECT_TRUE(PopInstants(q, 776).empty());
  EXPECT_EQ(PopInstants(q, 777), (std::vector<Millis>{777}));
}

TEST(TimerQueueTest, SchedulingIntoAPartlyPoppedBucketKeepsOrder) {
  TimerQueue q;
  q.Schedule({.at = 100});
  q.Schedule({.at = 300});
  EXPECT_EQ(PopInstants(q, 150), (std::vector<Millis>{100}));
  q.Schedule({.at = 200});
  q.Schedule({.at = 250});
  EXPECT_EQ(PopInstants(q, 1000), (std::vector<Millis>{200, 250, 300}));
}

TEST(TimerQueueTest, EqualInstantsPopInScheduleOrder) {
  TimerQueue q;
  q.Schedule({.at = 50, .user = UserId(2)});
  q.Schedule({.at = 50, .user = UserId(1)});
  std::vector<uint32_t> users;
  q.PopDue(50, [&](const Timer& t) { users.push_back(t.user.value()); });
  EXPECT_EQ(users, (std::vector<uint32_t>{2, 1}));
}

TEST(TimerQueueTest, PopsInInstantThenScheduleOrder) {
  TimerQueue q;
  q.Schedule(Mute(5000, 1));
  q.Schedule(Mute(3000, 2));  // earlier instant, scheduled later
  q.Schedule(Mute(5000, 3));
  q.Schedule(Mute(3000, 4));
  q.Schedule(Mute(900000, 5));
  EXPECT_THAT(PopAll(q, 2999), ::testing::IsEmpty());
  EXPECT_THAT(PopAll(q, 3000), ::testing::ElementsAre(2, 4));
  EXPECT_THAT(PopAll(q, 5000), ::testing::ElementsAre(1, 3));
  EXPECT_EQ(q.size(), 1u);
  EXPECT_THAT(PopAll(q, 1000000), ::testing::ElementsAre(5));
  EXPECT_EQ(q.size(), 0u);
}

TEST(TimerQueueTest, CancelsTheLatestAndTheEarliestOfABucket) {
  TimerQueue q;
  // 100 mutes ending at the same instant, lifted first-in first-out (as a
  // moderator undoing a batch would), then 100 lifted last-in first-out.
  for (uint32_t u = 1; u <= 100; ++u) q.Schedule(Mute(60000, u));
  for (uint32_t u = 1; u <= 100; ++u) ASSERT_TRUE(q.Cancel(Mute(60000, u)));
  EXPECT_EQ(q.size(), 0u);
  for (uint32_t u = 1; u <= 100; ++u) q.Schedule(Mute(60000, u));
  for (uint32_t u = 100; u >= 1; --u) ASSERT_TRUE(q.Cancel(Mute(60000, u)));
  EXPECT_EQ(q.size(), 0u);
  EXPECT_THAT(PopAll(q, 120000), ::testing::IsEmpty());
}

TEST(TimerQueueTest, ATimerDeepInsideItsBucketStaysQueued) {
  TimerQueue q;
  for (uint32_t u = 1; u <= 40; ++u) q.Schedule(Mute(60000, u));
  EXPECT_FALSE(q.Cancel(Mute(60000, 20)));  // neither among the first 8 nor the last 8
  EXPECT_FALSE(q.Cancel(Mute(60000, 99)));  // not queued at all
  EXPECT_FALSE(q.Cancel(Mute(70000, 1)));   // another instant
  EXPECT_TRUE(q.Cancel(Mute(60000, 8)));
  EXPECT_TRUE(q.Cancel(Mute(60000, 33)));
  EXPECT_EQ(q.size(), 38u);
  std::vector<uint32_t> left;
  for (uint32_t u = 1; u <= 40; ++u) {
    if (u != 8 && u != 33) left.push_back(u);
  }
  EXPECT_EQ(Users(q.All()), left);
  EXPECT_EQ(PopAll(q, 60000), left);
}

TEST(TimerQueueTest, CancelJudgesByOrderNotByInsertionLayout) {
  // Scheduled out of order, the bucket is unsorted; Cancel's window is over
  // (instant, schedule order), as in a queue restored from a snapshot.
  TimerQueue q;
  for (uint32_t u = 1; u <= 20; ++u) {
    q.Schedule(Mute(u % 2 == 0 ? 60100 : 60000, u));
  }
  // 60000 and 60100 share a bucket. Latest by (instant, order): the even
  // users at 60100; user 2 is the earliest of them, 10th from the end, so
  // outside the last 8, and 11th from the start...
  EXPECT_FALSE(q.Cancel(Mute(60100, 2)));
  // ...and user 1 is the very first.
  EXPECT_TRUE(q.Cancel(Mute(60000, 1)));
  EXPECT_TRUE(q.Cancel(Mute(60100, 20)));
  EXPECT_THAT(PopAll(q, 60000),
              ::testing::ElementsAre(3, 5, 7, 9, 11, 13, 15, 17, 19));
  EXPECT_THAT(PopAll(q, 60100),
              ::testing::ElementsAre(2, 4, 6, 8, 10, 12, 14, 16, 18));
}

TEST(TimerQueueTest, PartlyPoppedBucketStillCancelsAndPops) {
  TimerQueue q;
  for (uint32_t u = 1; u <= 30; ++u) q.Schedule(Mute(60000 + u, u));
  EXPECT_THAT(PopAll(q, 60010), ::testing::ElementsAre(1, 2, 3, 4, 5, 6, 7, 8,
                                                       9, 10));
  EXPECT_TRUE(q.Cancel(Mute(60011, 11)));  // now the earliest
  EXPECT_TRUE(q.Cancel(Mute(60030, 30)));  // the latest
  q.Schedule(Mute(60012, 31));
  EXPECT_EQ(q.size(), 19u);
  EXPECT_THAT(PopAll(q, 60013), ::testing::ElementsAre(12, 31, 13));
}

}  // namespace
}  // namespace banter::internal
