// Read state in a 1M-member channel after 10k messages: mark read, unread
// count for one member, "not yet read by" for one message, and total unread
// across 1,000 joined channels.
//
// The big channel is a super_broadcast (a game's "world" channel): members'
// messages reach the owner only, so 10k messages can be sent through every
// peer's Send without 10k full fan-outs; every 1000th message is the owner's
// and does reach everyone. Message k is sent by user k + 1, so senders' read
// points spread over the history; after every 10th message ten other members
// mark read. Users in the upper half of the channel never read anything: the
// unread and mark-read cases use them, so a peer that counts by walking the
// unread tail walks all 10k messages. The total-unread user belongs to 1,000
// small channels with 10 unread messages each. Redis gets a 100k-member
// channel (MaxMembersFor).
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "harness.h"

namespace banter::bench {
namespace {

struct Sizes {
  int64_t members;
  int64_t messages;
  int64_t joined_channels;
  int64_t per_channel;
};

struct ReadWorld {
  OpenedPeer opened;
  Sizes sizes;
  uint32_t big = 1;        // the big channel
  uint32_t reader = 0;     // the total-unread user
  uint32_t never_first = 0;  // never-read members: never_first .. members
  SendClock clock;
  ChatPeer& peer() { return *opened.peer; }
};

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "read state bench: %s refused\n", what);
    std::abort();
  }
}

std::unique_ptr<ReadWorld> BuildWorld(const std::string& peer,
                                      const Sizes& sizes) {
  auto w = std::make_unique<ReadWorld>();
  w->opened = OpenPeer(peer);
  w->sizes = sizes;
  ChatPeer& p = w->peer();
  const auto m = static_cast<uint32_t>(sizes.members);
  w->reader = m + 1;
  const uint32_t other = m + 2;
  for (uint32_t u = 1; u <= other; ++u) p.CreateUser(u);
  w->never_first = m / 2 + 1;

  p.CreateChannel(w->big, PeerChannelType::kSuperBroadcast, /*owner=*/1, -1);
  for (uint32_t u = 2; u <= m; ++u) Check(p.Join(w->big, u), "join");
  uint64_t sink = 0;
  uint64_t x = 7;
  const uint32_t readers_span = w->never_first - 2 - static_cast<uint32_t>(
                                                         sizes.messages);
  for (int64_t k = 1; k <= sizes.messages; ++k) {
    const uint32_t sender = k % 1000 == 0 ? 1 : static_cast<uint32_t>(k + 1);
    Check(p.Send(w->big, sender, "hello", w->clock.Next(), &SumDeliver,
                 &sink) >= 0,
          "send");
    if (k % 10 == 0) {
      // Ten members between the senders and the never-read half.
      for (int i = 0; i < 10; ++i) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const auto u = static_cast<uint32_t>(sizes.messages + 2 +
                                             (x >> 33) % readers_span);
        p.MarkRead(w->big, u);
      }
    }
  }

  for (int64_t i = 0; i < sizes.joined_channels; ++i) {
    const auto c = static_cast<uint32_t>(2 + i);
    p.CreateChannel(c, PeerChannelType::kSuperPublic, 0, -1);
    Check(p.Join(c, w->reader), "join");
    Check(p.Join(c, other), "join");
    for (int64_t k = 0; k < sizes.per_channel; ++k) {
      Check(p.Send(c, other, "hello", w->clock.Next(), &SumDeliver, &sink) >= 0,
            "send");
    }
  }
  return w;
}

enum class Op { kUnreadCount, kNotReadBy, kTotalUnread, kMarkRead };

void RunOp(benchmark::State& state, WorldCache<ReadWorld>& cache,
           const std::string& peer, Op op) {
  ReadWorld& w = cache.Get(peer);
  ChatPeer& p = w.peer();
  const auto members = static_cast<uint32_t>(w.sizes.members);
  const uint32_t pool = members - w.never_first + 1;
  int64_t expected = 0;
  // Warm the caches the first timed calls would otherwise pay for (the
  // world was just built); mark_read has nothing read-only to warm.
  for (int i = 0; i < 3 && op != Op::kMarkRead; ++i) {
    benchmark::DoNotOptimize(p.UnreadCount(w.big, w.never_first + i));
    benchmark::DoNotOptimize(p.TotalUnread(w.reader));
  }
  switch (op) {
    case Op::kUnreadCount: {
      // A plain member sees the owner's messages only.
      expected = w.sizes.messages / 1000;
      uint32_t i = 0;
      for (auto _ : state) {
        const int64_t n = p.UnreadCount(w.big, w.never_first + i);
        if (n != expected) {
          state.SkipWithError("wrong unread count");
          return;
        }
        if (++i == pool) i = 0;
      }
      break;
    }
    case Op::kNotReadBy: {
      // An owner's message (every 1000th), about halfway: everyone sees it.
      const auto seq = static_cast<uint64_t>(
          std::max<int64_t>(1, w.sizes.messages / 2000) * 1000);
      int64_t n = 0;
      for (auto _ : state) n = p.NotReadBy(w.big, seq);
      if (n < pool) {
        state.SkipWithError("not read by too small");
        return;
      }
      expected = n;
      break;
    }
    case Op::kTotalUnread: {
      expected = w.sizes.joined_channels * w.sizes.per_channel;
      for (auto _ : state) {
        if (p.TotalUnread(w.reader) != expected) {
          state.SkipWithError("wrong total unread");
          return;
        }
      }
      break;
    }
    case Op::kMarkRead: {
      // Each iteration moves a never-read member to the end (registered
      // with a fixed iteration count no larger than the pool).
      uint32_t i = 0;
      for (auto _ : state) p.MarkRead(w.big, w.never_first + i++);
      if (p.UnreadCount(w.big, w.never_first) != 0) {
        state.SkipWithError("mark read did not move the read point");
        return;
      }
      break;
    }
  }
  state.counters["members"] = static_cast<double>(w.sizes.members);
  state.counters["messages"] = static_cast<double>(w.sizes.messages);
  state.counters["result"] = static_cast<double>(expected);
  state.counters["setup_s"] = cache.setup_seconds();
}

}  // namespace
}  // namespace banter::bench

int main(int argc, char** argv) {
  using namespace banter::bench;
  Config config = Init(&argc, argv);
  static Sizes sizes = {1'000'000, 10'000, 1'000, 10};
  if (config.quick()) sizes = {10'000, 1'000, 1'000, 10};
  const double min_time = config.quick() ? 0.02 : 0.1;
  static WorldCache<ReadWorld> cache([](const std::string& peer) {
    Sizes z = sizes;
    z.members = std::min(z.members, MaxMembersFor(peer));
    return BuildWorld(peer, z);
  });

  struct Case {
    Op op;
    const char* name;
  };
  // mark_read last: it moves the read points the unread case relies on.
  constexpr Case kCases[] = {{Op::kUnreadCount, "unread_count"},
                             {Op::kNotReadBy, "not_read_by"},
                             {Op::kTotalUnread, "total_unread"},
                             {Op::kMarkRead, "mark_read"}};
  for (const std::string& peer : config.peers) {
    const int64_t members = std::min(sizes.members, MaxMembersFor(peer));
    const int64_t pool = members - (members / 2 + 1) + 1;
    for (const Case& c : kCases) {
      const Op op = c.op;
      auto* b = benchmark::RegisterBenchmark(
          ("read/" + std::string(c.name) + "/" + peer + "/" +
           std::to_string(members))
              .c_str(),
          [=](benchmark::State& st) { RunOp(st, cache, peer, op); });
      b->UseRealTime();
      if (op == Op::kMarkRead) {
        b->Iterations(std::min<int64_t>(pool, 20'000));
      } else {
        b->MinTime(min_time);
      }
    }
  }
  return RunAll();
}
