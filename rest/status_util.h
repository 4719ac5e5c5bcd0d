// Small helpers shared by the adapter's sources: error construction, string
// concatenation and the return-if-error macros. (The engine keeps its own in
// engine/core; the adapter builds against the public headers only.)
#ifndef BANTER_REST_STATUS_UTIL_H_
#define BANTER_REST_STATUS_UTIL_H_

#include <initializer_list>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/error.h"

namespace banter::rest {

// Concatenates string pieces (std::string_view, unlike Debian's absl::StrCat).
inline std::string CatPieces(std::initializer_list<std::string_view> pieces) {
  size_t n = 0;
  for (std::string_view p : pieces) n += p.size();
  std::string out;
  out.reserve(n);
  for (std::string_view p : pieces) out.append(p);
  return out;
}
template <typename... T>
std::string Cat(const T&... pieces) {
  return CatPieces({std::string_view(pieces)...});
}

// MakeError with a std::string_view detail.
inline absl::Status Error(ErrorCode code, std::string_view detail) {
  return MakeError(code, detail);
}

}  // namespace banter::rest

#define REST_CONCAT_INNER_(a, b) a##b
#define REST_CONCAT_(a, b) REST_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status); returns it from the caller if not OK.
#define REST_RETURN_IF_ERROR(expr)                 \
  do {                                             \
    ::absl::Status rest_status_ = (expr);          \
    if (!rest_status_.ok()) return rest_status_;   \
  } while (0)

// `lhs = value of expr` (an absl::StatusOr<T>); returns the error from the
// caller if not OK. lhs may declare a variable.
#define REST_ASSIGN_OR_RETURN(lhs, expr) \
  REST_ASSIGN_OR_RETURN_IMPL_(REST_CONCAT_(rest_or_, __LINE__), lhs, expr)
#define REST_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

#endif  // BANTER_REST_STATUS_UTIL_H_
