// EngineThread throughput: N producer threads submit sends into 8 guild
// channels of 50 members; one engine thread runs them. Compared with the
// same sends made directly on a bare Engine from one thread (no queue, no
// futures), which is the ceiling the wrapper's overhead is measured against.
//
//   build/release/bench/banter_threaded_bench
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "banter/threaded/engine_thread.h"
#include "benchmark/benchmark.h"

namespace banter {
namespace {

constexpr Millis kStart = 1'700'000'000'000;
constexpr int kGuilds = 8;
constexpr int kGuildSize = 50;

EngineOptions Options() {
  EngineOptions o;
  o.password_cost = 4;
  return o;
}

// Users u0..u399 and 8 public guilds of 50; returns the guilds and members.
template <typename Run>
std::vector<std::pair<ChannelId, std::vector<UserId>>> Build(Run&& run) {
  std::vector<std::pair<ChannelId, std::vector<UserId>>> guilds;
  for (int g = 0; g < kGuilds; ++g) {
    std::vector<UserId> members;
    for (int i = 0; i < kGuildSize; ++i) {
      const std::string id = "u" + std::to_string(g * kGuildSize + i);
      members.push_back(
          run(Actor::Admin(), Command(cmd::CreateUser{{.user_id = id}, ""}))
              .user);
    }
    CreateChannelRequest c{.channel_id = "g" + std::to_string(g),
                           .type = ChannelType::kPublic};
    c.owner = members[0];
    c.members.assign(members.begin() + 1, members.end());
    guilds.emplace_back(
        run(Actor::Admin(), Command(cmd::CreateChannel{c})).channel, members);
  }
  return guilds;
}

void BM_EngineThreadProducers(benchmark::State& state) {
  const int producers = static_cast<int>(state.range(0));
  constexpr int kPerProducer = 20'000;
  int64_t total = 0;
  for (auto _ : state) {
    threaded::EngineThread chat(Options());
    std::atomic<int64_t> delivered{0};
    chat.OnRawEvents([&](const Event& e) { delivered += e.recipients.count(); });
    auto guilds = Build([&](const Actor& a, Command c) {
      return *chat.Submit(a, std::move(c), kStart).get();
    });
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
      threads.emplace_back([&, p] {
        std::vector<std::future<absl::StatusOr<CommandResult>>> pending;
        pending.reserve(kPerProducer);
        for (int i = 0; i < kPerProducer; ++i) {
          const auto& [channel, members] = guilds[(p + i) % kGuilds];
          SendMessageRequest r{.channel = channel, .text = "gg"};
          pending.push_back(chat.Submit(Actor::User(members[(p * 7 + i) % kGuildSize]),
                                        cmd::SendMessage{r}, kStart + 1 + i));
        }
        for (auto& f : pending) benchmark::DoNotOptimize(f.get());
      });
    }
    for (auto& t : threads) t.join();
    total += static_cast<int64_t>(producers) * kPerProducer;
    benchmark::DoNotOptimize(delivered.load());
  }
  state.SetItemsProcessed(total);
  state.counters["producers"] = producers;
}
BENCHMARK(BM_EngineThreadProducers)->Arg(1)->Arg(2)->Arg(8)->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// The ceiling: the same sends on a bare engine from one thread.
void BM_BareEngineOneThread(benchmark::State& state) {
  constexpr int kSends = 160'000;
  int64_t total = 0;
  for (auto _ : state) {
    int64_t delivered = 0;
    struct Count : EventSink {
      int64_t* n;
      void OnEvent(const Event& e) override { *n += e.recipients.count(); }
    } sink;
    sink.n = &delivered;
    EngineOptions o = Options();
    o.sink = &sink;
    Engine engine(o);
    auto guilds = Build([&](const Actor& a, Command c) {
      return *engine.Execute(a, c, kStart);
    });
    for (int i = 0; i < kSends; ++i) {
      const auto& [channel, members] = guilds[i % kGuilds];
      SendMessageRequest r{.channel = channel, .text = "gg"};
      benchmark::DoNotOptimize(engine.SendMessage(
          Actor::User(members[(i * 7) % kGuildSize]), r, kStart + 1 + i));
    }
    total += kSends;
    benchmark::DoNotOptimize(delivered);
  }
  state.SetItemsProcessed(total);
}
BENCHMARK(BM_BareEngineOneThread)->UseRealTime()->Unit(benchmark::kMillisecond);

// One CreateUser with a password at bcrypt cost 10, as the engine sees it:
// "Inline" hashes inside Execute (the typed method's convenience path, and
// every call before the command path); "Prepared" is the Execute of a
// command Prepare already hashed, which is all an engine thread or a lock
// holder pays with EngineThread or Engine::Prepare.
void BM_CreateUserWithPassword(benchmark::State& state) {
  const bool prepared = state.range(0) == 1;
  EngineOptions o;
  o.password_cost = 10;
  Engine engine(o);
  int i = 0;
  for (auto _ : state) {
    Command c = cmd::CreateUser{
        {.user_id = "p" + std::to_string(i++), .password = "hunter2"}, ""};
    if (prepared) {
      state.PauseTiming();
      engine.Prepare(c);
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(engine.Execute(Actor::Admin(), c, kStart));
  }
  state.SetLabel(prepared ? "prepared (engine time)" : "inline (hash in call)");
}
BENCHMARK(BM_CreateUserWithPassword)->Arg(0)->Arg(1)->Iterations(20)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace banter

BENCHMARK_MAIN();
