// Write access to the engine's private tables for tests that corrupt state
// on purpose: the invariant checks must name each broken invariant, and a
// snapshot of an inconsistent state must be refused. The tables name
// TestAccess a friend; the engine itself never defines or uses it, so it
// opens nothing to production code.
#ifndef BANTER_TESTS_TESTING_TEST_ACCESS_H_
#define BANTER_TESTS_TESTING_TEST_ACCESS_H_

#include <cstddef>
#include <cstdint>

#include "engine/state.h"

namespace banter::internal {

struct TestAccess {
  // A whole channel record, every part writable.
  static ChannelRecord& Channel(State& s, ChannelId c) {
    return s.channels.records_[c.value()];
  }
  static const ChannelRecord& Channel(const State& s, ChannelId c) {
    return s.channels.Record(c);
  }
  // A channel's profile (the side table beside the records), writable.
  static ChannelProfile& Profile(State& s, ChannelId c) {
    return s.channels.profiles_[c.value()];
  }
  // One more record than the ids issued (breaks S1).
  static void AppendChannel(State& s) { s.channels.records_.emplace_back(); }
  static Interner<ChannelId>& ChannelNames(State& s) {
    return s.channels.names_;
  }
  static absl::btree_set<ChannelId>& PublicList(State& s) {
    return s.channels.public_list_;
  }

  // The membership table's rows, for its own unit tests and for breaking C2.
  static void ResetRows(UserChannels& t, size_t n) { t.Reset(n); }
  static bool Insert(UserChannels& t, UserId u, ChannelId c, uint32_t slot) {
    return t.InsertRow(u, c, slot);
  }
  static uint32_t Erase(UserChannels& t, UserId u, ChannelId c) {
    return t.EraseRow(u, c);
  }
  static void SetSlot(UserChannels& t, UserId u, ChannelId c, uint32_t slot) {
    t.SetSlotRow(u, c, slot);
  }
};

}  // namespace banter::internal

#endif  // BANTER_TESTS_TESTING_TEST_ACCESS_H_
