// The user registry: create, update, activation, deletion, push settings,
// lookups and lists (spec §2.2, §4, §6.11, §6.13, §13 #21).
#include <string>
#include <vector>

#include "banter/engine.h"
#include "engine/state.h"
#include "engine/users/users.h"
#include "engine/users/users_key.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"

namespace banter {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::MatchesRegex;
using testing::StatusIs;

class UsersTest : public testing::EngineTest {
 protected:
  absl::StatusOr<CreatedUser> Create(CreateUserRequest r,
                                     Actor actor = Actor::Admin()) {
    return engine().CreateUser(actor, r, Now());
  }
  static CreateUserRequest Req(std::string id) {
    CreateUserRequest r;
    r.user_id = std::move(id);
    return r;
  }
  // Expects `status` to fail with `code` and the state to be unchanged.
  template <typename S>
  void ExpectFailsUnchanged(const std::string& before, const S& status,
                            ErrorCode code) {
    EXPECT_THAT(status, StatusIs(code));
    EXPECT_EQ(engine().DebugString(), before);
  }
  std::vector<std::string> Ids(const Page<UserView>& page) {
    std::vector<std::string> out;
    for (const UserView& v : page.items) out.push_back(v.id);
    return out;
  }
};

// ---- Create -----------------------------------------------------------------

TEST_F(UsersTest, CreateUserStoresProfileAndIssuesLoginToken) {
  CreateUserRequest r = Req("alice");
  r.username = "Alice";
  r.profile_image_url = "https://img/a.png";
  r.data = {{"team", "red"}};
  auto created = Create(r);
  ASSERT_THAT(created, testing::IsOk());
  EXPECT_TRUE(created->user.valid());
  EXPECT_THAT(created->login_token, MatchesRegex("[0-9a-f]{32}"));
  EXPECT_EQ(engine().FindUser("alice"), created->user);
  EXPECT_EQ(engine().UserName(created->user), "alice");

  auto view = engine().GetUser(Actor::Admin(), created->user);
  ASSERT_THAT(view, testing::IsOk());
  UserView want;
  want.id = "alice";
  want.username = "Alice";
  want.profile_image_url = "https://img/a.png";
  want.data = {{"team", "red"}};
  want.created_at = Now();
  want.updated_at = Now();
  EXPECT_EQ(*view, want);
}

TEST_F(UsersTest, HandlesFollowCreationOrder) {
  UserId a = User("a");
  UserId b = User("b");
  EXPECT_EQ(a.value() + 1, b.value());
}

TEST_F(UsersTest, CreateUserIsAdminOnly) {
  UserId a = User("a");
  BotId bot = Bot("bot");
  const std::string before = engine().DebugString();
  ExpectFailsUnchanged(before, Create(Req("b"), Actor::User(a)),
                       ErrorCode::kUnauthorized);
  ExpectFailsUnchanged(before, Create(Req("b"), Actor::Bot(bot)),
                       ErrorCode::kUnauthorized);
}

TEST_F(UsersTest, CreateUserWithoutIdIsInvalidParams) {
  EXPECT_THAT(Create(Req("")), StatusIs(ErrorCode::kInvalidParams));
}

TEST_F(UsersTest, CreateUserIdMustBeUriSafeAndAtMost68) {
  EXPECT_THAT(Create(Req("a b")), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Create(Req("a/b")), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Create(Req("caf\xc3\xa9")),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Create(Req(std::string(69, 'x'))),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Create(Req(std::string(68, 'x'))), testing::IsOk());
  EXPECT_THAT(Create(Req("a-b.c_d~e@f:g")), testing::IsOk());
}

TEST_F(UsersTest, UsernameLimitIs128Characters) {
  CreateUserRequest r = Req("a");
  r.username = std::string(129, 'n');
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  // Characters, not bytes: 128 two-byte characters fit.
  std::string wide;
  for (int i = 0; i < 128; ++i) wide += "\xc3\xa9";
  r.username = wide;
  EXPECT_THAT(Create(r), testing::IsOk());
}

TEST_F(UsersTest, GitpleDialectAllows150CharacterNames) {
  CreateUserRequest r = Req("a");
  r.username = std::string(150, 'n');
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  r.dialect = Dialect::kGitpleLive;
  EXPECT_THAT(Create(r), testing::IsOk());
  r.user_id = "b";
  r.username = std::string(151, 'n');
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
}

TEST_F(UsersTest, ProfileImageUrlLimitIs2048Characters) {
  CreateUserRequest r = Req("a");
  r.profile_image_url = std::string(2049, 'u');
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  r.profile_image_url = std::string(2048, 'u');
  EXPECT_THAT(Create(r), testing::IsOk());
}

TEST_F(UsersTest, StringsMustBeValidUtf8) {
  CreateUserRequest r = Req("a");
  r.username = "bad\xff";
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  r = Req("a");
  r.profile_image_url = "\xc3";
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  r = Req("a");
  r.password = "pw\xed\xa0\x80";  // a surrogate
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  r = Req("a");
  r.password = std::string("pw\0x", 4);  // would truncate in crypt()
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  r = Req("a");
  r.data = {{"k", "\xff"}};
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kInvalidMetaData));
}

TEST_F(UsersTest, DataFollowsTalkPlusLimits) {
  CreateUserRequest r = Req("a");
  r.data = {{"1", ""}, {"2", ""}, {"3", ""}, {"4", ""}, {"5", ""}, {"6", ""}};
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kInvalidMetaData));
  r.data = {{std::string(129, 'k'), "v"}};
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kInvalidMetaData));
  r.data = {{"k", std::string(1025, 'v')}};
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kInvalidMetaData));
  r.data = {{"", "v"}};
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kInvalidMetaData));
  r.data = {{std::string(128, 'k'), std::string(1024, 'v')},
            {"2", ""},
            {"3", ""},
            {"4", ""},
            {"5", ""}};
  EXPECT_THAT(Create(r), testing::IsOk());
}

TEST_F(UsersTest, GitpleDialectDataFollowsMetaRules) {
  CreateUserRequest r = Req("a");
  r.dialect = Dialect::kGitpleLive;
  r.data = {{"key1", "v"}};  // digits are not allowed in meta keys
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kInvalidMetaData));
  r.data = {{"key", std::string(201, 'v')}};
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kInvalidMetaData));
  r.data.clear();
  for (char c = 'a'; c < 'a' + 10; ++c) r.data[std::string(1, c)] = "v";
  EXPECT_THAT(Create(r), testing::IsOk());  // 10 pairs: TalkPlus allows 5
}

TEST_F(UsersTest, DuplicateIdIsTaken) {
  User("a");
  const std::string before = engine().DebugString();
  ExpectFailsUnchanged(before, Create(Req("a")), ErrorCode::kUserIdTaken);
}

TEST_F(UsersTest, FailedCreateLeavesTimeUnchanged) {
  User("a");
  const Millis before = engine().now();
  EXPECT_THAT(engine().CreateUser(Actor::Admin(), Req("a"), Now() + 5000),
              StatusIs(ErrorCode::kUserIdTaken));
  EXPECT_EQ(engine().now(), before);
}

TEST_F(UsersTest, DeactivatedAppRefusesUserCalls) {
  UserId a = User("a");
  engine().SetAppDeactivated(true);
  EXPECT_THAT(Create(Req("b")), StatusIs(ErrorCode::kDeactivatedApp));
  EXPECT_THAT(engine().GetUser(Actor::Admin(), a),
              StatusIs(ErrorCode::kDeactivatedApp));
  EXPECT_THAT(engine().ListUsers(Actor::Admin(), UserId(), 0),
              StatusIs(ErrorCode::kDeactivatedApp));
  engine().SetAppDeactivated(false);
  EXPECT_THAT(Create(Req("b")), testing::IsOk());
}

TEST_F(UsersTest, ActorChecksComeFirst) {
  UserId a = User("a");
  UserId gone = User("gone");
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), gone, Now()));
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), a, false, Now()));
  EXPECT_THAT(engine().GetUser(Actor::User(gone), a),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(engine().GetUser(Actor::User(UserId(99)), a),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(engine().GetUser(Actor::User(a), a),
              StatusIs(ErrorCode::kDeactivatedUser));
  EXPECT_THAT(engine().GetUser(Actor::Bot(BotId(9)), a),
              StatusIs(ErrorCode::kBotNotFound));
}

// ---- Lookups ----------------------------------------------------------------

TEST_F(UsersTest, FindAndNameOfUnknownUsers) {
  EXPECT_FALSE(engine().FindUser("nobody").valid());
  EXPECT_EQ(engine().UserName(UserId(42)), "");
  EXPECT_EQ(engine().UserName(UserId()), "");
}

TEST_F(UsersTest, AnyUserMayReadAnyUser) {
  UserId a = User("a");
  UserId b = User("b");
  auto view = engine().GetUser(Actor::User(a), b);
  ASSERT_THAT(view, testing::IsOk());
  EXPECT_EQ(view->id, "b");
}

TEST_F(UsersTest, BotsCannotReadUsers) {
  UserId a = User("a");
  BotId bot = Bot("bot");
  EXPECT_THAT(engine().GetUser(Actor::Bot(bot), a),
              StatusIs(ErrorCode::kUnauthorized));
}

TEST_F(UsersTest, GetUnknownUserIsNotFound) {
  EXPECT_THAT(engine().GetUser(Actor::Admin(), UserId(7)),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(engine().GetUser(Actor::Admin(), UserId()),
              StatusIs(ErrorCode::kUserNotFound));
}

// ---- Update -----------------------------------------------------------------

TEST_F(UsersTest, UpdateChangesOnlySetFields) {
  CreateUserRequest r = Req("a");
  r.username = "A";
  r.profile_image_url = "img";
  r.data = {{"x", "1"}, {"y", "2"}};
  UserId a = Create(r)->user;
  const Millis created = Now();
  Advance(1000);
  UpdateUserRequest u;
  u.user = a;
  u.username = "Alpha";
  u.data = Metadata{{"z", "3"}};  // replaces the whole map
  BANTER_ASSERT_OK(engine().UpdateUser(Actor::Admin(), u, Now()));
  auto view = engine().GetUser(Actor::Admin(), a);
  EXPECT_EQ(view->username, "Alpha");
  EXPECT_EQ(view->profile_image_url, "img");
  EXPECT_EQ(view->data, (Metadata{{"z", "3"}}));
  EXPECT_EQ(view->created_at, created);
  EXPECT_EQ(view->updated_at, Now());
}

TEST_F(UsersTest, UpdateSettingNothingKeepsUpdatedAt) {
  UserId a = User("a");
  const Millis created = Now();
  Advance(1000);
  UpdateUserRequest u;
  u.user = a;
  BANTER_ASSERT_OK(engine().UpdateUser(Actor::User(a), u, Now()));
  EXPECT_EQ(engine().GetUser(Actor::Admin(), a)->updated_at, created);
  EXPECT_THAT(sink().Named("userUpdated"), IsEmpty());
}

TEST_F(UsersTest, UpdateEmitsUserUpdatedToTheUser) {
  UserId a = User("a");
  sink().clear();
  UpdateUserRequest u;
  u.user = a;
  u.profile_image_url = "new";
  BANTER_ASSERT_OK(engine().UpdateUser(Actor::User(a), u, Now()));
  auto events = sink().Named("userUpdated");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].users, ElementsAre("a"));
  EXPECT_THAT(events[0].recipients, ElementsAre("a"));
  EXPECT_EQ(events[0].at, Now());
}

TEST_F(UsersTest, UpdateIsSelfOrAdmin) {
  UserId a = User("a");
  UserId b = User("b");
  BotId bot = Bot("bot");
  UpdateUserRequest u;
  u.user = b;
  u.username = "x";
  const std::string before = engine().DebugString();
  ExpectFailsUnchanged(before, engine().UpdateUser(Actor::User(a), u, Now()),
                       ErrorCode::kUnauthorized);
  ExpectFailsUnchanged(before, engine().UpdateUser(Actor::Bot(bot), u, Now()),
                       ErrorCode::kUnauthorized);
  BANTER_EXPECT_OK(engine().UpdateUser(Actor::User(b), u, Now()));
}

TEST_F(UsersTest, UpdateValidatesEveryField) {
  UserId a = User("a");
  const std::string before = engine().DebugString();
  UpdateUserRequest u;
  u.user = UserId(77);
  ExpectFailsUnchanged(before, engine().UpdateUser(Actor::Admin(), u, Now()),
                       ErrorCode::kUserNotFound);
  u.user = a;
  u.username = "ok";
  u.profile_image_url = std::string(2049, 'u');
  ExpectFailsUnchanged(before, engine().UpdateUser(Actor::Admin(), u, Now()),
                       ErrorCode::kParamsBindingError);
  u.profile_image_url.reset();
  u.username = std::string(129, 'n');
  ExpectFailsUnchanged(before, engine().UpdateUser(Actor::Admin(), u, Now()),
                       ErrorCode::kParamsBindingError);
  u.username = "ok";
  u.data = Metadata{{"a", ""}, {"b", ""}, {"c", ""},
                    {"d", ""}, {"e", ""}, {"f", ""}};
  ExpectFailsUnchanged(before, engine().UpdateUser(Actor::Admin(), u, Now()),
                       ErrorCode::kInvalidMetaData);
  u.dialect = Dialect::kGitpleLive;  // 6 pairs are fine as GitpleLive meta
  BANTER_EXPECT_OK(engine().UpdateUser(Actor::Admin(), u, Now()));
}

// ---- Activation -------------------------------------------------------------

TEST_F(UsersTest, DeactivationIsAdminOnlyAndShowsInTheView) {
  UserId a = User("a");
  UserId b = User("b");
  const std::string before = engine().DebugString();
  ExpectFailsUnchanged(before,
                       engine().SetUserActive(Actor::User(a), b, false, Now()),
                       ErrorCode::kUnauthorized);
  ExpectFailsUnchanged(before,
                       engine().SetUserActive(Actor::User(a), a, false, Now()),
                       ErrorCode::kUnauthorized);
  ExpectFailsUnchanged(
      before, engine().SetUserActive(Actor::Admin(), UserId(9), false, Now()),
      ErrorCode::kUserNotFound);
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), b, false, Now()));
  EXPECT_FALSE(engine().GetUser(Actor::Admin(), b)->active);
  EXPECT_THAT(engine().GetUser(Actor::User(b), a),
              StatusIs(ErrorCode::kDeactivatedUser));
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), b, true, Now()));
  EXPECT_TRUE(engine().GetUser(Actor::Admin(), b)->active);
  BANTER_EXPECT_OK(engine().GetUser(Actor::User(b), a));
}

TEST_F(UsersTest, DeactivationKeepsMemberships) {
  UserId a = User("a");
  UserId b = User("b");
  ChannelId c = Channel("c", ChannelType::kPrivate, a, {b});
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), b, false, Now()));
  EXPECT_TRUE(engine().IsMember(c, b));
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), b, true, Now()));
  EXPECT_TRUE(engine().IsMember(c, b));
}

// ---- Deletion ---------------------------------------------------------------

TEST_F(UsersTest, DeletedIdCanBeCreatedAgainWithANewHandle) {
  UserId old = User("a");
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), old, Now()));
  EXPECT_FALSE(engine().FindUser("a").valid());
  EXPECT_EQ(engine().UserName(old), "a");  // kept for history
  UserId fresh = User("a");
  EXPECT_NE(fresh, old);
  EXPECT_EQ(engine().FindUser("a"), fresh);
  EXPECT_THAT(engine().GetUser(Actor::Admin(), old),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(engine().DeleteUser(Actor::Admin(), old, Now()),
              StatusIs(ErrorCode::kUserNotFound));
  BANTER_EXPECT_OK(engine().GetUser(Actor::Admin(), fresh));
}

TEST_F(UsersTest, DeletedUserKeepsItsLastProfileForRendering) {
  CreateUserRequest r = Req("a");
  r.username = "Alice";
  UserId a = Create(r)->user;
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), a, Now()));
  UserView v = internal::RenderUser(::banter::internal::StateOf(engine()), a);
  EXPECT_EQ(v.id, "a");
  EXPECT_EQ(v.username, "Alice");
}

TEST_F(UsersTest, DeleteIsSelfOrAdmin) {
  UserId a = User("a");
  UserId b = User("b");
  const std::string before = engine().DebugString();
  ExpectFailsUnchanged(before, engine().DeleteUser(Actor::User(a), b, Now()),
                       ErrorCode::kUnauthorized);
  ExpectFailsUnchanged(before,
                       engine().DeleteUser(Actor::Admin(), UserId(50), Now()),
                       ErrorCode::kUserNotFound);
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::User(b), b, Now()));
  EXPECT_FALSE(engine().FindUser("b").valid());
  // The deleted user can no longer act.
  EXPECT_THAT(engine().GetUser(Actor::User(b), a),
              StatusIs(ErrorCode::kUserNotFound));
}

TEST_F(UsersTest, DeleteEmitsUserDeletedToTheUserFirst) {
  UserId a = User("a");
  UserId b = User("b");
  Channel("c", ChannelType::kPublic, a, {b});
  sink().clear();
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b, Now()));
  ASSERT_FALSE(sink().events().empty());
  EXPECT_EQ(sink().events()[0].name, "userDeleted");
  EXPECT_THAT(sink().events()[0].users, ElementsAre("b"));
  EXPECT_THAT(sink().events()[0].recipients, ElementsAre("b"));
}

TEST_F(UsersTest, DeleteLeavesEveryChannelWithMemberLeft) {
  UserId a = User("a");
  UserId b = User("b");
  UserId c = User("c");
  ChannelId c1 = Channel("c1", ChannelType::kPublic, a, {b, c});
  ChannelId c2 = Channel("c2", ChannelType::kPrivate, a, {b});
  sink().clear();
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b, Now()));
  EXPECT_FALSE(engine().IsMember(c1, b));
  EXPECT_FALSE(engine().IsMember(c2, b));
  EXPECT_EQ(engine().GetChannel(Actor::Admin(), c1, UserId())->member_count, 2);
  EXPECT_EQ(engine().GetChannel(Actor::Admin(), c2, UserId())->member_count, 1);
  auto left = sink().Named("memberLeft");
  ASSERT_EQ(left.size(), 2u);
  // Channel handle order.
  EXPECT_EQ(left[0].channel, "c1");
  EXPECT_THAT(left[0].users, ElementsAre("b"));
  EXPECT_THAT(left[0].recipients, ElementsAre("a", "c"));
  EXPECT_EQ(left[1].channel, "c2");
  EXPECT_THAT(left[1].recipients, ElementsAre("a"));
}

TEST_F(UsersTest, DeletingTheOwnerPassesOwnershipToEarliestJoined) {
  UserId a = User("a");
  UserId b = User("b");
  UserId c = User("c");
  ChannelId ch = Channel("ch", ChannelType::kPublic, a, {b});
  Advance(10);
  BANTER_ASSERT_OK(engine().Join(Actor::User(c), {ch, c, {}}, Now()));
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), a, Now()));
  EXPECT_EQ(engine().GetChannel(Actor::Admin(), ch, UserId())->owner_id, "b");
}

TEST_F(UsersTest, DeletingTheLastMemberDeletesTheChannel) {
  UserId a = User("a");
  ChannelId ch = Channel("solo", ChannelType::kPublic, a);
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), a, Now()));
  EXPECT_FALSE(engine().FindChannel("solo").valid());
  EXPECT_THAT(engine().GetChannel(Actor::Admin(), ch, UserId()),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(UsersTest, DeleteDropsCredentialsAndDevices) {
  UserId a = User("a", "pw");
  BANTER_ASSERT_OK(engine().RegisterPushToken(
      Actor::Admin(), a, PushTokenKind::kFcm, "dev", "tok", Now()));
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), a, Now()));
  const internal::UserRecord& r = ::banter::internal::StateOf(engine()).users.Record(a);
  EXPECT_FALSE(r.live);
  EXPECT_TRUE(r.login_tokens.empty());
  EXPECT_TRUE(r.password_hash.empty());
  EXPECT_TRUE(r.fcm_tokens.empty());
}

// ---- Push -------------------------------------------------------------------

TEST_F(UsersTest, SetUserPushFlipsTheSwitch) {
  UserId a = User("a");
  BANTER_ASSERT_OK(engine().SetUserPush(Actor::User(a), a, false, Now()));
  EXPECT_TRUE(engine().GetUser(Actor::Admin(), a)->push_disabled);
  BANTER_ASSERT_OK(engine().SetUserPush(Actor::Admin(), a, true, Now()));
  EXPECT_FALSE(engine().GetUser(Actor::Admin(), a)->push_disabled);
}

TEST_F(UsersTest, SetUserPushIsSelfOrAdmin) {
  UserId a = User("a");
  UserId b = User("b");
  const std::string before = engine().DebugString();
  ExpectFailsUnchanged(before,
                       engine().SetUserPush(Actor::User(a), b, false, Now()),
                       ErrorCode::kUnauthorized);
  ExpectFailsUnchanged(
      before, engine().SetUserPush(Actor::Admin(), UserId(9), false, Now()),
      ErrorCode::kUserNotFound);
}

TEST_F(UsersTest, FcmTokensArePerDeviceAndReplaced) {
  UserId a = User("a");
  BANTER_ASSERT_OK(engine().RegisterPushToken(
      Actor::User(a), a, PushTokenKind::kFcm, "d1", "t1", Now()));
  BANTER_ASSERT_OK(engine().RegisterPushToken(
      Actor::Admin(), a, PushTokenKind::kFcm, "d2", "t2", Now()));
  BANTER_ASSERT_OK(engine().RegisterPushToken(
      Actor::Admin(), a, PushTokenKind::kFcm, "d1", "t3", Now()));
  const internal::UserRecord& r = ::banter::internal::StateOf(engine()).users.Record(a);
  EXPECT_THAT(r.fcm_tokens, ::testing::ElementsAre(::testing::Pair("d1", "t3"), ::testing::Pair("d2", "t2")));
}

TEST_F(UsersTest, PushKitKeepsOneTokenPerUser) {
  UserId a = User("a");
  BANTER_ASSERT_OK(engine().RegisterPushToken(
      Actor::User(a), a, PushTokenKind::kPushKit, "", "v1", Now()));
  BANTER_ASSERT_OK(engine().RegisterPushToken(
      Actor::User(a), a, PushTokenKind::kPushKit, "other", "v2", Now()));
  const internal::UserRecord& r = ::banter::internal::StateOf(engine()).users.Record(a);
  EXPECT_EQ(r.pushkit_token, "v2");
  EXPECT_TRUE(r.fcm_tokens.empty());
}

TEST_F(UsersTest, RegisterPushTokenValidates) {
  UserId a = User("a");
  UserId b = User("b");
  const std::string before = engine().DebugString();
  ExpectFailsUnchanged(
      before,
      engine().RegisterPushToken(Actor::Admin(), a, PushTokenKind::kFcm, "",
                                 "t", Now()),
      ErrorCode::kInvalidParams);
  ExpectFailsUnchanged(
      before,
      engine().RegisterPushToken(Actor::Admin(), a, PushTokenKind::kFcm, "d",
                                 "", Now()),
      ErrorCode::kInvalidParams);
  ExpectFailsUnchanged(
      before,
      engine().RegisterPushToken(Actor::Admin(), a, PushTokenKind::kPushKit, "",
                                 "", Now()),
      ErrorCode::kInvalidParams);
  ExpectFailsUnchanged(
      before,
      engine().RegisterPushToken(Actor::Admin(), a, PushTokenKind::kFcm, "d",
                                 "\xff", Now()),
      ErrorCode::kParamsBindingError);
  ExpectFailsUnchanged(
      before,
      engine().RegisterPushToken(Actor::User(b), a, PushTokenKind::kFcm, "d",
                                 "t", Now()),
      ErrorCode::kUnauthorized);
  ExpectFailsUnchanged(
      before,
      engine().RegisterPushToken(Actor::Admin(), UserId(9), PushTokenKind::kFcm,
                                 "d", "t", Now()),
      ErrorCode::kUserNotFound);
}

// ---- List -------------------------------------------------------------------

TEST_F(UsersTest, ListUsersIsAdminOnly) {
  UserId a = User("a");
  EXPECT_THAT(engine().ListUsers(Actor::User(a), UserId(), 10),
              StatusIs(ErrorCode::kUnauthorized));
}

TEST_F(UsersTest, ListUsersPagesInCreationOrderSkippingDeleted) {
  User("c");
  UserId b = User("b");
  User("a");
  UserId d = User("d");
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b, Now()));
  auto page = engine().ListUsers(Actor::Admin(), UserId(), 2);
  ASSERT_THAT(page, testing::IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre("c", "a"));
  EXPECT_TRUE(page->has_next);
  page = engine().ListUsers(Actor::Admin(), engine().FindUser("a"), 2);
  EXPECT_THAT(Ids(*page), ElementsAre("d"));
  EXPECT_FALSE(page->has_next);
  page = engine().ListUsers(Actor::Admin(), d, 2);
  EXPECT_THAT(Ids(*page), IsEmpty());
  EXPECT_FALSE(page->has_next);
}

TEST_F(UsersTest, ListUsersLimitDefaults20AndCaps100) {
  for (int i = 0; i < 105; ++i) User("u" + std::to_string(i));
  EXPECT_EQ(engine().ListUsers(Actor::Admin(), UserId(), 0)->items.size(), 20u);
  EXPECT_EQ(engine().ListUsers(Actor::Admin(), UserId(), -3)->items.size(),
            20u);
  auto page = engine().ListUsers(Actor::Admin(), UserId(), 1000);
  EXPECT_EQ(page->items.size(), 100u);
  EXPECT_TRUE(page->has_next);
}

// ---- Determinism and dumps --------------------------------------------------

TEST_F(UsersTest, SameSeedAndCallsGiveSameTokensAndDumps) {
  auto run = [](EngineOptions o) {
    Engine e(o);
    CreateUserRequest r;
    r.user_id = "a";
    r.password = "secret";
    std::string tokens = e.CreateUser(Actor::Admin(), r, 10)->login_token;
    tokens += *e.IssueLoginToken(Actor::Admin(), UserId(1), "secret", 20);
    LoginRequest l;
    l.user_id = "b";
    tokens += e.LoginAnonymous(l, 30)->session_token;
    return tokens + "\n" + e.DebugString();
  };
  EngineOptions o = testing::TestOptions();
  const std::string first = run(o);
  EXPECT_EQ(first, run(o));
  o.token_secret = "another-secret";
  EXPECT_NE(first, run(o));
}

TEST_F(UsersTest, DumpShowsEveryStoredField) {
  CreateUserRequest r = Req("a");
  r.username = "A b";
  r.data = {{"k", "v"}};
  UserId a = Create(r)->user;
  UserId b = User("b");
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), a, b, Now()));
  BANTER_ASSERT_OK(engine().SetUserPush(Actor::Admin(), a, false, Now()));
  BANTER_ASSERT_OK(engine().RegisterPushToken(
      Actor::Admin(), a, PushTokenKind::kFcm, "dev", "tok", Now()));
  const std::string dump = engine().DebugString();
  EXPECT_THAT(dump, ::testing::HasSubstr(
                        "user 1 id=a live=1 active=1 push_off=1 "
                        "username=\"A b\" image=\"\" data={\"k\":\"v\"}"));
  EXPECT_THAT(dump, ::testing::HasSubstr("blocked=[2] blocked_by=[]"));
  EXPECT_THAT(dump, ::testing::HasSubstr("fcm={\"dev\":\"tok\"}"));
  EXPECT_THAT(dump, ::testing::HasSubstr("user 2 id=b"));
}

}  // namespace
}  // namespace banter

namespace banter {
namespace {

// The actor check reads a dense mirror of each user's live and active flags
// (State::user_access); a mirror that disagrees with the records is a
// broken invariant (U9), and the flags it mirrors take effect at once.
TEST(UserAccessMirrorTest, FollowsDeactivationAndDeletionAndIsChecked) {
  EngineOptions o = testing::TestOptions();
  o.check_invariants = false;
  Engine engine(o);
  CreateUserRequest r;
  r.user_id = "a";
  absl::StatusOr<CreatedUser> a = engine.CreateUser(Actor::Admin(), r, 1);
  ASSERT_TRUE(a.ok());
  const UserId u = a->user;
  ASSERT_TRUE(engine.SetUserActive(Actor::Admin(), u, false, 2).ok());
  EXPECT_THAT(engine.GetUser(Actor::User(u), u),
              testing::StatusIs(ErrorCode::kDeactivatedUser));
  ASSERT_TRUE(engine.SetUserActive(Actor::Admin(), u, true, 3).ok());
  EXPECT_TRUE(engine.GetUser(Actor::User(u), u).ok());
  ASSERT_TRUE(engine.CheckInvariants().ok());

  // A record changed without its access byte (the users area always syncs
  // the two) is caught.
  internal::UserRecord& rec =
      internal::StateOf(engine).users.Mutable(u, internal::kUsersKey);
  rec.active = false;
  const absl::Status broken = engine.CheckInvariants();
  EXPECT_FALSE(broken.ok());
  EXPECT_NE(std::string(broken.message()).find("U9"), std::string::npos)
      << broken;
  rec.active = true;

  ASSERT_TRUE(engine.DeleteUser(Actor::Admin(), u, 4).ok());
  EXPECT_THAT(engine.GetUser(Actor::User(u), u),
              testing::StatusIs(ErrorCode::kUserNotFound));
  EXPECT_TRUE(engine.CheckInvariants().ok());
}

}  // namespace
}  // namespace banter
