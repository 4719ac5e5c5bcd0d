// The game-server workload behind `banter simulate` and the mixed-workload
// benchmark: users logging in, direct messages, guild channels, one huge
// super_broadcast "world" channel, joins, leaves, timed mutes, bans,
// reactions, reads, message and user searches, and a GitpleLive open
// channel that users enter, talk in and exit. Seeded and deterministic in
// what it asks the engine; only the measured times vary between runs. Its
// choices come from the command generator's primitives (tools/gen/choices.h:
// the SplitMix64 stream and the weighted mix); the engine calls are the typed
// methods, timed one by one.
//
// Thread-safety: not thread-safe; one Workload drives one Engine.
#ifndef BANTER_TOOLS_SIM_WORKLOAD_H_
#define BANTER_TOOLS_SIM_WORKLOAD_H_

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "banter/engine.h"

namespace banter::sim {

struct WorkloadOptions {
  uint64_t seed = 1;
  int64_t users = 100'000;
  int64_t guilds = 2'000;
  int64_t guild_size = 40;         // members per guild at start (<= 100)
  int64_t dm_pairs = 20'000;
  int64_t world_members = -1;      // -1 = every user joins the world channel
  int64_t ops = 2'000'000;         // operations in the main phase
  uint32_t history_cap = 1'000;    // messages kept per channel
  Millis start_ms = 1'700'000'000'000;
  Millis step_ms = 1;              // engine time per operation
  bool check_invariants = false;   // O(state) per op: tiny runs only
  // The flood limit set at the start of the main phase (0 = off): every
  // user send then pays its check and its window (docs/moderation.md).
  uint32_t flood_messages = 30;
  Millis flood_window_ms = 10'000;
};

// Operation kinds, in report order.
enum class OpKind : int {
  kCreateUser = 0,
  kLogin,
  kCreateChannel,
  kJoin,
  kLeave,
  kSendGuild,
  kSendDm,
  kSendWorldOwner,
  kSendWorldMember,
  kReaction,
  kMarkRead,
  kUnreadQuery,
  kMute,
  kUnmute,
  kBan,
  kUnban,
  kHistoryPage,  // ListMessages: rendered views, as the REST adapter reads
  kHistoryRefs,  // ListMessageRefs: handles and text views, as a game server
  kAdvanceTime,
  kSearchMessages,  // SearchMessages: a member searches a guild's history
  kSearchUsers,     // SearchUsers: the admin looks users up by id prefix
  kOpenEnter,       // a user enters the GitpleLive open channel "plaza"
  kOpenExit,        // a participant exits it
  kOpenSend,        // a participant sends into it
  // Moderation tools (docs/moderation.md).
  kSlowMode,      // a guild owner turns slow mode on (2 s) or off
  kPin,           // a guild owner pins the guild's latest message
  kUnpin,         // ... and unpins its oldest pin beyond three
  kPinnedList,    // a member reads the guild's pins
  kReport,        // a member reports the guild's latest message
  kResolveReport, // the admin resolves the oldest open report
  // Beside the main mix, on their own seeded stream (docs/presence.md,
  // docs/word-filter.md): one of these every 8th operation.
  kConnect,
  kDisconnect,
  kTypingGuild,   // StartTyping in a guild (renewal or start)
  kTypingStop,
  kTypingWorld,   // StartTyping in the super_broadcast world: no fan-out
  kSendFiltered,  // a guild message the word filter masks
  kSetWordFilter,  // setup: the app's list (1,000 entries)
  kCount,
};
std::string_view OpName(OpKind kind);

// Latency histogram: log-spaced buckets from 10 ns to ~10 s.
class Histogram {
 public:
  void Add(int64_t nanos);
  int64_t count() const { return count_; }
  int64_t total_nanos() const { return total_; }
  // Approximate percentile (bucket upper bound), in nanoseconds.
  int64_t Percentile(double p) const;

 private:
  static constexpr int kBuckets = 200;
  std::array<int64_t, kBuckets> buckets_{};
  int64_t count_ = 0;
  int64_t total_ = 0;
};

struct OpStats {
  Histogram latency;
  int64_t ok = 0;
  int64_t refused = 0;  // domain refusals (e.g. a mute hit), expected
};

struct Report {
  WorkloadOptions options;
  std::array<OpStats, static_cast<int>(OpKind::kCount)> ops;
  double setup_seconds = 0;
  double main_seconds = 0;
  // Of main_seconds, the time inside engine calls (each timed with two clock
  // reads, which it includes); the rest is the harness.
  double engine_seconds = 0;
  int64_t main_ops = 0;
  int64_t deliveries = 0;       // realtime recipients of message events
  int64_t push_deliveries = 0;  // of which would push
  int64_t events = 0;
  int64_t world_members = 0;
  int64_t memberships = 0;
  int64_t messages_sent = 0;
  int64_t messages_stored = 0;
  // Presence (banter::Presence beside the engine): events delivered, their
  // recipients, and who is online and typing at the end.
  int64_t presence_events = 0;
  int64_t presence_deliveries = 0;
  int64_t online_end = 0;
  int64_t typing_end = 0;
  int64_t filter_entries = 0;
  // Live heap bytes attributed by the allocator counter (0 if not counted).
  int64_t bytes_per_membership = 0;
  int64_t bytes_per_message = 0;
  int64_t heap_bytes_end = 0;
  std::string state_digest;  // hash of the final canonical dump (small runs)
  // Sends refused by slow mode (7030) and by the flood limit (7031).
  int64_t refused_slow_mode = 0;
  int64_t refused_flood = 0;
};

// Optional allocator counter: the `banter` binary overrides operator new to
// count live bytes; the workload reads it through this hook (null = none).
using LiveBytesFn = int64_t (*)();

// Called every so often with (done, total) for progress display.
using ProgressFn = std::function<void(int64_t done, int64_t total, const char* phase)>;

Report RunWorkload(const WorkloadOptions& options, LiveBytesFn live_bytes,
                   const ProgressFn& progress);

// The summary table (stdout of `banter simulate`) and its JSON form.
std::string FormatTable(const Report& report);
std::string FormatJson(const Report& report);

}  // namespace banter::sim

#endif  // BANTER_TOOLS_SIM_WORKLOAD_H_
