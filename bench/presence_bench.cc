// Presence and typing (banter/presence.h, docs/presence.md): what a keystroke
// costs, in small channels and in a 1M-member super channel, and what going
// online costs for a user in many guilds.
//
//   BM_TypingKeystroke/<type>/<members>  StartTyping while already typing
//                                        (the renewal every keystroke sends)
//   BM_TypingStartStop/<type>/<members>  start then stop: two changes of
//                                        state, each delivered to the online
//                                        members (recipients/s counted)
//   BM_ConnectDisconnect/<guilds>        a user in N guilds of 40 members,
//                                        half of them online, goes online
//                                        and offline
// Types: 0 = public (at most 100 members), 1 = super_public. Every member is
// online, so non-super channels deliver to all of them. Random typers (cold),
// not the same one every iteration.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "banter/presence.h"

namespace banter {
namespace {

constexpr Millis kStart = 1'700'000'000'000;

// Counts deliveries without looking at them, like a transport would hand
// them to sockets.
class CountingSink : public PresenceSink {
 public:
  void OnPresence(const PresenceEvent& e) override {
    ++events;
    recipients += e.recipients.size();
  }
  int64_t events = 0;
  int64_t recipients = 0;
};

// One engine with one channel of `members` members, all connected.
struct World {
  World(ChannelType type, int members) {
    EngineOptions o;
    o.seed = 1;
    o.password_cost = 4;
    engine = std::make_unique<Engine>(o);
    users.reserve(members);
    for (int i = 0; i < members; ++i) {
      CreateUserRequest r;
      r.user_id = "u" + std::to_string(i);
      users.push_back(engine->CreateUser(Actor::Admin(), r, kStart)->user);
    }
    CreateChannelRequest c;
    c.channel_id = "c";
    c.type = type;
    c.owner = users[0];
    if (!IsSuper(type)) {
      c.members.assign(users.begin() + 1, users.end());
    }
    channel = *engine->CreateChannel(Actor::Admin(), c, kStart);
    if (IsSuper(type)) {
      for (size_t i = 1; i < users.size(); ++i) {
        (void)engine->Join(Actor::Admin(), JoinRequest{channel, users[i], {}},
                           kStart);
      }
    }
    presence = std::make_unique<Presence>(*engine, PresenceOptions{&sink});
    for (UserId u : users) (void)presence->Connect(u, kStart);
    sink.events = sink.recipients = 0;
  }
  CountingSink sink;
  std::unique_ptr<Engine> engine;
  std::unique_ptr<Presence> presence;
  std::vector<UserId> users;
  ChannelId channel;
};

// Worlds are built once per (type, size): the 1M-member one takes seconds.
World& WorldOf(ChannelType type, int members) {
  static std::map<std::pair<int, int>, std::unique_ptr<World>> worlds;
  auto& w = worlds[{static_cast<int>(type), members}];
  if (!w) w = std::make_unique<World>(type, members);
  return *w;
}

ChannelType TypeOf(int64_t arg) {
  return arg == 0 ? ChannelType::kPublic : ChannelType::kSuperPublic;
}

void BM_TypingKeystroke(benchmark::State& state) {
  World& w = WorldOf(TypeOf(state.range(0)), static_cast<int>(state.range(1)));
  std::mt19937_64 rng(7);
  // 1,000 users typing at once, each renewing its indicator in turn.
  const size_t typers = std::min<size_t>(1'000, w.users.size());
  std::vector<UserId> who(typers);
  for (UserId& u : who) u = w.users[rng() % w.users.size()];
  Millis now = w.presence->now() + 1;
  for (UserId u : who) (void)w.presence->StartTyping(u, w.channel, now);
  const int64_t before = w.sink.recipients;
  size_t i = 0;
  for (auto _ : state) {
    // 1 ms per keystroke: 1,000 typers renew well within the 5 s timeout.
    benchmark::DoNotOptimize(
        w.presence->StartTyping(who[i], w.channel, ++now));
    if (++i == who.size()) i = 0;
  }
  state.counters["recipients_per_keystroke"] = benchmark::Counter(
      static_cast<double>(w.sink.recipients - before) /
      static_cast<double>(state.iterations()));
  for (UserId u : who) (void)w.presence->StopTyping(u, w.channel, now);
}
BENCHMARK(BM_TypingKeystroke)
    ->ArgNames({"super", "members"})
    ->Args({0, 2})->Args({0, 100})
    ->Args({1, 1'000})->Args({1, 100'000})->Args({1, 1'000'000});

void BM_TypingStartStop(benchmark::State& state) {
  World& w = WorldOf(TypeOf(state.range(0)), static_cast<int>(state.range(1)));
  std::mt19937_64 rng(11);
  Millis now = w.presence->now() + 1;
  const int64_t before = w.sink.recipients;
  for (auto _ : state) {
    const UserId u = w.users[rng() % w.users.size()];
    benchmark::DoNotOptimize(w.presence->StartTyping(u, w.channel, now));
    benchmark::DoNotOptimize(w.presence->StopTyping(u, w.channel, now));
  }
  state.counters["recipients_per_change"] = benchmark::Counter(
      static_cast<double>(w.sink.recipients - before) /
      (2.0 * static_cast<double>(state.iterations())));
  state.counters["recipients"] = benchmark::Counter(
      static_cast<double>(w.sink.recipients - before),
      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TypingStartStop)
    ->ArgNames({"super", "members"})
    ->Args({0, 2})->Args({0, 10})->Args({0, 100})
    ->Args({1, 1'000})->Args({1, 100'000})->Args({1, 1'000'000});

void BM_ConnectDisconnect(benchmark::State& state) {
  const int guilds = static_cast<int>(state.range(0));
  EngineOptions o;
  o.seed = 1;
  Engine engine(o);
  CountingSink sink;
  Presence presence(engine, PresenceOptions{&sink});
  std::mt19937_64 rng(3);
  std::vector<UserId> users;
  const int population = 2'000;
  for (int i = 0; i < population; ++i) {
    CreateUserRequest r;
    r.user_id = "u" + std::to_string(i);
    users.push_back(engine.CreateUser(Actor::Admin(), r, kStart)->user);
  }
  // The subject is in every guild; each guild has 39 random others.
  const UserId subject = users[0];
  for (int g = 0; g < guilds; ++g) {
    CreateChannelRequest c;
    c.channel_id = "g" + std::to_string(g);
    c.type = ChannelType::kPublic;
    c.owner = subject;
    while (c.members.size() < 39) {
      const UserId u = users[1 + rng() % (population - 1)];
      if (std::find(c.members.begin(), c.members.end(), u) == c.members.end()) {
        c.members.push_back(u);
      }
    }
    (void)engine.CreateChannel(Actor::Admin(), c, kStart);
  }
  for (int i = 1; i < population; i += 2) (void)presence.Connect(users[i], kStart);
  const int64_t before = sink.recipients;
  Millis now = kStart;
  for (auto _ : state) {
    benchmark::DoNotOptimize(presence.Connect(subject, ++now));
    benchmark::DoNotOptimize(presence.Disconnect(subject, now));
  }
  state.counters["recipients_per_change"] = benchmark::Counter(
      static_cast<double>(sink.recipients - before) /
      (2.0 * static_cast<double>(state.iterations())));
}
BENCHMARK(BM_ConnectDisconnect)->ArgName("guilds")->Arg(1)->Arg(10)->Arg(50);

}  // namespace
}  // namespace banter

BENCHMARK_MAIN();
