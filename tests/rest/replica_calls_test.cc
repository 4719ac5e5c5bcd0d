// The Server calls replicas rely on (docs/scale-out.md): password work done
// ahead of Handle, reads that change nothing, and whole-server state that
// copies and compares.
#include <string>
#include <vector>

#include "banter/presence.h"
#include "banter/rest/server.h"
#include "boost/json/parse.hpp"
#include "boost/json/serialize.hpp"
#include "gtest/gtest.h"
#include "tests/rest/rest_test_util.h"
#include "tests/testing/status_matchers.h"

namespace banter::rest {
namespace {

using ::banter::rest::testing::Outcome;
using ::banter::rest::testing::TestServerOptions;
using ::banter::testing::IsOk;

Request Make(std::string method, std::string target, std::string body,
             Millis now, Headers headers = {{"app-id", "app"},
                                            {"api-key", "key"}}) {
  Request r;
  r.method = std::move(method);
  r.target = std::move(target);
  r.headers = std::move(headers);
  r.body = std::move(body);
  r.now = now;
  return r;
}

// Requests with passwords among others: create, login (right and wrong),
// password change, a login against the old password, a refused password.
std::vector<Request> PasswordConversation() {
  const Millis t = 1'700'000'000'000;
  return {
      Make("POST", "/v1.4/api/users/create",
           R"({"userId":"u1","password":"pw1","username":"Ann"})", t),
      Make("POST", "/v1.4/api/users/create", R"({"userId":"u1","password":"x"})",
           t + 1),
      Make("POST", "/v1.4/api/users/login", R"({"userId":"u1","password":"pw1"})",
           t + 2),
      Make("POST", "/v1.4/api/users/login", R"({"userId":"u1","password":"no"})",
           t + 3),
      Make("PUT", "/v1.4/api/users/u1/password", R"({"password":"pw2"})", t + 4),
      Make("POST", "/v1.4/api/users/login", R"({"userId":"u1","password":"pw1"})",
           t + 5),
      Make("POST", "/v1.4/api/users/login", R"({"userId":"u1","password":"pw2"})",
           t + 6),
      Make("POST", "/v1.4/api/users/create",
           std::string(R"({"userId":"u2","password":")") +
               std::string(5000, 'p') + R"("})",
           t + 7),
      Make("POST", "/v1.4/api/users/create", R"({"userId":"u3"})", t + 8),
      Make("POST", "/v1.4/api/users/login", R"({"userId":"nobody","password":"p"})",
           t + 9),
  };
}

TEST(ReplicaCallsTest, PreparedRequestsGiveTheSameAnswersAndState) {
  Server plain(TestServerOptions());
  Server prepared(TestServerOptions());
  ASSERT_TRUE(plain.CreateApp("app", "key", {}, 0).ok());
  ASSERT_TRUE(prepared.CreateApp("app", "key", {}, 0).ok());
  int with_work = 0;
  for (const Request& original : PasswordConversation()) {
    Request r = original;
    std::optional<Server::PasswordWork> work = prepared.PasswordWorkOf(r);
    if (work.has_value()) Server::DoPasswordWork(*work, &r);
    if (r.prepared_password.has_value()) {
      ++with_work;
      const std::string body =
          boost::json::serialize(std::get<boost::json::value>(r.body));
      EXPECT_EQ(body.find("password"), std::string::npos) << body;
    }
    const Response a = plain.Handle(original, nullptr);
    const Response b = prepared.Handle(r, nullptr);
    EXPECT_EQ(boost::json::serialize(a.body), boost::json::serialize(b.body))
        << original.target;
    EXPECT_EQ(a.status, b.status);
  }
  // Both creates of u1, the four logins, the change and the unknown user's
  // login (checked against no hash: ""); not the refused password (left for
  // Handle to refuse) or the missing one.
  EXPECT_EQ(with_work, 8);
  EXPECT_EQ(plain.Digest(), prepared.Digest());
  EXPECT_EQ(plain.FindEngine("app")->DebugString(),
            prepared.FindEngine("app")->DebugString());
}

TEST(ReplicaCallsTest, NoPasswordWorkWithoutTheAppsKey) {
  Server server(TestServerOptions());
  ASSERT_TRUE(server.CreateApp("app", "key", {}, 0).ok());
  Request r = Make("POST", "/v1.4/api/users/create",
                   R"({"userId":"u1","password":"pw"})", 0,
                   {{"app-id", "app"}, {"api-key", "wrong"}});
  EXPECT_FALSE(server.PasswordWorkOf(r).has_value());
  r = Make("POST", "/v1.4/api/channels/create", R"({"type":"public","members":[]})", 0);
  EXPECT_FALSE(server.PasswordWorkOf(r).has_value());
}

TEST(ReplicaCallsTest, ReadsChangeNothingAndAnswerAsHandle) {
  Server server(TestServerOptions());
  ASSERT_TRUE(server.CreateApp("app", "key", {}, 0).ok());
  RateLimitConfig limits;
  limits[RateClass::kRead] = {1, 0};  // one read, never refilled
  ASSERT_TRUE(server.UpdateApp("app", {.rate_limits = limits}).ok());
  const Millis t = 1'700'000'000'000;
  for (const Request& r :
       {Make("POST", "/v1.4/api/users/create",
             R"({"userId":"u1","password":"pw"})", t),
        Make("POST", "/v1.4/api/users/create",
             R"({"userId":"u2","password":"pw"})", t),
        Make("POST", "/v1.4/api/channels/create",
             R"({"channelId":"c1","type":"public","ownerId":"u1",)"
             R"("members":["u2"]})",
             t),
        // A timed mute, due a minute later: a read an hour later must not
        // expire it.
        Make("POST", "/v1.4/api/channels/c1/members/mute",
             R"({"members":["u2"],"expireInMinutes":1})", t)}) {
    ASSERT_EQ(server.Handle(r, nullptr).status, 200) << r.target;
  }
  ASSERT_EQ(server.FindEngine("app")->Stats().pending_timers, 1u);
  const std::string before = server.Digest();
  const Request get = Make("GET", "/v1.4/api/channels/c1", "", t + 3'600'000);
  const Response read = server.Read(get);
  EXPECT_EQ(read.status, 200);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(server.Read(get).status, 200);
  EXPECT_EQ(server.Digest(), before);  // no clock moved, no token taken
  EXPECT_EQ(server.FindEngine("app")->now(), t);
  EXPECT_EQ(server.FindEngine("app")->Stats().pending_timers, 1u);
  // Handle answers the same (at the same time), and takes the only token.
  Request same = get;
  same.now = t;
  const Response handled = server.Handle(same, nullptr);
  EXPECT_EQ(boost::json::serialize(handled.body),
            boost::json::serialize(read.body));
  EXPECT_EQ(Outcome(server.Handle(same, nullptr)), "429 1010");
  EXPECT_EQ(Outcome(server.Read(get)), "200");
}

TEST(ReplicaCallsTest, ReadRefusesWrites) {
  Server server(TestServerOptions());
  ASSERT_TRUE(server.CreateApp("app", "key", {}, 0).ok());
  const std::string before = server.Digest();
  EXPECT_EQ(server.Read(Make("POST", "/v1.4/api/users/create",
                             R"({"userId":"u1"})", 0))
                .status,
            405);
  EXPECT_EQ(server.Digest(), before);
}

// Presence is per-process: a replica answers its requests itself
// (HandleLocal), so they must leave everything WriteState and Digest read
// as it was, rate-limit buckets and clocks included, and Handle must give
// the same answers for them.
TEST(ReplicaCallsTest, LocalRequestsChangeOnlyPresence) {
  const Millis t = 1'700'000'000'000;
  Server local(TestServerOptions());
  Server plain(TestServerOptions());
  for (Server* s : {&local, &plain}) {
    ASSERT_TRUE(s->CreateApp("app", "key", {}, 0).ok());
    for (const Request& r :
         {Make("POST", "/v1.4/api/users/create", R"({"userId":"u1","password":"pw"})", t),
          Make("POST", "/v1.4/api/users/create", R"({"userId":"u2","password":"pw"})", t),
          Make("POST", "/v1.4/api/channels/create",
               R"({"channelId":"c","type":"public","ownerId":"u1","members":["u2"]})",
               t)}) {
      ASSERT_EQ(s->Handle(r, nullptr).status, 200) << r.target;
    }
  }
  const std::string before = local.Digest();
  const std::string state_before = local.WriteState();
  const std::vector<Request> presence = {
      Make("POST", "/v1.4/api/users/u2/connect", "", t + 60'000),
      Make("POST", "/v1.4/api/users/u1/connect", "", t + 60'001),
      Make("POST", "/v1.4/api/channels/c/typing/start", R"({"userId":"u1"})",
           t + 60'002),
      Make("POST", "/v1.4/api/users/u1/disconnect", "", t + 60'003),
      Make("PUT", "/v1/users/u2/connect", "", t + 60'004,
           {{"APP_ID", "app"}, {"APP_API_KEY", "key"}}),
      Make("POST", "/v1.4/api/users/nobody/connect", "", t + 60'005),
  };
  for (const Request& r : presence) {
    ASSERT_TRUE(local.IsLocal(r)) << r.target;
    std::vector<EventLine> local_events, plain_events;
    const Response a = local.HandleLocal(r, &local_events);
    const Response b = plain.Handle(r, &plain_events);
    EXPECT_EQ(Outcome(a), Outcome(b)) << r.target;
    EXPECT_EQ(local_events.size(), plain_events.size()) << r.target;
  }
  EXPECT_EQ(local.Digest(), before);
  EXPECT_EQ(local.WriteState(), state_before);
  Presence* p = local.FindPresence("app");
  ASSERT_NE(p, nullptr);
  EXPECT_TRUE(p->IsOnline(local.FindEngine("app")->FindUser("u2")));

  // Everything else is not local, and HandleLocal refuses it untouched.
  const Request send =
      Make("POST", "/v1.4/api/channels/c/messages/send",
           R"({"senderId":"u1","type":"text","text":"hi"})", t + 70'000);
  EXPECT_FALSE(local.IsLocal(send));
  EXPECT_FALSE(local.IsLocal(Make("GET", "/v1.4/api/users/u1/presence", "", t)));
  EXPECT_FALSE(local.IsLocal(Make("POST", "/no/such/path", "", t)));
  EXPECT_EQ(local.HandleLocal(send, nullptr).status, 405);
  EXPECT_EQ(local.Digest(), before);
}

TEST(ReplicaCallsTest, StateCopiesTheWholeServer) {
  ServerOptions options = TestServerOptions();
  options.rate_limits[RateClass::kWrite] = {5, 1};
  Server a(options);
  ASSERT_TRUE(a.CreateApp("app", "key", {}, 0).ok());
  const Millis t = 1'700'000'000'000;
  // A generated app (the id counter), writes that spend bucket tokens.
  const Response made = a.Handle(
      Make("POST", "/v1.4/api/apps/create", R"({"name":"second"})", t,
           {{"app-id", "app"}, {"api-key", "key"}, {"master-key", "test-master"}}),
      nullptr);
  ASSERT_EQ(made.status, 200) << boost::json::serialize(made.body);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(a.Handle(Make("POST", "/v1.4/api/channels/create",
                            R"({"type":"public","members":[]})", t + i),
                       nullptr)
                  .status,
              200);
  }
  Server b(options);
  ASSERT_THAT(b.ReadState(a.WriteState()), IsOk());
  EXPECT_EQ(b.Digest(), a.Digest());
  EXPECT_EQ(b.WriteState(), a.WriteState());
  EXPECT_EQ(b.AppIds(), a.AppIds());
  // Both go on identically: generated ids, buckets, clocks.
  for (const Request& r :
       {Make("POST", "/v1.4/api/apps/create", R"({"name":"third"})", t + 10,
             {{"app-id", "app"}, {"api-key", "key"}, {"master-key", "test-master"}}),
        Make("POST", "/v1.4/api/channels/create", R"({"type":"public","members":[]})", t + 11),
        Make("POST", "/v1.4/api/channels/create", R"({"type":"public","members":[]})", t + 11),
        Make("POST", "/v1.4/api/channels/create", R"({"type":"public","members":[]})", t + 11)}) {
    const Response ra = a.Handle(r, nullptr);
    const Response rb = b.Handle(r, nullptr);
    EXPECT_EQ(Outcome(ra), Outcome(rb));
    EXPECT_EQ(boost::json::serialize(ra.body), boost::json::serialize(rb.body));
  }
  EXPECT_EQ(b.Digest(), a.Digest());
  EXPECT_EQ(b.ReadState(a.WriteState()).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ReplicaCallsTest, DamagedStateIsRefused) {
  Server a(TestServerOptions());
  ASSERT_TRUE(a.CreateApp("app", "key", {}, 0).ok());
  std::string bytes = a.WriteState();
  bytes[bytes.size() / 2] ^= 1;
  Server b(TestServerOptions());
  EXPECT_EQ(b.ReadState(bytes).code(), absl::StatusCode::kDataLoss);
  EXPECT_TRUE(b.AppIds().empty());
  EXPECT_EQ(b.ReadState("nonsense").code(), absl::StatusCode::kDataLoss);
}

}  // namespace
}  // namespace banter::rest
