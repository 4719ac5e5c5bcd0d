// What every benchmark program shares: the run mode (sizes), opening a peer
// by name (with its own Redis server), a delivery callback, a clock, and a
// cache that keeps one peer's prepared world alive across the benchmarks
// that use it.
//
// The programs register their benchmarks themselves (RegisterBenchmark in
// main), grouped by peer, so each peer's world is built once, used by all of
// that peer's benchmarks, and freed before the next peer's is built.
//
// Thread-safety: none; Google Benchmark runs these single-threaded.
#ifndef BANTER_BENCH_HARNESS_H_
#define BANTER_BENCH_HARNESS_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "banter_peer.h"
#include "benchmark/benchmark.h"
#include "chat_peer.h"
#include "redis_server.h"

namespace banter::bench {

// --banter_mode=quick runs small sizes (the whole suite in under a minute);
// full (the default) runs the sizes docs/performance.md reports.
enum class Mode { kQuick, kFull };

struct Config {
  Mode mode = Mode::kFull;
  // --banter_peers=banter,handrolled,sqlite,redis (the default: all four;
  // redis only when redis-server is installed).
  std::vector<std::string> peers;
  bool quick() const { return mode == Mode::kQuick; }
  bool Has(const std::string& peer) const;
};

// The largest world a peer is given: a Redis peer is filled through one
// round trip per call (the interface is synchronous), which makes a world of
// millions of memberships take minutes to build, so Redis stops at 100k
// members. Everything else goes to 1M.
int64_t MaxMembersFor(const std::string& peer);

// Reads and removes the --banter_* flags from argv (the rest is Google
// Benchmark's), then initializes Google Benchmark. Exits on a bad flag.
Config Init(int* argc, char** argv);

// Runs the registered benchmarks and shuts Google Benchmark down.
int RunAll();

// A peer and, for Redis, the private server it talks to. The peer is
// destroyed first (members in reverse order), closing its connection before
// the server stops.
struct OpenedPeer {
  std::unique_ptr<RedisServer> server;
  std::unique_ptr<ChatPeer> peer;
  BanterPeer* banter = nullptr;  // the same object when the peer is banter
};

// Opens "banter", "handrolled", "sqlite" or "redis"; aborts if it cannot.
OpenedPeer OpenPeer(const std::string& name);

// A deliver callback for ChatPeer::Send: adds the user id into the uint64_t
// at `ctx`, so delivery does real (if minimal) work per recipient.
void SumDeliver(void* ctx, uint32_t user);

// Engine-style time for sends: each call returns the next millisecond.
class SendClock {
 public:
  int64_t Next() { return ++now_; }
  int64_t now() const { return now_; }
  void Advance(int64_t ms) { now_ += ms; }

 private:
  int64_t now_ = 1'700'000'000'000;
};

// Seconds since `start`.
double SecondsSince(std::chrono::steady_clock::time_point start);

// Keeps the world of one peer at a time. Get(peer) builds it with `build` on
// first use (timing the build) and frees the previous peer's world.
template <typename World>
class WorldCache {
 public:
  using Builder = std::function<std::unique_ptr<World>(const std::string&)>;
  explicit WorldCache(Builder build) : build_(std::move(build)) {}

  World& Get(const std::string& peer) {
    if (world_ == nullptr || peer != peer_) {
      world_.reset();
      const auto start = std::chrono::steady_clock::now();
      world_ = build_(peer);
      setup_seconds_ = SecondsSince(start);
      peer_ = peer;
      std::fprintf(stderr, "[setup] %s world: %.1f s\n", peer.c_str(),
                   setup_seconds_);
    }
    return *world_;
  }
  double setup_seconds() const { return setup_seconds_; }

 private:
  Builder build_;
  std::unique_ptr<World> world_;
  std::string peer_;
  double setup_seconds_ = 0;
};

// Runs `body(k)` for k in [0, batch) under the wall clock and `undo(k)` for
// the same k outside it, once per benchmark iteration. An iteration's time is
// the batch's (manual time: register the benchmark with UseManualTime()); the
// "batch" counter says how many operations that was, and items_per_second is
// operations per second. For operations that change the size they measure at
// (join, ban, ...): the batch keeps the size within `batch` of nominal, and
// the clock is read twice per batch rather than twice per operation.
template <typename Body, typename Undo>
void TimedBatches(benchmark::State& state, int batch, Body&& body,
                  Undo&& undo) {
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    for (int k = 0; k < batch; ++k) body(k);
    const double seconds = SecondsSince(start);
    for (int k = 0; k < batch; ++k) undo(k);
    state.SetIterationTime(seconds);
  }
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["batch"] = batch;
}

}  // namespace banter::bench

#endif  // BANTER_BENCH_HARNESS_H_
