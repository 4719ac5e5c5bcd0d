// The users area's data: every user record, the dense access bytes, the
// external ids, the two search indexes and the open sessions, behind one
// class that keeps them private.
//
// Any area reads through the const interface (Find, Record, access, Name,
// names, sessions). Only the users area changes them: every mutator takes a
// `UsersKey`, a type defined in engine/users/users_key.h, which no other area
// may include (EngineAreaIncludeGraph fails if one does), so a write from
// another area does not compile. The snapshot loader restores and rebuilds
// the table through `SnapshotAccess`, its one friend (engine/durability),
// as LevelDB's `WriteBatchInternal` reaches a `WriteBatch`.
//
// Handles are dense from 1; slot 0 is an unused dead record. A deleted user
// stays as a dead record (live == false) with its last profile, because
// handles are never reused and history still names its sender.
//
// Not thread-safe; the transport serializes calls. Copyable and movable, like
// the State it sits in.
#ifndef BANTER_ENGINE_USERS_USER_TABLE_H_
#define BANTER_ENGINE_USERS_USER_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "banter/ids.h"
#include "engine/core/check.h"
#include "engine/core/interner.h"
#include "engine/core/key_index.h"
#include "engine/core/registry.h"
#include "engine/users/user_record.h"

namespace banter::internal {

class UsersKey;         // engine/users/users_key.h: the users area's write key
struct SnapshotAccess;  // engine/durability: restores the table from a file

inline constexpr uint8_t kUserLive = 1;
inline constexpr uint8_t kUserActive = 2;
inline constexpr uint8_t kUserPushOff = 4;
// Some user blocks this one (its blocked_by set is not empty): a send by a
// user without it skips the blocker search and the sender's cold record.
inline constexpr uint8_t kUserBlocked = 8;
// This user blocks someone (its blocked set is not empty): joining and
// leaving a channel, and being moved in its member array, read the user's
// blocked set only then, to keep the channel's sender filters in step.
inline constexpr uint8_t kUserBlocking = 16;

struct SessionRecord {
  UserId user;
  std::string session_id;
};

class UserTable : public Registry<UserId, UserRecord> {
 public:
  UserTable() { access_.push_back(0); }

  // ---- Reads (Find, Record, size, live_count, names: Registry) ----

  bool Issued(UserId u) const { return names_.Issued(u); }

  // kUserLive | kUserActive | kUserPushOff | kUserBlocked | kUserBlocking of
  // `u` (0 for a handle never issued): the one byte the actor check of every
  // call, the membership primitives and the send path read instead of the
  // cold record.
  uint8_t access(UserId u) const {
    return u.value() < access_.size() ? access_[u.value()] : 0;
  }

  std::string_view Name(UserId u) const { return names_.Name(u); }
  UserId FindName(std::string_view id) const { return names_.Find(id); }

  // Search indexes (Engine::SearchUsers): every live user's id, and the
  // ASCII-folded username of every live user that has one (U10).
  const KeyIndex& id_index() const { return id_index_; }
  const KeyIndex& name_index() const { return name_index_; }

  // Open sessions by session token (S4).
  const absl::flat_hash_map<std::string, SessionRecord>& sessions() const {
    return sessions_;
  }

  // ---- Writes: the users area only ----

  // The record of issued handle `u`, to change.
  UserRecord& Mutable(UserId u, const UsersKey&) {
    BANTER_DCHECK(u.value() < records_.size());
    return records_[u.value()];
  }
  Interner<UserId>& MutableNames(const UsersKey&) { return names_; }
  KeyIndex& MutableIdIndex(const UsersKey&) { return id_index_; }
  KeyIndex& MutableNameIndex(const UsersKey&) { return name_index_; }
  absl::flat_hash_map<std::string, SessionRecord>& MutableSessions(
      const UsersKey&) {
    return sessions_;
  }

  // Appends the record of the handle just issued by MutableNames().Add.
  // Requires: names().size() == size() + 1.
  UserRecord& Append(const UsersKey&) {
    records_.emplace_back();
    access_.push_back(0);
    return records_.back();
  }

  // Copies `u`'s live, active and push_disabled flags, whether anyone blocks
  // it and whether it blocks anyone into its access byte (U9). Call after
  // changing any of them.
  void SyncAccess(UserId u, const UsersKey&) {
    access_[u.value()] = AccessOf(records_[u.value()]);
  }

  // The access byte `r`'s flags call for (U9).
  static uint8_t AccessOf(const UserRecord& r) {
    return static_cast<uint8_t>((r.live ? kUserLive : 0) |
                                (r.active ? kUserActive : 0) |
                                (r.push_disabled ? kUserPushOff : 0) |
                                (r.blocked_by.empty() ? 0 : kUserBlocked) |
                                (r.blocked.empty() ? 0 : kUserBlocking));
  }

 private:
  friend struct SnapshotAccess;

  std::vector<uint8_t> access_;  // indexed like records_
  KeyIndex id_index_;
  KeyIndex name_index_;
  absl::flat_hash_map<std::string, SessionRecord> sessions_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_USERS_USER_TABLE_H_
