// App isolation across every REST endpoint: app A ("app") holds data; app B
// ("other") calls every TalkPlus route with its own credentials while naming
// A's ids, and A's credentials are mixed with B's. No such request may read
// or change A's data: A's engine dump is byte-for-byte unchanged after each
// one, no response carries A's data (every A-only string contains
// "secret"), and every request that names one of A's entities is refused.
//
// Each route is listed once below, grouped as in rest/talkplus_admin.cc,
// rest/talkplus_user.cc, rest/talkplus_apps.cc and
// rest/talkplus_moderation.cc (a route added later needs a row here); every
// probe must reach a real route (not the router's 404/405).
//
// The GitpleLive surface (/v1, APP_ID + APP_API_KEY) gets the same treatment:
// A also holds GitpleLive data, B calls every route of
// rest/gitplelive_routes.cc and rest/gitplelive_moderation.cc naming it, and
// each refusal is pinned to the exact not-found answer (400 with 1003, 1004,
// 1005 or 1035). Its table is checked against the registration tables of
// those two files, so a route added there without a row here fails
// GitpleRoutesTableIsComplete.
#include <cstdio>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "boost/json/serialize.hpp"
#include "gtest/gtest.h"
#include "tests/rest/rest_test_util.h"

namespace banter::rest::testing {
namespace {

struct Probe {
  std::string method;
  std::string path;  // after /v1.4/api (admin) or /v1.4 (SDK)
  std::string body;
  // True if the path or body names one of A's entities that B does not
  // have, so the request must be refused (not 2xx).
  bool names_a = true;
};

// A GitpleLive route with A's ids in it.
struct GitpleProbe {
  std::string method;
  std::string pattern;  // the route as registered, after /v1
  std::string path;     // `pattern` with A's ids (and a query), after /v1
  std::string body;
  // B's exact answer ("status code"): a GitpleLive not-found refusal
  // ("400 1003" channel, "400 1004" user, "400 1005" message) when the
  // request names A's data, else B's own success ("200", "201").
  std::string expect;
};

// Status and GitpleLive code ("400 1003"; the status alone on success).
std::string GitpleOutcome(const Response& r) {
  std::string out = std::to_string(r.status);
  const boost::json::object* o = r.body.if_object();
  if (r.status >= 400 && o != nullptr) {
    if (const boost::json::value* c = o->if_contains("code");
        c != nullptr && c->is_int64()) {
      out += " " + std::to_string(c->as_int64());
    }
  }
  return out;
}

class IsolationTest : public RestTest {
 protected:
  IsolationTest() {
    EXPECT_TRUE(server_.CreateApp("other", "key-other", {}, 0).ok());
    // A: alice (owner) and bob in channel "ca", a message, a bot, a block.
    A("POST", "/users/create",
      R"({"userId":"alice","password":"pw","username":"alice-secret"})");
    A("POST", "/users/create",
      R"({"userId":"bob","password":"pw","username":"bob-secret"})");
    A("POST", "/channels/create",
      R"({"channelId":"ca","type":"public","ownerId":"alice",)"
      R"("members":["bob"],"name":"room-secret","invitationCode":"c"})");
    Response sent = A("POST", "/channels/ca/messages/send",
                      R"({"senderId":"alice","text":"text-secret"})");
    message_id_ = sent.body.at("message").at("id").as_string().c_str();
    A("POST", "/bots/create", R"({"id":"bota","name":"bot-secret"})");
    A("POST", "/bots/bota/channels/ca/join", "");
    A("POST", "/users/alice/block", R"({"userId":"bob"})");
    // Moderation tools: slow mode, a pin, a report with a secret reason.
    A("POST", "/channels/ca/slowmode", R"({"slowModeMs":1000})");
    A("POST", "/channels/ca/messages/" + message_id_ + "/pin", "");
    A("POST", "/reports",
      R"({"reporterId":"bob","type":"user","userId":"alice",)"
      R"("reason":"report-secret"})");
    alice_token_ = Login("alice-login");
    // B: carol, with a session, and nothing named like A's data.
    Response created =
        B("POST", "/users/create", R"({"userId":"carol","password":"pw"})");
    EXPECT_EQ(created.status, 200);
    carol_login_token_ = created.body.at("loginToken").as_string().c_str();
    Response session = Send("POST", "/v1.4/users/login/token",
                            {{"app-id", "other"}},
                            R"({"userId":"carol","loginToken":")" +
                                carol_login_token_ + R"("})");
    EXPECT_EQ(session.status, 200);
    carol_ = session.body.at("sessionToken").as_string().c_str();
    Response alice_created =
        Admin("GET", "/users/alice");  // make sure A is as described
    EXPECT_EQ(alice_created.status, 200);
    // A, GitpleLive part: gail (manager), hank and ivy (banned) in group
    // channel "group_a" with meta, a message with meta, hank's receipts.
    // Ids are plain (a GitpleLive error echoes the request path); names,
    // urls, meta values, the ban reason and the text carry "secret".
    GA("POST", "/users",
       R"({"user_id":"gail","name":"gail-secret",)"
       R"("profile_url":"https://img/gail-secret.png",)"
       R"("meta":{"bio":"bio-secret"}})",
       201);
    GA("POST", "/users", R"({"user_id":"hank","name":"hank-secret"})", 201);
    GA("POST", "/users", R"({"user_id":"ivy","name":"ivy-secret"})", 201);
    GA("POST", "/group/channels",
       R"({"channel_id":"group_a","name":"group-secret",)"
       R"("profile_url":"https://img/group-secret.png",)"
       R"("members":["gail","hank","ivy"],"meta":{"topic":"topic-secret"}})",
       201);
    GA("POST", "/group/channels/group_a/managers", R"({"manager":"gail"})");
    GA("POST", "/group/channels/group_a/ban",
       R"({"user_id":"ivy","seconds":0,"reason":"reason-secret"})");
    Response posted =
        GA("POST", "/group/channels/group_a/messages",
           R"({"user_id":"gail","content":"text-secret",)"
           R"("meta":{"mood":"mood-secret"}})",
           201);
    group_message_id_ = boost::json::serialize(posted.body.at("message_id"));
    GA("PUT", "/group/channels/group_a/slow_mode", R"({"slow_mode_ms":5})");
    GA("POST",
       "/group/channels/group_a/messages/" + group_message_id_ + "/pin", "");
    GA("POST", "/reports",
       R"({"report_type":"user","reporting_user_id":"hank",)"
       R"("user_id":"gail","reason":"gitple-report-secret"})",
       201);
    GA("PUT", "/group/channels/group_a/messages/read", R"({"user_id":"hank"})");
    GA("PUT", "/group/channels/group_a/messages/delivered",
       R"({"user_id":"hank"})");
    Response group = GA("GET",
                        "/group/channels/group_a?show_members=true&"
                        "show_managers=true&show_read_receipt=true&"
                        "show_last_message=true",
                        "");
    EXPECT_NE(boost::json::serialize(group.body.at("read_receipt").at("hank")),
              "0")
        << "A's GitpleLive part is not as described";
    EXPECT_EQ(boost::json::serialize(group.body.at("managers").at(0).at(
                  "user_id")),
              R"("gail")");
    EXPECT_EQ(GA("GET", "/group/channels/group_a/banned_list", "").body
                  .as_array()
                  .size(),
              1u);
    // A, open channel "open_a": gail (manager) and hank participate, ivy
    // banned, a message with meta.
    GA("POST", "/open/channels",
       R"({"channel_id":"open_a","name":"open-secret",)"
       R"("profile_url":"https://img/open-secret.png",)"
       R"("meta":{"topic":"topic-secret"}})",
       201);
    for (const char* u : {"gail", "hank", "ivy"}) {
      GA("PUT", "/open/channels/open_a/enter",
         std::string(R"({"user_id":")") + u + R"("})");
    }
    GA("POST", "/open/channels/open_a/managers", R"({"manager":"gail"})");
    GA("POST", "/open/channels/open_a/ban",
       R"({"user_id":"ivy","seconds":0,"reason":"reason-secret"})");
    Response open_posted =
        GA("POST", "/open/channels/open_a/messages",
           R"({"user_id":"gail","content":"text-secret",)"
           R"("meta":{"mood":"mood-secret"}})",
           201);
    open_message_id_ =
        boost::json::serialize(open_posted.body.at("message_id"));
    EXPECT_EQ(boost::json::serialize(
                  GA("GET", "/open/channels/open_a", "")
                      .body.at("participant_count")),
              "2");
  }

  Response A(const std::string& method, const std::string& path,
             const std::string& body) {
    Response r = Admin(method, path, body);
    EXPECT_EQ(r.status, 200) << method << " " << path << ": "
                             << boost::json::serialize(r.body);
    return r;
  }
  Response B(const std::string& method, const std::string& path,
             const std::string& body) {
    return Send(method, "/v1.4/api" + path,
                {{"app-id", "other"}, {"api-key", "key-other"}}, body);
  }
  // /v1 + path with A's GitpleLive credentials; must answer `status`.
  Response GA(const std::string& method, const std::string& path,
              const std::string& body, int status = 200) {
    Response r = Send(method, "/v1" + path,
                      {{"APP_ID", "app"}, {"APP_API_KEY", "key"}}, body);
    EXPECT_EQ(r.status, status) << method << " " << path << ": "
                                << boost::json::serialize(r.body);
    return r;
  }
  // /v1 + path with the given GitpleLive credentials.
  Response Gitple(const std::string& app, const std::string& key,
                  const std::string& method, const std::string& path,
                  const std::string& body) {
    return Send(method, "/v1" + path, {{"APP_ID", app}, {"APP_API_KEY", key}},
                body);
  }

  // Every admin route (rest/talkplus_admin.cc, talkplus_apps.cc) with A's
  // ids in it.
  std::vector<Probe> AdminProbes() const {
    const std::string m = message_id_;
    return {
        {"POST", "/users/create", R"({"userId":"zed","password":"pw"})",
         false},
        {"POST", "/users/login", R"({"userId":"alice","password":"pw"})"},
        {"GET", "/users", "", false},
        {"GET", "/users/alice", ""},
        {"PUT", "/users/alice", R"({"username":"x"})"},
        {"DELETE", "/users/alice", ""},
        {"PUT", "/users/alice/password", R"({"password":"x"})"},
        {"POST", "/users/alice/register/fcm",
         R"({"deviceId":"d","fcmToken":"t","token":"t"})"},
        {"POST", "/users/alice/activate", ""},
        {"POST", "/users/alice/deactivate", ""},
        {"POST", "/users/alice/push/enable", ""},
        {"POST", "/users/alice/push/disable", ""},
        {"GET", "/users/alice/channels", ""},
        {"GET", "/users/alice/channels/hidden", ""},
        {"GET", "/users/alice/blocked", ""},
        {"POST", "/users/alice/block", R"({"userId":"bob"})"},
        {"POST", "/users/alice/unblock", R"({"userId":"bob"})"},
        {"POST", "/channels/create",
         R"({"channelId":"cb","type":"public","ownerId":"alice","members":["bob"]})"},
        {"GET", "/channels", "", false},
        {"GET", "/channels/ca", ""},
        {"PUT", "/channels/ca", R"({"name":"x"})"},
        {"DELETE", "/channels/ca", ""},
        {"POST", "/channels/ca/freeze", ""},
        {"POST", "/channels/ca/unfreeze", ""},
        {"POST", "/channels/ca/hide", R"({"userId":"alice"})"},
        {"POST", "/channels/ca/show", R"({"userId":"alice"})"},
        {"POST", "/channels/ca/transfer/ownership", R"({"ownerId":"bob"})"},
        {"GET", "/channels/ca/members", ""},
        {"GET", "/channels/ca/members/banned", ""},
        {"GET", "/channels/ca/members/muted", ""},
        {"GET", "/channels/ca/members/bob", ""},
        {"POST", "/channels/ca/members/add", R"({"members":["carol"]})"},
        {"POST", "/channels/ca/members/remove", R"({"members":["bob"]})"},
        {"POST", "/channels/ca/members/ban", R"({"members":["bob"]})"},
        {"POST", "/channels/ca/members/unban", R"({"members":["bob"]})"},
        {"POST", "/channels/ca/members/mute", R"({"members":["bob"]})"},
        {"POST", "/channels/ca/members/unmute", R"({"members":["bob"]})"},
        {"POST", "/channels/ca/members/mute/all", ""},
        {"POST", "/channels/ca/members/bob/push/enable", ""},
        {"POST", "/channels/ca/members/bob/push/disable", ""},
        {"GET", "/channels/ca/messages", ""},
        {"GET", "/channels/ca/message/" + m, ""},
        {"GET", "/channels/ca/messages/" + m, ""},
        {"POST", "/channels/ca/messages/send",
         R"({"senderId":"alice","text":"x"})"},
        {"POST", "/channels/ca/messages/admin/send", R"({"text":"x"})"},
        {"DELETE", "/channels/ca/messages/" + m, ""},
        {"POST", "/bots/create", R"({"id":"botz"})", false},
        {"GET", "/bots", "", false},
        {"GET", "/bots/bota", ""},
        {"PUT", "/bots/bota", R"({"name":"x"})"},
        {"DELETE", "/bots/bota", ""},
        {"GET", "/bots/bota/channels", ""},
        {"POST", "/bots/bota/channels/ca/send", R"({"text":"x"})"},
        {"POST", "/bots/bota/channels/ca/join", ""},
        {"POST", "/bots/bota/channels/ca/leave", ""},
        // App endpoints naming A.
        {"GET", "/apps/app", ""},
        {"PUT", "/apps/app", R"({"isDeactivated":true,"name":"x"})"},
        {"DELETE", "/apps/app", ""},
        // Moderation tools (rest/talkplus_moderation.cc).
        {"POST", "/channels/ca/slowmode", R"({"slowModeMs":0})"},
        {"GET", "/channels/ca/pins", ""},
        {"POST", "/channels/ca/messages/" + m + "/pin", ""},
        {"POST", "/channels/ca/messages/" + m + "/unpin", ""},
        {"GET", "/settings/flood", "", false},
        {"PUT", "/settings/flood", R"({"maxMessages":1,"windowMs":1000})",
         false},
        {"POST", "/reports",
         R"({"reporterId":"alice","type":"user","userId":"bob"})"},
        {"GET", "/reports", "", false},
        {"GET", "/reports/1", ""},
        {"POST", "/reports/1/resolve", ""},
        {"POST", "/apps/create", R"({"appId":"third"})", false},
    };
  }

  // Every SDK route (rest/talkplus_user.cc) with A's ids in it. Routes that
  // end the caller's own session come last.
  std::vector<Probe> SdkProbes() const {
    const std::string m = message_id_;
    return {
        {"GET", "/users/blocked", "", false},
        {"POST", "/users/block", R"({"userId":"alice"})"},
        {"POST", "/users/unblock", R"({"userId":"alice"})"},
        {"PUT", "/users/update", R"({"username":"carol"})", false},
        {"POST", "/users/register/fcm", R"({"deviceId":"d","fcmToken":"t"})",
         false},
        {"POST", "/users/register/pushkit", R"({"pushKitToken":"t"})", false},
        {"POST", "/users/settings/push/enable", "", false},
        {"POST", "/users/settings/push/disable", "", false},
        {"GET", "/channels", "", false},
        {"POST", "/channels/hide/all", "", false},
        {"POST", "/channels/markread/all", "", false},
        {"GET", "/channels/unread/count", "", false},
        {"GET", "/channels/ca", ""},
        {"PUT", "/channels/ca", R"({"name":"x"})"},
        {"DELETE", "/channels/ca", ""},
        {"POST", "/channels/ca/join", ""},
        {"POST", "/channels/ca/join/invitation", R"({"invitationCode":"c"})"},
        {"POST", "/channels/ca/leave", ""},
        {"POST", "/channels/ca/transfer/ownership", R"({"ownerId":"bob"})"},
        {"POST", "/channels/ca/freeze", ""},
        {"POST", "/channels/ca/unfreeze", ""},
        {"POST", "/channels/ca/hide", ""},
        {"POST", "/channels/ca/show", ""},
        {"POST", "/channels/ca/markread", ""},
        {"POST", "/channels/ca/privateData", R"({"privateData":{"k":"v"}})"},
        {"POST", "/channels/ca/privateTag", R"({"privateTag":"t"})"},
        {"POST", "/channels/ca/memberInfo", R"({"memberInfo":{"k":"v"}})"},
        {"POST", "/channels/ca/push/enable", ""},
        {"POST", "/channels/ca/push/disable", ""},
        {"GET", "/channels/ca/push/settings", ""},
        {"POST", "/channels/ca/push/settings",
         R"({"pushNotificationSoundAos":"s"})"},
        {"GET", "/channels/ca/members", ""},
        {"GET", "/channels/ca/members/banned", ""},
        {"GET", "/channels/ca/members/muted", ""},
        {"GET", "/channels/ca/members/bob", ""},
        {"POST", "/channels/ca/members/add", R"({"members":["carol"]})"},
        {"POST", "/channels/ca/members/remove", R"({"members":["bob"]})"},
        {"POST", "/channels/ca/members/ban", R"({"members":["bob"]})"},
        {"POST", "/channels/ca/members/unban", R"({"members":["bob"]})"},
        {"POST", "/channels/ca/members/mute", R"({"members":["bob"]})"},
        {"POST", "/channels/ca/members/unmute", R"({"members":["bob"]})"},
        {"GET", "/channels/ca/peer/muted", ""},
        {"POST", "/channels/ca/peer/mute", R"({"members":["bob"]})"},
        {"POST", "/channels/ca/peer/unmute", R"({"members":["bob"]})"},
        {"GET", "/channels/ca/messages", ""},
        {"GET", "/channels/ca/messages/files", ""},
        {"POST", "/channels/ca/messages/send", R"({"text":"x"})"},
        {"GET", "/channels/ca/messages/" + m, ""},
        {"PUT", "/channels/ca/messages/" + m, R"({"text":"x"})"},
        {"DELETE", "/channels/ca/messages/" + m, ""},
        {"POST", "/channels/ca/messages/" + m + "/translate",
         R"({"languages":["ko"]})"},
        {"POST", "/channels/ca/messages/" + m + "/reactions",
         R"({"reaction":"like"})"},
        {"DELETE", "/channels/ca/messages/" + m + "/reactions/like", ""},
        {"POST", "/channels/create",
         R"({"channelId":"cb","type":"public","members":["alice"]})"},
        {"POST", "/channels/ca/slowmode", R"({"slowModeMs":0})"},
        {"GET", "/channels/ca/pins", ""},
        {"POST", "/channels/ca/messages/" + m + "/pin", ""},
        {"POST", "/channels/ca/messages/" + m + "/unpin", ""},
        {"POST", "/reports", R"({"type":"user","userId":"alice"})"},
        {"POST", "/users/logout", "", false},
        {"DELETE", "/users/delete", "", false},
    };
  }

  // Every GitpleLive route (rest/gitplelive_routes.cc, in its order) with
  // A's ids in it.
  std::vector<GitpleProbe> GitpleProbes() const {
    const std::string m = group_message_id_;
    const std::string ch = "/group/channels/:channel_id";
    const std::string ga = "/group/channels/group_a";
    const std::string om = open_message_id_;
    const std::string op = "/open/channels/:open_channel_id";
    const std::string oa = "/open/channels/open_a";
    return {
        // Users.
        {"POST", "/users", "/users", R"({"user_id":"zed","name":"zed"})",
         "201"},
        {"GET", "/users", "/users?limit=100", "", "200"},
        {"GET", "/users/:user_id", "/users/gail", "", "400 1004"},
        {"PUT", "/users/:user_id", "/users/gail", R"({"name":"x"})",
         "400 1004"},
        {"DELETE", "/users/:user_id", "/users/gail", "", "400 1004"},
        {"PUT", "/users/:user_id/meta", "/users/gail/meta",
         R"({"meta":{"bio":"x"}})", "400 1004"},
        {"DELETE", "/users/:user_id/meta", "/users/gail/meta",
         R"({"keys":["bio"]})", "400 1004"},
        {"POST", "/users/:user_id/token", "/users/gail/token", "",
         "400 1004"},
        // Group channels.
        {"POST", "/group/channels", "/group/channels",
         R"({"channel_id":"group_b","name":"x","members":["gail","hank"]})",
         "400 1004"},
        {"GET", "/group/channels",
         "/group/channels?limit=100&show_members=true&show_managers=true&"
         "show_read_receipt=true&show_delivery_receipt=true&"
         "show_unread=true&show_last_message=true",
         "", "200"},
        {"GET", ch,
         ga + "?show_members=true&show_managers=true&show_read_receipt=true&"
              "show_delivery_receipt=true&show_unread=true&"
              "show_last_message=true",
         "", "400 1003"},
        {"PUT", ch, ga, R"({"name":"x"})", "400 1003"},
        {"DELETE", ch, ga, "", "400 1003"},
        {"PUT", ch + "/meta", ga + "/meta", R"({"meta":{"topic":"x"}})",
         "400 1003"},
        {"DELETE", ch + "/meta", ga + "/meta", R"({"keys":["topic"]})",
         "400 1003"},
        {"PUT", ch + "/freeze", ga + "/freeze", R"({"freeze":true})",
         "400 1003"},
        // Membership.
        {"GET", ch + "/members", ga + "/members", "", "400 1003"},
        {"POST", ch + "/members", ga + "/members", R"({"members":["carol"]})",
         "400 1003"},
        {"DELETE", ch + "/members", ga + "/members",
         R"({"members":["hank"]})", "400 1003"},
        {"PUT", ch + "/join", ga + "/join", R"({"user_id":"carol"})",
         "400 1003"},
        {"PUT", ch + "/leave", ga + "/leave", R"({"user_id":"hank"})",
         "400 1003"},
        {"GET", ch + "/online_members", ga + "/online_members", "",
         "400 1003"},
        // Managers.
        {"GET", ch + "/managers", ga + "/managers", "", "400 1003"},
        {"POST", ch + "/managers", ga + "/managers", R"({"manager":"hank"})",
         "400 1003"},
        {"DELETE", ch + "/managers", ga + "/managers",
         R"({"manager":"gail"})", "400 1003"},
        // Moderation.
        {"POST", ch + "/ban", ga + "/ban",
         R"({"user_id":"hank","seconds":0,"reason":"x"})", "400 1003"},
        {"DELETE", ch + "/ban/:user_id", ga + "/ban/ivy", "", "400 1003"},
        {"GET", ch + "/banned_list", ga + "/banned_list", "", "400 1003"},
        // Messages and receipts.
        {"POST", ch + "/messages", ga + "/messages",
         R"({"user_id":"gail","content":"x"})", "400 1003"},
        {"GET", ch + "/messages",
         ga + "/messages?base_message_id=" + m + "&mode=prev", "",
         "400 1003"},
        {"DELETE", ch + "/messages/:message_id", ga + "/messages/" + m, "",
         "400 1003"},
        {"PUT", ch + "/messages/:message_id/meta", ga + "/messages/" + m +
         "/meta", R"({"meta":{"mood":"x"}})", "400 1003"},
        {"DELETE", ch + "/messages/:message_id/meta", ga + "/messages/" + m +
         "/meta", R"({"keys":["mood"]})", "400 1003"},
        {"PUT", ch + "/messages/read", ga + "/messages/read",
         R"({"user_id":"hank"})", "400 1003"},
        {"PUT", ch + "/messages/delivered", ga + "/messages/delivered",
         R"({"user_id":"hank"})", "400 1003"},
        // Open channels.
        {"POST", "/open/channels", "/open/channels",
         R"({"channel_id":"open_b","name":"x"})", "201"},
        {"GET", "/open/channels",
         "/open/channels?limit=100&show_managers=true&show_last_message=true",
         "", "200"},
        {"GET", op, oa + "?show_managers=true&show_last_message=true", "",
         "400 1003"},
        {"PUT", op, oa, R"({"name":"x"})", "400 1003"},
        {"DELETE", op, oa, "", "400 1003"},
        {"PUT", op + "/meta", oa + "/meta", R"({"meta":{"topic":"x"}})",
         "400 1003"},
        {"DELETE", op + "/meta", oa + "/meta", R"({"keys":["topic"]})",
         "400 1003"},
        {"PUT", op + "/freeze", oa + "/freeze", R"({"freeze":true})",
         "400 1003"},
        {"PUT", op + "/enter", oa + "/enter", R"({"user_id":"carol"})",
         "400 1003"},
        {"PUT", op + "/exit", oa + "/exit", R"({"user_id":"hank"})",
         "400 1003"},
        {"GET", op + "/participants", oa + "/participants", "", "400 1003"},
        {"GET", op + "/managers", oa + "/managers", "", "400 1003"},
        {"POST", op + "/managers", oa + "/managers", R"({"manager":"hank"})",
         "400 1003"},
        {"DELETE", op + "/managers", oa + "/managers",
         R"({"manager":"gail"})", "400 1003"},
        {"POST", op + "/ban", oa + "/ban",
         R"({"user_id":"hank","seconds":0,"reason":"x"})", "400 1003"},
        {"DELETE", op + "/ban/:user_id", oa + "/ban/ivy", "", "400 1003"},
        {"GET", op + "/banned_list", oa + "/banned_list", "", "400 1003"},
        {"POST", op + "/messages", oa + "/messages",
         R"({"user_id":"gail","content":"x"})", "400 1003"},
        {"GET", op + "/messages",
         oa + "/messages?base_message_id=" + om + "&content=secret", "",
         "400 1003"},
        {"DELETE", op + "/messages/:message_id", oa + "/messages/" + om, "",
         "400 1003"},
        {"PUT", op + "/messages/:message_id/meta",
         oa + "/messages/" + om + "/meta", R"({"meta":{"mood":"x"}})",
         "400 1003"},
        {"DELETE", op + "/messages/:message_id/meta",
         oa + "/messages/" + om + "/meta", R"({"keys":["mood"]})",
         "400 1003"},
        // Moderation tools (rest/gitplelive_moderation.cc).
        {"PUT", ch + "/slow_mode", ga + "/slow_mode", R"({"slow_mode_ms":0})",
         "400 1003"},
        {"GET", ch + "/pins", ga + "/pins", "", "400 1003"},
        {"POST", ch + "/messages/:message_id/pin",
         ga + "/messages/" + m + "/pin", "", "400 1003"},
        {"DELETE", ch + "/messages/:message_id/pin",
         ga + "/messages/" + m + "/pin", "", "400 1003"},
        {"GET", "/settings/flood_limit", "/settings/flood_limit", "", "200"},
        {"PUT", "/settings/flood_limit", "/settings/flood_limit",
         R"({"max_messages":1,"window_ms":1000})", "200"},
        {"POST", "/reports", "/reports",
         R"({"report_type":"user","reporting_user_id":"gail",)"
         R"("user_id":"hank"})",
         "400 1004"},
        {"GET", "/reports", "/reports", "", "200"},
        {"GET", "/reports/:report_id", "/reports/1", "", "400 1035"},
        {"PUT", "/reports/:report_id/resolve", "/reports/1/resolve", "",
         "400 1035"},
    };
  }

  // Sends `p` as B and checks A is untouched and unrevealed.
  void ExpectIsolated(const Probe& p, const Response& r,
                      const std::string& a_before, const std::string& how) {
    const std::string body = boost::json::serialize(r.body);
    const std::string what = how + " " + p.method + " " + p.path + " -> " +
                             std::to_string(r.status) + " " + body;
    EXPECT_FALSE((r.status == 404 || r.status == 405) && CodeOf(r) == "1001")
        << "not a route: " << what;
    EXPECT_EQ(DumpA(), a_before) << "A's state changed: " << what;
    EXPECT_EQ(body.find("secret"), std::string::npos)
        << "A's data leaked: " << what;
    EXPECT_EQ(body.find(alice_token_), std::string::npos) << what;
    if (p.names_a) {
      EXPECT_GE(r.status, 400) << "a request naming A's data succeeded: "
                               << what;
      EXPECT_LT(r.status, 500) << what;
    }
  }

  // A's state, or a marker once A is gone (it must never be).
  std::string DumpA() {
    Engine* a = server_.FindEngine("app");
    if (a == nullptr) return "<app A was deleted>";
    std::optional<AppInfo> info = server_.GetApp("app");
    return a->DebugString() + "\nname=" + info->name +
           " deactivated=" + std::to_string(info->deactivated);
  }

  std::string message_id_;
  std::string group_message_id_;  // A's GitpleLive message, in decimal
  std::string open_message_id_;   // A's open-channel message, in decimal
  std::string alice_token_;  // A's session of "alice-login"
  std::string carol_login_token_;
  std::string carol_;  // B's session
};

TEST_F(IsolationTest, AdminRoutesWithOtherAppsKeyNeverReachThisApp) {
  int probes = 0;
  for (const Probe& p : AdminProbes()) {
    const std::string before = DumpA();
    Response r = B(p.method, p.path, p.body);
    ExpectIsolated(p, r, before, "B's api key:");
    ++probes;
  }
  std::printf("isolation: %d admin routes probed with app B's key\n", probes);
}

TEST_F(IsolationTest, MixedCredentialsAreRefusedOnEveryAdminRoute) {
  for (const Probe& p : AdminProbes()) {
    const std::string before = DumpA();
    // A's app id with B's key, and B's app id with A's key.
    for (const auto& [app, key] :
         {std::pair<std::string, std::string>{"app", "key-other"},
          {"other", "key"}}) {
      Response r = Send(p.method, "/v1.4/api" + p.path,
                        {{"app-id", app}, {"api-key", key}}, p.body);
      EXPECT_EQ(Outcome(r), "401 1006") << app << " " << p.method << " "
                                        << p.path;
      EXPECT_EQ(DumpA(), before);
    }
  }
}

TEST_F(IsolationTest, SessionRoutesOfOtherAppNeverReachThisApp) {
  int probes = 0;
  for (const Probe& p : SdkProbes()) {
    const std::string before = DumpA();
    Response r = Send(p.method, "/v1.4" + p.path,
                      {{"app-id", "other"}, {"Authorization", "Bearer " + carol_}},
                      p.body);
    ExpectIsolated(p, r, before, "B's session:");
    ++probes;
  }
  std::printf("isolation: %d SDK routes probed with a session of app B\n",
              probes);
}

TEST_F(IsolationTest, SessionTokenOfOneAppIsUnknownInAnother) {
  for (const Probe& p : SdkProbes()) {
    const std::string before = DumpA();
    Response r = Send(p.method, "/v1.4" + p.path,
                      {{"app-id", "other"},
                       {"Authorization", "Bearer " + alice_token_}},
                      p.body);
    EXPECT_EQ(Outcome(r), "401 3001") << p.method << " " << p.path;
    EXPECT_EQ(DumpA(), before);
  }
  // And the session still works in its own app.
  EXPECT_EQ(Sdk(alice_token_, "GET", "/channels").status, 200);
}

TEST_F(IsolationTest, LoginTokenOfOneAppDoesNotLogIntoAnother) {
  // B gets its own "alice": A's login token must not open a session there,
  // and B's must not open one in A.
  Response a_token = Admin("POST", "/users/login",
                           R"({"userId":"alice","password":"pw"})");
  ASSERT_EQ(a_token.status, 200);
  const std::string token = a_token.body.at("loginToken").as_string().c_str();
  Response b_alice = B("POST", "/users/create",
                       R"({"userId":"alice","password":"pw"})");
  ASSERT_EQ(b_alice.status, 200);
  const std::string b_token =
      b_alice.body.at("loginToken").as_string().c_str();
  EXPECT_NE(token, b_token);
  const std::string before = DumpA();
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/users/login/token",
                         {{"app-id", "other"}},
                         R"({"userId":"alice","loginToken":")" + token +
                             R"("})")),
            "401 3009");
  EXPECT_EQ(Outcome(Send("POST", "/v1.4/users/login/token", {{"app-id", "app"}},
                         R"({"userId":"alice","loginToken":")" + b_token +
                             R"("})")),
            "401 3009");
  EXPECT_EQ(DumpA(), before);
}

TEST_F(IsolationTest, SameSeedAndNamesStillGiveDifferentTokensPerApp) {
  // Two apps built from one seed, the same calls in the same order: the
  // token secret includes each app's id and key, so no token repeats.
  Response a = Admin("POST", "/users/create",
                     R"({"userId":"twin","password":"pw"})");
  Response b = B("POST", "/users/create", R"({"userId":"twin","password":"pw"})");
  ASSERT_EQ(a.status, 200);
  ASSERT_EQ(b.status, 200);
  EXPECT_NE(a.body.at("loginToken"), b.body.at("loginToken"));
}

TEST_F(IsolationTest, GitpleRoutesWithOtherAppsKeyNeverReachThisApp) {
  int probes = 0;
  for (const GitpleProbe& p : GitpleProbes()) {
    const std::string before = DumpA();
    Response r = Gitple("other", "key-other", p.method, p.path, p.body);
    const std::string body = boost::json::serialize(r.body);
    const std::string what =
        p.method + " /v1" + p.path + " -> " + std::to_string(r.status) + " " +
        body;
    // Handlers of this dialect answer 200/201, 400, 401 or 500: a 404
    // (1002) or 405 can only come from the router.
    EXPECT_NE(r.status, 404) << "not a route: " << what;
    EXPECT_NE(r.status, 405) << "not a route: " << what;
    EXPECT_EQ(DumpA(), before) << "A's state changed: " << what;
    EXPECT_EQ(body.find("secret"), std::string::npos)
        << "A's data leaked: " << what;
    EXPECT_EQ(GitpleOutcome(r), p.expect) << what;
    ++probes;
  }
  std::printf("isolation: %d GitpleLive routes probed with app B's key\n",
              probes);
}

TEST_F(IsolationTest, MixedCredentialsAreRefusedOnEveryGitpleRoute) {
  for (const GitpleProbe& p : GitpleProbes()) {
    const std::string before = DumpA();
    // A's APP_ID with B's key, and B's APP_ID with A's key: both ids are
    // known apps, so the key is wrong (4001), not the app (4003).
    for (const auto& [app, key] :
         {std::pair<std::string, std::string>{"app", "key-other"},
          {"other", "key"}}) {
      Response r = Gitple(app, key, p.method, p.path, p.body);
      EXPECT_EQ(GitpleOutcome(r), "401 4001")
          << app << " " << p.method << " /v1" << p.path;
      EXPECT_EQ(boost::json::serialize(r.body).find("secret"),
                std::string::npos);
      EXPECT_EQ(DumpA(), before) << app << " " << p.method << " /v1" << p.path;
    }
  }
}

// The table above against the registration table of
// rest/gitplelive_routes.cc: every registered (method, pattern) has exactly
// one row, no row names an unregistered route, and each row's path is an
// instance of its pattern.
TEST_F(IsolationTest, GitpleRoutesTableIsComplete) {
  std::stringstream text;
  for (const char* file :
       {"/rest/gitplelive_routes.cc", "/rest/gitplelive_moderation.cc"}) {
    const std::string source_path = std::string(BANTER_SOURCE_DIR) + file;
    std::ifstream in(source_path);
    ASSERT_TRUE(in.good()) << "cannot read " << source_path;
    text << in.rdbuf();
  }
  // Rows look like `{P, "/users", kAuth, &CreateUser, 201},`.
  static const std::regex kRow(R"re(\{([GPUD]), "(/[^"]*)")re");
  const std::string source = text.str();
  std::set<std::pair<std::string, std::string>> registered;
  for (auto it = std::sregex_iterator(source.begin(), source.end(), kRow);
       it != std::sregex_iterator(); ++it) {
    static const std::pair<char, const char*> kMethods[] = {
        {'G', "GET"}, {'P', "POST"}, {'U', "PUT"}, {'D', "DELETE"}};
    std::string method;
    for (const auto& [letter, name] : kMethods) {
      if ((*it)[1].str()[0] == letter) method = name;
    }
    EXPECT_TRUE(registered.emplace(method, (*it)[2].str()).second)
        << "registered twice: " << method << " " << (*it)[2].str();
  }
  std::set<std::pair<std::string, std::string>> listed;
  for (const GitpleProbe& p : GitpleProbes()) {
    EXPECT_TRUE(listed.emplace(p.method, p.pattern).second)
        << "listed twice: " << p.method << " " << p.pattern;
    // The path (query aside) matches the pattern segment by segment.
    const auto segments = [](const std::string& path) {
      std::vector<std::string> out;
      std::stringstream ss(path);
      for (std::string seg; std::getline(ss, seg, '/');) out.push_back(seg);
      return out;
    };
    const std::vector<std::string> want = segments(p.pattern);
    const std::vector<std::string> got =
        segments(p.path.substr(0, p.path.find('?')));
    ASSERT_EQ(got.size(), want.size()) << p.path << " vs " << p.pattern;
    for (size_t i = 0; i < want.size(); ++i) {
      if (!want[i].empty() && want[i][0] == ':') {
        EXPECT_FALSE(got[i].empty()) << p.path;
      } else {
        EXPECT_EQ(got[i], want[i]) << p.path << " vs " << p.pattern;
      }
    }
  }
  EXPECT_EQ(listed, registered);
  EXPECT_EQ(registered.size(), 67u) << "docs/gitplelive.md lists 67 routes";
}

}  // namespace
}  // namespace banter::rest::testing
