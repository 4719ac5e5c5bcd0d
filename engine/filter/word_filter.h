// The app's word filter: its entries, its action and its scope, and the one
// automaton (pattern_matcher.h) that checks a text against all entries at
// once (docs/word-filter.md).
//
// OWNED BY THE FILTER AREA. Other areas call only CheckText and CheckName
// (State::word_filter), at the point of their own check order, last before
// their change; the SetWordFilter command is the only change.
//
// Thread-safety: none; owned by the engine state.
// Copy/move: copyable on purpose (Updated builds the next filter beside the
// current one, so a refused change leaves the current one untouched).
#ifndef BANTER_ENGINE_FILTER_WORD_FILTER_H_
#define BANTER_ENGINE_FILTER_WORD_FILTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/commands.h"
#include "banter/types.h"
#include "engine/filter/pattern_matcher.h"

namespace banter::internal {

// The stored form of an entry given by an admin: ASCII letters lower case,
// one optional leading and one optional trailing '*'. Errors:
// kParamsBindingError (empty, longer than kMaxWordFilterEntryBytes, not
// UTF-8, a control character, a '*' elsewhere, nothing but '*', or blanks at
// either end of the word).
absl::StatusOr<std::string> NormalizeFilterEntry(std::string_view entry);

// Invariants (CheckInvariants):
//  F1. entries_ is sorted by bytes, without duplicates, and every entry is
//      its own normal form (NormalizeFilterEntry(e) == e).
//  F2. entries_.size() <= kMaxWordFilterEntries.
//  F3. matcher_ was built from exactly entries_ (built_from_ is their
//      fingerprint).
class WordFilter {
 public:
  WordFilter() = default;

  const std::vector<std::string>& entries() const { return entries_; }
  FilterAction action() const { return action_; }
  bool check_names() const { return check_names_; }
  // The default filter: no entries, action kMask, names unchecked. Dumps
  // and snapshots of engines that never set a filter do not mention it.
  bool is_default() const {
    return entries_.empty() && action_ == FilterAction::kMask &&
           !check_names_;
  }
  WordFilterView View() const;
  // The automaton, for measurements (states, bytes).
  const PatternMatcher& matcher() const { return matcher_; }

  // The filter `request` would leave, every entry validated first.
  // Errors: kParamsBindingError (a malformed entry in words, add or remove),
  // kWordFilterLimitExceeded. O(entries log entries + automaton build).
  absl::StatusOr<WordFilter> Updated(const WordFilterRequest& request) const;

  // Replaces everything and rebuilds the automaton. For snapshots: entries
  // are normalized and sorted here, so a damaged list cannot break F1; an
  // entry that does not normalize is refused (false).
  bool Assign(std::vector<std::string> entries, FilterAction action,
              bool check_names);

  // A message text. Returns false when it passes as is; true when the action
  // is kMask and some entry matched (then *masked holds the text with each
  // matched character replaced by '*'). Errors: kProfanityInContent (action
  // kRefuse and some entry matched). O(text bytes + occurrences), O(1) when
  // the list is empty.
  absl::StatusOr<bool> CheckText(std::string_view text,
                                 std::string* masked) const;
  // A user or channel name: kProfanityInContent when check_names is on and
  // some entry matches, whatever the action (a masked name would be a row of
  // stars nobody chose).
  absl::Status CheckName(std::string_view name) const;

  absl::Status CheckInvariants() const;
  // "word_filter action=... check_names=... entries=N" and one line per
  // entry; nothing when is_default().
  void Dump(std::string* out) const;

  friend bool operator==(const WordFilter& a, const WordFilter& b) {
    return a.entries_ == b.entries_ && a.action_ == b.action_ &&
           a.check_names_ == b.check_names_;
  }

 private:
  void Rebuild();
  static uint64_t Fingerprint(const std::vector<std::string>& entries);

  std::vector<std::string> entries_;
  FilterAction action_ = FilterAction::kMask;
  bool check_names_ = false;
  PatternMatcher matcher_;
  uint64_t built_from_ = Fingerprint({});
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_FILTER_WORD_FILTER_H_
