// Memory: bytes per user, per channel, per membership (both directions) and
// per stored message (text excluded), measured, not estimated.
//
// banter and the hand-rolled peer are measured by counting the allocator's
// bytes (this program links tools/sim/alloc_counter.cc, which replaces the
// global operator new and adds up malloc_usable_size). SQLite reports
// sqlite3_memory_used() and Redis its INFO used_memory; both are read before
// and after. Each figure is (bytes after - bytes before) / items.
//
// Memberships are measured in two shapes: one channel with every member (the
// "world" shape, where the channel side dominates) and channels of 100 whose
// members each belong to 10 of them (the "guild" shape, where the user side
// counts as much). Messages carry the text "hello", which banter and the
// hand-rolled peer keep inside the std::string object; for SQLite and Redis,
// which store it out of line, its 5 bytes are subtracted.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "harness.h"
#include "tools/sim/alloc_counter.h"

namespace banter::bench {
namespace {

struct Sizes {
  uint32_t users;
  uint32_t channels;
  uint32_t world_members;
  uint32_t guilds;  // of 100 members, drawn from world_members / 10 users
  uint32_t messages;  // in channels of 2, at most 10,000 per channel
};

enum class What { kUser, kChannel, kMembershipWorld, kMembershipGuild, kMessage };

int64_t Bytes(OpenedPeer& opened, const std::string& peer) {
  if (peer == "banter" || peer == "handrolled") return sim::LiveHeapBytes();
  return opened.peer->BytesUsed();
}

void Measure(benchmark::State& state, const std::string& peer, What what,
             const Sizes& z) {
  double per_item = 0;
  int64_t items = 0;
  for (auto _ : state) {
    OpenedPeer opened = OpenPeer(peer);
    // For Redis the pipelined setup client (the bytes are the server's).
    ChatPeer& p = opened.loader();
    SendClock clock;
    uint64_t sink = 0;
    // Users needed by the membership and message shapes, created untimed.
    uint32_t users = 0;
    switch (what) {
      case What::kUser:
        break;
      case What::kChannel:
        break;
      case What::kMembershipWorld:
        users = z.world_members;
        break;
      case What::kMembershipGuild:
        users = z.world_members / 10;
        break;
      case What::kMessage:
        users = 2;
        break;
    }
    if (opened.banter != nullptr) {
      opened.banter->Reserve(std::max(users, z.users) + 1,
                             std::max(z.channels, z.guilds) + 1);
    }
    if (users > 0) p.CreateUsers(1, users);
    const uint32_t channels = what == What::kMessage
                                  ? (z.messages + 9'999) / 10'000
                                  : (what == What::kMembershipGuild ? z.guilds : 1);
    if (what != What::kUser && what != What::kChannel) {
      for (uint32_t c = 1; c <= channels; ++c) {
        p.CreateChannel(c, PeerChannelType::kSuperPublic, 0, -1);
      }
    }
    if (what == What::kMessage) {
      for (uint32_t c = 1; c <= channels; ++c) {
        p.Join(c, 1);
        p.Join(c, 2);
      }
    }

    const int64_t before = Bytes(opened, peer);
    switch (what) {
      case What::kUser:
        items = z.users;
        for (uint32_t u = 1; u <= z.users; ++u) p.CreateUser(u);
        break;
      case What::kChannel:
        items = z.channels;
        for (uint32_t c = 1; c <= z.channels; ++c) {
          p.CreateChannel(c, PeerChannelType::kSuperPublic, 0, -1);
        }
        break;
      case What::kMembershipWorld:
        items = z.world_members;
        JoinRange(p, 1, 1, z.world_members);  // through Batch, in chunks
        break;
      case What::kMembershipGuild: {
        // Guild g holds 100 consecutive users (mod the pool), so each user
        // lands in guilds * 100 / users channels.
        items = int64_t{z.guilds} * 100;
        std::vector<uint32_t> guild;
        guild.reserve(100);
        uint32_t next = 0;
        for (uint32_t c = 1; c <= z.guilds; ++c) {
          guild.clear();
          for (int i = 0; i < 100; ++i) {
            guild.push_back(1 + next);
            next = (next + 1) % users;
          }
          MustBatch(p, MemberOp::kJoin, c, guild, 0, "join");
        }
        break;
      }
      case What::kMessage:
        items = z.messages;
        for (uint32_t i = 0; i < z.messages; ++i) {
          p.Send(1 + i / 10'000, 1 + i % 2, "hello", clock.Next(), &SumDeliver,
                 &sink);
        }
        break;
    }
    int64_t bytes = Bytes(opened, peer) - before;
    if (what == What::kMessage && (peer == "sqlite" || peer == "redis")) {
      bytes -= 5 * items;
    }
    per_item = static_cast<double>(bytes) / static_cast<double>(items);
    state.SetIterationTime(1);
  }
  state.counters["bytes_per_item"] = per_item;
  state.counters["items"] = static_cast<double>(items);
}

}  // namespace
}  // namespace banter::bench

int main(int argc, char** argv) {
  using namespace banter::bench;
  banter::sim::EnableAllocationCounting();  // before anything is measured
  Config config = Init(&argc, argv);
  Sizes full = {100'000, 10'000, 1'000'000, 10'000, 100'000};
  if (config.quick()) full = {10'000, 1'000, 100'000, 1'000, 20'000};
  struct Case {
    What what;
    const char* name;
  };
  constexpr Case kCases[] = {
      {What::kUser, "user"},
      {What::kChannel, "channel"},
      {What::kMembershipWorld, "membership_world"},
      {What::kMembershipGuild, "membership_guild"},
      {What::kMessage, "message"},
  };
  for (const std::string& peer : config.peers) {
    // redis_pipelined stores exactly what redis stores.
    if (peer == "redis_pipelined") continue;
    // Redis memberships stop at 100k: bytes per membership hardly change
    // with scale, and a million-member Redis world costs a minute here.
    Sizes sizes = full;
    const auto cap = static_cast<uint32_t>(peer == "redis" ? 100'000 : 1'000'000);
    if (sizes.world_members > cap) {
      sizes.guilds = sizes.guilds * cap / sizes.world_members;
      sizes.world_members = cap;
    }
    for (const Case& c : kCases) {
      const What what = c.what;
      benchmark::RegisterBenchmark(
          ("memory/" + std::string(c.name) + "/" + peer).c_str(),
          [peer, what, sizes](benchmark::State& st) {
            Measure(st, peer, what, sizes);
          })
          ->Iterations(1)
          ->UseManualTime();
    }
  }
  return RunAll();
}
