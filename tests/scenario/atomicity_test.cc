// Atomicity: a long seeded random sequence of commands from the shared
// command generator (tools/gen/command_gen.h, every command kind, valid and
// invalid arguments, every actor kind, time moving and timed state
// expiring) against a small world, each run through Engine::Execute. After
// every call the invariants hold (the fixture's engine checks them after
// each mutating call), and after every FAILING call the canonical dump is
// byte-for-byte what it was before: nothing half-applied, nothing lost.
//
// The seed defaults to 1; set BANTER_SEED to explore others (it is printed).
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"
#include "tools/gen/command_gen.h"

namespace banter {
namespace {

constexpr int kSteps = 6000;
constexpr int kWorlds = 6;

uint64_t SeedFromEnv() {
  const char* s = std::getenv("BANTER_SEED");
  return s ? std::strtoull(s, nullptr, 10) : 1;
}

class AtomicityTest : public testing::EngineTest {
 protected:
  // A fresh engine and world: six users (with passwords, so logins can
  // succeed), two bots, and a GitpleLive channel in slot 5, so manager rules
  // are exercised; the sequence creates the other channels itself.
  void BuildWorld(gen::CommandGen& g) {
    Reset(testing::TestOptions());
    for (int i = 0; i < 6; ++i) {
      const std::string name = "u" + std::to_string(i);
      auto u = engine().CreateUser(Actor::Admin(),
                                   {.user_id = name, .password = "pw"}, Now());
      ASSERT_TRUE(u.ok()) << u.status();
      g.AddUser(u->user, name, u->login_token);
    }
    g.AddBot(Bot("bot0"));
    g.AddBot(Bot("bot1"));
    CreateChannelRequest group;
    group.channel_id = gen::CommandGen::ChannelSlotName(5);
    group.type = ChannelType::kPublic;
    group.dialect = Dialect::kGitpleLive;
    group.members = {g.users()[0], g.users()[1]};
    group.name = "group";
    auto c = engine().CreateChannel(Actor::Admin(), group, Now());
    ASSERT_TRUE(c.ok()) << c.status();
    g.SetChannel(5, *c);
    g.AddMember(*c, g.users()[0]);
    g.AddMember(*c, g.users()[1]);
  }
};

TEST_F(AtomicityTest, FailedCallsChangeNothingAndInvariantsHoldThroughout) {
  const uint64_t seed = SeedFromEnv();
  std::printf("atomicity seed: %llu (set BANTER_SEED to change)\n",
              static_cast<unsigned long long>(seed));
  gen::SeededChoices rng(seed);
  int failures = 0, successes = 0;
  std::vector<int> ok_by_kind(gen::kCommandKinds), failed_by_kind(gen::kCommandKinds);
  std::map<int, int> failed_by_code;
  // kWorlds worlds of kSteps / kWorlds steps each, one seeded stream: the
  // dump taken before every call costs O(state), and state grows with the
  // sequence, so shorter worlds keep the test's cost where the old
  // generator's was (which had fewer successes, so less state).
  for (int w = 0; w < kWorlds; ++w) {
    gen::CommandGen g(rng, gen::Profile::Everything(), Now());
    BuildWorld(g);
    for (int step = 0; step < kSteps / kWorlds; ++step) {
      const gen::Step s = g.Next();
      const std::string before = engine().DebugString();
      const absl::StatusOr<CommandResult> r =
          engine().Execute(s.actor, s.command, s.now);
      g.Learn(s, r);
      const size_t kind = s.command.index();
      if (r.ok()) {
        ++successes;
        ++ok_by_kind[kind];
      } else {
        ++failures;
        ++failed_by_kind[kind];
        ++failed_by_code[static_cast<int>(
            ErrorCodeOf(r.status()).value_or(ErrorCode::kInternalError))];
        ASSERT_TRUE(ErrorCodeOf(r.status()).has_value())
            << "world " << w << " step " << step << " (" << gen::Describe(s)
            << "): a failure without a domain code: " << r.status();
        ASSERT_EQ(engine().DebugString(), before)
            << "world " << w << " step " << step << " (" << gen::Describe(s)
            << ") failed with " << r.status() << " but changed the state";
      }
      ASSERT_TRUE(engine().CheckInvariants().ok())
          << "world " << w << " step " << step;
    }
  }
  for (size_t k = 0; k < gen::kCommandKinds; ++k) {
    std::printf("%-24s %4d ok %4d failed\n",
                std::string(CommandNameAt(k)).c_str(), ok_by_kind[k],
                failed_by_kind[k]);
  }
  std::printf("%d calls: %d succeeded, %d failed; failures by code:",
              kSteps, successes, failures);
  for (const auto& [code, n] : failed_by_code) std::printf(" %d:%d", code, n);
  std::printf("\n");
  // The mix must exercise both outcomes substantially, or the test proves
  // little; and every command kind must have been run, and have succeeded
  // at least once (most also fail: the table above shows how often).
  EXPECT_GT(successes, kSteps / 5);
  EXPECT_GT(failures, kSteps / 4);
  for (size_t k = 0; k < gen::kCommandKinds; ++k) {
    EXPECT_GT(ok_by_kind[k], 0) << CommandNameAt(k) << " never succeeded";
  }
}

}  // namespace
}  // namespace banter
