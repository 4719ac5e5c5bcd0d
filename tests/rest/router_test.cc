#include "banter/rest/router.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace banter::rest {
namespace {

using Segments = std::vector<std::string>;

TEST(RouterTest, ParseMethodIsCaseSensitive) {
  EXPECT_EQ(ParseMethod("GET"), Method::kGet);
  EXPECT_EQ(ParseMethod("POST"), Method::kPost);
  EXPECT_EQ(ParseMethod("PUT"), Method::kPut);
  EXPECT_EQ(ParseMethod("DELETE"), Method::kDelete);
  EXPECT_EQ(ParseMethod("get"), std::nullopt);
  EXPECT_EQ(ParseMethod("PATCH"), std::nullopt);
  EXPECT_EQ(ParseMethod(""), std::nullopt);
  EXPECT_EQ(MethodName(Method::kDelete), "DELETE");
}

TEST(RouterTest, AddReturnsIndicesInRegistrationOrder) {
  Router r;
  EXPECT_EQ(r.Add(Method::kGet, "/a"), 0);
  EXPECT_EQ(r.Add(Method::kPost, "/a"), 1);
  EXPECT_EQ(r.Add(Method::kGet, "/a/:id"), 2);
  EXPECT_EQ(r.size(), 3u);
}

TEST(RouterTest, LiteralBeatsParameterWhateverTheOrder) {
  Router r;
  const int member = r.Add(Method::kGet, "/c/:id/members/:memberId");
  const int banned = r.Add(Method::kGet, "/c/:id/members/banned");
  Router::Match m = r.Find(Method::kGet, {"c", "x", "members", "banned"});
  ASSERT_EQ(m.outcome, Router::Outcome::kFound);
  EXPECT_EQ(m.route, banned);
  m = r.Find(Method::kGet, {"c", "x", "members", "bob"});
  ASSERT_EQ(m.outcome, Router::Outcome::kFound);
  EXPECT_EQ(m.route, member);
}

TEST(RouterTest, EarlierLiteralDecidesBetweenTwoPartialParameterRoutes) {
  Router r;
  const int a = r.Add(Method::kGet, "/x/:p/z");
  const int b = r.Add(Method::kGet, "/x/y/:q");
  Router::Match m = r.Find(Method::kGet, {"x", "y", "z"});
  ASSERT_EQ(m.outcome, Router::Outcome::kFound);
  EXPECT_EQ(m.route, b);
  m = r.Find(Method::kGet, {"x", "w", "z"});
  ASSERT_EQ(m.outcome, Router::Outcome::kFound);
  EXPECT_EQ(m.route, a);
}

TEST(RouterTest, ParamsComeInPatternOrderWithTheirValues) {
  Router r;
  r.Add(Method::kPost, "/bots/:botId/channels/:channelId/send");
  Router::Match m = r.Find(Method::kPost, {"bots", "b 1", "channels", "c/2", "send"});
  ASSERT_EQ(m.outcome, Router::Outcome::kFound);
  ASSERT_EQ(m.params.size(), 2u);
  EXPECT_EQ(m.params[0].first, "botId");
  EXPECT_EQ(m.params[0].second, "b 1");
  EXPECT_EQ(m.params[1].first, "channelId");
  EXPECT_EQ(m.params[1].second, "c/2");
}

TEST(RouterTest, UnknownPathIsNotFound) {
  Router r;
  r.Add(Method::kGet, "/users/:id");
  EXPECT_EQ(r.Find(Method::kGet, Segments{"channels", "c"}).outcome,
            Router::Outcome::kNotFound);
  EXPECT_EQ(r.Find(Method::kGet, Segments{"users"}).outcome,
            Router::Outcome::kNotFound);
  EXPECT_EQ(r.Find(Method::kGet, Segments{"users", "u", "x"}).outcome,
            Router::Outcome::kNotFound);
}

TEST(RouterTest, KnownPathWithOtherMethodIsMethodNotAllowed) {
  Router r;
  r.Add(Method::kGet, "/users/:id");
  r.Add(Method::kPut, "/users/:id");
  Router::Match m = r.Find(Method::kPost, {"users", "u"});
  EXPECT_EQ(m.outcome, Router::Outcome::kMethodNotAllowed);
  EXPECT_EQ(m.route, -1);
  EXPECT_TRUE(m.params.empty());
}

TEST(RouterTest, UnknownMethodIsMethodNotAllowedOnKnownPathsOnly) {
  Router r;
  r.Add(Method::kGet, "/users");
  EXPECT_EQ(r.Find(std::nullopt, {"users"}).outcome,
            Router::Outcome::kMethodNotAllowed);
  EXPECT_EQ(r.Find(std::nullopt, {"nope"}).outcome, Router::Outcome::kNotFound);
}

TEST(RouterTest, ParameterNeverMatchesEmptySegment) {
  Router r;
  r.Add(Method::kGet, "/users/:id");
  EXPECT_EQ(r.Find(Method::kGet, {"users", ""}).outcome,
            Router::Outcome::kNotFound);
}

TEST(RouterTest, ParamRouteWithTheMethodBeatsLiteralRouteWithout) {
  // DELETE /messages/files is the message named "files": the literal route
  // exists for GET only.
  Router r;
  r.Add(Method::kGet, "/messages/files");
  const int del = r.Add(Method::kDelete, "/messages/:id");
  Router::Match m = r.Find(Method::kDelete, {"messages", "files"});
  ASSERT_EQ(m.outcome, Router::Outcome::kFound);
  EXPECT_EQ(m.route, del);
}

TEST(RouterTest, RootPathIsOneEmptySegment) {
  Router r;
  r.Add(Method::kGet, "/a");
  EXPECT_EQ(r.Find(Method::kGet, {""}).outcome, Router::Outcome::kNotFound);
}

}  // namespace
}  // namespace banter::rest
