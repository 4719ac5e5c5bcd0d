// The flood limit's state (banter/moderation.h): the engine's one setting
// and, per user who sent while it was on, the times of that user's latest
// messages. Owned by the messaging area (engine/messages/send_limits.cc).
#ifndef BANTER_ENGINE_MESSAGES_FLOOD_RECORD_H_
#define BANTER_ENGINE_MESSAGES_FLOOD_RECORD_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "banter/ids.h"
#include "banter/moderation.h"
#include "banter/types.h"

namespace banter::internal {

// The times of one user's latest messages, oldest first once `head` is
// applied: a ring of at most FloodLimit::max_messages entries. While it is
// not full, `times` is in send order and `head` is 0; once full, `head` is
// the oldest entry and the next message overwrites it.
struct FloodWindow {
  std::vector<Millis> times;
  uint32_t head = 0;
  // The oldest of the latest `n` messages. Requires: times.size() == n.
  Millis Oldest() const { return times[head]; }
};

// Invariants (CheckSendLimitInvariants, engine/messages):
//  F1. limit is off, or 1 <= max_messages <= kMaxFloodMessages and
//      1 <= window_ms <= kMaxFloodWindowMs; with the limit off no window
//      is kept.
//  F2. Every window belongs to an issued user, holds 1..max_messages times,
//      head < size (0 until full), and its times in ring order never
//      decrease and are <= now.
struct FloodState {
  FloodLimit limit;
  absl::flat_hash_map<UserId, FloodWindow> windows;
  // Housekeeping, not state: when `windows` reaches this size, windows
  // whose every time has left the window are dropped (they can never count
  // again), and the mark doubles. Dumps and snapshots show only times still
  // inside the window at the engine's now, so the sweep changes no output.
  size_t sweep_at = 1024;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MESSAGES_FLOOD_RECORD_H_
