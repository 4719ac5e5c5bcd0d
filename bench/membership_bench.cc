// Membership and moderation at 1e2 .. 1e6 members, on random users: join,
// leave, add, remove, ban, unban, mute with expiry, unmute, membership check,
// and a member-list page (limit 50, at a random cursor).
//
// Each peer's world holds one super_public channel per size s (types capped
// at 100 cannot grow to 1e6), owned by user 1, with users 1..s as members;
// users up to max size + 10% exist, so every channel has a large population
// of outsiders. Nothing here reuses a hot set of users: every iteration
// draws its users at random, the members among 2..s (never the owner), the
// outsiders among s+1 .. the last user, so a peer pays the cache misses of a
// big world, as a server does.
//
// What one iteration measures (TimedBatches): a batch of B = clamp(s/10, 1,
// 100) operations of one kind on B distinct random users, as one Batch call
// (B single calls in every peer but redis_pipelined, which pipelines them).
// Outside the clock, before the batch: draw the users, and for unban and
// unmute put them in the needed state (ban, mute); after it: undo (leave
// after join, join after leave, unban and join after ban, ...). The channel
// stays within B of its nominal size and the world is unchanged afterwards.
// Reported time is per operation (batch time / B). is_member checks one
// scattered member per iteration; member_page reads 50 members after a
// random member.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "harness.h"

namespace banter::bench {
namespace {

struct MembershipWorld {
  OpenedPeer opened;
  std::vector<int64_t> sizes;
  uint32_t last_user = 0;  // users 1..last_user exist
  SendClock clock;
  Rng rng{42};
  ChatPeer& peer() { return *opened.peer; }
  uint32_t channel(int64_t size) const {
    return static_cast<uint32_t>(
               std::find(sizes.begin(), sizes.end(), size) - sizes.begin()) +
           1;
  }
};

int BatchFor(int64_t size) {
  return static_cast<int>(std::clamp<int64_t>(size / 10, 1, 100));
}

std::unique_ptr<MembershipWorld> BuildWorld(const std::string& peer,
                                            const std::vector<int64_t>& sizes) {
  auto w = std::make_unique<MembershipWorld>();
  w->opened = OpenPeer(peer);
  w->sizes = sizes;
  ChatPeer& p = w->opened.loader();
  const int64_t max_size = *std::max_element(sizes.begin(), sizes.end());
  w->last_user = static_cast<uint32_t>(max_size + std::max<int64_t>(max_size / 10, 1'000));
  p.CreateUsers(1, w->last_user);
  for (int64_t size : sizes) {
    const uint32_t c = w->channel(size);
    p.CreateChannel(c, PeerChannelType::kSuperPublic, /*owner=*/1, -1);
    JoinRange(p, c, 2, static_cast<uint32_t>(size));
  }
  return w;
}

enum class Op {
  kJoin,
  kLeave,
  kAdd,
  kRemove,
  kBan,
  kUnban,
  kMute,
  kUnmute,
  kIsMember,
  kMemberPage
};
struct OpName {
  Op op;
  const char* name;
};
constexpr OpName kOps[] = {
    {Op::kJoin, "join"},           {Op::kLeave, "leave"},
    {Op::kAdd, "add"},             {Op::kRemove, "remove"},
    {Op::kBan, "ban"},             {Op::kUnban, "unban"},
    {Op::kMute, "mute"},           {Op::kUnmute, "unmute"},
    {Op::kIsMember, "is_member"},  {Op::kMemberPage, "member_page"},
};

void Fail(const char* what) {
  std::fprintf(stderr, "membership bench: %s refused\n", what);
  std::abort();
}

// How a timed batch of `op` is set up, run and undone.
struct Plan {
  bool outsiders;           // draw non-members (else members)
  MemberOp before;          // applied untimed before the batch, if `has_before`
  bool has_before;
  MemberOp timed;           // the measured operation
  MemberOp after[2];        // applied untimed after the batch, in order
  int after_count;
};

Plan PlanFor(Op op) {
  using M = MemberOp;
  switch (op) {
    case Op::kJoin:
      return {true, M::kJoin, false, M::kJoin, {M::kLeave}, 1};
    case Op::kLeave:
      return {false, M::kJoin, false, M::kLeave, {M::kJoin}, 1};
    case Op::kAdd:
      return {true, M::kJoin, false, M::kAdd, {M::kRemove}, 1};
    case Op::kRemove:
      return {false, M::kJoin, false, M::kRemove, {M::kAdd}, 1};
    case Op::kBan:
      return {false, M::kJoin, false, M::kBan, {M::kUnban, M::kJoin}, 2};
    case Op::kUnban:
      return {false, M::kBan, true, M::kUnban, {M::kJoin}, 1};
    case Op::kMute:
      return {false, M::kJoin, false, M::kMute, {M::kUnmute}, 1};
    case Op::kUnmute:
    default:
      return {false, M::kMute, true, M::kUnmute, {}, 0};
  }
}

void RunOp(benchmark::State& state, WorldCache<MembershipWorld>& cache,
           const std::string& peer, Op op, int64_t size) {
  MembershipWorld& w = cache.Get(peer);
  ChatPeer& p = w.peer();
  const uint32_t c = w.channel(size);
  const int batch = BatchFor(size);
  const int64_t mute_until = w.clock.now() + 10 * 60'000;
  switch (op) {
    case Op::kIsMember: {
      // Members in a scattered order: a multiplicative walk over 1..size.
      uint64_t x = 1;
      int64_t found = 0;
      for (auto _ : state) {
        x = (x * 2654435761u) % static_cast<uint64_t>(size);
        found += p.IsMember(c, static_cast<uint32_t>(x) + 1);
      }
      if (found != state.iterations()) Fail("is_member");
      break;
    }
    case Op::kMemberPage: {
      // Cursors drawn ahead of time (1,024 of them, reused in turn) so the
      // loop times only the page.
      uint32_t out[50];
      std::vector<uint32_t> cursors(1024);
      const auto last_cursor = static_cast<uint32_t>(std::max<int64_t>(1, size - 50));
      for (uint32_t& cursor : cursors) cursor = 1 + w.rng.Below(last_cursor);
      size_t i = 0;
      for (auto _ : state) {
        const size_t n = p.MemberPage(c, cursors[i], 50, out);
        benchmark::DoNotOptimize(out[0]);
        if (n != std::min<size_t>(50, static_cast<size_t>(size - cursors[i]))) {
          Fail("member_page");
        }
        i = (i + 1) % cursors.size();
      }
      break;
    }
    default: {
      const Plan plan = PlanFor(op);
      const uint32_t lo = plan.outsiders ? static_cast<uint32_t>(size) + 1 : 2;
      const uint32_t hi =
          plan.outsiders ? w.last_user : static_cast<uint32_t>(size);
      std::vector<uint32_t> users;
      bool ok[100];
      TimedBatches(
          state, batch,
          [&] {
            w.rng.Distinct(lo, hi, batch, users);
            if (plan.has_before) {
              MustBatch(p, plan.before, c, users, mute_until, "setup");
            }
          },
          [&] { p.Batch(plan.timed, c, users, mute_until, ok); },
          [&] {
            for (int k = 0; k < batch; ++k) {
              if (!ok[k]) Fail("timed operation");
            }
            for (int i = 0; i < plan.after_count; ++i) {
              MustBatch(p, plan.after[i], c, users, mute_until, "undo");
            }
          });
      break;
    }
  }
  state.counters["members"] = static_cast<double>(size);
  state.counters["setup_s"] = cache.setup_seconds();
}

}  // namespace
}  // namespace banter::bench

int main(int argc, char** argv) {
  using namespace banter::bench;
  Config config = Init(&argc, argv);
  std::vector<int64_t> sizes = {100, 1'000, 10'000, 100'000, 1'000'000};
  if (config.quick()) sizes = {100, 10'000};
  const double min_time = config.quick() ? 0.02 : 0.1;

  static std::vector<int64_t> world_sizes;
  world_sizes = sizes;
  static WorldCache<MembershipWorld> cache([](const std::string& peer) {
    std::vector<int64_t> sizes;
    for (int64_t s : world_sizes) {
      if (s <= MaxMembersFor(peer)) sizes.push_back(s);
    }
    return BuildWorld(peer, sizes);
  });

  for (const std::string& peer : config.peers) {
    for (const OpName& op : kOps) {
      for (int64_t size : sizes) {
        if (size > MaxMembersFor(peer)) continue;
        const std::string name = std::string("membership/") + op.name + "/" +
                                 peer + "/" + std::to_string(size);
        const Op o = op.op;
        auto* b = benchmark::RegisterBenchmark(
            name.c_str(),
            [=](benchmark::State& st) { RunOp(st, cache, peer, o, size); });
        b->MinTime(min_time);
        if (o != Op::kIsMember && o != Op::kMemberPage) {
          b->UseManualTime();
        } else {
          b->UseRealTime();
        }
      }
    }
  }
  return RunAll();
}
