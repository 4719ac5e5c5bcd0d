// History (spec §5.3): orders, cursors, limits, filters and single reads.
#include <string>
#include <vector>

#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Order = MessageListQuery::Order;

class HistoryTest : public MessagesTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    n_ = User("n");
    c_ = MakeChannel("c", ChannelType::kPublic, o_, {a_});
  }
  // Sends "m1".."m<count>" alternating between o and a.
  std::vector<MessageId> Fill(int count) {
    std::vector<MessageId> ids;
    for (int i = 1; i <= count; ++i) {
      auto m = SendAs(i % 2 ? o_ : a_, c_, "m" + std::to_string(i));
      EXPECT_THAT(m, IsOk());
      ids.push_back(m.ok() ? *m : MessageId());
      Advance(1);
    }
    return ids;
  }
  // Every page read here is also read through ListMessageRefs, which must
  // give the same messages (handles, senders, times, text), the same
  // has_next and the same error.
  absl::StatusOr<Page<MessageView>> List(const MessageListQuery& q,
                                         const Actor& actor = Actor::Admin()) {
    absl::StatusOr<Page<MessageView>> page = engine().ListMessages(actor, q);
    std::vector<MessageRef> refs;
    absl::StatusOr<bool> has_next = engine().ListMessageRefs(actor, q, &refs);
    EXPECT_EQ(page.status(), has_next.status());
    if (page.ok() && has_next.ok()) {
      EXPECT_EQ(*has_next, page->has_next);
      EXPECT_EQ(refs.size(), page->items.size());
      for (size_t i = 0; i < refs.size() && i < page->items.size(); ++i) {
        const MessageView& v = page->items[i];
        const MessageRef& r = refs[i];
        EXPECT_EQ(r.handle, v.handle);
        EXPECT_EQ(r.sender, v.sender);
        EXPECT_EQ(r.bot, v.bot);
        EXPECT_EQ(r.type, v.type);
        EXPECT_EQ(r.created_at, v.created_at);
        EXPECT_EQ(r.updated_at, v.updated_at);
        EXPECT_EQ(r.text, v.text);
      }
    }
    return page;
  }
  static MessageListQuery Query(ChannelId c, Order order = Order::kLatest,
                                MessageId after = {}, int limit = 0) {
    MessageListQuery q;
    q.channel = c;
    q.order = order;
    q.after = after;
    q.limit = limit;
    return q;
  }
  static std::vector<std::string> TextsOf(const Page<MessageView>& page) {
    std::vector<std::string> out;
    for (const auto& m : page.items) out.push_back(m.text);
    return out;
  }
  UserId o_, a_, n_;
  ChannelId c_;
};

TEST_F(HistoryTest, LatestIsNewestFirstAndPagesBackwards) {
  auto ids = Fill(5);
  EXPECT_THAT(Texts(c_, a_), ElementsAre("m5", "m4", "m3", "m2", "m1"));
  EXPECT_THAT(Texts(c_, a_, Order::kLatest, ids[2]), ElementsAre("m2", "m1"));
  auto page = List(Query(c_, Order::kLatest, {}, 2));
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(TextsOf(*page), ElementsAre("m5", "m4"));
  EXPECT_TRUE(page->has_next);
  page = List(Query(c_, Order::kLatest, page->items.back().handle, 2));
  EXPECT_THAT(TextsOf(*page), ElementsAre("m3", "m2"));
  EXPECT_TRUE(page->has_next);
  page = List(Query(c_, Order::kLatest, page->items.back().handle, 2));
  EXPECT_THAT(TextsOf(*page), ElementsAre("m1"));
  EXPECT_FALSE(page->has_next);
}

TEST_F(HistoryTest, OldestIsOldestFirstAndPagesForwards) {
  auto ids = Fill(5);
  EXPECT_THAT(Texts(c_, a_, Order::kOldest),
              ElementsAre("m1", "m2", "m3", "m4", "m5"));
  EXPECT_THAT(Texts(c_, a_, Order::kOldest, ids[2]), ElementsAre("m4", "m5"));
  auto page = List(Query(c_, Order::kOldest, ids[0], 3));
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(TextsOf(*page), ElementsAre("m2", "m3", "m4"));
  EXPECT_TRUE(page->has_next);
  page = List(Query(c_, Order::kOldest, ids[4], 3));
  EXPECT_THAT(TextsOf(*page), IsEmpty());
  EXPECT_FALSE(page->has_next);
}

TEST_F(HistoryTest, LimitDefaultsToTwentyAndStopsAtFifty) {
  Fill(60);
  auto page = List(Query(c_));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 20u);
  EXPECT_TRUE(page->has_next);
  page = List(Query(c_, Order::kLatest, {}, 500));
  EXPECT_EQ(page->items.size(), 50u);
  EXPECT_TRUE(page->has_next);
  page = List(Query(c_, Order::kLatest, {}, -3));
  EXPECT_EQ(page->items.size(), 20u);
}

TEST_F(HistoryTest, ExactlyFullPageHasNoNext) {
  Fill(3);
  auto page = List(Query(c_, Order::kLatest, {}, 3));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 3u);
  EXPECT_FALSE(page->has_next);
}

TEST_F(HistoryTest, CursorMustBeAMessageOfTheChannel) {
  Fill(2);
  ChannelId other = MakeChannel("other", ChannelType::kPublic, o_);
  auto foreign = SendAs(o_, other, "x");
  ASSERT_THAT(foreign, IsOk());
  for (MessageId cursor : {*foreign, MessageId(c_, 3), MessageId(c_, 900)}) {
    EXPECT_THAT(List(Query(c_, Order::kLatest, cursor)),
                StatusIs(ErrorCode::kMessageNotFound));
  }
}

TEST_F(HistoryTest, DeletedCursorStillAnchorsThePage) {
  auto ids = Fill(4);
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), ids[2], Now()));
  EXPECT_THAT(Texts(c_, a_, Order::kLatest, ids[2]), ElementsAre("m2", "m1"));
  EXPECT_THAT(Texts(c_, a_, Order::kOldest, ids[2]), ElementsAre("m4"));
}

TEST_F(HistoryTest, DeletedMessagesAreGone) {
  auto ids = Fill(4);
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), ids[1], Now()));
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), ids[3], Now()));
  EXPECT_THAT(Texts(c_, a_), ElementsAre("m3", "m1"));
  EXPECT_THAT(Texts(c_, UserId()), ElementsAre("m3", "m1"));
  EXPECT_THAT(engine().GetMessage(Actor::Admin(), ids[1], UserId()),
              StatusIs(ErrorCode::kMessageNotFound));
  auto page = List(Query(c_, Order::kLatest, {}, 1));
  EXPECT_THAT(TextsOf(*page), ElementsAre("m3"));
  EXPECT_TRUE(page->has_next);
}

TEST_F(HistoryTest, FilesOnlyListsMessagesWithAFile) {
  Fill(2);
  SendMessageRequest f = Text(c_, "pic");
  f.file = FileInfo{"https://f/1.png", "1.png", "image/png", 1};
  ASSERT_THAT(engine().SendMessage(Actor::User(a_), f, Now()), IsOk());
  Fill(1);
  f.text = "doc";
  f.file.url = "https://f/2.pdf";
  ASSERT_THAT(engine().SendMessage(Actor::User(o_), f, Now()), IsOk());
  MessageListQuery q = Query(c_);
  q.files_only = true;
  auto page = List(q);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(TextsOf(*page), ElementsAre("doc", "pic"));
  q.order = Order::kOldest;
  EXPECT_THAT(TextsOf(*List(q)), ElementsAre("pic", "doc"));
}

TEST_F(HistoryTest, TypeAndContentFiltersApply) {
  Fill(3);
  ASSERT_THAT(SendAdmin(c_, "notice m"), IsOk());
  MessageListQuery q = Query(c_);
  q.type = MessageType::kAdmin;
  EXPECT_THAT(TextsOf(*List(q)), ElementsAre("notice m"));
  q.type.reset();
  q.content_query = "m2";
  EXPECT_THAT(TextsOf(*List(q)), ElementsAre("m2"));
  q.content_query = "m";
  q.limit = 2;
  auto page = List(q);
  EXPECT_THAT(TextsOf(*page), ElementsAre("notice m", "m3"));
  EXPECT_TRUE(page->has_next);
}

TEST_F(HistoryTest, ReadingNeedsMembership) {
  Fill(1);
  MessageListQuery q = Query(c_);
  EXPECT_THAT(List(q, Actor::User(n_)),
              StatusIs(ErrorCode::kUserNotChannelMember));
  q.viewer = n_;
  EXPECT_THAT(List(q), StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(List(q, Actor::User(a_)), StatusIs(ErrorCode::kUnauthorized));
  q.viewer = UserId();
  EXPECT_THAT(List(q, Actor::User(a_)), IsOk());
  q.channel = ChannelId(77);
  EXPECT_THAT(List(q), StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(HistoryTest, BotsCannotRead) {
  auto ids = Fill(1);
  BotId bot = Bot("helper");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, c_, Now()));
  EXPECT_THAT(List(Query(c_), Actor::Bot(bot)),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().GetMessage(Actor::Bot(bot), ids[0], UserId()),
              StatusIs(ErrorCode::kUnauthorized));
}

TEST_F(HistoryTest, GetMessageReadsOneMessage) {
  auto ids = Fill(2);
  auto v = engine().GetMessage(Actor::User(a_), ids[0], UserId());
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->text, "m1");
  EXPECT_EQ(v->user_id, "o");
  EXPECT_EQ(v->handle, ids[0]);
  EXPECT_EQ(v->updated_at, v->created_at);
  EXPECT_THAT(engine().GetMessage(Actor::User(n_), ids[0], UserId()),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(engine().GetMessage(Actor::Admin(), MessageId(c_, 3), UserId()),
              StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_THAT(engine().GetMessage(Actor::Admin(), MessageId(), UserId()),
              StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_THAT(engine().GetMessage(Actor::User(a_), ids[0], o_),
              StatusIs(ErrorCode::kUnauthorized));
}

TEST_F(HistoryTest, HiddenTypesAreStoredAndListed) {
  SendMessageRequest r = Text(c_, "quiet");
  r.type = MessageType::kHidden;
  ASSERT_THAT(engine().SendMessage(Actor::User(a_), r, Now()), IsOk());
  ASSERT_THAT(SendAdmin(c_, "audit", MessageType::kAdminHidden), IsOk());
  EXPECT_THAT(Texts(c_, o_), ElementsAre("audit", "quiet"));
}

TEST_F(HistoryTest, ReadsChangeNothing) {
  auto ids = Fill(3);
  const std::string before = engine().DebugString();
  (void)Texts(c_, a_);
  (void)engine().GetMessage(Actor::User(a_), ids[1], UserId());
  (void)engine().UnreadCount(Actor::Admin(), c_, a_);
  (void)engine().NotReadByCount(Actor::Admin(), ids[1]);
  EXPECT_EQ(engine().DebugString(), before);
}

}  // namespace
}  // namespace banter::testing
