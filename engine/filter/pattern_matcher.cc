#include "engine/filter/pattern_matcher.h"

#include <algorithm>
#include <utility>

#include "engine/core/check.h"

namespace banter::internal {

PatternMatcher::PatternMatcher() { states_.emplace_back(); }

PatternMatcher::PatternMatcher(const std::vector<MatchPattern>& patterns) {
  // 1. The trie, with children as sorted (byte, child) lists. Node ids here
  //    are insertion order; they are renumbered breadth-first below.
  struct TrieNode {
    std::vector<std::pair<unsigned char, uint32_t>> children;
    uint8_t variants = 0;
    uint32_t depth = 0;
  };
  std::vector<TrieNode> trie(1);
  for (const MatchPattern& p : patterns) {
    BANTER_CHECK(!p.text.empty());
    uint32_t node = 0;
    for (char ch : p.text) {
      const unsigned char c = static_cast<unsigned char>(ch);
      BANTER_CHECK(FoldAscii(c) == c);
      auto& kids = trie[node].children;
      auto it = std::lower_bound(
          kids.begin(), kids.end(), c,
          [](const auto& e, unsigned char b) { return e.first < b; });
      if (it != kids.end() && it->first == c) {
        node = it->second;
        continue;
      }
      const uint32_t child = static_cast<uint32_t>(trie.size());
      const uint32_t depth = trie[node].depth + 1;
      kids.insert(it, {c, child});
      trie.emplace_back();
      trie.back().depth = depth;
      node = child;
    }
    trie[node].variants |= p.open_left && p.open_right ? kOpenBoth
                           : p.open_left              ? kOpenLeft
                           : p.open_right             ? kOpenRight
                                                      : kClosed;
  }

  // 2. Breadth-first order: new id of every trie node, and the flat edges.
  std::vector<uint32_t> order;  // new id -> trie id
  std::vector<uint32_t> new_id(trie.size(), 0);
  order.reserve(trie.size());
  order.push_back(0);
  for (size_t head = 0; head < order.size(); ++head) {
    for (const auto& [c, kid] : trie[order[head]].children) {
      new_id[kid] = static_cast<uint32_t>(order.size());
      order.push_back(kid);
    }
  }
  states_.resize(order.size());
  edge_bytes_.reserve(order.size() - 1);
  edge_targets_.reserve(order.size() - 1);
  for (size_t id = 0; id < order.size(); ++id) {
    const TrieNode& t = trie[order[id]];
    Node& n = states_[id];
    n.first_edge = static_cast<uint32_t>(edge_bytes_.size());
    n.edge_count = static_cast<uint16_t>(t.children.size());
    n.variants = t.variants;
    n.depth = t.depth;
    for (const auto& [c, kid] : t.children) {
      edge_bytes_.push_back(c);
      edge_targets_.push_back(new_id[kid]);
    }
  }
  root_next_.fill(0);
  for (uint32_t i = 0; i < states_[0].edge_count; ++i) {
    root_next_[edge_bytes_[i]] = edge_targets_[i];
  }

  // 3. Failure and dictionary links, breadth first: a state's links depend
  //    only on shallower states. Step() follows the failure links already
  //    set, so it serves here as it does when matching.
  for (uint32_t id = 1; id < states_.size(); ++id) {
    const Node& parent = states_[id];
    for (uint32_t e = 0; e < parent.edge_count; ++e) {
      const unsigned char c = edge_bytes_[parent.first_edge + e];
      const uint32_t kid = edge_targets_[parent.first_edge + e];
      // The longest proper suffix of kid's string that is a trie state:
      // follow the parent's failure chain for byte c.
      states_[kid].fail = Step(parent.fail, c);
    }
  }
  // Root children fail to the root (fail = 0, already). Dictionary links in
  // breadth-first order, so the failure target's link is already known.
  for (uint32_t id = 1; id < states_.size(); ++id) {
    const uint32_t f = states_[id].fail;
    states_[id].dict = states_[f].variants != 0 ? f : states_[f].dict;
  }
}

size_t PatternMatcher::MemoryBytes() const {
  return sizeof(*this) + states_.capacity() * sizeof(Node) +
         edge_bytes_.capacity() + edge_targets_.capacity() * sizeof(uint32_t);
}

bool PatternMatcher::Matches(std::string_view text) const {
  bool any = false;
  ForEachMatch(text, [&](size_t, size_t) {
    any = true;
    return false;
  });
  return any;
}

bool PatternMatcher::Mask(std::string_view text, std::string* out) const {
  // Matches arrive by increasing end; a later one may start before earlier
  // ones, so it swallows every interval it reaches (a stack of disjoint,
  // sorted intervals).
  struct Span {
    size_t begin, end;
  };
  std::vector<Span> spans;
  ForEachMatch(text, [&](size_t begin, size_t end) {
    while (!spans.empty() && spans.back().end >= begin) {
      begin = std::min(begin, spans.back().begin);
      spans.pop_back();
    }
    spans.push_back({begin, end});
    return true;
  });
  if (spans.empty()) return false;
  std::string masked;
  masked.reserve(text.size());
  size_t at = 0;
  for (const Span& s : spans) {
    masked.append(text.substr(at, s.begin - at));
    for (size_t i = s.begin; i < s.end; ++i) {
      // One '*' per character: skip UTF-8 continuation bytes.
      if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
        masked.push_back('*');
      }
    }
    at = s.end;
  }
  masked.append(text.substr(at));
  *out = std::move(masked);
  return true;
}

}  // namespace banter::internal
