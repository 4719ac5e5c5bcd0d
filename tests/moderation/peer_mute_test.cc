// Peer (personal) mutes (spec §6.9, §13 #17).
#include <string>
#include <vector>

#include "tests/moderation/moderation_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class PeerMuteTest : public ModerationTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    d_ = User("d");
    n_ = User("n");
    c_ = Channel("c", ChannelType::kPublic, o_, {a_, b_, d_});
    sink().clear();
  }
  std::vector<std::string> PeerMuted(UserId user) {
    auto page = engine().ListPeerMuted(Actor::Admin(), c_, user, UserId(), 0);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? Ids(*page) : std::vector<std::string>{};
  }
  UserId o_, a_, b_, d_, n_;  // owner, three members, a non-member
  ChannelId c_;
};

TEST_F(PeerMuteTest, PeerMuteIsListedForTheMuterOnly) {
  BANTER_ASSERT_OK(PeerMute(Actor::User(a_), c_, a_, {d_, b_}));
  EXPECT_THAT(PeerMuted(a_), ElementsAre("b", "d"));
  EXPECT_THAT(PeerMuted(b_), IsEmpty());
  // Personal: no realtime event, and the channel-wide mute is untouched.
  EXPECT_THAT(sink().events(), IsEmpty());
  EXPECT_FALSE(engine().IsMuted(c_, b_));
}

TEST_F(PeerMuteTest, PeerMutedSendersMessagesSkipTheMuter) {
  BANTER_ASSERT_OK(PeerMute(Actor::User(a_), c_, a_, {b_}));
  BANTER_ASSERT_OK(SendAs(b_, c_, "hello"));
  auto messages = sink().Named("message");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_THAT(messages[0].recipients, ElementsAre("d", "o"));
  // The target can still send, and the muter still hears everyone else.
  sink().clear();
  BANTER_ASSERT_OK(SendAs(d_, c_, "hi"));
  ASSERT_EQ(sink().Named("message").size(), 1u);
  EXPECT_THAT(sink().Named("message")[0].recipients,
              ElementsAre("a", "b", "o"));
}

TEST_F(PeerMuteTest, AdminMayPeerMuteForAMember) {
  BANTER_ASSERT_OK(PeerMute(Actor::Admin(), c_, b_, {a_}));
  EXPECT_THAT(PeerMuted(b_), ElementsAre("a"));
}

TEST_F(PeerMuteTest, PeerMutingForSomeoneElseFails) {
  EXPECT_THAT(PeerMute(Actor::User(a_), c_, b_, {d_}),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(PeerMute(Actor::User(o_), c_, b_, {d_}),
              StatusIs(ErrorCode::kUnauthorized));
}

TEST_F(PeerMuteTest, PeerMuteSelfFails) {
  EXPECT_THAT(PeerMute(Actor::User(a_), c_, a_, {b_, a_}),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(PeerMuteTest, NonMemberMuterFails) {
  EXPECT_THAT(PeerMute(Actor::User(n_), c_, n_, {a_}),
              StatusIs(ErrorCode::kUserNotChannelMember));
}

TEST_F(PeerMuteTest, NonMemberTargetFails) {
  EXPECT_THAT(PeerMute(Actor::User(a_), c_, a_, {b_, n_}),
              StatusIs(ErrorCode::kUserNotChannelMember));
}

TEST_F(PeerMuteTest, UnknownTargetOrMuterFails) {
  EXPECT_THAT(PeerMute(Actor::User(a_), c_, a_, {UserId(999)}),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(PeerMute(Actor::Admin(), c_, UserId(999), {a_}),
              StatusIs(ErrorCode::kUserNotFound));
}

TEST_F(PeerMuteTest, UnknownChannelFails) {
  EXPECT_THAT(PeerMute(Actor::User(a_), ChannelId(999), a_, {b_}),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(PeerMuteTest, EmptyTargetsFail) {
  EXPECT_THAT(PeerMute(Actor::User(a_), c_, a_, {}),
              StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(PeerUnmute(Actor::User(a_), c_, a_, {}),
              StatusIs(ErrorCode::kInvalidParams));
}

TEST_F(PeerMuteTest, NegativeOrHugeMinutesFail) {
  EXPECT_THAT(PeerMute(Actor::User(a_), c_, a_, {b_}, -1),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(PeerMute(Actor::User(a_), c_, a_, {b_}, INT64_MAX),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(PeerMuteTest, FailedPeerMuteChangesNothing) {
  BANTER_ASSERT_OK(PeerMute(Actor::User(a_), c_, a_, {b_}, 5));
  const std::string before = engine().DebugString();
  const Millis later = Now() + 1000;
  EXPECT_THAT(
      engine().PeerMute(Actor::User(a_),
                        PeerMuteRequest{c_, a_, {d_, o_, n_}, 1 * 60'000}, later),
      StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(engine().PeerMute(Actor::User(a_),
                                PeerMuteRequest{c_, a_, {d_, b_}, -1 * 60'000}, later),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(engine().PeerUnmute(Actor::User(a_),
                                  PeerMuteRequest{c_, a_, {b_, n_}, 0}, later),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(PeerMuted(a_), ElementsAre("b"));
}

TEST_F(PeerMuteTest, RepeatPeerMuteReplacesTheEnd) {
  const Millis start = Now();
  BANTER_ASSERT_OK(PeerMute(Actor::User(a_), c_, a_, {b_}, 1));
  BANTER_ASSERT_OK(PeerMute(Actor::User(a_), c_, a_, {b_, b_}, 0));
  EXPECT_EQ(engine().AdvanceTime(start + 2 * kMinute), 0u);
  EXPECT_THAT(PeerMuted(a_), ElementsAre("b"));
}

TEST_F(PeerMuteTest, PeerUnmuteRemovesAndIgnoresOthers) {
  BANTER_ASSERT_OK(PeerMute(Actor::User(a_), c_, a_, {b_, d_}));
  BANTER_ASSERT_OK(PeerUnmute(Actor::User(a_), c_, a_, {b_, o_}));
  EXPECT_THAT(PeerMuted(a_), ElementsAre("d"));
  BANTER_ASSERT_OK(PeerUnmute(Actor::User(a_), c_, a_, {b_}));
  EXPECT_THAT(PeerMuted(a_), ElementsAre("d"));
  EXPECT_THAT(sink().events(), IsEmpty());
  BANTER_ASSERT_OK(SendAs(b_, c_, "heard again"));
  EXPECT_THAT(sink().Named("message")[0].recipients,
              ElementsAre("a", "d", "o"));
}

TEST_F(PeerMuteTest, PeerUnmuteErrors) {
  EXPECT_THAT(PeerUnmute(Actor::User(a_), c_, b_, {d_}),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(PeerUnmute(Actor::User(a_), ChannelId(999), a_, {d_}),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(PeerUnmute(Actor::User(n_), c_, n_, {d_}),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(PeerUnmute(Actor::User(a_), c_, a_, {UserId(999)}),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(PeerUnmute(Actor::User(a_), c_, a_, {a_}),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(PeerMuteTest, LeavingDropsPeerMutesBothWays) {
  BANTER_ASSERT_OK(PeerMute(Actor::User(a_), c_, a_, {b_, d_}));
  BANTER_ASSERT_OK(PeerMute(Actor::User(b_), c_, b_, {a_}));
  BANTER_ASSERT_OK(
      engine().Leave(Actor::User(b_), LeaveRequest{c_, b_, false}, Now()));
  EXPECT_THAT(PeerMuted(a_), ElementsAre("d"));
  BANTER_ASSERT_OK(Join(b_, c_));
  EXPECT_THAT(PeerMuted(a_), ElementsAre("d"));
  EXPECT_THAT(PeerMuted(b_), IsEmpty());
}

TEST_F(PeerMuteTest, TimedPeerMuteLapsesAtItsEnd) {
  const Millis start = Now();
  BANTER_ASSERT_OK(PeerMute(Actor::User(a_), c_, a_, {b_}, 1));
  const Millis end = start + kMinute;
  // Delivery follows the rule at the send's own time, AdvanceTime or not.
  sink().clear();
  BANTER_ASSERT_OK(engine().SendMessage(
      Actor::User(b_), SendMessageRequest{.channel = c_, .text = "x"},
      end - 1));
  EXPECT_THAT(sink().Named("message")[0].recipients, ElementsAre("d", "o"));
  sink().clear();
  BANTER_ASSERT_OK(engine().SendMessage(
      Actor::User(b_), SendMessageRequest{.channel = c_, .text = "y"}, end));
  EXPECT_THAT(sink().Named("message")[0].recipients,
              ElementsAre("a", "d", "o"));
  EXPECT_THAT(PeerMuted(a_), IsEmpty());
  // Expiry drops the record silently.
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(end), 1u);
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(PeerMuteTest, PeerMutedListIsInHandleOrderAndPaged) {
  std::vector<UserId> us = Users("u", 5);
  ChannelId ch = Channel("big", ChannelType::kPrivate, o_, us);
  BANTER_ASSERT_OK(PeerMute(Actor::User(o_), ch, o_, {us[3], us[0], us[4]}));
  BANTER_ASSERT_OK(PeerMute(Actor::User(o_), ch, o_, {us[1], us[2]}));
  auto p1 = engine().ListPeerMuted(Actor::User(o_), ch, o_, UserId(), 2);
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(Ids(*p1), ElementsAre("u0", "u1"));
  EXPECT_TRUE(p1->has_next);
  auto p2 = engine().ListPeerMuted(Actor::User(o_), ch, o_, us[1], 2);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(Ids(*p2), ElementsAre("u2", "u3"));
  EXPECT_TRUE(p2->has_next);
  auto p3 = engine().ListPeerMuted(Actor::User(o_), ch, o_, us[3], 2);
  ASSERT_THAT(p3, IsOk());
  EXPECT_THAT(Ids(*p3), ElementsAre("u4"));
  EXPECT_FALSE(p3->has_next);
}

TEST_F(PeerMuteTest, PeerMutedListDefaultsTo50AndCapsAt100) {
  std::vector<UserId> us = Users("u", 120);
  ChannelId ch = Channel("big", ChannelType::kSuperPrivate, o_, us);
  BANTER_ASSERT_OK(PeerMute(Actor::User(o_), ch, o_, us));
  auto def = engine().ListPeerMuted(Actor::User(o_), ch, o_, UserId(), 0);
  ASSERT_THAT(def, IsOk());
  EXPECT_EQ(def->items.size(), 50u);
  EXPECT_TRUE(def->has_next);
  auto capped = engine().ListPeerMuted(Actor::User(o_), ch, o_, UserId(), 101);
  ASSERT_THAT(capped, IsOk());
  EXPECT_EQ(capped->items.size(), 100u);
  EXPECT_TRUE(capped->has_next);
}

TEST_F(PeerMuteTest, ListPeerMutedErrors) {
  EXPECT_THAT(engine().ListPeerMuted(Actor::User(a_), c_, b_, UserId(), 0),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(
      engine().ListPeerMuted(Actor::User(a_), ChannelId(999), a_, UserId(), 0),
      StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().ListPeerMuted(Actor::User(n_), c_, n_, UserId(), 0),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(
      engine().ListPeerMuted(Actor::Admin(), c_, UserId(999), UserId(), 0),
      StatusIs(ErrorCode::kUserNotFound));
}

}  // namespace
}  // namespace banter::testing
