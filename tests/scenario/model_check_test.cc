// Model checking: the engine against the reference model
// (reference_model.h), over 3 users, 1 bot and 2 channels, in two ways.
//
// Exhaustive: every sequence of moves up to kMaxDepth from an alphabet,
// for each setup of four suites:
//   Channels  (7 setups) the first channel takes each of the 7 types once,
//             the second the type three further on; the channel alphabet
//             (join, leave, add, remove, ban, unban, mute, unmute, transfer,
//             freeze, send, delete, bot join and leave, by every standing);
//   Blocks    (2 setups) blocks between users, their join and add rules,
//             and who receives a message (fan-out) in a public and a
//             broadcast first channel;
//   Timed     (2 setups) mutes and bans that end by themselves, sends,
//             joins and adds around their ends, AdvanceTime;
//   Managers  (1 setup) a GitpleLive first channel with a manager: adding
//             and removing managers, what managers may and may not do.
// Random walks: seeded sequences from the shared command generator
// (tools/gen/command_gen.h) restricted to the moves the model knows, over
// every setup, long enough for timed state to end along the way.
//
// After each call the outcome (ok or the exact error code) must agree, and
// so must what the public API shows of both channels: liveness, owner,
// members with their join instants (MemberView::joined_at), bans and mutes
// in force at the engine's time, managers, freeze, bot membership and the
// invitation code (ChannelView), read from the engine, never copied from
// the model; the engine's clock must be the model's (a failed call moves
// neither); after a send, the message's real-time recipients must be the
// model's. Any difference is a failure that names the sequence.
//
// Pruning (exhaustive): a failed call must change nothing (checked against
// the canonical dump at every failed call), so a sequence continuing after
// a failed call is the sequence without it, one step later; it is not
// re-run. Waiting is a move of its own (AdvanceTime), so timed state is
// still seen to end between two calls. After a successful move the engine
// is restored from a snapshot taken at the prefix (WriteSnapshot /
// ReadSnapshot) instead of being rebuilt by replay.
//
// The walks' seed defaults to 1; set BANTER_SEED to explore others (it is
// printed).
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/scenario/reference_model.h"
#include "tests/testing/engine_fixture.h"
#include "tools/gen/command_gen.h"

namespace banter {
namespace {

using model::Observation;
using model::Outcome;
using model::ReferenceModel;
using model::Who;

constexpr int kUsers = 3;
// Every sequence up to length 3. Sanitizer builds (BANTER_SANITIZE) stop at
// length 2: ASan makes length 3 cost minutes of CI, and the plain Debug and
// Release builds run the full depth on the same code (docs/reliability.md).
#ifdef BANTER_MODEL_CHECK_DEPTH
constexpr int kMaxDepth = BANTER_MODEL_CHECK_DEPTH;
#else
constexpr int kMaxDepth = 3;
#endif
// Random walks: per setup, kWalks walks of kWalkSteps steps (fewer under
// the sanitizers, for the same reason).
#ifdef BANTER_MODEL_CHECK_WALKS
constexpr int kWalks = BANTER_MODEL_CHECK_WALKS;
#else
constexpr int kWalks = 30;
#endif
constexpr int kWalkSteps = 60;
constexpr char kCode[] = "secret";  // the generator's right code
constexpr Millis kStart = 1'700'000'000'000;
constexpr Millis kMaxMillis = std::numeric_limits<Millis>::max();

uint64_t SeedFromEnv() {
  const char* s = std::getenv("BANTER_SEED");
  return s ? std::strtoull(s, nullptr, 10) : 1;
}

enum class Suite { kChannels, kBlocks, kTimed, kManagers };

struct Setup {
  Suite suite;
  ChannelType t0;  // the first channel's type (kManagers: GitpleLive private)
};

std::string SetupName(const Setup& s) {
  static constexpr const char* kSuites[] = {"Channels", "Blocks", "Timed",
                                            "Managers"};
  std::string name = kSuites[static_cast<int>(s.suite)];
  if (s.suite == Suite::kManagers) return name + "_gitplelive";
  return name + "_" + std::string(ChannelTypeName(s.t0));
}

// For gtest's messages ("where GetParam() = Channelspublic").
void PrintTo(const Setup& s, std::ostream* os) { *os << SetupName(s); }

std::vector<Setup> EverySetup() {
  std::vector<Setup> out;
  for (int t = 0; t < kChannelTypeCount; ++t) {
    out.push_back({Suite::kChannels, static_cast<ChannelType>(t)});
  }
  out.push_back({Suite::kBlocks, ChannelType::kPublic});
  out.push_back({Suite::kBlocks, ChannelType::kBroadcast});
  out.push_back({Suite::kTimed, ChannelType::kPublic});
  out.push_back({Suite::kTimed, ChannelType::kSuperPrivate});
  out.push_back({Suite::kManagers, ChannelType::kPrivate});
  return out;
}

std::vector<Setup> WalkSetups() {
  std::vector<Setup> out;
  for (const Setup& s : EverySetup()) {
    if (s.suite == Suite::kChannels || s.suite == Suite::kManagers) {
      out.push_back(s);
    }
  }
  return out;
}

// One call: who makes it and the command, with handles of the setup's world.
struct Move {
  Who who;
  Command command;
};

// A command in the model's terms: indices instead of handles.
struct ModelCall {
  size_t kind = 0;  // gen::KindOf<cmd::...>()
  int channel = -1;
  int user = -1;    // the user a request names (or the blocker)
  int target = -1;  // Block / Unblock: the blocked user
  std::optional<std::string> code;
  Millis duration_ms = 0;
  bool flag = false;  // SetFrozen: frozen; Leave: delete_channel_if_empty
  bool supported = true;
};

std::string WhoName(Who w) {
  switch (w.kind) {
    case Who::Kind::kAdmin:
      return "admin";
    case Who::Kind::kBot:
      return "bot";
    case Who::Kind::kUser:
      return "u" + std::to_string(w.user);
  }
  return "?";
}

std::string OutcomeName(const Outcome& o) {
  if (!o.has_value()) return "ok";
  return std::to_string(static_cast<int>(*o)) + " " +
         std::string(ErrorName(*o));
}

std::string Describe(const Observation& o) {
  std::ostringstream os;
  if (!o.live) return "deleted";
  os << "owner=" << (o.owner ? "u" + std::to_string(*o.owner) : "none")
     << " members={";
  for (const auto& [u, at] : o.joined_at) os << " u" << u << "@" << at - kStart;
  os << " } banned={";
  for (int u : o.banned) os << " u" << u;
  os << " } muted={";
  for (int u : o.muted) os << " u" << u;
  os << " } managers={";
  for (int u : o.managers) os << " u" << u;
  os << " } frozen=" << o.frozen << " bot=" << o.bot_member << " code='"
     << o.invitation_code << "'";
  return os.str();
}

// Collects the real-time recipients of message events.
class RecipientSink : public EventSink {
 public:
  void OnEvent(const Event& e) override {
    if (e.kind != EventKind::kMessage) return;
    ++messages;
    last.clear();
    for (auto batch : e.recipients.batches) {
      for (UserId u : batch) last.push_back(u);
    }
  }
  int messages = 0;
  std::vector<UserId> last;
};

class ModelCheck {
 public:
  explicit ModelCheck(Setup setup) : setup_(setup) {}

  // A fresh engine and model in the setup's state: users u0..u2 and the
  // bot; c0 (owner u0, member u1; invitation code for invitationOnly) of
  // type t0, c1 (owner u1, member u0) of type t0 + 3. Managers: c0 is an
  // ownerless GitpleLive channel with members u0 and u1, u0 its manager;
  // c1 a TalkPlus public channel.
  void Build() {
    EngineOptions options = testing::TestOptions();
    options.sink = &sink_;
    engine_ = std::make_unique<Engine>(options);
    model_ = ReferenceModel(kUsers, kStart);
    users_.clear();
    const Actor admin = Actor::Admin();
    for (int i = 0; i < kUsers; ++i) {
      auto u = engine_->CreateUser(admin, {.user_id = "u" + std::to_string(i)},
                                   kStart);
      ASSERT_TRUE(u.ok()) << u.status();
      users_.push_back(u->user);
    }
    auto bot = engine_->CreateBot(admin, {.bot_id = "bot"}, kStart);
    ASSERT_TRUE(bot.ok()) << bot.status();
    bot_ = *bot;
    const bool managers = setup_.suite == Suite::kManagers;
    const ChannelType types[2] = {
        setup_.t0,
        managers ? ChannelType::kPublic
                 : static_cast<ChannelType>(
                       (static_cast<int>(setup_.t0) + 3) % kChannelTypeCount)};
    channels_.clear();
    names_.clear();
    for (int c = 0; c < 2; ++c) {
      CreateChannelRequest r;
      r.channel_id = gen::CommandGen::ChannelSlotName(c);
      r.type = types[c];
      const bool gitple = managers && c == 0;
      std::optional<int> owner = c;
      std::set<int> members = {1 - c};
      if (gitple) {
        r.dialect = Dialect::kGitpleLive;
        r.name = "chan zero";
        owner.reset();
        members = {0, 1};
      }
      if (owner) r.owner = users_[*owner];
      for (int m : members) r.members.push_back(users_[m]);
      if (types[c] == ChannelType::kInvitationOnly) r.invitation_code = kCode;
      auto id = engine_->CreateChannel(admin, r, kStart);
      ASSERT_TRUE(id.ok()) << id.status();
      names_.push_back(r.channel_id);
      channels_.push_back(*id);
      model_.CreateChannel(types[c], r.dialect, owner, members,
                           r.invitation_code);
    }
    if (managers) {
      ASSERT_TRUE(engine_->AddManager(admin, channels_[0], users_[0], kStart).ok());
      ASSERT_FALSE(model_.AddManager(Who::Admin(), 0, 0, kStart).has_value());
    }
    sink_.messages = 0;
  }

  // ---- Moves ------------------------------------------------------------

  Actor ActorOf(Who w) const {
    switch (w.kind) {
      case Who::Kind::kAdmin:
        return Actor::Admin();
      case Who::Kind::kBot:
        return Actor::Bot(bot_);
      case Who::Kind::kUser:
        return Actor::User(users_[w.user]);
    }
    return Actor::Admin();
  }

  // The inverse, for generated steps; nullopt for an actor the model does
  // not know.
  std::optional<Who> WhoOf(const Actor& a) const {
    if (a.is_admin()) return Who::Admin();
    if (a.is_bot()) {
      if (a.bot == bot_) return Who::Bot();
      return std::nullopt;
    }
    const int u = UserIndex(a.user);
    if (u < 0) return std::nullopt;
    return Who::User(u);
  }

  int UserIndex(UserId id) const {
    for (int i = 0; i < kUsers; ++i) {
      if (users_[i] == id) return i;
    }
    return -1;
  }
  int ChannelIndex(ChannelId id) const {
    for (int i = 0; i < static_cast<int>(channels_.size()); ++i) {
      if (channels_[i] == id) return i;
    }
    return -1;
  }

  // The moves of the model, as commands on this world's handles.
  Move Join(Who a, int c, int u, std::optional<std::string> code = {}) const {
    return {a, cmd::Join{{channels_[c], users_[u], std::move(code)}}};
  }
  Move Leave(Who a, int c, int u, bool delete_if_empty = false) const {
    return {a, cmd::Leave{{channels_[c], users_[u], delete_if_empty}}};
  }
  Move Add(Who a, int c, int u) const {
    return {a, cmd::AddMembers{{channels_[c], {users_[u]}}}};
  }
  Move Remove(Who a, int c, int u) const {
    return {a, cmd::RemoveMembers{{channels_[c], {users_[u]}}}};
  }
  Move Ban(Who a, int c, int u, Millis duration = 0) const {
    return {a, cmd::Ban{{channels_[c], {users_[u]}, duration, ""}}};
  }
  Move Unban(Who a, int c, int u) const {
    return {a, cmd::Unban{{channels_[c], {users_[u]}}}};
  }
  Move Mute(Who a, int c, int u, Millis duration = 0) const {
    return {a, cmd::Mute{{channels_[c], {users_[u]}, duration}}};
  }
  Move Unmute(Who a, int c, int u) const {
    return {a, cmd::Unmute{{channels_[c], {users_[u]}}}};
  }
  Move Transfer(Who a, int c, int u) const {
    return {a, cmd::TransferOwnership{channels_[c], users_[u]}};
  }
  Move Freeze(Who a, int c, bool frozen = true) const {
    return {a, cmd::SetFrozen{channels_[c], frozen}};
  }
  Move Send(Who a, int c) const {
    SendMessageRequest r;
    r.channel = channels_[c];
    r.text = "hi";
    return {a, cmd::SendMessage{r}};
  }
  Move Delete(Who a, int c) const {
    return {a, cmd::DeleteChannel{channels_[c]}};
  }
  Move BotJoin(Who a, int c) const { return {a, cmd::BotJoin{bot_, channels_[c]}}; }
  Move BotLeave(Who a, int c) const {
    return {a, cmd::BotLeave{bot_, channels_[c]}};
  }
  Move Block(Who a, int blocker, int target) const {
    return {a, cmd::Block{users_[blocker], users_[target]}};
  }
  Move Unblock(Who a, int blocker, int target) const {
    return {a, cmd::Unblock{users_[blocker], users_[target]}};
  }
  Move AddManager(Who a, int c, int u) const {
    return {a, cmd::AddManager{channels_[c], users_[u]}};
  }
  Move RemoveManager(Who a, int c, int u) const {
    return {a, cmd::RemoveManager{channels_[c], users_[u]}};
  }
  Move Wait() const { return {Who::Admin(), cmd::AdvanceTime{}}; }

  // The suite's alphabet. Channels: c0 gets the full set (every actor kind
  // against every rule); c1 a smaller one, enough for the two channels to
  // interleave (the same users in both).
  std::vector<Move> Alphabet() const {
    const Who admin = Who::Admin(), bot = Who::Bot();
    const Who u0 = Who::User(0), u1 = Who::User(1), u2 = Who::User(2);
    switch (setup_.suite) {
      case Suite::kChannels:
        return {
            Join(u0, 0, 0),        Join(u1, 0, 1),
            Join(u2, 0, 2),        Join(admin, 0, 2),
            Join(bot, 0, 2),       Join(u2, 0, 2, kCode),
            Join(u2, 0, 2, "wrong"),
            Leave(u0, 0, 0),       Leave(u1, 0, 1),
            Leave(admin, 0, 1),    Leave(u1, 0, 0),
            Add(admin, 0, 2),      Add(u1, 0, 2),
            Add(u2, 0, 0),         Remove(admin, 0, 1),
            Remove(u0, 0, 1),      Remove(u1, 0, 2),
            Remove(admin, 0, 0),   Ban(admin, 0, 1),
            Ban(u0, 0, 1),         Ban(u0, 0, 2),
            Ban(u1, 0, 0),         Unban(admin, 0, 1),
            Unban(u0, 0, 2),       Mute(admin, 0, 1),
            Mute(u0, 0, 1),        Mute(u1, 0, 2),
            Mute(admin, 0, 0),     Unmute(u0, 0, 1),
            Transfer(u0, 0, 1),    Transfer(admin, 0, 2),
            Transfer(u1, 0, 2),    Freeze(u0, 0),
            Freeze(u1, 0),         Freeze(bot, 0),
            Freeze(admin, 0, false), Send(u0, 0),
            Send(u1, 0),           Send(u2, 0),
            Send(admin, 0),        Send(bot, 0),
            Delete(u1, 0),         Delete(u0, 0),
            BotJoin(admin, 0),     BotLeave(bot, 0),
            // Channel 1 (owner u1, member u0).
            Join(u2, 1, 2),        Leave(u1, 1, 1),
            Add(u1, 1, 2),         Ban(u1, 1, 0),
            Unban(u1, 1, 0),       Mute(admin, 1, 0),
            Transfer(admin, 1, 0), Freeze(u1, 1),
            Send(u0, 1),           Delete(admin, 1),
        };
      case Suite::kBlocks:
        return {
            // Blocks and their own rules.
            Block(u0, 0, 2),       Block(admin, 0, 2),
            Block(u2, 2, 0),       Block(u1, 1, 0),
            Block(u0, 0, 1),       Block(u2, 2, 1),
            Block(u0, 0, 0),       Block(u2, 1, 0),
            Block(bot, 0, 2),      Unblock(u0, 0, 2),
            Unblock(admin, 2, 0),  Unblock(u1, 1, 0),
            Unblock(u1, 1, 1),
            // What blocks bite: admission between the owner and a user.
            Join(u2, 0, 2),        Join(admin, 0, 2),
            Add(u1, 0, 2),         Add(admin, 0, 2),
            Join(u2, 1, 2),        Leave(u0, 0, 0),
            Transfer(admin, 0, 2),
            // And fan-out: who hears whom.
            Send(u0, 0),           Send(u1, 0),
            Send(u2, 0),           Send(admin, 0),
            Send(u0, 1),           Send(u1, 1),
        };
      case Suite::kTimed:
        // Steps are 1 s apart: a 1000 ms record ends exactly at the next
        // step, 1500 ms in between the next two.
        return {
            Mute(admin, 0, 1, 1000), Mute(u0, 0, 1, 1500),
            Mute(admin, 0, 1),       Mute(u0, 0, 1, -1),
            Unmute(u0, 0, 1),        Ban(admin, 0, 1, 1000),
            Ban(u0, 0, 1, 1500),     Ban(admin, 0, 1),
            Ban(u0, 0, 1, kMaxMillis), Unban(u0, 0, 1),
            Send(u1, 0),             Join(u1, 0, 1),
            Add(admin, 0, 1),        Add(u0, 0, 1),
            Transfer(admin, 0, 1),   Leave(u0, 0, 0),
            Wait(),
            // Channel 1 (owner u1, member u0).
            Mute(u1, 1, 0, 1500),    Ban(u1, 1, 0, 1000),
            Send(u0, 1),             Join(u0, 1, 0),
            Add(u1, 1, 0),
        };
      case Suite::kManagers:
        // c0: GitpleLive, ownerless, members u0 (manager) and u1; c1:
        // TalkPlus public, owner u1, member u0.
        return {
            AddManager(admin, 0, 1), AddManager(u0, 0, 1),
            AddManager(u1, 0, 1),    AddManager(bot, 0, 1),
            AddManager(admin, 0, 2), AddManager(u0, 0, 0),
            AddManager(u1, 1, 0),    RemoveManager(admin, 0, 0),
            RemoveManager(u0, 0, 0), RemoveManager(u0, 0, 1),
            RemoveManager(u1, 0, 0), Ban(u0, 0, 1),
            Ban(u0, 0, 0),           Ban(u1, 0, 0),
            Ban(admin, 0, 0),        Ban(u0, 0, 1, 1500),
            Unban(u0, 0, 1),         Mute(u0, 0, 1),
            Mute(admin, 0, 1),       Freeze(u0, 0),
            Freeze(u1, 0),           Freeze(admin, 0, false),
            Send(u0, 0),             Send(u1, 0),
            Delete(u1, 0),           Delete(u0, 0),
            Leave(u0, 0, 0),         Join(admin, 0, 2),
            Join(u2, 0, 2),          Remove(u0, 0, 1),
            Remove(admin, 0, 0),     Transfer(admin, 0, 1),
        };
    }
    return {};
  }

  // ---- The model's side -------------------------------------------------

  ModelCall ToModel(const Command& command) const {
    ModelCall m;
    m.kind = command.index();
    auto one = [&](const UserTargets& users) {
      if (users.size() != 1) {
        m.supported = false;
        return -1;
      }
      return UserIndex(users[0]);
    };
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, cmd::Join>) {
            m.channel = ChannelIndex(x.request.channel);
            m.user = UserIndex(x.request.user);
            m.code = x.request.invitation_code;
          } else if constexpr (std::is_same_v<T, cmd::Leave>) {
            m.channel = ChannelIndex(x.request.channel);
            m.user = UserIndex(x.request.user);
            m.flag = x.request.delete_channel_if_empty;
          } else if constexpr (std::is_same_v<T, cmd::AddMembers> ||
                               std::is_same_v<T, cmd::RemoveMembers> ||
                               std::is_same_v<T, cmd::Unban> ||
                               std::is_same_v<T, cmd::Unmute>) {
            m.channel = ChannelIndex(x.request.channel);
            m.user = one(x.request.users);
          } else if constexpr (std::is_same_v<T, cmd::Ban> ||
                               std::is_same_v<T, cmd::Mute>) {
            m.channel = ChannelIndex(x.request.channel);
            m.user = one(x.request.users);
            m.duration_ms = x.request.duration_ms;
            if constexpr (std::is_same_v<T, cmd::Ban>) {
              // The reason is shown, not ruled on, up to its limit.
              if (x.request.reason.size() > 256) m.supported = false;
            }
          } else if constexpr (std::is_same_v<T, cmd::TransferOwnership> ||
                               std::is_same_v<T, cmd::AddManager> ||
                               std::is_same_v<T, cmd::RemoveManager>) {
            m.channel = ChannelIndex(x.channel);
            if constexpr (std::is_same_v<T, cmd::TransferOwnership>) {
              m.user = UserIndex(x.new_owner);
            } else {
              m.user = UserIndex(x.user);
            }
          } else if constexpr (std::is_same_v<T, cmd::SetFrozen>) {
            m.channel = ChannelIndex(x.channel);
            m.flag = x.frozen;
          } else if constexpr (std::is_same_v<T, cmd::SendMessage>) {
            const SendMessageRequest& r = x.request;
            m.channel = ChannelIndex(r.channel);
            // Only the actor's usual type, as itself, text only.
            m.supported = !r.type && !r.sender.valid() && !r.text.empty() &&
                          r.data.empty() && r.file.empty() &&
                          r.mentions.empty() && !r.parent.valid() &&
                          r.translation_targets.empty();
          } else if constexpr (std::is_same_v<T, cmd::DeleteChannel>) {
            m.channel = ChannelIndex(x.channel);
          } else if constexpr (std::is_same_v<T, cmd::BotJoin> ||
                               std::is_same_v<T, cmd::BotLeave>) {
            m.channel = ChannelIndex(x.channel);
            if (x.bot != bot_) m.supported = false;
          } else if constexpr (std::is_same_v<T, cmd::Block> ||
                               std::is_same_v<T, cmd::Unblock>) {
            m.user = UserIndex(x.blocker);
            m.target = UserIndex(x.target);
            if (m.user < 0 || m.target < 0) m.supported = false;
            m.channel = 0;  // no channel; keeps the check below simple
          } else if constexpr (std::is_same_v<T, cmd::AdvanceTime>) {
            m.channel = 0;
          } else {
            m.supported = false;
          }
        },
        command);
    if (m.channel < 0) m.supported = false;
    const bool names_user =
        m.kind != gen::KindOf<cmd::SetFrozen>() &&
        m.kind != gen::KindOf<cmd::SendMessage>() &&
        m.kind != gen::KindOf<cmd::DeleteChannel>() &&
        m.kind != gen::KindOf<cmd::BotJoin>() &&
        m.kind != gen::KindOf<cmd::BotLeave>() &&
        m.kind != gen::KindOf<cmd::AdvanceTime>();
    if (names_user && m.user < 0) m.supported = false;
    return m;
  }

  static Outcome OnModel(ReferenceModel& model, Who a, const ModelCall& m,
                         Millis t) {
    const int c = m.channel, u = m.user;
    switch (m.kind) {
      case gen::KindOf<cmd::Join>():
        return model.Join(a, c, u, m.code, t);
      case gen::KindOf<cmd::Leave>():
        return model.Leave(a, c, u, m.flag, t);
      case gen::KindOf<cmd::AddMembers>():
        return model.Add(a, c, u, t);
      case gen::KindOf<cmd::RemoveMembers>():
        return model.Remove(a, c, u, t);
      case gen::KindOf<cmd::Ban>():
        return model.Ban(a, c, u, m.duration_ms, t);
      case gen::KindOf<cmd::Unban>():
        return model.Unban(a, c, u, t);
      case gen::KindOf<cmd::Mute>():
        return model.Mute(a, c, u, m.duration_ms, t);
      case gen::KindOf<cmd::Unmute>():
        return model.Unmute(a, c, u, t);
      case gen::KindOf<cmd::TransferOwnership>():
        return model.Transfer(a, c, u, t);
      case gen::KindOf<cmd::SetFrozen>():
        return model.SetFrozen(a, c, m.flag, t);
      case gen::KindOf<cmd::SendMessage>():
        return model.Send(a, c, t);
      case gen::KindOf<cmd::DeleteChannel>():
        return model.Delete(a, c, t);
      case gen::KindOf<cmd::BotJoin>():
        return model.BotJoin(a, c, t);
      case gen::KindOf<cmd::BotLeave>():
        return model.BotLeave(a, c, t);
      case gen::KindOf<cmd::Block>():
        return model.Block(a, u, m.target, t);
      case gen::KindOf<cmd::Unblock>():
        return model.Unblock(a, u, m.target, t);
      case gen::KindOf<cmd::AddManager>():
        return model.AddManager(a, c, u, t);
      case gen::KindOf<cmd::RemoveManager>():
        return model.RemoveManager(a, c, u, t);
      case gen::KindOf<cmd::AdvanceTime>():
        return model.AdvanceTime(t);
    }
    return ErrorCode::kInternalError;  // ToModel refused it
  }

  std::string MoveName(Who a, const Command& command) const {
    const ModelCall m = ToModel(command);
    std::string s = WhoName(a) + " " + std::string(CommandName(command));
    const bool block = m.kind == gen::KindOf<cmd::Block>() ||
                       m.kind == gen::KindOf<cmd::Unblock>();
    if (!block && m.kind != gen::KindOf<cmd::AdvanceTime>()) {
      s += " c" + std::to_string(m.channel);
    }
    if (m.user >= 0) s += " u" + std::to_string(m.user);
    if (m.target >= 0) s += " u" + std::to_string(m.target);
    if (m.code) s += " '" + *m.code + "'";
    if (m.duration_ms != 0) s += " " + std::to_string(m.duration_ms) + "ms";
    if (m.kind == gen::KindOf<cmd::SetFrozen>()) s += m.flag ? " on" : " off";
    if (m.kind == gen::KindOf<cmd::Leave>() && m.flag) s += " delete-if-empty";
    if (!m.supported) s += " (not modelled)";
    return s;
  }

  // ---- The engine's side ------------------------------------------------

  Outcome OnEngine(Who a, const Command& command, Millis t) {
    const absl::StatusOr<CommandResult> r =
        engine_->Execute(ActorOf(a), command, t);
    if (r.ok()) return std::nullopt;
    std::optional<ErrorCode> code = ErrorCodeOf(r.status());
    EXPECT_TRUE(code.has_value())
        << "a failure without a domain code: " << r.status();
    return code.value_or(ErrorCode::kInternalError);
  }

  // What the public API shows of channel `c` at the engine's time.
  Observation Observe(int c) const {
    Observation o;
    const Engine& e = *engine_;
    const ChannelId id = e.FindChannel(names_[c]);
    o.live = id.valid() && id == channels_[c];
    if (!o.live) return o;
    auto view = e.GetChannel(Actor::Admin(), id, UserId());
    EXPECT_TRUE(view.ok()) << view.status();
    if (!view.ok()) return o;
    o.invitation_code = view->invitation_code;
    o.frozen = view->frozen;
    o.bot_member = !view->bots.empty();
    auto page = e.ListMembers(Actor::Admin(), id, UserId(), 100);
    EXPECT_TRUE(page.ok()) << page.status();
    if (page.ok()) {
      for (const MemberView& m : page->items) {
        o.joined_at[NameIndex(m.user.id)] = m.joined_at;
      }
    }
    for (const std::string& name : view->managers) {
      o.managers.insert(NameIndex(name));
    }
    for (int u = 0; u < kUsers; ++u) {
      if (view->owner_id == "u" + std::to_string(u)) o.owner = u;
      if (e.IsBanned(id, users_[u])) o.banned.insert(u);
      if (e.IsMuted(id, users_[u])) o.muted.insert(u);
    }
    return o;
  }

  static int NameIndex(const std::string& name) {
    return name.size() == 2 && name[0] == 'u' ? name[1] - '0' : -1;
  }

  // Runs one move on both sides at `t` and compares everything observable.
  // Returns the engine's outcome; appends differences to `diffs`.
  Outcome Compare(Who a, const Command& command, Millis t,
                  std::vector<std::string>& diffs) {
    const ModelCall m = ToModel(command);
    if (!m.supported) {
      diffs.push_back("the model does not know this move");
      return ErrorCode::kInternalError;
    }
    const int messages_before = sink_.messages;
    const Outcome want = OnModel(model_, a, m, t);
    const Outcome got = OnEngine(a, command, t);
    ++calls_;
    if (want != got) {
      diffs.push_back("outcome: expected " + OutcomeName(want) + ", got " +
                      OutcomeName(got));
      return got;
    }
    if (engine_->now() != model_.now()) {
      diffs.push_back("clock: expected +" +
                      std::to_string(model_.now() - kStart) + " ms, got +" +
                      std::to_string(engine_->now() - kStart) + " ms");
    }
    for (int c = 0; c < model_.channel_count(); ++c) {
      const Observation seen = Observe(c);
      const Observation expected = model_.Observe(c);
      if (!(seen == expected)) {
        diffs.push_back("c" + std::to_string(c) + ": expected " +
                        Describe(expected) + "; got " + Describe(seen));
      }
    }
    if (!got.has_value() && m.kind == gen::KindOf<cmd::SendMessage>()) {
      std::set<int> heard;
      if (sink_.messages == messages_before + 1) {
        for (UserId u : sink_.last) heard.insert(UserIndex(u));
      } else {
        heard.insert(-1);  // no message event, or several
      }
      if (heard != model_.last_recipients()) {
        std::string s = "recipients: expected {";
        for (int u : model_.last_recipients()) s += " u" + std::to_string(u);
        s += " }, got {";
        for (int u : heard) s += " u" + std::to_string(u);
        diffs.push_back(s + " }");
      }
    }
    return got;
  }

  // ---- Exhaustive -------------------------------------------------------

  void Exhaust() {
    Build();
    alphabet_ = Alphabet();
    std::vector<const Move*> prefix;
    Explore(prefix);
  }

  Millis StepTime(size_t depth) const {
    return kStart + 1000 * static_cast<Millis>(depth + 1);
  }

  // Depth-first over sequences extending `prefix`; the engine and the model
  // are at `prefix` on entry.
  void Explore(std::vector<const Move*>& prefix) {
    const ReferenceModel at_prefix = model_;
    const std::string snapshot = WriteSnapshot(*engine_);
    const std::string dump = engine_->DebugString();
    const size_t depth = prefix.size();
    bool dirty = false;
    for (const Move& move : alphabet_) {
      if (mismatches_ >= kMaxReported) return;
      if (dirty) {
        Restore(snapshot);
        dirty = false;
      }
      model_ = at_prefix;
      std::vector<std::string> diffs;
      const Outcome got = Compare(move.who, move.command, StepTime(depth), diffs);
      // A failed call stands for every sequence continuing it (pruned).
      covered_ += got.has_value() ? SequencesBelow(depth + 1) : 1;
      if (!diffs.empty()) {
        prefix.push_back(&move);
        Report(prefix, diffs);
        prefix.pop_back();
        dirty = true;
        continue;
      }
      if (got.has_value()) {
        ++failed_calls_;
        if (engine_->DebugString() != dump) {
          prefix.push_back(&move);
          Report(prefix, {"failed call " + OutcomeName(got) +
                          " changed the state"});
          prefix.pop_back();
          dirty = true;
        }
        continue;  // Pruned: the same state as `prefix`.
      }
      states_.insert(StateKey());
      dirty = true;
      if (depth + 1 < kMaxDepth) {
        prefix.push_back(&move);
        Explore(prefix);
        prefix.pop_back();
      }
    }
  }

  void Restore(const std::string& snapshot) {
    EngineOptions options = testing::TestOptions();
    options.sink = &sink_;
    absl::StatusOr<Engine> e = ReadSnapshot(snapshot, options);
    ASSERT_TRUE(e.ok()) << e.status();
    engine_ = std::make_unique<Engine>(std::move(*e));
    ++restores_;
  }

  // Sequences of any length from `depth` to kMaxDepth that start with a
  // given sequence of length `depth` (1 + A + A^2 + ...).
  uint64_t SequencesBelow(size_t depth) const {
    uint64_t n = 0, p = 1;
    for (size_t d = depth; d <= kMaxDepth; ++d, p *= alphabet_.size()) n += p;
    return n;
  }

  std::string StateKey() const {
    std::string key;
    for (int c = 0; c < model_.channel_count(); ++c) {
      key += Describe(model_.Observe(c)) + "|";
    }
    for (const auto& [a, b] : model_.blocks()) {
      key += std::to_string(a) + ">" + std::to_string(b) + ",";
    }
    return key;
  }

  void Report(const std::vector<const Move*>& seq,
              const std::vector<std::string>& diffs) {
    std::string s = "setup " + SetupName(setup_) + ": ";
    for (const Move* m : seq) s += "[" + MoveName(m->who, m->command) + "] ";
    for (const std::string& d : diffs) s += "\n  -> " + d;
    ADD_FAILURE() << s;
    ++mismatches_;
  }

  // ---- Random walks -----------------------------------------------------

  // What the generator may draw here: the moves the model knows, on the
  // world's own handles, one user per list, tame values.
  static gen::Profile WalkProfile() {
    gen::Profile p;
    p.Set<cmd::Join>(4).Set<cmd::Leave>(2).Set<cmd::AddMembers>(3);
    p.Set<cmd::RemoveMembers>(2).Set<cmd::Ban>(3).Set<cmd::Unban>(2);
    p.Set<cmd::Mute>(3).Set<cmd::Unmute>(2).Set<cmd::TransferOwnership>(2);
    p.Set<cmd::SetFrozen>(2).Set<cmd::SendMessage>(6);
    p.Set<cmd::DeleteChannel>(1).Set<cmd::BotJoin>(1).Set<cmd::BotLeave>(1);
    p.Set<cmd::Block>(3).Set<cmd::Unblock>(2).Set<cmd::AddManager>(3);
    p.Set<cmd::RemoveManager>(2).Set<cmd::AdvanceTime>(2);
    p.admin_percent = 30;
    p.bot_percent = 10;
    p.unknown_percent = 0;
    p.wild_percent = 0;
    p.min_list = p.max_list = 1;
    p.message_extras = false;
    return p;
  }

  void Walk(uint64_t seed) {
    Build();
    gen::SeededChoices rng(seed);
    gen::CommandGen g(rng, WalkProfile(), kStart);
    for (int u = 0; u < kUsers; ++u) g.AddUser(users_[u], "u" + std::to_string(u));
    g.AddBot(bot_);
    for (int c = 0; c < 2; ++c) {
      g.SetChannel(c, channels_[c]);
      const model::ModelChannel& ch = model_.channel(c);
      for (const auto& [u, at] : ch.joined_at) g.AddMember(channels_[c], users_[u]);
      if (ch.owner) g.SetOwner(channels_[c], users_[*ch.owner]);
    }
    std::vector<std::string> trail;
    for (int step = 0; step < kWalkSteps && mismatches_ < kMaxReported; ++step) {
      const gen::Step s = g.Next();
      const std::optional<Who> who = WhoOf(s.actor);
      ASSERT_TRUE(who.has_value()) << gen::Describe(s);
      trail.push_back("+" + std::to_string(s.now - kStart) + "ms " +
                      MoveName(*who, s.command));
      const std::string before = engine_->DebugString();
      std::vector<std::string> diffs;
      const Outcome got = Compare(*who, s.command, s.now, diffs);
      if (got.has_value()) {
        ++failed_calls_;
        if (engine_->DebugString() != before) {
          diffs.push_back("failed call " + OutcomeName(got) +
                          " changed the state");
        }
      } else {
        states_.insert(StateKey());
      }
      if (!diffs.empty()) {
        std::string msg = "setup " + SetupName(setup_) + ", walk seed " +
                          std::to_string(seed) + ":";
        for (const std::string& t : trail) msg += "\n  [" + t + "]";
        for (const std::string& d : diffs) msg += "\n  -> " + d;
        ADD_FAILURE() << msg;
        ++mismatches_;
        return;  // the rest of the walk would only repeat the difference
      }
      // No Learn: the walk profile draws no creations, so the world the
      // generator was given stays the world.
    }
  }

  static constexpr int kMaxReported = 30;
  Setup setup_;
  RecipientSink sink_;
  std::unique_ptr<Engine> engine_;
  ReferenceModel model_{kUsers};
  std::vector<UserId> users_;
  BotId bot_;
  std::vector<std::string> names_;
  std::vector<ChannelId> channels_;
  std::vector<Move> alphabet_;
  uint64_t calls_ = 0, failed_calls_ = 0, covered_ = 0, restores_ = 0;
  int mismatches_ = 0;
  std::set<std::string> states_;
};

class ModelCheckTest : public ::testing::TestWithParam<Setup> {};

// One test per setup, so ctest can run them in parallel.
TEST_P(ModelCheckTest, EngineAgreesWithReferenceModelOnEverySequence) {
  ModelCheck check(GetParam());
  check.Exhaust();
  std::printf(
      "model check, %s: %zu moves, sequences up to length %d: %llu "
      "sequences covered, %llu engine calls (%llu failed), %llu restores, "
      "%zu distinct model states\n",
      SetupName(GetParam()).c_str(), check.alphabet_.size(), kMaxDepth,
      static_cast<unsigned long long>(check.covered_),
      static_cast<unsigned long long>(check.calls_),
      static_cast<unsigned long long>(check.failed_calls_),
      static_cast<unsigned long long>(check.restores_), check.states_.size());
  EXPECT_EQ(check.mismatches_, 0);
}

class ModelCheckWalkTest : public ::testing::TestWithParam<Setup> {};

TEST_P(ModelCheckWalkTest, EngineAgreesWithReferenceModelOnRandomWalks) {
  const uint64_t seed = SeedFromEnv();
  std::printf("model check walks seed: %llu (set BANTER_SEED to change)\n",
              static_cast<unsigned long long>(seed));
  ModelCheck check(GetParam());
  for (int w = 0; w < kWalks && check.mismatches_ == 0; ++w) {
    check.Walk(seed * 1000 + static_cast<uint64_t>(w));
  }
  std::printf(
      "model check walks, %s: %d walks of %d steps: %llu engine calls (%llu "
      "failed), %zu distinct model states\n",
      SetupName(GetParam()).c_str(), kWalks, kWalkSteps,
      static_cast<unsigned long long>(check.calls_),
      static_cast<unsigned long long>(check.failed_calls_),
      check.states_.size());
  EXPECT_EQ(check.mismatches_, 0);
  // A walk that fails nearly everything, or nothing, proves little.
  EXPECT_GT(check.calls_ - check.failed_calls_, check.calls_ / 5);
  EXPECT_GT(check.failed_calls_, check.calls_ / 10);
}

std::string TestName(const ::testing::TestParamInfo<Setup>& info) {
  return SetupName(info.param);
}

INSTANTIATE_TEST_SUITE_P(Setups, ModelCheckTest,
                         ::testing::ValuesIn(EverySetup()), TestName);

// The walks draw from every move the model knows, so the Blocks and Timed
// setups (whose worlds are Channels worlds) would only repeat them.
INSTANTIATE_TEST_SUITE_P(Worlds, ModelCheckWalkTest,
                         ::testing::ValuesIn(WalkSetups()), TestName);

}  // namespace
}  // namespace banter
