// Timed moderation state and AdvanceTime (design.md "Time"; spec §13 #19).
#include <string>
#include <vector>

#include "tests/moderation/moderation_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ExpiryTest : public ModerationTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    d_ = User("d");
    c_ = Channel("c", ChannelType::kPublic, o_, {a_, b_, d_});
    start_ = Now();
    sink().clear();
  }
  UserId o_, a_, b_, d_;
  ChannelId c_;
  Millis start_ = 0;
};

TEST_F(ExpiryTest, MuteIsInForceUntilTheExactMillisecond) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  const Millis end = start_ + kMinute;
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(end - 1), 0u);
  EXPECT_TRUE(engine().IsMuted(c_, a_));
  EXPECT_THAT(sink().events(), IsEmpty());
  EXPECT_EQ(engine().AdvanceTime(end), 1u);
  EXPECT_FALSE(engine().IsMuted(c_, a_));
  EXPECT_THAT(sink().events(), ElementsAre(Ev("memberUnmuted", end, "c", {"a"},
                                              {"a", "b", "d", "o"})));
}

TEST_F(ExpiryTest, SendFollowsTheMuteEndWithoutAdvanceTime) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  const Millis end = start_ + kMinute;
  SendMessageRequest r{.channel = c_, .text = "now?"};
  EXPECT_THAT(engine().SendMessage(Actor::User(a_), r, end - 1),
              StatusIs(ErrorCode::kMutedInChannel));
  BANTER_EXPECT_OK(engine().SendMessage(Actor::User(a_), r, end).status());
  EXPECT_FALSE(engine().IsMuted(c_, a_));
}

TEST_F(ExpiryTest, IsMutedAndIsBannedReadTheEngineClock) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {b_}, 500));
  // Any successful call moves the clock; AdvanceTime is not needed.
  BANTER_ASSERT_OK(
      engine().Unban(Actor::Admin(), MembersRequest{c_, {d_}}, start_ + 499));
  EXPECT_TRUE(engine().IsBanned(c_, b_));
  BANTER_ASSERT_OK(
      engine().Unban(Actor::Admin(), MembersRequest{c_, {d_}}, start_ + 500));
  EXPECT_FALSE(engine().IsBanned(c_, b_));
  EXPECT_TRUE(engine().IsMuted(c_, a_));
  BANTER_ASSERT_OK(engine().Unban(Actor::Admin(), MembersRequest{c_, {d_}},
                                  start_ + kMinute));
  EXPECT_FALSE(engine().IsMuted(c_, a_));
}

TEST_F(ExpiryTest, EventIsStampedWithTheEndEvenWhenAdvancedLate) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  sink().clear();
  const Millis late = start_ + 60 * kMinute;
  EXPECT_EQ(engine().AdvanceTime(late), 1u);
  EXPECT_EQ(engine().now(), late);
  ASSERT_EQ(sink().events().size(), 1u);
  EXPECT_EQ(sink().events()[0].at, start_ + kMinute);
}

TEST_F(ExpiryTest, SeveralTimersFireInInstantOrder) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 3));           // +3 min
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {d_}, 1));           // +1 min
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {b_}, 2 * kMinute));  // +2 min
  BANTER_ASSERT_OK(PeerMute(Actor::User(d_), c_, d_, {a_}, 2));  // +2 min
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(start_ + 10 * kMinute), 4u);
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberUnmuted", start_ + kMinute, "c", {"d"},
                             {"a", "d", "o"}),
                          Ev("memberUnbanned", start_ + 2 * kMinute, "c", {"b"},
                             {"a", "d", "o"}),
                          Ev("memberUnmuted", start_ + 3 * kMinute, "c", {"a"},
                             {"a", "d", "o"})));
  EXPECT_EQ(engine().Stats().pending_timers, 0u);
}

TEST_F(ExpiryTest, LiftedAndReplacedMutesAndBansLeaveNoTimerBehind) {
  // A game server that mutes and unmutes the same players many times
  // between two AdvanceTime calls must not grow the timer queue.
  for (int i = 0; i < 1000; ++i) {
    BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 5));
    BANTER_ASSERT_OK(
        engine().Unmute(Actor::Admin(), MembersRequest{c_, {a_}}, start_));
    BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {d_}, 300));
    BANTER_ASSERT_OK(
        engine().Unban(Actor::Admin(), MembersRequest{c_, {d_}}, start_));
    BANTER_ASSERT_OK(engine().AddMembers(Actor::Admin(), {c_, {d_}}, start_));
  }
  EXPECT_EQ(engine().Stats().pending_timers, 0u);
  // Re-muting to another end replaces the timer; to the same end keeps it.
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {b_}, 1));
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {b_}, 2));
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {b_}, 2));
  EXPECT_EQ(engine().Stats().pending_timers, 1u);
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(start_ + kMinute), 0u);
  EXPECT_TRUE(engine().IsMuted(c_, b_));
  EXPECT_EQ(engine().AdvanceTime(start_ + 2 * kMinute), 1u);
  EXPECT_FALSE(engine().IsMuted(c_, b_));
  EXPECT_EQ(engine().Stats().pending_timers, 0u);
}

TEST_F(ExpiryTest, TimersDueAtTheSameInstantFireInScheduleOrder) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {d_}, 1));
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(start_ + kMinute), 2u);
  ASSERT_EQ(sink().events().size(), 2u);
  EXPECT_THAT(sink().events()[0].users, ElementsAre("d"));
  EXPECT_THAT(sink().events()[1].users, ElementsAre("a"));
}

TEST_F(ExpiryTest, AdvanceTimeFiresOnlyWhatIsDue) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {b_}, 2));
  EXPECT_EQ(engine().AdvanceTime(start_ + kMinute + 1), 1u);
  EXPECT_FALSE(engine().IsMuted(c_, a_));
  EXPECT_TRUE(engine().IsMuted(c_, b_));
  EXPECT_EQ(engine().Stats().pending_timers, 1u);
  EXPECT_EQ(engine().AdvanceTime(start_ + kMinute + 2), 0u);
  EXPECT_EQ(engine().AdvanceTime(start_ + 2 * kMinute), 1u);
}

TEST_F(ExpiryTest, TimeNeverRunsBackwards) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  EXPECT_EQ(engine().AdvanceTime(start_ + 2 * kMinute), 1u);
  EXPECT_EQ(engine().AdvanceTime(start_), 0u);
  EXPECT_EQ(engine().now(), start_ + 2 * kMinute);
  // A call stamped in the past runs at the engine's time.
  BANTER_ASSERT_OK(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {b_}, 1 * 60'000}, start_));
  auto page = engine().ListMuted(Actor::Admin(), c_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].mute_expires_at, start_ + 3 * kMinute);
}

TEST_F(ExpiryTest, LiftedMuteLeavesAStaleTimer) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  BANTER_ASSERT_OK(Unmute(Actor::Admin(), c_, {a_}));
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(start_ + kMinute), 0u);
  EXPECT_THAT(sink().events(), IsEmpty());
  EXPECT_EQ(engine().Stats().pending_timers, 0u);
}

TEST_F(ExpiryTest, LiftedBanLeavesAStaleTimer) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}, 1000));
  BANTER_ASSERT_OK(Unban(Actor::Admin(), c_, {a_}));
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(start_ + 1000), 0u);
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(ExpiryTest, DeletedChannelLeavesStaleTimers) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {b_}, kMinute));
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::Admin(), c_, Now()));
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(start_ + kMinute), 0u);
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(ExpiryTest, BanExpiryAnnouncesAndAllowsRejoin) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}, 1000));
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(start_ + 1000), 1u);
  EXPECT_THAT(sink().events(), ElementsAre(Ev("memberUnbanned", start_ + 1000,
                                              "c", {"a"}, {"b", "d", "o"})));
  EXPECT_FALSE(engine().IsBanned(c_, a_));
  BANTER_EXPECT_OK(Join(a_, c_));
}

TEST_F(ExpiryTest, UnmuteOfALapsedMuteLeavesItsExpiryToAdvanceTime) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  sink().clear();
  BANTER_ASSERT_OK(engine().Unmute(Actor::Admin(), MembersRequest{c_, {a_}},
                                   start_ + 2 * kMinute));
  EXPECT_THAT(sink().events(), IsEmpty());
  EXPECT_EQ(engine().AdvanceTime(start_ + 2 * kMinute), 1u);
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberUnmuted", start_ + kMinute, "c", {"a"},
                             {"a", "b", "d", "o"})));
}

TEST_F(ExpiryTest, DumpListsQueuedTimersInOrder) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 2));
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {b_}, kMinute));
  BANTER_ASSERT_OK(PeerMute(Actor::User(d_), c_, d_, {a_}, 3));
  const std::string dump = engine().DebugString();
  const std::string ban = "timer at=" + std::to_string(start_ + kMinute) +
                          " kind=ban channel=c user=b\n";
  const std::string mute = "timer at=" + std::to_string(start_ + 2 * kMinute) +
                           " kind=mute channel=c user=a\n";
  const std::string peer = "timer at=" + std::to_string(start_ + 3 * kMinute) +
                           " kind=peer_mute channel=c user=d target=a\n";
  EXPECT_THAT(dump, HasSubstr(ban + mute + peer));
  EXPECT_EQ(engine().Stats().pending_timers, 3u);
}

TEST_F(ExpiryTest, FailedCallsDoNotMoveTheClock) {
  const Millis later = start_ + kMinute;
  EXPECT_THAT(engine().Mute(Actor::Admin(), MuteRequest{c_, {o_}, 1 * 60'000}, later),
              StatusIs(ErrorCode::kCannotMuteChannelOwner));
  EXPECT_THAT(engine().Ban(Actor::Admin(), BanRequest{c_, {}, 0, ""}, later),
              StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(engine().PeerMute(Actor::Admin(),
                                PeerMuteRequest{c_, a_, {a_}, 0}, later),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_EQ(engine().now(), start_);
}

}  // namespace
}  // namespace banter::testing
