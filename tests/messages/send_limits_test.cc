// Slow mode and the flood limit (banter/moderation.h, docs/moderation.md):
// who sets them, who is held back and for how long, the order of the
// checks, and that a refused send records nothing.
#include <string>
#include <vector>

#include "banter/moderation.h"
#include "engine/messages/messages_key.h"
#include "engine/messages/moderation_hooks.h"
#include "engine/state.h"
#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

class SendLimitsTest : public MessagesTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    c_ = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_});
    d_ = MakeChannel("d", ChannelType::kPublic, o_, {a_, b_});
    sink().clear();
  }
  absl::Status SlowMode(const Actor& actor, ChannelId c, Millis ms) {
    return engine().Execute(actor, cmd::SetSlowMode{c, ms}, Now()).status();
  }
  absl::Status Flood(const Actor& actor, uint32_t n, Millis window) {
    return engine()
        .Execute(actor, cmd::SetFloodLimit{FloodLimit{n, window}}, Now())
        .status();
  }
  // The time left a refusal carries (-1 when it carries none).
  static int64_t Left(const absl::StatusOr<MessageId>& r) {
    return RetryAfterOf(r.status()).value_or(-1);
  }
  UserId o_, a_, b_;
  ChannelId c_, d_;
};

TEST_F(SendLimitsTest, MemberWaitsTheIntervalToTheMillisecond) {
  BANTER_ASSERT_OK(SlowMode(Actor::User(o_), c_, 5000));
  ASSERT_THAT(SendAs(a_, c_, "first"), IsOk());
  Advance(4999);
  auto refused = SendAs(a_, c_, "too soon");
  EXPECT_THAT(refused, StatusIs(ErrorCode::kSlowModeActive));
  EXPECT_EQ(Left(refused), 1);
  EXPECT_NE(refused.status().message().find("1 ms"), std::string::npos)
      << refused.status();
  // Other members and other channels are not held back.
  EXPECT_THAT(SendAs(b_, c_, "b"), IsOk());
  EXPECT_THAT(SendAs(a_, d_, "elsewhere"), IsOk());
  Advance(1);
  EXPECT_THAT(SendAs(a_, c_, "on time"), IsOk());
}

TEST_F(SendLimitsTest, TimeLeftCountsFromTheLastMessage) {
  BANTER_ASSERT_OK(SlowMode(Actor::Admin(), c_, 10'000));
  ASSERT_THAT(SendAs(a_, c_, "x"), IsOk());
  Advance(2500);
  EXPECT_EQ(Left(SendAs(a_, c_, "y")), 7500);
  Advance(7000);
  EXPECT_EQ(Left(SendAs(a_, c_, "y")), 500);
}

TEST_F(SendLimitsTest, FirstMessageOfAMemberIsNeverHeldBack) {
  BANTER_ASSERT_OK(SlowMode(Actor::Admin(), c_, kMaxSlowModeMs));
  EXPECT_THAT(SendAs(a_, c_, "hello"), IsOk());
  EXPECT_THAT(SendAs(b_, c_, "hello"), IsOk());
}

TEST_F(SendLimitsTest, OwnerManagersAdminAndBotMessagesAreExempt) {
  BANTER_ASSERT_OK(SlowMode(Actor::Admin(), c_, 60'000));
  EXPECT_THAT(SendAs(o_, c_, "1"), IsOk());
  EXPECT_THAT(SendAs(o_, c_, "2"), IsOk());
  EXPECT_THAT(SendAdmin(c_, "notice"), IsOk());
  EXPECT_THAT(SendAdmin(c_, "notice"), IsOk());
  const BotId bot = Bot("helper");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, c_, Now()));
  SendMessageRequest by_bot = Text(c_, "beep");
  EXPECT_THAT(engine().SendMessage(Actor::Bot(bot), by_bot, Now()), IsOk());
  EXPECT_THAT(engine().SendMessage(Actor::Bot(bot), by_bot, Now()), IsOk());
  // The admin posting as the owner: the owner's message, exempt.
  SendMessageRequest as_o = Text(c_, "by admin as o");
  as_o.sender = o_;
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), as_o, Now()), IsOk());

  // GitpleLive managers have the owner's powers.
  const ChannelId g = MakeChannel("group_one", ChannelType::kPrivate, UserId(),
                                  {a_, b_}, false, Dialect::kGitpleLive);
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g, a_, Now()));
  BANTER_ASSERT_OK(SlowMode(Actor::User(a_), g, 60'000));
  EXPECT_THAT(SendAs(a_, g, "1"), IsOk());
  EXPECT_THAT(SendAs(a_, g, "2"), IsOk());
  EXPECT_THAT(SendAs(b_, g, "1"), IsOk());
  EXPECT_THAT(SendAs(b_, g, "2"), StatusIs(ErrorCode::kSlowModeActive));
}

TEST_F(SendLimitsTest, LimitsFollowTheSenderNotTheCaller) {
  // The admin relaying a member's messages (the GitpleLive Platform API
  // sends that way) is held back as the member would be, and the member's
  // own next message waits for the relayed one.
  BANTER_ASSERT_OK(SlowMode(Actor::Admin(), c_, 60'000));
  SendMessageRequest as_a = Text(c_, "relayed");
  as_a.sender = a_;
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), as_a, Now()), IsOk());
  auto again = engine().SendMessage(Actor::Admin(), as_a, Now());
  EXPECT_THAT(again, StatusIs(ErrorCode::kSlowModeActive));
  EXPECT_EQ(Left(again), 60'000);
  EXPECT_THAT(SendAs(a_, c_, "mine"), StatusIs(ErrorCode::kSlowModeActive));
}

TEST_F(SendLimitsTest, SettingSlowModeNeedsOwnerPowers) {
  EXPECT_THAT(SlowMode(Actor::User(a_), c_, 1000),
              StatusIs(ErrorCode::kNotChannelOwner));
  const BotId bot = Bot("helper");
  EXPECT_THAT(SlowMode(Actor::Bot(bot), c_, 1000),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(SlowMode(Actor::Admin(), ChannelId(999), 1000),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(SlowMode(Actor::User(o_), c_, -1),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(SlowMode(Actor::User(o_), c_, kMaxSlowModeMs + 1),
              StatusIs(ErrorCode::kParamsBindingError));
  // The permission is checked before the range.
  EXPECT_THAT(SlowMode(Actor::User(a_), c_, -1),
              StatusIs(ErrorCode::kNotChannelOwner));
  EXPECT_TRUE(sink().events().empty());
  BANTER_EXPECT_OK(SlowMode(Actor::User(o_), c_, kMaxSlowModeMs));
}

TEST_F(SendLimitsTest, ChangeIsAnnouncedOnceAndShownOnTheChannel) {
  Advance(10);
  BANTER_ASSERT_OK(SlowMode(Actor::User(o_), c_, 3000));
  ASSERT_EQ(sink().Named("channelChanged").size(), 1u);
  EXPECT_EQ(LastRecipients("channelChanged"),
            (std::vector<std::string>{"a", "b", "o"}));
  auto view = engine().GetChannel(Actor::Admin(), c_, UserId());
  ASSERT_THAT(view, IsOk());
  EXPECT_EQ(view->slow_mode_ms, 3000);
  EXPECT_EQ(view->updated_at, Now());
  // The same value again changes nothing and tells nobody.
  Advance(10);
  BANTER_ASSERT_OK(SlowMode(Actor::User(o_), c_, 3000));
  EXPECT_EQ(sink().Named("channelChanged").size(), 1u);
  EXPECT_EQ(engine().GetChannel(Actor::Admin(), c_, UserId())->updated_at,
            Now() - 10);
}

TEST_F(SendLimitsTest, TurningSlowModeOffLiftsItAtOnce) {
  BANTER_ASSERT_OK(SlowMode(Actor::User(o_), c_, 60'000));
  ASSERT_THAT(SendAs(a_, c_, "1"), IsOk());
  EXPECT_THAT(SendAs(a_, c_, "2"), StatusIs(ErrorCode::kSlowModeActive));
  BANTER_ASSERT_OK(SlowMode(Actor::User(o_), c_, 0));
  EXPECT_THAT(SendAs(a_, c_, "2"), IsOk());
}

TEST_F(SendLimitsTest, OtherRefusalsComeFirst) {
  BANTER_ASSERT_OK(SlowMode(Actor::User(o_), c_, 60'000));
  ASSERT_THAT(SendAs(a_, c_, "1"), IsOk());
  EXPECT_THAT(SendAs(a_, c_, ""), StatusIs(ErrorCode::kBothMsgTextDataMissing));
  BANTER_ASSERT_OK(
      engine().Mute(Actor::User(o_), MuteRequest{c_, {a_}, 0}, Now()));
  EXPECT_THAT(SendAs(a_, c_, "2"), StatusIs(ErrorCode::kMutedInChannel));
}

TEST_F(SendLimitsTest, RefusedSendRecordsNothing) {
  BANTER_ASSERT_OK(SlowMode(Actor::User(o_), c_, 1000));
  ASSERT_THAT(SendAs(a_, c_, "1"), IsOk());
  const std::string before = engine().DebugString();
  Advance(999);
  EXPECT_THAT(SendAs(a_, c_, "2"), StatusIs(ErrorCode::kSlowModeActive));
  EXPECT_EQ(engine().DebugString(), before);
  Advance(1);
  EXPECT_THAT(SendAs(a_, c_, "2"), IsOk());
}

TEST_F(SendLimitsTest, RejoiningStartsTheMemberAfresh) {
  // Documented: the interval runs from the member's last message, which a
  // new membership does not have.
  BANTER_ASSERT_OK(SlowMode(Actor::User(o_), c_, 60'000));
  ASSERT_THAT(SendAs(a_, c_, "1"), IsOk());
  Leave(c_, a_);
  BANTER_ASSERT_OK(engine().Join(Actor::User(a_), JoinRequest{c_, a_, {}},
                                 Now()));
  EXPECT_THAT(SendAs(a_, c_, "2"), IsOk());
}

// ---- The flood limit ---------------------------------------------------------

TEST_F(SendLimitsTest, FloodLimitCountsAcrossChannels) {
  BANTER_ASSERT_OK(Flood(Actor::Admin(), 3, 10'000));
  EXPECT_EQ(engine().flood_limit(), (FloodLimit{3, 10'000}));
  ASSERT_THAT(SendAs(a_, c_, "1"), IsOk());
  Advance(1000);
  ASSERT_THAT(SendAs(a_, d_, "2"), IsOk());
  Advance(1000);
  ASSERT_THAT(SendAs(a_, c_, "3"), IsOk());
  Advance(1000);
  auto refused = SendAs(a_, d_, "4");
  EXPECT_THAT(refused, StatusIs(ErrorCode::kFloodLimitExceeded));
  EXPECT_EQ(Left(refused), 7000);
  // Another user has a window of its own.
  EXPECT_THAT(SendAs(b_, c_, "b"), IsOk());
}

TEST_F(SendLimitsTest, FloodWindowSlidesExactly) {
  BANTER_ASSERT_OK(Flood(Actor::Admin(), 3, 10'000));
  const Millis t0 = Now();
  for (int i = 0; i < 3; ++i) {
    ASSERT_THAT(SendAs(a_, c_, "m"), IsOk());
    Advance(1000);
  }
  // At t0 + 9999 the first message is still inside the window.
  Advance(t0 + 9999 - Now());
  EXPECT_EQ(Left(SendAs(a_, c_, "m")), 1);
  Advance(1);
  EXPECT_THAT(SendAs(a_, c_, "m"), IsOk());
  // Now the oldest counted is the one sent at t0 + 1000.
  EXPECT_EQ(Left(SendAs(a_, c_, "m")), 1000);
}

TEST_F(SendLimitsTest, RefusedSendsDoNotPushTheWindowOut) {
  BANTER_ASSERT_OK(Flood(Actor::Admin(), 1, 5000));
  ASSERT_THAT(SendAs(a_, c_, "1"), IsOk());
  for (int i = 0; i < 4; ++i) {
    Advance(1000);
    EXPECT_THAT(SendAs(a_, c_, "spam"),
                StatusIs(ErrorCode::kFloodLimitExceeded));
  }
  Advance(1000);
  EXPECT_THAT(SendAs(a_, c_, "2"), IsOk());
}

TEST_F(SendLimitsTest, FloodLimitHoldsOwnersBackButNotAdminMessages) {
  BANTER_ASSERT_OK(Flood(Actor::Admin(), 2, 60'000));
  ASSERT_THAT(SendAs(o_, c_, "1"), IsOk());
  ASSERT_THAT(SendAs(o_, c_, "2"), IsOk());
  EXPECT_THAT(SendAs(o_, c_, "3"), StatusIs(ErrorCode::kFloodLimitExceeded));
  for (int i = 0; i < 3; ++i) EXPECT_THAT(SendAdmin(c_, "notice"), IsOk());
  // Messages the admin posts as a user count for that user.
  SendMessageRequest as_b = Text(d_, "by admin as b");
  as_b.sender = b_;
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), as_b, Now()), IsOk());
  EXPECT_THAT(SendAs(b_, d_, "b1"), IsOk());
  EXPECT_THAT(SendAs(b_, d_, "b2"), StatusIs(ErrorCode::kFloodLimitExceeded));
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), as_b, Now()),
              StatusIs(ErrorCode::kFloodLimitExceeded));
}

TEST_F(SendLimitsTest, SlowModeIsReportedBeforeTheFloodLimit) {
  BANTER_ASSERT_OK(Flood(Actor::Admin(), 1, 60'000));
  BANTER_ASSERT_OK(SlowMode(Actor::User(o_), c_, 1000));
  ASSERT_THAT(SendAs(a_, c_, "1"), IsOk());
  EXPECT_THAT(SendAs(a_, c_, "2"), StatusIs(ErrorCode::kSlowModeActive));
  Advance(1000);
  EXPECT_THAT(SendAs(a_, c_, "2"), StatusIs(ErrorCode::kFloodLimitExceeded));
}

TEST_F(SendLimitsTest, SettingTheFloodLimitIsForTheAdminWithinBounds) {
  EXPECT_THAT(Flood(Actor::User(o_), 3, 1000),
              StatusIs(ErrorCode::kUnauthorized));
  for (const auto& [n, w] : std::vector<std::pair<uint32_t, Millis>>{
           {0, 5}, {3, 0}, {kMaxFloodMessages + 1, 1000},
           {3, kMaxFloodWindowMs + 1}, {3, -1}}) {
    EXPECT_THAT(Flood(Actor::Admin(), n, w),
                StatusIs(ErrorCode::kParamsBindingError))
        << n << "/" << w;
  }
  BANTER_EXPECT_OK(Flood(Actor::Admin(), kMaxFloodMessages, kMaxFloodWindowMs));
  BANTER_EXPECT_OK(Flood(Actor::Admin(), 0, 0));
  EXPECT_FALSE(engine().flood_limit().on());
}

TEST_F(SendLimitsTest, NewLimitStartsEveryWindowAfresh) {
  BANTER_ASSERT_OK(Flood(Actor::Admin(), 1, 60'000));
  ASSERT_THAT(SendAs(a_, c_, "1"), IsOk());
  EXPECT_THAT(SendAs(a_, c_, "2"), StatusIs(ErrorCode::kFloodLimitExceeded));
  BANTER_ASSERT_OK(Flood(Actor::Admin(), 1, 30'000));
  EXPECT_THAT(SendAs(a_, c_, "2"), IsOk());
  // Off: nothing is kept.
  BANTER_ASSERT_OK(Flood(Actor::Admin(), 0, 0));
  EXPECT_TRUE(internal::StateOf(engine()).flood->windows.empty());
  EXPECT_THAT(SendAs(a_, c_, "3"), IsOk());
}

TEST_F(SendLimitsTest, DumpShowsOnlyTimesThatCanStillCount) {
  BANTER_ASSERT_OK(Flood(Actor::Admin(), 2, 1000));
  BANTER_ASSERT_OK(SlowMode(Actor::User(o_), c_, 10));
  ASSERT_THAT(SendAs(a_, c_, "1"), IsOk());
  const std::string dump = engine().DebugString();
  EXPECT_NE(dump.find("flood_limit 2/1000\n"), std::string::npos) << dump;
  EXPECT_NE(dump.find("flood a sent="), std::string::npos) << dump;
  EXPECT_NE(dump.find("slow_mode c 10\n"), std::string::npos) << dump;
  Advance(1000);
  engine().AdvanceTime(Now());
  EXPECT_EQ(engine().DebugString().find("flood a sent="), std::string::npos);
}

TEST(FloodSweepTest, WindowsThatCannotCountAgainAreSwept) {
  // Straight on the state: a thousand users are too slow to build with the
  // fixture's invariant check after every call.
  internal::State s(TestOptions());
  s.flood.Mutable(internal::kMessagesKey).limit = FloodLimit{2, 1000};
  for (uint32_t u = 1; u <= 1000; ++u) {
    internal::RecordSend(s, UserId(u), 10, nullptr);
  }
  EXPECT_EQ(s.flood->windows.size(), 1000u);
  // The 1024th window sweeps the stale ones; recent ones stay.
  for (uint32_t u = 1001; u <= 1100; ++u) {
    internal::RecordSend(s, UserId(u), 5000, nullptr);
  }
  EXPECT_EQ(s.flood->windows.size(), 100u);
  EXPECT_TRUE(s.flood->windows.contains(UserId(1100)));
  EXPECT_FALSE(s.flood->windows.contains(UserId(1)));
}

}  // namespace
}  // namespace banter::testing
