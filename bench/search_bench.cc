// Search: what message search and user search cost, and what the index we
// did not build would have cost (docs/messaging.md, "Search"; docs/model.md,
// "User search").
//
// Time (Google Benchmark; run a Release build):
//   scan/miss/admin           a word no message holds, in a channel of 10,000
//                             messages (the default history cap), read as the
//                             admin: one call scans the whole channel. The
//                             counter s_per_message is the cost per message
//                             (seconds, with an SI prefix: 30n = 30 ns).
//   scan/miss/member          the same as a member (the visibility check).
//   scan/miss/broadcast       a member of a broadcast channel: the walk merges
//                             the "to all" index with the member's own.
//   scan/hit_page             a word about one message in 8 holds: one page of
//                             20 (found, rendered) from the newest message.
//   floor/fold_loop           the same folded compare over a plain
//                             std::vector<std::string> of the same texts: the
//                             least a scan can cost, for comparison.
//   trigram/miss, trigram/hit_page
//                             the index we did not build: an inverted index
//                             of ASCII-folded byte trigrams (flat_hash_map of
//                             sorted posting vectors), queried for the same
//                             missing word, and for the frequent one up to a
//                             page of 20 (posting intersection, then
//                             verification of the candidates).
//   users/id_prefix, users/name_prefix
//                             SearchUsers, a page of 20, among 100,000 users.
//
// Memory (--search_memory: prints a table and exits; it counts every
// allocation, so it is a separate run): bytes per message of the trigram
// index over the same 10,000 messages (the scan needs none), and bytes per
// user of each user search index (KeyIndex), measured with the allocator
// counter of tools/sim.
//
// The texts are a game chat's: 2 to 60 characters from a small vocabulary,
// drawn from a seeded stream, so every run sees the same channel.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "banter/engine.h"
#include "benchmark/benchmark.h"
#include "engine/core/fold.h"
#include "engine/core/key_index.h"
#include "tools/gen/choices.h"
#include "tools/sim/alloc_counter.h"

namespace banter::bench {
namespace {

constexpr int kMessages = 10'000;
constexpr int kUsers = 100'000;
constexpr Millis kStart = 1'700'000'000'000;

constexpr std::string_view kWords[] = {
    "gg",    "lfg",   "anyone", "up",    "for",   "a",      "raid",
    "brb",   "nice",  "shot",   "meet",  "at",    "the",    "north",
    "gate",  "in",    "five",   "minutes", "ok",  "thanks", "heal",
    "tank",  "need",  "mana",   "wipe",  "again", "lol",    "boss",
    "loot",  "drop",  "epic",   "sword", "who",   "has",    "keys",
};

// Message k's text: 1..10 words, capped at 60 characters; the word
// "quest" (the hit) in about one message in 8.
std::vector<std::string> Texts() {
  gen::SeededChoices rng(17);
  std::vector<std::string> out;
  out.reserve(kMessages);
  for (int k = 0; k < kMessages; ++k) {
    std::string t;
    const size_t words = 1 + rng.Uniform(10);
    for (size_t w = 0; w < words; ++w) {
      if (!t.empty()) t += ' ';
      t += rng.Uniform(8) == 0 && w == 0
               ? std::string_view("Quest")
               : kWords[rng.Uniform(std::size(kWords))];
    }
    if (t.size() > 60) t.resize(60);
    out.push_back(std::move(t));
  }
  return out;
}

// A missing word: no text holds "zeppelin".
constexpr std::string_view kMiss = "zeppelin";
constexpr std::string_view kHit = "quest";

struct MessageWorld {
  std::unique_ptr<Engine> engine;
  ChannelId pub;
  ChannelId broadcast;
  UserId owner;
  UserId member;
};

MessageWorld& Messages() {
  static MessageWorld* w = [] {
    auto* out = new MessageWorld;
    EngineOptions o;
    o.seed = 1;
    o.password_cost = 4;
    out->engine = std::make_unique<Engine>(o);
    Engine& e = *out->engine;
    auto user = [&](const std::string& id) {
      CreateUserRequest r;
      r.user_id = id;
      return e.CreateUser(Actor::Admin(), r, kStart)->user;
    };
    out->owner = user("owner");
    out->member = user("member");
    const UserId other = user("other");
    auto channel = [&](const std::string& id, ChannelType type) {
      CreateChannelRequest r;
      r.channel_id = id;
      r.type = type;
      r.owner = out->owner;
      r.members = {out->member, other};
      return *e.CreateChannel(Actor::Admin(), r, kStart);
    };
    out->pub = channel("pub", ChannelType::kPublic);
    out->broadcast = channel("bc", ChannelType::kBroadcast);
    const std::vector<std::string> texts = Texts();
    const UserId senders[] = {out->owner, out->member, other};
    for (int k = 0; k < kMessages; ++k) {
      for (ChannelId c : {out->pub, out->broadcast}) {
        SendMessageRequest r;
        r.channel = c;
        r.text = texts[k];
        // Broadcast: every 10th message is the owner's (to all); the rest
        // are the other member's, which `member` does not see.
        const UserId sender = c == out->broadcast
                                  ? (k % 10 == 0 ? out->owner : other)
                                  : senders[k % 3];
        if (!e.SendMessage(Actor::User(sender), r, kStart + k).ok()) {
          std::fprintf(stderr, "search bench: send refused\n");
          std::abort();
        }
      }
    }
    return out;
  }();
  return *w;
}

void Scan(benchmark::State& state, ChannelId c, const Actor& actor,
          std::string_view text, int limit) {
  MessageWorld& w = Messages();
  MessageSearchQuery q;
  q.channel = c;
  q.text = std::string(text);
  q.limit = limit;
  uint64_t scanned = 0;
  for (auto _ : state) {
    auto page = w.engine->SearchMessages(actor, q);
    if (!page.ok()) state.SkipWithError("search failed");
    scanned += page->scanned;
    benchmark::DoNotOptimize(page->items.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(scanned));
  state.counters["scanned_per_call"] =
      static_cast<double>(scanned) / static_cast<double>(state.iterations());
  // Seconds per message scanned, printed with an SI prefix (30n = 30 ns).
  state.counters["s_per_message"] = benchmark::Counter(
      static_cast<double>(scanned),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_ScanMissAdmin(benchmark::State& state) {
  Scan(state, Messages().pub, Actor::Admin(), kMiss, 20);
}
void BM_ScanMissMember(benchmark::State& state) {
  Scan(state, Messages().pub, Actor::User(Messages().member), kMiss, 20);
}
void BM_ScanMissBroadcast(benchmark::State& state) {
  Scan(state, Messages().broadcast, Actor::User(Messages().member), kMiss, 20);
}
void BM_ScanHitPage(benchmark::State& state) {
  Scan(state, Messages().pub, Actor::User(Messages().member), kHit, 20);
}

// The floor: the same compare over a vector of the same texts.
void BM_FloorFoldLoop(benchmark::State& state) {
  const std::vector<std::string> texts = Texts();
  const internal::FoldedNeedle needle(kMiss);
  for (auto _ : state) {
    size_t found = 0;
    for (const std::string& t : texts) found += needle.In(t);
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(state.iterations() * kMessages);
  state.counters["s_per_message"] = benchmark::Counter(
      static_cast<double>(state.iterations() * kMessages),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// ---- The index we did not build ---------------------------------------------

// ASCII-folded byte trigrams -> sorted message numbers holding them.
class TrigramIndex {
 public:
  void Add(uint32_t id, std::string_view text) {
    const std::string f = internal::FoldedCopy(text);
    std::vector<uint32_t> grams;
    for (size_t i = 0; i + 3 <= f.size(); ++i) grams.push_back(Gram(f, i));
    std::sort(grams.begin(), grams.end());
    grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
    for (uint32_t g : grams) postings_[g].push_back(id);
  }
  // Candidates holding every trigram of `needle` (>= 3 bytes).
  std::vector<uint32_t> Candidates(std::string_view needle) const {
    const std::string f = internal::FoldedCopy(needle);
    std::vector<uint32_t> out;
    bool first = true;
    for (size_t i = 0; i + 3 <= f.size(); ++i) {
      auto it = postings_.find(Gram(f, i));
      if (it == postings_.end()) return {};
      if (first) {
        out = it->second;
        first = false;
        continue;
      }
      std::vector<uint32_t> next;
      std::set_intersection(out.begin(), out.end(), it->second.begin(),
                            it->second.end(), std::back_inserter(next));
      out.swap(next);
      if (out.empty()) break;
    }
    return out;
  }

 private:
  static uint32_t Gram(const std::string& f, size_t i) {
    return static_cast<uint32_t>(static_cast<unsigned char>(f[i])) << 16 |
           static_cast<uint32_t>(static_cast<unsigned char>(f[i + 1])) << 8 |
           static_cast<unsigned char>(f[i + 2]);
  }
  absl::flat_hash_map<uint32_t, std::vector<uint32_t>> postings_;
};

void BM_TrigramQuery(benchmark::State& state) {
  const std::vector<std::string> texts = Texts();
  TrigramIndex index;
  for (uint32_t k = 0; k < texts.size(); ++k) index.Add(k, texts[k]);
  const internal::FoldedNeedle needle(kMiss);
  for (auto _ : state) {
    size_t found = 0;
    for (uint32_t k : index.Candidates(kMiss)) found += needle.In(texts[k]);
    benchmark::DoNotOptimize(found);
  }
}

// The same index for the frequent word: candidates, verified newest first
// until a page of 20 is found (what a page of scan/hit_page returns).
void BM_TrigramHitPage(benchmark::State& state) {
  const std::vector<std::string> texts = Texts();
  TrigramIndex index;
  for (uint32_t k = 0; k < texts.size(); ++k) index.Add(k, texts[k]);
  const internal::FoldedNeedle needle(kHit);
  for (auto _ : state) {
    const std::vector<uint32_t> candidates = index.Candidates(kHit);
    size_t found = 0;
    for (auto it = candidates.rbegin(); it != candidates.rend() && found < 20;
         ++it) {
      found += needle.In(texts[*it]);
    }
    benchmark::DoNotOptimize(found);
  }
}

// ---- Users ------------------------------------------------------------------

Engine& Users() {
  static Engine* e = [] {
    EngineOptions o;
    o.seed = 2;
    o.password_cost = 4;
    auto* out = new Engine(o);
    for (int i = 0; i < kUsers; ++i) {
      CreateUserRequest r;
      r.user_id = "u" + std::to_string(i);
      r.username = "Player " + std::to_string(i);
      if (!out->CreateUser(Actor::Admin(), r, kStart).ok()) std::abort();
    }
    return out;
  }();
  return *e;
}

void UserSearch(benchmark::State& state, UserSearchQuery::Field field,
                const std::string& prefix) {
  Engine& e = Users();
  UserSearchQuery q;
  q.field = field;
  q.text = prefix;
  q.limit = 20;
  gen::SeededChoices rng(5);
  for (auto _ : state) {
    // A different prefix each time, so the B-tree walk starts cold.
    q.text = prefix + std::to_string(1 + rng.Uniform(9));
    auto page = e.SearchUsers(Actor::Admin(), q);
    if (!page.ok() || page->items.size() != 20) {
      state.SkipWithError("search failed");
    }
    benchmark::DoNotOptimize(page->items.data());
  }
}
void BM_UsersIdPrefix(benchmark::State& state) {
  UserSearch(state, UserSearchQuery::Field::kId, "u");
}
void BM_UsersNamePrefix(benchmark::State& state) {
  UserSearch(state, UserSearchQuery::Field::kName, "PLAYER ");
}

BENCHMARK(BM_ScanMissAdmin)->Name("scan/miss/admin");
BENCHMARK(BM_ScanMissMember)->Name("scan/miss/member");
BENCHMARK(BM_ScanMissBroadcast)->Name("scan/miss/broadcast");
BENCHMARK(BM_ScanHitPage)->Name("scan/hit_page");
BENCHMARK(BM_FloorFoldLoop)->Name("floor/fold_loop");
BENCHMARK(BM_TrigramQuery)->Name("trigram/miss");
BENCHMARK(BM_TrigramHitPage)->Name("trigram/hit_page");
BENCHMARK(BM_UsersIdPrefix)->Name("users/id_prefix");
BENCHMARK(BM_UsersNamePrefix)->Name("users/name_prefix");

// ---- Memory -----------------------------------------------------------------

int Memory() {
  sim::EnableAllocationCounting();
  const std::vector<std::string> texts = Texts();
  size_t text_bytes = 0;
  for (const std::string& t : texts) text_bytes += t.size();

  int64_t before = sim::LiveHeapBytes();
  auto index = std::make_unique<TrigramIndex>();
  for (uint32_t k = 0; k < texts.size(); ++k) index->Add(k, texts[k]);
  const int64_t trigram = sim::LiveHeapBytes() - before;

  internal::KeyIndex ids;
  internal::KeyIndex names;
  before = sim::LiveHeapBytes();
  for (uint32_t i = 1; i <= kUsers; ++i) {
    ids.Insert("u" + std::to_string(i), i);
  }
  const int64_t id_bytes = sim::LiveHeapBytes() - before;
  before = sim::LiveHeapBytes();
  for (uint32_t i = 1; i <= kUsers; ++i) {
    names.Insert(internal::FoldedCopy("Player " + std::to_string(i)), i);
  }
  const int64_t name_bytes = sim::LiveHeapBytes() - before;

  std::printf("search memory (allocator bytes)\n");
  std::printf("  messages: %d, mean text %.1f bytes\n", kMessages,
              static_cast<double>(text_bytes) / kMessages);
  std::printf("  scan (what banter does): 0 B per message\n");
  std::printf("  trigram index: %.1f B per message, %.1f B per text byte\n",
              static_cast<double>(trigram) / kMessages,
              static_cast<double>(trigram) / static_cast<double>(text_bytes));
  std::printf("  user id index (ids like u12345): %.1f B per user\n",
              static_cast<double>(id_bytes) / kUsers);
  std::printf("  user name index (names like \"player 12345\"): %.1f B per "
              "user\n",
              static_cast<double>(name_bytes) / kUsers);
  return 0;
}

}  // namespace
}  // namespace banter::bench

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--search_memory") == 0) {
      return banter::bench::Memory();
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
