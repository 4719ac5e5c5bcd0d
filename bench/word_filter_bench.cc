// The word filter (docs/word-filter.md): cost per message against the size of
// the list, which the Aho-Corasick automaton should make flat.
//
//   BM_FilterScan/<patterns>     one 64-byte chat line through the automaton
//                                (clean: the common case), bytes/s counted
//   BM_FilterMask/<patterns>     a line with two listed words, masked
//   BM_SendFiltered/<patterns>   SendMessage into a 40-member guild with the
//                                filter on (mask), against BM_SendFiltered/0
//                                (no filter): the filter's share of a send
//   BM_SetWordFilter/<patterns>  replacing the whole list: validate, sort,
//                                build the automaton (admin path)
// Lists are seeded random words of 4..10 letters, a fifth of them with a
// leading or trailing '*'; texts are drawn from words not in any list.
#include <benchmark/benchmark.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "engine/filter/word_filter.h"

namespace banter {
namespace {

constexpr Millis kStart = 1'700'000'000'000;

std::vector<std::string> Patterns(int n) {
  std::mt19937_64 rng(42);
  std::vector<std::string> out;
  out.reserve(n);
  for (int i = 0; i < n; ++i) {
    std::string w;
    const int len = 4 + static_cast<int>(rng() % 7);
    for (int k = 0; k < len; ++k) w.push_back(static_cast<char>('a' + rng() % 26));
    switch (rng() % 10) {
      case 0: w = "*" + w; break;
      case 1: w += "*"; break;
      default: break;
    }
    out.push_back(std::move(w));
  }
  return out;
}

// Everyday chat: short common words, none of them a random list entry
// (a random 4..10-letter word is almost never one of these).
const char* const kLines[] = {
    "anyone up for a raid tonight? meet at the north gate in five",
    "gg wp everyone, that last round was close, rematch in ten min",
    "lfg dungeon run, need one healer and a tank, dm me if free ok",
    "brb getting food, keep my spot in the queue please thanks all",
};

internal::WordFilter FilterOf(int n) {
  internal::WordFilter f;
  WordFilterRequest r;
  r.words = Patterns(n);
  return *f.Updated(r);
}

void BM_FilterScan(benchmark::State& state) {
  const internal::WordFilter f = FilterOf(static_cast<int>(state.range(0)));
  std::string masked;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string_view line = kLines[i++ & 3];
    bytes += line.size();
    benchmark::DoNotOptimize(f.CheckText(line, &masked));
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["states"] =
      static_cast<double>(f.matcher().state_count());
  state.counters["automaton_MiB"] =
      static_cast<double>(f.matcher().MemoryBytes()) / (1 << 20);
}
BENCHMARK(BM_FilterScan)->ArgName("patterns")->Arg(10)->Arg(1'000)->Arg(100'000);

void BM_FilterMask(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const std::vector<std::string> words = Patterns(n);
  const internal::WordFilter f = FilterOf(n);
  // Two entries of the list (stars dropped) inside an ordinary line.
  auto bare = [](std::string w) {
    if (w.front() == '*') w.erase(0, 1);
    if (w.back() == '*') w.pop_back();
    return w;
  };
  const std::string line = "hey " + bare(words[n / 3]) + " stop that, " +
                           bare(words[n / 2]) + " is not ok in here";
  std::string masked;
  for (auto _ : state) {
    benchmark::DoNotOptimize(f.CheckText(line, &masked));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * line.size()));
}
BENCHMARK(BM_FilterMask)->ArgName("patterns")->Arg(10)->Arg(1'000)->Arg(100'000);

void BM_SendFiltered(benchmark::State& state) {
  EngineOptions o;
  o.seed = 1;
  o.history_cap.fill(1'000);
  Engine engine(o);
  std::vector<UserId> users;
  for (int i = 0; i < 40; ++i) {
    CreateUserRequest r;
    r.user_id = "u" + std::to_string(i);
    users.push_back(engine.CreateUser(Actor::Admin(), r, kStart)->user);
  }
  CreateChannelRequest c;
  c.channel_id = "guild";
  c.type = ChannelType::kPublic;
  c.owner = users[0];
  c.members.assign(users.begin() + 1, users.end());
  const ChannelId guild = *engine.CreateChannel(Actor::Admin(), c, kStart);
  if (state.range(0) > 0) {
    WordFilterRequest r;
    r.words = Patterns(static_cast<int>(state.range(0)));
    (void)engine.SetWordFilter(Actor::Admin(), r, kStart);
  }
  SendMessageRequest m;
  m.channel = guild;
  size_t i = 0;
  Millis now = kStart;
  for (auto _ : state) {
    m.text = kLines[i & 3];
    benchmark::DoNotOptimize(
        engine.SendMessage(Actor::User(users[i % users.size()]), m, ++now));
    ++i;
  }
}
BENCHMARK(BM_SendFiltered)->ArgName("patterns")->Arg(0)->Arg(10)->Arg(1'000)->Arg(100'000);

void BM_SetWordFilter(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  WordFilterRequest r;
  r.words = Patterns(n);
  WordFilterRequest empty;
  empty.words = std::vector<std::string>();
  Engine engine;
  Millis now = kStart;
  for (auto _ : state) {
    benchmark::DoNotOptimize(engine.SetWordFilter(Actor::Admin(), r, ++now));
    state.PauseTiming();
    (void)engine.SetWordFilter(Actor::Admin(), empty, ++now);
    state.ResumeTiming();
  }
}
BENCHMARK(BM_SetWordFilter)
    ->ArgName("patterns")->Arg(10)->Arg(1'000)->Arg(100'000)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace banter

BENCHMARK_MAIN();
