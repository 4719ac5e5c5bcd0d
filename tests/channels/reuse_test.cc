// The GitpleLive reuse rule (gitplelive.md §5.3): FindReusableChannel and
// CreateChannel with reuse on the GitpleLive dialect.
#include <string>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/channels/channels_test_util.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {
namespace {

using ::testing::IsEmpty;

class ReuseTest : public EngineTest {
 protected:
  void SetUp() override {
    a_ = User("a");
    b_ = User("b");
    d_ = User("d");
  }
  ChannelId Group(const std::string& id, std::vector<UserId> members) {
    auto g = engine().CreateChannel(Actor::Admin(), GitpleReq(id, members),
                                    Now());
    EXPECT_THAT(g, IsOk());
    return g.ok() ? *g : ChannelId();
  }
  ChannelId Find(std::vector<UserId> members) {
    return engine().FindReusableChannel(members);
  }

  UserId a_, b_, d_;
};

TEST_F(ReuseTest, FindsTheChannelWithExactlyTheseMembers) {
  ChannelId g = Group("dm_ab", {a_, b_});
  EXPECT_EQ(Find({a_, b_}), g);
  // Order- and duplicate-insensitive.
  EXPECT_EQ(Find({b_, a_}), g);
  EXPECT_EQ(Find({b_, a_, b_, a_}), g);
}

TEST_F(ReuseTest, MemberSetMustBeEqualNotASubsetOrSuperset) {
  Group("dm_ab", {a_, b_});
  EXPECT_FALSE(Find({a_}).valid());
  EXPECT_FALSE(Find({a_, b_, d_}).valid());
  EXPECT_FALSE(Find({d_}).valid());
}

TEST_F(ReuseTest, EmptyOrUnknownRequestsFindNothing) {
  Group("dm_ab", {a_, b_});
  EXPECT_FALSE(Find({}).valid());
  EXPECT_FALSE(Find({UserId(99), a_, b_}).valid());
}

TEST_F(ReuseTest, AnOutsiderWhoJoinedAndLeftDisqualifies) {
  ChannelId g = Group("dm_ab", {a_, b_});
  BANTER_ASSERT_OK(engine().Join(Actor::Admin(), {g, d_, {}}, Now()));
  EXPECT_FALSE(Find({a_, b_}).valid());
  BANTER_ASSERT_OK(engine().Leave(Actor::Admin(), {g, d_, false}, Now()));
  // Back to {a, b}, but d once joined.
  EXPECT_FALSE(Find({a_, b_}).valid());
}

TEST_F(ReuseTest, AnOutsiderRemovedOrBannedDisqualifies) {
  ChannelId g = Group("dm_ab", {a_, b_});
  BANTER_ASSERT_OK(engine().AddMembers(Actor::Admin(), {g, {d_}}, Now()));
  BANTER_ASSERT_OK(engine().RemoveMembers(Actor::Admin(), {g, {d_}}, Now()));
  EXPECT_FALSE(Find({a_, b_}).valid());

  ChannelId h = Group("dm_ab_two", {a_, b_});
  EXPECT_EQ(Find({a_, b_}), h);
  BANTER_ASSERT_OK(engine().AddMembers(Actor::Admin(), {h, {d_}}, Now()));
  BanRequest ban;
  ban.channel = h;
  ban.users = {d_};
  BANTER_ASSERT_OK(engine().Ban(Actor::Admin(), ban, Now()));
  EXPECT_FALSE(Find({a_, b_}).valid());
}

TEST_F(ReuseTest, AnOutsiderWhoWasDeletedStillDisqualifies) {
  ChannelId g = Group("dm_ab", {a_, b_});
  BANTER_ASSERT_OK(engine().Join(Actor::Admin(), {g, d_, {}}, Now()));
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), d_, Now()));
  EXPECT_FALSE(Find({a_, b_}).valid());
}

TEST_F(ReuseTest, AMemberWhoLeftAndRejoinedKeepsItReusable) {
  ChannelId g = Group("dm_ab", {a_, b_});
  BANTER_ASSERT_OK(engine().Leave(Actor::Admin(), {g, b_, false}, Now()));
  EXPECT_FALSE(Find({a_, b_}).valid());  // b is not in it now
  EXPECT_EQ(Find({a_}), ChannelId());    // b once was: an outsider to {a}
  BANTER_ASSERT_OK(engine().Join(Actor::Admin(), {g, b_, {}}, Now()));
  EXPECT_EQ(Find({a_, b_}), g);
}

TEST_F(ReuseTest, AManagerEverRegisteredDisqualifiesForever) {
  ChannelId g = Group("dm_ab", {a_, b_});
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g, a_, Now()));
  EXPECT_FALSE(Find({a_, b_}).valid());
  BANTER_ASSERT_OK(engine().RemoveManager(Actor::Admin(), g, a_, Now()));
  EXPECT_FALSE(Find({a_, b_}).valid());
}

TEST_F(ReuseTest, TheMostRecentlyCreatedCandidateWins) {
  Group("first", {a_, b_});
  ChannelId second = Group("second", {b_, a_});
  Group("other", {a_, d_});
  EXPECT_EQ(Find({a_, b_}), second);
}

TEST_F(ReuseTest, TalkPlusChannelsAreNeverCandidates) {
  Channel("tp", ChannelType::kPrivate, a_, {b_});
  EXPECT_FALSE(Find({a_, b_}).valid());
}

TEST_F(ReuseTest, DeletedChannelsAreNeverCandidates) {
  ChannelId g = Group("dm_ab", {a_, b_});
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::Admin(), g, Now()));
  EXPECT_FALSE(Find({a_, b_}).valid());
}

TEST_F(ReuseTest, CreateWithReuseReturnsTheCandidate) {
  ChannelId g = Group("dm_ab", {a_, b_});
  const std::string before = engine().DebugString();
  sink().clear();
  CreateChannelRequest r = GitpleReq("another_id", {b_, a_});
  r.reuse = true;
  auto got = engine().CreateChannel(Actor::Admin(), r, Now());
  ASSERT_THAT(got, IsOk());
  EXPECT_EQ(*got, g);  // the requested id plays no part
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(sink().events(), IsEmpty());
  // A user creator is part of the requested set.
  CreateChannelRequest u = GitpleReq("yet_another", {b_});
  u.reuse = true;
  auto by_user = engine().CreateChannel(Actor::User(a_), u, Now());
  ASSERT_THAT(by_user, IsOk());
  EXPECT_EQ(*by_user, g);
}

TEST_F(ReuseTest, CreateWithReuseAndNoCandidateCreates) {
  ChannelId g = Group("dm_ab", {a_, b_});
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g, a_, Now()));
  CreateChannelRequest r = GitpleReq("dm_ab_new", {a_, b_});
  r.reuse = true;
  auto got = engine().CreateChannel(Actor::Admin(), r, Now());
  ASSERT_THAT(got, IsOk());
  EXPECT_NE(*got, g);
  // Without a candidate, a taken id is a plain duplicate.
  r.channel_id = "dm_ab";
  r.members = {d_};
  EXPECT_THAT(engine().CreateChannel(Actor::Admin(), r, Now()),
              StatusIs(ErrorCode::kChannelIdAlreadyTaken));
}

}  // namespace
}  // namespace banter::testing
