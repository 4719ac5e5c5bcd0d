// Read state in a 1M-member channel after 10k messages: mark read, unread
// count for one member, "not yet read by" for one message, and total unread
// across 1,000 joined channels; and history pages of 20 in a channel of 100k
// messages, at the newest message and deep in the channel.
//
// The big channel is a super_broadcast (a game's "world" channel): members'
// messages reach the owner only, so 10k messages can be sent through every
// peer's Send without 10k full fan-outs; every 1000th message is the owner's
// and does reach everyone. Message k is sent by user k + 1 (the "senders"),
// so senders' read points spread over the history; after every 10th message
// ten random members of the "readers" (the members between the senders and
// the upper half) mark read. The upper half of the channel never reads: the
// unread case uses it, so a peer that counts by walking the unread tail
// walks all 10k messages. The total-unread user belongs to 1,000 small
// channels with 10 unread messages each.
//
// mark_read: one iteration is, outside the clock, one message sent by a
// random sender (to the owner only) and 100 distinct random readers drawn;
// then, timed, those 100 readers mark read. Each of them is behind that
// message, so every call moves a read point (none is a no-op re-mark), in
// every iteration and every repetition. It runs last and a fixed number of
// iterations (200), because its sends add to the big channel's history.
//
// History: a super_public channel of 10 members and 100k messages (banter's
// engine here keeps every super_public message: its default history cap is
// 10k). history_latest reads the newest 20 messages as a random member;
// history_deep reads 20 at a random cursor in the older half of the channel
// (50k-100k messages back), a different one each iteration.
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
  int64_t history;  // messages in the history channel
};

constexpr int64_t kHistoryMembers = 10;
constexpr size_t kPage = 20;
constexpr int kMarkBatch = 100;

struct ReadWorld {
  OpenedPeer opened;
  Sizes sizes;
  uint32_t big = 1;          // the big channel
  uint32_t long_channel = 0;  // the history channel
  uint32_t reader = 0;       // the total-unread user
  uint32_t never_first = 0;  // never-read members: never_first .. members
  SendClock clock;
  Rng rng{7};
  ChatPeer& peer() { return *opened.peer; }
  // Members who mark read during setup and in mark_read.
  uint32_t readers_first() const {
    return static_cast<uint32_t>(sizes.messages + 2);
  }
};

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "read state bench: %s refused\n", what);
    std::abort();
  }
}

EngineOptions BanterOptions() {
  EngineOptions o = BanterPeer::DefaultOptions();
  o.history_cap[static_cast<size_t>(ChannelType::kSuperPublic)] = 0;
  return o;
}

std::unique_ptr<ReadWorld> BuildWorld(const std::string& peer,
                                      const Sizes& sizes) {
  auto w = std::make_unique<ReadWorld>();
  w->opened = OpenPeer(peer, BanterOptions());
  w->sizes = sizes;
  ChatPeer& p = w->opened.loader();
  const auto m = static_cast<uint32_t>(sizes.members);
  w->reader = m + 1;
  const uint32_t other = m + 2;
  p.CreateUsers(1, other);
  w->never_first = m / 2 + 1;

  p.CreateChannel(w->big, PeerChannelType::kSuperBroadcast, /*owner=*/1, -1);
  JoinRange(p, w->big, 2, m);
  uint64_t sink = 0;
  const uint32_t readers_span = w->never_first - w->readers_first();
  for (int64_t k = 1; k <= sizes.messages; ++k) {
    const uint32_t sender = k % 1000 == 0 ? 1 : static_cast<uint32_t>(k + 1);
    Check(p.Send(w->big, sender, "hello", w->clock.Next(), &SumDeliver,
                 &sink) >= 0,
          "send");
    if (k % 10 == 0) {
      for (int i = 0; i < 10; ++i) {
        p.MarkRead(w->big, w->readers_first() + w->rng.Below(readers_span));
      }
    }
  }

  uint32_t next_channel = 2;
  for (int64_t i = 0; i < sizes.joined_channels; ++i) {
    const uint32_t c = next_channel++;
    p.CreateChannel(c, PeerChannelType::kSuperPublic, 0, -1);
    Check(p.Join(c, w->reader), "join");
    Check(p.Join(c, other), "join");
    for (int64_t k = 0; k < sizes.per_channel; ++k) {
      Check(p.Send(c, other, "hello", w->clock.Next(), &SumDeliver, &sink) >= 0,
            "send");
    }
  }

  // The history channel: members 2..kHistoryMembers + 1, texts of varying
  // length (some beyond a std::string's inline buffer).
  w->long_channel = next_channel++;
  p.CreateChannel(w->long_channel, PeerChannelType::kSuperPublic, 0, -1);
  JoinRange(p, w->long_channel, 2, 1 + kHistoryMembers);
  static const char* const kTexts[] = {
      "gg", "anyone up for a raid tonight?", "lol",
      "meet at the north gate after the server restart, bring potions"};
  for (int64_t k = 0; k < sizes.history; ++k) {
    const uint32_t sender = 2 + w->rng.Below(kHistoryMembers);
    Check(p.Send(w->long_channel, sender, kTexts[k % 4], w->clock.Next(),
                 &SumDeliver, &sink) >= 0,
          "send");
  }
  return w;
}

enum class Op {
  kUnreadCount,
  kNotReadBy,
  kTotalUnread,
  kHistoryLatest,
  kHistoryDeep,
  kMarkRead
};

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
    case Op::kHistoryLatest:
    case Op::kHistoryDeep: {
      // Viewers and cursors drawn ahead of time (reused in turn), so the
      // loop times only the page.
      std::vector<PeerMessage> out(kPage);
      std::vector<std::pair<uint32_t, uint64_t>> reads(1024);
      const auto total = static_cast<uint32_t>(w.sizes.history);
      for (auto& [viewer, cursor] : reads) {
        viewer = 2 + w.rng.Below(kHistoryMembers);
        cursor = op == Op::kHistoryLatest
                     ? 0
                     : kPage + 1 + w.rng.Below(total / 2 - kPage);
      }
      size_t i = 0;
      for (auto _ : state) {
        const auto [viewer, cursor] = reads[i];
        if (p.HistoryPage(w.long_channel, viewer, cursor, kPage, out.data()) !=
            static_cast<int64_t>(kPage)) {
          state.SkipWithError("short history page");
          return;
        }
        benchmark::DoNotOptimize(out[0].text.data());
        i = (i + 1) % reads.size();
      }
      expected = static_cast<int64_t>(kPage);
      state.counters["history"] = static_cast<double>(w.sizes.history);
      break;
    }
    case Op::kMarkRead: {
      std::vector<uint32_t> readers;
      uint64_t sink = 0;
      TimedBatches(
          state, kMarkBatch,
          [&] {
            const uint32_t sender =
                2 + w.rng.Below(static_cast<uint32_t>(w.sizes.messages));
            Check(p.Send(w.big, sender, "hello", w.clock.Next(), &SumDeliver,
                         &sink) >= 0,
                  "send");
            w.rng.Distinct(w.readers_first(), w.never_first - 1, kMarkBatch,
                           readers);
          },
          [&] {
            for (uint32_t u : readers) p.MarkRead(w.big, u);
          },
          [&] {});
      if (p.UnreadCount(w.big, readers[0]) != 0) {
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
  static Sizes sizes = {1'000'000, 10'000, 1'000, 10, 100'000};
  if (config.quick()) sizes = {10'000, 1'000, 1'000, 10, 10'000};
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
  // mark_read last: its sends add to the big channel's history.
  constexpr Case kCases[] = {{Op::kUnreadCount, "unread_count"},
                             {Op::kNotReadBy, "not_read_by"},
                             {Op::kTotalUnread, "total_unread"},
                             {Op::kHistoryLatest, "history_latest"},
                             {Op::kHistoryDeep, "history_deep"},
                             {Op::kMarkRead, "mark_read"}};
  for (const std::string& peer : config.peers) {
    const int64_t members = std::min(sizes.members, MaxMembersFor(peer));
    for (const Case& c : kCases) {
      const Op op = c.op;
      auto* b = benchmark::RegisterBenchmark(
          ("read/" + std::string(c.name) + "/" + peer + "/" +
           std::to_string(members))
              .c_str(),
          [=](benchmark::State& st) { RunOp(st, cache, peer, op); });
      if (op == Op::kMarkRead) {
        b->Iterations(200)->UseManualTime();
      } else {
        b->MinTime(min_time)->UseRealTime();
      }
    }
  }
  return RunAll();
}
