// Atomicity: a long seeded random sequence of operations (valid and invalid,
// every actor kind) against a small world. After every call the invariants
// hold (the fixture's engine checks them after each mutating call), and after
// every FAILING call the canonical dump is byte-for-byte what it was before:
// nothing half-applied, nothing lost.
//
// The seed defaults to 1; set BANTER_SEED to explore others (it is printed).
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"

namespace banter {
namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : x_(seed) {}
  uint64_t Next() {
    uint64_t z = (x_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) { return static_cast<int>(Next() % static_cast<uint64_t>(n)); }
  bool Chance(int percent) { return Below(100) < percent; }

 private:
  uint64_t x_;
};

uint64_t SeedFromEnv() {
  const char* s = std::getenv("BANTER_SEED");
  return s ? std::strtoull(s, nullptr, 10) : 1;
}

class AtomicityTest : public testing::EngineTest {
 protected:
  // The world: user handles 1..6 plus an invalid and a never-issued one;
  // channels named chan0..chan5 (some created by the sequence itself); two bots.
  UserId AnyUser() {
    int r = rng_.Below(20);
    if (r == 18) return UserId(999);
    if (r == 19) return UserId();
    return users_[r % users_.size()];
  }
  std::vector<UserId> SomeUsers() {
    std::vector<UserId> out;
    int n = rng_.Below(5);
    for (int i = 0; i < n; ++i) out.push_back(AnyUser());
    return out;
  }
  ChannelId AnyChannel() {
    int r = rng_.Below(8);
    if (r < 6) return engine().FindChannel("chan" + std::to_string(r));
    return r == 6 ? ChannelId(999) : ChannelId();
  }
  BotId AnyBot() {
    int r = rng_.Below(3);
    if (r < (int)bots_.size()) return bots_[r];
    return BotId(77);
  }
  Actor AnyActor() {
    int r = rng_.Below(10);
    if (r < 4) return Actor::Admin();
    if (r < 9) return Actor::User(AnyUser());
    return Actor::Bot(AnyBot());
  }
  MessageId AnyMessage() {
    if (messages_.empty() || rng_.Chance(10)) return MessageId(AnyChannel(), 1 + rng_.Below(3));
    return messages_[rng_.Below(static_cast<int>(messages_.size()))];
  }
  Metadata AnyData() {
    Metadata m;
    int n = rng_.Chance(90) ? rng_.Below(3) : 6 + rng_.Below(6);
    for (int i = 0; i < n; ++i) m["k" + std::to_string(i)] = "v";
    if (rng_.Chance(3)) m[std::string(130, 'k')] = "v";
    return m;
  }
  std::string AnyText() {
    switch (rng_.Below(8)) {
      case 0: return "";
      case 1: return std::string(8193, 'x');
      case 2: return "\xff\xfe";
      default: return "hello " + std::to_string(rng_.Below(100));
    }
  }
  std::string AnyCode() { return rng_.Chance(50) ? "secret" : (rng_.Chance(50) ? "" : "nope"); }

  absl::Status Step(Millis now) {
    const Actor a = AnyActor();
    last_op_ = rng_.Below(40);
    switch (last_op_) {
      case 0: {
        CreateUserRequest r;
        r.user_id = rng_.Chance(80) ? "x" + std::to_string(rng_.Below(8)) : "bad id";
        r.password = rng_.Chance(50) ? "pw" : "";
        r.data = AnyData();
        auto c = engine().CreateUser(a, r, now);
        if (c.ok()) users_.push_back(c->user);
        return c.status();
      }
      case 1: {
        UpdateUserRequest r;
        r.user = AnyUser();
        if (rng_.Chance(50)) r.username = rng_.Chance(90) ? "name" : std::string(200, 'n');
        if (rng_.Chance(50)) r.data = AnyData();
        return engine().UpdateUser(a, r, now);
      }
      case 2: return engine().SetUserActive(a, AnyUser(), rng_.Chance(85), now);
      case 3: return rng_.Chance(5) ? engine().DeleteUser(a, AnyUser(), now) : absl::OkStatus();
      case 4: return engine().Block(a, AnyUser(), AnyUser(), now);
      case 5: return engine().Unblock(a, AnyUser(), AnyUser(), now);
      case 6: {
        CreateChannelRequest r;
        r.channel_id = rng_.Chance(85) ? "chan" + std::to_string(rng_.Below(6)) : "";
        r.type = static_cast<ChannelType>(rng_.Below(kChannelTypeCount));
        r.members = SomeUsers();
        if (rng_.Chance(70)) r.owner = AnyUser();
        r.reuse = rng_.Chance(20);
        r.invitation_code = AnyCode();
        if (rng_.Chance(20)) r.max_member_count = rng_.Below(5) - 1;
        r.data = AnyData();
        if (rng_.Chance(10)) r.subcategory = "sub";
        return engine().CreateChannel(a, r, now).status();
      }
      case 7: {
        UpdateChannelRequest r;
        r.channel = AnyChannel();
        if (rng_.Chance(40)) r.name = rng_.Chance(90) ? "n" : std::string(300, 'n');
        if (rng_.Chance(20)) r.owner = AnyUser();
        if (rng_.Chance(30)) r.max_member_count = rng_.Below(6) - 1;
        if (rng_.Chance(20)) r.invitation_code = AnyCode();
        if (rng_.Chance(30)) r.data = AnyData();
        return engine().UpdateChannel(a, r, now);
      }
      case 8: return rng_.Chance(30) ? engine().DeleteChannel(a, AnyChannel(), now) : absl::OkStatus();
      case 9: return engine().AddMembers(a, MembersRequest{AnyChannel(), SomeUsers()}, now);
      case 10: return engine().RemoveMembers(a, MembersRequest{AnyChannel(), SomeUsers()}, now);
      case 11: {
        JoinRequest r{AnyChannel(), AnyUser(), std::nullopt};
        if (rng_.Chance(30)) r.invitation_code = AnyCode();
        return engine().Join(a, r, now);
      }
      case 12: return engine().Leave(a, LeaveRequest{AnyChannel(), AnyUser(), rng_.Chance(50)}, now);
      case 13: return engine().TransferOwnership(a, AnyChannel(), AnyUser(), now);
      case 14: return engine().SetFrozen(a, AnyChannel(), rng_.Chance(50), now);
      case 15: {
        BanRequest r{AnyChannel(), SomeUsers(), rng_.Chance(50) ? 0 : 1000 * rng_.Below(5) - 100, ""};
        return engine().Ban(a, r, now);
      }
      case 16: return engine().Unban(a, MembersRequest{AnyChannel(), SomeUsers()}, now);
      case 17: return engine().Mute(a, MuteRequest{AnyChannel(), SomeUsers(), (rng_.Below(4) - 1) * 60'000}, now);
      case 18: return engine().Unmute(a, MembersRequest{AnyChannel(), SomeUsers()}, now);
      case 19: return engine().MuteAll(a, AnyChannel(), rng_.Below(3), now);
      case 20: {
        PeerMuteRequest r{AnyChannel(), AnyUser(), SomeUsers(), (rng_.Below(3) - 1) * 60'000};
        return rng_.Chance(50) ? engine().PeerMute(a, r, now) : engine().PeerUnmute(a, r, now);
      }
      case 21: return engine().SetHidden(a, MemberSettingRequest{AnyChannel(), AnyUser()}, rng_.Chance(50), now);
      case 22: return engine().SetChannelPush(a, MemberSettingRequest{AnyChannel(), AnyUser()}, rng_.Chance(50), now);
      case 23: return engine().SetMemberInfo(a, MemberSettingRequest{AnyChannel(), AnyUser()}, AnyData(), now);
      case 24: return engine().SetPrivateData(a, MemberSettingRequest{AnyChannel(), AnyUser()}, AnyData(), now);
      case 25: return engine().SetPrivateTag(a, MemberSettingRequest{AnyChannel(), AnyUser()},
                                             rng_.Chance(90) ? "tag" : std::string(200, 't'), now);
      case 26:
      case 27:
      case 28: {
        SendMessageRequest r;
        r.channel = AnyChannel();
        r.sender = a.is_admin() && rng_.Chance(70) ? AnyUser() : UserId();
        r.type = static_cast<MessageType>(rng_.Below(8));
        if (rng_.Chance(70)) r.type = a.is_bot() ? MessageType::kBot : MessageType::kText;
        r.text = AnyText();
        if (rng_.Chance(20)) r.data = AnyData();
        if (rng_.Chance(20)) r.mentions = SomeUsers();
        if (rng_.Chance(15)) r.parent = AnyMessage();
        auto m = engine().SendMessage(a, r, now);
        if (m.ok()) messages_.push_back(*m);
        return m.status();
      }
      case 29: {
        UpdateMessageRequest r;
        r.message = AnyMessage();
        if (rng_.Chance(70)) r.text = AnyText();
        r.clear_reactions = rng_.Chance(20);
        return engine().UpdateMessage(a, r, now);
      }
      case 30: return engine().DeleteMessage(a, AnyMessage(), now);
      case 31: {
        ReactionRequest r{AnyMessage(), AnyUser(), rng_.Chance(90) ? "like" : std::string(70, 'r')};
        return rng_.Chance(60) ? engine().AddReaction(a, r, now) : engine().RemoveReaction(a, r, now);
      }
      case 32: return engine().MarkRead(a, MemberSettingRequest{AnyChannel(), AnyUser()}, now);
      case 33: return engine().MarkAllRead(a, AnyUser(), now);
      case 34: return engine().BotJoin(a, AnyBot(), AnyChannel(), now);
      case 35: return engine().BotLeave(a, AnyBot(), AnyChannel(), now);
      case 36: return engine().AddManager(a, AnyChannel(), AnyUser(), now);
      case 37: return engine().RemoveManager(a, AnyChannel(), AnyUser(), now);
      case 38: {
        engine().AdvanceTime(now);
        return absl::OkStatus();
      }
      default: return engine().TransferOwnership(a, AnyChannel(), AnyUser(), now);
    }
  }

  Rng rng_{SeedFromEnv()};
  int last_op_ = 0;
  std::vector<UserId> users_;
  std::vector<BotId> bots_;
  std::vector<MessageId> messages_;
};

TEST_F(AtomicityTest, FailedCallsChangeNothingAndInvariantsHoldThroughout) {
  const uint64_t seed = SeedFromEnv();
  std::printf("atomicity seed: %llu (set BANTER_SEED to change)\n",
              static_cast<unsigned long long>(seed));
  for (int i = 0; i < 6; ++i) users_.push_back(User("u" + std::to_string(i), "pw"));
  bots_.push_back(Bot("bot0"));
  bots_.push_back(Bot("bot1"));
  // A GitpleLive channel too, so manager rules are exercised.
  CreateChannelRequest g;
  g.channel_id = "chan5";
  g.type = ChannelType::kPublic;
  g.dialect = Dialect::kGitpleLive;
  g.members = {users_[0], users_[1]};
  g.name = "group";
  ASSERT_TRUE(engine().CreateChannel(Actor::Admin(), g, Now()).ok());

  int failures = 0, successes = 0;
  std::vector<int> ok_by_op(40), failed_by_op(40);
  for (int step = 0; step < 6000; ++step) {
    Advance(rng_.Below(4) == 0 ? 30'000 : 7);
    const std::string before = engine().DebugString();
    absl::Status st = Step(Now());
    if (st.ok()) {
      ++successes;
      ++ok_by_op[last_op_];
    } else {
      ++failures;
      ++failed_by_op[last_op_];
      ASSERT_TRUE(ErrorCodeOf(st).has_value())
          << "step " << step << ": a failure without a domain code: " << st;
      ASSERT_EQ(engine().DebugString(), before)
          << "step " << step << " failed with " << st << " but changed the state";
    }
    ASSERT_TRUE(engine().CheckInvariants().ok()) << "step " << step;
  }
  for (int op = 0; op < 40; ++op) {
    std::printf("op %2d: %4d ok %4d failed\n", op, ok_by_op[op], failed_by_op[op]);
  }
  // The mix must exercise both outcomes substantially, or the test proves
  // little.
  EXPECT_GT(successes, 700);
  EXPECT_GT(failures, 1500);
}

}  // namespace
}  // namespace banter
