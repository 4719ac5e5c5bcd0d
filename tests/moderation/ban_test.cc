// Bans and unbans (spec §6.4, §13 #18; gitplelive.md §2.9, §5.7).
#include <string>
#include <vector>

#include "tests/moderation/moderation_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class BanTest : public ModerationTest {
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

TEST_F(BanTest, BanRemovesMemberAndRecordsBan) {
  BANTER_ASSERT_OK(Ban(Actor::User(o_), c_, {a_}, 0, "spam"));
  EXPECT_FALSE(engine().IsMember(c_, a_));
  EXPECT_TRUE(engine().IsBanned(c_, a_));
  EXPECT_FALSE(engine().IsBanned(c_, b_));
  auto page = engine().ListBanned(Actor::Admin(), c_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].member.user.id, "a");
  EXPECT_EQ(page->items[0].start_at, Now());
  EXPECT_EQ(page->items[0].end_at, 0);
  EXPECT_EQ(page->items[0].reason, "spam");
}

TEST_F(BanTest, BanKeepsOwnership) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_, b_}));
  auto ch = engine().GetChannel(Actor::Admin(), c_, UserId());
  ASSERT_THAT(ch, IsOk());
  EXPECT_EQ(ch->owner_id, "o");
  EXPECT_EQ(ch->member_count, 1);
}

TEST_F(BanTest, BanEmitsMemberBannedToRemainingAndChannelRemovedToBanned) {
  BANTER_ASSERT_OK(Ban(Actor::User(o_), c_, {a_}));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberBanned", Now(), "c", {"a"}, {"b", "o"}),
                          Ev("channelRemoved", Now(), "c", {}, {"a"})));
}

TEST_F(BanTest, BanOfSeveralUsersEmitsOneEventListingThemInRequestOrder) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {b_, a_}));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberBanned", Now(), "c", {"b", "a"}, {"o"}),
                          Ev("channelRemoved", Now(), "c", {}, {"a", "b"})));
}

TEST_F(BanTest, DuplicateTargetsCollapse) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_, a_}));
  ASSERT_EQ(sink().Named("memberBanned").size(), 1u);
  EXPECT_THAT(sink().Named("memberBanned")[0].users, ElementsAre("a"));
}

TEST_F(BanTest, BanUnknownChannelFails) {
  EXPECT_THAT(Ban(Actor::Admin(), ChannelId(999), {a_}),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(BanTest, BanUnknownUserFails) {
  EXPECT_THAT(Ban(Actor::Admin(), c_, {UserId(999)}),
              StatusIs(ErrorCode::kUserNotFound));
}

TEST_F(BanTest, BanNonMemberFails) {
  EXPECT_THAT(Ban(Actor::Admin(), c_, {n_}),
              StatusIs(ErrorCode::kBanUserNotMember));
}

TEST_F(BanTest, BanAlreadyBannedUserFailsAsNonMember) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}));
  EXPECT_THAT(Ban(Actor::Admin(), c_, {a_}),
              StatusIs(ErrorCode::kBanUserNotMember));
}

TEST_F(BanTest, BanOwnerFails) {
  EXPECT_THAT(Ban(Actor::Admin(), c_, {o_}),
              StatusIs(ErrorCode::kCannotBanOwnerFromChannel));
  EXPECT_THAT(Ban(Actor::User(o_), c_, {o_}),
              StatusIs(ErrorCode::kCannotBanOwnerFromChannel));
}

TEST_F(BanTest, BanEmptyListFails) {
  EXPECT_THAT(Ban(Actor::Admin(), c_, {}), StatusIs(ErrorCode::kInvalidParams));
}

TEST_F(BanTest, BanNegativeDurationFails) {
  EXPECT_THAT(Ban(Actor::Admin(), c_, {a_}, -1),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(BanTest, BanDurationPastRepresentableTimeFails) {
  EXPECT_THAT(Ban(Actor::Admin(), c_, {a_}, INT64_MAX),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(BanTest, BanReasonUpTo256CharactersIsAccepted) {
  // Characters, not bytes: 256 two-byte characters fit.
  std::string reason;
  for (int i = 0; i < 256; ++i) reason += "\xc3\xa9";  // é
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}, 0, reason));
  EXPECT_THAT(Ban(Actor::Admin(), c_, {b_}, 0, std::string(257, 'x')),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(BanTest, NonOwnerMemberCannotBan) {
  EXPECT_THAT(Ban(Actor::User(a_), c_, {b_}),
              StatusIs(ErrorCode::kNotChannelOwner));
}

TEST_F(BanTest, FailedBanChangesNothing) {
  const std::string before = engine().DebugString();
  // Each bad element is last: every earlier one was valid.
  EXPECT_THAT(engine().Ban(Actor::Admin(), BanRequest{c_, {a_, b_, n_}, 5, ""},
                           Now() + 1000),
              StatusIs(ErrorCode::kBanUserNotMember));
  EXPECT_THAT(engine().Ban(Actor::Admin(), BanRequest{c_, {a_, o_}, 5, ""},
                           Now() + 1000),
              StatusIs(ErrorCode::kCannotBanOwnerFromChannel));
  EXPECT_THAT(engine().Ban(Actor::Admin(),
                           BanRequest{c_, {a_}, 5, std::string(300, 'r')},
                           Now() + 1000),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(
      engine().Ban(Actor::Admin(), BanRequest{c_, {a_}, -5, ""}, Now() + 1000),
      StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_EQ(engine().now(), Now());
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(BanTest, BannedUserCannotRejoinOrBeAdded) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}));
  EXPECT_THAT(Join(a_, c_), StatusIs(ErrorCode::kBannedFromChannel));
  EXPECT_THAT(
      engine().AddMembers(Actor::Admin(), MembersRequest{c_, {a_}}, Now()),
      StatusIs(ErrorCode::kCannotAddBannedUser));
}

TEST_F(BanTest, TimedBanRecordsItsEnd) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}, 30'000, "cool off"));
  auto page = engine().ListBanned(Actor::Admin(), c_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].start_at, Now());
  EXPECT_EQ(page->items[0].end_at, Now() + 30'000);
  EXPECT_EQ(engine().Stats().pending_timers, 1u);
}

TEST_F(BanTest, TimedBanRefusesRejoinUntilItsEndWithoutAdvanceTime) {
  const Millis start = Now();
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}, 30'000));
  EXPECT_THAT(engine().Join(Actor::User(a_), JoinRequest{c_, a_, std::nullopt},
                            start + 29'999),
              StatusIs(ErrorCode::kBannedFromChannel));
  sink().clear();
  BANTER_EXPECT_OK(engine().Join(
      Actor::User(a_), JoinRequest{c_, a_, std::nullopt}, start + 30'000));
  EXPECT_TRUE(engine().IsMember(c_, a_));
  EXPECT_FALSE(engine().IsBanned(c_, a_));
  // The lapsed ban is announced at its own end, before the join.
  auto unbanned = sink().Named("memberUnbanned");
  ASSERT_EQ(unbanned.size(), 1u);
  EXPECT_EQ(unbanned[0],
            Ev("memberUnbanned", start + 30'000, "c", {"a"}, {"b", "o"}));
  // Its timer is stale now.
  EXPECT_EQ(engine().AdvanceTime(start + 60'000), 0u);
}

TEST_F(BanTest, UnbanLiftsBanWithoutReadding) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}));
  sink().clear();
  BANTER_ASSERT_OK(Unban(Actor::User(o_), c_, {a_}));
  EXPECT_FALSE(engine().IsBanned(c_, a_));
  EXPECT_FALSE(engine().IsMember(c_, a_));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberUnbanned", Now(), "c", {"a"}, {"b", "o"})));
  BANTER_EXPECT_OK(Join(a_, c_));
}

TEST_F(BanTest, UnbanIgnoresUsersNotBanned) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}));
  sink().clear();
  BANTER_ASSERT_OK(Unban(Actor::Admin(), c_, {n_, a_, b_}));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberUnbanned", Now(), "c", {"a"}, {"b", "o"})));
  sink().clear();
  BANTER_ASSERT_OK(Unban(Actor::Admin(), c_, {a_, n_}));
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(BanTest, UnbanErrors) {
  EXPECT_THAT(Unban(Actor::Admin(), ChannelId(999), {a_}),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(Unban(Actor::Admin(), c_, {}),
              StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(Unban(Actor::Admin(), c_, {UserId(999)}),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(Unban(Actor::User(a_), c_, {b_}),
              StatusIs(ErrorCode::kNotChannelOwner));
}

TEST_F(BanTest, FailedUnbanChangesNothing) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}));
  sink().clear();
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().Unban(Actor::Admin(),
                             MembersRequest{c_, {a_, UserId(77)}}, Now() + 1),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_TRUE(engine().IsBanned(c_, a_));
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(BanTest, RebanAfterTimedBanLapsedReplacesTheRecord) {
  const Millis start = Now();
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}, 1000, "first"));
  BANTER_ASSERT_OK(engine().Join(
      Actor::User(a_), JoinRequest{c_, a_, std::nullopt}, start + 1000));
  BANTER_ASSERT_OK(engine().Ban(
      Actor::Admin(), BanRequest{c_, {a_}, 0, "second"}, start + 2000));
  auto page = engine().ListBanned(Actor::Admin(), c_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].start_at, start + 2000);
  EXPECT_EQ(page->items[0].end_at, 0);
  EXPECT_EQ(page->items[0].reason, "second");
  EXPECT_EQ(engine().AdvanceTime(start + 5000), 0u);
  EXPECT_TRUE(engine().IsBanned(c_, a_));
}

TEST_F(BanTest, BanInSuperChannel) {
  ChannelId sc = Channel("sc", ChannelType::kSuperPublic, o_, {a_, b_});
  BANTER_ASSERT_OK(Ban(Actor::User(o_), sc, {a_}));
  EXPECT_TRUE(engine().IsBanned(sc, a_));
  auto page = engine().ListBanned(Actor::User(o_), sc, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre("a"));
}

TEST_F(BanTest, BannedListIsInHandleOrderAndPaged) {
  std::vector<UserId> us = Users("u", 5);
  ChannelId ch = Channel("big", ChannelType::kPrivate, o_, us);
  // Ban in reverse handle order: the list still comes in handle order.
  BANTER_ASSERT_OK(Ban(Actor::Admin(), ch, {us[4], us[3]}));
  BANTER_ASSERT_OK(Ban(Actor::Admin(), ch, {us[2], us[1], us[0]}));
  auto p1 = engine().ListBanned(Actor::Admin(), ch, UserId(), 2);
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(Ids(*p1), ElementsAre("u0", "u1"));
  EXPECT_TRUE(p1->has_next);
  auto p2 = engine().ListBanned(Actor::Admin(), ch, us[1], 2);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(Ids(*p2), ElementsAre("u2", "u3"));
  EXPECT_TRUE(p2->has_next);
  auto p3 = engine().ListBanned(Actor::Admin(), ch, us[3], 2);
  ASSERT_THAT(p3, IsOk());
  EXPECT_THAT(Ids(*p3), ElementsAre("u4"));
  EXPECT_FALSE(p3->has_next);
}

TEST_F(BanTest, BannedListDefaultsTo50AndCapsAt100) {
  std::vector<UserId> us = Users("u", 120);
  ChannelId ch = Channel("big", ChannelType::kSuperPrivate, o_, us);
  BANTER_ASSERT_OK(Ban(Actor::Admin(), ch, UserTargets(us.begin(), us.end())));
  auto def = engine().ListBanned(Actor::Admin(), ch, UserId(), 0);
  ASSERT_THAT(def, IsOk());
  EXPECT_EQ(def->items.size(), 50u);
  EXPECT_TRUE(def->has_next);
  auto capped = engine().ListBanned(Actor::Admin(), ch, UserId(), 1000);
  ASSERT_THAT(capped, IsOk());
  EXPECT_EQ(capped->items.size(), 100u);
  EXPECT_TRUE(capped->has_next);
  auto rest = engine().ListBanned(Actor::Admin(), ch, us[99], 100);
  ASSERT_THAT(rest, IsOk());
  EXPECT_EQ(rest->items.size(), 20u);
  EXPECT_FALSE(rest->has_next);
}

TEST_F(BanTest, BannedListShowsUserFieldsOnly) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}, 0, "r"));
  auto page = engine().ListBanned(Actor::Admin(), c_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  auto user = engine().GetUser(Actor::Admin(), a_);
  ASSERT_THAT(user, IsOk());
  MemberView expected;
  expected.user = *user;
  EXPECT_EQ(page->items[0].member, expected);
}

TEST_F(BanTest, BannedListOmitsLapsedBans) {
  const Millis start = Now();
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}, 1000));
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {b_}));
  // Any successful call moves the engine's clock; no AdvanceTime needed.
  BANTER_ASSERT_OK(
      engine().Unban(Actor::Admin(), MembersRequest{c_, {n_}}, start + 1000));
  auto page = engine().ListBanned(Actor::Admin(), c_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre("b"));
  EXPECT_FALSE(engine().IsBanned(c_, a_));
}

TEST_F(BanTest, DeletedUserLeavesTheBannedList) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), c_, {a_}));
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), a_, Now()));
  auto page = engine().ListBanned(Actor::Admin(), c_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), IsEmpty());
  // The name is free again, and its new holder is not banned.
  UserId again = User("a");
  EXPECT_FALSE(engine().IsBanned(c_, again));
  BANTER_EXPECT_OK(Join(again, c_));
}

TEST_F(BanTest, ListBannedErrors) {
  EXPECT_THAT(engine().ListBanned(Actor::Admin(), ChannelId(999), UserId(), 0),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().ListBanned(Actor::User(a_), c_, UserId(), 0),
              StatusIs(ErrorCode::kNotChannelOwner));
}

// ---- GitpleLive managers (gitplelive.md §5.7, §6) --------------------------

class GitpleBanTest : public ModerationTest {
 protected:
  void SetUp() override {
    m1_ = User("m1");
    m2_ = User("m2");
    a_ = User("a");
    b_ = User("b");
    g_ = GitpleChannel("group", {m1_, m2_, a_, b_}, {m1_, m2_});
    sink().clear();
  }
  UserId m1_, m2_, a_, b_;
  ChannelId g_;
};

TEST_F(GitpleBanTest, ManagerCanBanMember) {
  BANTER_ASSERT_OK(Ban(Actor::User(m1_), g_, {a_}, 60'000, "flood"));
  EXPECT_TRUE(engine().IsBanned(g_, a_));
  EXPECT_THAT(Join(a_, g_), StatusIs(ErrorCode::kBannedFromChannel));
}

TEST_F(GitpleBanTest, ManagerCannotBanManager) {
  EXPECT_THAT(Ban(Actor::User(m1_), g_, {a_, m2_}),
              StatusIs(ErrorCode::kCannotBanManager));
  EXPECT_FALSE(engine().IsBanned(g_, a_));
}

TEST_F(GitpleBanTest, NobodyCanBanThemselves) {
  EXPECT_THAT(Ban(Actor::User(m1_), g_, {m1_}),
              StatusIs(ErrorCode::kCannotBanSelf));
}

TEST_F(GitpleBanTest, AdminCanBanManager) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), g_, {m2_}));
  EXPECT_TRUE(engine().IsBanned(g_, m2_));
  auto ch = engine().GetChannel(Actor::Admin(), g_, UserId());
  ASSERT_THAT(ch, IsOk());
  EXPECT_THAT(ch->managers, ElementsAre("m1"));
}

TEST_F(GitpleBanTest, MemberCannotBan) {
  EXPECT_THAT(Ban(Actor::User(a_), g_, {b_}),
              StatusIs(ErrorCode::kNotChannelOwner));
}

TEST_F(GitpleBanTest, ManagerCanUnbanAndListBanned) {
  BANTER_ASSERT_OK(Ban(Actor::Admin(), g_, {a_}));
  auto page = engine().ListBanned(Actor::User(m2_), g_, UserId(), 0);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre("a"));
  BANTER_ASSERT_OK(Unban(Actor::User(m2_), g_, {a_}));
  EXPECT_FALSE(engine().IsBanned(g_, a_));
  EXPECT_THAT(engine().ListBanned(Actor::User(b_), g_, UserId(), 0),
              StatusIs(ErrorCode::kNotChannelOwner));
}

TEST_F(GitpleBanTest, TimedBanEndsOnItsOwn) {
  const Millis start = Now();
  BANTER_ASSERT_OK(Ban(Actor::User(m1_), g_, {a_}, 10'000, "wait"));
  sink().clear();
  EXPECT_EQ(engine().AdvanceTime(start + 10'000), 1u);
  EXPECT_FALSE(engine().IsBanned(g_, a_));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberUnbanned", start + 10'000, "group", {"a"},
                             {"b", "m1", "m2"})));
}

}  // namespace
}  // namespace banter::testing
