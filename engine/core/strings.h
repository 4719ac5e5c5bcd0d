// Debian's Abseil is built with its own absl::string_view (not an alias of
// std::string_view), so absl::StrCat, absl::Status and friends do not take a
// std::string_view. Sv() bridges the two without copying.
#ifndef BANTER_ENGINE_CORE_STRINGS_H_
#define BANTER_ENGINE_CORE_STRINGS_H_

#include <cstddef>
#include <string_view>

#include "absl/strings/string_view.h"

namespace banter::internal {

// Equal strings, in time independent of where they differ (tokens, keys,
// hashes): no early exit on the first differing byte.
inline bool SecretEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

inline absl::string_view Sv(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
inline std::string_view Sv(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_STRINGS_H_
