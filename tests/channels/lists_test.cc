// Channel and member reads: ListChannels (spec §6.14, design.md "Orders"),
// ListMembers, GetMember, GetChannel views, ListBotChannels.
#include <string>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/channels/channels_test_util.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Kind = ChannelListQuery::Kind;

class ListsTest : public EngineTest {
 protected:
  void SetUp() override {
    a_ = User("a");
    b_ = User("b");
    x_ = User("x");
  }
  ChannelListQuery Query(Kind kind, UserId user = {}) {
    ChannelListQuery q;
    q.kind = kind;
    q.user = user;
    return q;
  }
  // Like Channel(), but gives invitationOnly channels their code.
  ChannelId Make(ChannelType t, UserId owner) {
    auto c = engine().CreateChannel(
        Actor::Admin(), Req(std::string(ChannelTypeName(t)), t, owner), Now());
    EXPECT_THAT(c, IsOk());
    return c.ok() ? *c : ChannelId();
  }
  std::vector<std::string> List(const ChannelListQuery& q,
                                const Actor& actor = Actor::Admin()) {
    auto page = engine().ListChannels(actor, q);
    EXPECT_THAT(page, IsOk());
    return page.ok() ? Ids(*page) : std::vector<std::string>{"<error>"};
  }

  UserId a_, b_, x_;
};

TEST_F(ListsTest, JoinedListIsNewestActivityFirst) {
  Channel("c1", ChannelType::kPublic, a_);
  Advance(10);
  Channel("c2", ChannelType::kPrivate, a_);
  Channel("c3", ChannelType::kPrivate, a_);  // same instant: handle breaks ties
  Channel("other", ChannelType::kPrivate, b_);
  EXPECT_THAT(List(Query(Kind::kJoined, a_)), ElementsAre("c3", "c2", "c1"));
}

TEST_F(ListsTest, MessagesMoveAChannelUp) {
  ChannelId c1 = Channel("c1", ChannelType::kPublic, a_);
  Advance(10);
  Channel("c2", ChannelType::kPublic, a_);
  Advance(10);
  Send(c1, a_, "hi");
  EXPECT_THAT(List(Query(Kind::kJoined, a_)), ElementsAre("c1", "c2"));
}

TEST_F(ListsTest, JoinedPagesFollowTheCursor) {
  for (int i = 0; i < 5; ++i) {
    Channel("c" + std::to_string(i), ChannelType::kPublic, a_);
    Advance(1);
  }
  ChannelListQuery q = Query(Kind::kJoined, a_);
  q.limit = 2;
  auto p1 = engine().ListChannels(Actor::User(a_), q);
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(Ids(*p1), ElementsAre("c4", "c3"));
  EXPECT_TRUE(p1->has_next);
  q.after = p1->items.back().handle;
  auto p2 = engine().ListChannels(Actor::User(a_), q);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(Ids(*p2), ElementsAre("c2", "c1"));
  EXPECT_TRUE(p2->has_next);
  q.after = p2->items.back().handle;
  auto p3 = engine().ListChannels(Actor::User(a_), q);
  ASSERT_THAT(p3, IsOk());
  EXPECT_THAT(Ids(*p3), ElementsAre("c0"));
  EXPECT_FALSE(p3->has_next);
}

TEST_F(ListsTest, LimitDefaultsTo20AndCapsAt100) {
  for (int i = 0; i < 105; ++i) {
    Channel("c" + std::to_string(i), ChannelType::kPublic, a_);
  }
  ChannelListQuery q = Query(Kind::kPublic);
  EXPECT_EQ(List(q).size(), 20u);
  q.limit = 1000;
  EXPECT_EQ(List(q).size(), 100u);
  q.limit = 100;
  auto full = engine().ListChannels(Actor::Admin(), q);
  ASSERT_THAT(full, IsOk());
  EXPECT_TRUE(full->has_next);
  q.limit = -1;
  EXPECT_THAT(engine().ListChannels(Actor::Admin(), q),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(ListsTest, CursorOutsideTheListFails) {
  ChannelId mine = Channel("mine", ChannelType::kPublic, a_);
  ChannelId theirs = Channel("theirs", ChannelType::kPrivate, b_);
  ChannelListQuery q = Query(Kind::kJoined, a_);
  q.after = theirs;
  EXPECT_THAT(engine().ListChannels(Actor::Admin(), q),
              StatusIs(ErrorCode::kParamsBindingError));
  q.kind = Kind::kHidden;
  q.after = mine;  // joined but not hidden
  EXPECT_THAT(engine().ListChannels(Actor::Admin(), q),
              StatusIs(ErrorCode::kParamsBindingError));
  q = Query(Kind::kPublic);
  q.after = theirs;  // private: not in the public list
  EXPECT_THAT(engine().ListChannels(Actor::Admin(), q),
              StatusIs(ErrorCode::kParamsBindingError));
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::Admin(), theirs, Now()));
  q = Query(Kind::kAll);
  q.after = theirs;
  EXPECT_THAT(engine().ListChannels(Actor::Admin(), q),
              StatusIs(ErrorCode::kParamsBindingError));
  q.after = ChannelId(999);
  EXPECT_THAT(engine().ListChannels(Actor::Admin(), q),
              StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(ListsTest, HiddenChannelsLeaveTheJoinedList) {
  ChannelId c1 = Channel("c1", ChannelType::kPublic, a_);
  Channel("c2", ChannelType::kPublic, a_);
  BANTER_ASSERT_OK(engine().SetHidden(Actor::User(a_), {c1, a_}, true, Now()));
  EXPECT_THAT(List(Query(Kind::kJoined, a_)), ElementsAre("c2"));
  EXPECT_THAT(List(Query(Kind::kHidden, a_)), ElementsAre("c1"));
}

TEST_F(ListsTest, PublicListHoldsPublicAndSuperPublicNewestFirst) {
  for (ChannelType t : kAllTypes) Make(t, a_);
  EXPECT_THAT(List(Query(Kind::kPublic)),
              ElementsAre("super_public", "public"));
  // Non-members list them too, seeing no private fields.
  auto page = engine().ListChannels(Actor::User(x_), Query(Kind::kPublic));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 2u);
}

TEST_F(ListsTest, AllListIsAdminOnlyAndNewestFirst) {
  Channel("c1", ChannelType::kPrivate, a_);
  Channel("c2", ChannelType::kPublic, b_);
  ChannelId c3 = Channel("c3", ChannelType::kSuperPrivate, UserId());
  Channel("c4", ChannelType::kBroadcast, b_);
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::Admin(), c3, Now()));
  EXPECT_THAT(List(Query(Kind::kAll)), ElementsAre("c4", "c2", "c1"));
  ChannelListQuery q = Query(Kind::kAll);
  q.limit = 1;
  q.after = engine().FindChannel("c4");
  auto page = engine().ListChannels(Actor::Admin(), q);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre("c2"));
  EXPECT_TRUE(page->has_next);
  EXPECT_THAT(engine().ListChannels(Actor::User(a_), Query(Kind::kAll)),
              StatusIs(ErrorCode::kUnauthorized));
}

TEST_F(ListsTest, UsersListOnlyTheirOwnChannels) {
  BotId bot = Bot("bot");
  EXPECT_THAT(engine().ListChannels(Actor::User(a_), Query(Kind::kJoined, b_)),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().ListChannels(Actor::User(a_), Query(Kind::kHidden, b_)),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().ListChannels(Actor::User(a_), Query(Kind::kPublic, b_)),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().ListChannels(Actor::Bot(bot), Query(Kind::kPublic)),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(
      engine().ListChannels(Actor::Admin(), Query(Kind::kJoined, UserId(99))),
      StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(
      engine().ListChannels(Actor::Admin(), Query(Kind::kPublic, UserId(99))),
      StatusIs(ErrorCode::kUserNotFound));
}

TEST_F(ListsTest, FiltersCombine) {
  auto make = [&](const std::string& id, ChannelType t, const std::string& name,
                  const std::string& cat, const std::string& sub) {
    CreateChannelRequest r = Req(id, t, a_, {b_});
    r.name = name;
    r.category = cat;
    r.subcategory = sub;
    auto c = engine().CreateChannel(Actor::Admin(), r, Now());
    EXPECT_THAT(c, IsOk());
    return c.ok() ? *c : ChannelId();
  };
  make("c1", ChannelType::kPublic, "Alpha team", "work", "dev");
  ChannelId c2 = make("c2", ChannelType::kPrivate, "Beta team", "work", "ops");
  make("c3", ChannelType::kPublic, "gamma", "fun", "");
  ChannelId c4 = make("c4", ChannelType::kPrivate, "alphabet", "", "");
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c2, true, Now()));
  BANTER_ASSERT_OK(engine().Join(Actor::Admin(), {c4, x_, {}}, Now()));

  ChannelListQuery q = Query(Kind::kJoined, a_);
  q.category = "work";
  EXPECT_THAT(List(q), ElementsAre("c2", "c1"));
  q.subcategory = "ops";
  EXPECT_THAT(List(q), ElementsAre("c2"));
  q = Query(Kind::kJoined, a_);
  q.frozen = true;
  EXPECT_THAT(List(q), ElementsAre("c2"));
  q.frozen = false;
  EXPECT_THAT(List(q), ElementsAre("c4", "c3", "c1"));
  q = Query(Kind::kJoined, a_);
  q.name_query = "team";
  EXPECT_THAT(List(q), ElementsAre("c2", "c1"));
  q.name_query = "lpha";  // substring, case-sensitive
  EXPECT_THAT(List(q), ElementsAre("c4", "c1"));
  q = Query(Kind::kJoined, a_);
  q.type = ChannelType::kPrivate;
  EXPECT_THAT(List(q), ElementsAre("c4", "c2"));
  q = Query(Kind::kJoined, a_);
  q.members = {b_, x_};
  EXPECT_THAT(List(q), ElementsAre("c4"));
  q.members = {UserId(99)};
  EXPECT_THAT(List(q), IsEmpty());
  q = Query(Kind::kPublic);
  q.category = "fun";
  EXPECT_THAT(List(q), ElementsAre("c3"));
}

TEST_F(ListsTest, PrivateTagFilterUsesTheListingUsersTag) {
  ChannelId c1 = Channel("c1", ChannelType::kPublic, a_, {b_});
  Channel("c2", ChannelType::kPublic, a_, {b_});
  BANTER_ASSERT_OK(engine().SetPrivateTag(Actor::User(a_), {c1, a_}, "fav", Now()));
  ChannelListQuery q = Query(Kind::kJoined, a_);
  q.private_tag = "fav";
  EXPECT_THAT(List(q), ElementsAre("c1"));
  q.user = b_;
  EXPECT_THAT(List(q), IsEmpty());
  q.private_tag = "";
  EXPECT_THAT(List(q), ElementsAre("c2", "c1"));
}

TEST_F(ListsTest, HasUnreadFilter) {
  ChannelId c1 = Channel("c1", ChannelType::kPublic, a_, {b_});
  Channel("c2", ChannelType::kPublic, a_, {b_});
  Send(c1, a_, "hello");
  ChannelListQuery q = Query(Kind::kJoined, b_);
  q.has_unread = true;
  EXPECT_THAT(List(q), ElementsAre("c1"));
  q.user = a_;  // the sender has read its own message
  EXPECT_THAT(List(q), IsEmpty());
}

TEST_F(ListsTest, ViewsCarryTheListingUsersFields) {
  ChannelId c1 = Channel("c1", ChannelType::kPublic, a_, {b_});
  BANTER_ASSERT_OK(engine().SetPrivateTag(Actor::User(b_), {c1, b_}, "t", Now()));
  auto page = engine().ListChannels(Actor::Admin(), Query(Kind::kJoined, b_));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].private_tag, "t");
  auto other = engine().ListChannels(Actor::Admin(), Query(Kind::kJoined, a_));
  ASSERT_THAT(other, IsOk());
  ASSERT_EQ(other->items.size(), 1u);
  EXPECT_EQ(other->items[0].private_tag, "");
}

// ---- Members ---------------------------------------------------------------

TEST_F(ListsTest, MembersPageInHandleOrder) {
  std::vector<UserId> us;
  for (int i = 0; i < 5; ++i) us.push_back(User("u" + std::to_string(i)));
  // Join order differs from handle order.
  ChannelId c = Channel("c", ChannelType::kSuperPublic, us[3], {us[1], us[4]});
  BANTER_ASSERT_OK(engine().Join(Actor::User(us[0]), {c, us[0], {}}, Now()));
  BANTER_ASSERT_OK(engine().Join(Actor::User(us[2]), {c, us[2], {}}, Now()));
  auto p1 = engine().ListMembers(Actor::User(us[2]), c, UserId(), 2);
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(Ids(p1->items), ElementsAre("u0", "u1"));
  EXPECT_TRUE(p1->has_next);
  auto p2 = engine().ListMembers(Actor::Admin(), c, us[1], 2);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(Ids(p2->items), ElementsAre("u2", "u3"));
  EXPECT_TRUE(p2->has_next);
  auto p3 = engine().ListMembers(Actor::Admin(), c, us[3], 2);
  ASSERT_THAT(p3, IsOk());
  EXPECT_THAT(Ids(p3->items), ElementsAre("u4"));
  EXPECT_FALSE(p3->has_next);
  // A cursor that is no longer a member still pages.
  BANTER_ASSERT_OK(engine().Leave(Actor::Admin(), {c, us[1], false}, Now()));
  auto p4 = engine().ListMembers(Actor::Admin(), c, us[1], 0);
  ASSERT_THAT(p4, IsOk());
  EXPECT_THAT(Ids(p4->items), ElementsAre("u2", "u3", "u4"));
}

TEST_F(ListsTest, MemberIdPagesMatchMemberPages) {
  std::vector<UserId> us;
  for (int i = 0; i < 7; ++i) us.push_back(User("u" + std::to_string(i)));
  ChannelId c = Channel("c", ChannelType::kPublic, us[5], {us[2], us[6], us[0]});
  BANTER_ASSERT_OK(engine().Join(Actor::User(us[3]), {c, us[3], {}}, Now()));
  // Walk both listings page by page, 2 at a time, as a member would.
  UserId cursor;
  std::vector<UserId> walked;
  for (int pages = 0; pages < 10; ++pages) {
    auto ids = engine().ListMemberIds(Actor::User(us[3]), c, cursor, 2);
    auto views = engine().ListMembers(Actor::User(us[3]), c, cursor, 2);
    ASSERT_THAT(ids, IsOk());
    ASSERT_THAT(views, IsOk());
    ASSERT_EQ(ids->items.size(), views->items.size());
    for (size_t i = 0; i < ids->items.size(); ++i) {
      EXPECT_EQ(engine().UserName(ids->items[i]), views->items[i].user.id);
    }
    EXPECT_EQ(ids->has_next, views->has_next);
    walked.insert(walked.end(), ids->items.begin(), ids->items.end());
    if (!ids->has_next) break;
    cursor = ids->items.back();
  }
  EXPECT_THAT(walked, ElementsAre(us[0], us[2], us[3], us[5], us[6]));
  // Same refusals as ListMembers.
  EXPECT_THAT(engine().ListMemberIds(Actor::User(us[1]), c, UserId(), 10),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(engine().ListMemberIds(Actor::Admin(), ChannelId(99), UserId(), 10),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(ListsTest, MemberListLimitDefaultsTo50AndCapsAt100) {
  ChannelId c = Channel("c", ChannelType::kSuperPublic, a_);
  UserTargets many;
  for (int i = 0; i < 120; ++i) many.push_back(User("m" + std::to_string(i)));
  BANTER_ASSERT_OK(engine().AddMembers(Actor::Admin(), {c, many}, Now()));
  auto def = engine().ListMembers(Actor::Admin(), c, UserId(), 0);
  ASSERT_THAT(def, IsOk());
  EXPECT_EQ(def->items.size(), 50u);
  auto capped = engine().ListMembers(Actor::Admin(), c, UserId(), 500);
  ASSERT_THAT(capped, IsOk());
  EXPECT_EQ(capped->items.size(), 100u);
  EXPECT_TRUE(capped->has_next);
}

TEST_F(ListsTest, MemberReadsNeedMembership) {
  ChannelId c = Channel("c", ChannelType::kPublic, a_, {b_});
  BotId bot = Bot("bot");
  EXPECT_THAT(engine().ListMembers(Actor::User(x_), c, UserId(), 10),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(engine().ListMembers(Actor::Admin(), ChannelId(9), UserId(), 10),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().ListMembers(Actor::Bot(bot), c, UserId(), 10),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().GetMember(Actor::User(x_), c, a_),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(engine().GetMember(Actor::User(b_), c, x_),
              StatusIs(ErrorCode::kChannelMemberNotFound));
  EXPECT_THAT(engine().GetMember(Actor::Admin(), c, UserId(99)),
              StatusIs(ErrorCode::kChannelMemberNotFound));
  EXPECT_THAT(engine().GetMember(Actor::Admin(), ChannelId(9), a_),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().GetMember(Actor::Bot(bot), c, a_),
              StatusIs(ErrorCode::kUnauthorized));
  auto m = engine().GetMember(Actor::User(b_), c, a_);
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(m->user.id, "a");
  EXPECT_EQ(m->user.username, "a");
}

TEST_F(ListsTest, MemberViewShowsMutes) {
  ChannelId c = Channel("c", ChannelType::kPublic, a_, {b_});
  MuteRequest m;
  m.channel = c;
  m.users = {b_};
  m.duration_ms = 1 * 60'000;
  BANTER_ASSERT_OK(engine().Mute(Actor::Admin(), m, Now()));
  auto v = engine().GetMember(Actor::Admin(), c, b_);
  ASSERT_THAT(v, IsOk());
  EXPECT_TRUE(v->muted);
  EXPECT_EQ(v->mute_expires_at, Now() + 60'000);
  auto ch = engine().GetChannel(Actor::Admin(), c, UserId());
  ASSERT_THAT(ch, IsOk());
  EXPECT_THAT(ch->muted_users, ElementsAre("b"));
  // Exactly at the end the mute is over, AdvanceTime or not. Reads judge at
  // the engine's time, which any successful call moves.
  Advance(60'000);
  BANTER_ASSERT_OK(engine().SetHidden(Actor::User(a_), {c, a_}, false, Now()));
  auto after = engine().GetMember(Actor::Admin(), c, b_);
  ASSERT_THAT(after, IsOk());
  EXPECT_FALSE(after->muted);
}

// ---- Channel views -----------------------------------------------------------

TEST_F(ListsTest, NonMembersReadOnlyPublicListedChannels) {
  for (ChannelType t : kAllTypes) {
    ChannelId c = Make(t, a_);
    auto v = engine().GetChannel(Actor::User(x_), c, UserId());
    if (IsPublicListed(t)) {
      EXPECT_THAT(v, IsOk()) << ChannelTypeName(t);
    } else {
      EXPECT_THAT(v, StatusIs(ErrorCode::kUserNotChannelMember))
          << ChannelTypeName(t);
    }
  }
  BotId bot = Bot("bot");
  EXPECT_THAT(engine().GetChannel(Actor::Bot(bot), engine().FindChannel("public"),
                                  UserId()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().GetChannel(Actor::Admin(), ChannelId(99), UserId()),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(ListsTest, SuperChannelViewsOmitMemberLists) {
  ChannelId c = Channel("s", ChannelType::kSuperPublic, a_, {b_, x_});
  MuteRequest m;
  m.channel = c;
  m.users = {b_};
  BANTER_ASSERT_OK(engine().Mute(Actor::Admin(), m, Now()));
  BanRequest ban;
  ban.channel = c;
  ban.users = {x_};
  BANTER_ASSERT_OK(engine().Ban(Actor::Admin(), ban, Now()));
  auto v = engine().GetChannel(Actor::Admin(), c, UserId());
  ASSERT_THAT(v, IsOk());
  EXPECT_THAT(v->members, IsEmpty());
  EXPECT_THAT(v->muted_users, IsEmpty());
  EXPECT_THAT(v->banned_users, IsEmpty());
  EXPECT_EQ(v->member_count, 2);
}

TEST_F(ListsTest, ChannelViewListsMembersMutedAndBanned) {
  UserId d = User("d");
  ChannelId c = Channel("c", ChannelType::kPublic, x_, {b_, a_, d});
  MuteRequest m;
  m.channel = c;
  m.users = {d, b_};
  BANTER_ASSERT_OK(engine().Mute(Actor::Admin(), m, Now()));
  BanRequest ban;
  ban.channel = c;
  ban.users = {a_};
  BANTER_ASSERT_OK(engine().Ban(Actor::Admin(), ban, Now()));
  auto v = engine().GetChannel(Actor::Admin(), c, UserId());
  ASSERT_THAT(v, IsOk());
  EXPECT_THAT(Ids(v->members), ElementsAre("b", "x", "d"));
  EXPECT_THAT(v->muted_users, ElementsAre("b", "d"));
  EXPECT_THAT(Ids(v->banned_users), ElementsAre("a"));
  EXPECT_EQ(v->owner_id, "x");
  EXPECT_EQ(v->member_count, 3);
}

TEST_F(ListsTest, ExpiredBansLeaveTheView) {
  ChannelId c = Channel("c", ChannelType::kPublic, a_, {b_});
  BanRequest ban;
  ban.channel = c;
  ban.users = {b_};
  ban.duration_ms = 10;
  BANTER_ASSERT_OK(engine().Ban(Actor::Admin(), ban, Now()));
  Advance(10);
  BANTER_ASSERT_OK(engine().SetHidden(Actor::User(a_), {c, a_}, false, Now()));
  auto v = engine().GetChannel(Actor::Admin(), c, UserId());
  ASSERT_THAT(v, IsOk());
  EXPECT_THAT(v->banned_users, IsEmpty());
}

TEST_F(ListsTest, ViewerFieldsNeedAMemberViewer) {
  ChannelId c = Channel("c", ChannelType::kPublic, a_, {b_});
  BANTER_ASSERT_OK(engine().SetChannelPush(Actor::User(b_), {c, b_}, false, Now()));
  auto as_b = engine().GetChannel(Actor::Admin(), c, b_);
  ASSERT_THAT(as_b, IsOk());
  EXPECT_TRUE(as_b->push_disabled);
  auto as_x = engine().GetChannel(Actor::Admin(), c, x_);
  ASSERT_THAT(as_x, IsOk());
  EXPECT_FALSE(as_x->push_disabled);
  EXPECT_EQ(as_x->unread_count, 0);
}

TEST_F(ListsTest, UnreadAndLastMessageInViews) {
  ChannelId c = Channel("c", ChannelType::kPublic, a_, {b_});
  Send(c, a_, "one");
  Advance(5);
  Send(c, a_, "two");
  auto v = engine().GetChannel(Actor::User(b_), c, UserId());
  ASSERT_THAT(v, IsOk());
  EXPECT_EQ(v->unread_count, 2);
  ASSERT_TRUE(v->last_message.has_value());
  EXPECT_EQ(v->last_message->text, "two");
  EXPECT_EQ(v->last_sent_at, Now());
}

// ---- Bots ------------------------------------------------------------------

TEST_F(ListsTest, BotChannelsInHandleOrder) {
  BotId bot = Bot("bot");
  ChannelId c1 = Channel("c1", ChannelType::kPublic, a_);
  ChannelId c2 = Channel("c2", ChannelType::kPrivate, a_);
  ChannelId c3 = Channel("c3", ChannelType::kPublic, a_);
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, c3, Now()));
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, c1, Now()));
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Bot(bot), bot, c2, Now()));
  auto p1 = engine().ListBotChannels(Actor::Bot(bot), bot, ChannelId(), 2);
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(Ids(*p1), ElementsAre("c1", "c2"));
  EXPECT_TRUE(p1->has_next);
  auto p2 = engine().ListBotChannels(Actor::Admin(), bot, c2, 2);
  ASSERT_THAT(p2, IsOk());
  EXPECT_THAT(Ids(*p2), ElementsAre("c3"));
  EXPECT_FALSE(p2->has_next);
  ASSERT_EQ(p2->items[0].bots.size(), 1u);
  EXPECT_EQ(p2->items[0].bots[0].id, "bot");
}

TEST_F(ListsTest, BotChannelListRefusals) {
  BotId bot = Bot("bot");
  BotId other = Bot("other");
  EXPECT_THAT(engine().ListBotChannels(Actor::Bot(other), bot, ChannelId(), 0),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().ListBotChannels(Actor::User(a_), bot, ChannelId(), 0),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(
      engine().ListBotChannels(Actor::Admin(), BotId(99), ChannelId(), 0),
      StatusIs(ErrorCode::kBotNotFound));
}

}  // namespace
}  // namespace banter::testing
