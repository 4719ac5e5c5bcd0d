#include "engine/filter/pattern_matcher.h"

#include <algorithm>
#include <array>
#include <utility>

#include "engine/core/check.h"

namespace banter::internal {

PatternMatcher::PatternMatcher() {
  states_.emplace_back();
  // The root's row: every class leads back to the root.
  states_[0].row = 0;
  rows_.assign(classes_, 0);
}

PatternMatcher::PatternMatcher(const std::vector<MatchPattern>& patterns) {
  // 0. Byte classes: one per byte some pattern holds, in byte order;
  //    upper-case ASCII shares its lower-case letter's class.
  std::array<bool, 256> used{};
  for (const MatchPattern& p : patterns) {
    for (char ch : p.text) used[static_cast<unsigned char>(ch)] = true;
  }
  for (int b = 0; b < 256; ++b) {
    if (used[b]) {
      BANTER_CHECK(classes_ < 256);
      class_of_[b] = static_cast<uint8_t>(classes_++);
    }
  }
  for (int b = 'A'; b <= 'Z'; ++b) class_of_[b] = class_of_[b - 'A' + 'a'];

  // 1. The trie, with children as sorted (class, child) lists. Node ids here
  //    are insertion order; they are renumbered breadth-first below.
  struct TrieNode {
    std::vector<std::pair<uint8_t, uint32_t>> children;
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
      const uint8_t cls = class_of_[c];
      auto& kids = trie[node].children;
      auto it = std::lower_bound(
          kids.begin(), kids.end(), cls,
          [](const auto& e, uint8_t k) { return e.first < k; });
      if (it != kids.end() && it->first == cls) {
        node = it->second;
        continue;
      }
      const uint32_t child = static_cast<uint32_t>(trie.size());
      const uint32_t depth = trie[node].depth + 1;
      kids.insert(it, {cls, child});
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
    for (const auto& [cls, kid] : trie[order[head]].children) {
      new_id[kid] = static_cast<uint32_t>(order.size());
      order.push_back(kid);
    }
  }
  states_.resize(order.size());
  edge_classes_.reserve(order.size() - 1);
  edge_targets_.reserve(order.size() - 1);
  for (size_t id = 0; id < order.size(); ++id) {
    const TrieNode& t = trie[order[id]];
    Node& n = states_[id];
    n.first_edge = static_cast<uint32_t>(edge_classes_.size());
    n.edge_count = static_cast<uint16_t>(t.children.size());
    n.variants = t.variants;
    n.depth = t.depth;
    for (const auto& [cls, kid] : t.children) {
      edge_classes_.push_back(cls);
      edge_targets_.push_back(new_id[kid]);
    }
  }
  trie.clear();
  trie.shrink_to_fit();

  // 3. Breadth first, each state's dense row (if it is wide) and then its
  //    children's failure links. Both only need shallower states, whose rows
  //    and links are done by then; Step() follows them as matching does.
  for (uint32_t id = 0; id < states_.size(); ++id) {
    Node& n = states_[id];
    const bool wide = id == 0 || n.edge_count >= kDenseMinEdges;
    if (wide && rows_.size() + classes_ <= kDenseBudget) {
      const uint32_t row = static_cast<uint32_t>(rows_.size() / classes_);
      rows_.resize(rows_.size() + classes_, 0);
      uint32_t* r = rows_.data() + size_t{row} * classes_;
      // Missing classes: where the failure state goes (the root: stay).
      if (id != 0) {
        for (uint32_t c = 1; c < classes_; ++c) {
          r[c] = Step(n.fail, static_cast<uint8_t>(c));
        }
      }
      for (uint32_t e = 0; e < n.edge_count; ++e) {
        r[edge_classes_[n.first_edge + e]] = edge_targets_[n.first_edge + e];
      }
      n.row = row;
    }
    for (uint32_t e = 0; e < n.edge_count; ++e) {
      const uint8_t cls = edge_classes_[n.first_edge + e];
      const uint32_t kid = edge_targets_[n.first_edge + e];
      // The longest proper suffix of kid's string that is a trie state:
      // the root's children fail to the root; others follow the parent's
      // failure chain for this class.
      states_[kid].fail = id == 0 ? 0 : Step(n.fail, cls);
    }
  }
  // Dictionary links in breadth-first order, so the failure target's link
  // is already known.
  for (uint32_t id = 1; id < states_.size(); ++id) {
    const uint32_t f = states_[id].fail;
    states_[id].dict = states_[f].variants != 0 ? f : states_[f].dict;
  }
}

size_t PatternMatcher::MemoryBytes() const {
  return sizeof(*this) + states_.capacity() * sizeof(Node) +
         edge_classes_.capacity() + edge_targets_.capacity() * sizeof(uint32_t) +
         rows_.capacity() * sizeof(uint32_t);
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
