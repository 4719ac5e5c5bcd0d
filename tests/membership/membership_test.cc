// AddMembers and RemoveMembers (spec §6.4, §6.8).
#include <string>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/channels/channels_test_util.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class MembershipTest : public EngineTest {
 protected:
  void SetUp() override {
    owner_ = User("owner");
    member_ = User("member");
    x_ = User("x");
    y_ = User("y");
    c_ = Channel("c1", ChannelType::kPrivate, owner_, {member_});
  }
  absl::Status Add(const Actor& actor, UserTargets users,
                   ChannelId c = {}) {
    return engine().AddMembers(actor, {c.valid() ? c : c_, std::move(users)},
                               Now());
  }
  absl::Status Remove(const Actor& actor, UserTargets users,
                      ChannelId c = {}) {
    return engine().RemoveMembers(actor, {c.valid() ? c : c_, std::move(users)},
                                  Now());
  }
  // Runs `call`, expecting `code` and no change at all.
  template <typename F>
  void ExpectRefused(F call, ErrorCode code) {
    const std::string before = engine().DebugString();
    sink().clear();
    EXPECT_THAT(call(), StatusIs(code));
    EXPECT_EQ(engine().DebugString(), before);
    EXPECT_THAT(sink().events(), IsEmpty());
  }
  std::vector<std::string> MemberIds(ChannelId c) {
    auto v = engine().GetChannel(Actor::Admin(), c, UserId());
    EXPECT_THAT(v, IsOk());
    return v.ok() ? Ids(v->members) : std::vector<std::string>{};
  }
  void BanFor(UserId u, Millis duration) {
    BanRequest b;
    b.channel = c_;
    b.users = {u};
    b.duration_ms = duration;
    BANTER_ASSERT_OK(engine().Ban(Actor::Admin(), b, Now()));
  }

  UserId owner_, member_, x_, y_;
  ChannelId c_;
};

TEST_F(MembershipTest, AnyMemberMayInvite) {
  sink().clear();
  BANTER_ASSERT_OK(Add(Actor::User(member_), {x_, y_}));
  EXPECT_THAT(MemberIds(c_), ElementsAre("owner", "member", "x", "y"));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberAdded", Now(), "c1", {"x", "y"},
                             {"member", "owner"}),
                          Ev("channelAdded", Now(), "c1", {}, {"x", "y"})));
  auto m = engine().GetMember(Actor::Admin(), c_, x_);
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(m->joined_at, Now());
}

TEST_F(MembershipTest, AdminAddsWithoutBeingAMember) {
  BANTER_EXPECT_OK(Add(Actor::Admin(), {x_}));
  EXPECT_TRUE(engine().IsMember(c_, x_));
}

TEST_F(MembershipTest, NonMemberCannotInvite) {
  ExpectRefused([&] { return Add(Actor::User(x_), {y_}); },
                ErrorCode::kUserNotChannelMember);
}

TEST_F(MembershipTest, BotsCannotAdd) {
  BotId bot = Bot("bot");
  ExpectRefused([&] { return Add(Actor::Bot(bot), {x_}); },
                ErrorCode::kUnauthorized);
}

TEST_F(MembershipTest, UnknownChannelFails) {
  ExpectRefused([&] { return Add(Actor::Admin(), {x_}, ChannelId(42)); },
                ErrorCode::kChannelNotFound);
}

TEST_F(MembershipTest, EmptyListFails) {
  ExpectRefused([&] { return Add(Actor::Admin(), {}); },
                ErrorCode::kInvalidParams);
}

TEST_F(MembershipTest, UnknownUserFails) {
  ExpectRefused([&] { return Add(Actor::Admin(), {x_, UserId(99)}); },
                ErrorCode::kUserNotFound);
}

TEST_F(MembershipTest, AddingAMemberFails) {
  ExpectRefused([&] { return Add(Actor::Admin(), {x_, member_}); },
                ErrorCode::kAlreadyMember);
}

TEST_F(MembershipTest, DuplicatesCollapse) {
  BANTER_EXPECT_OK(Add(Actor::Admin(), {x_, x_, y_, x_}));
  EXPECT_THAT(MemberIds(c_), ElementsAre("owner", "member", "x", "y"));
}

TEST_F(MembershipTest, BannedUserCannotBeAdded) {
  BANTER_ASSERT_OK(Add(Actor::Admin(), {x_}));
  BanFor(x_, 0);
  ExpectRefused([&] { return Add(Actor::User(owner_), {x_}); },
                ErrorCode::kCannotAddBannedUser);
}

TEST_F(MembershipTest, ExpiredBanNoLongerBlocksAdding) {
  BANTER_ASSERT_OK(Add(Actor::Admin(), {x_}));
  BanFor(x_, 1000);
  const Millis end = Now() + 1000;
  Advance(999);
  ExpectRefused([&] { return Add(Actor::Admin(), {x_}); },
                ErrorCode::kCannotAddBannedUser);
  Advance(1);  // the ban's end instant; AdvanceTime has not run
  sink().clear();
  BANTER_ASSERT_OK(Add(Actor::Admin(), {x_}));
  // The unban AdvanceTime would have announced comes first, stamped with the
  // ban's end.
  EXPECT_THAT(Names(sink().events()),
              ElementsAre("memberUnbanned", "memberAdded", "channelAdded"));
  EXPECT_EQ(sink().events()[0].at, end);
  EXPECT_FALSE(engine().IsBanned(c_, x_));
  // The stale timer fires nothing.
  sink().clear();
  engine().AdvanceTime(Now());
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(MembershipTest, CapacityIsAllOrNothing) {
  UpdateChannelRequest u;
  u.channel = c_;
  u.max_member_count = 3;
  BANTER_ASSERT_OK(engine().UpdateChannel(Actor::Admin(), u, Now()));
  ExpectRefused([&] { return Add(Actor::Admin(), {x_, y_}); },
                ErrorCode::kMaxChannelMemberCountExceeded);
  BANTER_EXPECT_OK(Add(Actor::Admin(), {x_}));
  ExpectRefused([&] { return Add(Actor::Admin(), {y_}); },
                ErrorCode::kMaxChannelMemberCountExceeded);
}

TEST_F(MembershipTest, SuperChannelsHaveNoCapByDefault) {
  ChannelId s = Channel("s", ChannelType::kSuperPrivate, owner_);
  UserTargets many;
  for (int i = 0; i < 150; ++i) many.push_back(User("u" + std::to_string(i)));
  BANTER_EXPECT_OK(Add(Actor::Admin(), many, s));
  auto v = engine().GetChannel(Actor::Admin(), s, UserId());
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->member_count, 151);
}

TEST_F(MembershipTest, OwnerCannotAddSomeoneTheyBlocked) {
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), owner_, x_, Now()));
  ExpectRefused([&] { return Add(Actor::User(owner_), {x_}); },
                ErrorCode::kCannotAddBlockedMember);
  // The rule is about the owner, whoever adds.
  ExpectRefused([&] { return Add(Actor::User(member_), {x_}); },
                ErrorCode::kCannotAddBlockedMember);
  ExpectRefused([&] { return Add(Actor::Admin(), {x_}); },
                ErrorCode::kCannotAddBlockedMember);
}

TEST_F(MembershipTest, SomeoneWhoBlockedTheOwnerCannotBeAdded) {
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), x_, owner_, Now()));
  ExpectRefused([&] { return Add(Actor::User(member_), {x_}); },
                ErrorCode::kCannotAddMemberWhenBlockedByMember);
}

TEST_F(MembershipTest, BlocksBetweenOrdinaryMembersDoNotMatter) {
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), member_, x_, Now()));
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), y_, member_, Now()));
  BANTER_EXPECT_OK(Add(Actor::User(member_), {x_, y_}));
}

TEST_F(MembershipTest, OwnerlessChannelsHaveNoBlockRules) {
  ChannelId c = Channel("c2", ChannelType::kPrivate, UserId(), {member_});
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), member_, x_, Now()));
  BANTER_EXPECT_OK(Add(Actor::User(member_), {x_}, c));
}

TEST_F(MembershipTest, ChecksRunPerTargetInListOrder) {
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), owner_, y_, Now()));
  ExpectRefused([&] { return Add(Actor::Admin(), {member_, y_}); },
                ErrorCode::kAlreadyMember);
  ExpectRefused([&] { return Add(Actor::Admin(), {y_, member_}); },
                ErrorCode::kCannotAddBlockedMember);
  ExpectRefused([&] { return Add(Actor::Admin(), {x_, UserId(70), y_}); },
                ErrorCode::kUserNotFound);
}

TEST_F(MembershipTest, AddToAnEmptyOwnerlessChannelTellsOnlyTheAdded) {
  ChannelId c = Channel("empty", ChannelType::kPublic, UserId());
  sink().clear();
  BANTER_ASSERT_OK(Add(Actor::Admin(), {x_}, c));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberAdded", Now(), "empty", {"x"}, {}),
                          Ev("channelAdded", Now(), "empty", {}, {"x"})));
}

// ---- Remove ----------------------------------------------------------------

TEST_F(MembershipTest, OwnerRemovesMembers) {
  BANTER_ASSERT_OK(Add(Actor::Admin(), {x_, y_}));
  sink().clear();
  BANTER_ASSERT_OK(Remove(Actor::User(owner_), {x_, y_}));
  EXPECT_THAT(MemberIds(c_), ElementsAre("owner", "member"));
  EXPECT_THAT(
      sink().events(),
      ElementsAre(Ev("memberLeft", Now(), "c1", {"x"}, {"member", "owner", "y"}),
                  Ev("channelRemoved", Now(), "c1", {}, {"x"}),
                  Ev("memberLeft", Now(), "c1", {"y"}, {"member", "owner"}),
                  Ev("channelRemoved", Now(), "c1", {}, {"y"})));
  EXPECT_FALSE(engine().IsMember(c_, x_));
}

TEST_F(MembershipTest, AdminRemovesFromOwnerlessChannels) {
  ChannelId c = Channel("c2", ChannelType::kPublic, UserId(), {x_, y_});
  BANTER_EXPECT_OK(Remove(Actor::Admin(), {x_, y_}, c));
  // Emptied by removal, the channel stays.
  EXPECT_EQ(engine().FindChannel("c2"), c);
}

TEST_F(MembershipTest, OnlyTheOwnerOrAdminMayRemove) {
  BANTER_ASSERT_OK(Add(Actor::Admin(), {x_}));
  BotId bot = Bot("bot");
  ExpectRefused([&] { return Remove(Actor::User(member_), {x_}); },
                ErrorCode::kNotChannelOwner);
  ExpectRefused([&] { return Remove(Actor::User(y_), {x_}); },
                ErrorCode::kNotChannelOwner);
  ExpectRefused([&] { return Remove(Actor::Bot(bot), {x_}); },
                ErrorCode::kUnauthorized);
}

TEST_F(MembershipTest, RemoveRefusals) {
  ExpectRefused([&] { return Remove(Actor::Admin(), {}); },
                ErrorCode::kInvalidParams);
  ExpectRefused([&] { return Remove(Actor::Admin(), {UserId(50)}); },
                ErrorCode::kUserNotFound);
  ExpectRefused([&] { return Remove(Actor::Admin(), {member_, x_}); },
                ErrorCode::kRemoveUserNotMember);
  ExpectRefused([&] { return Remove(Actor::Admin(), {member_, owner_}); },
                ErrorCode::kCannotRemoveChannelOwner);
  ExpectRefused([&] { return Remove(Actor::Admin(), {x_}, ChannelId(9)); },
                ErrorCode::kChannelNotFound);
}

TEST_F(MembershipTest, RemovedMemberLosesPerMemberState) {
  BANTER_ASSERT_OK(Add(Actor::Admin(), {x_}));
  const std::string before = engine().DebugString();
  BANTER_ASSERT_OK(engine().SetHidden(Actor::User(x_), {c_, x_}, true, Now()));
  BANTER_ASSERT_OK(
      engine().SetChannelPush(Actor::User(x_), {c_, x_}, false, Now()));
  BANTER_ASSERT_OK(
      engine().SetPrivateTag(Actor::User(x_), {c_, x_}, "tag", Now()));
  BANTER_ASSERT_OK(Remove(Actor::Admin(), {x_}));
  BANTER_ASSERT_OK(Add(Actor::Admin(), {x_}));
  // Back to the state right after the first add: nothing survived.
  EXPECT_EQ(engine().DebugString(), before);
}

}  // namespace
}  // namespace banter::testing
