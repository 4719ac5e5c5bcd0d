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
// Layout. States are numbered in breadth-first order, so each state's edges
// sit together in two parallel arrays (bytes sorted, targets). The root's 256
// transitions are one dense row: most bytes of ordinary text leave every
// partial match and land there. Each state keeps its failure link, its depth
// (the length of the pattern ending there, if any), which boundary variants of
// that pattern exist, and a dictionary link to the nearest shorter suffix
// state where a pattern ends, so reporting walks only real occurrences.
// About 20 bytes per state (one state per distinct pattern prefix).
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
  struct Node {
    uint32_t first_edge = 0;  // into edge_bytes_ / edge_targets_
    uint32_t fail = 0;
    uint32_t dict = 0;        // nearest suffix state with a pattern; 0 = none
    uint16_t edge_count = 0;
    uint8_t variants = 0;     // Variant bits of the pattern ending here
    uint8_t pad = 0;
    uint32_t depth = 0;       // bytes from the root
  };

  uint32_t Step(uint32_t state, unsigned char c) const;
  // True if the pattern of `state` may be reported at [begin, end).
  bool BoundariesHold(const Node& n, std::string_view text, size_t begin,
                      size_t end) const;

  std::array<uint32_t, 256> root_next_{};  // dense root row (0 = stay)
  std::vector<Node> states_;               // [0] is the root
  std::vector<unsigned char> edge_bytes_;  // per state, sorted
  std::vector<uint32_t> edge_targets_;
};

// ---- Implementation of the template ------------------------------------------

inline uint32_t PatternMatcher::Step(uint32_t state, unsigned char c) const {
  while (state != 0) {
    const Node& n = states_[state];
    const unsigned char* bytes = edge_bytes_.data() + n.first_edge;
    // Edges are few but for the states near the root; a short linear scan
    // beats a binary search below about 16.
    if (n.edge_count <= 16) {
      for (uint32_t i = 0; i < n.edge_count; ++i) {
        if (bytes[i] == c) return edge_targets_[n.first_edge + i];
        if (bytes[i] > c) break;
      }
    } else {
      uint32_t lo = 0, hi = n.edge_count;
      while (lo < hi) {
        const uint32_t mid = (lo + hi) / 2;
        if (bytes[mid] < c) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      if (lo < n.edge_count && bytes[lo] == c) {
        return edge_targets_[n.first_edge + lo];
      }
    }
    state = n.fail;
  }
  return root_next_[c];
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
    state = Step(state, FoldAscii(static_cast<unsigned char>(text[i])));
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
