// Cat: string concatenation for the replica library. Debian's Abseil keeps
// its own string_view, which absl::StrCat takes but std::string_view does
// not convert to, so this one takes both (and integers).
#ifndef BANTER_REPLICA_STRINGS_H_
#define BANTER_REPLICA_STRINGS_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/string_view.h"

namespace banter::replica::internal {

inline void AppendPiece(std::string* out, std::string_view s) { out->append(s); }
inline void AppendPiece(std::string* out, const char* s) { out->append(s); }
inline void AppendPiece(std::string* out, const std::string& s) {
  out->append(s);
}
inline void AppendPiece(std::string* out, absl::string_view s) {
  out->append(s.data(), s.size());
}
template <typename I>
  requires std::is_integral_v<I>
void AppendPiece(std::string* out, I v) {
  out->append(std::to_string(v));
}

template <typename... T>
std::string Cat(const T&... pieces) {
  std::string out;
  (AppendPiece(&out, pieces), ...);
  return out;
}

}  // namespace banter::replica::internal

#endif  // BANTER_REPLICA_STRINGS_H_
