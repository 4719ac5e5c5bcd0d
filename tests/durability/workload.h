// A seeded random workload over a small world, touching every mutating
// method (valid and invalid calls, every actor kind), for the durability
// tests: two engines fed the same workload from the same state must stay
// identical, and a journal of it must replay to the same state.
#ifndef BANTER_TESTS_DURABILITY_WORKLOAD_H_
#define BANTER_TESTS_DURABILITY_WORKLOAD_H_

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "engine/state.h"

namespace banter::testing {

class Rng {
 public:
  explicit Rng(uint64_t seed) : x_(seed) {}
  uint64_t Next() {
    uint64_t z = (x_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  int Below(int n) {
    return static_cast<int>(Next() % static_cast<uint64_t>(n));
  }
  bool Chance(int percent) { return Below(100) < percent; }

 private:
  uint64_t x_;
};

// BANTER_SEED overrides `fallback` (tests print the seed they use).
inline uint64_t SeedFromEnv(uint64_t fallback) {
  const char* s = std::getenv("BANTER_SEED");
  return s ? std::strtoull(s, nullptr, 10) : fallback;
}

// Makes random calls on an engine, moving time forward. Deterministic in
// (engine state, seed): two engines in equal states fed by workloads of the
// same seed stay equal.
class Workload {
 public:
  explicit Workload(uint64_t seed) : rng_(seed) {}

  void Run(Engine& e, int steps, Millis* now) {
    for (int i = 0; i < steps; ++i) {
      *now += rng_.Chance(20) ? rng_.Below(200'000) : rng_.Below(50);
      Step(e, *now);
    }
  }

 private:
  UserId AnyUser(const Engine& e) {
    const int r = rng_.Below(22);
    if (r == 20) return UserId(999);
    if (r == 21) return UserId();
    return e.FindUser("u" + std::to_string(r % 10));
  }
  std::vector<UserId> SomeUsers(const Engine& e) {
    std::vector<UserId> out;
    for (int i = 0, n = 1 + rng_.Below(3); i < n; ++i) out.push_back(AnyUser(e));
    return out;
  }  // SomeUsers as a request's target list (banter/commands.h).
  UserTargets SomeTargets(const Engine& e) {
    const std::vector<UserId> users = SomeUsers(e);
    return UserTargets(users.begin(), users.end());
  }

  ChannelId AnyChannel(const Engine& e) {
    const int r = rng_.Below(9);
    if (r == 8) return ChannelId(999);
    return e.FindChannel("c" + std::to_string(r));
  }
  BotId AnyBot(const Engine& e) {
    return rng_.Chance(90) ? e.FindBot("b" + std::to_string(rng_.Below(2)))
                           : BotId(77);
  }
  MessageId AnyMessage(const Engine& e) {
    return MessageId(AnyChannel(e), 1 + rng_.Below(12));
  }
  // Mostly a member-ish user or the admin, sometimes a bot.
  Actor AnyActor(const Engine& e) {
    const int r = rng_.Below(10);
    if (r < 4) return Actor::Admin();
    if (r < 9) return Actor::User(AnyUser(e));
    return Actor::Bot(AnyBot(e));
  }
  Metadata AnyData() {
    Metadata m;
    for (int i = 0, n = rng_.Below(3); i < n; ++i) {
      m["k" + std::to_string(rng_.Below(4))] = "v" + std::to_string(rng_.Below(9));
    }
    return m;
  }
  std::string AnySession(const Engine& e) {
    std::vector<std::string> tokens;
    for (const auto& [token, _] : ::banter::internal::StateOf(e).users.sessions()) tokens.push_back(token);
    if (tokens.empty() || rng_.Chance(10)) return "no-such-session";
    std::sort(tokens.begin(), tokens.end());
    return tokens[rng_.Below(static_cast<int>(tokens.size()))];
  }
  std::string Name(const char* prefix, int n) {
    return prefix + std::to_string(rng_.Below(n));
  }

  void Step(Engine& e, Millis now) {
    const Actor a = AnyActor(e);
    const ChannelId c = AnyChannel(e);
    const UserId u = AnyUser(e);
    const MemberSettingRequest ms{c, u};
    const Actor self = rng_.Chance(50) ? Actor::User(u) : Actor::Admin();
    switch (rng_.Below(60)) {
      case 0: case 1: case 2: {
        CreateUserRequest r;
        r.user_id = Name("u", 10);
        if (rng_.Chance(30)) r.password = "pw" + std::to_string(rng_.Below(3));
        r.username = Name("name", 5);
        r.data = AnyData();
        if (rng_.Chance(20)) r.dialect = Dialect::kGitpleLive;
        (void)e.CreateUser(Actor::Admin(), r, now);
        break;
      }
      case 3:
        (void)e.IssueLoginToken(Actor::Admin(), u, Name("pw", 3), now);
        break;
      case 4: {
        LoginRequest r;
        r.user_id = Name("u", 10);
        const internal::UserRecord* rec = ::banter::internal::StateOf(e).user(e.FindUser(r.user_id));
        r.login_token = rec && !rec->login_tokens.empty() && rng_.Chance(80)
                            ? rec->login_tokens.back()
                            : "bad";
        if (rng_.Chance(30)) r.username = Name("login", 3);
        (void)e.LoginWithToken(r, now);
        break;
      }
      case 5: {
        LoginRequest r;
        r.user_id = Name("u", 12);
        (void)e.LoginAnonymous(r, now);
        break;
      }
      case 6: (void)e.Logout(AnySession(e), now); break;
      case 7: {
        UpdateUserRequest r;
        r.user = u;
        if (rng_.Chance(50)) r.username = Name("nick", 4);
        if (rng_.Chance(30)) r.data = AnyData();
        (void)e.UpdateUser(self, r, now);
        break;
      }
      case 8: (void)e.ChangePassword(self, u, Name("pw", 3), now); break;
      case 9: (void)e.SetUserActive(Actor::Admin(), u, rng_.Chance(60), now); break;
      case 10: if (rng_.Chance(30)) (void)e.DeleteUser(self, u, now); break;
      case 11: (void)e.SetUserPush(self, u, rng_.Chance(50), now); break;
      case 12:
        (void)e.RegisterPushToken(self, u,
                                  rng_.Chance(50) ? PushTokenKind::kFcm
                                                  : PushTokenKind::kPushKit,
                                  Name("dev", 3), Name("tok", 5), now);
        break;
      case 13: (void)e.Block(self, u, AnyUser(e), now); break;
      case 14: (void)e.Unblock(self, u, AnyUser(e), now); break;
      case 15: case 16: case 17: {
        CreateChannelRequest r;
        r.channel_id = rng_.Chance(85) ? Name("c", 8) : "";
        r.type = static_cast<ChannelType>(rng_.Below(kChannelTypeCount));
        r.members = SomeUsers(e);
        r.owner = u;
        r.name = Name("room", 4);
        if (r.type == ChannelType::kInvitationOnly) r.invitation_code = "code";
        if (rng_.Chance(20)) r.max_member_count = 2 + rng_.Below(5);
        r.hide_messages_before_join = rng_.Chance(30);
        if (rng_.Chance(25)) r.dialect = Dialect::kGitpleLive;
        (void)e.CreateChannel(rng_.Chance(70) ? Actor::Admin() : Actor::User(u),
                              r, now);
        break;
      }
      case 18: {
        UpdateChannelRequest r;
        r.channel = c;
        if (rng_.Chance(50)) r.name = Name("renamed", 3);
        if (rng_.Chance(20)) r.data = AnyData();
        if (rng_.Chance(10)) r.owner = AnyUser(e);
        (void)e.UpdateChannel(a, r, now);
        break;
      }
      case 19: if (rng_.Chance(20)) (void)e.DeleteChannel(a, c, now); break;
      case 20: (void)e.AddMembers(a, MembersRequest{c, SomeTargets(e)}, now); break;
      case 21: (void)e.RemoveMembers(a, MembersRequest{c, SomeTargets(e)}, now); break;
      case 22: case 23: {
        JoinRequest r{c, u, std::nullopt};
        if (rng_.Chance(20)) r.invitation_code = rng_.Chance(70) ? "code" : "nope";
        (void)e.Join(rng_.Chance(70) ? Actor::User(u) : Actor::Admin(), r, now);
        break;
      }
      case 24:
        (void)e.Leave(self, LeaveRequest{c, u, rng_.Chance(30)}, now);
        break;
      case 25: (void)e.TransferOwnership(a, c, u, now); break;
      case 26: (void)e.SetFrozen(a, c, rng_.Chance(50), now); break;
      case 27: (void)e.SetHidden(self, ms, rng_.Chance(60), now); break;
      case 28: (void)e.HideAll(self, u, now); break;
      case 29: (void)e.SetChannelPush(self, ms, rng_.Chance(50), now); break;
      case 30:
        (void)e.SetPushSounds(self, ms, Name("snd", 2), std::nullopt, now);
        break;
      case 31: (void)e.SetMemberInfo(self, ms, AnyData(), now); break;
      case 32: (void)e.SetPrivateData(self, ms, AnyData(), now); break;
      case 33: (void)e.SetPrivateTag(self, ms, Name("tag", 3), now); break;
      case 34: (void)e.AddManager(a, c, u, now); break;
      case 35: (void)e.RemoveManager(a, c, u, now); break;
      case 36: {
        BanRequest r{c, SomeTargets(e), 0, Name("why", 2)};
        if (rng_.Chance(60)) r.duration_ms = 1 + rng_.Below(300'000);
        (void)e.Ban(a, r, now);
        break;
      }
      case 37: (void)e.Unban(a, MembersRequest{c, SomeTargets(e)}, now); break;
      case 38: {
        MuteRequest r{c, SomeTargets(e), (rng_.Chance(60) ? 1 + rng_.Below(5) : 0) * 60'000};
        (void)e.Mute(a, r, now);
        break;
      }
      case 39: (void)e.Unmute(a, MembersRequest{c, SomeTargets(e)}, now); break;
      case 40: (void)e.MuteAll(Actor::Admin(), c, rng_.Below(3), now); break;
      case 41: {
        PeerMuteRequest r{c, u, SomeUsers(e), (rng_.Chance(50) ? 1 + rng_.Below(4) : 0) * 60'000};
        (void)e.PeerMute(self, r, now);
        break;
      }
      case 42:
        (void)e.PeerUnmute(self, PeerMuteRequest{c, u, SomeUsers(e), 0}, now);
        break;
      case 43: {
        CreateBotRequest r;
        r.bot_id = Name("b", 2);
        r.name = Name("botname", 3);
        (void)e.CreateBot(Actor::Admin(), r, now);
        break;
      }
      case 44: {
        UpdateBotRequest r;
        r.bot = AnyBot(e);
        r.name = Name("botname", 3);
        (void)e.UpdateBot(Actor::Admin(), r, now);
        break;
      }
      case 45: if (rng_.Chance(20)) (void)e.DeleteBot(Actor::Admin(), AnyBot(e), now); break;
      case 46: (void)e.BotJoin(Actor::Admin(), AnyBot(e), c, now); break;
      case 47: (void)e.BotLeave(Actor::Admin(), AnyBot(e), c, now); break;
      case 48: case 49: case 50: case 51: {
        SendMessageRequest r;
        r.channel = c;
        r.text = Name("hello ", 50);
        const int who = rng_.Below(10);
        Actor sender = Actor::User(u);
        if (who == 0) {
          sender = Actor::Admin();
          r.type = MessageType::kAdmin;
        } else if (who == 1) {
          sender = Actor::Bot(AnyBot(e));
          r.type = MessageType::kBot;
        }
        if (rng_.Chance(15)) r.data = AnyData();
        if (rng_.Chance(10)) r.file = FileInfo{"https://f/x", "x.png", "image/png", 12};
        if (rng_.Chance(15)) r.mentions = SomeUsers(e);
        if (rng_.Chance(15)) r.parent = AnyMessage(e);
        if (rng_.Chance(10)) r.translation_targets = {"fr"};
        (void)e.SendMessage(sender, r, now);
        break;
      }
      case 52: {
        UpdateMessageRequest r;
        r.message = AnyMessage(e);
        r.text = Name("edited ", 5);
        r.clear_reactions = rng_.Chance(10);
        (void)e.UpdateMessage(a, r, now);
        break;
      }
      case 53: (void)e.DeleteMessage(a, AnyMessage(e), now); break;
      case 54:
        (void)e.AddReaction(self, ReactionRequest{AnyMessage(e), u, Name("r", 3)}, now);
        break;
      case 55:
        (void)e.RemoveReaction(self, ReactionRequest{AnyMessage(e), u, Name("r", 3)}, now);
        break;
      case 56: (void)e.TranslateMessage(a, AnyMessage(e), {"de"}, now); break;
      case 57: (void)e.MarkRead(self, ms, now); break;
      case 58:
        if (rng_.Chance(50)) {
          (void)e.MarkAllRead(self, u, now);
        } else {
          (void)e.MarkDelivered(self, ms, now);
        }
        break;
      case 59:
        if (rng_.Chance(70)) {
          e.AdvanceTime(now);
        } else if (rng_.Chance(50)) {
          e.SetAnonymousLoginAllowed(rng_.Chance(80));
        } else {
          e.SetAppDeactivated(rng_.Chance(20));
        }
        break;
    }
  }

  Rng rng_;
};

}  // namespace banter::testing

#endif  // BANTER_TESTS_DURABILITY_WORKLOAD_H_
