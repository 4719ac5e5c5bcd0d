// Presence, typing and the word filter through the REST server: presence is
// per app and per process (never in WriteState, so a restored server starts
// with everyone offline), the filter is app state (it survives WriteState),
// typing expiry reaches the event list through Server::AdvanceTime, and
// another app's key reaches none of it.
#include <string>
#include <vector>

#include "banter/rest/server.h"
#include "boost/json/serialize.hpp"
#include "gtest/gtest.h"
#include "tests/rest/rest_test_util.h"

namespace banter::rest {
namespace {

using testing::RestTest;

std::string Body(const Response& r) { return boost::json::serialize(r.body); }

class FeatureRoutesTest : public RestTest {
 protected:
  Response Gitple(std::string method, std::string path, std::string body = "",
                  std::string app = "app", std::string key = "key") {
    return Send(std::move(method), "/v1" + path,
                {{"APP_ID", std::move(app)}, {"APP_API_KEY", std::move(key)}},
                std::move(body));
  }
};

TEST_F(FeatureRoutesTest, PresenceIsNotServerStateTheFilterIs) {
  const std::string amy = Login("amy");
  Login("bo");
  ASSERT_EQ(Admin("PUT", "/wordFilter", R"({"words":["noob"]})").status, 200);
  ASSERT_EQ(Sdk(amy, "POST", "/users/ws/notifications").status, 200);
  EXPECT_TRUE(server_.FindPresence("app")->IsOnline(
      server_.FindEngine("app")->FindUser("amy")));

  Server restored(testing::TestServerOptions());
  ASSERT_TRUE(restored.ReadState(server_.WriteState()).ok());
  Engine* engine = restored.FindEngine("app");
  ASSERT_NE(engine, nullptr);
  EXPECT_FALSE(restored.FindPresence("app")->IsOnline(engine->FindUser("amy")));
  EXPECT_EQ(restored.FindPresence("app")->online_count(), 0u);
  EXPECT_EQ(engine->GetWordFilter(Actor::Admin())->words,
            std::vector<std::string>{"noob"});
}

TEST_F(FeatureRoutesTest, TypingExpiryReachesServerAdvanceTime) {
  const std::string amy = Login("amy");
  const std::string bo = Login("bo");
  ASSERT_EQ(Sdk(amy, "POST", "/channels/create",
                R"({"channelId":"party","type":"private","members":["bo"]})")
                .status,
            200);
  ASSERT_EQ(Sdk(amy, "POST", "/users/ws/notifications").status, 200);
  ASSERT_EQ(Sdk(bo, "POST", "/users/ws/notifications").status, 200);
  ASSERT_EQ(Sdk(amy, "POST", "/channels/party/typing/start").status, 200);
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(events_[0].event, "typingStarted");
  absl::StatusOr<std::vector<EventLine>> expired =
      server_.AdvanceTime("app", Now() + 5'000);
  ASSERT_TRUE(expired.ok());
  ASSERT_EQ(expired->size(), 1u);
  EXPECT_EQ((*expired)[0].event, "typingStopped");
  EXPECT_EQ((*expired)[0].recipients, std::vector<std::string>{"bo"});
}

TEST_F(FeatureRoutesTest, AnotherAppsKeyReachesNoneOfIt) {
  ASSERT_TRUE(server_.CreateApp("other", "key-other", {}, 0).ok());
  Login("amy");
  ASSERT_EQ(Admin("PUT", "/wordFilter", R"({"words":["noob"]})").status, 200);
  const std::string before = Dump();
  Response r = Send("POST", "/v1.4/api/users/amy/connect",
                    {{"app-id", "other"}, {"api-key", "key-other"}});
  EXPECT_EQ(r.status, 404) << Body(r);  // 3003: "other" has no amy
  r = Send("GET", "/v1.4/api/wordFilter",
           {{"app-id", "other"}, {"api-key", "key-other"}});
  EXPECT_EQ(Body(r), R"({"wordFilter":{"words":[],"action":"mask","checkNames":false}})");
  r = Gitple("PUT", "/users/amy/connect", "", "other", "key-other");
  EXPECT_EQ(r.status, 400) << Body(r);  // 1004
  r = Send("GET", "/v1.4/api/wordFilter",
           {{"app-id", "app"}, {"api-key", "key-other"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(Dump(), before);
  EXPECT_EQ(server_.FindPresence("app")->online_count(), 0u);
}

TEST_F(FeatureRoutesTest, ReadsMoveNoClock) {
  Login("amy");
  ASSERT_EQ(Admin("POST", "/users/amy/connect").status, 200);
  Request r;
  r.method = "GET";
  r.target = "/v1.4/api/users/amy/presence";
  r.headers = {{"app-id", "app"}, {"api-key", "key"}};
  r.now = Now() + 1'000'000;
  const Millis before = server_.FindPresence("app")->now();
  Response read = server_.Read(r);
  EXPECT_EQ(read.status, 200) << Body(read);
  EXPECT_EQ(server_.FindPresence("app")->now(), before);
}

}  // namespace
}  // namespace banter::rest
