#include "banter/rest/json_input.h"

#include <string>

#include "banter/error.h"
#include "boost/json/parse.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace banter::rest {
namespace {

using ::banter::testing::IsOk;
using ::banter::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Pair;

boost::json::object Obj(std::string_view text) {
  return boost::json::parse(boost::json::string_view(text.data(), text.size()))
      .as_object();
}

TEST(JsonInputTest, ParseJsonAcceptsAnyValue) {
  EXPECT_THAT(ParseJson(R"({"a":[1,2,{"b":null}]})", 32), IsOk());
  EXPECT_THAT(ParseJson("42", 32), IsOk());
  EXPECT_THAT(ParseJson("  \"s\"  ", 32), IsOk());
}

TEST(JsonInputTest, ParseJsonRejectsMalformedInput) {
  for (std::string_view bad :
       {"", "{", "{\"a\":}", "[1,]", "{\"a\":1} x", "nul", "{'a':1}",
        "{\"a\":1,}", "// c\n{}", "\"\\x\"", "01"}) {
    EXPECT_THAT(ParseJson(bad, 32), StatusIs(ErrorCode::kParamsBindingError))
        << bad;
  }
}

TEST(JsonInputTest, ParseJsonRejectsInvalidUtf8) {
  EXPECT_THAT(ParseJson("\"\xff\"", 32),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(ParseJson("{\"a\xc3\":1}", 32),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST(JsonInputTest, ParseJsonEnforcesMaxDepth) {
  const std::string deep = std::string(40, '[') + std::string(40, ']');
  EXPECT_THAT(ParseJson(deep, 32), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(ParseJson(deep, 64), IsOk());
}

TEST(JsonInputTest, OptStringReadsStringsAndTreatsNullAsAbsent) {
  const boost::json::object o = Obj(R"({"s":"x","e":"","n":null})");
  EXPECT_EQ(OptString(o, "s").value(), "x");
  EXPECT_EQ(OptString(o, "e").value(), "");
  EXPECT_EQ(OptString(o, "n").value(), std::nullopt);
  EXPECT_EQ(OptString(o, "missing").value(), std::nullopt);
}

TEST(JsonInputTest, OptStringRejectsOtherTypes) {
  const boost::json::object o =
      Obj(R"({"i":1,"b":true,"a":["x"],"o":{},"d":1.5})");
  for (const char* key : {"i", "b", "a", "o", "d"}) {
    EXPECT_THAT(OptString(o, key), StatusIs(ErrorCode::kParamsBindingError))
        << key;
  }
}

TEST(JsonInputTest, StringsMustBeValidUtf8) {
  // A value built by an embedder (not parsed) can hold any bytes.
  boost::json::object o;
  o["s"] = "\xC0\x80";
  o["l"] = boost::json::array{"ok", "\xED\xA0\x80"};
  o["m"] = boost::json::object{{"k", "\xFF"}};
  EXPECT_THAT(OptString(o, "s"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(OptStringList(o, "l"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(OptMetadata(o, "m", ErrorCode::kInvalidMetaData),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST(JsonInputTest, ReqStringWantsANonEmptyString) {
  const boost::json::object o = Obj(R"({"s":"x","e":"","n":null,"i":3})");
  EXPECT_EQ(ReqString(o, "s").value(), "x");
  EXPECT_THAT(ReqString(o, "e"), StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(ReqString(o, "n"), StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(ReqString(o, "missing"), StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(ReqString(o, "i"), StatusIs(ErrorCode::kParamsBindingError));
}

TEST(JsonInputTest, OptIntWantsAnIntegerInRange) {
  const boost::json::object o = Obj(
      R"({"a":5,"b":-5,"c":1.0,"d":"5","e":18446744073709551615,"f":1e3,"g":101})");
  EXPECT_EQ(OptInt(o, "a", 0, 100).value(), 5);
  EXPECT_EQ(OptInt(o, "b", -10, 100).value(), -5);
  EXPECT_EQ(OptInt(o, "missing", 0, 100).value(), std::nullopt);
  for (const char* key : {"c", "d", "e", "f", "g"}) {
    EXPECT_THAT(OptInt(o, key, 0, 100),
                StatusIs(ErrorCode::kParamsBindingError))
        << key;
  }
  EXPECT_THAT(OptInt(o, "b", 0, 100), StatusIs(ErrorCode::kParamsBindingError));
}

TEST(JsonInputTest, OptBoolWantsABool) {
  const boost::json::object o = Obj(R"({"t":true,"f":false,"s":"true","i":1})");
  EXPECT_EQ(OptBool(o, "t").value(), true);
  EXPECT_EQ(OptBool(o, "f").value(), false);
  EXPECT_EQ(OptBool(o, "missing").value(), std::nullopt);
  EXPECT_THAT(OptBool(o, "s"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(OptBool(o, "i"), StatusIs(ErrorCode::kParamsBindingError));
}

TEST(JsonInputTest, StringListsWantArraysOfStrings) {
  const boost::json::object o =
      Obj(R"({"a":["x","y"],"e":[],"s":"x","m":["x",1],"n":null})");
  EXPECT_THAT(OptStringList(o, "a").value().value(), ElementsAre("x", "y"));
  EXPECT_TRUE(OptStringList(o, "e").value().value().empty());
  EXPECT_EQ(OptStringList(o, "n").value(), std::nullopt);
  EXPECT_THAT(OptStringList(o, "s"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(OptStringList(o, "m"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(ReqStringList(o, "a").value(), ElementsAre("x", "y"));
  EXPECT_TRUE(ReqStringList(o, "e").value().empty());
  EXPECT_THAT(ReqStringList(o, "n"), StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(ReqStringList(o, "missing"), StatusIs(ErrorCode::kInvalidParams));
}

TEST(JsonInputTest, MetadataReadsObjectsOfStrings) {
  const boost::json::object o = Obj(R"({"d":{"b":"2","a":"1"}})");
  std::optional<Metadata> m =
      OptMetadata(o, "d", ErrorCode::kInvalidMetaData).value();
  ASSERT_TRUE(m.has_value());
  EXPECT_THAT(*m, ElementsAre(Pair("a", "1"), Pair("b", "2")));
  EXPECT_EQ(OptMetadata(o, "missing", ErrorCode::kInvalidMetaData).value(),
            std::nullopt);
}

TEST(JsonInputTest, MetadataReadsEmptyStringAndNullAsEmpty) {
  // Spec §13 #2: privateData arrives as "", {} or null.
  const boost::json::object o = Obj(R"({"s":"","n":null,"o":{}})");
  for (const char* key : {"s", "n", "o"}) {
    std::optional<Metadata> m =
        OptMetadata(o, key, ErrorCode::kInvalidPrivateData).value();
    ASSERT_TRUE(m.has_value()) << key;
    EXPECT_TRUE(m->empty()) << key;
  }
}

TEST(JsonInputTest, MetadataReportsItsOwnCode) {
  const boost::json::object o =
      Obj(R"({"num":{"a":1},"arr":["a"],"str":"x","nested":{"a":{"b":"c"}}})");
  for (const char* key : {"num", "arr", "str", "nested"}) {
    EXPECT_THAT(OptMetadata(o, key, ErrorCode::kInvalidMetaData),
                StatusIs(ErrorCode::kInvalidMetaData))
        << key;
    EXPECT_THAT(OptMetadata(o, key, ErrorCode::kInvalidMemberInfo),
                StatusIs(ErrorCode::kInvalidMemberInfo))
        << key;
    EXPECT_THAT(OptMetadata(o, key, ErrorCode::kInvalidPrivateData),
                StatusIs(ErrorCode::kInvalidPrivateData))
        << key;
  }
}

}  // namespace
}  // namespace banter::rest
