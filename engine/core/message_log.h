// A channel's message history and its read-point index.
//
// OWNED BY THE MESSAGING AREA. The membership primitives call only the
// read-point hooks (AddReadPoint / MoveReadPoint / RemoveReadPoint),
// last_seq() and stored(); everything else is internal to engine/messages.
//
// Layout. Messages live in chunks of kChunkRecords fixed-size 24-byte records,
// indexed by sequence number: seq s is record (s - 1) % kChunkRecords of
// chunk (s - 1) / kChunkRecords, and the chunks sit in a small ring of
// pointers. The log holds the retained window [base_seq, last_seq]; when the
// window would exceed the channel type's history cap, the oldest record is
// dropped first, and a chunk is freed once its last record is dropped. A
// channel's first chunk starts at 8 records and doubles up to a full chunk;
// later chunks are allocated whole. So a quiet channel costs a few records,
// and a busy one at most one chunk beyond its window at either end (never the
// doubling overshoot of a single ring).
//
// Text lives outside the records, in a byte arena per chunk: a record holds
// its text's offset and length, and readers get a string_view (text(seq)).
// Dropping a chunk frees its arena. A deleted or edited message's old bytes are
// dead until the arena is compacted, which happens when a chunk's dead bytes
// outweigh its live ones (and exceed kMinDeadTextBytes), so an arena (but
// the oldest chunk's, whose dropped texts wait for the chunk to be freed)
// holds at most about twice its live text plus 64 bytes; each compaction
// copies the live text and is paid for by at least as many dead bytes
// (amortized O(1) per byte written). A string_view from text() is valid
// until the next mutation of the log.
//
// Everything rarely set (data, file, mentions, parent, reactions,
// translations, edit time) lives in MessageExtras, allocated only for
// messages that have some and kept in a side table of the record's chunk
// (extras(seq)); the record's kHasExtras flag says whether there is one.
//
// Read points. Every member has a read point (MemberState::read_seq). The
// per-message "not read by" count needs, for a seq s, how many read points lie
// below s. Each record counts the members whose read point is exactly its seq
// (`readers`). A Fenwick tree per chunk sums them within the chunk, a Fenwick
// tree over the ring of chunks sums whole chunks, so a prefix costs
// O(log kChunkRecords + log chunks); read points below the window are one
// counter (`low_`): when a record is dropped, its readers move into that
// counter. Unread counts need no per-member work at send time at all
// (docs/messaging.md).
//
// Secondary indexes, all sorted seq lists over the window:
//   deleted_  tombstones (deleted messages keep their slot until dropped);
//   files_    live messages that carry a file;
//   to_all / own (broadcast types only) live "to all" messages, and each
//             sender's live messages that are not "to all".
//
// Thread-safety: none; owned by the engine state.
// Copy/move: move-only (chunks own their records, text and extras).
#ifndef BANTER_ENGINE_CORE_MESSAGE_LOG_H_
#define BANTER_ENGINE_CORE_MESSAGE_LOG_H_

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
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

// One stored message: 24 bytes plus its text in the chunk's arena plus
// extras when present (docs/messaging.md, "Bytes per message").
class MessageRecord {
 public:
  enum Flag : uint8_t {
    kDeleted = 1,  // tombstone: text and extras freed, slot kept
    kToAll = 2,    // broadcast rule: seen by every member (docs/design.md)
    kHasFile = 4,
    kFiltered = 8,  // the word filter masked part of the text
    // Set and cleared by MessageLog only: the chunk's side table holds this
    // seq's MessageExtras. Never stored in snapshots (they say it per record).
    kHasExtras = 128,
  };
  // The flags a snapshot may carry.
  static constexpr uint8_t kStoredFlags =
      kDeleted | kToAll | kHasFile | kFiltered;

  Millis created_at = 0;
  // UserId value for user types, BotId value for bot types, 0 for admin types.
  uint32_t sender = 0;
  // Members whose read point is exactly this seq (read-point index).
  uint32_t readers = 0;

 private:
  friend class MessageLog;
  uint32_t text_pos_ = 0;  // offset in the chunk's text arena
  uint16_t text_len_ = 0;  // bytes; see MessageLog::kMaxTextBytes

 public:
  MessageType type = MessageType::kText;
  uint8_t flags = 0;

  bool deleted() const { return flags & kDeleted; }
  bool to_all() const { return flags & kToAll; }
  bool has_file() const { return flags & kHasFile; }
  bool filtered() const { return flags & kFiltered; }
  bool has_extras() const { return flags & kHasExtras; }
  size_t text_size() const { return text_len_; }
  UserId user() const { return IsUserSent(type) ? UserId(sender) : UserId(); }
  BotId bot() const { return IsBotSent(type) ? BotId(sender) : BotId(); }

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

static_assert(sizeof(MessageRecord) == 24,
              "docs/messaging.md states 24 bytes per record");

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
  // Records per chunk (a power of two).
  static constexpr uint32_t kChunkRecords = 128;
  // Longest text a record holds. The engine stores at most 8,192 characters
  // (32 KiB of UTF-8); snapshots with longer texts are refused.
  static constexpr size_t kMaxTextBytes = UINT16_MAX;
  // An arena is compacted only once it holds at least this many dead bytes.
  static constexpr uint32_t kMinDeadTextBytes = 64;

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
  // Record slots allocated (>= retained()). O(chunks).
  size_t capacity() const;
  // Text arena bytes allocated, and the dead bytes among them. O(chunks).
  size_t text_capacity() const;
  size_t dead_text_bytes() const;

  // Requires: Retains(seq).
  MessageRecord& at(uint32_t seq) { return Rec(seq); }
  const MessageRecord& at(uint32_t seq) const {
    return const_cast<MessageLog*>(this)->Rec(seq);
  }
  // The text of `seq` (empty for a tombstone), valid until the log changes.
  // Requires: Retains(seq).
  std::string_view text(uint32_t seq) const {
    const Slot& s = SlotOf(seq);
    const MessageRecord& r = s.recs[IndexInChunk(seq)];
    return std::string_view(s.text + r.text_pos_, r.text_len_);
  }
  // Reads the records and texts of a walk over nearby seqs (a history page)
  // with one ring lookup per chunk instead of one per record. Valid until the
  // log changes.
  class Cursor {
   public:
    explicit Cursor(const MessageLog& log) : log_(&log) {}
    // Requires: log.Retains(seq).
    const MessageRecord& at(uint32_t seq) {
      Seek(seq);
      return recs_[seq - first_];
    }
    std::string_view text(uint32_t seq) {
      Seek(seq);
      const MessageRecord& r = recs_[seq - first_];
      return std::string_view(text_ + r.text_pos_, r.text_len_);
    }

   private:
    void Seek(uint32_t seq) {
      // Unsigned: a seq below first_ wraps to a large difference.
      if (recs_ != nullptr && seq - first_ < kChunkRecords) return;
      const Slot& s = log_->SlotOf(seq);
      first_ = seq - IndexInChunk(seq);
      recs_ = s.recs;
      text_ = s.text;
    }
    const MessageLog* log_;
    uint32_t first_ = 0;  // seq of recs_[0]
    const MessageRecord* recs_ = nullptr;
    const char* text_ = nullptr;
  };

  // The extras of `seq`, or null. Requires: Retains(seq).
  const MessageExtras* extras(uint32_t seq) const;
  // The extras of `seq`, created empty if absent; call TrimExtras after a
  // change that may have emptied them. Requires: Retains(seq), not deleted.
  MessageExtras& MutableExtras(uint32_t seq);
  // Frees the extras of `seq` if nothing is left in them.
  void TrimExtras(uint32_t seq);
  // Last edit time, or created_at if never edited. Requires: Retains(seq).
  Millis updated_at(uint32_t seq) const {
    const MessageRecord& r = at(seq);
    if (!r.has_extras()) return r.created_at;
    const MessageExtras* x = extras(seq);
    return x->updated_at != 0 ? x->updated_at : r.created_at;
  }

  // Replaces the text of a live retained message. Amortized O(text) (the
  // arena may compact). Requires: Retains(seq), not deleted,
  // text.size() <= kMaxTextBytes.
  void SetText(uint32_t seq, std::string_view text);

  // Appends a message as seq last_seq() + 1, first dropping the oldest record
  // if the window already holds `cap` records (0 = unlimited). `rec`'s
  // readers are ignored (start at 0); `extras` may be null. `broadcast`
  // selects the broadcast indexes. Returns the new seq. Amortized O(1 + text)
  // plus O(log) when a dropped record held read points.
  // Requires: text.size() <= kMaxTextBytes.
  uint32_t Append(MessageRecord rec, std::string_view text,
                  std::unique_ptr<MessageExtras> extras, bool broadcast,
                  uint32_t cap);

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
  // last_seq() + 1. O(log kChunkRecords + log chunks).
  uint64_t ReadPointsBelow(uint32_t seq) const;
  // Read points below the window, and in it.
  uint64_t low_read_points() const { return low_; }
  uint64_t window_read_points() const { return in_window_; }
  // True if the Fenwick trees match the per-record reader counts. O(n).
  bool ReadIndexConsistent() const;
  // True if every chunk's arena and extras table match its records: live and
  // dead bytes add up to the arena, each text lies inside it, each
  // kHasExtras record has its entry and no entry lacks one. O(n).
  bool StorageConsistent() const;

  // Read-point index: one entry per member at the member's read_seq.
  void AddReadPoint(uint32_t seq) { Adjust(seq, +1); }
  void MoveReadPoint(uint32_t from, uint32_t to) {
    Adjust(from, -1);
    Adjust(to, +1);
  }
  void RemoveReadPoint(uint32_t seq) { Adjust(seq, -1); }

 private:
  friend struct SnapshotAccess;  // engine/durability/snapshot.cc
  // kChunkRecords consecutive seqs. recs[i] is seq chunk * kChunkRecords +
  // i + 1; records below base_ (dropped, or padding before a restored
  // window) are empty: no readers, no text, no extras.
  struct Chunk {
    std::vector<MessageRecord> recs;
    std::vector<uint32_t> tree;  // Fenwick over recs, 1-based (tree[0] unused)
    std::vector<char> text;      // arena; records point into it
    uint32_t dead = 0;           // arena bytes no record points at
    absl::flat_hash_map<uint32_t, std::unique_ptr<MessageExtras>> extras;
  };
  // A ring slot caches its chunk's record and arena pointers, so reading a
  // record or a text costs two dependent loads after the slot, as one ring
  // did. Sync() refreshes them after anything that may move either vector.
  struct Slot {
    std::unique_ptr<Chunk> chunk;
    MessageRecord* recs = nullptr;
    const char* text = nullptr;
    uint32_t tree = 0;  // Fenwick node over the ring of chunks, 1-based
  };

  static uint32_t ChunkNumber(uint32_t seq) {
    return (seq - 1) / kChunkRecords;
  }
  static uint32_t IndexInChunk(uint32_t seq) {
    return (seq - 1) % kChunkRecords;
  }
  const Slot& SlotOf(uint32_t seq) const {
    return slots_[ChunkNumber(seq) & (slots_.size() - 1)];
  }
  Chunk& ChunkOf(uint32_t seq) const { return *SlotOf(seq).chunk; }
  MessageRecord& Rec(uint32_t seq) {
    return SlotOf(seq).recs[IndexInChunk(seq)];
  }
  // Refreshes the cached pointers of seq's slot.
  void Sync(uint32_t seq);
  // Makes room for seq last_ + 1: its chunk exists, padded up to it.
  Chunk& PrepareSlot(uint32_t seq);
  // Stores `rec` as seq last_ + 1 (last_ moves to it): its extras, its text
  // in the chunk's arena, its tree entry. Shared by Append and Restore.
  void Place(uint32_t seq, MessageRecord rec, std::string_view text,
             std::unique_ptr<MessageExtras> extras);
  void GrowRing(size_t slots);
  // The chunk number held in ring slot `slot`. Requires: it holds one.
  uint32_t HeldChunk(size_t slot) const;
  void Adjust(uint32_t seq, int delta);
  void DirAdd(size_t slot, int64_t delta);
  uint64_t DirPrefix(size_t slot) const;  // sum of slots [0, slot]
  void DropOldest();
  void RemoveFromIndexes(uint32_t seq, const MessageRecord& rec);
  void KillText(Chunk& c, MessageRecord& rec);
  void MaybeCompact(Chunk& c);
  // For snapshots: the ring size and Fenwick tree of the single-ring layout
  // this one replaced (snapshot format 1 stores both).
  std::vector<uint32_t> LegacyTree() const;
  // Snapshot load: stores a record read from a snapshot as seq last_ + 1
  // (readers kept; the trees are rebuilt after the last one).
  void Restore(uint32_t seq, const MessageRecord& rec, std::string_view text,
               std::unique_ptr<MessageExtras> extras);
  // Snapshot load: rebuilds the Fenwick trees from the records.
  void RebuildTrees();

  std::vector<Slot> slots_;  // ring of chunks; a power of two long, or empty
  uint32_t base_ = 1;
  uint32_t last_ = 0;
  uint32_t low_ = 0;        // read points < base_
  uint32_t in_window_ = 0;  // read points >= base_ (sum of readers)
  uint64_t stored_ = 0;
  // The ring size the single-ring layout would have now (it grew by doubling
  // from 8 up to the cap). Kept only because snapshots store it.
  uint64_t legacy_capacity_ = 0;
  SeqIndex deleted_;
  SeqIndex files_;
  std::unique_ptr<BroadcastIndex> bcast_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_MESSAGE_LOG_H_
