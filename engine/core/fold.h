// ASCII case folding and the folded substring match that search uses.
//
// Only the 26 ASCII letters fold; every other byte, and so every byte of a
// multi-byte UTF-8 sequence (all >= 0x80), compares as itself. A needle that
// is valid UTF-8 therefore only ever matches at character boundaries: a lead
// byte never equals a continuation byte. Full Unicode case folding would need
// tables and normalization the engine does not carry (docs/messaging.md,
// "Search").
//
// Thread-safety: pure functions and immutable values.
#ifndef BANTER_ENGINE_CORE_FOLD_H_
#define BANTER_ENGINE_CORE_FOLD_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace banter::internal {

constexpr char FoldAscii(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// `s` with its ASCII letters lowered.
inline std::string FoldedCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = FoldAscii(c);
  return out;
}

// True if folded `a` starts with the already-folded `folded_prefix`.
inline bool FoldedStartsWith(std::string_view a,
                             std::string_view folded_prefix) {
  if (a.size() < folded_prefix.size()) return false;
  for (size_t i = 0; i < folded_prefix.size(); ++i) {
    if (FoldAscii(a[i]) != folded_prefix[i]) return false;
  }
  return true;
}

// A needle for repeated case-insensitive substring tests against many
// haystacks (one search call, every message it scans). Built once per call;
// Find costs O(haystack) in the common case (the first byte rarely matches)
// and O(haystack x needle) at worst, with no allocation.
class FoldedNeedle {
 public:
  // Requires: !needle.empty().
  explicit FoldedNeedle(std::string_view needle)
      : folded_(FoldedCopy(needle)),
        first_lower_(folded_[0]),
        first_upper_(first_lower_ >= 'a' && first_lower_ <= 'z'
                         ? static_cast<char>(first_lower_ - 'a' + 'A')
                         : first_lower_) {}

  const std::string& folded() const { return folded_; }

  // True if `hay` contains the needle, ASCII letters compared without case.
  bool In(std::string_view hay) const {
    const size_t m = folded_.size();
    if (hay.size() < m) return false;
    const char* p = hay.data();
    const size_t last = hay.size() - m;
    for (size_t i = 0; i <= last; ++i) {
      const char c = p[i];
      if (c != first_lower_ && c != first_upper_) continue;
      size_t j = 1;
      while (j < m && FoldAscii(p[i + j]) == folded_[j]) ++j;
      if (j == m) return true;
    }
    return false;
  }

 private:
  std::string folded_;
  char first_lower_;
  char first_upper_;
};

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_FOLD_H_
