// Engine::Calls(): what operators watch (issue #15).
#include "banter/engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

class CallStatsTest : public testing::EngineTest {};

TEST_F(CallStatsTest, CountsCallsByCommandAndFailuresByCode) {
  const UserId a = User("a");
  const ChannelId c = Channel("c", ChannelType::kPublic, a);
  BANTER_ASSERT_OK(
      engine().SendMessage(Actor::User(a), {.channel = c, .text = "hi"}, Now())
          .status());
  EXPECT_FALSE(engine()
                   .SendMessage(Actor::User(a),
                                {.channel = ChannelId(99), .text = "x"}, Now())
                   .ok());
  EXPECT_FALSE(engine().Join(Actor::User(a), {.channel = c, .user = a}, Now())
                   .ok());  // already a member
  const CallStats calls = engine().Calls();
  std::vector<std::tuple<std::string, uint64_t, uint64_t>> got;
  for (const auto& pc : calls.commands) {
    got.emplace_back(std::string(pc.command), pc.succeeded, pc.failed);
  }
  EXPECT_THAT(got, ::testing::UnorderedElementsAre(
                       std::make_tuple("CreateUser", 1u, 0u),
                       std::make_tuple("CreateChannel", 1u, 0u),
                       std::make_tuple("SendMessage", 1u, 1u),
                       std::make_tuple("Join", 0u, 1u)));
  EXPECT_THAT(calls.failures_by_code,
              ElementsAre(Pair(ErrorCode::kChannelNotFound, 1u),
                          Pair(ErrorCode::kAlreadyMember, 1u)));
  // Counters are not state: the dump does not show them.
  EXPECT_EQ(engine().DebugString().find("SendMessage"), std::string::npos);
}

TEST_F(CallStatsTest, CountsEventsAndTheirRecipientsAsTheSinkSawThem) {
  const UserId a = User("a");
  const UserId b = User("b");
  const UserId c = User("c");
  const ChannelId ch = Channel("c", ChannelType::kPublic, a, {b, c});
  const CallStats before = engine().Calls();
  const size_t seen_before = sink().events().size();
  BANTER_ASSERT_OK(
      engine().SendMessage(Actor::User(a), {.channel = ch, .text = "hi"}, Now())
          .status());
  const CallStats after = engine().Calls();
  // One message event, to the two members other than the sender.
  EXPECT_EQ(after.events_delivered - before.events_delivered,
            sink().events().size() - seen_before);
  EXPECT_EQ(after.events_delivered - before.events_delivered, 1u);
  EXPECT_EQ(after.recipients_delivered - before.recipients_delivered, 2u);
}

}  // namespace
}  // namespace banter
