// Mixed workload, as operations per second.
//
// mixed/simulate/banter runs the `banter simulate` workload (tools/sim) at a
// fixed size: logins, guild and DM messages, a world channel, reactions,
// history pages, reads, joins, leaves, mutes and bans, straight against the
// Engine API. Its mix includes operations the other peers do not have, so
// mixed/peers/<peer> runs the same mix restricted to the ChatPeer operations
// (no logins, reactions or history pages; the weights of the rest are kept)
// over a smaller world, on every peer including banter.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "harness.h"
#include "tools/sim/workload.h"

namespace banter::bench {
namespace {

void Simulate(benchmark::State& state, const sim::WorkloadOptions& options) {
  sim::Report report;
  for (auto _ : state) {
    report = sim::RunWorkload(options, nullptr, nullptr);
    state.SetIterationTime(report.main_seconds);
  }
  const double ops_per_second =
      static_cast<double>(report.main_ops) / report.main_seconds;
  state.counters["ops_per_second"] = ops_per_second;
  state.counters["deliveries_per_second"] =
      static_cast<double>(report.deliveries) / report.main_seconds;
  state.counters["setup_s"] = report.setup_seconds;
  state.counters["users"] = static_cast<double>(options.users);
  state.counters["ops"] = static_cast<double>(report.main_ops);
  state.SetItemsProcessed(report.main_ops);
}

// The ChatPeer version of the simulate mix.
struct MixSizes {
  uint32_t users;
  uint32_t guilds;
  uint32_t guild_size;
  uint32_t dms;
  int64_t ops;
};

struct Guild {
  uint32_t id;
  uint32_t owner;
  std::vector<uint32_t> members;  // owner first
  std::vector<uint32_t> banned;
  std::vector<uint32_t> muted;
};

void Erase(std::vector<uint32_t>& v, uint32_t u) {
  auto it = std::find(v.begin(), v.end(), u);
  if (it != v.end()) {
    *it = v.back();
    v.pop_back();
  }
}

void PeerMix(benchmark::State& state, const std::string& peer_name,
             const MixSizes& z) {
  OpenedPeer opened = OpenPeer(peer_name);
  ChatPeer& p = *opened.peer;
  ChatPeer& setup = opened.loader();  // pipelined for Redis; not measured
  Rng rng(1);
  SendClock clock;
  uint64_t sink = 0;
  const auto setup_start = std::chrono::steady_clock::now();
  setup.CreateUsers(1, z.users);
  const uint32_t world = 1;
  setup.CreateChannel(world, PeerChannelType::kSuperBroadcast, 1, -1);
  JoinRange(setup, world, 2, z.users);
  std::vector<Guild> guilds(z.guilds);
  uint32_t next = 2;
  for (Guild& g : guilds) {
    g.id = next++;
    g.owner = 1 + rng.Below(z.users);
    g.members.push_back(g.owner);
    setup.CreateChannel(g.id, PeerChannelType::kPrivate, g.owner, 100);
    while (g.members.size() < z.guild_size) {
      const uint32_t u = 1 + rng.Below(z.users);
      if (setup.Add(g.id, u)) g.members.push_back(u);
    }
  }
  struct Dm {
    uint32_t id, a, b;
  };
  std::vector<Dm> dms;
  for (uint32_t d = 0; d < z.dms; ++d) {
    const uint32_t a = 1 + rng.Below(z.users);
    uint32_t b = 1 + rng.Below(z.users);
    if (b == a) b = a % z.users + 1;
    const uint32_t id = next++;
    setup.CreateChannel(id, PeerChannelType::kPrivate, a, 100);
    setup.Add(id, b);
    dms.push_back({id, a, b});
  }
  const double setup_seconds = SecondsSince(setup_start);

  // The simulate weights (tools/sim/workload.cc) without logins, reactions
  // and history pages.
  enum Kind {
    kSendGuild, kSendDm, kWorldOwner, kWorldMember, kMarkRead, kUnread,
    kJoin, kLeave, kMute, kUnmute, kBan, kUnban
  };
  struct Weighted {
    Kind kind;
    uint32_t weight;
  };
  static constexpr Weighted kMix[] = {
      {kSendGuild, 380}, {kSendDm, 180}, {kWorldOwner, 2}, {kWorldMember, 30},
      {kMarkRead, 110},  {kUnread, 70},  {kJoin, 30},      {kLeave, 25},
      {kMute, 8},        {kUnmute, 5},   {kBan, 5},        {kUnban, 5},
  };
  uint32_t total_weight = 0;
  for (const Weighted& w : kMix) total_weight += w.weight;

  int64_t refused = 0;
  double seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < z.ops; ++i) {
      uint32_t pick = rng.Below(total_weight);
      Kind kind = kMix[0].kind;
      for (const Weighted& w : kMix) {
        if (pick < w.weight) {
          kind = w.kind;
          break;
        }
        pick -= w.weight;
      }
      Guild& g = guilds[rng.Below(z.guilds)];
      const uint32_t member =
          g.members[rng.Below(static_cast<uint32_t>(g.members.size()))];
      bool ok = true;
      switch (kind) {
        case kSendGuild:
          ok = p.Send(g.id, member, "gg", clock.Next(), &SumDeliver, &sink) >= 0;
          break;
        case kSendDm: {
          const Dm& d = dms[rng.Below(z.dms)];
          ok = p.Send(d.id, rng.Below(2) ? d.a : d.b, "lfg", clock.Next(),
                      &SumDeliver, &sink) >= 0;
          break;
        }
        case kWorldOwner:
          ok = p.Send(world, 1, "server restart in 10 minutes", clock.Next(),
                      &SumDeliver, &sink) >= 0;
          break;
        case kWorldMember:
          ok = p.Send(world, 2 + rng.Below(z.users - 1), "when is the event?",
                      clock.Next(), &SumDeliver, &sink) >= 0;
          break;
        case kMarkRead:
          p.MarkRead(g.id, member);
          break;
        case kUnread:
          ok = p.TotalUnread(1 + rng.Below(z.users)) >= 0;
          break;
        case kJoin: {
          if (g.members.size() >= 100) break;
          const uint32_t u = 1 + rng.Below(z.users);
          if (std::find(g.members.begin(), g.members.end(), u) !=
              g.members.end()) {
            break;
          }
          ok = p.Add(g.id, u);
          if (ok) g.members.push_back(u);
          break;
        }
        case kLeave:
          if (g.members.size() <= 2 || member == g.owner) break;
          ok = p.Leave(g.id, member);
          if (ok) {
            Erase(g.members, member);
            Erase(g.muted, member);
          }
          break;
        case kMute:
          if (member == g.owner) break;
          ok = p.Mute(g.id, member,
                      clock.now() + (1 + rng.Below(10)) * 60'000LL);
          if (ok) g.muted.push_back(member);
          break;
        case kUnmute:
          if (g.muted.empty()) break;
          ok = p.Unmute(g.id, g.muted.back());
          g.muted.pop_back();
          break;
        case kBan:
          if (g.members.size() <= 2 || member == g.owner) break;
          ok = p.Ban(g.id, member);
          if (ok) {
            Erase(g.members, member);
            Erase(g.muted, member);
            g.banned.push_back(member);
          }
          break;
        case kUnban:
          if (g.banned.empty()) break;
          ok = p.Unban(g.id, g.banned.back());
          g.banned.pop_back();
          break;
      }
      if (!ok) ++refused;
    }
    seconds = SecondsSince(start);
    state.SetIterationTime(seconds);
  }
  benchmark::DoNotOptimize(sink);
  state.counters["ops_per_second"] = static_cast<double>(z.ops) / seconds;
  state.counters["refused"] = static_cast<double>(refused);
  state.counters["setup_s"] = setup_seconds;
  state.counters["users"] = z.users;
  state.counters["ops"] = static_cast<double>(z.ops);
  state.SetItemsProcessed(z.ops);
}

}  // namespace
}  // namespace banter::bench

int main(int argc, char** argv) {
  using namespace banter::bench;
  Config config = Init(&argc, argv);
  static banter::sim::WorkloadOptions sim_options;
  sim_options.users = 100'000;
  sim_options.guilds = 2'000;
  sim_options.dm_pairs = 20'000;
  sim_options.ops = 2'000'000;
  static MixSizes mix = {20'000, 500, 40, 5'000, 100'000};
  if (config.quick()) {
    sim_options.users = 10'000;
    sim_options.guilds = 200;
    sim_options.dm_pairs = 2'000;
    sim_options.ops = 100'000;
    mix = {2'000, 100, 40, 500, 5'000};
  }
  if (config.Has("banter")) {
    benchmark::RegisterBenchmark(
        ("mixed/simulate/banter/" + std::to_string(sim_options.users)).c_str(),
        [](benchmark::State& st) { Simulate(st, sim_options); })
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  for (const std::string& peer : config.peers) {
    benchmark::RegisterBenchmark(
        ("mixed/peers/" + peer + "/" + std::to_string(mix.users)).c_str(),
        [peer](benchmark::State& st) { PeerMix(st, peer, mix); })
        ->Iterations(1)
        ->UseManualTime()
        ->Unit(benchmark::kMillisecond);
  }
  return RunAll();
}
