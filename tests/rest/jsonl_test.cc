#include "banter/rest/jsonl.h"

#include <sstream>
#include <string>
#include <vector>

#include "boost/json/parse.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/rest/rest_test_util.h"

namespace banter::rest {
namespace {

using ::banter::rest::testing::TestServerOptions;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kCreate[] =
    R"({"method":"POST","path":"/v1.4/api/users/create","headers":{"app-id":"app","api-key":"key"},"body":{"userId":"u1","password":"pw"},"now":1700000000000})";
constexpr char kMalformed[] =
    R"({"status":400,"body":{"error":true,"code":"1001","message":"ParamsBindingError"}})"
    "\n";

class JsonLinesTest : public ::testing::Test {
 protected:
  JsonLinesTest() : server_(TestServerOptions()) {
    EXPECT_TRUE(server_.CreateApp("app", "key", {}, 0).ok());
  }
  std::string Run(std::string_view line, bool events = false,
                  Millis clock = 1) {
    JsonLinesSession session(server_, {.events = events});
    std::string out;
    session.HandleLine(line, clock, &out);
    return out;
  }
  Server server_;
};

std::vector<std::string> Lines(const std::string& out) {
  std::vector<std::string> lines;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  return lines;
}

TEST_F(JsonLinesTest, BlankLinesProduceNothing) {
  EXPECT_EQ(Run(""), "");
  EXPECT_EQ(Run("   \t\r"), "");
}

TEST_F(JsonLinesTest, ResponseLineHasStatusThenBody) {
  const std::string out = Run(kCreate);
  EXPECT_THAT(out, StartsWith(R"({"status":200,"body":{"user":{"id":"u1")"));
  EXPECT_EQ(Lines(out).size(), 1u);
  EXPECT_EQ(out.back(), '\n');
}

TEST_F(JsonLinesTest, MalformedLinesAnswer400With1001) {
  for (std::string_view bad : {
           "x",
           "[]",
           "null",
           "{}",
           R"({"method":"GET"})",
           R"({"path":"/v1.4/api/users"})",
           R"({"method":5,"path":"/v1.4/api/users"})",
           R"({"method":"GET","path":7})",
           R"({"method":"GET","path":"/v1.4/api/users","headers":[]})",
           R"({"method":"GET","path":"/v1.4/api/users","headers":{"a":1}})",
           R"({"method":"GET","path":"/v1.4/api/users","now":"1"})",
           R"({"method":"GET","path":"/v1.4/api/users","now":1.0})",
           R"({"method":"GET","path":"/v1.4/api/users","now":99999999999999999999})",
           R"({"method":"GET","path":"/v1.4/api/users"} {})",
       }) {
    EXPECT_EQ(Run(bad), kMalformed) << bad;
  }
}

TEST_F(JsonLinesTest, UnknownLineKeysAreIgnored) {
  const std::string line =
      R"({"note":"why","method":"GET","path":"/v1.4/api/users","headers":{"app-id":"app","api-key":"key"},"extra":[1]})";
  EXPECT_THAT(Run(line), StartsWith(R"({"status":200,)"));
}

TEST_F(JsonLinesTest, NullHeadersAndNullNowCountAsAbsent) {
  EXPECT_THAT(Run(R"({"method":"GET","path":"/v1.4/api/users","headers":null,"now":null})"),
              HasSubstr(R"("code":"1006")"));
}

TEST_F(JsonLinesTest, EventLinesPrecedeTheResponseWithEventsOn) {
  Run(kCreate);
  const std::string create_u2 =
      R"({"method":"POST","path":"/v1.4/api/users/create","headers":{"app-id":"app","api-key":"key"},"body":{"userId":"u2","password":"pw"},"now":1700000000001})";
  Run(create_u2);
  const std::string channel =
      R"({"method":"POST","path":"/v1.4/api/channels/create","headers":{"app-id":"app","api-key":"key"},"body":{"channelId":"c","type":"public","ownerId":"u2","members":["u1"]},"now":1700000000002})";
  const std::vector<std::string> lines = Lines(Run(channel, true));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_THAT(lines[0],
              StartsWith(R"({"event":"channelAdded","channelId":"c","recipients":["u1","u2"],"payload":{"channel":{"id":"c")"));
  EXPECT_THAT(lines[1], StartsWith(R"({"status":200,"body":{"channel")"));
}

TEST_F(JsonLinesTest, EventLinesAreOmittedWithEventsOff) {
  Run(kCreate);
  const std::string channel =
      R"({"method":"POST","path":"/v1.4/api/channels/create","headers":{"app-id":"app","api-key":"key"},"body":{"channelId":"c","type":"public","ownerId":"u1","members":[]},"now":1700000000002})";
  EXPECT_EQ(Lines(Run(channel, false)).size(), 1u);
}

TEST_F(JsonLinesTest, MissingNowUsesTheClockGiven) {
  const std::string line =
      R"({"method":"POST","path":"/v1.4/api/users/create","headers":{"app-id":"app","api-key":"key"},"body":{"userId":"u1","password":"pw"}})";
  const std::string out = Run(line, false, 1'234'567);
  EXPECT_THAT(out, HasSubstr(R"("createdAt":1234567)"));
  EXPECT_EQ(server_.FindEngine("app")->now(), 1'234'567);
}

TEST_F(JsonLinesTest, OverlongLineIs400) {
  JsonLinesSession session(server_, {.max_line_bytes = 64});
  std::string out;
  Response r = session.HandleLine(kCreate, 1, &out);
  EXPECT_EQ(out, kMalformed);
  EXPECT_EQ(r.detail, "line too long");
}

TEST_F(JsonLinesTest, EveryOutputLineIsOneJsonObject) {
  for (std::string_view line : {std::string_view(kCreate), std::string_view("x"),
                                std::string_view(R"({"method":"GET","path":"/"})")}) {
    for (const std::string& l : Lines(Run(line, true))) {
      EXPECT_TRUE(boost::json::parse(l).is_object()) << l;
    }
  }
}

TEST_F(JsonLinesTest, LaterLinesSeeEarlierStateAfterBadLines) {
  Run(kCreate);
  Run("garbage");
  Run(R"({"method":"GET"})");
  const std::string out = Run(
      R"({"method":"GET","path":"/v1.4/api/users/u1","headers":{"app-id":"app","api-key":"key"}})");
  EXPECT_THAT(out, StartsWith(R"({"status":200,"body":{"user":{"id":"u1")"));
}

}  // namespace
}  // namespace banter::rest
