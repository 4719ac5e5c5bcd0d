#include "banter/error.h"

#include <set>

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

TEST(ErrorTest, MakeErrorCarriesDomainCodeAndCanonicalCode) {
  absl::Status s = MakeError(ErrorCode::kChannelNotFound, "no such channel");
  EXPECT_EQ(s.code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ErrorCodeOf(s), ErrorCode::kChannelNotFound);
  EXPECT_EQ(s.message(), "no such channel");
  EXPECT_THAT(s, testing::StatusIs(ErrorCode::kChannelNotFound));
}

TEST(ErrorTest, ErrorCodeOfIgnoresForeignStatuses) {
  EXPECT_EQ(ErrorCodeOf(absl::OkStatus()), std::nullopt);
  EXPECT_EQ(ErrorCodeOf(absl::NotFoundError("x")), std::nullopt);
}

TEST(ErrorTest, EveryCodeHasNameCanonicalCodeAndHttpStatus) {
  std::set<std::string_view> names;
  for (const ErrorCode* c = AllErrorCodesBegin(); c != AllErrorCodesEnd(); ++c) {
    EXPECT_NE(ErrorName(*c), "UnknownError") << static_cast<int>(*c);
    EXPECT_NE(CanonicalCodeOf(*c), absl::StatusCode::kUnknown);
    EXPECT_NE(CanonicalCodeOf(*c), absl::StatusCode::kOk);
    int http = HttpStatusOf(*c);
    EXPECT_GE(http, 400);
    EXPECT_LT(http, 600);
    EXPECT_EQ(ErrorCodeOf(MakeError(*c, "")), *c);
  }
}

TEST(ErrorTest, TalkPlusCodesKeepThePlatformNumbersAndNames) {
  EXPECT_EQ(static_cast<int>(ErrorCode::kChannelNotFound), 2003);
  EXPECT_EQ(ErrorName(ErrorCode::kUserIdTaken), "UserIDTaken");
  EXPECT_EQ(HttpStatusOf(ErrorCode::kUnauthorized), 401);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kTooManyRequests), 429);
  EXPECT_EQ(HttpStatusOf(ErrorCode::kChannelIdAlreadyTaken), 409);
}

}  // namespace
}  // namespace banter
