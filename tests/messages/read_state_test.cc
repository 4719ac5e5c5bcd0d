// Read state (spec §6.3, §13 #15; gitplelive.md §5.9): unread counts, mark
// read, "not read by", delivery receipts.
#include <string>
#include <vector>

#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ReadStateTest : public MessagesTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    n_ = User("n");
    c_ = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_});
  }
  MessageId Say(UserId u, ChannelId c, const std::string& text) {
    auto m = SendAs(u, c, text);
    EXPECT_THAT(m, IsOk());
    return m.ok() ? *m : MessageId();
  }
  UserId o_, a_, b_, n_;
  ChannelId c_;
};

TEST_F(ReadStateTest, UnreadCountsOthersMessagesAfterTheReadPoint) {
  Say(o_, c_, "1");
  Say(a_, c_, "2");
  Say(o_, c_, "3");
  EXPECT_EQ(Unread(c_, b_), 3);
  EXPECT_EQ(Unread(c_, a_), 1);
  EXPECT_EQ(Unread(c_, o_), 0);
  auto view = engine().GetChannel(Actor::User(b_), c_, b_);
  ASSERT_THAT(view, IsOk());
  EXPECT_EQ(view->unread_count, 3);
}

TEST_F(ReadStateTest, MarkReadClearsUnreadAndStampsLastReadAt) {
  Say(o_, c_, "1");
  Advance(100);
  BANTER_ASSERT_OK(MarkRead(c_, b_));
  EXPECT_EQ(Unread(c_, b_), 0);
  auto m = engine().GetMember(Actor::Admin(), c_, b_);
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(m->last_read_at, Now());
  Say(a_, c_, "2");
  EXPECT_EQ(Unread(c_, b_), 1);
  // Marking read with nothing new still stamps the time.
  Advance(5);
  BANTER_ASSERT_OK(MarkRead(c_, b_));
  BANTER_ASSERT_OK(MarkRead(c_, b_));
  EXPECT_EQ(engine().GetMember(Actor::Admin(), c_, b_)->last_read_at, Now());
}

TEST_F(ReadStateTest, MarkReadErrors) {
  BotId bot = Bot("helper");
  EXPECT_THAT(engine().MarkRead(Actor::User(b_),
                                MemberSettingRequest{ChannelId(77), b_}, Now()),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().MarkRead(Actor::User(a_), MemberSettingRequest{c_, b_},
                                Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().MarkRead(Actor::Bot(bot), MemberSettingRequest{c_, b_},
                                Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(MarkRead(c_, n_), StatusIs(ErrorCode::kUserNotChannelMember));
  BANTER_EXPECT_OK(engine().MarkRead(Actor::Admin(),
                                     MemberSettingRequest{c_, b_}, Now()));
  EXPECT_THAT(engine().MarkDelivered(Actor::User(a_),
                                     MemberSettingRequest{c_, b_}, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().MarkDelivered(Actor::User(b_),
                                     MemberSettingRequest{ChannelId(77), b_},
                                     Now()),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().MarkDelivered(Actor::User(n_),
                                     MemberSettingRequest{c_, n_}, Now()),
              StatusIs(ErrorCode::kUserNotChannelMember));
}

TEST_F(ReadStateTest, MarkAllReadCoversEveryJoinedChannel) {
  ChannelId d = MakeChannel("d", ChannelType::kSuperPublic, o_, {b_});
  Say(o_, c_, "1");
  Say(o_, d, "2");
  Say(o_, d, "3");
  auto total = engine().TotalUnread(Actor::User(b_), b_);
  ASSERT_THAT(total, IsOk());
  EXPECT_EQ(*total, 3);
  BANTER_ASSERT_OK(engine().MarkAllRead(Actor::User(b_), b_, Now()));
  EXPECT_EQ(*engine().TotalUnread(Actor::Admin(), b_), 0);
  EXPECT_EQ(Unread(c_, a_), 1);  // others untouched
  EXPECT_THAT(engine().MarkAllRead(Actor::User(a_), b_, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().MarkAllRead(Actor::Admin(), UserId(99), Now()),
              StatusIs(ErrorCode::kUserNotFound));
}

TEST_F(ReadStateTest, UnreadQueryErrors) {
  EXPECT_THAT(engine().UnreadCount(Actor::Admin(), ChannelId(77), a_),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().UnreadCount(Actor::User(a_), c_, b_),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().UnreadCount(Actor::Admin(), c_, n_),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(engine().TotalUnread(Actor::User(a_), b_),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().TotalUnread(Actor::Admin(), UserId(99)),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(engine().UnreadCount(Actor::User(a_), c_, a_), IsOk());
}

TEST_F(ReadStateTest, DeletedMessagesAreNotUnread) {
  MessageId m1 = Say(o_, c_, "1");
  Say(o_, c_, "2");
  MessageId m3 = Say(o_, c_, "3");
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), m1, Now()));
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), m3, Now()));
  EXPECT_EQ(Unread(c_, a_), 1);
}

TEST_F(ReadStateTest, BroadcastNonOwnersCountOnlyWhatTheyCanRead) {
  for (ChannelType t : {ChannelType::kBroadcast, ChannelType::kSuperBroadcast}) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId bc = MakeChannel(std::string(ChannelTypeName(t)), t, o_,
                               {a_, b_});
    Say(o_, bc, "news");
    Say(a_, bc, "question");
    ASSERT_THAT(SendAdmin(bc, "notice"), IsOk());
    EXPECT_EQ(Unread(bc, b_), 2);  // news, notice
    EXPECT_EQ(Unread(bc, a_), 1);  // notice: sending read the news
    EXPECT_EQ(Unread(bc, o_), 2);  // question, notice
    // "Not read by" follows who may see the message.
    EXPECT_EQ(NotReadBy(MessageId(bc, 1)), 1);  // b
    EXPECT_EQ(NotReadBy(MessageId(bc, 2)), 1);  // the owner only
    BANTER_ASSERT_OK(MarkRead(bc, o_));
    EXPECT_EQ(NotReadBy(MessageId(bc, 2)), 0);
  }
}

TEST_F(ReadStateTest, NotReadByCountsMembersBehindTheMessage) {
  MessageId m1 = Say(a_, c_, "1");
  MessageId m2 = Say(o_, c_, "2");
  EXPECT_EQ(NotReadBy(m1), 1);  // b; o's send read it, a sent it
  EXPECT_EQ(NotReadBy(m2), 2);  // a, b
  BANTER_ASSERT_OK(MarkRead(c_, b_));
  EXPECT_EQ(NotReadBy(m1), 0);
  EXPECT_EQ(NotReadBy(m2), 1);
  // A later member has read it by construction.
  Add(c_, n_);
  EXPECT_EQ(NotReadBy(m2), 1);
  // Leaving members stop counting.
  Leave(c_, a_);
  EXPECT_EQ(NotReadBy(m2), 0);
}

TEST_F(ReadStateTest, NotReadByErrors) {
  MessageId m = Say(a_, c_, "1");
  EXPECT_THAT(engine().NotReadByCount(Actor::Admin(), MessageId(c_, 5)),
              StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_THAT(engine().NotReadByCount(Actor::User(n_), m),
              StatusIs(ErrorCode::kUserNotChannelMember));
  BotId bot = Bot("helper");
  EXPECT_THAT(engine().NotReadByCount(Actor::Bot(bot), m),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().NotReadByCount(Actor::User(b_), m), IsOk());
  ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  MessageId hidden = Say(a_, bc, "to the owner");
  EXPECT_THAT(engine().NotReadByCount(Actor::User(b_), hidden),
              StatusIs(ErrorCode::kMessageNotFound));
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), m, Now()));
  EXPECT_THAT(engine().NotReadByCount(Actor::Admin(), m),
              StatusIs(ErrorCode::kMessageNotFound));
}

TEST_F(ReadStateTest, SuperChannelsKeepExactCounts) {
  std::vector<UserId> crowd;
  for (int i = 0; i < 150; ++i) crowd.push_back(User("u" + std::to_string(i)));
  ChannelId s = MakeChannel("super", ChannelType::kSuperPublic, o_, crowd);
  MessageId m1 = Say(o_, s, "1");
  Say(crowd[0], s, "2");
  for (int i = 0; i < 40; ++i) BANTER_ASSERT_OK(MarkRead(s, crowd[i]));
  MessageId m3 = Say(o_, s, "3");
  EXPECT_EQ(Unread(s, crowd[0]), 1);
  EXPECT_EQ(Unread(s, crowd[100]), 3);
  EXPECT_EQ(Unread(s, o_), 0);  // sending 3 read 2
  EXPECT_EQ(NotReadBy(m1), 110);
  EXPECT_EQ(NotReadBy(m3), 150);
  auto view = engine().GetChannel(Actor::User(crowd[100]), s, crowd[100]);
  ASSERT_THAT(view, IsOk());
  EXPECT_EQ(view->unread_count, 3);
}

TEST_F(ReadStateTest, UnreadAndNotReadByAgree) {
  // Each unread (member, message) pair is counted once on each side.
  ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  for (ChannelId c : {c_, bc}) {
    std::vector<MessageId> ids = {Say(o_, c, "1"), Say(a_, c, "2"),
                                  Say(b_, c, "3"), Say(o_, c, "4")};
    BANTER_ASSERT_OK(MarkRead(c, a_));
    ids.push_back(Say(b_, c, "5"));
    int64_t by_message = 0;
    for (MessageId m : ids) by_message += NotReadBy(m);
    int64_t by_member = Unread(c, o_) + Unread(c, a_) + Unread(c, b_);
    EXPECT_EQ(by_message, by_member);
  }
}

TEST_F(ReadStateTest, DeliveryReceiptsAndReceiptRows) {
  ChannelId g = MakeChannel("group1", ChannelType::kPrivate, UserId(),
                            {b_, a_}, false, Dialect::kGitpleLive);
  Say(a_, g, "hi");
  const Millis sent = Now();
  Advance(50);
  BANTER_ASSERT_OK(engine().MarkDelivered(Actor::User(b_),
                                          MemberSettingRequest{g, b_}, Now()));
  auto rows = engine().Receipts(Actor::User(b_), g);
  ASSERT_THAT(rows, IsOk());
  // Handle order: a was created before b.
  EXPECT_THAT(*rows, ElementsAre(ReceiptRow{"a", sent, sent, 0},
                                 ReceiptRow{"b", 0, Now(), 1}));
  EXPECT_THAT(engine().Receipts(Actor::User(n_), g),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(engine().Receipts(Actor::Admin(), ChannelId(77)),
              StatusIs(ErrorCode::kChannelNotFound));
  BotId bot = Bot("helper");
  EXPECT_THAT(engine().Receipts(Actor::Bot(bot), g),
              StatusIs(ErrorCode::kUnauthorized));
}

TEST_F(ReadStateTest, GitpleReceiptEventsGoToAllMembers) {
  ChannelId g = MakeChannel("group1", ChannelType::kPrivate, UserId(),
                            {a_, b_}, false, Dialect::kGitpleLive);
  sink().clear();
  BANTER_ASSERT_OK(MarkRead(g, a_));
  BANTER_ASSERT_OK(engine().MarkDelivered(Actor::User(b_),
                                          MemberSettingRequest{g, b_}, Now()));
  auto read = sink().Named("messageRead");
  ASSERT_EQ(read.size(), 1u);
  EXPECT_THAT(read[0].users, ElementsAre("a"));
  EXPECT_THAT(read[0].recipients, ElementsAre("a", "b"));
  auto delivered = sink().Named("messageDelivered");
  ASSERT_EQ(delivered.size(), 1u);
  EXPECT_THAT(delivered[0].users, ElementsAre("b"));
  // TalkPlus channels have no such events.
  sink().clear();
  BANTER_ASSERT_OK(MarkRead(c_, a_));
  BANTER_ASSERT_OK(engine().MarkDelivered(Actor::User(a_),
                                          MemberSettingRequest{c_, a_}, Now()));
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(ReadStateTest, MarkAllReadEmitsInChannelOrder) {
  ChannelId g2 = MakeChannel("group2", ChannelType::kPrivate, UserId(), {a_},
                             false, Dialect::kGitpleLive);
  ChannelId g1 = MakeChannel("group1", ChannelType::kPrivate, UserId(), {a_},
                             false, Dialect::kGitpleLive);
  sink().clear();
  BANTER_ASSERT_OK(engine().MarkAllRead(Actor::User(a_), a_, Now()));
  auto read = sink().Named("messageRead");
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].channel, engine().ChannelName(g2));
  EXPECT_EQ(read[1].channel, engine().ChannelName(g1));
}

TEST_F(ReadStateTest, FailedMarkChangesNothing) {
  Say(o_, c_, "1");
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().MarkRead(Actor::User(a_), MemberSettingRequest{c_, b_},
                                Now() + 5),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().MarkAllRead(Actor::Admin(), UserId(99), Now() + 5),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_EQ(engine().DebugString(), before);
}

}  // namespace
}  // namespace banter::testing
