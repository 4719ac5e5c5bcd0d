// Retention (EngineOptions::history_cap): each channel keeps at most its
// type's cap of newest messages; everything else stays exact.
#include <string>
#include <vector>

#include "engine/state.h"
#include "tests/testing/test_access.h"
#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Order = MessageListQuery::Order;

class RetentionTest : public MessagesTest {
 protected:
  void SetUp() override {
    EngineOptions o = TestOptions();
    o.history_cap.fill(5);
    o.history_cap[static_cast<size_t>(ChannelType::kPrivate)] = 0;
    o.history_cap[static_cast<size_t>(ChannelType::kSuperPublic)] = 3;
    Reset(o);
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    c_ = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_});
  }
  std::vector<MessageId> Fill(ChannelId c, int from, int to) {
    std::vector<MessageId> ids;
    for (int i = from; i <= to; ++i) {
      auto m = SendAs(o_, c, "m" + std::to_string(i));
      EXPECT_THAT(m, IsOk());
      ids.push_back(m.ok() ? *m : MessageId());
    }
    return ids;
  }
  const internal::MessageLog& Log(ChannelId c) {
    return ::banter::internal::TestAccess::Channel(::banter::internal::StateOf(engine()), c).log;
  }
  UserId o_, a_, b_;
  ChannelId c_;
};

TEST_F(RetentionTest, DefaultCapIsTenThousandForEveryType) {
  EngineOptions defaults;
  for (ChannelType t : kAllChannelTypes) {
    EXPECT_EQ(defaults.history_cap[static_cast<size_t>(t)], 10'000u);
  }
}

TEST_F(RetentionTest, OnlyTheNewestCapMessagesRemain) {
  auto ids = Fill(c_, 1, 8);
  EXPECT_THAT(Texts(c_, a_), ElementsAre("m8", "m7", "m6", "m5", "m4"));
  EXPECT_THAT(Texts(c_, UserId(), Order::kOldest),
              ElementsAre("m4", "m5", "m6", "m7", "m8"));
  EXPECT_EQ(engine().Stats().messages, 5u);
  EXPECT_THAT(engine().GetMessage(Actor::Admin(), ids[2], UserId()),
              StatusIs(ErrorCode::kMessageNotFound));
  // Ids are never reused.
  auto next = SendAs(o_, c_, "m9");
  ASSERT_THAT(next, IsOk());
  EXPECT_EQ(next->seq(), 9u);
}

TEST_F(RetentionTest, CursorOnADroppedMessageFails) {
  auto ids = Fill(c_, 1, 8);
  MessageListQuery q;
  q.channel = c_;
  q.after = ids[1];
  EXPECT_THAT(engine().ListMessages(Actor::Admin(), q),
              StatusIs(ErrorCode::kMessageNotFound));
  q.after = ids[3];
  auto page = engine().ListMessages(Actor::Admin(), q);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->items, IsEmpty());
  EXPECT_FALSE(page->has_next);
}

TEST_F(RetentionTest, UnreadCountsOnlyRetainedMessages) {
  Fill(c_, 1, 8);
  EXPECT_EQ(Unread(c_, a_), 5);
  BANTER_ASSERT_OK(MarkRead(c_, a_));
  EXPECT_EQ(Unread(c_, a_), 0);
  Fill(c_, 9, 20);
  EXPECT_EQ(Unread(c_, a_), 5);
  EXPECT_EQ(*engine().TotalUnread(Actor::Admin(), b_), 5);
}

TEST_F(RetentionTest, NotReadByCountsReadPointsBelowTheWindow) {
  auto ids = Fill(c_, 1, 3);
  BANTER_ASSERT_OK(MarkRead(c_, a_));  // a at seq 3, b at 0
  ids = Fill(c_, 4, 10);               // window is 6..10
  EXPECT_EQ(Log(c_).base_seq(), 6u);
  for (MessageId m : ids) {
    if (m.seq() < 6) continue;
    EXPECT_EQ(NotReadBy(m), 2) << m.seq();
  }
  BANTER_ASSERT_OK(MarkRead(c_, b_));
  EXPECT_EQ(NotReadBy(ids.back()), 1);
  Fill(c_, 11, 11);
  EXPECT_EQ(NotReadBy(MessageId(c_, 11)), 2);
  EXPECT_EQ(NotReadBy(MessageId(c_, 10)), 1);
}

TEST_F(RetentionTest, TombstonesAgeOutLikeMessages) {
  auto ids = Fill(c_, 1, 5);
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), ids[4], Now()));
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), ids[0], Now()));
  EXPECT_EQ(Unread(c_, a_), 3);
  // The cap counts sequence numbers kept, tombstones included.
  Fill(c_, 6, 6);
  EXPECT_THAT(Texts(c_, a_), ElementsAre("m6", "m4", "m3", "m2"));
  EXPECT_EQ(Log(c_).deleted().size(), 1u);
  Fill(c_, 7, 10);
  EXPECT_THAT(Texts(c_, a_), ElementsAre("m10", "m9", "m8", "m7", "m6"));
  EXPECT_EQ(Log(c_).deleted().size(), 0u);
  EXPECT_EQ(Unread(c_, a_), 5);
}

TEST_F(RetentionTest, ZeroMeansUnlimited) {
  ChannelId p = MakeChannel("p", ChannelType::kPrivate, o_, {a_});
  Fill(p, 1, 100);
  EXPECT_EQ(Log(p).retained(), 100u);
  EXPECT_EQ(Unread(p, a_), 100);
  MessageListQuery q;
  q.channel = p;
  q.order = Order::kOldest;
  q.limit = 1;
  auto page = engine().ListMessages(Actor::Admin(), q);
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items[0].text, "m1");
}

TEST_F(RetentionTest, CapsAreAppliedPerType) {
  ChannelId s = MakeChannel("s", ChannelType::kSuperPublic, o_, {a_});
  Fill(s, 1, 10);
  EXPECT_THAT(Texts(s, a_), ElementsAre("m10", "m9", "m8"));
}

TEST_F(RetentionTest, MemoryStaysBoundedUnderEndlessTraffic) {
  EngineOptions o = TestOptions();
  o.history_cap.fill(50);
  Reset(o);
  UserId u = User("u");
  ChannelId c = MakeChannel("c", ChannelType::kPublic, u);
  for (int i = 0; i < 1000; ++i) {
    SendMessageRequest r = Text(c, "message number " + std::to_string(i));
    if (i % 7 == 0) r.file = FileInfo{"https://f/" + std::to_string(i), "", "", 1};
    ASSERT_THAT(engine().SendMessage(Actor::User(u), r, Now()), IsOk());
  }
  // The window spans at most two chunks; freed chunks are not kept.
  EXPECT_LE(Log(c).capacity(), 2 * internal::MessageLog::kChunkRecords);
  EXPECT_EQ(Log(c).retained(), 50u);
  EXPECT_EQ(Log(c).files().size(), 7u);  // i = 952, 959, ..., 994
}

TEST_F(RetentionTest, BroadcastIndexesFollowTheWindow) {
  ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  for (int i = 1; i <= 12; ++i) {
    UserId u = i % 3 == 0 ? o_ : (i % 3 == 1 ? a_ : b_);
    ASSERT_THAT(SendAs(u, bc, "m" + std::to_string(i)), IsOk());
  }
  // Window 8..12: o sent 9 and 12, a 10, b 8 and 11.
  EXPECT_THAT(Texts(bc, a_), ElementsAre("m12", "m10", "m9"));
  EXPECT_THAT(Texts(bc, b_), ElementsAre("m12", "m11", "m9", "m8"));
  EXPECT_EQ(Unread(bc, a_), 1);
  EXPECT_EQ(Unread(bc, b_), 1);
}

TEST_F(RetentionTest, RepliesOutliveTheirParent) {
  auto parent = SendAs(a_, c_, "parent");
  ASSERT_THAT(parent, IsOk());
  SendMessageRequest r = Text(c_, "reply");
  r.parent = *parent;
  auto reply = engine().SendMessage(Actor::User(b_), r, Now());
  ASSERT_THAT(reply, IsOk());
  Fill(c_, 1, 4);  // parent dropped
  auto v = engine().GetMessage(Actor::Admin(), *reply, UserId());
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->parent->text, "parent");
  EXPECT_THAT(engine().SendMessage(Actor::User(b_), r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
}

}  // namespace
}  // namespace banter::testing
