#include "engine/core/message_log.h"

#include <cstring>
#include <utility>

#include "engine/core/check.h"

namespace banter::internal {
namespace {

// A channel's first chunk starts this small: most channels are quiet.
constexpr size_t kFirstChunkRecords = 8;
// The single-ring layout started its ring at this many records.
constexpr uint64_t kLegacyInitialCapacity = 8;

size_t LowBit(size_t i) { return i & (0 - i); }

// Fenwick tree `t` (1-based, t.size() - 1 nodes): adds `delta` at 0-based
// position `pos`.
void FenwickAdd(std::vector<uint32_t>& t, size_t pos, int64_t delta) {
  for (size_t i = pos + 1; i < t.size(); i += LowBit(i)) {
    t[i] = static_cast<uint32_t>(t[i] + delta);
  }
}

// Sum of 0-based positions [0, pos].
uint64_t FenwickPrefix(const std::vector<uint32_t>& t, size_t pos) {
  uint64_t sum = 0;
  for (size_t i = pos + 1; i > 0; i -= LowBit(i)) sum += t[i];
  return sum;
}

// Appends a position holding 0 to Fenwick tree `t`: the new node covers
// positions (i - lowbit(i), i], whose sums the nodes below it already hold.
void FenwickPushZero(std::vector<uint32_t>& t) {
  const size_t i = t.size();
  uint32_t v = 0;
  for (size_t j = i - 1; j > i - LowBit(i); j -= LowBit(j)) v += t[j];
  t.push_back(v);
}

// Builds a Fenwick tree (1-based) in place from point values in t[1..n].
void FenwickBuild(std::vector<uint32_t>& t) {
  const size_t n = t.size() - 1;
  for (size_t i = 1; i <= n; ++i) {
    size_t j = i + LowBit(i);
    if (j <= n) t[j] += t[i];
  }
}

}  // namespace

size_t MessageLog::capacity() const {
  size_t n = 0;
  for (const Slot& s : slots_) {
    if (s.chunk) n += s.chunk->recs.capacity();
  }
  return n;
}

size_t MessageLog::text_capacity() const {
  size_t n = 0;
  for (const Slot& s : slots_) {
    if (s.chunk) n += s.chunk->text.capacity();
  }
  return n;
}

size_t MessageLog::dead_text_bytes() const {
  size_t n = 0;
  for (const Slot& s : slots_) {
    if (s.chunk) n += s.chunk->dead;
  }
  return n;
}

const MessageExtras* MessageLog::extras(uint32_t seq) const {
  BANTER_DCHECK(Retains(seq));
  const Chunk& c = ChunkOf(seq);
  if (!c.recs[IndexInChunk(seq)].has_extras()) return nullptr;
  return c.extras.find(seq)->second.get();
}

MessageExtras& MessageLog::MutableExtras(uint32_t seq) {
  BANTER_DCHECK(Retains(seq));
  Chunk& c = ChunkOf(seq);
  MessageRecord& rec = c.recs[IndexInChunk(seq)];
  BANTER_DCHECK(!rec.deleted());
  std::unique_ptr<MessageExtras>& x = c.extras[seq];
  if (!x) x = std::make_unique<MessageExtras>();
  rec.flags |= MessageRecord::kHasExtras;
  return *x;
}

void MessageLog::TrimExtras(uint32_t seq) {
  BANTER_DCHECK(Retains(seq));
  Chunk& c = ChunkOf(seq);
  MessageRecord& rec = c.recs[IndexInChunk(seq)];
  if (!rec.has_extras()) return;
  auto it = c.extras.find(seq);
  if (!it->second->empty()) return;
  c.extras.erase(it);
  rec.flags &= ~MessageRecord::kHasExtras;
}

void MessageLog::SetText(uint32_t seq, std::string_view text) {
  BANTER_DCHECK(Retains(seq));
  BANTER_CHECK(text.size() <= kMaxTextBytes);
  Chunk& c = ChunkOf(seq);
  MessageRecord& rec = c.recs[IndexInChunk(seq)];
  BANTER_DCHECK(!rec.deleted());
  if (text.size() <= rec.text_len_) {
    // Shrinking (or equal): overwrite in place, the tail goes dead.
    if (!text.empty()) {
      std::memmove(c.text.data() + rec.text_pos_, text.data(), text.size());
    }
    c.dead += rec.text_len_ - static_cast<uint32_t>(text.size());
    rec.text_len_ = static_cast<uint16_t>(text.size());
  } else {
    KillText(c, rec);
    rec.text_pos_ = static_cast<uint32_t>(c.text.size());
    rec.text_len_ = static_cast<uint16_t>(text.size());
    c.text.insert(c.text.end(), text.begin(), text.end());
  }
  MaybeCompact(c);
  Sync(seq);
}

void MessageLog::Sync(uint32_t seq) {
  Slot& s = slots_[ChunkNumber(seq) & (slots_.size() - 1)];
  s.recs = s.chunk->recs.data();
  s.text = s.chunk->text.data();
}

void MessageLog::KillText(Chunk& c, MessageRecord& rec) {
  c.dead += rec.text_len_;
  rec.text_len_ = 0;
  rec.text_pos_ = 0;
}

void MessageLog::MaybeCompact(Chunk& c) {
  const size_t live = c.text.size() - c.dead;
  if (c.dead < kMinDeadTextBytes || c.dead <= live) return;
  // Copy the live texts, in record order, into an exactly sized arena. The
  // dead bytes reclaimed (more than the live ones copied) pay for it.
  std::vector<char> text;
  text.reserve(live);
  for (MessageRecord& r : c.recs) {
    if (r.text_len_ == 0) continue;
    const char* from = c.text.data() + r.text_pos_;
    r.text_pos_ = static_cast<uint32_t>(text.size());
    text.insert(text.end(), from, from + r.text_len_);
  }
  BANTER_DCHECK(text.size() == live);
  c.text.swap(text);
  c.dead = 0;
}

uint32_t MessageLog::Append(MessageRecord rec, std::string_view text,
                            std::unique_ptr<MessageExtras> extras,
                            bool broadcast, uint32_t cap) {
  BANTER_CHECK(last_ < UINT32_MAX);  // 4 billion messages in one channel
  BANTER_CHECK(text.size() <= kMaxTextBytes);
  // The single-ring layout's growth, kept as its capacity for snapshots; the
  // drops are the same as then.
  if (retained() == legacy_capacity_) {
    if (cap != 0 && retained() >= cap) {
      DropOldest();
    } else {
      uint64_t grown = std::max(kLegacyInitialCapacity, legacy_capacity_ * 2);
      if (cap != 0 && grown > cap) grown = cap;
      legacy_capacity_ = grown;
    }
  } else if (cap != 0 && retained() >= cap) {
    // The ring grew before a cap this low applied (never with fixed options,
    // but cheap to honour).
    DropOldest();
  }
  const uint32_t seq = last_ + 1;
  if (!rec.deleted()) {
    ++stored_;
    if (rec.has_file()) files_.PushBack(seq);
    if (broadcast) {
      if (!bcast_) bcast_ = std::make_unique<BroadcastIndex>();
      if (rec.to_all()) {
        bcast_->to_all.PushBack(seq);
      } else {
        bcast_->own[rec.sender].PushBack(seq);
      }
    }
  }
  rec.readers = 0;
  Place(seq, rec, text, std::move(extras));
  return seq;
}

MessageLog::Chunk& MessageLog::PrepareSlot(uint32_t seq) {
  const uint32_t number = ChunkNumber(seq);
  // The held chunks run from base_'s (if it is held: a restored empty
  // window holds none) to seq's; seq >= base_.
  const uint32_t oldest = ChunkNumber(base_);
  if (slots_.size() < size_t{number - oldest} + 1) {
    size_t want = std::max<size_t>(slots_.size() * 2, 1);
    while (want < size_t{number - oldest} + 1) want *= 2;
    GrowRing(want);
  }
  Slot& slot = slots_[number & (slots_.size() - 1)];
  if (!slot.chunk) {
    slot.chunk = std::make_unique<Chunk>();
    Chunk& c = *slot.chunk;
    // A channel's second chunk means it is busy: allocate whole chunks.
    const bool first = number == oldest;
    const size_t reserve = first ? kFirstChunkRecords : kChunkRecords;
    c.recs.reserve(reserve);
    c.tree.reserve(reserve + 1);
    c.tree.push_back(0);
  }
  Chunk& c = *slot.chunk;
  // Padding before a window restored mid-chunk (or after an emptied one).
  while (c.recs.size() < IndexInChunk(seq)) {
    c.recs.emplace_back();
    FenwickPushZero(c.tree);
  }
  BANTER_DCHECK(c.recs.size() == IndexInChunk(seq));
  return c;
}

uint32_t MessageLog::HeldChunk(size_t slot) const {
  // The held chunks are consecutive from base_'s, fewer than slots_.size()
  // of them, so slot i holds the one congruent to i from there.
  const size_t n = slots_.size();
  const uint32_t first = ChunkNumber(base_);
  return first + static_cast<uint32_t>((slot + n - first % n) % n);
}

void MessageLog::GrowRing(size_t slots) {
  std::vector<Slot> ring(slots);
  const size_t old = slots_.size();
  for (size_t i = 0; i < old; ++i) {
    if (!slots_[i].chunk) continue;
    Slot& to = ring[HeldChunk(i) & (slots - 1)];
    to = std::move(slots_[i]);
    to.tree = 0;
  }
  slots_.swap(ring);
  // Rebuild the ring's Fenwick tree from the chunk totals in O(slots).
  std::vector<uint32_t> t(slots + 1, 0);
  for (size_t i = 0; i < slots; ++i) {
    const Chunk* c = slots_[i].chunk.get();
    if (c != nullptr && !c->recs.empty()) {
      t[i + 1] =
          static_cast<uint32_t>(FenwickPrefix(c->tree, c->recs.size() - 1));
    }
  }
  FenwickBuild(t);
  for (size_t i = 0; i < slots; ++i) slots_[i].tree = t[i + 1];
}

void MessageLog::DirAdd(size_t slot, int64_t delta) {
  for (size_t i = slot + 1; i <= slots_.size(); i += LowBit(i)) {
    slots_[i - 1].tree = static_cast<uint32_t>(slots_[i - 1].tree + delta);
  }
}

uint64_t MessageLog::DirPrefix(size_t slot) const {
  uint64_t sum = 0;
  for (size_t i = slot + 1; i > 0; i -= LowBit(i)) sum += slots_[i - 1].tree;
  return sum;
}

void MessageLog::MarkDeleted(uint32_t seq) {
  BANTER_DCHECK(Retains(seq));
  Chunk& c = ChunkOf(seq);
  MessageRecord& rec = c.recs[IndexInChunk(seq)];
  BANTER_DCHECK(!rec.deleted());
  RemoveFromIndexes(seq, rec);
  deleted_.Insert(seq);
  --stored_;
  rec.flags |= MessageRecord::kDeleted;
  if (rec.has_extras()) {
    c.extras.erase(seq);
    rec.flags &= ~MessageRecord::kHasExtras;
  }
  KillText(c, rec);
  MaybeCompact(c);
  Sync(seq);
}

void MessageLog::RemoveFromIndexes(uint32_t seq, const MessageRecord& rec) {
  if (rec.has_file()) files_.Erase(seq);
  if (!bcast_) return;
  if (rec.to_all()) {
    bcast_->to_all.Erase(seq);
    return;
  }
  auto it = bcast_->own.find(rec.sender);
  if (it == bcast_->own.end()) return;
  it->second.Erase(seq);
  if (it->second.empty()) bcast_->own.erase(it);
}

void MessageLog::DropOldest() {
  const uint32_t seq = base_;
  const size_t slot = ChunkNumber(seq) & (slots_.size() - 1);
  Chunk& c = *slots_[slot].chunk;
  MessageRecord& rec = c.recs[IndexInChunk(seq)];
  if (rec.readers != 0) {
    // Read points at a dropped seq are now below the window.
    FenwickAdd(c.tree, IndexInChunk(seq), -int64_t{rec.readers});
    DirAdd(slot, -int64_t{rec.readers});
    low_ += rec.readers;
    in_window_ -= rec.readers;
  }
  if (rec.deleted()) {
    BANTER_DCHECK(deleted_.front() == seq);
    deleted_.PopFront();
  } else {
    --stored_;
    // The oldest live entry of each index is this seq, if it is there at all.
    if (!files_.empty() && files_.front() == seq) files_.PopFront();
    if (bcast_) {
      if (rec.to_all()) {
        if (!bcast_->to_all.empty() && bcast_->to_all.front() == seq) {
          bcast_->to_all.PopFront();
        }
      } else if (auto it = bcast_->own.find(rec.sender);
                 it != bcast_->own.end()) {
        if (it->second.front() == seq) it->second.PopFront();
        if (it->second.empty()) bcast_->own.erase(it);
      }
    }
  }
  if (rec.has_extras()) c.extras.erase(seq);
  ++base_;
  if (ChunkNumber(base_) != ChunkNumber(seq)) {
    // The chunk's last record: free it, arena and all. Its readers are 0.
    slots_[slot] = Slot{nullptr, nullptr, nullptr, slots_[slot].tree};
    return;
  }
  // Texts of dropped records are dead, not compacted: the chunk is freed
  // whole once the window leaves it.
  KillText(c, rec);
  rec = MessageRecord();
}

void MessageLog::Adjust(uint32_t seq, int delta) {
  BANTER_DCHECK(seq <= last_);
  if (seq < base_) {
    low_ += delta;
    return;
  }
  const size_t slot = ChunkNumber(seq) & (slots_.size() - 1);
  Chunk& c = *slots_[slot].chunk;
  c.recs[IndexInChunk(seq)].readers += delta;
  in_window_ += delta;
  FenwickAdd(c.tree, IndexInChunk(seq), delta);
  DirAdd(slot, delta);
}

uint64_t MessageLog::ReadPointsBelow(uint32_t seq) const {
  BANTER_DCHECK(seq >= base_ && seq <= last_ + 1);
  if (seq <= base_) return low_;
  // Window seqs [base_, seq - 1]: whole chunks from base_'s up to the one
  // before q's (ring slots a..b, maybe wrapping), then a prefix of q's chunk.
  // Records of base_'s chunk below base_ hold no readers.
  const uint32_t q = seq - 1;
  const uint32_t first = ChunkNumber(base_);
  const uint32_t lastc = ChunkNumber(q);
  uint64_t sum = low_;
  if (lastc > first) {
    const size_t mask = slots_.size() - 1;
    const size_t a = first & mask;
    const size_t b = (lastc - 1) & mask;
    if (a <= b) {
      sum += DirPrefix(b) - (a == 0 ? 0 : DirPrefix(a - 1));
    } else {
      sum += in_window_ - DirPrefix(a - 1) + DirPrefix(b);
    }
  }
  return sum + FenwickPrefix(ChunkOf(q).tree, IndexInChunk(q));
}

bool MessageLog::ReadIndexConsistent() const {
  if (slots_.empty()) return in_window_ == 0;
  if ((slots_.size() & (slots_.size() - 1)) != 0) return false;
  uint64_t sum = 0;
  std::vector<uint32_t> dir(slots_.size() + 1, 0);
  for (size_t i = 0; i < slots_.size(); ++i) {
    const Chunk* c = slots_[i].chunk.get();
    if (c == nullptr) continue;
    const size_t n = c->recs.size();
    if (c->tree.size() != n + 1) return false;
    std::vector<uint32_t> want(n + 1, 0);
    for (size_t k = 0; k < n; ++k) {
      want[k + 1] = c->recs[k].readers;
      sum += c->recs[k].readers;
    }
    FenwickBuild(want);
    if (want != c->tree) return false;
    dir[i + 1] =
        static_cast<uint32_t>(n == 0 ? 0 : FenwickPrefix(c->tree, n - 1));
  }
  if (sum != in_window_) return false;
  FenwickBuild(dir);
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].tree != dir[i + 1]) return false;
  }
  return true;
}

bool MessageLog::StorageConsistent() const {
  if ((slots_.size() & (slots_.size() - 1)) != 0) return false;
  for (size_t i = 0; i < slots_.size(); ++i) {
    const Chunk* c = slots_[i].chunk.get();
    if (c == nullptr) continue;
    if (c->recs.size() > kChunkRecords) return false;
    size_t text = 0;
    size_t extras = 0;
    for (size_t k = 0; k < c->recs.size(); ++k) {
      const MessageRecord& r = c->recs[k];
      text += r.text_len_;
      if (r.text_len_ != 0 &&
          size_t{r.text_pos_} + r.text_len_ > c->text.size()) {
        return false;
      }
      if (r.has_extras()) {
        ++extras;
        const uint32_t seq = static_cast<uint32_t>(
            uint64_t{HeldChunk(i)} * kChunkRecords + k + 1);
        auto it = c->extras.find(seq);
        if (it == c->extras.end() || it->second == nullptr) return false;
      }
    }
    if (text + c->dead != c->text.size() || extras != c->extras.size()) {
      return false;
    }
  }
  return true;
}

std::vector<uint32_t> MessageLog::LegacyTree() const {
  const uint64_t n = legacy_capacity_;
  if (n == 0) return {};
  std::vector<uint32_t> t(n + 1, 0);
  for (uint32_t seq = base_; seq <= last_ && seq >= base_; ++seq) {
    t[seq % n + 1] += at(seq).readers;
  }
  FenwickBuild(t);
  return t;
}

void MessageLog::Restore(uint32_t seq, const MessageRecord& rec,
                         std::string_view text,
                         std::unique_ptr<MessageExtras> extras) {
  BANTER_DCHECK(seq == last_ + 1 && seq >= base_);
  BANTER_CHECK(text.size() <= kMaxTextBytes);
  Place(seq, rec, text, std::move(extras));
}

void MessageLog::Place(uint32_t seq, MessageRecord rec, std::string_view text,
                       std::unique_ptr<MessageExtras> extras) {
  Chunk& c = PrepareSlot(seq);
  last_ = seq;
  rec.flags &= ~MessageRecord::kHasExtras;
  if (extras != nullptr) {
    rec.flags |= MessageRecord::kHasExtras;
    c.extras.emplace(seq, std::move(extras));
  }
  rec.text_pos_ = static_cast<uint32_t>(c.text.size());
  rec.text_len_ = static_cast<uint16_t>(text.size());
  c.text.insert(c.text.end(), text.begin(), text.end());
  c.recs.push_back(rec);
  FenwickPushZero(c.tree);
  if (c.recs.size() == kChunkRecords) {
    // A full chunk's arena grows again only through edits.
    c.text.shrink_to_fit();
  }
  Sync(seq);
}

void MessageLog::RebuildTrees() {
  for (Slot& s : slots_) {
    if (!s.chunk) continue;
    Chunk& c = *s.chunk;
    c.tree.assign(c.recs.size() + 1, 0);
    for (size_t k = 0; k < c.recs.size(); ++k) {
      c.tree[k + 1] = c.recs[k].readers;
    }
    FenwickBuild(c.tree);
    c.text.shrink_to_fit();
    s.recs = c.recs.data();
    s.text = c.text.data();
  }
  if (!slots_.empty()) GrowRing(slots_.size());
}

}  // namespace banter::internal
