// Status matchers: Debian's Abseil ships none.
//   EXPECT_THAT(engine.Join(...), StatusIs(ErrorCode::kAlreadyMember));
//   EXPECT_THAT(result, IsOk());
// StatusIs checks both the domain code and the canonical absl code it maps to.
#ifndef BANTER_TESTS_TESTING_STATUS_MATCHERS_H_
#define BANTER_TESTS_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/error.h"
#include "gmock/gmock.h"

namespace banter::testing {

inline const absl::Status& GetStatus(const absl::Status& s) { return s; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& s) {
  return s.status();
}

MATCHER_P(StatusIs, code,
          std::string("fails with domain code ") +
              std::to_string(static_cast<int>(code))) {
  const absl::Status& s = GetStatus(arg);
  auto got = ErrorCodeOf(s);
  if (!got.has_value()) {
    *result_listener << "status is " << s;
    return false;
  }
  if (*got != code) {
    *result_listener << "domain code " << static_cast<int>(*got) << " ("
                     << ErrorName(*got) << "): " << s;
    return false;
  }
  if (s.code() != CanonicalCodeOf(code)) {
    *result_listener << "canonical code mismatch: " << s;
    return false;
  }
  return true;
}

MATCHER(IsOk, "is OK") {
  const absl::Status& s = GetStatus(arg);
  if (!s.ok()) *result_listener << "status is " << s;
  return s.ok();
}

}  // namespace banter::testing

#define BANTER_ASSERT_OK(expr) ASSERT_THAT((expr), ::banter::testing::IsOk())
#define BANTER_EXPECT_OK(expr) EXPECT_THAT((expr), ::banter::testing::IsOk())

#endif  // BANTER_TESTS_TESTING_STATUS_MATCHERS_H_
