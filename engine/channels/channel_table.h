// The channel records, their external ids and the public list, behind one
// class that keeps them private.
//
// Any area reads a whole record through the const interface. A record is
// four parts (engine/channels/channel_record.h), and each part is changed
// only by the area that owns it, through the accessor that takes that
// area's key: Props (channels), Members (membership), Messages (messages),
// Bots (bots). The profile is a side table beside the records, written by
// the channels area (Profile). A key's header is private to its area
// (EngineAreaIncludeGraph fails on an include from anywhere else), so a write
// to another area's part does not compile. Three changes any area may ask
// for are named operations: Touch (the channel changed at t), Bury (a
// deleted channel's tombstone) and ReadPoints (the membership primitives'
// hooks into the message log's read-point index). The snapshot loader
// restores the table through SnapshotAccess, its one friend.
//
// Handles are dense from 1; slot 0 is an unused dead record; a deleted
// channel stays as a tombstone (live == false) because handles are never
// reused.
//
// Not thread-safe; the transport serializes calls. Movable.
#ifndef BANTER_ENGINE_CHANNELS_CHANNEL_TABLE_H_
#define BANTER_ENGINE_CHANNELS_CHANNEL_TABLE_H_

#include <cstddef>
#include <vector>

#include "absl/container/btree_set.h"
#include "banter/ids.h"
#include "engine/channels/channel_record.h"
#include "engine/core/check.h"
#include "engine/core/interner.h"
#include "engine/core/registry.h"

namespace banter::internal {

class ChannelsKey;      // engine/channels/channels_key.h
class MembershipKey;    // engine/membership/membership_key.h
class MessagesKey;      // engine/messages/messages_key.h
class BotsKey;          // engine/bots/bots_key.h
struct SnapshotAccess;  // engine/durability: restores the table from a file
struct TestAccess;      // tests/testing/test_access.h: corrupts on purpose

class ChannelTable : public Registry<ChannelId, ChannelRecord> {
 public:
  ChannelTable() { profiles_.emplace_back(); }

  // ---- Reads (Find, Record, size, live_count, names: Registry) ----

  // The profile of issued handle `c` (names, image, code, categories, data),
  // kept beside the record: only views, updates and the code rules read it.
  // Empty for a dead channel. Requires: `c.value() < size()`.
  const ChannelProfile& Profile(ChannelId c) const {
    BANTER_DCHECK(c.value() < profiles_.size());
    return profiles_[c.value()];
  }

  // Live channels listed by the public list (S3), for its cursor.
  const absl::btree_set<ChannelId>& public_list() const { return public_list_; }

  // ---- Named changes any area may ask for ----

  // The channel changed at `t` (updated_at never decreases).
  void Touch(ChannelId c, Millis t) {
    Millis& u = At(c).updated_at;
    if (t > u) u = t;
  }
  // Marks `c` dead, releases its id, drops it from the public list and frees
  // its bulk, keeping the tombstone's type, dialect and creation time.
  // Requires: `c` has no members left; its bots have forgotten it
  // (DestroyChannel).
  void Bury(ChannelId c) {
    ChannelRecord& ch = At(c);
    BANTER_DCHECK(ch.members.empty());
    public_list_.erase(c);
    names_.Release(c);
    ChannelRecord dead;
    dead.live = false;
    dead.type = ch.type;
    dead.dialect = ch.dialect;
    dead.created_at = ch.created_at;
    ch = std::move(dead);
    profiles_[c.value()] = ChannelProfile();
  }
  // The message log's read-point hooks (AddReadPoint, MoveReadPoint,
  // RemoveReadPoint), for the membership primitives only: every member has a
  // read point, so joining, leaving and marking read move one.
  MessageLog& ReadPoints(ChannelId c, const MembershipKey&) {
    return At(c).log;
  }

  // ---- Each part, for the area that owns it ----

  ChannelProps& Props(ChannelId c, const ChannelsKey&) { return At(c); }
  ChannelProfile& Profile(ChannelId c, const ChannelsKey&) {
    BANTER_DCHECK(c.value() < profiles_.size());
    return profiles_[c.value()];
  }
  ChannelMembers& Members(ChannelId c, const MembershipKey&) { return At(c); }
  ChannelMessages& Messages(ChannelId c, const MessagesKey&) { return At(c); }
  ChannelBots& Bots(ChannelId c, const BotsKey&) { return At(c); }

  // The channels area: ids, the public list, new records.
  Interner<ChannelId>& MutableNames(const ChannelsKey&) { return names_; }
  absl::btree_set<ChannelId>& MutablePublicList(const ChannelsKey&) {
    return public_list_;
  }
  // Appends the record of the handle just issued by MutableNames().Add;
  // Props and Profile then fill it in.
  void Append(const ChannelsKey&) {
    records_.emplace_back();
    profiles_.emplace_back();
  }

 private:
  friend struct SnapshotAccess;
  friend struct TestAccess;

  // The whole record of issued handle `c`, writable: for the accessors
  // above, each of which hands out only its part.
  ChannelRecord& At(ChannelId c) {
    BANTER_DCHECK(c.value() < records_.size());
    return records_[c.value()];
  }

  absl::btree_set<ChannelId> public_list_;
  std::vector<ChannelProfile> profiles_;  // indexed like records_
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CHANNELS_CHANNEL_TABLE_H_
