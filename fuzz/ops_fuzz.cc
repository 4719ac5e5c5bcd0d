// libFuzzer target: the input bytes drive the shared command generator
// (tools/gen/command_gen.h: every command kind and actor kind, valid and
// invalid arguments, time moving, timed mutes and bans expiring, logins and
// logouts), each command run through Engine::Execute on a small world, with
// now and then a round of reads. After every step the engine's invariants
// must hold, and after every FAILING call and every read the canonical dump
// must be byte-for-byte what it was before (a failed call changes nothing).
// Any violation aborts, which libFuzzer reports as a crash.
//
// The same generator drives tests/scenario/atomicity_test.cc from a seed;
// here every choice it makes is taken from the input, so the fuzzer can
// steer them.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "fuzzer/FuzzedDataProvider.h"
#include "tools/gen/command_gen.h"

namespace banter {
namespace {

constexpr int kMaxSteps = 80;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "ops_fuzz: %s\n", what.c_str());
  std::abort();
}

// The first line where two dumps differ, both versions.
std::string FirstDifference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  const size_t start = a.rfind('\n', i == 0 ? 0 : i - 1);
  const size_t from = start == std::string::npos ? 0 : start + 1;
  auto line = [&](const std::string& s) {
    const size_t end = s.find('\n', from);
    return s.substr(from, end == std::string::npos ? std::string::npos
                                                    : end - from);
  };
  return "  before: " + line(a) + "\n  after:  " + line(b);
}

// The generator's choices, taken from the fuzzer's input. Once the input is
// used up every choice is 0 (FuzzedDataProvider's rule); Run stops there.
class FuzzedChoices final : public gen::Choices {
 public:
  explicit FuzzedChoices(FuzzedDataProvider& in) : in_(in) {}
  uint64_t Uniform(uint64_t n) override {
    return in_.ConsumeIntegralInRange<uint64_t>(0, n - 1);
  }
  std::string Bytes(size_t max_size) override {
    return in_.ConsumeRandomLengthString(max_size);
  }

 private:
  FuzzedDataProvider& in_;
};

class World {
 public:
  explicit World(FuzzedDataProvider& in)
      : in_(in),
        choices_(in),
        gen_(choices_, gen::Profile::Everything(), 1'700'000'000'000),
        engine_(Options()) {}

  static EngineOptions Options() {
    EngineOptions o;
    o.seed = 7;
    o.password_cost = 4;  // bcrypt's minimum: the fuzzer should not wait on it
    o.token_secret = "fuzz";
    o.check_invariants = true;  // aborts on a violation after each call
    o.anonymous_login_allowed = true;  // exercised below; off by default
    return o;
  }

  void Setup() {
    const Millis now = gen_.now();
    for (int i = 0; i < 4; ++i) {
      CreateUserRequest r;
      r.user_id = "u" + std::to_string(i);
      r.password = i == 0 ? "pw" : "";
      auto u = engine_.CreateUser(Actor::Admin(), r, now);
      if (!u.ok()) Die("setup user");
      gen_.AddUser(u->user, r.user_id, u->login_token);
    }
    for (int i = 0; i < 2; ++i) {
      CreateBotRequest r;
      r.bot_id = "bot" + std::to_string(i);
      auto b = engine_.CreateBot(Actor::Admin(), r, now);
      if (!b.ok()) Die("setup bot");
      gen_.AddBot(*b);
    }
    CreateChannelRequest g;
    g.channel_id = gen::CommandGen::ChannelSlotName(5);
    g.dialect = Dialect::kGitpleLive;
    g.name = "chan five";  // GitpleLive names are 1-150 characters
    g.type = ChannelType::kPublic;
    g.members = {gen_.users()[0], gen_.users()[1]};
    auto c = engine_.CreateChannel(Actor::Admin(), g, now);
    if (!c.ok()) Die("setup channel");
    gen_.SetChannel(5, *c);
  }

  void Run() {
    for (int step = 0; step < kMaxSteps && in_.remaining_bytes() > 0;
         ++step) {
      const std::string before = engine_.DebugString();
      if (choices_.Chance(5)) {
        Reads();
        const std::string after = engine_.DebugString();
        if (after != before) {
          Die("a read changed the state; first difference:\n" +
              FirstDifference(before, after));
        }
        continue;
      }
      const gen::Step s = gen_.Next();
      const absl::StatusOr<CommandResult> r =
          engine_.Execute(s.actor, s.command, s.now);
      gen_.Learn(s, r);
      if (!r.ok()) {
        if (!ErrorCodeOf(r.status()).has_value()) {
          Die("a failure without a domain code: " + r.status().ToString());
        }
        const std::string after = engine_.DebugString();
        if (after != before) {
          Die(gen::Describe(s) + " failed with " + r.status().ToString() +
              " but changed the state; first difference:\n" +
              FirstDifference(before, after));
        }
      }
      const absl::Status inv = engine_.CheckInvariants();
      if (!inv.ok()) Die("invariant: " + inv.ToString());
    }
  }

 private:
  // Reads must never change anything either.
  void Reads() {
    const Actor a = gen_.AnyActor();
    MessageListQuery q;
    q.channel = gen_.AnyChannel();
    q.viewer = gen_.AnyUser();
    std::vector<MessageRef> refs;
    (void)engine_.ListMessages(a, q);
    (void)engine_.ListMessageRefs(a, q, &refs);
    (void)engine_.GetChannel(a, gen_.AnyChannel(), gen_.AnyUser());
    (void)engine_.ListMembers(a, gen_.AnyChannel(), UserId(),
                              static_cast<int>(choices_.Uniform(5)));
    (void)engine_.GetMessage(a, gen_.AnyMessage(), gen_.AnyUser());
    (void)engine_.UnreadCount(a, gen_.AnyChannel(), gen_.AnyUser());
    (void)engine_.Receipts(a, gen_.AnyChannel());
  }

  FuzzedDataProvider& in_;
  FuzzedChoices choices_;
  gen::CommandGen gen_;
  Engine engine_;
};

}  // namespace
}  // namespace banter

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  banter::World world(in);
  world.Setup();
  world.Run();
  return 0;
}
