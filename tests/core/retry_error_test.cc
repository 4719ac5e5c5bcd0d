// MakeRetryError / RetryAfterOf: the time left travels with the status.
#include "banter/error.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

TEST(RetryErrorTest, CarriesCodeAndTimeLeft) {
  absl::Status s =
      MakeRetryError(ErrorCode::kSlowModeActive, "wait 1500 ms", 1500);
  EXPECT_THAT(s, testing::StatusIs(ErrorCode::kSlowModeActive));
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(s.message(), "wait 1500 ms");
  EXPECT_EQ(RetryAfterOf(s), 1500);
}

TEST(RetryErrorTest, OtherStatusesCarryNone) {
  EXPECT_EQ(RetryAfterOf(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(RetryAfterOf(MakeError(ErrorCode::kMutedInChannel, "x")),
            std::nullopt);
  absl::Status forged = absl::ResourceExhaustedError("x");
  forged.SetPayload("banter.dev/RetryAfterMs", absl::Cord("12a"));
  EXPECT_EQ(RetryAfterOf(forged), std::nullopt);
}

}  // namespace
}  // namespace banter
