// User-level blocks (spec §6.8): the relation, its events and list. The
// channel rules that read blocks (2019-2024) are tested by the channels area.
#include <string>
#include <vector>

#include "banter/engine.h"
#include "engine/state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"

namespace banter {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::StatusIs;

class BlocksTest : public testing::EngineTest {
 protected:
  std::vector<std::string> Blocked(UserId u, UserId after = UserId(),
                                   int limit = 0) {
    auto page = engine().ListBlocked(Actor::Admin(), u, after, limit);
    EXPECT_THAT(page, testing::IsOk());
    std::vector<std::string> out;
    if (!page.ok()) return out;
    for (const UserView& v : page->items) out.push_back(v.id);
    return out;
  }
  const internal::UserRecord& Record(UserId u) {
    return ::banter::internal::StateOf(engine()).users.Record(u);
  }
};

TEST_F(BlocksTest, BlockIsOneWayAndMirrored) {
  UserId a = User("a");
  UserId b = User("b");
  BANTER_ASSERT_OK(engine().Block(Actor::User(a), a, b, Now()));
  EXPECT_TRUE(engine().IsBlocked(a, b));
  EXPECT_FALSE(engine().IsBlocked(b, a));
  EXPECT_TRUE(Record(a).blocked.contains(b));
  EXPECT_TRUE(Record(b).blocked_by.contains(a));
  EXPECT_TRUE(Record(a).blocked_by.empty());
  // b may block a back independently.
  BANTER_ASSERT_OK(engine().Block(Actor::User(b), b, a, Now()));
  EXPECT_TRUE(engine().IsBlocked(b, a));
}

TEST_F(BlocksTest, BlockEmitsWebhookOnlyEvent) {
  UserId a = User("a");
  UserId b = User("b");
  sink().clear();
  BANTER_ASSERT_OK(engine().Block(Actor::User(a), a, b, Now()));
  BANTER_ASSERT_OK(engine().Unblock(Actor::User(a), a, b, Now()));
  ASSERT_EQ(sink().events().size(), 2u);
  const auto& blocked = sink().events()[0];
  EXPECT_EQ(blocked.name, "user_blocked");
  EXPECT_THAT(blocked.users, ElementsAre("a", "b"));
  EXPECT_THAT(blocked.recipients, IsEmpty());
  EXPECT_EQ(blocked.channel, "");
  EXPECT_EQ(blocked.at, Now());
  const auto& unblocked = sink().events()[1];
  EXPECT_EQ(unblocked.name, "user_unblocked");
  EXPECT_THAT(unblocked.users, ElementsAre("a", "b"));
  EXPECT_THAT(unblocked.recipients, IsEmpty());
}

TEST_F(BlocksTest, UnblockClearsBothSides) {
  UserId a = User("a");
  UserId b = User("b");
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), a, b, Now()));
  BANTER_ASSERT_OK(engine().Unblock(Actor::Admin(), a, b, Now()));
  EXPECT_FALSE(engine().IsBlocked(a, b));
  EXPECT_TRUE(Record(a).blocked.empty());
  EXPECT_TRUE(Record(b).blocked_by.empty());
  // And the pair can be blocked again.
  BANTER_EXPECT_OK(engine().Block(Actor::Admin(), a, b, Now()));
}

TEST_F(BlocksTest, BlockErrorsChangeNothing) {
  UserId a = User("a");
  UserId b = User("b");
  UserId c = User("c");
  BotId bot = Bot("bot");
  BANTER_ASSERT_OK(engine().Block(Actor::User(a), a, b, Now()));
  sink().clear();
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().Block(Actor::User(a), a, a, Now()),
              StatusIs(ErrorCode::kCannotBlockSelf));
  EXPECT_THAT(engine().Block(Actor::User(a), a, b, Now()),
              StatusIs(ErrorCode::kUserAlreadyBlocked));
  EXPECT_THAT(engine().Block(Actor::User(a), a, UserId(99), Now()),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(engine().Block(Actor::Admin(), UserId(99), a, Now()),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(engine().Block(Actor::User(c), a, c, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().Block(Actor::Bot(bot), a, c, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(BlocksTest, UnblockErrorsChangeNothing) {
  UserId a = User("a");
  UserId b = User("b");
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().Unblock(Actor::User(a), a, a, Now()),
              StatusIs(ErrorCode::kCannotUnblockSelf));
  EXPECT_THAT(engine().Unblock(Actor::User(a), a, b, Now()),
              StatusIs(ErrorCode::kUserNotBlocked));
  EXPECT_THAT(engine().Unblock(Actor::User(a), a, UserId(99), Now()),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(engine().Unblock(Actor::User(b), a, b, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_EQ(engine().DebugString(), before);
}

TEST_F(BlocksTest, ListBlockedIsInHandleOrderAndPaged) {
  UserId a = User("a");
  UserId b = User("b");
  UserId c = User("c");
  UserId d = User("d");
  for (UserId t : {d, b, c}) {
    BANTER_ASSERT_OK(engine().Block(Actor::User(a), a, t, Now()));
  }
  EXPECT_THAT(Blocked(a), ElementsAre("b", "c", "d"));
  auto page = engine().ListBlocked(Actor::User(a), a, UserId(), 2);
  ASSERT_THAT(page, testing::IsOk());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, "b");
  EXPECT_TRUE(page->has_next);
  EXPECT_THAT(Blocked(a, c, 2), ElementsAre("d"));
  EXPECT_FALSE(engine().ListBlocked(Actor::User(a), a, c, 2)->has_next);
  EXPECT_THAT(Blocked(b), IsEmpty());
}

TEST_F(BlocksTest, ListBlockedLimitDefaults20AndCaps100) {
  UserId a = User("a");
  for (int i = 0; i < 101; ++i) {
    UserId t = User("t" + std::to_string(i));
    BANTER_ASSERT_OK(engine().Block(Actor::Admin(), a, t, Now()));
  }
  EXPECT_EQ(Blocked(a).size(), 20u);
  auto page = engine().ListBlocked(Actor::Admin(), a, UserId(), 500);
  EXPECT_EQ(page->items.size(), 100u);
  EXPECT_TRUE(page->has_next);
}

TEST_F(BlocksTest, ListBlockedIsSelfOrAdmin) {
  UserId a = User("a");
  UserId b = User("b");
  EXPECT_THAT(engine().ListBlocked(Actor::User(b), a, UserId(), 0),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().ListBlocked(Actor::Admin(), UserId(42), UserId(), 0),
              StatusIs(ErrorCode::kUserNotFound));
  BANTER_EXPECT_OK(engine().ListBlocked(Actor::User(a), a, UserId(), 0));
}

TEST_F(BlocksTest, DeletionDropsBlocksInBothDirections) {
  UserId a = User("a");
  UserId b = User("b");
  UserId c = User("c");
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), a, b, Now()));
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), b, c, Now()));
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b, Now()));
  EXPECT_THAT(Blocked(a), IsEmpty());
  EXPECT_TRUE(Record(c).blocked_by.empty());
  EXPECT_FALSE(engine().IsBlocked(a, b));
  // A new user with the old id starts unblocked.
  UserId b2 = User("b");
  EXPECT_FALSE(engine().IsBlocked(a, b2));
  EXPECT_FALSE(engine().IsBlocked(b2, c));
}

// Whether anyone blocks a user is also kept in its access byte, which the
// send path reads instead of the user's record (issue #13). It follows
// every change: blocks, unblocks and the deletion of a blocker; a send then
// skips exactly the members who block its sender.
TEST_F(BlocksTest, BlockedByAnyoneFollowsEveryChangeAndCutsTheFanOut) {
  UserId a = User("a");
  UserId b = User("b");
  UserId c = User("c");
  ChannelId g = Channel("g", ChannelType::kPublic, a, {b, c});
  auto recipients_of_a = [&] {
    sink().clear();
    Send(g, a, "hi");
    for (const auto& e : sink().events()) {
      if (e.name == "message") return e.recipients;
    }
    ADD_FAILURE() << "no message event";
    return std::vector<std::string>{};
  };
  EXPECT_FALSE(engine().IsBlockedByAnyone(a));
  EXPECT_THAT(recipients_of_a(), ElementsAre("b", "c"));

  BANTER_ASSERT_OK(engine().Block(Actor::User(b), b, a, Now()));
  BANTER_ASSERT_OK(engine().Block(Actor::User(c), c, a, Now()));
  EXPECT_TRUE(engine().IsBlockedByAnyone(a));
  EXPECT_FALSE(engine().IsBlockedByAnyone(b));
  EXPECT_THAT(recipients_of_a(), IsEmpty());

  BANTER_ASSERT_OK(engine().Unblock(Actor::User(b), b, a, Now()));
  EXPECT_TRUE(engine().IsBlockedByAnyone(a));  // c still blocks a
  EXPECT_THAT(recipients_of_a(), ElementsAre("b"));

  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), c, Now()));
  EXPECT_FALSE(engine().IsBlockedByAnyone(a));
  EXPECT_THAT(recipients_of_a(), ElementsAre("b"));

  BANTER_ASSERT_OK(engine().Block(Actor::User(b), b, a, Now()));
  EXPECT_TRUE(engine().IsBlockedByAnyone(a));
  EXPECT_THAT(recipients_of_a(), IsEmpty());
}

TEST_F(BlocksTest, DeletedUsersCannotBeBlocked) {
  UserId a = User("a");
  UserId b = User("b");
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b, Now()));
  EXPECT_THAT(engine().Block(Actor::User(a), a, b, Now()),
              StatusIs(ErrorCode::kUserNotFound));
}

TEST_F(BlocksTest, DeactivatedUsersCanStillBeBlocked) {
  UserId a = User("a");
  UserId b = User("b");
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), b, false, Now()));
  BANTER_EXPECT_OK(engine().Block(Actor::User(a), a, b, Now()));
  EXPECT_THAT(engine().Block(Actor::User(b), b, a, Now()),
              StatusIs(ErrorCode::kDeactivatedUser));
}

}  // namespace
}  // namespace banter
