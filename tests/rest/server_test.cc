#include "banter/rest/server.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "banter/error.h"
#include "banter/rest/route.h"
#include "boost/json/parse.hpp"
#include "boost/json/serialize.hpp"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/rest/rest_test_util.h"
#include "tests/testing/status_matchers.h"

namespace banter::rest {
namespace {

using ::banter::rest::testing::CodeOf;
using ::banter::rest::testing::Keys;
using ::banter::rest::testing::Outcome;
using ::banter::rest::testing::RestTest;
using ::banter::rest::testing::TestServerOptions;
using ::banter::testing::IsOk;
using ::banter::testing::StatusIs;
using ::testing::ElementsAre;

class ServerTest : public RestTest {};

// ---- Credentials --------------------------------------------------------------

TEST_F(ServerTest, AdminRoutesNeedTheAppsIdAndKey) {
  // now = 0: no time passes (time moves for every request, failed or not).
  const std::string before = Dump();
  const std::string body = R"({"userId":"u1","password":"pw"})";
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/api/users/create", {}, body, 0)),
            "401 1006");
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/api/users/create",
                         {{"app-id", "app"}}, body, 0)),
            "401 1006");
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/api/users/create",
                         {{"api-key", "key"}}, body, 0)),
            "401 1006");
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/api/users/create",
                         {{"app-id", "app"}, {"api-key", "kex"}}, body, 0)),
            "401 1006");
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/api/users/create",
                         {{"app-id", "app"}, {"api-key", "key "}}, body, 0)),
            "401 1006");
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/api/users/create",
                         {{"app-id", "nope"}, {"api-key", "key"}}, body, 0)),
            "401 1006");
  EXPECT_EQ(Dump(), before);
}

TEST_F(ServerTest, HeaderNamesAreCaseInsensitive) {
  Response r = Send("GET", "/v1.4/api/users",
                    {{"App-ID", "app"}, {"API-KEY", "key"}});
  EXPECT_EQ(r.status, 200);
}

TEST_F(ServerTest, UnauthorizedEnvelopeIsExact) {
  Response r = Send("GET", "/v1.4/api/users", {});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(boost::json::serialize(r.body),
            R"({"error":true,"code":"1006","message":"Unauthorized"})");
  EXPECT_FALSE(r.detail.empty());
}

TEST_F(ServerTest, SessionRoutesNeedABearerSession) {
  const std::string token = Login("u1");
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/channels", {{"app-id", "app"}})),
            "401 1007");
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/channels",
                         {{"app-id", "app"}, {"Authorization", token}})),
            "401 3002");
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/channels",
                         {{"app-id", "app"}, {"Authorization", "Bearer"}})),
            "401 3002");
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/channels",
                         {{"app-id", "app"},
                          {"Authorization", "Basic " + token}})),
            "401 3002");
  std::string other = token;
  other[0] = other[0] == 'a' ? 'b' : 'a';
  EXPECT_EQ(Outcome(Sdk(other, "GET", "/channels")), "401 3001");
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/channels",
                         {{"Authorization", "Bearer " + token}})),
            "401 1006");
  EXPECT_EQ(Sdk(token, "GET", "/channels").status, 200);
  EXPECT_EQ(Send("GET", "/v1.4/channels",
                 {{"app-id", "app"}, {"authorization", "BEARER  " + token}})
                .status,
            200);
}

TEST_F(ServerTest, ApiKeyDoesNotOpenTheUserSurface) {
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/channels",
                         {{"app-id", "app"}, {"api-key", "key"}})),
            "401 1007");
}

TEST_F(ServerTest, SessionDoesNotOpenTheAdminSurface) {
  const std::string token = Login("u1");
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/api/users",
                         {{"app-id", "app"},
                          {"Authorization", "Bearer " + token}})),
            "401 1006");
}

TEST_F(ServerTest, LogoutEndsTheSession) {
  const std::string token = Login("u1");
  EXPECT_EQ(Sdk(token, "POST", "/users/logout").status, 200);
  EXPECT_EQ(Outcome(Sdk(token, "GET", "/channels")), "401 3001");
}

// ---- Apps ---------------------------------------------------------------------

TEST_F(ServerTest, AppsAreIsolated) {
  ASSERT_THAT(server_.CreateApp("other", "key2", {}, 0), IsOk());
  const std::string token = Login("u1");
  Response r = Send("POST", "/v1.4/api/users/create",
                    {{"app-id", "other"}, {"api-key", "key2"}},
                    R"({"userId":"u1","password":"pw"})");
  EXPECT_EQ(r.status, 200) << "the same user id is free in another app";
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/channels",
                         {{"app-id", "other"},
                          {"Authorization", "Bearer " + token}})),
            "401 3001");
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/api/users",
                         {{"app-id", "other"}, {"api-key", "key"}})),
            "401 1006");
  EXPECT_EQ(Admin("GET", "/users").body.at("users").as_array().size(), 1u);
}

TEST_F(ServerTest, CreateAppValidatesTheId) {
  EXPECT_THAT(server_.CreateApp("", "k", {}, 0),
              StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(server_.CreateApp("a b", "k", {}, 0),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(server_.CreateApp(std::string(69, 'a'), "k", {}, 0),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(server_.CreateApp("app", "k", {}, 0),
              StatusIs(ErrorCode::kAppIdTaken));
  EXPECT_THAT(server_.UpdateApp("nope", {}), StatusIs(ErrorCode::kAppNotFound));
  EXPECT_THAT(server_.DeleteApp("nope"), StatusIs(ErrorCode::kAppNotFound));
}

TEST_F(ServerTest, GeneratedKeysAre64HexDigitsAndDeterministic) {
  absl::StatusOr<AppInfo> a = server_.CreateApp("a2", "", {}, 0);
  ASSERT_THAT(a, IsOk());
  EXPECT_EQ(a->api_key.size(), 64u);
  EXPECT_EQ(a->api_key.find_first_not_of("0123456789abcdef"),
            std::string::npos);
  Server again(TestServerOptions());
  absl::StatusOr<AppInfo> b = again.CreateApp("a2", "", {}, 0);
  ASSERT_THAT(b, IsOk());
  EXPECT_EQ(a->api_key, b->api_key);
  EXPECT_THAT(server_.AppIds(), ElementsAre("a2", "app"));
}

TEST_F(ServerTest, Issue14OnlyTheMasterKeyCreatesApps) {
  const Headers app_key = {{"app-id", "app"}, {"api-key", "key"}};
  // An app's own key is not enough, and a wrong master key is refused.
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/api/apps/create", app_key,
                         R"({"appId":"b"})")),
            "401 1006");
  Headers wrong = app_key;
  wrong.push_back({"master-key", "guess"});
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/api/apps/create", wrong,
                         R"({"appId":"b"})")),
            "401 1006");
  EXPECT_FALSE(server_.GetApp("b").has_value());
  // A server without a master key creates apps only through CreateApp.
  ServerOptions no_master = TestServerOptions();
  no_master.master_key.clear();
  Server closed(no_master);
  ASSERT_THAT(closed.CreateApp("app", "key", {}, 0), IsOk());
  Request r;
  r.method = "POST";
  r.target = "/v1.4/api/apps/create";
  r.headers = app_key;
  r.headers.push_back({"master-key", ""});
  r.body = std::string(R"({"appId":"b"})");
  EXPECT_EQ(Outcome(closed.Handle(r, nullptr)), "401 1006");
}

TEST_F(ServerTest, Issue14TheMasterKeyCreatesAtMostMaxAppsApps) {
  ServerOptions o = TestServerOptions();
  o.max_apps = 2;
  Server server(o);
  ASSERT_THAT(server.CreateApp("app", "key", {}, 0), IsOk());
  const Headers master = {{"app-id", "app"},
                          {"api-key", "key"},
                          {"master-key", "test-master"}};
  auto create = [&](const std::string& id) {
    Request r;
    r.method = "POST";
    r.target = "/v1.4/api/apps/create";
    r.headers = master;
    r.body = R"({"appId":")" + id + R"("})";
    return Outcome(server.Handle(r, nullptr));
  };
  EXPECT_EQ(create("b"), "200");
  EXPECT_EQ(create("c"), "403 7017");
  EXPECT_FALSE(server.GetApp("c").has_value());
  ASSERT_THAT(server.DeleteApp("b"), IsOk());
  EXPECT_EQ(create("c"), "200");
}

TEST_F(ServerTest, Issue14AnUnknownAppGetsOneAnswerOnEveryRoute) {
  // Whatever the route (api key, session, app only, an app's own record),
  // an app id that does not exist gets the answer a wrong key gets, so the
  // answers do not tell which app ids exist.
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"POST", "/v1.4/api/users/create"},
      {"GET", "/v1.4/api/users"},
      {"GET", "/v1.4/api/apps/ghost"},
      {"GET", "/v1.4/channels"},
      {"POST", "/v1.4/users/login/anonymous"},
  };
  std::string first;
  for (const auto& [method, target] : routes) {
    Response r = Send(method, target, {{"app-id", "ghost"}, {"api-key", "k"}},
                      R"({"userId":"u"})");
    const std::string answer =
        std::to_string(r.status) + " " + boost::json::serialize(r.body);
    if (first.empty()) first = answer;
    EXPECT_EQ(answer, first) << method << " " << target;
  }
  EXPECT_EQ(first.substr(0, 3), "401");
  // A known app with a wrong key: the same body.
  Response wrong = Send("POST", "/v1.4/api/users/create",
                        {{"app-id", "app"}, {"api-key", "nope"}},
                        R"({"userId":"u"})");
  EXPECT_EQ(std::to_string(wrong.status) + " " +
                boost::json::serialize(wrong.body),
            first);
}

TEST_F(ServerTest, Issue14GeneratedAppIdsAndKeysDependOnTheSecret) {
  auto generated = [](std::string secret) {
    ServerOptions o = TestServerOptions();
    o.engine.token_secret = std::move(secret);
    Server server(o);
    return server.NextAppId() + server.NextAppId();
  };
  EXPECT_EQ(generated("s1"), generated("s1"));
  EXPECT_NE(generated("s1"), generated("s2"));
}

TEST_F(ServerTest, AppEndpointsManageApps) {
  Response created = Admin("POST", "/apps/create",
                           R"({"appId":"b","name":"B","apiKey":"kb"})");
  ASSERT_EQ(created.status, 200);
  EXPECT_THAT(Keys(created.body.at("app")),
              ElementsAre("id", "name", "anonymousLoginAllowed",
                          "isDeactivated", "rateLimits", "createdAt",
                          "apiKey"));
  const Headers b = {{"app-id", "b"}, {"api-key", "kb"}};
  Response got = Send("GET", "/v1.4/api/apps/b", b);
  ASSERT_EQ(got.status, 200);
  EXPECT_FALSE(got.body.at("app").as_object().contains("apiKey"));
  // Another app's credentials cannot read or change b, nor probe for ids.
  EXPECT_EQ(Outcome(Admin("GET", "/apps/b")), "401 1006");
  EXPECT_EQ(Outcome(Admin("PUT", "/apps/b", R"({"isDeactivated":true})")),
            "401 1006");
  EXPECT_EQ(Outcome(Admin("DELETE", "/apps/b")), "401 1006");
  EXPECT_EQ(Outcome(Admin("GET", "/apps/zz")), "401 1006");
  EXPECT_EQ(Outcome(Admin("POST", "/apps/create", R"({"appId":"b"})")),
            "409 7012");
  EXPECT_EQ(
      Send("PUT", "/v1.4/api/apps/b", b, R"({"isDeactivated":true})").status,
      200);
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/api/users", b)), "403 1012");
  EXPECT_EQ(Send("DELETE", "/v1.4/api/apps/b", b).status, 200);
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/api/users", b)), "401 1006");
}

TEST_F(ServerTest, AnAppMayDeleteItselfMidRequest) {
  Response r = Admin("DELETE", "/apps/app");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(boost::json::serialize(r.body), "{}");
  EXPECT_EQ(Outcome(Admin("GET", "/users")), "401 1006");
  EXPECT_TRUE(server_.AppIds().empty());
}

TEST_F(ServerTest, AnonymousLoginFollowsTheAppSetting) {
  ASSERT_THAT(server_.UpdateApp("app", {.anonymous_login_allowed = false}),
              IsOk());
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/users/login/anonymous",
                         {{"app-id", "app"}}, R"({"userId":"g"})")),
            "403 3006");
  ASSERT_THAT(server_.UpdateApp("app", {.anonymous_login_allowed = true}),
              IsOk());
  EXPECT_EQ(Send("POST", "/v1.4/users/login/anonymous", {{"app-id", "app"}},
                 R"({"userId":"g"})")
                .status,
            200);
}

// ---- Routing and bodies ---------------------------------------------------------

TEST_F(ServerTest, UnknownPathIs404AndOtherMethodIs405BeforeCredentials) {
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/api/nothing", {})), "404 1001");
  EXPECT_EQ(Outcome(Send("PATCH", "/v1.4/api/users", {})), "405 1001");
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/api/users", {})), "405 1001");
  EXPECT_EQ(Outcome(Send("GET", "/", {})), "404 1001");
  EXPECT_EQ(Outcome(Send("GET", "users", {})), "400 1001");
  EXPECT_EQ(Outcome(Send("GET", "/v1.4/api/users/%G0", {})), "400 1001");
}

TEST_F(ServerTest, OverlongTargetIs400) {
  EXPECT_EQ(Outcome(Admin("GET", "/users/" + std::string(9000, 'a'))),
            "400 1001");
}

TEST_F(ServerTest, RawBodiesAreParsed) {
  EXPECT_EQ(Admin("POST", "/users/create", R"({"userId":"u1","password":"p"})")
                .status,
            200);
  EXPECT_EQ(Outcome(Admin("POST", "/users/create", R"({"userId":)")),
            "400 1001");
  EXPECT_EQ(Outcome(Admin("POST", "/users/create", "[]")), "400 1001");
  EXPECT_EQ(Outcome(Admin("POST", "/users/create", "\"x\"")), "400 1001");
  EXPECT_EQ(Outcome(Admin("POST", "/users/create", "")), "400 1002")
      << "no body reads as {}";
  EXPECT_EQ(Outcome(Admin("POST", "/users/create", "null")), "400 1002");
}

TEST_F(ServerTest, OversizedAndOverdeepBodiesAre400) {
  std::string big = R"({"userId":"u1","password":")" +
                    std::string(2 << 20, 'p') + R"("})";
  EXPECT_EQ(Outcome(Admin("POST", "/users/create", big)), "400 1001");
  std::string deep = R"({"userId":"u1","password":"p","x":)" +
                     std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_EQ(Outcome(Admin("POST", "/users/create", deep)), "400 1001");
}

TEST_F(ServerTest, ParsedBodiesAreAccepted) {
  Request r;
  r.method = "POST";
  r.target = "/v1.4/api/users/create";
  r.headers = {{"app-id", "app"}, {"api-key", "key"}};
  r.body = boost::json::parse(R"({"userId":"u1","password":"p"})");
  r.now = Now();
  EXPECT_EQ(server_.Handle(r, nullptr).status, 200);
  r.body = boost::json::value(3);
  EXPECT_EQ(Outcome(server_.Handle(r, nullptr)), "400 1001");
}

// Issue #14, finding 8: a body handed over as a parsed value (the JSON Lines
// transport does so) obeys the same size and depth limits as a text body.
TEST_F(ServerTest, Issue14ParsedBodiesObeyTheSizeAndDepthLimits) {
  auto handle = [&](boost::json::value body) {
    Request r;
    r.method = "POST";
    r.target = "/v1.4/api/users/create";
    r.headers = {{"app-id", "app"}, {"api-key", "key"}};
    r.body = std::move(body);
    r.now = Now();
    return Outcome(server_.Handle(r, nullptr));
  };
  boost::json::object big{{"userId", "big"},
                          {"username", std::string(2 << 20, 'x')}};
  EXPECT_EQ(handle(big), "400 1001");
  boost::json::value deep = boost::json::object{{"userId", "deep"}};
  for (int i = 0; i < 40; ++i) {
    deep = boost::json::object{{"userId", "deep"}, {"data", deep}};
  }
  EXPECT_EQ(handle(deep), "400 1001");
  // Within the limits, a parsed body is an ordinary request.
  boost::json::object fine{{"userId", "fine"}, {"password", "pw"}};
  EXPECT_EQ(handle(fine), "200");
  EXPECT_FALSE(server_.FindEngine("app")->FindUser("big").valid());
}

TEST_F(ServerTest, Issue14NulIsRefusedInNamesAndText) {
  std::string name = "a";
  name.push_back('\0');
  name += "b";
  boost::json::object body{{"userId", "n"}, {"password", "pw"},
                           {"username", name}};
  EXPECT_EQ(Outcome(Admin("POST", "/users/create",
                          boost::json::serialize(body))),
            "400 1001");
  Login("u1");
  Admin("POST", "/channels/create",
        R"({"channelId":"c1","type":"public","ownerId":"u1"})");
  boost::json::object send{{"senderId", "u1"}, {"text", name}};
  EXPECT_EQ(Outcome(Admin("POST", "/channels/c1/messages/send",
                          boost::json::serialize(send))),
            "400 1001");
}

TEST_F(ServerTest, GetIgnoresItsBody) {
  EXPECT_EQ(Admin("GET", "/users", "not json at all").status, 200);
}

TEST_F(ServerTest, FailedCallsChangeNothing) {
  Login("u1");
  Admin("POST", "/channels/create",
        R"({"channelId":"c1","type":"public","ownerId":"u1","members":[]})");
  const std::string before = Dump();
  // now = 0: no time passes, so the dump must be byte-identical.
  const std::vector<std::pair<std::string, std::string>> failing = {
      {"/users/create", R"({"userId":"u1","password":"pw"})"},          // 3004
      {"/users/create", R"({"userId":"u2","password":"pw","data":1})"},  // 1011
      {"/channels/create", R"({"channelId":"c1","type":"public","members":[]})"},
      {"/channels/create", R"({"type":"private","members":["u1","ghost"]})"},
      {"/channels/c1/members/add", R"({"members":["ghost"]})"},
      {"/channels/c1/members/ban", R"({"members":["u1"]})"},
      {"/channels/c1/messages/send", R"({"senderId":"u1"})"},
      {"/channels/c1/messages/send", R"({"senderId":"u1","text":1})"},
      {"/channels/nope/freeze", ""},
      {"/users/u1/block", R"({"userId":"u1"})"},
  };
  for (const auto& [path, body] : failing) {
    Response r = Admin("POST", path, body, 0);
    EXPECT_GE(r.status, 400) << path << " " << body;
    EXPECT_TRUE(events_.empty()) << path;
    EXPECT_EQ(Dump(), before) << path << " " << body;
  }
}

TEST_F(ServerTest, ErrorEnvelopeCarriesTheCodeAsAString) {
  Response r = Admin("GET", "/channels/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(boost::json::serialize(r.body),
            R"({"error":true,"code":"2003","message":"ChannelNotFound"})");
}

TEST_F(ServerTest, StatusWithoutDomainCodeIsInternalError) {
  Response r = TalkPlusFlavor().render_error(absl::UnimplementedError("x"));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(boost::json::serialize(r.body),
            R"({"error":true,"code":"1003","message":"InternalServerError"})");
  EXPECT_EQ(r.detail, "x");
}

TEST_F(ServerTest, EveryDomainCodeRendersWithItsNameAndStatus) {
  for (const ErrorCode* c = AllErrorCodesBegin(); c != AllErrorCodesEnd();
       ++c) {
    Response r = TalkPlusFlavor().render_error(MakeError(*c, "d"));
    EXPECT_EQ(r.status, HttpStatusOf(*c));
    EXPECT_EQ(CodeOf(r), std::to_string(static_cast<int>(*c)));
    EXPECT_EQ(r.body.at("message").as_string(), ErrorName(*c).data());
  }
}

// ---- Shapes (spec §2.9) ------------------------------------------------------------

TEST_F(ServerTest, ResponsesFollowTheSpecShapes) {
  const std::string token = Login("u1");
  Login("u2");
  Response ch = Admin(
      "POST", "/channels/create",
      R"({"channelId":"c1","type":"public","ownerId":"u1","members":["u2"]})");
  ASSERT_EQ(ch.status, 200);
  EXPECT_THAT(Keys(ch.body), ElementsAre("channel"));
  EXPECT_THAT(
      Keys(ch.body.at("channel")),
      ElementsAre("id", "name", "ownerId", "type", "imageUrl",
                  "invitationCode", "isFrozen", "hideMessagesBeforeJoin",
                  "category", "subcategory", "privateTag", "privateData",
                  "memberCount", "maxMemberCount", "data", "members",
                  "mutedUsers", "bannedUsers", "bots",
                  "pushNotificationDisabled", "pushNotificationSoundAOS",
                  "pushNotificationSoundIOS", "updatedAt", "createdAt",
                  "unreadCount", "lastReadAt", "lastMessage"));
  EXPECT_TRUE(ch.body.at("channel").at("lastMessage").is_null());
  EXPECT_THAT(Keys(ch.body.at("channel").at("members").at(0)),
              ElementsAre("id", "username", "profileImageUrl", "data",
                          "memberInfo", "lastReadAt", "lastSentAt",
                          "updatedAt", "createdAt"));

  Response user = Admin("GET", "/users/u1");
  EXPECT_THAT(Keys(user.body.at("user")),
              ElementsAre("id", "username", "profileImageUrl",
                          "disablePushNotification", "data", "updatedAt",
                          "createdAt"));

  Response msg = Sdk(token, "POST", "/channels/c1/messages/send",
                     R"({"text":"hi"})");
  ASSERT_EQ(msg.status, 200);
  EXPECT_THAT(Keys(msg.body.at("message")),
              ElementsAre("id", "channelId", "userId", "username",
                          "profileImageUrl", "type", "text", "data", "fileUrl",
                          "mentions", "parentMessageId", "parentMessage",
                          "reactions", "translations", "createdAt"));
  const std::string id(msg.body.at("message").at("id").as_string().c_str());
  Response bare = Admin("GET", "/channels/c1/message/" + id);
  EXPECT_EQ(Keys(bare.body), Keys(msg.body.at("message")))
      << "the singular path answers the bare object";
  Response wrapped = Admin("GET", "/channels/c1/messages/" + id);
  EXPECT_THAT(Keys(wrapped.body), ElementsAre("message"));

  Response bot = Admin("POST", "/bots/create", R"({"id":"b1","type":"cs"})");
  EXPECT_THAT(Keys(bot.body.at("bot")),
              ElementsAre("id", "name", "profileImageUrl", "type",
                          "callbackUrl"));
  Admin("POST", "/bots/b1/channels/c1/join");
  Response with_bot = Admin("GET", "/channels/c1");
  EXPECT_THAT(Keys(with_bot.body.at("channel").at("bots").at(0)),
              ElementsAre("id", "name", "profileImageUrl", "type"));

  Response muted = Admin("POST", "/channels/c1/members/mute",
                         R"({"members":["u2"]})");
  EXPECT_EQ(boost::json::serialize(muted.body.at("channel").at("mutedUsers")),
            R"(["u2"])");
  Response banned = Admin("POST", "/channels/c1/members/ban",
                          R"({"members":["u2"]})");
  EXPECT_EQ(banned.body.at("channel").at("bannedUsers").at(0).at("id"), "u2");
  Response list = Admin("GET", "/channels/c1/members/banned");
  EXPECT_THAT(Keys(list.body), ElementsAre("users", "hasNext"));
}

TEST_F(ServerTest, SuperTypesShowEmptyLists) {
  Login("u1");
  Login("u2");
  Response ch = Admin(
      "POST", "/channels/create",
      R"({"channelId":"s","type":"super_public","ownerId":"u1","members":["u2"]})");
  ASSERT_EQ(ch.status, 200);
  const auto& c = ch.body.at("channel");
  EXPECT_TRUE(c.at("members").as_array().empty());
  EXPECT_TRUE(c.at("mutedUsers").as_array().empty());
  EXPECT_TRUE(c.at("bannedUsers").as_array().empty());
  EXPECT_EQ(c.at("memberCount"), 2);
  EXPECT_EQ(Admin("GET", "/channels/s/members").body.at("members").as_array().size(),
            2u)
      << "the paged members endpoint still lists them";
}

// ---- Time and events ---------------------------------------------------------------

TEST_F(ServerTest, ExpiryEventsPrecedeTheResponseOfTheRequestThatReachesThem) {
  Login("u1");
  Login("u2");
  Admin("POST", "/channels/create",
        R"({"channelId":"c1","type":"public","ownerId":"u1","members":["u2"]})");
  ASSERT_EQ(Admin("POST", "/channels/c1/members/mute",
                  R"({"members":["u2"],"expireInMinutes":1})")
                .status,
            200);
  Advance(59'999);
  Admin("GET", "/users");
  EXPECT_TRUE(events_.empty()) << "one millisecond early";
  Advance(1);
  // A request that names no app, or fails its credentials, moves no app's
  // clock (issue #14: tenants are isolated in time).
  EXPECT_EQ(Send("GET", "/nowhere", {}).status, 404);
  EXPECT_TRUE(events_.empty());
  EXPECT_EQ(Send("GET", "/v1.4/api/users", {{"app-id", "app"}}).status, 401);
  EXPECT_TRUE(events_.empty());
  // Any authenticated request for the app moves its clock, even a failing
  // one.
  Response r = Admin("GET", "/channels/none");
  EXPECT_EQ(r.status, 404);
  ASSERT_EQ(events_.size(), 1u) << "the app's requests move its time";
  EXPECT_EQ(events_[0].event, "memberUnmuted");
  EXPECT_EQ(events_[0].channel_id, "c1");
  EXPECT_THAT(events_[0].recipients, ElementsAre("u1", "u2"));
}

TEST_F(ServerTest, AdvanceTimeEmitsOneAppsExpiriesWithoutARequest) {
  Login("u1");
  Login("u2");
  Admin("POST", "/channels/create",
        R"({"channelId":"c1","type":"public","ownerId":"u1","members":["u2"]})");
  ASSERT_EQ(Admin("POST", "/channels/c1/members/mute",
                  R"({"members":["u2"],"expireInMinutes":1})")
                .status,
            200);
  ASSERT_THAT(server_.CreateApp("other", "other-key", {}, Now()), IsOk());
  const Millis other_before = server_.FindEngine("other")->now();
  auto early = server_.AdvanceTime("app", Now() + 59'999);
  ASSERT_THAT(early, IsOk());
  EXPECT_TRUE(early->empty());
  auto due = server_.AdvanceTime("app", Now() + 60'000);
  ASSERT_THAT(due, IsOk());
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].event, "memberUnmuted");
  EXPECT_THAT((*due)[0].recipients, ElementsAre("u1", "u2"));
  EXPECT_EQ(server_.FindEngine("app")->now(), Now() + 60'000);
  // No other app's clock moved.
  EXPECT_EQ(server_.FindEngine("other")->now(), other_before);
  EXPECT_THAT(server_.AdvanceTime("nope", Now()),
              StatusIs(ErrorCode::kAppNotFound));
}

TEST_F(ServerTest, TimeNeverRunsBackwards) {
  Advance(10'000);
  Admin("GET", "/users");
  Response r = Admin("POST", "/users/create",
                     R"({"userId":"u1","password":"pw"})", Now() - 5'000);
  EXPECT_EQ(r.body.at("user").at("createdAt"), Now());
  EXPECT_EQ(server_.FindEngine("app")->now(), Now());
}

TEST_F(ServerTest, RecipientsAreSortedIds) {
  for (const char* u : {"zed", "amy", "mo"}) Login(u);
  Admin("POST", "/channels/create",
        R"({"channelId":"c","type":"public","ownerId":"zed","members":["mo","amy"]})");
  ASSERT_FALSE(events_.empty());
  EXPECT_EQ(events_[0].event, "channelAdded");
  EXPECT_THAT(events_[0].recipients, ElementsAre("amy", "mo", "zed"));
  const boost::json::object line = ToJson(events_[0]);
  EXPECT_THAT(Keys(line),
              ElementsAre("event", "channelId", "recipients", "payload"));
}

TEST_F(ServerTest, EventsAreOptional) {
  Request r;
  r.method = "POST";
  r.target = "/v1.4/api/users/create";
  r.headers = {{"app-id", "app"}, {"api-key", "key"}};
  r.body = std::string(R"({"userId":"u1","password":"pw"})");
  EXPECT_EQ(server_.Handle(r, nullptr).status, 200);
}

TEST_F(ServerTest, BlockEventsHaveNoRecipients) {
  Login("u1");
  Login("u2");
  ASSERT_EQ(Admin("POST", "/users/u1/block", R"({"userId":"u2"})").status, 200);
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(events_[0].event, "user_blocked");
  EXPECT_EQ(events_[0].channel_id, "");
  EXPECT_TRUE(events_[0].recipients.empty());
  EXPECT_THAT(Keys(boost::json::value(events_[0].payload)),
              ElementsAre("user", "targetUser"));
}

TEST_F(ServerTest, SameRequestsSameBytes) {
  auto run = [](Server& s) {
    std::string out;
    EXPECT_TRUE(s.CreateApp("app", "key", {}, 0).ok());
    const char* bodies[] = {
        R"({"userId":"a","password":"pw"})",
        R"({"userId":"b","password":"pw"})",
    };
    for (const char* b : bodies) {
      Request r{"POST", "/v1.4/api/users/create",
                {{"app-id", "app"}, {"api-key", "key"}}, std::string(b), 5};
      out += boost::json::serialize(ToJson(s.Handle(r, nullptr))) + "\n";
    }
    Request c{"POST", "/v1.4/api/channels/create",
              {{"app-id", "app"}, {"api-key", "key"}},
              std::string(R"({"type":"private","ownerId":"a","members":["b"]})"),
              6};
    std::vector<EventLine> events;
    out += boost::json::serialize(ToJson(s.Handle(c, &events))) + "\n";
    for (const auto& e : events) out += boost::json::serialize(ToJson(e));
    return out;
  };
  Server a(TestServerOptions()), b(TestServerOptions());
  EXPECT_EQ(run(a), run(b));
}

// ---- Rate limits ---------------------------------------------------------------------

TEST_F(ServerTest, RateLimitsAreOffByDefault) {
  for (int i = 0; i < 50; ++i) ASSERT_EQ(Admin("GET", "/users").status, 200);
}

TEST_F(ServerTest, EmptyBucketAnswers429With1010) {
  RateLimitConfig limits;
  limits[RateClass::kRead] = {2, 1};
  ASSERT_THAT(server_.UpdateApp("app", {.rate_limits = limits}), IsOk());
  EXPECT_EQ(Admin("GET", "/users").status, 200);
  EXPECT_EQ(Admin("GET", "/users").status, 200);
  Response r = Admin("GET", "/users");
  EXPECT_EQ(Outcome(r), "429 1010");
  EXPECT_EQ(boost::json::serialize(r.body),
            R"({"error":true,"code":"1010","message":"TooManyRequests"})");
  EXPECT_EQ(Admin("POST", "/users/create", R"({"userId":"u","password":"p"})")
                .status,
            200)
      << "other classes have their own buckets";
  Advance(999);
  EXPECT_EQ(Outcome(Admin("GET", "/users")), "429 1010");
  Advance(1);
  EXPECT_EQ(Admin("GET", "/users").status, 200) << "one token per second";
  EXPECT_EQ(Outcome(Admin("GET", "/users")), "429 1010");
  Advance(10'000);
  EXPECT_EQ(Admin("GET", "/users").status, 200);
  EXPECT_EQ(Admin("GET", "/users").status, 200);
  EXPECT_EQ(Outcome(Admin("GET", "/users")), "429 1010")
      << "refills stop at capacity";
}

TEST_F(ServerTest, RateLimitsArePerApp) {
  ServerOptions o = TestServerOptions();
  o.rate_limits[RateClass::kRead] = {1, 0};
  Server server(o);
  ASSERT_THAT(server.CreateApp("a", "k", {}, 0), IsOk());
  ASSERT_THAT(server.CreateApp("b", "k", {}, 0), IsOk());
  auto get = [&](const char* app) {
    Request r{"GET", "/v1.4/api/users", {{"app-id", app}, {"api-key", "k"}},
              std::string(), 1};
    return server.Handle(r, nullptr).status;
  };
  EXPECT_EQ(get("a"), 200);
  EXPECT_EQ(get("a"), 429);
  EXPECT_EQ(get("b"), 200);
  EXPECT_EQ(get("b"), 429);
}

TEST_F(ServerTest, RateLimitedRequestsChangeNothing) {
  RateLimitConfig limits;
  limits[RateClass::kAuth] = {1, 0};
  ASSERT_THAT(server_.UpdateApp("app", {.rate_limits = limits}), IsOk());
  ASSERT_EQ(Admin("POST", "/users/create", R"({"userId":"a","password":"p"})")
                .status,
            200);
  const std::string before = Dump();
  EXPECT_EQ(Outcome(Admin("POST", "/users/create",
                          R"({"userId":"b","password":"p"})", 0)),
            "429 1010");
  EXPECT_EQ(Dump(), before);
}

TEST(RateClassTest, NamesRoundTrip) {
  for (int i = 0; i < kRateClassCount; ++i) {
    const RateClass c = static_cast<RateClass>(i);
    EXPECT_EQ(ParseRateClass(RateClassName(c)), c);
  }
  EXPECT_EQ(ParseRateClass("chat"), std::nullopt);
}

// ---- Extension: other dialects register routes ------------------------------------------

absl::StatusOr<boost::json::value> EchoApp(const Call& call) {
  boost::json::object o;
  o["app"] = std::string(call.app_id);
  o["param"] = call.Param("x");
  return o;
}

Response PlainError(const absl::Status& status) {
  Response r;
  r.status = 400;
  r.body = boost::json::object{{"plain", true}};
  return r;
}

TEST_F(ServerTest, DialectsRegisterRoutesWithTheirOwnFlavor) {
  static constexpr Flavor kOther{"other", "APP_ID", "APP_API_KEY", &PlainError};
  server_.AddRoute({Method::kGet, "/v1/echo/:x", Auth::kApiKey, RateClass::kRead,
                    &EchoApp, &kOther});
  server_.SetFlavorForPrefix("/v1/", &kOther);
  Response ok = Send("GET", "/v1/echo/hi", {{"APP_ID", "app"}, {"app_api_key", "key"}});
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(boost::json::serialize(ok.body), R"({"app":"app","param":"hi"})");
  Response denied = Send("GET", "/v1/echo/hi", {{"app-id", "app"}, {"api-key", "key"}});
  EXPECT_EQ(boost::json::serialize(denied.body), R"({"plain":true})");
  Response missing = Send("GET", "/v1/nothing", {});
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(boost::json::serialize(missing.body), R"({"plain":true})");
  EXPECT_EQ(CodeOf(Send("GET", "/v1.4/nothing", {})), "1001")
      << "/v1.4/ is not under the /v1/ prefix";
}

}  // namespace
}  // namespace banter::rest
