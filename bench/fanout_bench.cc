// Fan-out: one message sent to a channel of 2 .. 1M members, per channel type
// and sender, with and without 1% of the members blocking the sender.
//
// Each peer's world holds one channel per (type, size): private and broadcast
// at 2 and 100 members (their cap, spec §3), super_public and super_broadcast
// at every size. Channels of size s hold users 1..s. Per size, one user owns
// the broadcast channels and another is the "member" sender, so the blocks of
// one size's case touch no other size's sender: the blockers of a size-s
// sender are the users u <= s with u % 100 == 50, 1% of that channel.
//
// Blocks are added when the first blocked case runs, so every peer's
// unblocked cases are registered (and therefore run) before its blocked ones.
//
// Reported per case: time per message, recipients per message, and
// items_per_second = recipients per second. "banter" delivers through the
// ChatPeer callback one recipient at a time like the other peers;
// "banter_spans" only counts the spans the engine hands over (what an
// embedder forwarding spans pays); "banter_touch" reads every recipient
// handle in the spans once. "baseline/sum" reads N uint32 handles once: the
// memory-bandwidth floor for touching every recipient.
//
// Worlds are filled through OpenedPeer::loader() (pipelined for Redis).
// "redis_pipelined" fetches the members in the same round trip as the send
// script; "redis" in a second one.
#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"

namespace banter::bench {
namespace {

struct Kind {
  PeerChannelType type;
  const char* name;
};
constexpr Kind kKinds[] = {
    {PeerChannelType::kPrivate, "private"},
    {PeerChannelType::kBroadcast, "broadcast"},
    {PeerChannelType::kSuperPublic, "super_public"},
    {PeerChannelType::kSuperBroadcast, "super_broadcast"},
};

bool IsSuperType(PeerChannelType t) {
  return t == PeerChannelType::kSuperPublic ||
         t == PeerChannelType::kSuperBroadcast;
}

struct Roles {
  uint32_t channel = 0;
  uint32_t owner = 0;   // 0 for types without one here
  uint32_t sender = 0;  // a member who is not the owner
};

struct FanoutWorld {
  OpenedPeer opened;
  std::map<std::pair<int, int64_t>, Roles> channels;  // (type, size)
  std::vector<int64_t> sizes;
  bool blocked = false;  // blocks added (the blocked phase has begun)
  SendClock clock;

  ChatPeer& peer() { return *opened.peer; }

  void AddBlocks() {
    ChatPeer& p = opened.loader();
    std::set<std::pair<uint32_t, uint32_t>> done;
    for (const auto& [key, roles] : channels) {
      const int64_t size = key.second;
      if (size < 100) continue;
      for (uint32_t u = 50; u <= size; u += 100) {
        for (uint32_t target : {roles.owner, roles.sender}) {
          if (target != 0 && done.insert({u, target}).second) {
            p.Block(u, target);
          }
        }
      }
    }
    blocked = true;
  }
};

std::vector<int64_t> SizesFor(PeerChannelType type,
                              const std::vector<int64_t>& sizes) {
  std::vector<int64_t> out;
  for (int64_t s : sizes) {
    if (IsSuperType(type) || s <= 100) out.push_back(s);
  }
  return out;
}

std::unique_ptr<FanoutWorld> BuildWorld(const std::string& peer,
                                        const std::vector<int64_t>& sizes) {
  auto w = std::make_unique<FanoutWorld>();
  w->opened = OpenPeer(peer);
  w->sizes = sizes;
  ChatPeer& p = w->opened.loader();
  const int64_t max_size = *std::max_element(sizes.begin(), sizes.end());
  p.CreateUsers(1, static_cast<uint32_t>(max_size));
  uint32_t next_channel = 1;
  for (const Kind& kind : kKinds) {
    const bool broadcast = IsBroadcast(kind.type);
    for (int64_t size : SizesFor(kind.type, sizes)) {
      const auto index = static_cast<uint32_t>(
          std::find(sizes.begin(), sizes.end(), size) - sizes.begin());
      Roles r;
      r.channel = next_channel++;
      // Size 2 holds users 1 and 2; larger sizes use a pair of their own.
      const uint32_t first = size == 2 ? 1 : 10 + 2 * index;
      r.owner = broadcast ? first : 0;
      r.sender = first + 1;
      p.CreateChannel(r.channel, kind.type, r.owner,
                      IsSuperType(kind.type) ? -1 : 100);
      // Users 1..size but the owner. banter admits to private channels by
      // invitation only (Add).
      const bool add = kind.type == PeerChannelType::kPrivate;
      const auto last = static_cast<uint32_t>(size);
      if (r.owner == 0) {
        JoinRange(p, r.channel, 1, last, add);
      } else {
        if (r.owner > 1) JoinRange(p, r.channel, 1, r.owner - 1, add);
        if (r.owner < last) JoinRange(p, r.channel, r.owner + 1, last, add);
      }
      w->channels[{static_cast<int>(kind.type), size}] = r;
    }
  }
  return w;
}

// How the case hands recipients over (see the file comment).
enum class Via { kCallback, kSpans, kTouch };

void SendCase(benchmark::State& state, WorldCache<FanoutWorld>& cache,
              const std::string& peer, Via via, PeerChannelType type,
              int64_t size, bool owner_sender, bool blocked) {
  FanoutWorld& w = cache.Get(peer);
  if (blocked && !w.blocked) w.AddBlocks();
  if (!blocked && w.blocked) {
    state.SkipWithError("unblocked cases must run before blocked ones");
    return;
  }
  const Roles& r = w.channels.at({static_cast<int>(type), size});
  const uint32_t sender = owner_sender ? r.owner : r.sender;
  uint64_t sum = 0;
  int64_t recipients = 0;
  for (auto _ : state) {
    const int64_t n =
        via == Via::kCallback
            ? w.peer().Send(r.channel, sender, "hello", w.clock.Next(),
                            &SumDeliver, &sum)
            : w.opened.banter->SendSpans(
                  r.channel, sender, "hello", w.clock.Next(),
                  via == Via::kTouch ? BanterPeer::SpanUse::kTouch
                                     : BanterPeer::SpanUse::kCount);
    if (n < 0) {
      state.SkipWithError("send refused");
      return;
    }
    recipients += n;
  }
  benchmark::DoNotOptimize(sum);
  if (w.opened.banter != nullptr) benchmark::DoNotOptimize(w.opened.banter->touched());
  state.SetItemsProcessed(recipients);
  state.counters["recipients"] =
      static_cast<double>(recipients) / static_cast<double>(state.iterations());
  state.counters["members"] = static_cast<double>(size);
  state.counters["setup_s"] = cache.setup_seconds();
}

void SumHandles(benchmark::State& state, int64_t size) {
  std::vector<uint32_t> handles(static_cast<size_t>(size));
  std::iota(handles.begin(), handles.end(), 1u);
  for (auto _ : state) {
    uint64_t sum = 0;
    for (uint32_t h : handles) sum += h;
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations() * size);
  state.counters["members"] = static_cast<double>(size);
}

}  // namespace
}  // namespace banter::bench

int main(int argc, char** argv) {
  using namespace banter::bench;
  Config config = Init(&argc, argv);
  std::vector<int64_t> sizes = {2, 100, 10'000, 100'000, 1'000'000};
  if (config.quick()) sizes = {2, 100, 10'000};
  const double min_time = config.quick() ? 0.02 : 0.1;

  static std::vector<int64_t> world_sizes;
  world_sizes = sizes;
  static WorldCache<FanoutWorld> cache([](const std::string& peer) {
    std::vector<int64_t> sizes;
    for (int64_t s : world_sizes) {
      if (s <= MaxMembersFor(peer)) sizes.push_back(s);
    }
    return BuildWorld(peer, sizes);
  });

  for (int64_t size : sizes) {
    benchmark::RegisterBenchmark(
        ("fanout/baseline/sum/" + std::to_string(size)).c_str(),
        [size](benchmark::State& st) { SumHandles(st, size); })
        ->MinTime(min_time)
        ->UseRealTime();
  }
  for (const std::string& peer : config.peers) {
    std::vector<int64_t> peer_sizes;
    for (int64_t s : sizes) {
      if (s <= MaxMembersFor(peer)) peer_sizes.push_back(s);
    }
    for (bool blocked : {false, true}) {
      for (const Kind& kind : kKinds) {
        std::vector<bool> senders = {false};
        if (IsBroadcast(kind.type)) senders = {true, false};
        for (bool owner_sender : senders) {
          for (int64_t size : SizesFor(kind.type, peer_sizes)) {
            if (blocked && size < 100) continue;
            for (Via via : {Via::kCallback, Via::kSpans, Via::kTouch}) {
              if (via != Via::kCallback && peer != "banter") continue;
              const char* label = via == Via::kCallback ? peer.c_str()
                                  : via == Via::kSpans  ? "banter_spans"
                                                        : "banter_touch";
              const std::string name =
                  std::string("fanout/") + kind.name + "/" +
                  (owner_sender ? "owner" : "member") + "/" +
                  (blocked ? "blocked" : "clean") + "/" + label + "/" +
                  std::to_string(size);
              const PeerChannelType type = kind.type;
              benchmark::RegisterBenchmark(
                  name.c_str(),
                  [=](benchmark::State& st) {
                    SendCase(st, cache, peer, via, type, size, owner_sender,
                             blocked);
                  })
                  ->MinTime(min_time)
                  ->UseRealTime();
            }
          }
        }
      }
    }
  }
  return RunAll();
}
