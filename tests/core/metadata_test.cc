// banter::Metadata: the ordered string map of the public API.
#include "banter/metadata.h"

#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace banter {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(MetadataTest, IteratesInKeyOrderWhateverTheInsertOrder) {
  Metadata m;
  m["zeta"] = "1";
  m.emplace("alpha", "2");
  m.insert_or_assign("mid", "3");
  EXPECT_THAT(m, ElementsAre(Pair("alpha", "2"), Pair("mid", "3"),
                             Pair("zeta", "1")));
}

TEST(MetadataTest, EmplaceKeepsTheFirstValueInsertOrAssignReplacesIt) {
  Metadata m{{"k", "first"}, {"k", "second"}};
  EXPECT_THAT(m, ElementsAre(Pair("k", "first")));
  EXPECT_FALSE(m.emplace("k", "third").second);
  EXPECT_EQ(m.find("k")->second, "first");
  EXPECT_FALSE(m.insert_or_assign("k", "fourth").second);
  EXPECT_EQ(m.find("k")->second, "fourth");
  EXPECT_TRUE(m.insert_or_assign("j", "x").second);
  EXPECT_EQ(m.size(), 2u);
}

TEST(MetadataTest, FindContainsAndEraseByKey) {
  Metadata m{{"b", "2"}, {"a", "1"}};
  EXPECT_TRUE(m.contains("a"));
  EXPECT_FALSE(m.contains("c"));
  EXPECT_EQ(m.find("c"), m.end());
  EXPECT_EQ(m.count("b"), 1u);
  EXPECT_EQ(m.erase("a"), 1u);
  EXPECT_EQ(m.erase("a"), 0u);
  EXPECT_THAT(m, ElementsAre(Pair("b", "2")));
  // operator[] inserts an empty value for a new key.
  EXPECT_EQ(m["new"], "");
  EXPECT_EQ(m.size(), 2u);
}

TEST(MetadataTest, EqualityIsByContents) {
  Metadata a{{"x", "1"}, {"y", "2"}};
  Metadata b;
  b["y"] = "2";
  b["x"] = "1";
  EXPECT_EQ(a, b);
  b["x"] = "changed";
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace banter
