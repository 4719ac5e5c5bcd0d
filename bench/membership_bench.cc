// Membership and moderation at 1e2 .. 1e6 members: join, leave, add, remove,
// ban, unban, mute with expiry, unmute, membership check, and a member-list
// page (limit 50, cursor in the middle of the list).
//
// Each peer's world holds one super_public channel per size (types capped at
// 100 cannot grow to 1e6), owned by user 1, with users 1..s as members, plus
// a pool of users who belong to nothing. Operations that change the size run
// in batches (TimedBatches): the batch is timed, then undone untimed (a join
// batch is followed by leaves of the same users), so the channel stays within
// a batch of its nominal size and the world is unchanged afterwards.
// Sizes stop at MaxMembersFor(peer) (100k for Redis).
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
  uint32_t pool_first = 0;  // users pool_first .. pool_first + kPool - 1
  SendClock clock;
  ChatPeer& peer() { return *opened.peer; }
  uint32_t channel(int64_t size) const {
    return static_cast<uint32_t>(
               std::find(sizes.begin(), sizes.end(), size) - sizes.begin()) +
           1;
  }
};

constexpr int kPool = 100;

int BatchFor(int64_t size) {
  return static_cast<int>(std::clamp<int64_t>(size / 10, 1, kPool));
}

std::unique_ptr<MembershipWorld> BuildWorld(const std::string& peer,
                                            const std::vector<int64_t>& sizes) {
  auto w = std::make_unique<MembershipWorld>();
  w->opened = OpenPeer(peer);
  w->sizes = sizes;
  ChatPeer& p = w->peer();
  const int64_t max_size = *std::max_element(sizes.begin(), sizes.end());
  const auto users = static_cast<uint32_t>(max_size + kPool);
  for (uint32_t u = 1; u <= users; ++u) p.CreateUser(u);
  w->pool_first = static_cast<uint32_t>(max_size + 1);
  for (int64_t size : sizes) {
    const uint32_t c = w->channel(size);
    p.CreateChannel(c, PeerChannelType::kSuperPublic, /*owner=*/1, -1);
    for (uint32_t u = 2; u <= size; ++u) {
      if (!p.Join(c, u)) {
        std::fprintf(stderr, "%s: join refused during setup\n", peer.c_str());
        std::abort();
      }
    }
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

void RunOp(benchmark::State& state, WorldCache<MembershipWorld>& cache,
           const std::string& peer, Op op, int64_t size) {
  MembershipWorld& w = cache.Get(peer);
  ChatPeer& p = w.peer();
  const uint32_t c = w.channel(size);
  const int batch = BatchFor(size);
  // Outsiders join; the newest members leave (never the owner, user 1).
  auto outsider = [&](int k) { return w.pool_first + static_cast<uint32_t>(k); };
  auto member = [&](int k) {
    return static_cast<uint32_t>(size) - static_cast<uint32_t>(k);
  };
  auto check = [](bool ok, const char* what) {
    if (!ok) Fail(what);
  };
  const int64_t mute_until = w.clock.now() + 10 * 60'000;
  switch (op) {
    case Op::kJoin:
      TimedBatches(
          state, batch, [&](int k) { check(p.Join(c, outsider(k)), "join"); },
          [&](int k) { check(p.Leave(c, outsider(k)), "leave"); });
      break;
    case Op::kLeave:
      TimedBatches(
          state, batch, [&](int k) { check(p.Leave(c, member(k)), "leave"); },
          [&](int k) { check(p.Join(c, member(k)), "join"); });
      break;
    case Op::kAdd:
      TimedBatches(
          state, batch, [&](int k) { check(p.Add(c, outsider(k)), "add"); },
          [&](int k) { check(p.Remove(c, outsider(k)), "remove"); });
      break;
    case Op::kRemove:
      TimedBatches(
          state, batch, [&](int k) { check(p.Remove(c, member(k)), "remove"); },
          [&](int k) { check(p.Add(c, member(k)), "add"); });
      break;
    case Op::kBan:
      TimedBatches(
          state, batch, [&](int k) { check(p.Ban(c, member(k)), "ban"); },
          [&](int k) {
            check(p.Unban(c, member(k)), "unban");
            check(p.Join(c, member(k)), "join");
          });
      break;
    case Op::kUnban:
      for (int k = 0; k < batch; ++k) check(p.Ban(c, member(k)), "ban");
      TimedBatches(
          state, batch, [&](int k) { check(p.Unban(c, member(k)), "unban"); },
          [&](int k) {
            check(p.Join(c, member(k)), "join");
            check(p.Ban(c, member(k)), "ban");
          });
      for (int k = 0; k < batch; ++k) {
        check(p.Unban(c, member(k)), "unban");
        check(p.Join(c, member(k)), "join");
      }
      break;
    case Op::kMute:
      TimedBatches(
          state, batch,
          [&](int k) { check(p.Mute(c, member(k), mute_until), "mute"); },
          [&](int k) { check(p.Unmute(c, member(k)), "unmute"); });
      break;
    case Op::kUnmute:
      for (int k = 0; k < batch; ++k) {
        check(p.Mute(c, member(k), mute_until), "mute");
      }
      TimedBatches(
          state, batch, [&](int k) { check(p.Unmute(c, member(k)), "unmute"); },
          [&](int k) { check(p.Mute(c, member(k), mute_until), "mute"); });
      for (int k = 0; k < batch; ++k) check(p.Unmute(c, member(k)), "unmute");
      break;
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
      uint32_t out[50];
      const auto middle = static_cast<uint32_t>(size / 2);
      for (auto _ : state) {
        const size_t n = p.MemberPage(c, middle, 50, out);
        benchmark::DoNotOptimize(out[0]);
        if (n != std::min<size_t>(50, static_cast<size_t>(size - middle))) {
          Fail("member_page");
        }
      }
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
