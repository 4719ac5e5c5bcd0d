// Model checking: every sequence of channel operations up to length
// kMaxDepth, over 3 users, 1 bot and 2 channels, for each of 7 setups (the
// first channel takes each of the 7 types once, the second the type three
// further on), run on the engine and on the reference model
// (reference_model.h). After each step the outcome (ok or the exact error
// code) and the resulting state (membership, bans, mutes, owner, freeze,
// bot membership, liveness of both channels) must agree. Any difference is
// a failure that names the sequence.
//
// Pruning: a failed call must change nothing (checked here against the
// canonical dump at every failed call), so a sequence continuing after a
// failed call is the same as the sequence without it and is not re-run.
// The test prints how many sequences that covers, how many calls it ran and
// how many distinct model states it reached.
#include <cstdio>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/scenario/reference_model.h"
#include "tests/testing/engine_fixture.h"

namespace banter {
namespace {

using model::Outcome;
using model::ReferenceModel;
using model::Who;

constexpr int kUsers = 3;
// Every sequence up to length 3. Sanitizer builds (BANTER_SANITIZE) stop at
// length 2: ASan makes length 3 cost over two CPU-minutes per channel type,
// and the plain Debug and Release builds run the full depth on the same
// code (docs/reliability.md).
#ifdef BANTER_MODEL_CHECK_DEPTH
constexpr int kMaxDepth = BANTER_MODEL_CHECK_DEPTH;
#else
constexpr int kMaxDepth = 3;
#endif
constexpr char kCode[] = "code";

enum class OpKind {
  kJoin,
  kJoinCode,
  kLeave,
  kAdd,
  kRemove,
  kBan,
  kUnban,
  kMute,
  kUnmute,
  kTransfer,
  kFreeze,
  kUnfreeze,
  kSend,
  kDelete,
  kBotJoin,
  kBotLeave,
};

struct Op {
  OpKind kind;
  Who actor;
  int channel = 0;
  int target = 0;  // user for user-targeted ops
  std::string code;  // kJoinCode
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

std::string OpName(const Op& op) {
  static constexpr const char* kNames[] = {
      "join",  "join-code", "leave",   "add",      "remove", "ban",
      "unban", "mute",      "unmute",  "transfer", "freeze", "unfreeze",
      "send",  "delete",    "bot-join", "bot-leave"};
  std::string s = WhoName(op.actor) + " " +
                  kNames[static_cast<int>(op.kind)] + " c" +
                  std::to_string(op.channel);
  switch (op.kind) {
    case OpKind::kJoin:
    case OpKind::kLeave:
    case OpKind::kAdd:
    case OpKind::kRemove:
    case OpKind::kBan:
    case OpKind::kUnban:
    case OpKind::kMute:
    case OpKind::kUnmute:
    case OpKind::kTransfer:
      s += " u" + std::to_string(op.target);
      break;
    case OpKind::kJoinCode:
      s += " u" + std::to_string(op.target) + " '" + op.code + "'";
      break;
    default:
      break;
  }
  return s;
}

std::string OutcomeName(const Outcome& o) {
  if (!o.has_value()) return "ok";
  return std::to_string(static_cast<int>(*o)) + " " +
         std::string(ErrorName(*o));
}

// The alphabet. Channel 0 gets the full set (every actor kind against
// every rule); channel 1 a smaller one, enough for the two channels to
// interleave (the same users in both).
std::vector<Op> Alphabet() {
  const Who admin = Who::Admin(), bot = Who::Bot();
  const Who u0 = Who::User(0), u1 = Who::User(1), u2 = Who::User(2);
  using K = OpKind;
  std::vector<Op> ops = {
      {K::kJoin, u0, 0, 0},      {K::kJoin, u1, 0, 1},
      {K::kJoin, u2, 0, 2},      {K::kJoin, admin, 0, 2},
      {K::kJoin, bot, 0, 2},     {K::kJoinCode, u2, 0, 2, kCode},
      {K::kJoinCode, u2, 0, 2, "wrong"},
      {K::kLeave, u0, 0, 0},     {K::kLeave, u1, 0, 1},
      {K::kLeave, admin, 0, 1},  {K::kLeave, u1, 0, 0},
      {K::kAdd, admin, 0, 2},    {K::kAdd, u1, 0, 2},
      {K::kAdd, u2, 0, 0},       {K::kRemove, admin, 0, 1},
      {K::kRemove, u0, 0, 1},    {K::kRemove, u1, 0, 2},
      {K::kRemove, admin, 0, 0}, {K::kBan, admin, 0, 1},
      {K::kBan, u0, 0, 1},       {K::kBan, u0, 0, 2},
      {K::kBan, u1, 0, 0},       {K::kUnban, admin, 0, 1},
      {K::kUnban, u0, 0, 2},     {K::kMute, admin, 0, 1},
      {K::kMute, u0, 0, 1},      {K::kMute, u1, 0, 2},
      {K::kMute, admin, 0, 0},   {K::kUnmute, u0, 0, 1},
      {K::kTransfer, u0, 0, 1},  {K::kTransfer, admin, 0, 2},
      {K::kTransfer, u1, 0, 2},  {K::kFreeze, u0, 0},
      {K::kFreeze, u1, 0},       {K::kFreeze, bot, 0},
      {K::kUnfreeze, admin, 0},  {K::kSend, u0, 0},
      {K::kSend, u1, 0},         {K::kSend, u2, 0},
      {K::kSend, admin, 0},      {K::kSend, bot, 0},
      {K::kDelete, u1, 0},       {K::kDelete, u0, 0},
      {K::kBotJoin, admin, 0},   {K::kBotLeave, bot, 0},
      // Channel 1 (owner u1, member u0).
      {K::kJoin, u2, 1, 2},      {K::kLeave, u1, 1, 1},
      {K::kAdd, u1, 1, 2},       {K::kBan, u1, 1, 0},
      {K::kUnban, u1, 1, 0},     {K::kMute, admin, 1, 0},
      {K::kTransfer, admin, 1, 0}, {K::kFreeze, u1, 1},
      {K::kSend, u0, 1},         {K::kDelete, admin, 1},
  };
  return ops;
}

class ModelCheckTest : public testing::EngineTest,
                       public ::testing::WithParamInterface<int> {
 protected:
  // A fresh engine and model with the setup for first-channel type `t`:
  // users u0..u2 and the bot; c0 of type t (owner u0, member u1, code for
  // invitationOnly), c1 of type t+3 (owner u1, member u0).
  void Setup(ChannelType t0) {
    Reset(testing::TestOptions());
    base_ = Now();
    model_ = ReferenceModel(kUsers);
    users_.clear();
    for (int i = 0; i < kUsers; ++i) {
      users_.push_back(User("u" + std::to_string(i)));
    }
    bot_ = Bot("bot");
    const ChannelType types[2] = {
        t0, static_cast<ChannelType>((static_cast<int>(t0) + 3) %
                                     kChannelTypeCount)};
    const int owners[2] = {0, 1};
    const int members[2] = {1, 0};
    names_.clear();
    channels_.clear();
    for (int c = 0; c < 2; ++c) {
      CreateChannelRequest r;
      r.channel_id = "c" + std::to_string(c);
      r.type = types[c];
      r.owner = users_[owners[c]];
      r.members = {users_[members[c]]};
      if (types[c] == ChannelType::kInvitationOnly) r.invitation_code = kCode;
      auto id = engine().CreateChannel(Actor::Admin(), r, base_);
      ASSERT_TRUE(id.ok()) << id.status();
      names_.push_back(r.channel_id);
      channels_.push_back(*id);
      model_.CreateChannel(types[c], owners[c], {members[c]}, 0,
                           r.invitation_code);
    }
  }

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

  Outcome OnEngine(const Op& op, Millis t) {
    const Actor a = ActorOf(op.actor);
    const ChannelId c = channels_[op.channel];
    const UserId u = users_[op.target];
    absl::Status st;
    switch (op.kind) {
      case OpKind::kJoin:
        st = engine().Join(a, {c, u, std::nullopt}, t);
        break;
      case OpKind::kJoinCode:
        st = engine().Join(a, {c, u, op.code}, t);
        break;
      case OpKind::kLeave:
        st = engine().Leave(a, {c, u, false}, t);
        break;
      case OpKind::kAdd:
        st = engine().AddMembers(a, {c, {u}}, t);
        break;
      case OpKind::kRemove:
        st = engine().RemoveMembers(a, {c, {u}}, t);
        break;
      case OpKind::kBan:
        st = engine().Ban(a, {c, {u}, 0, ""}, t);
        break;
      case OpKind::kUnban:
        st = engine().Unban(a, {c, {u}}, t);
        break;
      case OpKind::kMute:
        st = engine().Mute(a, {c, {u}, 0}, t);
        break;
      case OpKind::kUnmute:
        st = engine().Unmute(a, {c, {u}}, t);
        break;
      case OpKind::kTransfer:
        st = engine().TransferOwnership(a, c, u, t);
        break;
      case OpKind::kFreeze:
      case OpKind::kUnfreeze:
        st = engine().SetFrozen(a, c, op.kind == OpKind::kFreeze, t);
        break;
      case OpKind::kSend: {
        SendMessageRequest r;
        r.channel = c;
        r.text = "hi";
        r.type = a.is_admin()  ? MessageType::kAdmin
                 : a.is_bot() ? MessageType::kBot
                              : MessageType::kText;
        st = engine().SendMessage(a, r, t).status();
        break;
      }
      case OpKind::kDelete:
        st = engine().DeleteChannel(a, c, t);
        break;
      case OpKind::kBotJoin:
        st = engine().BotJoin(a, bot_, c, t);
        break;
      case OpKind::kBotLeave:
        st = engine().BotLeave(a, bot_, c, t);
        break;
    }
    if (st.ok()) return std::nullopt;
    std::optional<ErrorCode> code = ErrorCodeOf(st);
    EXPECT_TRUE(code.has_value()) << "a failure without a domain code: " << st;
    return code.value_or(ErrorCode::kInternalError);
  }

  static Outcome OnModel(ReferenceModel& m, const Op& op, int at) {
    switch (op.kind) {
      case OpKind::kJoin:
        return m.Join(op.actor, op.channel, op.target, std::nullopt, at);
      case OpKind::kJoinCode:
        return m.Join(op.actor, op.channel, op.target, op.code, at);
      case OpKind::kLeave:
        return m.Leave(op.actor, op.channel, op.target);
      case OpKind::kAdd:
        return m.Add(op.actor, op.channel, op.target, at);
      case OpKind::kRemove:
        return m.Remove(op.actor, op.channel, op.target);
      case OpKind::kBan:
        return m.Ban(op.actor, op.channel, op.target);
      case OpKind::kUnban:
        return m.Unban(op.actor, op.channel, op.target);
      case OpKind::kMute:
        return m.Mute(op.actor, op.channel, op.target);
      case OpKind::kUnmute:
        return m.Unmute(op.actor, op.channel, op.target);
      case OpKind::kTransfer:
        return m.Transfer(op.actor, op.channel, op.target);
      case OpKind::kFreeze:
        return m.SetFrozen(op.actor, op.channel, true);
      case OpKind::kUnfreeze:
        return m.SetFrozen(op.actor, op.channel, false);
      case OpKind::kSend:
        return m.Send(op.actor, op.channel);
      case OpKind::kDelete:
        return m.Delete(op.actor, op.channel);
      case OpKind::kBotJoin:
        return m.BotJoin(op.actor, op.channel);
      case OpKind::kBotLeave:
        return m.BotLeave(op.actor, op.channel);
    }
    return std::nullopt;
  }

  // The engine's state in the model's terms, read through the public API.
  model::ModelChannel Observe(int c, const model::ModelChannel& like) {
    model::ModelChannel got;
    got.type = like.type;
    const Engine& e = engine();
    const ChannelId id = e.FindChannel(names_[c]);
    got.live = id.valid() && id == channels_[c];
    if (!got.live) return got;
    got.invitation_code = like.invitation_code;
    auto view = e.GetChannel(Actor::Admin(), id, UserId());
    EXPECT_TRUE(view.ok()) << view.status();
    if (!view.ok()) return got;
    for (int u = 0; u < kUsers; ++u) {
      if (view->owner_id == "u" + std::to_string(u)) got.owner = u;
      if (e.IsMember(id, users_[u])) {
        // Join stamps are the model's own bookkeeping; only the member
        // set is observable (the order shows through succession).
        got.joined_at[u] = like.joined_at.count(u) ? like.joined_at.at(u) : -1;
      }
      if (e.IsBanned(id, users_[u])) got.banned.insert(u);
      if (e.IsMuted(id, users_[u])) got.muted.insert(u);
    }
    got.frozen = view->frozen;
    got.bot_member = !view->bots.empty();
    return got;
  }

  static std::string Describe(const model::ModelChannel& ch) {
    std::ostringstream os;
    if (!ch.live) return "deleted";
    os << "owner=" << (ch.owner ? "u" + std::to_string(*ch.owner) : "none")
       << " members={";
    for (const auto& [u, at] : ch.joined_at) os << " u" << u;
    os << " } banned={";
    for (int u : ch.banned) os << " u" << u;
    os << " } muted={";
    for (int u : ch.muted) os << " u" << u;
    os << " } frozen=" << ch.frozen << " bot=" << ch.bot_member;
    return os.str();
  }

  // Brings the engine to the state after `prefix` (setup, then each op at
  // its step's time).
  void Rebuild(ChannelType t0, const std::vector<Op>& prefix) {
    Setup(t0);
    for (size_t i = 0; i < prefix.size(); ++i) {
      const Outcome o = OnEngine(prefix[i], StepTime(i));
      OnModel(model_, prefix[i], static_cast<int>(i) + 1);
      ASSERT_FALSE(o.has_value()) << "replay diverged at " << OpName(prefix[i]);
    }
    ++rebuilds_;
  }

  Millis StepTime(size_t depth) const {
    return base_ + 1000 * static_cast<Millis>(depth + 1);
  }

  std::string StateKey() const {
    std::string key;
    for (int c = 0; c < model_.channel_count(); ++c) {
      key += Describe(model_.channel(c)) + "|";
      // Join order matters for succession: record the stamps' order.
      for (const auto& [u, at] : model_.channel(c).joined_at) {
        key += std::to_string(u) + "@" + std::to_string(at) + ",";
      }
      key += ";";
    }
    return key;
  }

  // Depth-first over sequences extending `prefix`; the engine and the model
  // are at `prefix` on entry (dirty_ says the engine must be rebuilt).
  void Explore(ChannelType t0, std::vector<Op>& prefix) {
    const ReferenceModel at_prefix = model_;
    const std::string dump = engine().DebugString();
    const size_t depth = prefix.size();
    for (const Op& op : alphabet_) {
      if (mismatches_ >= kMaxReported) return;
      if (dirty_) {
        Rebuild(t0, prefix);
        dirty_ = false;
      }
      model_ = at_prefix;
      const Outcome want = OnModel(model_, op, static_cast<int>(depth) + 1);
      const Outcome got = OnEngine(op, StepTime(depth));
      ++calls_;
      // A failed call stands for every sequence continuing it (pruned).
      covered_ += got.has_value() ? SequencesBelow(depth + 1) : 1;
      std::vector<Op> seq = prefix;
      seq.push_back(op);
      if (want != got) {
        Report(t0, seq, "outcome: expected " + OutcomeName(want) + ", got " +
                            OutcomeName(got));
        dirty_ = true;
        continue;
      }
      for (int c = 0; c < model_.channel_count(); ++c) {
        const model::ModelChannel seen = Observe(c, model_.channel(c));
        if (!(seen == model_.channel(c))) {
          Report(t0, seq, "c" + std::to_string(c) + ": expected " +
                              Describe(model_.channel(c)) + "; got " +
                              Describe(seen));
        }
      }
      if (got.has_value()) {
        ++failed_calls_;
        if (engine().DebugString() != dump) {
          Report(t0, seq, "failed call " + OutcomeName(got) +
                              " changed the state");
          dirty_ = true;
        }
        continue;  // Pruned: the same state as `prefix`.
      }
      states_.insert(std::to_string(static_cast<int>(t0)) + StateKey());
      dirty_ = true;
      if (depth + 1 < kMaxDepth) {
        prefix.push_back(op);
        dirty_ = false;  // the engine is at prefix + op
        Explore(t0, prefix);
        prefix.pop_back();
        dirty_ = true;
      }
    }
  }

  // Sequences of any length from `depth` to kMaxDepth that start with a
  // given sequence of length `depth` (1 + A + A^2 + ...).
  uint64_t SequencesBelow(size_t depth) const {
    uint64_t n = 0, p = 1;
    for (size_t d = depth; d <= kMaxDepth; ++d, p *= alphabet_.size()) n += p;
    return n;
  }

  void Report(ChannelType t0, const std::vector<Op>& seq,
              const std::string& what) {
    std::string s = "setup c0=" + std::string(ChannelTypeName(t0)) + ": ";
    for (const Op& op : seq) s += "[" + OpName(op) + "] ";
    ADD_FAILURE() << s << "-> " << what;
    ++mismatches_;
  }

  static constexpr int kMaxReported = 30;
  std::vector<Op> alphabet_ = Alphabet();
  ReferenceModel model_{kUsers};
  std::vector<UserId> users_;
  BotId bot_;
  std::vector<std::string> names_;
  std::vector<ChannelId> channels_;
  Millis base_ = 0;
  bool dirty_ = false;
  uint64_t calls_ = 0, failed_calls_ = 0, covered_ = 0, rebuilds_ = 0;
  int mismatches_ = 0;
  std::set<std::string> states_;
};

// One test per type of the first channel, so ctest can run them in
// parallel.
TEST_P(ModelCheckTest, EngineAgreesWithReferenceModelOnEverySequence) {
  const ChannelType t0 = static_cast<ChannelType>(GetParam());
  Setup(t0);
  dirty_ = false;
  std::vector<Op> prefix;
  Explore(t0, prefix);
  std::printf(
      "model check, first channel %s: %zu operations, sequences up to "
      "length %d: %llu sequences covered, %llu engine calls (%llu failed), "
      "%llu rebuilds, %zu distinct model states\n",
      std::string(ChannelTypeName(t0)).c_str(), alphabet_.size(), kMaxDepth,
      static_cast<unsigned long long>(covered_),
      static_cast<unsigned long long>(calls_),
      static_cast<unsigned long long>(failed_calls_),
      static_cast<unsigned long long>(rebuilds_), states_.size());
  EXPECT_EQ(mismatches_, 0);
}

INSTANTIATE_TEST_SUITE_P(EveryChannelType, ModelCheckTest,
                         ::testing::Range(0, kChannelTypeCount));

}  // namespace
}  // namespace banter
