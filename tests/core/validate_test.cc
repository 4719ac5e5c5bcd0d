#include "engine/core/validate.h"

#include "gtest/gtest.h"

namespace banter::internal {
namespace {

TEST(ValidateTest, Utf8) {
  EXPECT_TRUE(IsValidUtf8("héllo 한국"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));      // truncated
  EXPECT_EQ(Utf8Length("한국어"), 3u);
}

TEST(ValidateTest, FitsCharsCountsCharactersNotBytes) {
  EXPECT_TRUE(FitsChars("한국어", 3));
  EXPECT_FALSE(FitsChars("한국어", 2));
  EXPECT_FALSE(FitsChars("\xff", 10));
}

TEST(ValidateTest, UriSafeIds) {
  EXPECT_TRUE(IsUriSafeId("user-1.a_b~c@d:e", 68));
  EXPECT_FALSE(IsUriSafeId("", 68));
  EXPECT_FALSE(IsUriSafeId("a b", 68));
  EXPECT_FALSE(IsUriSafeId("a/b", 68));
  EXPECT_FALSE(IsUriSafeId(std::string(69, 'a'), 68));
  EXPECT_TRUE(IsUriSafeId(std::string(68, 'a'), 68));
}

TEST(ValidateTest, TalkPlusMetadataLimits) {
  Metadata m;
  for (int i = 0; i < 5; ++i) m["k" + std::to_string(i)] = "v";
  EXPECT_TRUE(IsValidMetadata(m, kTalkPlusMetadata));
  m["k5"] = "v";
  EXPECT_FALSE(IsValidMetadata(m, kTalkPlusMetadata));
  EXPECT_TRUE(IsValidMetadata(m, kTalkPlusMessageData));
  EXPECT_FALSE(IsValidMetadata({{std::string(129, 'k'), "v"}}, kTalkPlusMetadata));
  EXPECT_TRUE(IsValidMetadata({{std::string(128, 'k'), std::string(1024, 'v')}},
                              kTalkPlusMetadata));
  EXPECT_FALSE(IsValidMetadata({{"k", std::string(1025, 'v')}}, kTalkPlusMetadata));
  EXPECT_FALSE(IsValidMetadata({{"", "v"}}, kTalkPlusMetadata));
}

TEST(ValidateTest, GitpleMetaKeysAreLettersHangulUnderscoreDash) {
  EXPECT_TRUE(IsValidMetadata({{"nick_name-한글", "x"}}, kGitpleMeta));
  EXPECT_FALSE(IsValidMetadata({{"age2", "x"}}, kGitpleMeta));
  // 34 Hangul syllables are 102 bytes: over the 100-byte key limit.
  std::string key;
  for (int i = 0; i < 34; ++i) key += "가";
  EXPECT_FALSE(IsValidMetadata({{key, "x"}}, kGitpleMeta));
  EXPECT_FALSE(IsValidMetadata({{"k", std::string(201, 'v')}}, kGitpleMeta));
}

}  // namespace
}  // namespace banter::internal
