// The user side of membership as a table the membership area owns
// (engine/membership/user_channels.h, State::user_channels; issue #13).
#include "engine/membership/user_channels.h"

#include <optional>
#include <utility>
#include <vector>

#include "banter/engine.h"
#include "engine/membership/membership.h"
#include "engine/state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/test_access.h"

namespace banter::testing {
namespace {

using internal::ChannelSlots;
using internal::IsMemberOf;
using internal::SlotOf;
using internal::Standing;
using internal::StandingOf;
using internal::State;
using internal::UserChannels;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

std::vector<std::pair<ChannelId, uint32_t>> Rows(const ChannelSlots& row) {
  return {row.begin(), row.end()};
}

TEST(UserChannelsTest, UnissuedHandlesHaveEmptyRows) {
  UserChannels t;
  internal::TestAccess::ResetRows(t, 2);
  EXPECT_THAT(Rows(t.of(UserId())), IsEmpty());
  EXPECT_THAT(Rows(t.of(UserId(1))), IsEmpty());
  EXPECT_THAT(Rows(t.of(UserId(7))), IsEmpty());
}

TEST(UserChannelsTest, InsertKeepsChannelOrderAndRefusesDuplicates) {
  UserChannels t;
  t.AddUser(UserId());
  t.AddUser(UserId(1));
  EXPECT_TRUE(internal::TestAccess::Insert(t, UserId(1), ChannelId(5), 3));
  EXPECT_TRUE(internal::TestAccess::Insert(t, UserId(1), ChannelId(2), 0));
  EXPECT_FALSE(internal::TestAccess::Insert(t, UserId(1), ChannelId(5), 9));
  EXPECT_THAT(Rows(t.of(UserId(1))),
              ElementsAre(Pair(ChannelId(2), 0u), Pair(ChannelId(5), 3u)));
}

TEST(UserChannelsTest, EraseReturnsTheSlotAndSetSlotRenumbers) {
  UserChannels t;
  internal::TestAccess::ResetRows(t, 2);
  ASSERT_TRUE(internal::TestAccess::Insert(t, UserId(1), ChannelId(2), 4));
  ASSERT_TRUE(internal::TestAccess::Insert(t, UserId(1), ChannelId(3), 1));
  internal::TestAccess::SetSlot(t, UserId(1), ChannelId(2), 0);
  EXPECT_EQ(internal::TestAccess::Erase(t, UserId(1), ChannelId(3)), 1u);
  EXPECT_THAT(Rows(t.of(UserId(1))), ElementsAre(Pair(ChannelId(2), 0u)));
}

class UserChannelsEngineTest : public EngineTest {
 protected:
  const State& S() { return internal::StateOf(engine()); }
};

TEST_F(UserChannelsEngineTest, Issue13SwapRemoveRenumbersTheMovedMember) {
  const UserId a = User("a"), b = User("b"), c = User("c");
  const ChannelId ch = Channel("ch", ChannelType::kPrivate, a, {b, c});
  ASSERT_EQ(::banter::internal::TestAccess::Channel(S(), ch).members[2], c);
  BANTER_ASSERT_OK(
      engine().RemoveMembers(Actor::Admin(), {ch, {b}}, Now()));
  // c moved into b's slot 1; its row says so, and b's row is empty.
  EXPECT_EQ(::banter::internal::TestAccess::Channel(S(), ch).members[1], c);
  EXPECT_THAT(Rows(S().user_channels.of(c)), ElementsAre(Pair(ch, 1u)));
  EXPECT_THAT(Rows(S().user_channels.of(b)), IsEmpty());
  EXPECT_EQ(SlotOf(S(), ch, c), 1u);
  EXPECT_EQ(SlotOf(S(), ch, b), std::nullopt);
}

TEST_F(UserChannelsEngineTest, Issue13StandingComesFromTheDenseTables) {
  const UserId a = User("a"), b = User("b"), out = User("out");
  const ChannelId ch = Channel("ch", ChannelType::kPrivate, a, {b});
  EXPECT_EQ(StandingOf(S(), ch, b), Standing::kMember);
  EXPECT_EQ(StandingOf(S(), ch, out), Standing::kOutsider);
  EXPECT_EQ(StandingOf(S(), ch, UserId()), Standing::kNoUser);
  EXPECT_EQ(StandingOf(S(), ch, UserId(999)), Standing::kNoUser);
  EXPECT_TRUE(IsMemberOf(S(), ch, b));
  EXPECT_FALSE(IsMemberOf(S(), ch, UserId(999)));
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b, Now()));
  EXPECT_EQ(StandingOf(S(), ch, b), Standing::kNoUser);
  EXPECT_FALSE(IsMemberOf(S(), ch, b));
}

TEST_F(UserChannelsEngineTest, Issue13DeletedUserKeepsAnEmptyRow) {
  const UserId a = User("a"), b = User("b");
  Channel("one", ChannelType::kPrivate, a, {b});
  Channel("two", ChannelType::kPrivate, a, {b});
  EXPECT_EQ(S().user_channels.of(b).size(), 2u);
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b, Now()));
  EXPECT_EQ(S().user_channels.size(), S().users.size());
  EXPECT_THAT(Rows(S().user_channels.of(b)), IsEmpty());
  // A new user gets a new handle and a new, empty row.
  const UserId again = User("b");
  EXPECT_NE(again, b);
  EXPECT_EQ(S().user_channels.size(), S().users.size());
  EXPECT_THAT(Rows(S().user_channels.of(again)), IsEmpty());
}

TEST_F(UserChannelsEngineTest, Issue13PushCountReadsTheDenseMirror) {
  const UserId a = User("a"), b = User("b");
  const ChannelId ch = Channel("ch", ChannelType::kPublic, a);
  BANTER_ASSERT_OK(engine().SetUserPush(Actor::User(b), b, false, Now()));
  EXPECT_NE(S().users.access(b) & internal::kUserPushOff, 0);
  BANTER_ASSERT_OK(engine().Join(Actor::User(b), {ch, b}, Now()));
  EXPECT_EQ(::banter::internal::TestAccess::Channel(S(), ch).push_disabled_members, 1u);
  BANTER_ASSERT_OK(engine().SetUserPush(Actor::User(b), b, true, Now()));
  EXPECT_EQ(S().users.access(b) & internal::kUserPushOff, 0);
  EXPECT_EQ(::banter::internal::TestAccess::Channel(S(), ch).push_disabled_members, 0u);
  BANTER_ASSERT_OK(engine().SetUserPush(Actor::User(b), b, false, Now()));
  BANTER_ASSERT_OK(engine().Leave(Actor::User(b), {ch, b, false}, Now()));
  EXPECT_EQ(::banter::internal::TestAccess::Channel(S(), ch).push_disabled_members, 0u);
}

}  // namespace
}  // namespace banter::testing
