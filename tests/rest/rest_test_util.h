// Shared helpers of the REST adapter tests: a server with one app ("app" /
// "key"), request builders and envelope checks.
#ifndef BANTER_TESTS_REST_REST_TEST_UTIL_H_
#define BANTER_TESTS_REST_REST_TEST_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "banter/rest/server.h"
#include "boost/json/serialize.hpp"
#include "gtest/gtest.h"

namespace banter::rest::testing {

inline ServerOptions TestServerOptions() {
  ServerOptions o;
  o.engine.seed = 1;
  o.engine.password_cost = 4;
  o.engine.token_secret = "test";
  o.engine.check_invariants = true;
  o.master_key = "test-master";
  return o;
}

class RestTest : public ::testing::Test {
 protected:
  explicit RestTest(ServerOptions options = TestServerOptions())
      : server_(std::move(options)) {
    EXPECT_TRUE(server_.CreateApp("app", "key", {}, 0).ok());
  }

  // Time moves only when the test says so.
  Millis Now() const { return now_; }
  Millis Advance(Millis ms) { return now_ += ms; }

  Response Send(std::string method, std::string target, Headers headers,
                std::string body = "", Millis now = -1) {
    Request r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.headers = std::move(headers);
    r.body = std::move(body);
    r.now = now < 0 ? now_ : now;
    events_.clear();
    return server_.Handle(r, &events_);
  }
  // /v1.4/api + path with the app's credentials (and, for creating apps,
  // the process's master key).
  Response Admin(std::string method, std::string path, std::string body = "",
                 Millis now = -1) {
    Headers headers = {{"app-id", "app"}, {"api-key", "key"}};
    if (path == "/apps/create") headers.push_back({"master-key", "test-master"});
    return Send(std::move(method), "/v1.4/api" + path, std::move(headers),
                std::move(body), now);
  }
  // /v1.4 + path with a session.
  Response Sdk(const std::string& token, std::string method, std::string path,
               std::string body = "", Millis now = -1) {
    return Send(std::move(method), "/v1.4" + path,
                {{"app-id", "app"}, {"Authorization", "Bearer " + token}},
                std::move(body), now);
  }

  // Creates a user and logs it in; returns the session token.
  std::string Login(const std::string& user) {
    Response created = Admin(
        "POST", "/users/create",
        R"({"userId":")" + user + R"(","password":"pw"})");
    EXPECT_EQ(created.status, 200) << boost::json::serialize(created.body);
    const std::string token(
        created.body.at("loginToken").as_string().c_str());
    Response session = Send(
        "POST", "/v1.4/users/login/token", {{"app-id", "app"}},
        R"({"userId":")" + user + R"(","loginToken":")" + token + R"("})");
    EXPECT_EQ(session.status, 200) << boost::json::serialize(session.body);
    return std::string(session.body.at("sessionToken").as_string().c_str());
  }

  std::string Dump() { return server_.FindEngine("app")->DebugString(); }

  Server server_;
  std::vector<EventLine> events_;
  Millis now_ = 1'700'000'000'000;
};

// The TalkPlus error code of a response ("" for success bodies).
inline std::string CodeOf(const Response& r) {
  const boost::json::object* o = r.body.if_object();
  if (o == nullptr || !o->contains("error")) return "";
  return std::string(o->at("code").as_string().c_str());
}

// Status and code together, for one-line expectations.
inline std::string Outcome(const Response& r) {
  const std::string code = CodeOf(r);
  return std::to_string(r.status) + (code.empty() ? "" : " " + code);
}

// The keys of a JSON object, in order.
inline std::vector<std::string> Keys(const boost::json::value& v) {
  std::vector<std::string> keys;
  for (const auto& kv : v.as_object()) keys.emplace_back(kv.key());
  return keys;
}

}  // namespace banter::rest::testing

#endif  // BANTER_TESTS_REST_REST_TEST_UTIL_H_
