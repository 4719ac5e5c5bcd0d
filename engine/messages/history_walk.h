// The history walk's parts that every message read shares (history pages,
// search): which viewer a read acts for, the membership a read needs, and the
// candidate seqs of a window in either direction. Internal to engine/messages.
#ifndef BANTER_ENGINE_MESSAGES_HISTORY_WALK_H_
#define BANTER_ENGINE_MESSAGES_HISTORY_WALK_H_

#include <algorithm>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/error.h"
#include "banter/types.h"
#include "engine/core/message_log.h"
#include "engine/membership/membership.h"
#include "engine/state.h"

namespace banter::internal {

// The viewer a read call acts for: user actors read as themselves (naming
// someone else is kUnauthorized), bots cannot read, the admin reads as the
// named viewer or, with none, sees everything.
inline absl::StatusOr<UserId> ReadingViewer(const Actor& actor,
                                            UserId viewer) {
  switch (actor.kind) {
    case ActorKind::kAdmin:
      return viewer;
    case ActorKind::kUser:
      if (viewer.valid() && viewer != actor.user) {
        return MakeError(ErrorCode::kUnauthorized,
                         "users read messages as themselves");
      }
      return actor.user;
    case ActorKind::kBot:
      break;
  }
  return MakeError(ErrorCode::kUnauthorized, "bots cannot read messages");
}

// kUserNotChannelMember unless `u` is invalid (the admin view) or a member
// of `c`.
inline absl::Status RequireMember(const State& s, ChannelId c, UserId u) {
  if (u.valid() && !SlotOf(s, c, u).has_value()) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "reading messages needs membership");
  }
  return absl::OkStatus();
}

// Candidate seqs in [lo, hi], newest first or oldest first, from one of:
// every seq of the window (tombstones are skipped by the caller's Visible
// check, linearly), or the merge of up to two disjoint sorted indexes.
class SeqWalk {
 public:
  // Every seq.
  SeqWalk(uint32_t lo, uint32_t hi, bool descending)
      : lo_(lo), hi_(hi), desc_(descending) {
    next_ = descending ? int64_t{hi} : int64_t{lo};
  }
  // The union of `a` and `b` (either may be null).
  SeqWalk(const SeqIndex* a, const SeqIndex* b, uint32_t lo, uint32_t hi,
          bool descending)
      : lo_(lo), hi_(hi), desc_(descending), indexed_(true) {
    Start(a, &a_);
    Start(b, &b_);
  }

  bool Next(uint32_t* seq) {
    if (lo_ > hi_) return false;
    if (!indexed_) {
      if (next_ < lo_ || next_ > hi_) return false;
      *seq = static_cast<uint32_t>(next_);
      next_ += desc_ ? -1 : 1;
      return true;
    }
    uint32_t va = 0;
    uint32_t vb = 0;
    const bool ha = Peek(a_, &va);
    const bool hb = Peek(b_, &vb);
    if (!ha && !hb) return false;
    bool take_a = ha && (!hb || (desc_ ? va > vb : va < vb));
    Cursor& cur = take_a ? a_ : b_;
    *seq = take_a ? va : vb;
    if (desc_ ? *seq < lo_ : *seq > hi_) return false;
    cur.pos += desc_ ? -1 : 1;
    return true;
  }

 private:
  struct Cursor {
    const SeqIndex* idx = nullptr;
    // Descending: the next item is idx[pos - 1]; ascending: idx[pos].
    int64_t pos = 0;
  };
  void Start(const SeqIndex* idx, Cursor* c) {
    c->idx = idx;
    if (idx == nullptr) return;
    c->pos = desc_ ? std::upper_bound(idx->begin(), idx->end(), hi_) - idx->begin()
                   : static_cast<int64_t>(idx->LowerBound(lo_));
  }
  bool Peek(const Cursor& c, uint32_t* v) const {
    if (c.idx == nullptr) return false;
    if (desc_) {
      if (c.pos <= 0) return false;
      *v = (*c.idx)[c.pos - 1];
    } else {
      if (c.pos >= static_cast<int64_t>(c.idx->size())) return false;
      *v = (*c.idx)[c.pos];
    }
    return true;
  }

  uint32_t lo_;
  uint32_t hi_;
  bool desc_;
  bool indexed_ = false;
  int64_t next_ = 0;
  Cursor a_;
  Cursor b_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MESSAGES_HISTORY_WALK_H_
