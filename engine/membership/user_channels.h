// Membership, user side, as one dense table owned by the membership area:
// for each user handle, the channels the user belongs to with its slot in
// each channel's member arrays (a ChannelSlots row).
//
// It used to live inside the 464-byte UserRecord, so every membership lookup
// (SlotOf, StandingOf, IsMemberOf) loaded a cold user record, and a
// swap-remove in a big channel loaded a second one to renumber the moved
// member (issue #13). Here a row is 32 bytes in a vector indexed by UserId:
// a lookup touches one row and, for a user in at most one channel, nothing
// else. Liveness comes from the dense State::user_access bytes, never the
// record.
//
// Only the membership primitives (AddMember, RemoveMember, SetHidden: their
// mutators take a MembershipKey, engine/membership/membership_key.h, which
// no other area may include) and the snapshot loader's rebuild (through
// SnapshotAccess) change rows; everyone else reads them through `of`.
//
// Not thread-safe; the transport serializes calls. Copyable and movable, like
// the State it sits in.
#ifndef BANTER_ENGINE_MEMBERSHIP_USER_CHANNELS_H_
#define BANTER_ENGINE_MEMBERSHIP_USER_CHANNELS_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "banter/ids.h"
#include "boost/container/flat_set.hpp"
#include "engine/core/check.h"
#include "engine/membership/channel_slots.h"

namespace banter::internal {

class MembershipKey;    // engine/membership/membership_key.h
struct SnapshotAccess;  // engine/durability: rebuilds the table on load
struct TestAccess;      // tests/testing/test_access.h: corrupts on purpose

// Invariants (checked by the users area, U6 and U11, and the channels area,
// C1 and C2):
//  1. size() == number of user handles issued + 1 (row 0 unused, empty).
//  2. A dead user's row is empty.
//  3. (c, i) in of(u)  <=>  channels[c].members[i] == u.
//  4. c in hidden_of(u)  <=>  u in channels[c].hidden_by (C5), and then u is
//     a member of c.
class UserChannels {
 public:
  // The channels a user hid, in handle order.
  using HiddenSet = boost::container::flat_set<ChannelId>;

  // Appends an empty row for a newly issued user handle (the users area
  // calls it as it creates a user). Requires: `u.value() == size()`.
  void AddUser(UserId u) {
    BANTER_DCHECK(u.value() == rows_.size());
    rows_.emplace_back();
  }
  size_t size() const { return rows_.size(); }

  // The channels of `u` with its slot in each, in channel-handle order.
  // Empty for a user in no channel, a dead user, and a handle never issued
  // (0 included).
  const ChannelSlots& of(UserId u) const {
    return u.value() < rows_.size() ? rows_[u.value()] : kNoChannels;
  }

  // The channels `u` hid (empty for most users: the map holds only users
  // who hid something, so the common case costs one probe).
  const HiddenSet& hidden_of(UserId u) const {
    auto it = hidden_.find(u);
    return it == hidden_.end() ? kNoneHidden : it->second;
  }
  size_t users_hiding() const { return hidden_.size(); }

  // ---- Mutators: the membership primitives only (MembershipKey) ----

  // Records whether `u` hid `c`.
  void SetHidden(UserId u, ChannelId c, bool hidden, const MembershipKey&) {
    SetHiddenRow(u, c, hidden);
  }

  // Records `u` at `slot` of `c`; false (and no change) if `u`'s row already
  // lists `c`. Requires: `u.value() < size()`.
  bool Insert(UserId u, ChannelId c, uint32_t slot, const MembershipKey&) {
    return InsertRow(u, c, slot);
  }

  // Drops `c` from `u`'s row and returns the slot it named.
  // Requires: the row lists `c`.
  uint32_t Erase(UserId u, ChannelId c, const MembershipKey&) {
    return EraseRow(u, c);
  }

  // Renumbers `u`'s slot in `c` (the member a swap-remove moved).
  // Requires: the row lists `c`.
  void SetSlot(UserId u, ChannelId c, uint32_t slot, const MembershipKey&) {
    SetSlotRow(u, c, slot);
  }

 private:
  friend struct SnapshotAccess;
  friend struct TestAccess;

  // The mutators' work, without the key: for them and for the two friends
  // (the snapshot rebuild, tests that corrupt state on purpose).
  bool InsertRow(UserId u, ChannelId c, uint32_t slot) {
    BANTER_DCHECK(u.value() < rows_.size());
    return rows_[u.value()].emplace(c, slot).second;
  }
  uint32_t EraseRow(UserId u, ChannelId c) {
    ChannelSlots& row = rows_[u.value()];
    auto it = row.find(c);
    BANTER_CHECK(it != row.end());
    const uint32_t slot = it->second;
    row.erase(it);
    return slot;
  }
  void SetSlotRow(UserId u, ChannelId c, uint32_t slot) {
    auto it = rows_[u.value()].find(c);
    BANTER_DCHECK(it != rows_[u.value()].end());
    it->second = slot;
  }
  void SetHiddenRow(UserId u, ChannelId c, bool hidden) {
    if (hidden) {
      hidden_[u].insert(c);
      return;
    }
    auto it = hidden_.find(u);
    if (it == hidden_.end()) return;
    it->second.erase(c);
    if (it->second.empty()) hidden_.erase(it);
  }

  // Rows for handles [0, n), all empty (snapshot load).
  void Reset(size_t n) {
    rows_.clear();
    rows_.resize(n);
    hidden_.clear();
  }

  static inline const ChannelSlots kNoChannels{};
  static inline const HiddenSet kNoneHidden{};

  std::vector<ChannelSlots> rows_;
  // The user side of ChannelRecord::hidden_by, for the channel lists.
  absl::flat_hash_map<UserId, HiddenSet> hidden_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MEMBERSHIP_USER_CHANNELS_H_
