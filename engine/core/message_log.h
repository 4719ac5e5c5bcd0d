// A channel's message history and its read-point index.
//
// OWNED BY THE MESSAGING AREA. The membership primitives call only the
// read-point hooks (AddReadPoint / MoveReadPoint / RemoveReadPoint),
// last_seq() and stored(); everything else is internal to engine/messages.
//
// Layout. Messages live in a ring of fixed-size records indexed by sequence
// number: the record of seq s is ring_[s % capacity]. The ring holds the
// retained window [base_seq, last_seq]; when the window would exceed the
// channel type's history cap, the oldest record is dropped first. The ring
// grows by doubling up to the cap, so a quiet channel costs a few records and
// a busy one exactly cap records. Everything rarely set (data, file, mentions,
// parent, reactions, translations, edit time) lives in MessageExtras, allocated
// only for messages that have some.
//
// Read points. Every member has a read point (MemberState::read_seq). The
// per-message "not read by" count needs, for a seq s, how many read points lie
// below s. Each record counts the members whose read point is exactly its seq
// (`readers`), a Fenwick tree over the same ring positions sums them in
// O(log capacity), and read points below the window are one counter (`low_`):
// when a record is dropped, its readers move into that counter. Unread counts
// need no per-member work at send time at all (docs/messaging.md).
//
// Secondary indexes, all sorted seq lists over the window:
//   deleted_  tombstones (deleted messages keep their slot until dropped);
//   files_    live messages that carry a file;
//   to_all / own (broadcast types only) live "to all" messages, and each
//             sender's live messages that are not "to all".
//
// Thread-safety: none; owned by the engine state.
// Copy/move: move-only (records own their extras).
#ifndef BANTER_ENGINE_CORE_MESSAGE_LOG_H_
#define BANTER_ENGINE_CORE_MESSAGE_LOG_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "banter/ids.h"
#include "banter/types.h"
#include "boost/container/flat_map.hpp"

namespace banter::internal {

// The reply target as it was when the reply was sent (spec §13 #29): later
// edits or deletion of the parent do not change it. Sender names are rendered
// from the sender's record, like the message's own.
struct ParentSnapshot {
  MessageId id;
  uint32_t sender = 0;  // as MessageRecord::sender
  MessageType type = MessageType::kText;
  Millis created_at = 0;
  std::string text;
  Metadata data;
  friend bool operator==(const ParentSnapshot&, const ParentSnapshot&) = default;
};

// Rarely-set message fields.
struct MessageExtras {
  Metadata data;
  FileInfo file;
  std::vector<UserId> mentions;  // request order, duplicates collapsed
  std::unique_ptr<ParentSnapshot> parent;
  // key -> users holding it, in the order they reacted.
  boost::container::flat_map<std::string, std::vector<UserId>> reactions;
  Metadata translations;  // language -> text
  Millis updated_at = 0;  // 0 = never edited

  bool empty() const {
    return data.empty() && file.empty() && mentions.empty() && !parent &&
           reactions.empty() && translations.empty() && updated_at == 0;
  }
};

// One stored message: 64 bytes plus text beyond the 15-byte SSO buffer plus
// extras when present (docs/messaging.md, "Bytes per message").
struct MessageRecord {
  enum Flag : uint8_t {
    kDeleted = 1,  // tombstone: text and extras freed, slot kept
    kToAll = 2,    // broadcast rule: seen by every member (docs/design.md)
    kHasFile = 4,
    kFiltered = 8,  // the word filter masked part of the text
  };

  std::string text;
  std::unique_ptr<MessageExtras> extras;  // null when it would be empty
  Millis created_at = 0;
  // UserId value for user types, BotId value for bot types, 0 for admin types.
  uint32_t sender = 0;
  // Members whose read point is exactly this seq (read-point index).
  uint32_t readers = 0;
  MessageType type = MessageType::kText;
  uint8_t flags = 0;

  bool deleted() const { return flags & kDeleted; }
  bool to_all() const { return flags & kToAll; }
  bool has_file() const { return flags & kHasFile; }
  bool filtered() const { return flags & kFiltered; }
  UserId user() const { return IsUserSent(type) ? UserId(sender) : UserId(); }
  BotId bot() const { return IsBotSent(type) ? BotId(sender) : BotId(); }
  Millis updated_at() const {
    return extras && extras->updated_at != 0 ? extras->updated_at : created_at;
  }

  static constexpr bool IsBotSent(MessageType t) {
    return t == MessageType::kBot || t == MessageType::kBotHidden;
  }
  static constexpr bool IsAdminSent(MessageType t) {
    return t == MessageType::kAdmin || t == MessageType::kAdminHidden;
  }
  static constexpr bool IsUserSent(MessageType t) {
    return !IsBotSent(t) && !IsAdminSent(t);
  }
};

static_assert(sizeof(MessageRecord) <= 64,
              "docs/messaging.md states 64 bytes per record");

// A sorted list of seqs that grows at the back and shrinks at the front (the
// retention window), with rare inserts and erases in the middle. A vector with
// a moving head: no allocation while empty, amortized O(1) at both ends.
class SeqIndex {
 public:
  size_t size() const { return v_.size() - head_; }
  bool empty() const { return size() == 0; }
  uint32_t operator[](size_t i) const { return v_[head_ + i]; }
  uint32_t front() const { return v_[head_]; }
  uint32_t back() const { return v_.back(); }
  const uint32_t* begin() const { return v_.data() + head_; }
  const uint32_t* end() const { return v_.data() + v_.size(); }

  // Requires: empty() or seq > back().
  void PushBack(uint32_t seq) { v_.push_back(seq); }
  void PopFront() {
    if (++head_ == v_.size()) {
      v_.clear();
      head_ = 0;
    } else if (head_ >= 32 && head_ * 2 >= v_.size()) {
      v_.erase(v_.begin(), v_.begin() + head_);
      head_ = 0;
    }
  }
  // Sorted insert; O(size) worst case (rare: deletions).
  void Insert(uint32_t seq) {
    v_.insert(v_.begin() + head_ + LowerBound(seq), seq);
  }
  // Returns false if absent.
  bool Erase(uint32_t seq) {
    size_t i = LowerBound(seq);
    if (i == size() || (*this)[i] != seq) return false;
    v_.erase(v_.begin() + head_ + i);
    if (head_ == v_.size()) {
      v_.clear();
      head_ = 0;
    }
    return true;
  }
  // Index of the first seq >= `seq`.
  size_t LowerBound(uint32_t seq) const {
    return std::lower_bound(begin(), end(), seq) - begin();
  }
  bool Contains(uint32_t seq) const {
    size_t i = LowerBound(seq);
    return i < size() && (*this)[i] == seq;
  }
  // Seqs in [lo, hi]. O(log size).
  size_t CountIn(uint32_t lo, uint32_t hi) const {
    if (lo > hi) return 0;
    return std::upper_bound(begin(), end(), hi) -
           std::lower_bound(begin(), end(), lo);
  }

 private:
  std::vector<uint32_t> v_;
  size_t head_ = 0;
};

// Indexes kept only for broadcast types, where non-owners read a subset.
struct BroadcastIndex {
  SeqIndex to_all;                                // live "to all" messages
  absl::flat_hash_map<uint32_t, SeqIndex> own;    // user -> live others
};

class MessageLog {
 public:
  MessageLog() = default;
  MessageLog(MessageLog&&) noexcept = default;
  MessageLog& operator=(MessageLog&&) noexcept = default;
  MessageLog(const MessageLog&) = delete;
  MessageLog& operator=(const MessageLog&) = delete;

  // Sequence number of the newest message ever sent (0 = none). Sequence
  // numbers start at 1 and are never reused within a channel.
  uint32_t last_seq() const { return last_; }
  // First retained seq; last_seq() + 1 when nothing is retained.
  uint32_t base_seq() const { return base_; }
  // Messages stored now (retained and not deleted).
  uint64_t stored() const { return stored_; }
  // Retained records, tombstones included.
  uint32_t retained() const { return last_ + 1 - base_; }
  bool Retains(uint32_t seq) const { return seq >= base_ && seq <= last_; }
  size_t capacity() const { return ring_.size(); }

  // Requires: Retains(seq).
  MessageRecord& at(uint32_t seq) { return ring_[seq % ring_.size()]; }
  const MessageRecord& at(uint32_t seq) const {
    return ring_[seq % ring_.size()];
  }

  // Appends `rec` as seq last_seq() + 1, first dropping the oldest record if
  // the window already holds `cap` records (0 = unlimited). `broadcast`
  // selects the broadcast indexes. Returns the new seq. Amortized O(1) plus
  // O(log capacity) when a dropped record held read points.
  uint32_t Append(MessageRecord rec, bool broadcast, uint32_t cap);

  // Turns a retained live message into a tombstone: frees text and extras,
  // updates the indexes. O(log n) plus the index erase (O(n) worst case).
  void MarkDeleted(uint32_t seq);

  const SeqIndex& deleted() const { return deleted_; }
  const SeqIndex& files() const { return files_; }
  // Broadcast indexes; null for other types (or before the first message).
  const BroadcastIndex* broadcast() const { return bcast_.get(); }
  // Live messages by `user` that are not "to all"; null if none.
  const SeqIndex* own(UserId user) const {
    if (!bcast_) return nullptr;
    auto it = bcast_->own.find(user.value());
    return it == bcast_->own.end() ? nullptr : &it->second;
  }

  // Read points strictly below `seq`. Requires: base_seq() <= seq <=
  // last_seq() + 1. O(log capacity).
  uint64_t ReadPointsBelow(uint32_t seq) const;
  // Read points below the window, and in it.
  uint64_t low_read_points() const { return low_; }
  uint64_t window_read_points() const { return in_window_; }
  // True if the Fenwick tree matches the per-record reader counts. O(n).
  bool ReadIndexConsistent() const;

  // Read-point index: one entry per member at the member's read_seq.
  void AddReadPoint(uint32_t seq) { Adjust(seq, +1); }
  void MoveReadPoint(uint32_t from, uint32_t to) {
    Adjust(from, -1);
    Adjust(to, +1);
  }
  void RemoveReadPoint(uint32_t seq) { Adjust(seq, -1); }

 private:
  friend struct SnapshotAccess;  // engine/durability/snapshot.cc
  void Adjust(uint32_t seq, int delta);
  void TreeAdd(size_t pos, int64_t delta);
  uint64_t TreePrefix(size_t pos) const;  // sum of positions [0, pos]
  void Grow(size_t capacity);
  void DropOldest();
  void RemoveFromIndexes(uint32_t seq, const MessageRecord& rec);

  std::vector<MessageRecord> ring_;  // capacity = ring_.size()
  std::vector<uint32_t> tree_;       // Fenwick over ring positions, 1-based
  uint32_t base_ = 1;
  uint32_t last_ = 0;
  uint32_t low_ = 0;        // read points < base_
  uint32_t in_window_ = 0;  // read points >= base_ (sum of readers)
  uint64_t stored_ = 0;
  SeqIndex deleted_;
  SeqIndex files_;
  std::unique_ptr<BroadcastIndex> bcast_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_MESSAGE_LOG_H_
