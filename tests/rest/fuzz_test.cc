// No input crashes the adapter: random bytes, truncated and mutated request
// lines, and random JSON bodies on every route all get an answer, every
// answer is one JSON object, and the engine's invariants hold afterwards.
// The seed defaults to 1; set BANTER_FUZZ_SEED to explore (it is printed).
#include <cstdint>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "banter/rest/jsonl.h"
#include "boost/json/parse.hpp"
#include "boost/json/serialize.hpp"
#include "gtest/gtest.h"
#include "tests/rest/rest_test_util.h"
#include "tests/testing/status_matchers.h"

namespace banter::rest {
namespace {

using ::banter::rest::testing::TestServerOptions;
using ::banter::testing::IsOk;

uint64_t Seed() {
  const char* env = std::getenv("BANTER_FUZZ_SEED");
  const uint64_t seed = env != nullptr ? std::strtoull(env, nullptr, 10) : 1;
  std::cout << "BANTER_FUZZ_SEED=" << seed << "\n";
  return seed;
}

// A conversation that builds some state to poke at.
const std::vector<std::string>& Corpus() {
  static const std::vector<std::string> lines = {
      R"({"method":"POST","path":"/v1.4/api/users/create","headers":{"app-id":"app","api-key":"key"},"body":{"userId":"u1","password":"pw","data":{"a":"b"}},"now":1700000000000})",
      R"({"method":"POST","path":"/v1.4/api/users/create","headers":{"app-id":"app","api-key":"key"},"body":{"userId":"u2","password":"pw"},"now":1700000001000})",
      R"({"method":"POST","path":"/v1.4/api/channels/create","headers":{"app-id":"app","api-key":"key"},"body":{"channelId":"c1","type":"public","ownerId":"u1","members":["u2"]},"now":1700000002000})",
      R"({"method":"POST","path":"/v1.4/api/channels/c1/messages/send","headers":{"app-id":"app","api-key":"key"},"body":{"senderId":"u1","text":"hi","mentions":["u2"]},"now":1700000003000})",
      R"({"method":"POST","path":"/v1.4/api/channels/c1/members/mute","headers":{"app-id":"app","api-key":"key"},"body":{"members":["u2"],"expireInMinutes":1},"now":1700000004000})",
      R"({"method":"GET","path":"/v1.4/api/channels/c1/members?limit=1&lastUserId=u1","headers":{"app-id":"app","api-key":"key"},"now":1700000005000})",
      R"({"method":"POST","path":"/v1.4/users/login/anonymous","headers":{"app-id":"app"},"body":{"userId":"g1"},"now":1700000006000})",
      R"({"method":"PUT","path":"/v1.4/api/channels/c1","headers":{"app-id":"app","api-key":"key"},"body":{"name":"n","data":{"k":"v"},"maxMemberCount":5},"now":1700000007000})",
      R"({"method":"POST","path":"/v1.4/api/channels/c1/members/ban","headers":{"app-id":"app","api-key":"key"},"body":{"members":["u2"]},"now":1700000090000})",
      R"({"method":"DELETE","path":"/v1.4/api/users/u2","headers":{"app-id":"app","api-key":"key"},"now":1700000091000})",
  };
  return lines;
}

class FuzzTest : public ::testing::Test {
 protected:
  FuzzTest() : server_(TestServerOptions()), session_(server_, {.events = true}) {
    EXPECT_TRUE(server_.CreateApp("app", "key", {}, 0).ok());
  }

  // Feeds one line; checks the output is well formed and returns the status.
  int Feed(const std::string& line) {
    std::string out;
    const Response r = session_.HandleLine(line, 1'700'000'000'000, &out);
    std::istringstream in(out);
    int lines = 0;
    for (std::string l; std::getline(in, l); ++lines) {
      boost::json::error_code ec;
      boost::json::value v = boost::json::parse(l, ec);
      EXPECT_FALSE(ec) << l;
      EXPECT_TRUE(v.is_object()) << l;
    }
    if (r.status == 0) {
      EXPECT_EQ(lines, 0);
    } else {
      EXPECT_GE(lines, 1);
      EXPECT_GE(r.status, 200);
      EXPECT_LT(r.status, 600);
      EXPECT_NE(r.status, 500) << "no input is the server's fault: " << line
                               << "\n" << r.detail;
    }
    return r.status;
  }

  void ExpectInvariants() {
    EXPECT_THAT(server_.FindEngine("app")->CheckInvariants(), IsOk());
  }

  Server server_;
  JsonLinesSession session_;
};

TEST_F(FuzzTest, RandomBytesAreAnswered400) {
  std::mt19937_64 rng(Seed());
  for (int i = 0; i < 3000; ++i) {
    std::string line(rng() % 200, '\0');
    for (char& c : line) {
      c = static_cast<char>(rng() % 256);
      if (c == '\n') c = ' ';
    }
    const int status = Feed(line);
    if (status != 0) {
      EXPECT_EQ(status, 400) << line;
    }
  }
  ExpectInvariants();
}

TEST_F(FuzzTest, TruncatedLinesAreAnswered400) {
  Seed();
  for (const std::string& line : Corpus()) {
    for (size_t n = 0; n + 1 < line.size(); ++n) {
      const int status = Feed(line.substr(0, n));
      if (status != 0) {
        EXPECT_EQ(status, 400) << line.substr(0, n);
      }
    }
    Feed(line);
  }
  ExpectInvariants();
}

TEST_F(FuzzTest, MutatedLinesNeverCrash) {
  std::mt19937_64 rng(Seed());
  constexpr char kAlphabet[] = "{}[]\",:0123456789-.eEtrufalsn \\/u%?&=abc";
  for (int round = 0; round < 40; ++round) {
    for (const std::string& original : Corpus()) {
      std::string line = original;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !line.empty(); ++e) {
        const size_t at = rng() % line.size();
        const char c = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
        switch (rng() % 3) {
          case 0: line[at] = c; break;
          case 1: line.insert(line.begin() + at, c); break;
          default: line.erase(at, 1); break;
        }
      }
      Feed(line);
    }
  }
  ExpectInvariants();
}

// A random JSON value, sometimes of the shape a field expects.
boost::json::value RandomValue(std::mt19937_64& rng, int depth) {
  switch (rng() % (depth > 2 ? 6 : 8)) {
    case 0: return nullptr;
    case 1: return (rng() % 2) == 0;
    case 2: return static_cast<int64_t>(rng() % 200) - 50;
    case 3: return 1.5;
    case 4: {
      static const char* kWords[] = {"u1", "u2", "c1", "", "public", "private",
                                     "text", "x y", "g1", "invitationOnly"};
      return kWords[rng() % 10];
    }
    case 5:
      return boost::json::string(rng() % 3 == 0 ? 9000 : 3, 'z');
    case 6: {
      boost::json::array a;
      for (int i = rng() % 4; i > 0; --i) a.push_back(RandomValue(rng, depth + 1));
      return a;
    }
    default: {
      boost::json::object o;
      static const char* kKeys[] = {"a", "k", "userId", "text"};
      for (int i = rng() % 4; i > 0; --i) {
        o[kKeys[rng() % 4]] = RandomValue(rng, depth + 1);
      }
      return o;
    }
  }
}

TEST_F(FuzzTest, RandomBodiesOnEveryRouteNeverCrash) {
  std::mt19937_64 rng(Seed());
  for (const std::string& line : Corpus()) Feed(line);
  static const char* kFields[] = {
      "userId", "password", "username", "data", "members", "type", "ownerId",
      "channelId", "name", "maxMemberCount", "text", "senderId", "mentions",
      "parentMessageId", "expireInMinutes", "reaction", "memberInfo",
      "privateData", "privateTag", "invitationCode", "loginToken", "id",
      "rateLimits", "isDeactivated", "deleteChannelIfEmpty", "fileUrl"};
  static const char* kPaths[] = {
      "/v1.4/api/users/create", "/v1.4/api/users/u1", "/v1.4/api/users",
      "/v1.4/api/channels/create", "/v1.4/api/channels/c1",
      "/v1.4/api/channels/c1/members/add", "/v1.4/api/channels/c1/members/mute",
      "/v1.4/api/channels/c1/messages/send", "/v1.4/api/channels/c1/messages",
      "/v1.4/api/bots/create", "/v1.4/api/apps/create", "/v1.4/api/users/u1/block",
      "/v1.4/api/channels/c1/transfer/ownership", "/v1.4/users/login/anonymous",
      "/v1.4/api/channels?limit=-1&lastChannelId=c1",
      "/v1.4/api/users/u1/channels?isFrozen=true&members=u1,u2"};
  static const char* kMethods[] = {"GET", "POST", "PUT", "DELETE"};
  for (int i = 0; i < 1500; ++i) {
    boost::json::object body;
    for (int f = rng() % 5; f > 0; --f) {
      body[kFields[rng() % std::size(kFields)]] = RandomValue(rng, 0);
    }
    boost::json::object line;
    line["method"] = kMethods[rng() % 4];
    line["path"] = kPaths[rng() % std::size(kPaths)];
    line["headers"] = boost::json::object{{"app-id", "app"}, {"api-key", "key"}};
    line["body"] = std::move(body);
    line["now"] = 1'700'000'100'000 + i;
    Feed(boost::json::serialize(line));
  }
  ExpectInvariants();
}

}  // namespace
}  // namespace banter::rest
