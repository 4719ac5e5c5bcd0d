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
  // --banter_peers=banter,handrolled,sqlite,redis,redis_pipelined (the
  // default: all five; the Redis peers only when redis-server is installed).
  std::vector<std::string> peers;
  bool quick() const { return mode == Mode::kQuick; }
  bool Has(const std::string& peer) const;
};

// The largest channel a peer is given. Every peer goes to 1M: the Redis
// worlds are filled through a pipelined client (OpenedPeer::loader), so a
// million memberships take seconds to build, not minutes.
int64_t MaxMembersFor(const std::string& peer);

// Reads and removes the --banter_* flags from argv (the rest is Google
// Benchmark's), then initializes Google Benchmark. Exits on a bad flag.
Config Init(int* argc, char** argv);

// Runs the registered benchmarks and shuts Google Benchmark down.
int RunAll();

// A peer and, for Redis, the private server it talks to. The peers are
// destroyed first (members in reverse order), closing their connections
// before the server stops.
struct OpenedPeer {
  std::unique_ptr<RedisServer> server;
  std::unique_ptr<ChatPeer> peer;
  // For "redis", a pipelined client of the same server: world builders fill
  // the world through loader() (setup is not what the benchmark measures),
  // and the benchmark measures `peer`.
  std::unique_ptr<ChatPeer> setup_client;
  BanterPeer* banter = nullptr;  // the same object when the peer is banter

  ChatPeer& loader() { return setup_client ? *setup_client : *peer; }
};

// Opens "banter", "handrolled", "sqlite", "redis" or "redis_pipelined";
// aborts if it cannot. `banter_options` configure the banter engine.
OpenedPeer OpenPeer(const std::string& name,
                    EngineOptions banter_options = BanterPeer::DefaultOptions());

// Puts users first..last into `channel` through Batch (kAdd if `add`, else
// kJoin), in chunks; aborts if any is refused.
void JoinRange(ChatPeer& peer, uint32_t channel, uint32_t first, uint32_t last,
               bool add = false);

// Runs `op` through Batch and aborts, naming `what`, if any call refuses.
void MustBatch(ChatPeer& peer, MemberOp op, uint32_t channel,
               const std::vector<uint32_t>& users, int64_t expires_at_ms,
               const char* what);

// A small deterministic generator (64-bit LCG) for picking random users.
class Rng {
 public:
  explicit Rng(uint64_t seed) : x_(seed) {}
  // Uniform enough in [0, n) for n far below 2^31.
  uint32_t Below(uint32_t n) {
    x_ = x_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>((x_ >> 33) % n);
  }
  // `count` distinct values in [lo, hi], appended to `out` (cleared first).
  // Requires: count <= hi - lo + 1, and count small (quadratic).
  void Distinct(uint32_t lo, uint32_t hi, int count,
                std::vector<uint32_t>& out) {
    out.clear();
    while (static_cast<int>(out.size()) < count) {
      const uint32_t v = lo + Below(hi - lo + 1);
      bool seen = false;
      for (uint32_t o : out) seen |= o == v;
      if (!seen) out.push_back(v);
    }
  }

 private:
  uint64_t x_;
};

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

// One benchmark iteration per pass: `prepare()` outside the clock (pick the
// users, put the world in the state the operation needs), then `body()`,
// which performs `batch` operations, under the wall clock, then `undo()`
// outside it (restore the world). An iteration's time is the body's (manual
// time: register the benchmark with UseManualTime()); the "batch" counter
// says how many operations that was, and items_per_second is operations per
// second. For operations that change the size they measure at (join, ban,
// ...): the batch keeps the size within `batch` of nominal, and the clock is
// read twice per batch rather than twice per operation.
template <typename Prepare, typename Body, typename Undo>
void TimedBatches(benchmark::State& state, int batch, Prepare&& prepare,
                  Body&& body, Undo&& undo) {
  for (auto _ : state) {
    prepare();
    const auto start = std::chrono::steady_clock::now();
    body();
    const double seconds = SecondsSince(start);
    undo();
    state.SetIterationTime(seconds);
  }
  state.SetItemsProcessed(state.iterations() * batch);
  state.counters["batch"] = batch;
}

}  // namespace banter::bench

#endif  // BANTER_BENCH_HARNESS_H_
