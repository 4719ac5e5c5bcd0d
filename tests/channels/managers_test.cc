// GitpleLive managers (gitplelive.md §5.6, §6): registration, limits, events
// and the powers a manager holds.
#include <string>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/channels/channels_test_util.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ManagersTest : public EngineTest {
 protected:
  void SetUp() override {
    a_ = User("a");
    b_ = User("b");
    d_ = User("d");
    x_ = User("x");
    Create();
  }
  void Create() {
    auto g = engine().CreateChannel(Actor::Admin(),
                                    GitpleReq("group", {a_, b_, d_}), Now());
    ASSERT_THAT(g, IsOk());
    g_ = *g;
  }
  std::vector<std::string> Managers() {
    auto v = engine().GetChannel(Actor::Admin(), g_, UserId());
    EXPECT_THAT(v, IsOk());
    return v.ok() ? v->managers : std::vector<std::string>{};
  }
  template <typename F>
  void ExpectRefused(F call, ErrorCode code) {
    const std::string before = engine().DebugString();
    sink().clear();
    EXPECT_THAT(call(), StatusIs(code));
    EXPECT_EQ(engine().DebugString(), before);
    EXPECT_THAT(sink().events(), IsEmpty());
  }

  UserId a_, b_, d_, x_;
  ChannelId g_;
};

TEST_F(ManagersTest, AdminRegistersAndRemovesManagers) {
  sink().clear();
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g_, b_, Now()));
  EXPECT_THAT(Managers(), ElementsAre("b"));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("managerAdded", Now(), "group", {"b"},
                             {"a", "b", "d"})));
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g_, a_, Now()));
  EXPECT_THAT(Managers(), ElementsAre("a", "b"));  // handle order
  sink().clear();
  BANTER_ASSERT_OK(engine().RemoveManager(Actor::Admin(), g_, b_, Now()));
  EXPECT_THAT(Managers(), ElementsAre("a"));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("managerRemoved", Now(), "group", {"b"},
                             {"a", "b", "d"})));
}

TEST_F(ManagersTest, ManagersManageManagers) {
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g_, a_, Now()));
  BANTER_EXPECT_OK(engine().AddManager(Actor::User(a_), g_, b_, Now()));
  BANTER_EXPECT_OK(engine().RemoveManager(Actor::User(b_), g_, a_, Now()));
  // A manager may step down.
  BANTER_EXPECT_OK(engine().RemoveManager(Actor::User(b_), g_, b_, Now()));
  EXPECT_THAT(Managers(), IsEmpty());
}

TEST_F(ManagersTest, OnlyTheAdminOrAManagerMayChangeManagers) {
  BotId bot = Bot("bot");
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g_, a_, Now()));
  ExpectRefused([&] { return engine().AddManager(Actor::User(b_), g_, d_, Now()); },
                ErrorCode::kUnauthorized);
  ExpectRefused(
      [&] { return engine().RemoveManager(Actor::User(b_), g_, a_, Now()); },
      ErrorCode::kUnauthorized);
  ExpectRefused([&] { return engine().AddManager(Actor::User(x_), g_, d_, Now()); },
                ErrorCode::kUnauthorized);
  ExpectRefused(
      [&] { return engine().AddManager(Actor::Bot(bot), g_, d_, Now()); },
      ErrorCode::kUnauthorized);
}

TEST_F(ManagersTest, TargetMustBeALiveMember) {
  ExpectRefused(
      [&] { return engine().AddManager(Actor::Admin(), g_, UserId(99), Now()); },
      ErrorCode::kUserNotFound);
  ExpectRefused([&] { return engine().AddManager(Actor::Admin(), g_, x_, Now()); },
                ErrorCode::kUserNotChannelMember);
  ExpectRefused(
      [&] { return engine().RemoveManager(Actor::Admin(), g_, x_, Now()); },
      ErrorCode::kUserNotChannelMember);
  ExpectRefused(
      [&] { return engine().AddManager(Actor::Admin(), ChannelId(99), a_, Now()); },
      ErrorCode::kChannelNotFound);
}

TEST_F(ManagersTest, RegisteringTwiceFails) {
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g_, a_, Now()));
  ExpectRefused([&] { return engine().AddManager(Actor::Admin(), g_, a_, Now()); },
                ErrorCode::kAlreadyManager);
}

TEST_F(ManagersTest, RemovingANonManagerFails) {
  ExpectRefused(
      [&] { return engine().RemoveManager(Actor::Admin(), g_, a_, Now()); },
      ErrorCode::kNotManager);
}

TEST_F(ManagersTest, ManagerCapComesFromOptions) {
  EngineOptions o = TestOptions();
  o.max_managers = 2;
  Reset(o);
  a_ = User("a");
  b_ = User("b");
  d_ = User("d");
  Create();
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g_, a_, Now()));
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g_, b_, Now()));
  ExpectRefused([&] { return engine().AddManager(Actor::Admin(), g_, d_, Now()); },
                ErrorCode::kManagerLimitExceeded);
  BANTER_ASSERT_OK(engine().RemoveManager(Actor::Admin(), g_, b_, Now()));
  BANTER_EXPECT_OK(engine().AddManager(Actor::Admin(), g_, d_, Now()));
}

TEST_F(ManagersTest, TalkPlusChannelsHaveNoManagers) {
  ChannelId c = Channel("tp", ChannelType::kPublic, a_, {b_});
  ExpectRefused([&] { return engine().AddManager(Actor::Admin(), c, b_, Now()); },
                ErrorCode::kParamsBindingError);
  ExpectRefused(
      [&] { return engine().RemoveManager(Actor::Admin(), c, b_, Now()); },
      ErrorCode::kParamsBindingError);
}

TEST_F(ManagersTest, LeavingDropsTheRole) {
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g_, b_, Now()));
  BANTER_ASSERT_OK(engine().Leave(Actor::User(b_), {g_, b_, false}, Now()));
  BANTER_ASSERT_OK(engine().Join(Actor::Admin(), {g_, b_, {}}, Now()));
  EXPECT_THAT(Managers(), IsEmpty());
}

TEST_F(ManagersTest, ManagersUpdateDeleteAndFreeze) {
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g_, b_, Now()));
  UpdateChannelRequest r;
  r.channel = g_;
  r.name = "renamed";
  BANTER_EXPECT_OK(engine().UpdateChannel(Actor::User(b_), r, Now()));
  EXPECT_THAT(engine().UpdateChannel(Actor::User(d_), r, Now()),
              StatusIs(ErrorCode::kChannelUpdateNotAuthorized));
  BANTER_EXPECT_OK(engine().SetFrozen(Actor::User(b_), g_, true, Now()));
  EXPECT_THAT(engine().SetFrozen(Actor::User(d_), g_, false, Now()),
              StatusIs(ErrorCode::kNotChannelOwner));
  // Not the owner's other powers: removing members stays owner-only.
  EXPECT_THAT(engine().RemoveMembers(Actor::User(b_), {g_, {d_}}, Now()),
              StatusIs(ErrorCode::kNotChannelOwner));
  EXPECT_THAT(engine().DeleteChannel(Actor::User(d_), g_, Now()),
              StatusIs(ErrorCode::kChannelUpdateNotAuthorized));
  BANTER_EXPECT_OK(engine().DeleteChannel(Actor::User(b_), g_, Now()));
}

TEST_F(ManagersTest, RemovedManagerLosesThePowers) {
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g_, b_, Now()));
  BANTER_ASSERT_OK(engine().RemoveManager(Actor::Admin(), g_, b_, Now()));
  EXPECT_THAT(engine().SetFrozen(Actor::User(b_), g_, true, Now()),
              StatusIs(ErrorCode::kNotChannelOwner));
}

}  // namespace
}  // namespace banter::testing
