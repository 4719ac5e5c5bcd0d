// Stream messages and the replicated set of applied request ids
// (banter/replica/stream_message.h): no NATS needed.
#include "banter/replica/stream_message.h"

#include <string>

#include "boost/json/parse.hpp"
#include "boost/json/serialize.hpp"
#include "gtest/gtest.h"

namespace banter::replica {
namespace {

TEST(RequestIdTest, PrintsAndParsesBack) {
  const RequestId id{0x0123456789abcdefull, 42};
  EXPECT_EQ(id.ToString(), "0123456789abcdef-42");
  absl::StatusOr<RequestId> back = ParseRequestId(id.ToString());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, id);
  for (const char* bad : {"", "0123456789abcdef", "0123456789abcdef-",
                          "0123456789abcdef-0", "0123456789abcdeg-1",
                          "123456789abcdef-1", "0123456789abcdef-1-again",
                          "tick-1700000000000"}) {
    EXPECT_FALSE(ParseRequestId(bad).ok()) << bad;
  }
}

TEST(StreamMessageTest, WritesRoundTripWithTheirPreparedPassword) {
  StreamMessage m;
  m.kind = StreamMessage::Kind::kWrite;
  m.id = {7, 3};
  m.request.method = "POST";
  m.request.target = "/v1.4/api/users/create?x=1";
  m.request.headers = {{"app-id", "app"}, {"api-key", "key"}, {"X", "1"}};
  m.request.body = boost::json::parse(R"({"userId":"u1","data":{"k":"v"}})");
  m.request.now = 1'700'000'000'123;
  m.request.prepared_password = "$2b$04$hash";
  absl::StatusOr<StreamMessage> back =
      DecodeStreamMessage(EncodeStreamMessage(m));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->kind, StreamMessage::Kind::kWrite);
  EXPECT_EQ(back->id, m.id);
  EXPECT_EQ(back->request.method, m.request.method);
  EXPECT_EQ(back->request.target, m.request.target);
  EXPECT_EQ(back->request.headers, m.request.headers);
  EXPECT_EQ(back->request.now, m.request.now);
  EXPECT_EQ(back->request.prepared_password, m.request.prepared_password);
  EXPECT_EQ(boost::json::serialize(std::get<boost::json::value>(back->request.body)),
            R"({"userId":"u1","data":{"k":"v"}})");
  // A text body stays text; none stays none.
  m.request.body = std::string("{\"a\":1}");
  m.request.prepared_password.reset();
  back = DecodeStreamMessage(EncodeStreamMessage(m));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(std::get<std::string>(back->request.body), "{\"a\":1}");
  EXPECT_FALSE(back->request.prepared_password.has_value());
}

TEST(StreamMessageTest, TicksAndAppsRoundTrip) {
  StreamMessage tick;
  tick.kind = StreamMessage::Kind::kTick;
  tick.tick = 1'700'000'001'000;
  absl::StatusOr<StreamMessage> back =
      DecodeStreamMessage(EncodeStreamMessage(tick));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->kind, StreamMessage::Kind::kTick);
  EXPECT_EQ(back->tick, tick.tick);
  StreamMessage app;
  app.kind = StreamMessage::Kind::kCreateApp;
  app.id = {9, 1};
  app.app_id = "app";
  app.api_key = "key";
  back = DecodeStreamMessage(EncodeStreamMessage(app));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->kind, StreamMessage::Kind::kCreateApp);
  EXPECT_EQ(back->app_id, "app");
  EXPECT_EQ(back->api_key, "key");
  EXPECT_EQ(back->id, app.id);
}

TEST(StreamMessageTest, BatchesHoldWritesInOrder) {
  StreamMessage a;
  a.kind = StreamMessage::Kind::kWrite;
  a.id = {5, 1};
  a.request.method = "POST";
  a.request.target = "/x";
  a.request.now = 7;
  StreamMessage b = a;
  b.id = {5, 2};
  StreamMessage app;
  app.kind = StreamMessage::Kind::kCreateApp;
  app.id = {5, 3};
  app.app_id = "a2";
  app.api_key = "k2";
  const std::string ea = EncodeStreamMessage(a), eb = EncodeStreamMessage(b),
                    eapp = EncodeStreamMessage(app);
  StreamMessage batch;
  batch.kind = StreamMessage::Kind::kBatch;
  batch.batch = {a, b, app};
  EXPECT_EQ(EncodeBatch({ea, eb, eapp}), EncodeStreamMessage(batch));
  absl::StatusOr<StreamMessage> back = DecodeStreamMessage(EncodeBatch({ea, eb, eapp}));
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->kind, StreamMessage::Kind::kBatch);
  ASSERT_EQ(back->batch.size(), 3u);
  EXPECT_EQ(back->batch[0].id, a.id);
  EXPECT_EQ(back->batch[1].id, b.id);
  EXPECT_EQ(back->batch[2].app_id, "a2");
  // No ticks or batches inside a batch.
  EXPECT_FALSE(DecodeStreamMessage(R"({"batch":[{"tick":1}]})").ok());
  EXPECT_FALSE(DecodeStreamMessage(R"({"batch":[{"batch":[]}]})").ok());
}

TEST(StreamMessageTest, AnythingElseIsRefused) {
  for (const char* bad :
       {"", "[]", "{}", "nonsense", R"({"tick":"soon"})",
        R"({"rid":"0123456789abcdef-1"})",
        R"({"rid":"0123456789abcdef-1","req":{"method":"POST"}})",
        R"({"rid":"x","req":{"method":"POST","path":"/","headers":[],"now":1}})",
        R"({"rid":"0123456789abcdef-1","req":{"method":"POST","path":"/",)"
        R"("headers":[["a"]],"now":1}})",
        R"({"rid":"0123456789abcdef-1","app":{"id":"a"}})"}) {
    EXPECT_EQ(DecodeStreamMessage(bad).status().code(),
              absl::StatusCode::kDataLoss)
        << bad;
  }
}

TEST(AppliedRequestsTest, EachIdOnceInAnyOrder) {
  AppliedRequests a;
  const Millis t = 1'700'000'000'000;
  EXPECT_TRUE(a.Insert({1, 1}, t));
  EXPECT_TRUE(a.Insert({1, 3}, t));  // a retried 2 lands after 3
  EXPECT_FALSE(a.Insert({1, 3}, t));
  EXPECT_FALSE(a.Insert({1, 1}, t));
  EXPECT_FALSE(a.Contains({1, 2}));
  EXPECT_TRUE(a.Insert({1, 2}, t));
  EXPECT_FALSE(a.Insert({1, 2}, t));
  EXPECT_TRUE(a.Contains({1, 3}));
  EXPECT_TRUE(a.Insert({2, 1}, t));  // another origin
  EXPECT_EQ(a.origins(), 2u);
  absl::StatusOr<AppliedRequests> back = AppliedRequests::Decode(a.Encode());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, a);
  EXPECT_FALSE(back->Insert({1, 3}, t));
  EXPECT_TRUE(back->Insert({1, 5}, t));
  EXPECT_EQ(AppliedRequests::Decode("{}").status().code(),
            absl::StatusCode::kDataLoss);
}

TEST(AppliedRequestsTest, OriginsUnseenForADayAreForgotten) {
  AppliedRequests a;
  const Millis t = 1'700'000'000'000;
  EXPECT_TRUE(a.Insert({1, 1}, t));
  EXPECT_TRUE(a.Insert({2, 1}, t + AppliedRequests::kForgetAfter / 2));
  EXPECT_TRUE(a.Insert({3, 1}, t + AppliedRequests::kForgetAfter + 3'600'001));
  EXPECT_EQ(a.origins(), 2u);  // 1 is gone, 2 and 3 stay
  EXPECT_FALSE(a.Contains({1, 1}));
  EXPECT_TRUE(a.Contains({2, 1}));
}

}  // namespace
}  // namespace banter::replica
