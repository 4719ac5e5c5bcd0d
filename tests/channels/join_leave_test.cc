// Join and Leave (spec §3, §6.1, §6.2, §6.8, §13 #12), and DepartMember's
// ownership succession.
#include <string>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/channels/channels_test_util.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class JoinLeaveTest : public EngineTest {
 protected:
  void SetUp() override {
    owner_ = User("owner");
    member_ = User("member");
    x_ = User("x");
  }
  ChannelId Make(const std::string& id, ChannelType type) {
    auto c = engine().CreateChannel(Actor::Admin(),
                                    Req(id, type, owner_, {member_}), Now());
    EXPECT_THAT(c, IsOk());
    return c.ok() ? *c : ChannelId();
  }
  absl::Status JoinAs(UserId u, ChannelId c,
                      std::optional<std::string> code = std::nullopt) {
    return engine().Join(Actor::User(u), {c, u, std::move(code)}, Now());
  }
  absl::Status LeaveAs(UserId u, ChannelId c, bool delete_if_empty = false) {
    return engine().Leave(Actor::User(u), {c, u, delete_if_empty}, Now());
  }
  template <typename F>
  void ExpectRefused(F call, ErrorCode code) {
    const std::string before = engine().DebugString();
    sink().clear();
    EXPECT_THAT(call(), StatusIs(code));
    EXPECT_EQ(engine().DebugString(), before);
    EXPECT_THAT(sink().events(), IsEmpty());
  }
  std::string OwnerOf(ChannelId c) {
    auto v = engine().GetChannel(Actor::Admin(), c, UserId());
    EXPECT_THAT(v, IsOk());
    return v.ok() ? v->owner_id : "?";
  }

  UserId owner_, member_, x_;
};

TEST_F(JoinLeaveTest, SelfJoinPerType) {
  for (ChannelType t : kAllTypes) {
    const std::string id(ChannelTypeName(t));
    ChannelId c = Make(id, t);
    auto want = [&]() -> absl::Status {
      if (t == ChannelType::kPrivate) {
        return MakeError(ErrorCode::kCannotJoinPrivateChannel, "");
      }
      if (t == ChannelType::kInvitationOnly) {
        return MakeError(ErrorCode::kInvitationCodeRequired, "");
      }
      return absl::OkStatus();
    }();
    if (want.ok()) {
      EXPECT_THAT(JoinAs(x_, c), IsOk()) << id;
      EXPECT_TRUE(engine().IsMember(c, x_)) << id;
    } else {
      ExpectRefused([&] { return JoinAs(x_, c); }, *ErrorCodeOf(want));
    }
  }
}

TEST_F(JoinLeaveTest, JoinEmitsLikeAnAdd) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  Advance(7);
  sink().clear();
  BANTER_ASSERT_OK(JoinAs(x_, c));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberAdded", Now(), "pub", {"x"},
                             {"member", "owner"}),
                          Ev("channelAdded", Now(), "pub", {}, {"x"})));
  auto m = engine().GetMember(Actor::Admin(), c, x_);
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(m->joined_at, Now());
}

TEST_F(JoinLeaveTest, InvitationOnlyNeedsTheRightCode) {
  ChannelId c = Make("inv", ChannelType::kInvitationOnly);  // code "code"
  ExpectRefused([&] { return JoinAs(x_, c); },
                ErrorCode::kInvitationCodeRequired);
  ExpectRefused([&] { return JoinAs(x_, c, ""); },
                ErrorCode::kInvitationCodeRequired);
  ExpectRefused([&] { return JoinAs(x_, c, "Code"); },
                ErrorCode::kWrongInvitationCode);
  BANTER_EXPECT_OK(JoinAs(x_, c, "code"));
}

TEST_F(JoinLeaveTest, CodeOnAnotherTypeFails) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  ExpectRefused([&] { return JoinAs(x_, c, "code"); },
                ErrorCode::kChannelNotInvitationOnlyType);
  ExpectRefused([&] { return JoinAs(x_, c, ""); },
                ErrorCode::kChannelNotInvitationOnlyType);
  // A private channel refuses self-joins before looking at codes.
  ChannelId p = Make("priv", ChannelType::kPrivate);
  ExpectRefused([&] { return JoinAs(x_, p, "code"); },
                ErrorCode::kCannotJoinPrivateChannel);
}

TEST_F(JoinLeaveTest, AdminJoinsAnyUserAnywhere) {
  ChannelId p = Make("priv", ChannelType::kPrivate);
  ChannelId inv = Make("inv", ChannelType::kInvitationOnly);
  BANTER_EXPECT_OK(engine().Join(Actor::Admin(), {p, x_, {}}, Now()));
  BANTER_EXPECT_OK(engine().Join(Actor::Admin(), {inv, x_, {}}, Now()));
  EXPECT_THAT(engine().Join(Actor::Admin(), {p, UserId(99), {}}, Now()),
              StatusIs(ErrorCode::kUserNotFound));
}

TEST_F(JoinLeaveTest, JoiningTwiceFails) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  ExpectRefused([&] { return JoinAs(member_, c); }, ErrorCode::kAlreadyMember);
  ExpectRefused([&] { return JoinAs(owner_, c); }, ErrorCode::kAlreadyMember);
}

TEST_F(JoinLeaveTest, BannedUsersCannotJoinUntilTheBanEnds) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  BanRequest b;
  b.channel = c;
  b.users = {member_};
  b.duration_ms = 500;
  BANTER_ASSERT_OK(engine().Ban(Actor::Admin(), b, Now()));
  Advance(499);
  ExpectRefused([&] { return JoinAs(member_, c); },
                ErrorCode::kBannedFromChannel);
  // The admin is held to bans too.
  ExpectRefused(
      [&] { return engine().Join(Actor::Admin(), {c, member_, {}}, Now()); },
      ErrorCode::kBannedFromChannel);
  Advance(1);
  BANTER_EXPECT_OK(JoinAs(member_, c));
}

TEST_F(JoinLeaveTest, PermanentBanHoldsUntilUnban) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  BanRequest b;
  b.channel = c;
  b.users = {member_};
  BANTER_ASSERT_OK(engine().Ban(Actor::Admin(), b, Now()));
  Advance(1'000'000'000);
  ExpectRefused([&] { return JoinAs(member_, c); },
                ErrorCode::kBannedFromChannel);
  BANTER_ASSERT_OK(engine().Unban(Actor::Admin(), {c, {member_}}, Now()));
  BANTER_EXPECT_OK(JoinAs(member_, c));
}

TEST_F(JoinLeaveTest, FullChannelRefusesJoins) {
  auto r = Req("pub", ChannelType::kPublic, owner_, {member_});
  r.max_member_count = 2;
  auto c = engine().CreateChannel(Actor::Admin(), r, Now());
  ASSERT_THAT(c, IsOk());
  ExpectRefused([&] { return JoinAs(x_, *c); },
                ErrorCode::kMaxChannelMemberCountExceeded);
  ExpectRefused(
      [&] { return engine().Join(Actor::Admin(), {*c, x_, {}}, Now()); },
      ErrorCode::kMaxChannelMemberCountExceeded);
}

TEST_F(JoinLeaveTest, BlockRulesBindJoinerAndOwner) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), owner_, x_, Now()));
  ExpectRefused([&] { return JoinAs(x_, c); },
                ErrorCode::kCannotJoinChannelBlockedByOwner);
  BANTER_ASSERT_OK(engine().Unblock(Actor::Admin(), owner_, x_, Now()));
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), x_, owner_, Now()));
  ExpectRefused([&] { return JoinAs(x_, c); },
                ErrorCode::kCannotJoinChannelBlockedOwner);
}

TEST_F(JoinLeaveTest, BlocksWithOrdinaryMembersDoNotStopJoins) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), member_, x_, Now()));
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), x_, member_, Now()));
  BANTER_EXPECT_OK(JoinAs(x_, c));
}

TEST_F(JoinLeaveTest, UsersJoinOnlyThemselves) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  BotId bot = Bot("bot");
  ExpectRefused(
      [&] { return engine().Join(Actor::User(member_), {c, x_, {}}, Now()); },
      ErrorCode::kUnauthorized);
  ExpectRefused(
      [&] { return engine().Join(Actor::Bot(bot), {c, x_, {}}, Now()); },
      ErrorCode::kUnauthorized);
  ExpectRefused([&] { return JoinAs(x_, ChannelId(99)); },
                ErrorCode::kChannelNotFound);
}

// ---- Leave -----------------------------------------------------------------

TEST_F(JoinLeaveTest, LeaveTellsTheRestAndTheLeaver) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  sink().clear();
  BANTER_ASSERT_OK(LeaveAs(member_, c));
  EXPECT_FALSE(engine().IsMember(c, member_));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberLeft", Now(), "pub", {"member"}, {"owner"}),
                          Ev("channelRemoved", Now(), "pub", {}, {"member"})));
}

TEST_F(JoinLeaveTest, LeaveRefusals) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  BotId bot = Bot("bot");
  ExpectRefused([&] { return LeaveAs(x_, c); },
                ErrorCode::kUserNotChannelMember);
  ExpectRefused([&] { return LeaveAs(x_, ChannelId(99)); },
                ErrorCode::kChannelNotFound);
  ExpectRefused(
      [&] {
        return engine().Leave(Actor::User(owner_), {c, member_, false}, Now());
      },
      ErrorCode::kUnauthorized);
  ExpectRefused(
      [&] {
        return engine().Leave(Actor::Bot(bot), {c, member_, false}, Now());
      },
      ErrorCode::kUnauthorized);
  ExpectRefused(
      [&] {
        return engine().Leave(Actor::Admin(), {c, UserId(99), false}, Now());
      },
      ErrorCode::kUserNotFound);
}

TEST_F(JoinLeaveTest, AdminMakesAUserLeave) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  BANTER_EXPECT_OK(engine().Leave(Actor::Admin(), {c, member_, false}, Now()));
  EXPECT_FALSE(engine().IsMember(c, member_));
}

TEST_F(JoinLeaveTest, OwnerLeavingPassesOwnershipToTheEarliestJoined) {
  ChannelId c = Make("pub", ChannelType::kPublic);  // owner, member at T
  Advance(10);
  UserId y = User("y");
  BANTER_ASSERT_OK(JoinAs(y, c));
  BANTER_ASSERT_OK(JoinAs(x_, c));
  sink().clear();
  BANTER_ASSERT_OK(LeaveAs(owner_, c));
  EXPECT_EQ(OwnerOf(c), "member");
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberLeft", Now(), "pub", {"owner"},
                             {"member", "x", "y"}),
                          Ev("channelRemoved", Now(), "pub", {}, {"owner"}),
                          Ev("channelChanged", Now(), "pub", {},
                             {"member", "x", "y"})));
}

TEST_F(JoinLeaveTest, SuccessionUsesLatestJoinTimeAndHandleOnTies) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  UserId y = User("y");
  BANTER_ASSERT_OK(JoinAs(y, c));  // same instant as member; higher handle
  Advance(5);
  // member rejoins: its join time is now the latest.
  BANTER_ASSERT_OK(LeaveAs(member_, c));
  BANTER_ASSERT_OK(JoinAs(member_, c));
  BANTER_ASSERT_OK(JoinAs(x_, c));
  BANTER_ASSERT_OK(LeaveAs(owner_, c));
  EXPECT_EQ(OwnerOf(c), "y");
  // member (handle 2) and x (handle 3) joined at the same instant.
  BANTER_ASSERT_OK(LeaveAs(y, c));
  EXPECT_EQ(OwnerOf(c), "member");
}

TEST_F(JoinLeaveTest, SuccessorIsUnmuted) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  MuteRequest m;
  m.channel = c;
  m.users = {member_};
  BANTER_ASSERT_OK(engine().Mute(Actor::Admin(), m, Now()));
  sink().clear();
  BANTER_ASSERT_OK(LeaveAs(owner_, c));
  EXPECT_EQ(OwnerOf(c), "member");
  EXPECT_FALSE(engine().IsMuted(c, member_));
  EXPECT_THAT(Names(sink().events()),
              ElementsAre("memberUnmuted", "memberLeft", "channelRemoved",
                          "channelChanged"));
}

TEST_F(JoinLeaveTest, LastMemberLeavingWithDeleteFlagDeletesTheChannel) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  BANTER_ASSERT_OK(LeaveAs(member_, c, true));  // someone remains
  EXPECT_EQ(engine().FindChannel("pub"), c);
  sink().clear();
  BANTER_ASSERT_OK(LeaveAs(owner_, c, true));
  EXPECT_FALSE(engine().FindChannel("pub").valid());
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("memberLeft", Now(), "pub", {"owner"}, {}),
                          Ev("channelRemoved", Now(), "pub", {}, {"owner"})));
  ChannelListQuery q;
  q.kind = ChannelListQuery::Kind::kPublic;
  auto page = engine().ListChannels(Actor::Admin(), q);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->items, IsEmpty());
}

TEST_F(JoinLeaveTest, EmptiedChannelWithoutDeleteFlagStaysOwnerless) {
  ChannelId c = Make("pub", ChannelType::kPublic);
  BANTER_ASSERT_OK(LeaveAs(member_, c));
  BANTER_ASSERT_OK(LeaveAs(owner_, c));
  EXPECT_EQ(engine().FindChannel("pub"), c);
  EXPECT_EQ(OwnerOf(c), "");
  // Joining again does not make an owner.
  BANTER_ASSERT_OK(JoinAs(x_, c));
  EXPECT_EQ(OwnerOf(c), "");
}

TEST_F(JoinLeaveTest, DeletingAUserDepartsEveryChannel) {
  ChannelId a = Make("a", ChannelType::kPublic);
  auto solo = engine().CreateChannel(Actor::User(x_),
                                     Req("solo", ChannelType::kPublic), Now());
  ASSERT_THAT(solo, IsOk());
  BANTER_ASSERT_OK(JoinAs(x_, a));
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), owner_, Now()));
  EXPECT_EQ(OwnerOf(a), "member");
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), x_, Now()));
  // The channel x alone was in goes with it.
  EXPECT_FALSE(engine().FindChannel("solo").valid());
}

}  // namespace
}  // namespace banter::testing
