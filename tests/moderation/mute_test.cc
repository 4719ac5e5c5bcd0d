// Channel mutes, unmutes and mute-all (spec §6.4, §7.3, §13 #19).
#include <string>
#include <vector>

#include "tests/moderation/moderation_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class MuteTest : public ModerationTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    n_ = User("n");
    c_ = Channel("c", ChannelType::kPublic, o_, {a_, b_});
    sink().clear();
  }
  UserId o_, a_, b_, n_;  // owner, two members, a non-member
  ChannelId c_;
};

TEST_F(MuteTest, MuteMarksMembersMutedAndTellsAllMembers) {
  BANTER_ASSERT_OK(Mute(Actor::User(o_), c_, {b_, a_}));
  EXPECT_TRUE(engine().IsMuted(c_, a_));
  EXPECT_TRUE(engine().IsMuted(c_, b_));
  EXPECT_FALSE(engine().IsMuted(c_, o_));
  EXPECT_THAT(sink().events(), ElementsAre(Ev("memberMuted", Now(), "c",
                                              {"b", "a"}, {"a", "b", "o"})));
}

TEST_F(MuteTest, MutedMemberCannotSendButOthersCan) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}));
  EXPECT_THAT(SendAs(a_, c_, "hi"), StatusIs(ErrorCode::kMutedInChannel));
  BANTER_EXPECT_OK(SendAs(b_, c_, "hi"));
}

TEST_F(MuteTest, PermanentMuteHasNoTimer) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}));
  EXPECT_EQ(engine().Stats().pending_timers, 0u);
  EXPECT_EQ(engine().AdvanceTime(Now() + 365 * 24 * 60 * kMinute), 0u);
  EXPECT_TRUE(engine().IsMuted(c_, a_));
}

TEST_F(MuteTest, TimedMuteShowsItsEndInMemberViews) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 5));
  auto page = engine().ListMuted(Actor::User(b_), c_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].user.id, "a");
  EXPECT_TRUE(page->items[0].muted);
  EXPECT_EQ(page->items[0].mute_expires_at, Now() + 5 * kMinute);
}

TEST_F(MuteTest, MuteOwnerFails) {
  EXPECT_THAT(Mute(Actor::Admin(), c_, {a_, o_}),
              StatusIs(ErrorCode::kCannotMuteChannelOwner));
}

TEST_F(MuteTest, MuteNonMemberFails) {
  EXPECT_THAT(Mute(Actor::Admin(), c_, {n_}),
              StatusIs(ErrorCode::kUserNotChannelMember));
}

TEST_F(MuteTest, MuteUnknownUserFails) {
  EXPECT_THAT(Mute(Actor::Admin(), c_, {UserId(999)}),
              StatusIs(ErrorCode::kUserNotFound));
}

TEST_F(MuteTest, MuteUnknownChannelFails) {
  EXPECT_THAT(Mute(Actor::Admin(), ChannelId(999), {a_}),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(MuteTest, MuteEmptyListFails) {
  EXPECT_THAT(Mute(Actor::Admin(), c_, {}),
              StatusIs(ErrorCode::kInvalidParams));
}

TEST_F(MuteTest, MuteNegativeOrHugeMinutesFails) {
  EXPECT_THAT(Mute(Actor::Admin(), c_, {a_}, -1),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Mute(Actor::Admin(), c_, {a_}, INT64_MAX / 1000),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(MuteTest, NonOwnerMemberCannotMute) {
  EXPECT_THAT(Mute(Actor::User(a_), c_, {b_}),
              StatusIs(ErrorCode::kNotChannelOwner));
}

TEST_F(MuteTest, FailedMuteChangesNothing) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {b_}, 3));
  sink().clear();
  const std::string before = engine().DebugString();
  const Millis later = Now() + 1000;
  EXPECT_THAT(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {a_, b_, n_}, 10 * 60'000}, later),
      StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {a_, b_}, -10 * 60'000}, later),
      StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(engine().Mute(Actor::User(a_), MuteRequest{c_, {b_}, 0}, later),
              StatusIs(ErrorCode::kNotChannelOwner));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_FALSE(engine().IsMuted(c_, a_));
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(MuteTest, RemuteReplacesTheEnd) {
  const Millis start = Now();
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 0));
  // The one-minute timer is stale: the mute is permanent now.
  EXPECT_EQ(engine().AdvanceTime(start + 10 * kMinute), 0u);
  EXPECT_TRUE(engine().IsMuted(c_, a_));

  // The engine's clock is at the AdvanceTime instant now.
  const Millis later = engine().now();
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 2));
  auto page = engine().ListMuted(Actor::Admin(), c_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].mute_expires_at, later + 2 * kMinute);
}

TEST_F(MuteTest, RemuteAfterLapseAnnouncesTheLapseFirst) {
  const Millis start = Now();
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  sink().clear();
  const Millis later = start + 5 * kMinute;
  BANTER_ASSERT_OK(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {a_}, 1 * 60'000}, later));
  EXPECT_THAT(
      sink().events(),
      ElementsAre(
          Ev("memberUnmuted", start + kMinute, "c", {"a"}, {"a", "b", "o"}),
          Ev("memberMuted", later, "c", {"a"}, {"a", "b", "o"})));
  // Only the new mute's timer still fires.
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(later + kMinute), 1u);
  EXPECT_THAT(sink().events(), ElementsAre(Ev("memberUnmuted", later + kMinute,
                                              "c", {"a"}, {"a", "b", "o"})));
}

TEST_F(MuteTest, UnmuteLiftsMuteAndTellsAllMembers) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_, b_}));
  sink().clear();
  BANTER_ASSERT_OK(Unmute(Actor::User(o_), c_, {a_}));
  EXPECT_FALSE(engine().IsMuted(c_, a_));
  EXPECT_TRUE(engine().IsMuted(c_, b_));
  EXPECT_THAT(sink().events(), ElementsAre(Ev("memberUnmuted", Now(), "c",
                                              {"a"}, {"a", "b", "o"})));
  BANTER_EXPECT_OK(SendAs(a_, c_, "free"));
}

TEST_F(MuteTest, UnmuteIgnoresMembersNotMuted) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {b_}));
  sink().clear();
  BANTER_ASSERT_OK(Unmute(Actor::Admin(), c_, {a_, b_, o_}));
  EXPECT_THAT(sink().events(), ElementsAre(Ev("memberUnmuted", Now(), "c",
                                              {"b"}, {"a", "b", "o"})));
  sink().clear();
  BANTER_ASSERT_OK(Unmute(Actor::Admin(), c_, {a_, b_}));
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(MuteTest, UnmuteErrors) {
  EXPECT_THAT(Unmute(Actor::Admin(), ChannelId(999), {a_}),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(Unmute(Actor::Admin(), c_, {}),
              StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(Unmute(Actor::Admin(), c_, {UserId(999)}),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(Unmute(Actor::Admin(), c_, {n_}),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(Unmute(Actor::User(a_), c_, {b_}),
              StatusIs(ErrorCode::kNotChannelOwner));
}

TEST_F(MuteTest, FailedUnmuteChangesNothing) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}));
  sink().clear();
  const std::string before = engine().DebugString();
  EXPECT_THAT(
      engine().Unmute(Actor::Admin(), MembersRequest{c_, {a_, n_}}, Now() + 1),
      StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_TRUE(engine().IsMuted(c_, a_));
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(MuteTest, LeavingClearsTheMute) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 10));
  BANTER_ASSERT_OK(
      engine().Leave(Actor::User(a_), LeaveRequest{c_, a_, false}, Now()));
  BANTER_ASSERT_OK(Join(a_, c_));
  EXPECT_FALSE(engine().IsMuted(c_, a_));
  BANTER_EXPECT_OK(SendAs(a_, c_, "back"));
  // The old timer is stale.
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(Now() + 10 * kMinute), 0u);
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(MuteTest, OwnershipPassingToAMutedMemberLiftsTheMute) {
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_, b_}, 10));
  sink().clear();
  BANTER_ASSERT_OK(engine().TransferOwnership(Actor::User(o_), c_, a_, Now()));
  EXPECT_FALSE(engine().IsMuted(c_, a_));
  EXPECT_TRUE(engine().IsMuted(c_, b_));
  ASSERT_EQ(sink().Named("memberUnmuted").size(), 1u);
  EXPECT_EQ(sink().Named("memberUnmuted")[0],
            Ev("memberUnmuted", Now(), "c", {"a"}, {"a", "b", "o"}));
  // The owner cannot be muted again, and the lifted mute's timer is stale.
  EXPECT_THAT(Mute(Actor::Admin(), c_, {a_}),
              StatusIs(ErrorCode::kCannotMuteChannelOwner));
  EXPECT_EQ(engine().AdvanceTime(Now() + 10 * kMinute), 1u);  // b's only
}

TEST_F(MuteTest, MuteAllMutesEveryoneButTheOwnerInHandleOrder) {
  UserId d = User("d");
  BANTER_ASSERT_OK(
      engine().AddMembers(Actor::Admin(), MembersRequest{c_, {d}}, Now()));
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {b_}, 1));
  sink().clear();
  BANTER_ASSERT_OK(engine().MuteAll(Actor::Admin(), c_, 0, Now()));
  EXPECT_FALSE(engine().IsMuted(c_, o_));
  for (UserId u : {a_, b_, d}) EXPECT_TRUE(engine().IsMuted(c_, u));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberMuted", Now(), "c", {"a", "b", "d"},
                             {"a", "b", "d", "o"})));
  // b's one-minute mute was replaced by a permanent one.
  EXPECT_EQ(engine().AdvanceTime(Now() + kMinute), 0u);
  EXPECT_TRUE(engine().IsMuted(c_, b_));
}

TEST_F(MuteTest, MuteAllWithMinutesSchedulesEachExpiry) {
  BANTER_ASSERT_OK(engine().MuteAll(Actor::Admin(), c_, 2 * 60'000, Now()));
  EXPECT_EQ(engine().Stats().pending_timers, 2u);
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(Now() + 2 * kMinute), 2u);
  EXPECT_FALSE(engine().IsMuted(c_, a_));
  EXPECT_FALSE(engine().IsMuted(c_, b_));
  EXPECT_EQ(sink().Named("memberUnmuted").size(), 2u);
}

TEST_F(MuteTest, MuteAllOnOwnerOnlyChannelEmitsNothing) {
  ChannelId solo = Channel("solo", ChannelType::kPrivate, o_);
  sink().clear();
  BANTER_ASSERT_OK(engine().MuteAll(Actor::Admin(), solo, 0, Now()));
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(MuteTest, MuteAllWorksOnSuperChannels) {
  std::vector<UserId> us = Users("u", 30);
  ChannelId sc = Channel("sc", ChannelType::kSuperBroadcast, o_, us);
  sink().clear();
  BANTER_ASSERT_OK(engine().MuteAll(Actor::Admin(), sc, 0, Now()));
  auto page = engine().ListMuted(Actor::Admin(), sc, UserId(), 100);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 30u);
  ASSERT_EQ(sink().Named("memberMuted").size(), 1u);
  EXPECT_EQ(sink().Named("memberMuted")[0].users.size(), 30u);
}

TEST_F(MuteTest, MuteAllErrors) {
  EXPECT_THAT(engine().MuteAll(Actor::User(o_), c_, 0, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().MuteAll(Actor::Admin(), ChannelId(999), 0, Now()),
              StatusIs(ErrorCode::kChannelNotFound));
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().MuteAll(Actor::Admin(), c_, -3 * 60'000, Now() + 5),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_EQ(engine().DebugString(), before);
}

TEST_F(MuteTest, MutedListIsInHandleOrderAndPaged) {
  std::vector<UserId> us = Users("u", 5);
  ChannelId ch = Channel("big", ChannelType::kPrivate, o_, us);
  BANTER_ASSERT_OK(Mute(Actor::Admin(), ch, {us[4], us[0], us[2]}));
  BANTER_ASSERT_OK(Mute(Actor::Admin(), ch, {us[3], us[1]}));
  auto p1 = engine().ListMuted(Actor::User(us[0]), ch, UserId(), 3);
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(Ids(*p1), ElementsAre("u0", "u1", "u2"));
  EXPECT_TRUE(p1->has_next);
  auto p2 = engine().ListMuted(Actor::User(us[0]), ch, us[2], 3);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(Ids(*p2), ElementsAre("u3", "u4"));
  EXPECT_FALSE(p2->has_next);
}

TEST_F(MuteTest, MutedListDefaultsTo50AndCapsAt100) {
  std::vector<UserId> us = Users("u", 120);
  ChannelId ch = Channel("big", ChannelType::kSuperPublic, o_, us);
  BANTER_ASSERT_OK(engine().MuteAll(Actor::Admin(), ch, 0, Now()));
  auto def = engine().ListMuted(Actor::Admin(), ch, UserId(), 0);
  ASSERT_THAT(def, IsOk());
  EXPECT_EQ(def->items.size(), 50u);
  EXPECT_TRUE(def->has_next);
  auto capped = engine().ListMuted(Actor::Admin(), ch, UserId(), 500);
  ASSERT_THAT(capped, IsOk());
  EXPECT_EQ(capped->items.size(), 100u);
  EXPECT_TRUE(capped->has_next);
}

TEST_F(MuteTest, MutedListOmitsLapsedMutes) {
  const Millis start = Now();
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {a_}, 1));
  BANTER_ASSERT_OK(Mute(Actor::Admin(), c_, {b_}));
  // A successful call at the lapse instant moves the clock.
  BANTER_ASSERT_OK(engine().Unmute(Actor::Admin(), MembersRequest{c_, {o_}},
                                   start + kMinute));
  auto page = engine().ListMuted(Actor::Admin(), c_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre("b"));
  EXPECT_FALSE(engine().IsMuted(c_, a_));
}

TEST_F(MuteTest, ListMutedErrors) {
  EXPECT_THAT(engine().ListMuted(Actor::Admin(), ChannelId(999), UserId(), 0),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().ListMuted(Actor::User(n_), c_, UserId(), 0),
              StatusIs(ErrorCode::kUserNotChannelMember));
}

}  // namespace
}  // namespace banter::testing
