// libFuzzer target: the input bytes drive a sequence of operations on the C++
// API (every actor kind, valid and invalid arguments, time moving, timed
// mutes and bans expiring) against a small world. After every step the
// engine's invariants must hold, and after every FAILING call the canonical
// dump must be byte-for-byte what it was before (a failed call changes
// nothing). Any violation aborts, which libFuzzer reports as a crash.
//
// Modelled on tests/scenario/atomicity_test.cc, with the random choices
// taken from the input so the fuzzer can steer them.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "fuzzer/FuzzedDataProvider.h"

namespace banter {
namespace {

constexpr int kMaxSteps = 80;
constexpr int kReadOp = 43;  // the last op: reads, which must change nothing

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

class World {
 public:
  explicit World(FuzzedDataProvider& in) : in_(in), engine_(Options()) {}

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
    for (int i = 0; i < 4; ++i) {
      CreateUserRequest r;
      r.user_id = "u" + std::to_string(i);
      r.password = i == 0 ? "pw" : "";
      auto u = engine_.CreateUser(Actor::Admin(), r, now_);
      if (!u.ok()) Die("setup user");
      users_.push_back(u->user);
    }
    for (int i = 0; i < 2; ++i) {
      CreateBotRequest r;
      r.bot_id = "bot" + std::to_string(i);
      auto b = engine_.CreateBot(Actor::Admin(), r, now_);
      if (!b.ok()) Die("setup bot");
      bots_.push_back(*b);
    }
    CreateChannelRequest g;
    g.channel_id = "chan5";
    g.dialect = Dialect::kGitpleLive;
    g.name = "chan five";  // GitpleLive names are 1-150 characters
    g.type = ChannelType::kPublic;
    g.members = {users_[0], users_[1]};
    if (!engine_.CreateChannel(Actor::Admin(), g, now_).ok()) {
      Die("setup channel");
    }
  }

  void Run() {
    for (int step = 0; step < kMaxSteps && in_.remaining_bytes() > 0;
         ++step) {
      now_ += in_.ConsumeBool() ? 7 : 30'000 * in_.ConsumeIntegralInRange(0, 4);
      const std::string before = engine_.DebugString();
      const absl::Status st = Step();
      if (!st.ok() && !ErrorCodeOf(st).has_value()) {
        Die("a failure without a domain code: " + st.ToString());
      }
      if (!st.ok() || op_ == kReadOp) {
        const std::string after = engine_.DebugString();
        if (after != before) {
          Die("op " + std::to_string(op_) + " failed with " + st.ToString() +
              " but changed the state; first difference:\n" +
              FirstDifference(before, after));
        }
      }
      const absl::Status inv = engine_.CheckInvariants();
      if (!inv.ok()) Die("invariant: " + inv.ToString());
    }
  }

 private:
  int Pick(int n) { return in_.ConsumeIntegralInRange(0, n - 1); }
  bool Chance(int percent) { return Pick(100) < percent; }

  UserId AnyUser() {
    const int r = Pick(static_cast<int>(users_.size()) + 2);
    if (r == static_cast<int>(users_.size())) return UserId(999);
    if (r > static_cast<int>(users_.size())) return UserId();
    return users_[r];
  }
  std::vector<UserId> SomeUsers() {
    std::vector<UserId> out;
    for (int n = Pick(4); n > 0; --n) out.push_back(AnyUser());
    return out;
  }
  ChannelId AnyChannel() {
    const int r = Pick(8);
    if (r < 6) return engine_.FindChannel("chan" + std::to_string(r));
    return r == 6 ? ChannelId(999) : ChannelId();
  }
  BotId AnyBot() {
    const int r = Pick(3);
    return r < 2 ? bots_[r] : BotId(77);
  }
  Actor AnyActor() {
    const int r = Pick(10);
    if (r < 4) return Actor::Admin();
    if (r < 9) return Actor::User(AnyUser());
    return Actor::Bot(AnyBot());
  }
  MessageId AnyMessage() {
    if (messages_.empty() || Chance(10)) {
      return MessageId(AnyChannel(), 1 + Pick(3));
    }
    return messages_[Pick(static_cast<int>(messages_.size()))];
  }
  Metadata AnyData() {
    Metadata m;
    const int n = Chance(90) ? Pick(3) : 6 + Pick(6);
    for (int i = 0; i < n; ++i) m["k" + std::to_string(i)] = "v";
    if (Chance(3)) m[std::string(130, 'k')] = "v";
    return m;
  }
  // Mostly plain text; sometimes raw fuzz bytes (invalid UTF-8, NULs).
  std::string AnyText() {
    switch (Pick(8)) {
      case 0: return "";
      case 1: return std::string(8193, 'x');
      case 2: return in_.ConsumeRandomLengthString(64);
      default: return "hello " + std::to_string(Pick(100));
    }
  }
  std::string AnyCode() {
    return Chance(50) ? "secret" : (Chance(50) ? "" : "nope");
  }

  absl::Status Step() {
    const Actor a = AnyActor();
    op_ = Pick(kReadOp + 1);
    const Millis now = now_;
    Engine& e = engine_;
    switch (op_) {
      case 0: {
        CreateUserRequest r;
        r.user_id = Chance(80) ? "x" + std::to_string(Pick(8))
                               : in_.ConsumeRandomLengthString(16);
        r.password = Chance(30) ? "pw" : "";
        r.data = AnyData();
        auto c = e.CreateUser(a, r, now);
        if (c.ok()) users_.push_back(c->user);
        return c.status();
      }
      case 1: {
        UpdateUserRequest r;
        r.user = AnyUser();
        if (Chance(50)) r.username = Chance(90) ? "name" : std::string(200, 'n');
        if (Chance(50)) r.data = AnyData();
        return e.UpdateUser(a, r, now);
      }
      case 2: return e.SetUserActive(a, AnyUser(), Chance(85), now);
      case 3: return Chance(20) ? e.DeleteUser(a, AnyUser(), now)
                                : absl::OkStatus();
      case 4: return e.Block(a, AnyUser(), AnyUser(), now);
      case 5: return e.Unblock(a, AnyUser(), AnyUser(), now);
      case 6: {
        CreateChannelRequest r;
        r.channel_id = Chance(85) ? "chan" + std::to_string(Pick(6)) : "";
        r.type = static_cast<ChannelType>(Pick(kChannelTypeCount));
        r.dialect = Chance(20) ? Dialect::kGitpleLive : Dialect::kTalkPlus;
        r.members = SomeUsers();
        if (Chance(70)) r.owner = AnyUser();
        r.reuse = Chance(20);
        r.invitation_code = AnyCode();
        if (Chance(20)) r.max_member_count = Pick(5) - 1;
        r.data = AnyData();
        if (Chance(10)) r.subcategory = "sub";
        return e.CreateChannel(a, r, now).status();
      }
      case 7: {
        UpdateChannelRequest r;
        r.channel = AnyChannel();
        if (Chance(40)) r.name = Chance(90) ? "n" : std::string(300, 'n');
        if (Chance(20)) r.owner = AnyUser();
        if (Chance(30)) r.max_member_count = Pick(6) - 1;
        if (Chance(20)) r.invitation_code = AnyCode();
        if (Chance(30)) r.data = AnyData();
        return e.UpdateChannel(a, r, now);
      }
      case 8: return e.DeleteChannel(a, AnyChannel(), now);
      case 9: return e.AddMembers(a, {AnyChannel(), SomeUsers()}, now);
      case 10: return e.RemoveMembers(a, {AnyChannel(), SomeUsers()}, now);
      case 11: {
        JoinRequest r{AnyChannel(), AnyUser(), std::nullopt};
        if (Chance(30)) r.invitation_code = AnyCode();
        return e.Join(a, r, now);
      }
      case 12: return e.Leave(a, {AnyChannel(), AnyUser(), Chance(50)}, now);
      case 13: return e.TransferOwnership(a, AnyChannel(), AnyUser(), now);
      case 14: return e.SetFrozen(a, AnyChannel(), Chance(50), now);
      case 15: {
        BanRequest r{AnyChannel(), SomeUsers(),
                     Chance(50) ? 0 : 1000 * Pick(5) - 100, ""};
        return e.Ban(a, r, now);
      }
      case 16: return e.Unban(a, {AnyChannel(), SomeUsers()}, now);
      case 17: return e.Mute(a, {AnyChannel(), SomeUsers(), Pick(4) - 1}, now);
      case 18: return e.Unmute(a, {AnyChannel(), SomeUsers()}, now);
      case 19: return e.MuteAll(a, AnyChannel(), Pick(3), now);
      case 20: {
        PeerMuteRequest r{AnyChannel(), AnyUser(), SomeUsers(), (Pick(3) - 1) * 60'000};
        return Chance(50) ? e.PeerMute(a, r, now) : e.PeerUnmute(a, r, now);
      }
      case 21: return e.SetHidden(a, {AnyChannel(), AnyUser()}, Chance(50), now);
      case 22:
        return e.SetChannelPush(a, {AnyChannel(), AnyUser()}, Chance(50), now);
      case 23: return e.SetMemberInfo(a, {AnyChannel(), AnyUser()}, AnyData(), now);
      case 24:
        return e.SetPrivateData(a, {AnyChannel(), AnyUser()}, AnyData(), now);
      case 25:
        return e.SetPrivateTag(a, {AnyChannel(), AnyUser()},
                               Chance(90) ? "tag" : std::string(200, 't'), now);
      case 26:
      case 27:
      case 28: {
        SendMessageRequest r;
        r.channel = AnyChannel();
        r.sender = a.is_admin() && Chance(70) ? AnyUser() : UserId();
        r.type = static_cast<MessageType>(Pick(8));
        if (Chance(70)) r.type = a.is_bot() ? MessageType::kBot : MessageType::kText;
        r.text = AnyText();
        if (Chance(20)) r.data = AnyData();
        if (Chance(20)) r.mentions = SomeUsers();
        if (Chance(15)) r.parent = AnyMessage();
        auto m = e.SendMessage(a, r, now);
        if (m.ok()) messages_.push_back(*m);
        return m.status();
      }
      case 29: {
        UpdateMessageRequest r;
        r.message = AnyMessage();
        if (Chance(70)) r.text = AnyText();
        r.clear_reactions = Chance(20);
        return e.UpdateMessage(a, r, now);
      }
      case 30: return e.DeleteMessage(a, AnyMessage(), now);
      case 31: {
        ReactionRequest r{AnyMessage(), AnyUser(),
                          Chance(90) ? "like" : std::string(70, 'r')};
        return Chance(60) ? e.AddReaction(a, r, now) : e.RemoveReaction(a, r, now);
      }
      case 32: return e.MarkRead(a, {AnyChannel(), AnyUser()}, now);
      case 33: return e.MarkAllRead(a, AnyUser(), now);
      case 34: return e.BotJoin(a, AnyBot(), AnyChannel(), now);
      case 35: return e.BotLeave(a, AnyBot(), AnyChannel(), now);
      case 36: return e.AddManager(a, AnyChannel(), AnyUser(), now);
      case 37: return e.RemoveManager(a, AnyChannel(), AnyUser(), now);
      case 38:
        e.AdvanceTime(now);
        return absl::OkStatus();
      case 39: {
        // Logins and sessions: token and anonymous logins, logout.
        LoginRequest r;
        r.user_id = "u" + std::to_string(Pick(5));
        if (Chance(50)) {
          auto s = e.LoginAnonymous(r, now);
          if (s.ok()) sessions_.push_back(s->session_token);
          return s.status();
        }
        auto token = e.IssueLoginToken(a, e.FindUser(r.user_id),
                                       Chance(80) ? "pw" : "PW", now);
        if (!token.ok()) return token.status();
        r.login_token = Chance(90) ? *token : std::string(32, 'a');
        // Two calls: the issue succeeded and changed the state, so the
        // caller's before/after check cannot judge the login; judge it here.
        const std::string before_login = e.DebugString();
        auto s = e.LoginWithToken(r, now);
        if (s.ok()) {
          sessions_.push_back(s->session_token);
        } else if (e.DebugString() != before_login) {
          Die("a failed token login changed the state; first difference:\n" +
              FirstDifference(before_login, e.DebugString()));
        }
        return absl::OkStatus();  // the issue's changes stand
      }
      case 40: {
        if (sessions_.empty() || Chance(10)) {
          return e.Logout(in_.ConsumeRandomLengthString(48), now);
        }
        return e.Logout(sessions_[Pick(static_cast<int>(sessions_.size()))],
                        now);
      }
      case 41:
        return e.ChangePassword(a, AnyUser(), Chance(80) ? "pw2" : "", now);
      case 42: return e.HideAll(a, AnyUser(), now);
      default: {
        // Reads must never change anything either.
        MessageListQuery q;
        q.channel = AnyChannel();
        q.viewer = AnyUser();
        (void)e.ListMessages(a, q);
        (void)e.GetChannel(a, AnyChannel(), AnyUser());
        (void)e.ListMembers(a, AnyChannel(), UserId(), Pick(5));
        return absl::OkStatus();
      }
    }
  }

  FuzzedDataProvider& in_;
  Engine engine_;
  Millis now_ = 1'700'000'000'000;
  int op_ = 0;
  std::vector<UserId> users_;
  std::vector<BotId> bots_;
  std::vector<MessageId> messages_;
  std::vector<std::string> sessions_;
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
