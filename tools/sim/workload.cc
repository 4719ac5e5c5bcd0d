#include "tools/sim/workload.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <span>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

#include "banter/presence.h"
#include "boost/json/object.hpp"
#include "boost/json/serialize.hpp"
#include "tools/gen/choices.h"

namespace banter::sim {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view kOpNames[] = {
    "create_user", "login",        "create_channel", "join",
    "leave",       "send_guild",   "send_dm",        "send_world_owner",
    "send_world_member", "reaction", "mark_read",    "unread_query",
    "mute",        "unmute",       "ban",            "unban",
    "history_page", "history_refs", "advance_time",
    "search_messages", "search_users", "open_enter", "open_exit", "open_send",
    "slow_mode",   "pin",          "unpin",          "pinned_list",
    "report",      "resolve_report",
    "connect",     "disconnect",   "typing_guild",   "typing_stop",
    "typing_world", "send_filtered", "set_word_filter",
};
static_assert(std::size(kOpNames) == static_cast<size_t>(OpKind::kCount));

// Counts message deliveries without touching recipients one by one: the
// engine hands spans, so a count is O(batches).
class CountingSink : public EventSink {
 public:
  void OnEvent(const Event& e) override {
    ++events;
    if (e.kind == EventKind::kMessage) {
      deliveries += static_cast<int64_t>(e.recipients.count());
      push += static_cast<int64_t>(e.push.count());
    }
  }
  int64_t events = 0;
  int64_t deliveries = 0;
  int64_t push = 0;
};

// Counts presence deliveries (recipients arrive as one span).
class PresenceCounter : public PresenceSink {
 public:
  void OnPresence(const PresenceEvent& e) override {
    ++events;
    deliveries += static_cast<int64_t>(e.recipients.size());
  }
  int64_t events = 0;
  int64_t deliveries = 0;
};

struct Guild {
  ChannelId id;
  UserId owner;
  std::vector<UserId> members;  // mirror of the engine's, for sampling
  std::vector<UserId> banned;
  std::vector<UserId> muted;
  MessageId last_message;
  std::vector<MessageId> pins;  // what the harness pinned, oldest first
};

struct Dm {
  ChannelId id;
  UserId a, b;
};

constexpr std::string_view kTexts[] = {
    "gg", "lfg", "anyone up for a raid?", "brb", "nice shot",
    "meet at the north gate in five minutes", "ok", "thanks!",
};
constexpr std::string_view kReactions[] = {"like", "lol", "wow", "gg"};
// Search texts: two found in kTexts (one in different case), one never.
constexpr std::string_view kSearchTexts[] = {"RAID", "gate", "zeppelin"};

std::string FormatNanos(int64_t ns) {
  char buf[32];
  if (ns < 1'000) {
    std::snprintf(buf, sizeof buf, "%lld ns", static_cast<long long>(ns));
  } else if (ns < 1'000'000) {
    std::snprintf(buf, sizeof buf, "%.1f us", ns / 1e3);
  } else if (ns < 1'000'000'000) {
    std::snprintf(buf, sizeof buf, "%.1f ms", ns / 1e6);
  } else {
    std::snprintf(buf, sizeof buf, "%.2f s", ns / 1e9);
  }
  return buf;
}

std::string FormatRate(double per_second) {
  char buf[32];
  if (per_second >= 1e9) {
    std::snprintf(buf, sizeof buf, "%.2fG", per_second / 1e9);
  } else if (per_second >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.2fM", per_second / 1e6);
  } else if (per_second >= 1e3) {
    std::snprintf(buf, sizeof buf, "%.1fk", per_second / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f", per_second);
  }
  return buf;
}

uint64_t Fnv(std::string_view s) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  return h;
}

class Runner {
 public:
  Runner(const WorkloadOptions& o, LiveBytesFn live_bytes,
         const ProgressFn& progress)
      : o_(o), live_bytes_(live_bytes), progress_(progress), rng_(o.seed) {
    EngineOptions eo;
    eo.seed = o.seed;
    eo.sink = &sink_;
    eo.password_cost = 4;
    eo.token_secret = "banter-simulate";
    eo.history_cap.fill(o.history_cap);
    eo.check_invariants = o.check_invariants;
    engine_ = std::make_unique<Engine>(eo);
    presence_ = std::make_unique<Presence>(
        *engine_, PresenceOptions{&presence_sink_, 5'000});
    now_ = o.start_ms;
    report_.options = o;
  }

  Report Run() {
    auto t0 = Clock::now();
    Setup();
    report_.setup_seconds = Seconds(Clock::now() - t0);
    auto t1 = Clock::now();
    in_main_ = true;
    MainPhase();
    in_main_ = false;
    report_.main_seconds = Seconds(Clock::now() - t1);
    report_.engine_seconds = static_cast<double>(main_engine_ns_) / 1e9;
    // The main mix plus the operations beside it (SocialStep).
    report_.main_ops = o_.ops + (o_.ops + 7) / 8;
    report_.deliveries = sink_.deliveries;
    report_.push_deliveries = sink_.push;
    report_.events = sink_.events;
    EngineStats st = engine_->Stats();
    report_.memberships = static_cast<int64_t>(st.memberships);
    report_.messages_stored = static_cast<int64_t>(st.messages);
    report_.presence_events = presence_sink_.events;
    report_.presence_deliveries = presence_sink_.deliveries;
    report_.online_end = static_cast<int64_t>(presence_->online_count());
    report_.typing_end = static_cast<int64_t>(presence_->typing_count());
    if (live_bytes_) report_.heap_bytes_end = live_bytes_();
    for (const auto& [code, n] : engine_->Calls().failures_by_code) {
      if (code == ErrorCode::kSlowModeActive) report_.refused_slow_mode = n;
      if (code == ErrorCode::kFloodLimitExceeded) report_.refused_flood = n;
    }
    if (o_.users <= 20'000) {
      char buf[24];
      std::snprintf(buf, sizeof buf, "%016llx",
                    static_cast<unsigned long long>(Fnv(engine_->DebugString())));
      report_.state_digest = buf;
    }
    return report_;
  }

 private:
  static double Seconds(Clock::duration d) {
    return std::chrono::duration<double>(d).count();
  }

  // Times `fn` (returning a Status or StatusOr) under `kind`.
  template <typename F>
  auto Timed(OpKind kind, F&& fn) {
    auto start = Clock::now();
    auto result = fn();
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                  Clock::now() - start)
                  .count();
    OpStats& st = report_.ops[static_cast<int>(kind)];
    st.latency.Add(ns);
    if (in_main_) main_engine_ns_ += ns;
    if (result.ok()) {
      ++st.ok;
    } else {
      ++st.refused;
    }
    return result;
  }

  void Progress(int64_t done, int64_t total, const char* phase) {
    if (progress_) progress_(done, total, phase);
  }

  // Uniform in [0, n) from the workload's own seeded stream (the engine
  // has its own). Requires n > 0.
  int64_t Below(int64_t n) {
    return static_cast<int64_t>(rng_.Uniform(static_cast<uint64_t>(n)));
  }
  // A draw in [0, n) from the side stream (presence, typing, filter), which
  // leaves the main mix's stream untouched.
  int64_t SideBelow(int64_t n) {
    return static_cast<int64_t>(side_rng_.Uniform(static_cast<uint64_t>(n)));
  }

  UserId RandomUser() { return users_[Below(static_cast<int64_t>(users_.size()))]; }

  void Setup() {
    const int64_t n = o_.users;
    users_.reserve(n);
    tokens_.reserve(n);
    for (int64_t i = 0; i < n; ++i) {
      CreateUserRequest r;
      r.user_id = "u" + std::to_string(i);
      r.username = "player" + std::to_string(i);
      auto created = Timed(OpKind::kCreateUser, [&] {
        return engine_->CreateUser(Actor::Admin(), r, now_);
      });
      if (!created.ok()) Die("create user", created.status());
      users_.push_back(created->user);
      tokens_.push_back(created->login_token);
      if ((i & 4095) == 0) Progress(i, n, "users");
    }

    // The world: one super_broadcast channel everyone joins.
    const int64_t world_n = o_.world_members < 0 ? n : std::min(o_.world_members, n);
    if (world_n > 0) {
      CreateChannelRequest wr;
      wr.channel_id = "world";
      wr.type = ChannelType::kSuperBroadcast;
      wr.owner = users_[0];
      wr.name = "World";
      auto w = Timed(OpKind::kCreateChannel, [&] {
        return engine_->CreateChannel(Actor::Admin(), wr, now_);
      });
      if (!w.ok()) Die("create world", w.status());
      world_ = *w;
      world_owner_ = users_[0];
      const int64_t before = live_bytes_ ? live_bytes_() : 0;
      for (int64_t i = 1; i < world_n; ++i) {
        UserId u = users_[i];
        auto st = Timed(OpKind::kJoin, [&] {
          return engine_->Join(Actor::User(u), JoinRequest{world_, u, {}}, now_);
        });
        if (!st.ok()) Die("join world", st);
        if ((i & 4095) == 0) Progress(i, world_n, "world");
      }
      if (live_bytes_ && world_n > 1) {
        report_.bytes_per_membership = (live_bytes_() - before) / (world_n - 1);
      }
      report_.world_members = world_n;
    }

    // Guilds: public channels with an owner and a few dozen members.
    guilds_.resize(o_.guilds);
    const int64_t size = std::clamp<int64_t>(o_.guild_size, 1, 100);
    for (int64_t g = 0; g < o_.guilds; ++g) {
      Guild& guild = guilds_[g];
      guild.owner = RandomUser();
      CreateChannelRequest r;
      r.channel_id = "g" + std::to_string(g);
      r.type = ChannelType::kPublic;
      r.owner = guild.owner;
      r.name = "guild " + std::to_string(g);
      guild.members.push_back(guild.owner);
      while (static_cast<int64_t>(guild.members.size()) < std::min(size, n)) {
        UserId u = RandomUser();
        if (std::find(guild.members.begin(), guild.members.end(), u) ==
            guild.members.end()) {
          guild.members.push_back(u);
        }
      }
      r.members.assign(guild.members.begin() + 1, guild.members.end());
      auto c = Timed(OpKind::kCreateChannel, [&] {
        return engine_->CreateChannel(Actor::Admin(), r, now_);
      });
      if (!c.ok()) Die("create guild", c.status());
      guild.id = *c;
      if ((g & 255) == 0) Progress(g, o_.guilds, "guilds");
    }

    // Direct messages: private channels created by one of the pair.
    dms_.reserve(o_.dm_pairs);
    for (int64_t d = 0; d < o_.dm_pairs && n >= 2; ++d) {
      UserId a = RandomUser(), b = RandomUser();
      while (b == a) b = RandomUser();
      CreateChannelRequest r;
      r.channel_id = "d" + std::to_string(d);
      r.type = ChannelType::kPrivate;
      r.members = {b};
      auto c = Timed(OpKind::kCreateChannel, [&] {
        return engine_->CreateChannel(Actor::User(a), r, now_);
      });
      if (!c.ok()) Die("create dm", c.status());
      dms_.push_back(Dm{*c, a, b});
      if ((d & 4095) == 0) Progress(d, o_.dm_pairs, "dms");
    }

    // The open channel: a GitpleLive super_public channel nobody is in yet.
    {
      CreateChannelRequest r;
      r.channel_id = "plaza";
      r.type = ChannelType::kSuperPublic;
      r.dialect = Dialect::kGitpleLive;
      r.name = "Plaza";
      auto c = Timed(OpKind::kCreateChannel, [&] {
        return engine_->CreateChannel(Actor::Admin(), r, now_);
      });
      if (!c.ok()) Die("create open channel", c.status());
      plaza_ = *c;
    }

    // Bytes per stored message in the steady state: in up to 1,000 guilds,
    // a first message (the log's first allocation, not counted), then 255
    // more, each with a text short enough for the string's inline buffer.
    // 256 is a power of two, so the log ends exactly full: the figure is
    // the engine's own per-message cost with its growth amortized, neither
    // a first message's nor one just after a doubling.
    constexpr int64_t kProbeMessages = 255;
    const int64_t probe = std::min<int64_t>(o_.guilds, 1'000);
    auto send_probe = [&](Guild& guild) {
      SendMessageRequest r;
      r.channel = guild.id;
      r.text = "hello";
      auto m = Timed(OpKind::kSendGuild, [&] {
        return engine_->SendMessage(Actor::User(guild.owner), r, now_);
      });
      if (m.ok()) guild.last_message = *m;
    };
    for (int64_t g = 0; g < probe; ++g) send_probe(guilds_[g]);
    const int64_t before = live_bytes_ ? live_bytes_() : 0;
    for (int64_t g = 0; g < probe; ++g) {
      for (int64_t k = 0; k < kProbeMessages; ++k) send_probe(guilds_[g]);
    }
    if (live_bytes_ && probe > 0) {
      report_.bytes_per_message =
          (live_bytes_() - before) / (probe * kProbeMessages);
    }
    report_.messages_sent += probe * (1 + kProbeMessages);
    SetupSocial();
  }

  // The word filter (1,000 seeded entries and the words send_filtered
  // uses, masking) and a tenth of the users online. After the probe above,
  // so bytes per message stay the engine's alone.
  void SetupSocial() {
    WordFilterRequest r;
    std::vector<std::string> words = {"noob", "*grief*"};
    for (int i = 0; i < 1'000; ++i) {
      std::string w;
      for (int k = 0, n = 5 + static_cast<int>(SideBelow(5)); k < n; ++k) {
        w.push_back(static_cast<char>('a' + SideBelow(26)));
      }
      words.push_back(std::move(w));
    }
    r.words = std::move(words);
    auto st = Timed(OpKind::kSetWordFilter, [&] {
      return engine_->SetWordFilter(Actor::Admin(), r, now_);
    });
    if (!st.ok()) Die("set word filter", st);
    report_.filter_entries = static_cast<int64_t>(
        engine_->GetWordFilter(Actor::Admin())->words.size());
    for (size_t i = 0; i < users_.size(); i += 10) Connect(users_[i]);
  }

  void Connect(UserId u) {
    auto r = Timed(OpKind::kConnect, [&] { return presence_->Connect(u, now_); });
    if (r.ok() && *r == 1) online_.push_back(u);
  }

  // One operation beside the main mix, from its own stream, so the main
  // mix asks the engine exactly what it asked before presence existed.
  void SocialStep() {
    const int64_t pick = SideBelow(100);
    if (pick < 20) {
      Connect(RandomUser());
    } else if (pick < 35) {
      if (online_.empty()) return;
      const size_t at = static_cast<size_t>(
          SideBelow(static_cast<int64_t>(online_.size())));
      const UserId u = online_[at];
      auto r = Timed(OpKind::kDisconnect,
                     [&] { return presence_->Disconnect(u, now_); });
      if (r.ok() && *r == 0) {
        online_[at] = online_.back();
        online_.pop_back();
      }
    } else if (pick < 80 && !guilds_.empty()) {
      // Typing in a guild by one of its members, connected first if needed;
      // most calls renew an indicator (a keystroke), some start one.
      Guild& g = guilds_[SideBelow(static_cast<int64_t>(guilds_.size()))];
      const UserId u =
          g.members[SideBelow(static_cast<int64_t>(g.members.size()))];
      if (!presence_->IsOnline(u)) Connect(u);
      const bool stop = pick >= 72;
      (void)Timed(stop ? OpKind::kTypingStop : OpKind::kTypingGuild, [&] {
        return stop ? presence_->StopTyping(u, g.id, now_)
                    : presence_->StartTyping(u, g.id, now_);
      });
    } else if (pick < 95) {
      if (!world_.valid()) return;
      const UserId u =
          users_[SideBelow(std::max<int64_t>(report_.world_members, 1))];
      if (!presence_->IsOnline(u)) Connect(u);
      (void)Timed(OpKind::kTypingWorld,
                  [&] { return presence_->StartTyping(u, world_, now_); });
    } else if (!guilds_.empty()) {
      Guild& g = guilds_[SideBelow(static_cast<int64_t>(guilds_.size()))];
      const UserId u =
          g.members[SideBelow(static_cast<int64_t>(g.members.size()))];
      SendMessageRequest r;
      r.channel = g.id;
      r.text = "stop griefing, noob";
      auto m = Timed(OpKind::kSendFiltered, [&] {
        return engine_->SendMessage(Actor::User(u), r, now_);
      });
      if (m.ok()) ++report_.messages_sent;
    }
  }

  [[noreturn]] void Die(const char* what, const absl::Status& st) {
    std::fprintf(stderr, "banter simulate: setup step '%s' failed: %s\n", what,
                 std::string(st.message()).c_str());
    std::exit(1);
  }

  Guild& RandomGuild() { return guilds_[Below(static_cast<int64_t>(guilds_.size()))]; }

  UserId RandomMember(const Guild& g) {
    return g.members[Below(static_cast<int64_t>(g.members.size()))];
  }

  static void Erase(std::vector<UserId>& v, UserId u) {
    auto it = std::find(v.begin(), v.end(), u);
    if (it != v.end()) {
      *it = v.back();
      v.pop_back();
    }
  }

  void MainPhase() {
    // Relative weights of the mix (they sum to 1,032).
    struct Weighted {
      OpKind kind;
      int weight;
    };
    static constexpr Weighted kMix[] = {
        {OpKind::kSendGuild, 360},      {OpKind::kSendDm, 180},
        {OpKind::kSendWorldOwner, 2},   {OpKind::kSendWorldMember, 30},
        {OpKind::kReaction, 80},        {OpKind::kMarkRead, 110},
        {OpKind::kUnreadQuery, 70},     {OpKind::kHistoryPage, 20},
        {OpKind::kHistoryRefs, 20},
        {OpKind::kJoin, 30},            {OpKind::kLeave, 25},
        {OpKind::kLogin, 30},           {OpKind::kMute, 8},
        {OpKind::kUnmute, 5},           {OpKind::kBan, 5},
        {OpKind::kUnban, 5},
        {OpKind::kSearchMessages, 5},   {OpKind::kSearchUsers, 3},
        {OpKind::kOpenEnter, 8},        {OpKind::kOpenExit, 6},
        {OpKind::kOpenSend, 10},
        // Moderation tools: 20 (taken from send_guild).
        {OpKind::kSlowMode, 2},         {OpKind::kPin, 4},
        {OpKind::kPinnedList, 6},       {OpKind::kReport, 5},
        {OpKind::kResolveReport, 3},
    };
    std::vector<int> weights;
    for (const auto& w : kMix) weights.push_back(w.weight);
    const gen::Weights mix(std::move(weights));
    if (o_.flood_messages > 0) {
      auto st = engine_->Execute(
          Actor::Admin(),
          cmd::SetFloodLimit{{o_.flood_messages, o_.flood_window_ms}}, now_);
      if (!st.ok()) Die("set flood limit", st.status());
    }

    for (int64_t i = 0; i < o_.ops; ++i) {
      now_ += o_.step_ms;
      if ((i & 127) == 0) {
        (void)Timed(OpKind::kAdvanceTime, [&] {
          engine_->AdvanceTime(now_);
          presence_->AdvanceTime(now_);
          return absl::OkStatus();
        });
      }
      const OpKind kind = kMix[mix.Pick(rng_)].kind;
      Step(kind);
      if ((i & 7) == 0) SocialStep();
      if ((i & 16383) == 0) Progress(i, o_.ops, "ops");
    }
    Progress(o_.ops, o_.ops, "ops");
  }

  void Step(OpKind kind) {
    switch (kind) {
      case OpKind::kSendGuild: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        SendMessageRequest r;
        r.channel = g.id;
        r.text = std::string(rng_.OneOf(std::span<const std::string_view>(kTexts)));
        UserId sender = RandomMember(g);
        auto m = Timed(kind, [&] {
          return engine_->SendMessage(Actor::User(sender), r, now_);
        });
        if (m.ok()) {
          g.last_message = *m;
          ++report_.messages_sent;
        }
        return;
      }
      case OpKind::kSendDm: {
        if (dms_.empty()) return;
        const Dm& d = dms_[Below(static_cast<int64_t>(dms_.size()))];
        SendMessageRequest r;
        r.channel = d.id;
        r.text = std::string(rng_.OneOf(std::span<const std::string_view>(kTexts)));
        UserId sender = Below(2) ? d.a : d.b;
        auto m = Timed(kind, [&] {
          return engine_->SendMessage(Actor::User(sender), r, now_);
        });
        if (m.ok()) ++report_.messages_sent;
        return;
      }
      case OpKind::kSendWorldOwner:
      case OpKind::kSendWorldMember: {
        if (!world_.valid()) return;
        UserId sender = world_owner_;
        if (kind == OpKind::kSendWorldMember) {
          int64_t limit = std::max<int64_t>(report_.world_members, 1);
          sender = users_[Below(limit)];
        }
        SendMessageRequest r;
        r.channel = world_;
        r.text = kind == OpKind::kSendWorldOwner ? "server restart in 10 minutes"
                                                 : "when is the next event?";
        auto m = Timed(kind, [&] {
          return engine_->SendMessage(Actor::User(sender), r, now_);
        });
        if (m.ok()) ++report_.messages_sent;
        return;
      }
      case OpKind::kReaction: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        if (!g.last_message.valid()) return;
        UserId u = RandomMember(g);
        ReactionRequest r{g.last_message, u,
                          std::string(rng_.OneOf(
                              std::span<const std::string_view>(kReactions)))};
        (void)Timed(kind, [&] { return engine_->AddReaction(Actor::User(u), r, now_); });
        return;
      }
      case OpKind::kMarkRead: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        UserId u = RandomMember(g);
        (void)Timed(kind, [&] {
          return engine_->MarkRead(Actor::User(u), MemberSettingRequest{g.id, u}, now_);
        });
        return;
      }
      case OpKind::kUnreadQuery: {
        UserId u = RandomUser();
        (void)Timed(kind, [&] { return engine_->TotalUnread(Actor::User(u), u); });
        return;
      }
      case OpKind::kHistoryPage:
      case OpKind::kHistoryRefs: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        UserId u = RandomMember(g);
        MessageListQuery q;
        q.channel = g.id;
        q.viewer = u;
        q.limit = 20;
        if (kind == OpKind::kHistoryPage) {
          (void)Timed(kind, [&] { return engine_->ListMessages(Actor::User(u), q); });
        } else {
          (void)Timed(kind, [&] {
            return engine_->ListMessageRefs(Actor::User(u), q, &refs_);
          });
        }
        return;
      }
      case OpKind::kJoin: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        if (g.members.size() >= 100) return;
        UserId u = RandomUser();
        if (std::find(g.members.begin(), g.members.end(), u) != g.members.end()) return;
        auto st = Timed(kind, [&] {
          return engine_->Join(Actor::User(u), JoinRequest{g.id, u, {}}, now_);
        });
        if (st.ok()) g.members.push_back(u);
        return;
      }
      case OpKind::kLeave: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        if (g.members.size() <= 2) return;
        UserId u = RandomMember(g);
        if (u == g.owner) return;
        auto st = Timed(kind, [&] {
          return engine_->Leave(Actor::User(u), LeaveRequest{g.id, u, false}, now_);
        });
        if (st.ok()) {
          Erase(g.members, u);
          Erase(g.muted, u);
        }
        return;
      }
      case OpKind::kLogin: {
        int64_t i = Below(static_cast<int64_t>(users_.size()));
        LoginRequest r;
        r.user_id = "u" + std::to_string(i);
        r.login_token = tokens_[i];
        (void)Timed(kind, [&] { return engine_->LoginWithToken(r, now_); });
        return;
      }
      case OpKind::kMute: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        UserId u = RandomMember(g);
        if (u == g.owner) return;
        MuteRequest r{g.id, {u}, (1 + Below(10)) * 60'000};
        auto st = Timed(kind, [&] { return engine_->Mute(Actor::User(g.owner), r, now_); });
        if (st.ok()) g.muted.push_back(u);
        return;
      }
      case OpKind::kUnmute: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        if (g.muted.empty()) return;
        UserId u = g.muted.back();
        g.muted.pop_back();
        if (std::find(g.members.begin(), g.members.end(), u) == g.members.end()) return;
        (void)Timed(kind, [&] {
          return engine_->Unmute(Actor::User(g.owner), MembersRequest{g.id, {u}}, now_);
        });
        return;
      }
      case OpKind::kBan: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        if (g.members.size() <= 2) return;
        UserId u = RandomMember(g);
        if (u == g.owner) return;
        BanRequest r;
        r.channel = g.id;
        r.users = {u};
        auto st = Timed(kind, [&] { return engine_->Ban(Actor::User(g.owner), r, now_); });
        if (st.ok()) {
          Erase(g.members, u);
          Erase(g.muted, u);
          g.banned.push_back(u);
        }
        return;
      }
      case OpKind::kUnban: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        if (g.banned.empty()) return;
        UserId u = g.banned.back();
        g.banned.pop_back();
        (void)Timed(kind, [&] {
          return engine_->Unban(Actor::User(g.owner), MembersRequest{g.id, {u}}, now_);
        });
        return;
      }
      case OpKind::kSearchMessages: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        UserId u = RandomMember(g);
        MessageSearchQuery q;
        q.channel = g.id;
        q.text = std::string(kSearchTexts[Below(std::size(kSearchTexts))]);
        (void)Timed(kind, [&] {
          return engine_->SearchMessages(Actor::User(u), q);
        });
        return;
      }
      case OpKind::kSearchUsers: {
        // "u" plus 1..3 digits: from thousands of matches to a handful.
        UserSearchQuery q;
        q.text = "u" + std::to_string(Below(1000));
        (void)Timed(kind, [&] {
          return engine_->SearchUsers(Actor::Admin(), q);
        });
        return;
      }
      case OpKind::kOpenEnter: {
        UserId u = RandomUser();
        if (engine_->IsMember(plaza_, u)) return;
        auto st = Timed(kind, [&] {
          return engine_->Join(Actor::Admin(), JoinRequest{plaza_, u, {}},
                               now_);
        });
        if (st.ok()) participants_.push_back(u);
        return;
      }
      case OpKind::kOpenExit: {
        if (participants_.empty()) return;
        const size_t i = static_cast<size_t>(
            Below(static_cast<int64_t>(participants_.size())));
        UserId u = participants_[i];
        auto st = Timed(kind, [&] {
          return engine_->Leave(Actor::Admin(),
                                LeaveRequest{plaza_, u, false}, now_);
        });
        if (st.ok()) {
          participants_[i] = participants_.back();
          participants_.pop_back();
        }
        return;
      }
      case OpKind::kOpenSend: {
        if (participants_.empty()) return;
        SendMessageRequest r;
        r.channel = plaza_;
        r.sender = participants_[Below(
            static_cast<int64_t>(participants_.size()))];
        r.text = std::string(kTexts[Below(std::size(kTexts))]);
        auto m = Timed(kind, [&] {
          return engine_->SendMessage(Actor::Admin(), r, now_);
        });
        if (m.ok()) ++report_.messages_sent;
        return;
      }
      case OpKind::kSlowMode: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        const Millis interval = Below(2) ? 2'000 : 0;
        (void)Timed(kind, [&] {
          return engine_
              ->Execute(Actor::User(g.owner), cmd::SetSlowMode{g.id, interval},
                        now_)
              .status();
        });
        return;
      }
      case OpKind::kPin: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        if (g.pins.size() >= 3) {
          // Keep a few pins per guild: unpin the oldest (refused with 7001
          // once retention dropped the message, which ended its pin).
          const MessageId oldest = g.pins.front();
          g.pins.erase(g.pins.begin());
          (void)Timed(OpKind::kUnpin, [&] {
            return engine_
                ->Execute(Actor::User(g.owner), cmd::UnpinMessage{oldest}, now_)
                .status();
          });
          return;
        }
        if (!g.last_message.valid()) return;
        auto st = Timed(kind, [&] {
          return engine_
              ->Execute(Actor::User(g.owner), cmd::PinMessage{g.last_message},
                        now_)
              .status();
        });
        if (st.ok()) g.pins.push_back(g.last_message);
        return;
      }
      case OpKind::kPinnedList: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        UserId u = RandomMember(g);
        (void)Timed(kind, [&] {
          return engine_->ListPinned(Actor::User(u), g.id, UserId());
        });
        return;
      }
      case OpKind::kReport: {
        if (guilds_.empty()) return;
        Guild& g = RandomGuild();
        if (!g.last_message.valid()) return;
        UserId u = RandomMember(g);
        ReportRequest r;
        r.reporter = u;
        r.kind = ReportKind::kMessage;
        r.message = g.last_message;
        r.category = ReportCategory::kSpam;
        auto filed = Timed(kind, [&] {
          return engine_->Execute(Actor::User(u), cmd::FileReport{r}, now_);
        });
        if (filed.ok()) open_reports_.push_back(filed->report);
        return;
      }
      case OpKind::kResolveReport: {
        if (open_reports_.empty()) return;
        const ReportId id = open_reports_.front();
        open_reports_.pop_front();
        (void)Timed(kind, [&] {
          return engine_
              ->Execute(Actor::Admin(),
                        cmd::ResolveReport{id, ReportResolution::kDismissed},
                        now_)
              .status();
        });
        return;
      }
      default:
        return;
    }
  }

  WorkloadOptions o_;
  LiveBytesFn live_bytes_;
  const ProgressFn& progress_;
  gen::SeededChoices rng_;  // SplitMix64, as the tests' generators
  CountingSink sink_;
  std::unique_ptr<Engine> engine_;
  PresenceCounter presence_sink_;
  std::unique_ptr<Presence> presence_;  // beside engine_, declared after it
  gen::SeededChoices side_rng_{o_.seed ^ 0x70726573656e6365ULL};  // presence, typing, filter
  std::vector<UserId> online_;
  Millis now_;
  Report report_;
  std::vector<MessageRef> refs_;  // history_refs' reused page buffer
  std::deque<ReportId> open_reports_;  // filed by the workload, oldest first
  // Main phase: nanoseconds inside timed engine calls (clock reads included).
  bool in_main_ = false;
  int64_t main_engine_ns_ = 0;
  std::vector<UserId> users_;
  std::vector<std::string> tokens_;
  std::vector<Guild> guilds_;
  std::vector<Dm> dms_;
  ChannelId world_;
  UserId world_owner_;
  ChannelId plaza_;                   // the open channel
  std::vector<UserId> participants_;  // mirror of its members, for sampling
};

}  // namespace

std::string_view OpName(OpKind kind) { return kOpNames[static_cast<int>(kind)]; }

void Histogram::Add(int64_t nanos) {
  // Bucket i covers up to 10 * 1.1^i ns: 200 buckets reach ~2e9 ns... and the
  // last bucket takes everything beyond.
  double x = nanos <= 10 ? 0.0 : std::log(nanos / 10.0) / std::log(1.1);
  int b = std::min(kBuckets - 1, static_cast<int>(std::ceil(x)));
  ++buckets_[b];
  ++count_;
  total_ += nanos;
}

int64_t Histogram::Percentile(double p) const {
  if (count_ == 0) return 0;
  int64_t target = static_cast<int64_t>(std::ceil(p * count_));
  int64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += buckets_[b];
    if (seen >= target) return static_cast<int64_t>(10.0 * std::pow(1.1, b));
  }
  return static_cast<int64_t>(10.0 * std::pow(1.1, kBuckets - 1));
}

Report RunWorkload(const WorkloadOptions& options, LiveBytesFn live_bytes,
                   const ProgressFn& progress) {
  Runner runner(options, live_bytes, progress);
  return runner.Run();
}

std::string FormatTable(const Report& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line,
                "banter simulate: seed %llu, %lld users, %lld guilds, %lld DMs, "
                "world of %lld\n\n",
                static_cast<unsigned long long>(r.options.seed),
                static_cast<long long>(r.options.users),
                static_cast<long long>(r.options.guilds),
                static_cast<long long>(r.options.dm_pairs),
                static_cast<long long>(r.world_members));
  out += line;
  std::snprintf(line, sizeof line, "%-18s %10s %9s %12s %10s %10s\n", "operation",
                "count", "refused", "ops/s", "p50", "p99");
  out += line;
  out += std::string(74, '-') + "\n";
  for (int k = 0; k < static_cast<int>(OpKind::kCount); ++k) {
    const OpStats& st = r.ops[k];
    if (st.latency.count() == 0) continue;
    double secs = st.latency.total_nanos() / 1e9;
    double rate = secs > 0 ? st.latency.count() / secs : 0;
    std::snprintf(line, sizeof line, "%-18s %10lld %9lld %12s %10s %10s\n",
                  std::string(OpName(static_cast<OpKind>(k))).c_str(),
                  static_cast<long long>(st.latency.count()),
                  static_cast<long long>(st.refused), FormatRate(rate).c_str(),
                  FormatNanos(st.latency.Percentile(0.50)).c_str(),
                  FormatNanos(st.latency.Percentile(0.99)).c_str());
    out += line;
  }
  out += "\n";
  double main = r.main_seconds > 0 ? r.main_seconds : 1e-9;
  std::snprintf(line, sizeof line,
                "setup %.2f s; main phase %lld ops in %.2f s = %s ops/s (wall)\n",
                r.setup_seconds, static_cast<long long>(r.main_ops), r.main_seconds,
                FormatRate(r.main_ops / main).c_str());
  out += line;
  const double engine = r.engine_seconds > 0 ? r.engine_seconds : 1e-9;
  std::snprintf(line, sizeof line,
                "engine time %.2f s = %s ops/s inside engine calls; harness "
                "%.2f s (choosing operations, bookkeeping)\n",
                r.engine_seconds, FormatRate(r.main_ops / engine).c_str(),
                r.main_seconds - r.engine_seconds);
  out += line;
  std::snprintf(line, sizeof line,
                "fan-out: %lld deliveries (%lld would push) = %s deliveries/s\n",
                static_cast<long long>(r.deliveries),
                static_cast<long long>(r.push_deliveries),
                FormatRate(r.deliveries / main).c_str());
  out += line;
  std::snprintf(line, sizeof line,
                "state: %lld memberships, %lld messages sent, %lld stored\n",
                static_cast<long long>(r.memberships),
                static_cast<long long>(r.messages_sent),
                static_cast<long long>(r.messages_stored));
  out += line;
  if (r.heap_bytes_end > 0) {
    std::snprintf(line, sizeof line,
                  "memory: %lld B per member (world join), %lld B per stored "
                  "message (short text, steady state), %.1f MiB heap at end\n",
                  static_cast<long long>(r.bytes_per_membership),
                  static_cast<long long>(r.bytes_per_message),
                  r.heap_bytes_end / 1048576.0);
    out += line;
  }
  std::snprintf(line, sizeof line,
                "presence: %lld events to %lld recipients; %lld users online "
                "and %lld typing at the end; word filter of %lld entries\n",
                static_cast<long long>(r.presence_events),
                static_cast<long long>(r.presence_deliveries),
                static_cast<long long>(r.online_end),
                static_cast<long long>(r.typing_end),
                static_cast<long long>(r.filter_entries));
  out += line;
  if (r.options.flood_messages > 0 || r.refused_slow_mode > 0) {
    std::snprintf(line, sizeof line,
                  "limits: flood %u messages per %lld ms; sends refused by "
                  "slow mode %lld, by the flood limit %lld\n",
                  r.options.flood_messages,
                  static_cast<long long>(r.options.flood_window_ms),
                  static_cast<long long>(r.refused_slow_mode),
                  static_cast<long long>(r.refused_flood));
    out += line;
  }
  if (!r.state_digest.empty()) out += "state digest: " + r.state_digest + "\n";
  return out;
}

std::string FormatJson(const Report& r) {
  // Rounded as the table shows them: rates to 0.1, seconds to 1 ms.
  auto round_to = [](double v, double step) { return std::round(v / step) * step; };
  const double main = r.main_seconds > 0 ? r.main_seconds : 1e-9;
  boost::json::object operations;
  for (int k = 0; k < static_cast<int>(OpKind::kCount); ++k) {
    const OpStats& st = r.ops[k];
    if (st.latency.count() == 0) continue;
    const double secs = st.latency.total_nanos() / 1e9;
    operations[std::string(OpName(static_cast<OpKind>(k)))] = {
        {"count", st.latency.count()},
        {"refused", st.refused},
        {"ops_per_second",
         round_to(secs > 0 ? st.latency.count() / secs : 0.0, 0.1)},
        {"p50_ns", st.latency.Percentile(0.5)},
        {"p99_ns", st.latency.Percentile(0.99)},
    };
  }
  const boost::json::object out = {
      {"seed", r.options.seed},
      {"users", r.options.users},
      {"guilds", r.options.guilds},
      {"dm_pairs", r.options.dm_pairs},
      {"world_members", r.world_members},
      {"setup_seconds", round_to(r.setup_seconds, 0.001)},
      {"main_seconds", round_to(r.main_seconds, 0.001)},
      {"main_ops", r.main_ops},
      {"ops_per_second", round_to(r.main_ops / main, 0.1)},
      {"engine_seconds", round_to(r.engine_seconds, 0.001)},
      {"engine_ops_per_second",
       round_to(r.engine_seconds > 0 ? r.main_ops / r.engine_seconds : 0.0,
                0.1)},
      {"deliveries", r.deliveries},
      {"push_deliveries", r.push_deliveries},
      {"deliveries_per_second", round_to(r.deliveries / main, 0.1)},
      {"memberships", r.memberships},
      {"messages_sent", r.messages_sent},
      {"messages_stored", r.messages_stored},
      {"bytes_per_membership", r.bytes_per_membership},
      {"bytes_per_message", r.bytes_per_message},
      {"heap_bytes_end", r.heap_bytes_end},
      {"presence_events", r.presence_events},
      {"presence_deliveries", r.presence_deliveries},
      {"online_end", r.online_end},
      {"typing_end", r.typing_end},
      {"filter_entries", r.filter_entries},
      {"state_digest", r.state_digest},
      {"refused_slow_mode", r.refused_slow_mode},
      {"refused_flood", r.refused_flood},
      {"operations", std::move(operations)},
  };
  return boost::json::serialize(out) + "\n";
}

}  // namespace banter::sim
