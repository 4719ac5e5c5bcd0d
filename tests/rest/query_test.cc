#include "banter/rest/query.h"

#include <string>

#include "banter/error.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace banter::rest {
namespace {

using ::banter::testing::IsOk;
using ::banter::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Pair;

TEST(QueryTest, PercentDecodeDecodesEitherCaseOfHex) {
  EXPECT_EQ(PercentDecode("a%20b%2fc%2Fd").value(), "a b/c/d");
  EXPECT_EQ(PercentDecode("").value(), "");
  EXPECT_EQ(PercentDecode("%C3%A9").value(), "\xC3\xA9");
}

TEST(QueryTest, PlusIsALiteralPlus) {
  EXPECT_EQ(PercentDecode("a+b").value(), "a+b");
}

TEST(QueryTest, PercentDecodeRejectsBadEscapes) {
  EXPECT_THAT(PercentDecode("%"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(PercentDecode("%2"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(PercentDecode("%zz"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(PercentDecode("ab%"), StatusIs(ErrorCode::kParamsBindingError));
}

TEST(QueryTest, PercentDecodeRejectsNulAndInvalidUtf8) {
  EXPECT_THAT(PercentDecode("a%00"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(PercentDecode("%FF"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(PercentDecode("%C3"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(PercentDecode(std::string("a\0b", 3)),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST(QueryTest, IsValidUtf8RejectsOverlongsSurrogatesAndBeyondUnicode) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));         // U+1F600
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));                // overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));            // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));            // U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));        // U+110000
  EXPECT_FALSE(IsValidUtf8("\x80"));                    // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));                // truncated
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));    // 5-byte form
}

TEST(QueryTest, ParseTargetSplitsThenDecodesSegments) {
  absl::StatusOr<Target> t = ParseTarget("/v1.4/api/users/a%2Fb/x%20y");
  ASSERT_THAT(t, IsOk());
  EXPECT_THAT(t->segments, ElementsAre("v1.4", "api", "users", "a/b", "x y"));
  EXPECT_TRUE(t->query.pairs().empty());
}

TEST(QueryTest, ParseTargetKeepsRepeatedKeysInOrder) {
  absl::StatusOr<Target> t =
      ParseTarget("/c?members=a&limit=2&members=b%2Cc&flag&=v&&x=1=2");
  ASSERT_THAT(t, IsOk());
  EXPECT_THAT(t->query.pairs(),
              ElementsAre(Pair("members", "a"), Pair("limit", "2"),
                          Pair("members", "b,c"), Pair("flag", ""),
                          Pair("", "v"), Pair("x", "1=2")));
  EXPECT_EQ(t->query.Get("members"), "a");
  EXPECT_EQ(t->query.Get("flag"), "");
  EXPECT_EQ(t->query.Get("missing"), std::nullopt);
  EXPECT_THAT(t->query.List("members"), ElementsAre("a", "b", "c"));
}

TEST(QueryTest, ListDropsEmptyItems) {
  Query q({{"m", ",a,,b,"}, {"m", ""}});
  EXPECT_THAT(q.List("m"), ElementsAre("a", "b"));
  EXPECT_TRUE(q.List("other").empty());
}

TEST(QueryTest, ParseTargetDropsTheFragment) {
  absl::StatusOr<Target> t = ParseTarget("/a?x=1#frag?y=2");
  ASSERT_THAT(t, IsOk());
  EXPECT_THAT(t->segments, ElementsAre("a"));
  EXPECT_THAT(t->query.pairs(), ElementsAre(Pair("x", "1")));
}

TEST(QueryTest, ParseTargetNeedsALeadingSlash) {
  EXPECT_THAT(ParseTarget("v1.4/api"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(ParseTarget(""), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(ParseTarget("?a=1"), StatusIs(ErrorCode::kParamsBindingError));
}

TEST(QueryTest, ParseTargetRejectsBadEscapesAnywhere) {
  EXPECT_THAT(ParseTarget("/a%zz"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(ParseTarget("/a?k%=1"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(ParseTarget("/a?k=%FF"), StatusIs(ErrorCode::kParamsBindingError));
}

TEST(QueryTest, ParseTargetKeepsEmptySegments) {
  absl::StatusOr<Target> t = ParseTarget("/a//b/");
  ASSERT_THAT(t, IsOk());
  EXPECT_THAT(t->segments, ElementsAre("a", "", "b", ""));
}

TEST(QueryTest, IntParsesDecimalIntegersInRange) {
  Query q({{"limit", "25"}, {"neg", "-3"}, {"empty", ""}});
  EXPECT_EQ(q.Int("limit", 20, 0, 100).value(), 25);
  EXPECT_EQ(q.Int("neg", 20, -10, 100).value(), -3);
  EXPECT_EQ(q.Int("missing", 20, 0, 100).value(), 20);
  EXPECT_EQ(q.Int("empty", 20, 0, 100).value(), 20);
}

TEST(QueryTest, IntRejectsNonIntegersAndOutOfRange) {
  Query q({{"a", "1e3"}, {"b", "12abc"}, {"c", " 1"}, {"d", "101"},
           {"e", "99999999999999999999"}, {"f", "0x10"}, {"g", "1.0"}});
  for (const char* key : {"a", "b", "c", "d", "e", "f", "g"}) {
    EXPECT_THAT(q.Int(key, 20, 0, 100),
                StatusIs(ErrorCode::kParamsBindingError))
        << key;
  }
}

TEST(QueryTest, BoolAcceptsOnlyTrueAndFalse) {
  Query q({{"t", "true"}, {"f", "false"}, {"e", ""}, {"x", "TRUE"}, {"n", "1"}});
  EXPECT_EQ(q.Bool("t").value(), true);
  EXPECT_EQ(q.Bool("f").value(), false);
  EXPECT_EQ(q.Bool("e").value(), std::nullopt);
  EXPECT_EQ(q.Bool("missing").value(), std::nullopt);
  EXPECT_THAT(q.Bool("x"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(q.Bool("n"), StatusIs(ErrorCode::kParamsBindingError));
}

}  // namespace
}  // namespace banter::rest
