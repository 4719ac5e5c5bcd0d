// EngineTest: a fixture holding an engine with invariant checking after every
// mutating call (EngineOptions::check_invariants aborts on a violation), a
// recording sink, and builders for the common setup steps. TearDown checks the
// invariants once more and that the dump is stable.
//
//   class MembershipTest : public banter::testing::EngineTest {};
//   TEST_F(MembershipTest, JoinTwiceReturnsAlreadyMember) {
//     UserId a = User("a");
//     ChannelId c = Channel("c", ChannelType::kPublic, a);
//     EXPECT_THAT(engine().Join(Actor::User(a), {c, a}, Now()),
//                 StatusIs(ErrorCode::kAlreadyMember));
//   }
#ifndef BANTER_TESTS_TESTING_ENGINE_FIXTURE_H_
#define BANTER_TESTS_TESTING_ENGINE_FIXTURE_H_

#include <memory>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/testing/recording_sink.h"
#include "tests/testing/status_matchers.h"

namespace banter::testing {

// Options every test engine starts from: seed 1, cheap bcrypt, invariant
// checks on.
EngineOptions TestOptions();

class EngineTest : public ::testing::Test {
 protected:
  EngineTest();
  void TearDown() override;

  Engine& engine() { return *engine_; }
  RecordingSink& sink() { return sink_; }
  // Rebuilds the engine with `options` (sink and invariant checks forced on).
  void Reset(EngineOptions options);

  // Test time: starts at 1'700'000'000'000 and moves only when told.
  Millis Now() const { return now_; }
  Millis Advance(Millis ms) { return now_ += ms; }

  // Builders. Each asserts success (ADD_FAILURE and returns an invalid handle
  // otherwise).
  UserId User(const std::string& id, const std::string& password = "");
  // Creates a channel as the admin with `owner` (invalid = ownerless) and the
  // given extra members.
  ChannelId Channel(const std::string& id, ChannelType type, UserId owner,
                    std::vector<UserId> members = {});
  BotId Bot(const std::string& id);
  MessageId Send(ChannelId channel, UserId sender, const std::string& text);

 private:
  RecordingSink sink_;
  std::unique_ptr<Engine> engine_;
  Millis now_ = 1'700'000'000'000;
};

}  // namespace banter::testing

#endif  // BANTER_TESTS_TESTING_ENGINE_FIXTURE_H_
