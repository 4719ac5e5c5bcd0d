// CreateChannel: fields, owners, members, blocks, ids, TalkPlus reuse, events.
#include <string>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/channels/channels_test_util.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class CreateTest : public EngineTest {
 protected:
  absl::StatusOr<ChannelId> Create(const CreateChannelRequest& r,
                                   const Actor& actor = Actor::Admin()) {
    return engine().CreateChannel(actor, r, Now());
  }
  ChannelView View(ChannelId c) {
    auto v = engine().GetChannel(Actor::Admin(), c, UserId());
    EXPECT_THAT(v, IsOk());
    return v.ok() ? *v : ChannelView();
  }
  // Expects `r` to fail with `code` and to change nothing at all.
  void ExpectRefused(const CreateChannelRequest& r, ErrorCode code,
                     const Actor& actor = Actor::Admin()) {
    const std::string before = engine().DebugString();
    sink().clear();
    EXPECT_THAT(engine().CreateChannel(actor, r, Now() + 5), StatusIs(code));
    EXPECT_EQ(engine().DebugString(), before);
    EXPECT_THAT(sink().events(), IsEmpty());
  }
};

TEST_F(CreateTest, UserActorBecomesOwnerAndMember) {
  UserId a = User("a");
  UserId b = User("b");
  UserId other = User("other");
  auto r = Req("c1", ChannelType::kPublic, other, {b});
  auto c = Create(r, Actor::User(a));
  ASSERT_THAT(c, IsOk());
  ChannelView v = View(*c);
  EXPECT_EQ(v.id, "c1");
  EXPECT_EQ(v.owner_id, "a");
  EXPECT_THAT(Ids(v.members), ElementsAre("a", "b"));
  EXPECT_EQ(v.member_count, 2);
  EXPECT_TRUE(engine().IsMember(*c, a));
}

TEST_F(CreateTest, AdminMayCreateOwnerless) {
  UserId a = User("a");
  auto c = Create(Req("c1", ChannelType::kPrivate, UserId(), {a}));
  ASSERT_THAT(c, IsOk());
  ChannelView v = View(*c);
  EXPECT_EQ(v.owner_id, "");
  EXPECT_THAT(Ids(v.members), ElementsAre("a"));
}

TEST_F(CreateTest, AdminNamesTheOwnerWhoIsAddedAsMember) {
  UserId a = User("a");
  UserId b = User("b");
  auto c = Create(Req("c1", ChannelType::kBroadcast, a, {b}));
  ASSERT_THAT(c, IsOk());
  ChannelView v = View(*c);
  EXPECT_EQ(v.owner_id, "a");
  EXPECT_THAT(Ids(v.members), ElementsAre("a", "b"));
}

TEST_F(CreateTest, StoresEveryField) {
  UserId a = User("a");
  CreateChannelRequest r = Req("c1", ChannelType::kInvitationOnly, a);
  r.name = "Name";
  r.invitation_code = "secret";
  r.image_url = "http://img";
  r.data = {{"k", "v"}};
  r.max_member_count = 7;
  r.hide_messages_before_join = true;
  r.category = "cat";
  r.subcategory = "sub";
  auto c = Create(r);
  ASSERT_THAT(c, IsOk());
  ChannelView v = View(*c);
  EXPECT_EQ(v.handle, *c);
  EXPECT_EQ(v.name, "Name");
  EXPECT_EQ(v.type, ChannelType::kInvitationOnly);
  EXPECT_EQ(v.dialect, Dialect::kTalkPlus);
  EXPECT_EQ(v.invitation_code, "secret");
  EXPECT_EQ(v.image_url, "http://img");
  EXPECT_EQ(v.data, (Metadata{{"k", "v"}}));
  EXPECT_EQ(v.max_member_count, 7);
  EXPECT_TRUE(v.hide_messages_before_join);
  EXPECT_EQ(v.category, "cat");
  EXPECT_EQ(v.subcategory, "sub");
  EXPECT_FALSE(v.frozen);
  EXPECT_EQ(v.created_at, Now());
  // Equal to createdAt until the channel changes (docs/decisions.md).
  EXPECT_EQ(v.updated_at, v.created_at);
  EXPECT_EQ(v.last_sent_at, 0);
  EXPECT_FALSE(v.last_message.has_value());
}

TEST_F(CreateTest, MaxMemberCountDefaultsByType) {
  UserId a = User("a");
  for (ChannelType t : kAllTypes) {
    auto c = Create(Req("c" + std::string(ChannelTypeName(t)), t, a));
    ASSERT_THAT(c, IsOk());
    EXPECT_EQ(View(*c).max_member_count, IsSuper(t) ? -1 : 100)
        << ChannelTypeName(t);
  }
}

TEST_F(CreateTest, GeneratedIdIsTwentyLowercaseAlnum) {
  auto c1 = Create(Req("", ChannelType::kPublic));
  auto c2 = Create(Req("", ChannelType::kPublic));
  ASSERT_THAT(c1, IsOk());
  ASSERT_THAT(c2, IsOk());
  std::string id(engine().ChannelName(*c1));
  ASSERT_EQ(id.size(), 20u);
  for (char ch : id) {
    EXPECT_TRUE((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) << id;
  }
  EXPECT_NE(engine().ChannelName(*c2), id);
  EXPECT_EQ(engine().FindChannel(id), *c1);
}

TEST_F(CreateTest, GeneratedIdsFollowTheSeed) {
  auto c = Create(Req("", ChannelType::kPublic));
  ASSERT_THAT(c, IsOk());
  Engine same(TestOptions());
  auto d = same.CreateChannel(Actor::Admin(), Req("", ChannelType::kPublic),
                              Now());
  ASSERT_THAT(d, IsOk());
  EXPECT_EQ(same.ChannelName(*d), engine().ChannelName(*c));
  EngineOptions other = TestOptions();
  other.seed = 2;
  Engine different(other);
  auto e = different.CreateChannel(Actor::Admin(),
                                   Req("", ChannelType::kPublic), Now());
  ASSERT_THAT(e, IsOk());
  EXPECT_NE(different.ChannelName(*e), engine().ChannelName(*c));
}

TEST_F(CreateTest, ChannelIdMustBeUriSafeAndAtMost128Chars) {
  ExpectRefused(Req("a b", ChannelType::kPublic),
                ErrorCode::kParamsBindingError);
  ExpectRefused(Req("a/b", ChannelType::kPublic),
                ErrorCode::kParamsBindingError);
  ExpectRefused(Req(std::string(129, 'x'), ChannelType::kPublic),
                ErrorCode::kParamsBindingError);
  EXPECT_THAT(Create(Req(std::string(128, 'x'), ChannelType::kPublic)),
              IsOk());
  EXPECT_THAT(Create(Req("A-Z.0_9~@:", ChannelType::kPublic)), IsOk());
}

TEST_F(CreateTest, GitpleLiveChannelIdRule) {
  for (const std::string& bad : std::vector<std::string>{
           "abc", "ABCD", "ab-cd", "abc.d", std::string(81, 'a')}) {
    ExpectRefused(GitpleReq(bad, {}), ErrorCode::kParamsBindingError);
  }
  EXPECT_THAT(Create(GitpleReq("ab_9", {})), IsOk());
  EXPECT_THAT(Create(GitpleReq(std::string(80, 'z'), {})), IsOk());
}

TEST_F(CreateTest, NameLimitsPerDialect) {
  CreateChannelRequest r = Req("c1", ChannelType::kPublic);
  r.name = std::string(129, 'n');
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.name = "\xff";  // not UTF-8
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.name = std::string(128, 'n');
  EXPECT_THAT(Create(r), IsOk());
  r.channel_id = "c2";
  r.name = "";
  EXPECT_THAT(Create(r), IsOk());  // TalkPlus names are optional

  CreateChannelRequest g = GitpleReq("g_one", {});
  g.name = "";
  ExpectRefused(g, ErrorCode::kParamsBindingError);
  g.name = std::string(151, 'n');
  ExpectRefused(g, ErrorCode::kParamsBindingError);
  g.name = std::string(150, 'n');
  EXPECT_THAT(Create(g), IsOk());
}

TEST_F(CreateTest, ImageUrlAtMost2048Chars) {
  CreateChannelRequest r = Req("c1", ChannelType::kPublic);
  r.image_url = std::string(2049, 'u');
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.image_url = std::string(2048, 'u');
  EXPECT_THAT(Create(r), IsOk());
}

TEST_F(CreateTest, CategoryLimitsAndSubcategoryNeedsCategory) {
  CreateChannelRequest r = Req("c1", ChannelType::kPublic);
  r.category = std::string(33, 'c');
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.category = "cat";
  r.subcategory = std::string(33, 's');
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.category = "";
  r.subcategory = "sub";
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.category = std::string(32, 'c');
  r.subcategory = std::string(32, 's');
  EXPECT_THAT(Create(r), IsOk());
}

TEST_F(CreateTest, InvalidDataFailsWithInvalidMetaData) {
  CreateChannelRequest r = Req("c1", ChannelType::kPublic);
  for (int i = 0; i < 6; ++i) r.data["k" + std::to_string(i)] = "v";
  ExpectRefused(r, ErrorCode::kInvalidMetaData);
  r.data = {{std::string(129, 'k'), "v"}};
  ExpectRefused(r, ErrorCode::kInvalidMetaData);
  r.data = {{"k", std::string(1025, 'v')}};
  ExpectRefused(r, ErrorCode::kInvalidMetaData);
  // GitpleLive meta: no digits in keys, up to 10 pairs.
  CreateChannelRequest g = GitpleReq("g_one", {});
  g.data = {{"key1", "v"}};
  ExpectRefused(g, ErrorCode::kInvalidMetaData);
  g.data.clear();
  for (char k = 'a'; k < 'a' + 10; ++k) g.data[std::string(1, k)] = "v";
  EXPECT_THAT(Create(g), IsOk());
}

TEST_F(CreateTest, MaxMemberCountRangePerType) {
  for (ChannelType t : kAllTypes) {
    CreateChannelRequest r = Req("c1", t, User(std::string("o") +
                                              std::string(ChannelTypeName(t))));
    for (int32_t bad : IsSuper(t) ? std::vector<int32_t>{0, -2}
                                  : std::vector<int32_t>{0, -1, 101}) {
      r.max_member_count = bad;
      ExpectRefused(r, ErrorCode::kParamsBindingError);
    }
  }
  CreateChannelRequest r = Req("s1", ChannelType::kSuperPublic);
  r.max_member_count = 100'000;
  EXPECT_THAT(Create(r), IsOk());
  r = Req("s2", ChannelType::kSuperPrivate);
  r.max_member_count = -1;
  EXPECT_THAT(Create(r), IsOk());
  r = Req("p1", ChannelType::kPublic);
  r.max_member_count = 1;
  EXPECT_THAT(Create(r), IsOk());
}

TEST_F(CreateTest, InvitationOnlyNeedsACode) {
  CreateChannelRequest r = Req("c1", ChannelType::kInvitationOnly);
  r.invitation_code = "";
  ExpectRefused(r, ErrorCode::kInvitationCodeCannotBeEmpty);
  r.invitation_code = std::string(129, 'x');
  ExpectRefused(r, ErrorCode::kParamsBindingError);
}

TEST_F(CreateTest, SuperTypesTakeNoInvitationCode) {
  UserId a = User("a");
  for (ChannelType t : {ChannelType::kSuperPublic, ChannelType::kSuperPrivate,
                        ChannelType::kSuperBroadcast}) {
    CreateChannelRequest r = Req("c1", t, a);
    r.invitation_code = "x";
    ExpectRefused(r, ErrorCode::kParamsBindingError);
  }
}

TEST_F(CreateTest, BroadcastTypesNeedAnOwner) {
  ExpectRefused(Req("c1", ChannelType::kBroadcast),
                ErrorCode::kInvalidParams);
  ExpectRefused(Req("c1", ChannelType::kSuperBroadcast),
                ErrorCode::kInvalidParams);
  UserId a = User("a");
  // A user creator is always the owner.
  EXPECT_THAT(Create(Req("c1", ChannelType::kBroadcast), Actor::User(a)),
              IsOk());
}

TEST_F(CreateTest, OwnerMustBeALiveUser) {
  ExpectRefused(Req("c1", ChannelType::kPublic, UserId(99)),
                ErrorCode::kChannelOwnerNotFound);
  UserId gone = User("gone");
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), gone, Now()));
  ExpectRefused(Req("c1", ChannelType::kPublic, gone),
                ErrorCode::kChannelOwnerNotFound);
}

TEST_F(CreateTest, MembersMustBeLiveUsers) {
  UserId a = User("a");
  ExpectRefused(Req("c1", ChannelType::kPublic, a, {UserId(99)}),
                ErrorCode::kUserNotFound);
  UserId gone = User("gone");
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), gone, Now()));
  ExpectRefused(Req("c1", ChannelType::kPublic, UserId(), {gone}),
                ErrorCode::kUserNotFound);
}

TEST_F(CreateTest, DuplicateMembersAndListedOwnerCollapse) {
  UserId a = User("a");
  UserId b = User("b");
  auto c = Create(Req("c1", ChannelType::kPublic, a, {b, a, b}));
  ASSERT_THAT(c, IsOk());
  EXPECT_EQ(View(*c).member_count, 2);
}

TEST_F(CreateTest, MemberCountMayNotExceedMax) {
  UserId a = User("a");
  UserId b = User("b");
  UserId d = User("d");
  CreateChannelRequest r = Req("c1", ChannelType::kPublic, a, {b, d});
  r.max_member_count = 2;
  ExpectRefused(r, ErrorCode::kMaxChannelMemberCountExceeded);
  r.members = {b, b};
  EXPECT_THAT(Create(r), IsOk());
}

TEST_F(CreateTest, OwnerCannotCreateWithSomeoneTheyBlocked) {
  UserId a = User("a");
  UserId b = User("b");
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), a, b, Now()));
  ExpectRefused(Req("c1", ChannelType::kPublic, a, {b}),
                ErrorCode::kCannotCreateChannelWithBlockedMember);
  ExpectRefused(Req("c1", ChannelType::kPublic, UserId(), {b}),
                ErrorCode::kCannotCreateChannelWithBlockedMember,
                Actor::User(a));
}

TEST_F(CreateTest, OwnerCannotCreateWithSomeoneWhoBlockedThem) {
  UserId a = User("a");
  UserId b = User("b");
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), b, a, Now()));
  ExpectRefused(Req("c1", ChannelType::kPublic, a, {b}),
                ErrorCode::kCannotCreateChannelWhenBlockedByMember);
}

TEST_F(CreateTest, BlocksBetweenNonOwnersDoNotMatter) {
  UserId a = User("a");
  UserId b = User("b");
  UserId d = User("d");
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), b, d, Now()));
  EXPECT_THAT(Create(Req("c1", ChannelType::kPublic, a, {b, d})), IsOk());
  // Ownerless admin creates check no blocks at all.
  EXPECT_THAT(Create(Req("c2", ChannelType::kPublic, UserId(), {b, d})),
              IsOk());
}

TEST_F(CreateTest, BlockChecksFollowListOrder) {
  UserId a = User("a");
  UserId b = User("b");
  UserId d = User("d");
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), a, b, Now()));
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), d, a, Now()));
  ExpectRefused(Req("c1", ChannelType::kPublic, a, {d, b}),
                ErrorCode::kCannotCreateChannelWhenBlockedByMember);
  ExpectRefused(Req("c1", ChannelType::kPublic, a, {UserId(77), b}),
                ErrorCode::kUserNotFound);
}

TEST_F(CreateTest, TakenIdFails) {
  UserId a = User("a");
  ASSERT_THAT(Create(Req("c1", ChannelType::kPublic, a)), IsOk());
  ExpectRefused(Req("c1", ChannelType::kPrivate, a),
                ErrorCode::kChannelIdAlreadyTaken);
}

TEST_F(CreateTest, DeletedChannelFreesItsIdForANewHandle) {
  auto c = Create(Req("c1", ChannelType::kPublic));
  ASSERT_THAT(c, IsOk());
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::Admin(), *c, Now()));
  EXPECT_FALSE(engine().FindChannel("c1").valid());
  EXPECT_EQ(engine().ChannelName(*c), "c1");  // the tombstone keeps it
  auto d = Create(Req("c1", ChannelType::kPublic));
  ASSERT_THAT(d, IsOk());
  EXPECT_NE(*d, *c);
  EXPECT_EQ(engine().FindChannel("c1"), *d);
}

TEST_F(CreateTest, EmitsChannelAddedToEveryMember) {
  UserId a = User("a");
  UserId b = User("b");
  sink().clear();
  auto c = Create(Req("c1", ChannelType::kPublic, a, {b}));
  ASSERT_THAT(c, IsOk());
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("channelAdded", Now(), "c1", {}, {"a", "b"})));
}

TEST_F(CreateTest, BotsCannotCreate) {
  BotId bot = Bot("bot");
  ExpectRefused(Req("c1", ChannelType::kPublic), ErrorCode::kUnauthorized,
                Actor::Bot(bot));
}

TEST_F(CreateTest, ActorChecksComeFirst) {
  ExpectRefused(Req("c1", ChannelType::kPublic), ErrorCode::kUserNotFound,
                Actor::User(UserId(42)));
  UserId a = User("a");
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), a, false, Now()));
  ExpectRefused(Req("c1", ChannelType::kPublic), ErrorCode::kDeactivatedUser,
                Actor::User(a));
  ExpectRefused(Req("c1", ChannelType::kPublic), ErrorCode::kBotNotFound,
                Actor::Bot(BotId(9)));
  engine().SetAppDeactivated(true);
  ExpectRefused(Req("c1", ChannelType::kPublic), ErrorCode::kDeactivatedApp);
}

TEST_F(CreateTest, FailedCreateDrawsNoId) {
  // The generated-id stream is state (the dump shows its counter): a refusal
  // found after the id would be drawn must not have drawn it.
  UserId a = User("a");
  CreateChannelRequest r = Req("", ChannelType::kPublic, a, {UserId(50)});
  ExpectRefused(r, ErrorCode::kUserNotFound);
  r.members = {a};
  r.max_member_count = 1;
  EXPECT_THAT(Create(r), IsOk());
}

TEST_F(CreateTest, TimeDoesNotRunBackwards) {
  auto c = Create(Req("c1", ChannelType::kPublic));
  ASSERT_THAT(c, IsOk());
  auto d = engine().CreateChannel(Actor::Admin(), Req("c2", ChannelType::kPublic),
                                  Now() - 1000);
  ASSERT_THAT(d, IsOk());
  EXPECT_EQ(View(*d).created_at, Now());
}

// ---- TalkPlus reuse (spec §6.2, §13 #23) -----------------------------------

TEST_F(CreateTest, ReuseReturnsThePrivateChannelWithTheSameMembers) {
  UserId a = User("a");
  UserId b = User("b");
  auto c = Create(Req("dm", ChannelType::kPrivate, a, {b}));
  ASSERT_THAT(c, IsOk());
  const std::string before = engine().DebugString();
  sink().clear();
  CreateChannelRequest r = Req("dm", ChannelType::kPrivate, b, {a, a});
  r.reuse = true;
  r.name = "ignored";
  auto again = Create(r);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(*again, *c);
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(sink().events(), IsEmpty());
  // A user creator counts as the owner of the requested set.
  CreateChannelRequest u = Req("dm", ChannelType::kPrivate, UserId(), {a});
  u.reuse = true;
  auto by_user = Create(u, Actor::User(b));
  ASSERT_THAT(by_user, IsOk());
  EXPECT_EQ(*by_user, *c);
}

TEST_F(CreateTest, ReuseWithOtherMembersFails) {
  UserId a = User("a");
  UserId b = User("b");
  UserId d = User("d");
  ASSERT_THAT(Create(Req("dm", ChannelType::kPrivate, a, {b})), IsOk());
  CreateChannelRequest r = Req("dm", ChannelType::kPrivate, a, {b, d});
  r.reuse = true;
  ExpectRefused(r, ErrorCode::kReuseChannelMembersDoNotMatch);
  r.members = {};
  ExpectRefused(r, ErrorCode::kReuseChannelMembersDoNotMatch);
  // The owner is part of the set.
  r.owner = UserId();
  r.members = {b};
  ExpectRefused(r, ErrorCode::kReuseChannelMembersDoNotMatch);
}

TEST_F(CreateTest, ReuseAppliesToPrivateTypeOnly) {
  UserId a = User("a");
  ASSERT_THAT(Create(Req("pub", ChannelType::kPublic, a)), IsOk());
  ASSERT_THAT(Create(Req("priv", ChannelType::kPrivate, a)), IsOk());
  CreateChannelRequest r = Req("pub", ChannelType::kPublic, a);
  r.reuse = true;
  ExpectRefused(r, ErrorCode::kChannelIdAlreadyTaken);
  // Asking for another type under a private channel's id is no reuse.
  r.type = ChannelType::kPublic;
  r.channel_id = "priv";
  ExpectRefused(r, ErrorCode::kChannelIdAlreadyTaken);
  r = Req("priv", ChannelType::kPrivate, a);
  r.reuse = false;
  ExpectRefused(r, ErrorCode::kChannelIdAlreadyTaken);
}

TEST_F(CreateTest, ReuseWithoutAnExistingChannelCreates) {
  UserId a = User("a");
  CreateChannelRequest r = Req("dm", ChannelType::kPrivate, a);
  r.reuse = true;
  sink().clear();
  EXPECT_THAT(Create(r), IsOk());
  EXPECT_EQ(sink().Named("channelAdded").size(), 1u);
}

}  // namespace
}  // namespace banter::testing
