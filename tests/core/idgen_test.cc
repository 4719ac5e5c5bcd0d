#include "engine/core/idgen.h"

#include <set>

#include "gtest/gtest.h"

namespace banter::internal {
namespace {

TEST(IdGenTest, Mix64RoundTrips) {
  for (uint64_t x : {0ULL, 1ULL, 42ULL, ~0ULL, 0x123456789abcdefULL}) {
    EXPECT_EQ(Unmix64(Mix64(x)), x);
  }
}

TEST(IdGenTest, CipherEncodesSixteenHexDigitsAndDecodes) {
  IdCipher cipher(7);
  for (uint64_t v = 1; v < 2000; v += 37) {
    std::string text = cipher.Encode(v);
    ASSERT_EQ(text.size(), 16u);
    EXPECT_EQ(cipher.Decode(text), v);
  }
  EXPECT_EQ(cipher.Decode("xyz"), std::nullopt);
  EXPECT_EQ(cipher.Decode("0123456789ABCDEF"), std::nullopt);
}

TEST(IdGenTest, CipherDependsOnKey) {
  EXPECT_NE(IdCipher(1).Encode(5), IdCipher(2).Encode(5));
}

TEST(IdGenTest, DetRandomIsDeterministicPerSeedAndStream) {
  DetRandom a(9, 1), b(9, 1), c(9, 2);
  std::string x = a.Alnum(20);
  EXPECT_EQ(x, b.Alnum(20));
  EXPECT_NE(x, c.Alnum(20));
  EXPECT_EQ(a.counter(), b.counter());
}

}  // namespace
}  // namespace banter::internal
