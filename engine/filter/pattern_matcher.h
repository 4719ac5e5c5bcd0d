// PatternMatcher: one Aho-Corasick automaton over every pattern of a word
// list, so that checking a message costs O(message bytes + occurrences found)
// whatever the list's size (docs/word-filter.md, "Cost").
//
// Matching is on bytes. ASCII letters are folded to lower case on both sides
// (patterns are given folded; text is folded as it is read); every other byte,
// UTF-8 included, matches only itself. A pattern may require word boundaries
// on either side: a side that is not open must be the text's edge or a byte
// that is not a word byte. Word bytes are ASCII letters, digits, '_' and every
// byte >= 0x80 (so a word of any script is one word, and "ass" never matches
// inside "assé").
//
// Layout. Bytes are first mapped to classes: every byte that occurs in some
// pattern (ASCII letters folded) has its own class, and all the others share
// class 0, on which every partial match dies at once (spaces and punctuation
// of ordinary text, unless a pattern holds them). States are numbered in
// breadth-first order, so each state's edges (sorted by class) sit together
// in two parallel arrays. Wide states (the root, and every state with
// kDenseMinEdges edges or more, within a memory budget) also get a dense row
// with their full transition for every class, failure links already
// followed, so a step from them is one load; those are the states near the
// root that ordinary text keeps returning to. Each state keeps its failure
// link, its depth (the length of the pattern ending there, if any), which
// boundary variants of that pattern exist, and a dictionary link to the
// nearest shorter suffix state where a pattern ends, so reporting walks only
// real occurrences. 24 bytes per state (one per distinct pattern prefix),
// 5 per edge, 4 per class in each dense row.
//
// Thread-safety: immutable once built; const methods may run concurrently.
// Copy/move: copyable on purpose (a filter is part of the engine's state).
#ifndef BANTER_ENGINE_FILTER_PATTERN_MATCHER_H_
#define BANTER_ENGINE_FILTER_PATTERN_MATCHER_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace banter::internal {

// One pattern as the automaton takes it.
struct MatchPattern {
  std::string text;         // non-empty; ASCII letters already lower case
  bool open_left = false;   // may start inside a word
  bool open_right = false;  // may end inside a word
  friend bool operator==(const MatchPattern&, const MatchPattern&) = default;
};

// A word byte, for boundaries: [A-Za-z0-9_] and every byte >= 0x80.
constexpr bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}
constexpr unsigned char FoldAscii(unsigned char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c + 32) : c;
}

class PatternMatcher {
 public:
  // Matches nothing.
  PatternMatcher();
  // Requires: every pattern's text is non-empty and holds no upper-case
  // ASCII letter. Repeated patterns are fine. O(total pattern bytes x log
  // 256) time.
  explicit PatternMatcher(const std::vector<MatchPattern>& patterns);

  bool empty() const { return states_.size() <= 1; }
  size_t state_count() const { return states_.size(); }
  // Bytes held by the automaton's arrays.
  size_t MemoryBytes() const;

  // Calls found(begin, end) for every occurrence [begin, end) of a pattern in
  // `text` whose boundaries hold, in increasing `end` order (for one end,
  // longer first); stops early when found returns false. An occurrence is
  // reported once even when several boundary variants of its pattern hold.
  // O(text bytes + occurrences of patterns as substrings).
  template <typename Found>
  void ForEachMatch(std::string_view text, Found&& found) const;

  // True if some pattern occurs in `text`. Stops at the first.
  bool Matches(std::string_view text) const;

  // Writes `text` with every matched character replaced by one '*' into
  // *out and returns true, or returns false (and leaves *out) when nothing
  // matches. A character is a UTF-8 sequence: a match of valid UTF-8 patterns
  // in valid UTF-8 text covers whole characters, so each becomes one '*'
  // (the text never grows). Overlapping matches mask their union.
  bool Mask(std::string_view text, std::string* out) const;

 private:
  // Boundary variants of the pattern that ends at a state (bit set = that
  // variant was given).
  enum Variant : uint8_t {
    kClosed = 1,     // word boundary on both sides
    kOpenLeft = 2,   // boundary on the right only
    kOpenRight = 4,  // boundary on the left only
    kOpenBoth = 8,   // anywhere
  };
  static constexpr uint32_t kNoRow = ~uint32_t{0};
  // A state with this many edges gets a dense row (the root always does).
  static constexpr uint32_t kDenseMinEdges = 4;
  // At most this many dense-row entries (16 MiB), whatever the list.
  static constexpr size_t kDenseBudget = size_t{4} << 20;

  struct Node {
    uint32_t first_edge = 0;  // into edge_classes_ / edge_targets_
    uint32_t fail = 0;
    uint32_t dict = 0;        // nearest suffix state with a pattern; 0 = none
    uint32_t row = kNoRow;    // dense row index, or kNoRow
    uint32_t depth = 0;       // bytes from the root
    uint16_t edge_count = 0;
    uint8_t variants = 0;     // Variant bits of the pattern ending here
    uint8_t pad = 0;
  };

  // The transition from `state` on byte class `cls` (failure links
  // followed). Requires: cls != 0.
  uint32_t Step(uint32_t state, uint8_t cls) const;
  // True if the pattern of `state` may be reported at [begin, end).
  bool BoundariesHold(const Node& n, std::string_view text, size_t begin,
                      size_t end) const;

  std::array<uint8_t, 256> class_of_{};    // byte -> class (0 = in no pattern)
  uint32_t classes_ = 1;                   // class count, 0 included
  std::vector<Node> states_;               // [0] is the root
  std::vector<uint8_t> edge_classes_;      // per state, sorted
  std::vector<uint32_t> edge_targets_;
  std::vector<uint32_t> rows_;             // dense rows, classes_ entries each
};

// ---- Implementation of the template ------------------------------------------

inline uint32_t PatternMatcher::Step(uint32_t state, uint8_t cls) const {
  while (true) {
    const Node& n = states_[state];
    if (n.row != kNoRow) return rows_[n.row * classes_ + cls];
    // Narrow states have few edges: a linear scan.
    const uint8_t* edges = edge_classes_.data() + n.first_edge;
    for (uint32_t i = 0; i < n.edge_count; ++i) {
      if (edges[i] == cls) return edge_targets_[n.first_edge + i];
      if (edges[i] > cls) break;
    }
    state = n.fail;  // the root has a row, so this ends
  }
}

inline bool PatternMatcher::BoundariesHold(const Node& n, std::string_view text,
                                           size_t begin, size_t end) const {
  if (n.variants & kOpenBoth) return true;
  const bool left =
      begin == 0 || !IsWordByte(static_cast<unsigned char>(text[begin - 1]));
  const bool right =
      end == text.size() || !IsWordByte(static_cast<unsigned char>(text[end]));
  return ((n.variants & kClosed) && left && right) ||
         ((n.variants & kOpenLeft) && right) ||
         ((n.variants & kOpenRight) && left);
}

template <typename Found>
void PatternMatcher::ForEachMatch(std::string_view text, Found&& found) const {
  if (empty()) return;
  uint32_t state = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const uint8_t cls = class_of_[static_cast<unsigned char>(text[i])];
    if (cls == 0) {  // a byte of no pattern: every partial match dies
      state = 0;
      continue;
    }
    state = Step(state, cls);
    uint32_t t = states_[state].variants != 0 ? state : states_[state].dict;
    while (t != 0) {
      const Node& n = states_[t];
      const size_t end = i + 1;
      const size_t begin = end - n.depth;
      if (BoundariesHold(n, text, begin, end) && !found(begin, end)) return;
      t = n.dict;
    }
  }
}

}  // namespace banter::internal

#endif  // BANTER_ENGINE_FILTER_PATTERN_MATCHER_H_
