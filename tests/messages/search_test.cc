// Message search (Engine::SearchMessages): matching, the history's
// visibility rules, paging, the scan budget and its cursor, and every error.
#include <string>
#include <vector>

#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Order = MessageListQuery::Order;

class SearchTest : public MessagesTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    n_ = User("n");
    c_ = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_});
  }
  MessageSearchQuery Query(const std::string& text,
                           Order order = Order::kLatest, MessageId after = {},
                           int limit = 0, uint32_t max_scan = 0) {
    MessageSearchQuery q;
    q.channel = c_;
    q.text = text;
    q.order = order;
    q.after = after;
    q.limit = limit;
    q.max_scan = max_scan;
    return q;
  }
  absl::StatusOr<MessageSearchPage> Search(
      const MessageSearchQuery& q, const Actor& actor = Actor::Admin()) {
    const std::string before = engine().DebugString();
    absl::StatusOr<MessageSearchPage> page = engine().SearchMessages(actor, q);
    EXPECT_EQ(engine().DebugString(), before) << "a search changed the state";
    return page;
  }
  std::vector<std::string> Found(const MessageSearchQuery& q,
                                 const Actor& actor = Actor::Admin()) {
    auto page = Search(q, actor);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> out;
    if (page.ok()) {
      for (const MessageView& m : page->items) out.push_back(m.text);
    }
    return out;
  }
  MessageId Say(UserId u, const std::string& text, ChannelId c = {}) {
    auto m = SendAs(u, c.valid() ? c : c_, text);
    EXPECT_THAT(m, IsOk());
    Advance(1);
    return m.ok() ? *m : MessageId();
  }
  UserId o_, a_, b_, n_;
  ChannelId c_;
};

TEST_F(SearchTest, FindsSubstringsWithAsciiLettersCaseless) {
  Say(o_, "Raid tonight?");
  Say(a_, "no thanks");
  Say(b_, "the RAIDERS won");
  Say(a_, "paraid");
  EXPECT_THAT(Found(Query("raid")),
              ElementsAre("paraid", "the RAIDERS won", "Raid tonight?"));
  EXPECT_THAT(Found(Query("RaId", Order::kOldest)),
              ElementsAre("Raid tonight?", "the RAIDERS won", "paraid"));
  EXPECT_THAT(Found(Query("raid tonight?!")), IsEmpty());
}

TEST_F(SearchTest, NonAsciiBytesCompareExactly) {
  Say(o_, "Über alles");
  Say(a_, "über den Wolken");
  Say(b_, "전투 시작");
  EXPECT_THAT(Found(Query("Über")), ElementsAre("Über alles"));
  EXPECT_THAT(Found(Query("über")), ElementsAre("über den Wolken"));
  EXPECT_THAT(Found(Query("BER")),
              ElementsAre("über den Wolken", "Über alles"));
  EXPECT_THAT(Found(Query("시작")), ElementsAre("전투 시작"));
}

TEST_F(SearchTest, ViewsAreTheHistorysViews) {
  const MessageId m = Say(a_, "gg wp");
  auto page = Search(Query("gg"));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  auto view = engine().GetMessage(Actor::Admin(), m, UserId());
  ASSERT_THAT(view, IsOk());
  EXPECT_EQ(page->items[0], *view);
  EXPECT_FALSE(page->has_next);
  EXPECT_FALSE(page->resume.valid());
}

TEST_F(SearchTest, PagesWithTheLastItemAsCursor) {
  std::vector<MessageId> hits;
  for (int i = 1; i <= 5; ++i) {
    hits.push_back(Say(o_, "hit " + std::to_string(i)));
    Say(a_, "miss");
  }
  auto first = Search(Query("hit", Order::kLatest, {}, 2));
  ASSERT_THAT(first, IsOk());
  EXPECT_EQ(first->items.size(), 2u);
  EXPECT_TRUE(first->has_next);
  EXPECT_EQ(first->resume, hits[3]);
  EXPECT_THAT(Found(Query("hit", Order::kLatest, first->resume, 2)),
              ElementsAre("hit 3", "hit 2"));
  auto last = Search(Query("hit", Order::kLatest, hits[1], 2));
  ASSERT_THAT(last, IsOk());
  EXPECT_THAT(last->items.size(), 1u);
  EXPECT_FALSE(last->has_next);
  // A page that is exactly full with nothing after it says so.
  auto exact = Search(Query("hit", Order::kOldest, hits[2], 2));
  ASSERT_THAT(exact, IsOk());
  EXPECT_EQ(exact->items.size(), 2u);
  EXPECT_FALSE(exact->has_next);
}

TEST_F(SearchTest, LimitIsClampedLikeHistory) {
  for (int i = 0; i < 60; ++i) Say(o_, "spam");
  auto page = Search(Query("spam", Order::kLatest, {}, 1000));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 50u);
  EXPECT_TRUE(page->has_next);
  page = Search(Query("spam", Order::kLatest, {}, -3));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 20u);
}

TEST_F(SearchTest, DeletedMessagesNeverMatch) {
  const MessageId m = Say(a_, "secret plan");
  Say(b_, "public plan");
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), m, Now()));
  EXPECT_THAT(Found(Query("plan")), ElementsAre("public plan"));
}

TEST_F(SearchTest, EditedTextIsWhatMatches) {
  const MessageId m = Say(a_, "old words");
  UpdateMessageRequest r;
  r.message = m;
  r.text = "new words";
  BANTER_ASSERT_OK(engine().UpdateMessage(Actor::Admin(), r, Now()));
  EXPECT_THAT(Found(Query("old")), IsEmpty());
  EXPECT_THAT(Found(Query("new")), ElementsAre("new words"));
}

TEST_F(SearchTest, BroadcastMembersFindTheOwnersAndTheirOwnOnly) {
  const ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  Say(o_, "loot from the owner", bc);
  Say(a_, "loot from a", bc);
  Say(b_, "loot from b", bc);
  ASSERT_THAT(SendAdmin(bc, "loot from the admin"), IsOk());
  MessageSearchQuery q = Query("loot");
  q.channel = bc;
  EXPECT_THAT(Found(q, Actor::User(a_)),
              ElementsAre("loot from the admin", "loot from a",
                          "loot from the owner"));
  EXPECT_THAT(Found(q, Actor::User(o_)),
              ElementsAre("loot from the admin", "loot from b", "loot from a",
                          "loot from the owner"));
  q.viewer = b_;
  EXPECT_THAT(Found(q), ElementsAre("loot from the admin", "loot from b",
                                    "loot from the owner"));
}

TEST_F(SearchTest, HideMessagesBeforeJoinHidesOlderMatches) {
  const ChannelId h = MakeChannel("h", ChannelType::kPublic, o_, {a_},
                                  /*hide_before_join=*/true);
  Say(o_, "quest before", h);
  Add(h, n_);
  Say(a_, "quest after", h);
  MessageSearchQuery q = Query("quest");
  q.channel = h;
  EXPECT_THAT(Found(q, Actor::User(n_)), ElementsAre("quest after"));
  EXPECT_THAT(Found(q, Actor::User(a_)),
              ElementsAre("quest after", "quest before"));
}

TEST_F(SearchTest, TypeFilterKeepsOneType) {
  Say(a_, "event starts");
  ASSERT_THAT(SendAdmin(c_, "event notice"), IsOk());
  MessageSearchQuery q = Query("event");
  q.type = MessageType::kAdmin;
  EXPECT_THAT(Found(q), ElementsAre("event notice"));
}

TEST_F(SearchTest, ScanBudgetEndsAPageWithAResumeCursor) {
  const MessageId hit = Say(o_, "needle");
  std::vector<MessageId> hay;
  for (int i = 0; i < 9; ++i) hay.push_back(Say(a_, "hay"));
  // Newest first: 4 messages examined, none matches, more remain.
  auto page = Search(Query("needle", Order::kLatest, {}, 0, 4));
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->items, IsEmpty());
  EXPECT_TRUE(page->has_next);
  EXPECT_EQ(page->scanned, 4u);
  EXPECT_EQ(page->resume, hay[5]);
  page = Search(Query("needle", Order::kLatest, page->resume, 0, 4));
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->items, IsEmpty());
  EXPECT_EQ(page->resume, hay[1]);
  page = Search(Query("needle", Order::kLatest, page->resume, 0, 4));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].handle, hit);
  EXPECT_EQ(page->scanned, 2u);
  EXPECT_FALSE(page->has_next);
  // A budget that ends exactly with the window: nothing left, no cursor.
  page = Search(Query("hay", Order::kOldest, hay[5], 0, 3));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 3u);
  EXPECT_FALSE(page->has_next);
}

TEST_F(SearchTest, DefaultBudgetCoversADefaultHistory) {
  // 10,000 = the default history cap: one call sees a whole channel.
  EXPECT_EQ(kDefaultSearchScan, TestOptions().history_cap[0]);
  MessageSearchQuery q = Query("x");
  q.max_scan = kMaxSearchScan + 1;  // clamped, not refused
  EXPECT_THAT(Search(q), IsOk());
}

TEST_F(SearchTest, ACursorDroppedByRetentionIsNoError) {
  EngineOptions o = TestOptions();
  o.history_cap.fill(3);
  Reset(o);
  SetUp();
  const MessageId first = Say(o_, "ping 1");
  for (int i = 2; i <= 5; ++i) Say(o_, "ping " + std::to_string(i));
  EXPECT_THAT(Found(Query("ping", Order::kLatest, first)), IsEmpty());
  EXPECT_THAT(Found(Query("ping", Order::kOldest, first)),
              ElementsAre("ping 3", "ping 4", "ping 5"));
}

TEST_F(SearchTest, ErrorsNameTheRule) {
  const MessageId m = Say(a_, "hello");
  const ChannelId other = MakeChannel("other", ChannelType::kPublic, o_);
  const MessageId elsewhere = Say(o_, "hello", other);
  EXPECT_THAT(Search(Query("")), StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(Search(Query(std::string(257, 'a'))),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Search(Query(std::string(256, 'a'))), IsOk());
  EXPECT_THAT(Search(Query(std::string("a\0b", 3))),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Search(Query("\xff")), StatusIs(ErrorCode::kParamsBindingError));
  MessageSearchQuery q = Query("hello");
  q.channel = ChannelId(999);
  EXPECT_THAT(Search(q), StatusIs(ErrorCode::kChannelNotFound));
  // The channel is judged before the text.
  q.text = "";
  EXPECT_THAT(Search(q), StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(Search(Query("hello"), Actor::User(n_)),
              StatusIs(ErrorCode::kUserNotChannelMember));
  q = Query("hello");
  q.viewer = n_;
  EXPECT_THAT(Search(q), StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(Search(q, Actor::User(a_)), StatusIs(ErrorCode::kUnauthorized));
  const BotId bot = Bot("bot");
  EXPECT_THAT(Search(Query("hello"), Actor::Bot(bot)),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(Search(Query("hello", Order::kLatest, elsewhere)),
              StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_THAT(Search(Query("hello", Order::kLatest,
                           MessageId(c_, m.seq() + 1))),
              StatusIs(ErrorCode::kMessageNotFound));
}

TEST_F(SearchTest, DeactivatedActorsAndAppsAreRefused) {
  Say(a_, "hello");
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), a_, false, Now()));
  EXPECT_THAT(Search(Query("hello"), Actor::User(a_)),
              StatusIs(ErrorCode::kDeactivatedUser));
  engine().SetAppDeactivated(true);
  EXPECT_THAT(Search(Query("hello")), StatusIs(ErrorCode::kDeactivatedApp));
  engine().SetAppDeactivated(false);
}

TEST_F(SearchTest, MembersOfEveryTypeSearchWhatTheyCanRead) {
  for (ChannelType type : kAllChannelTypes) {
    const std::string id = "t" + std::to_string(static_cast<int>(type));
    const ChannelId c = MakeChannel(id, type, o_, {a_});
    Say(o_, "owner text", c);
    Say(a_, "member text", c);
    MessageSearchQuery q = Query("TEXT");
    q.channel = c;
    // What the history shows this member is exactly what search finds.
    std::vector<std::string> history = Texts(c, a_);
    EXPECT_EQ(Found(q, Actor::User(a_)), history) << ChannelTypeName(type);
  }
}

}  // namespace
}  // namespace banter::testing
