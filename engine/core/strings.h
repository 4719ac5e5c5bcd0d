// Debian's Abseil is built with its own absl::string_view (not an alias of
// std::string_view), so absl::StrCat, absl::Status and friends do not take a
// std::string_view. Sv() bridges the two without copying.
#ifndef BANTER_ENGINE_CORE_STRINGS_H_
#define BANTER_ENGINE_CORE_STRINGS_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace banter::internal {

inline absl::string_view Sv(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}
inline std::string_view Sv(absl::string_view s) {
  return std::string_view(s.data(), s.size());
}

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CORE_STRINGS_H_
