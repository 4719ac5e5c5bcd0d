// Return-if-error helpers. Debian's Abseil (20220623) ships neither macro.
#ifndef BANTER_ENGINE_CORE_STATUS_MACROS_H_
#define BANTER_ENGINE_CORE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define BANTER_CONCAT_INNER_(a, b) a##b
#define BANTER_CONCAT_(a, b) BANTER_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status); returns it from the caller if not OK.
#define BANTER_RETURN_IF_ERROR(expr)                       \
  do {                                                     \
    ::absl::Status banter_status_ = (expr);                \
    if (!banter_status_.ok()) return banter_status_;       \
  } while (0)

// `lhs = value of expr` where expr is an absl::StatusOr<T>; returns the error
// from the caller if not OK. lhs may declare a variable (`auto& c`).
#define BANTER_ASSIGN_OR_RETURN(lhs, expr) \
  BANTER_ASSIGN_OR_RETURN_IMPL_(BANTER_CONCAT_(banter_or_, __LINE__), lhs, expr)
#define BANTER_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#endif  // BANTER_ENGINE_CORE_STATUS_MACROS_H_
