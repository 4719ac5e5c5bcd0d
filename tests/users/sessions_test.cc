// Logins, sessions and passwords (spec §6.13, §13 #20).
#include <string>

#include "banter/engine.h"
#include "engine/state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"

namespace banter {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using testing::StatusIs;

class SessionsTest : public testing::EngineTest {
 protected:
  // Creates `id` with `password`; returns its first login token.
  std::string CreateWithToken(const std::string& id,
                              const std::string& password = "pw") {
    CreateUserRequest r;
    r.user_id = id;
    r.password = password;
    auto created = engine().CreateUser(Actor::Admin(), r, Now());
    EXPECT_THAT(created, testing::IsOk());
    return created.ok() ? created->login_token : "";
  }
  absl::StatusOr<Session> TokenLogin(const std::string& id,
                                     const std::string& token) {
    LoginRequest r;
    r.user_id = id;
    r.login_token = token;
    return engine().LoginWithToken(r, Now());
  }
  absl::StatusOr<Session> Anonymous(const std::string& id) {
    LoginRequest r;
    r.user_id = id;
    return engine().LoginAnonymous(r, Now());
  }
  const internal::UserRecord& Record(UserId u) {
    return ::banter::internal::StateOf(engine()).users.Record(u);
  }
};

// ---- Passwords and login tokens ---------------------------------------------

TEST_F(SessionsTest, PasswordIsStoredOnlyAsBcryptHash) {
  UserId a = User("a", "correct horse");
  const std::string& hash = Record(a).password_hash;
  EXPECT_THAT(hash, MatchesRegex("\\$2b\\$04\\$.{53}"));
  EXPECT_THAT(hash, Not(HasSubstr("correct")));
  EXPECT_THAT(engine().DebugString(), Not(HasSubstr("correct horse")));
}

TEST_F(SessionsTest, UserWithoutPasswordHasNoHash) {
  UserId a = User("a");
  EXPECT_EQ(Record(a).password_hash, "");
}

TEST_F(SessionsTest, IssueLoginTokenChecksThePassword) {
  std::string first = CreateWithToken("a", "pw");
  UserId a = engine().FindUser("a");
  auto token = engine().IssueLoginToken(Actor::Admin(), a, "pw", Now());
  ASSERT_THAT(token, testing::IsOk());
  EXPECT_THAT(*token, MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(*token, first);
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().IssueLoginToken(Actor::Admin(), a, "PW", Now()),
              StatusIs(ErrorCode::kWrongPassword));
  EXPECT_THAT(engine().IssueLoginToken(Actor::Admin(), a, "", Now()),
              StatusIs(ErrorCode::kWrongPassword));
  EXPECT_EQ(engine().DebugString(), before);
}

TEST_F(SessionsTest, UserWithoutPasswordCannotGetLoginToken) {
  UserId a = User("a");
  EXPECT_THAT(engine().IssueLoginToken(Actor::Admin(), a, "", Now()),
              StatusIs(ErrorCode::kWrongPassword));
  EXPECT_THAT(engine().IssueLoginToken(Actor::Admin(), a, "x", Now()),
              StatusIs(ErrorCode::kWrongPassword));
}

TEST_F(SessionsTest, OnlyTheFirst72PasswordCharactersCount) {
  const std::string pw72(72, 'p');
  UserId a = User("a", pw72 + "X");
  BANTER_EXPECT_OK(engine().IssueLoginToken(Actor::Admin(), a, pw72, Now()));
  BANTER_EXPECT_OK(
      engine().IssueLoginToken(Actor::Admin(), a, pw72 + "YZ", Now()));
  EXPECT_THAT(engine().IssueLoginToken(Actor::Admin(), a,
                                       std::string(71, 'p') + "q", Now()),
              StatusIs(ErrorCode::kWrongPassword));
}

TEST_F(SessionsTest, IssueLoginTokenErrors) {
  UserId a = User("a", "pw");
  EXPECT_THAT(engine().IssueLoginToken(Actor::User(a), a, "pw", Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().IssueLoginToken(Actor::Admin(), UserId(9), "pw", Now()),
              StatusIs(ErrorCode::kUserNotFound));
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), a, false, Now()));
  EXPECT_THAT(engine().IssueLoginToken(Actor::Admin(), a, "pw", Now()),
              StatusIs(ErrorCode::kDeactivatedUser));
}

TEST_F(SessionsTest, LastIssuedTokenWinsByDefault) {
  std::string first = CreateWithToken("a");
  UserId a = engine().FindUser("a");
  std::string second =
      *engine().IssueLoginToken(Actor::Admin(), a, "pw", Now());
  EXPECT_THAT(TokenLogin("a", first), StatusIs(ErrorCode::kInvalidLoginToken));
  BANTER_EXPECT_OK(TokenLogin("a", second));
}

TEST_F(SessionsTest, WithoutLastWinsTokensAccumulateUpTo16) {
  EngineOptions o = testing::TestOptions();
  o.last_login_token_wins = false;
  Reset(o);
  std::string first = CreateWithToken("a");
  UserId a = engine().FindUser("a");
  std::string second =
      *engine().IssueLoginToken(Actor::Admin(), a, "pw", Now());
  BANTER_EXPECT_OK(TokenLogin("a", first));
  BANTER_EXPECT_OK(TokenLogin("a", second));
  for (int i = 0; i < 15; ++i) {
    BANTER_ASSERT_OK(engine().IssueLoginToken(Actor::Admin(), a, "pw", Now()));
  }
  EXPECT_EQ(Record(a).login_tokens.size(), 16u);
  EXPECT_THAT(TokenLogin("a", first), StatusIs(ErrorCode::kInvalidLoginToken));
  BANTER_EXPECT_OK(TokenLogin("a", second));
}

// ---- Token login ------------------------------------------------------------

TEST_F(SessionsTest, TokenLoginOpensASession) {
  std::string token = CreateWithToken("a");
  auto session = TokenLogin("a", token);
  ASSERT_THAT(session, testing::IsOk());
  EXPECT_EQ(session->user, engine().FindUser("a"));
  EXPECT_THAT(session->session_token, MatchesRegex("[0-9a-f]{48}"));
  EXPECT_THAT(session->session_id, MatchesRegex("[0-9a-f]{16}"));
  auto who = engine().Authenticate(session->session_token);
  ASSERT_THAT(who, testing::IsOk());
  EXPECT_EQ(*who, session->user);
}

TEST_F(SessionsTest, LoginTokenIsReusable) {
  std::string token = CreateWithToken("a");
  auto s1 = TokenLogin("a", token);
  auto s2 = TokenLogin("a", token);
  ASSERT_THAT(s1, testing::IsOk());
  ASSERT_THAT(s2, testing::IsOk());
  EXPECT_NE(s1->session_token, s2->session_token);
  BANTER_EXPECT_OK(engine().Authenticate(s1->session_token));
  BANTER_EXPECT_OK(engine().Authenticate(s2->session_token));
}

TEST_F(SessionsTest, TokenLoginAppliesTheProfile) {
  std::string token = CreateWithToken("a");
  Advance(500);
  LoginRequest r;
  r.user_id = "a";
  r.login_token = token;
  r.username = "Alice";
  r.data = Metadata{{"k", "v"}};
  BANTER_ASSERT_OK(engine().LoginWithToken(r, Now()));
  auto view = engine().GetUser(Actor::Admin(), engine().FindUser("a"));
  EXPECT_EQ(view->username, "Alice");
  EXPECT_EQ(view->data, (Metadata{{"k", "v"}}));
  EXPECT_EQ(view->updated_at, Now());
}

TEST_F(SessionsTest, TokenLoginErrorsChangeNothing) {
  std::string token = CreateWithToken("a");
  CreateWithToken("off");
  BANTER_ASSERT_OK(engine().SetUserActive(
      Actor::Admin(), engine().FindUser("off"), false, Now()));
  const std::string before = engine().DebugString();
  EXPECT_THAT(TokenLogin("", token), StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(TokenLogin("a", ""), StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(TokenLogin("nobody", token), StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(TokenLogin("off", token), StatusIs(ErrorCode::kDeactivatedUser));
  EXPECT_THAT(TokenLogin("a", std::string(32, '0')),
              StatusIs(ErrorCode::kInvalidLoginToken));
  LoginRequest r;
  r.user_id = "a";
  r.login_token = token;
  r.username = std::string(129, 'n');
  EXPECT_THAT(engine().LoginWithToken(r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  r.username.reset();
  r.data = Metadata{{"", "v"}};
  EXPECT_THAT(engine().LoginWithToken(r, Now()),
              StatusIs(ErrorCode::kInvalidMetaData));
  EXPECT_EQ(engine().DebugString(), before);
}

TEST_F(SessionsTest, LoginsFailWhileTheAppIsDeactivated) {
  std::string token = CreateWithToken("a");
  auto session = TokenLogin("a", token);
  engine().SetAppDeactivated(true);
  EXPECT_THAT(TokenLogin("a", token), StatusIs(ErrorCode::kDeactivatedApp));
  EXPECT_THAT(Anonymous("b"), StatusIs(ErrorCode::kDeactivatedApp));
  EXPECT_THAT(engine().Authenticate(session->session_token),
              StatusIs(ErrorCode::kDeactivatedApp));
  EXPECT_THAT(engine().Logout(session->session_token, Now()),
              StatusIs(ErrorCode::kDeactivatedApp));
}

// ---- Password change --------------------------------------------------------

TEST_F(SessionsTest, ChangePasswordInvalidatesLoginTokensButKeepsSessions) {
  std::string token = CreateWithToken("a", "old");
  UserId a = engine().FindUser("a");
  auto session = TokenLogin("a", token);
  ASSERT_THAT(session, testing::IsOk());
  BANTER_ASSERT_OK(engine().ChangePassword(Actor::User(a), a, "new", Now()));
  EXPECT_THAT(TokenLogin("a", token), StatusIs(ErrorCode::kInvalidLoginToken));
  BANTER_EXPECT_OK(engine().Authenticate(session->session_token));
  EXPECT_THAT(engine().IssueLoginToken(Actor::Admin(), a, "old", Now()),
              StatusIs(ErrorCode::kWrongPassword));
  BANTER_EXPECT_OK(engine().IssueLoginToken(Actor::Admin(), a, "new", Now()));
}

TEST_F(SessionsTest, ChangePasswordGivesPasswordlessUserALogin) {
  UserId a = User("a");
  BANTER_ASSERT_OK(engine().ChangePassword(Actor::Admin(), a, "pw", Now()));
  BANTER_EXPECT_OK(engine().IssueLoginToken(Actor::Admin(), a, "pw", Now()));
}

TEST_F(SessionsTest, ChangePasswordErrors) {
  UserId a = User("a", "pw");
  UserId b = User("b", "pw");
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().ChangePassword(Actor::User(b), a, "x", Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().ChangePassword(Actor::Admin(), UserId(9), "x", Now()),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(engine().ChangePassword(Actor::Admin(), a, "", Now()),
              StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(engine().ChangePassword(Actor::Admin(), a, "\xff", Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_EQ(engine().DebugString(), before);
}

// ---- Anonymous login --------------------------------------------------------

TEST_F(SessionsTest, AnonymousLoginCreatesTheUser) {
  auto session = Anonymous("guest");
  ASSERT_THAT(session, testing::IsOk());
  UserId g = engine().FindUser("guest");
  EXPECT_EQ(session->user, g);
  auto view = engine().GetUser(Actor::Admin(), g);
  EXPECT_EQ(view->username, "guest");  // defaults to the id
  EXPECT_EQ(view->created_at, Now());
  EXPECT_TRUE(Record(g).login_tokens.empty());
  EXPECT_EQ(Record(g).password_hash, "");
}

TEST_F(SessionsTest, AnonymousLoginUsesTheGivenProfile) {
  LoginRequest r;
  r.user_id = "guest";
  r.username = "Guest";
  r.profile_image_url = "img";
  r.data = Metadata{{"k", "v"}};
  BANTER_ASSERT_OK(engine().LoginAnonymous(r, Now()));
  auto view = engine().GetUser(Actor::Admin(), engine().FindUser("guest"));
  EXPECT_EQ(view->username, "Guest");
  EXPECT_EQ(view->profile_image_url, "img");
  EXPECT_EQ(view->data, (Metadata{{"k", "v"}}));
}

TEST_F(SessionsTest, Issue14AnonymousLoginRefusesAUserWithACredential) {
  // A password (and the login token every created user gets): anonymous
  // login must not open a session for it.
  UserId a = User("a", "pw");
  Advance(100);
  const std::string before = engine().DebugString();
  LoginRequest r;
  r.user_id = "a";
  r.username = "renamed";
  EXPECT_THAT(engine().LoginAnonymous(r, Now()),
              StatusIs(ErrorCode::kAnonymousLoginNotAllowed));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_NE(engine().GetUser(Actor::Admin(), a)->username, "renamed");
}

TEST_F(SessionsTest, AnonymousLoginLogsInAnAnonymousUserAgain) {
  BANTER_ASSERT_OK(Anonymous("g"));
  Advance(100);
  LoginRequest r;
  r.user_id = "g";
  r.username = "renamed";
  auto session = engine().LoginAnonymous(r, Now());
  ASSERT_THAT(session, testing::IsOk());
  EXPECT_EQ(session->user, engine().FindUser("g"));
  EXPECT_EQ(engine().GetUser(Actor::Admin(), session->user)->username,
            "renamed");
  EXPECT_EQ(engine().GetUser(Actor::Admin(), session->user)->updated_at, Now());
}

TEST_F(SessionsTest, AnonymousLoginCanBeTurnedOff) {
  EngineOptions o = testing::TestOptions();
  o.anonymous_login_allowed = false;
  Reset(o);
  EXPECT_THAT(Anonymous("g"), StatusIs(ErrorCode::kAnonymousLoginNotAllowed));
  engine().SetAnonymousLoginAllowed(true);
  BANTER_EXPECT_OK(Anonymous("g"));
  engine().SetAnonymousLoginAllowed(false);
  EXPECT_THAT(Anonymous("g"), StatusIs(ErrorCode::kAnonymousLoginNotAllowed));
}

TEST_F(SessionsTest, AnonymousLoginErrorsChangeNothing) {
  UserId a = User("a");
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), a, false, Now()));
  const std::string before = engine().DebugString();
  EXPECT_THAT(Anonymous(""), StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(Anonymous("bad id"), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Anonymous("a"), StatusIs(ErrorCode::kDeactivatedUser));
  LoginRequest r;
  r.user_id = "new";
  r.profile_image_url = std::string(2049, 'u');
  EXPECT_THAT(engine().LoginAnonymous(r, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  r.profile_image_url.reset();
  r.data = Metadata{{"1", ""}, {"2", ""}, {"3", ""},
                    {"4", ""}, {"5", ""}, {"6", ""}};
  EXPECT_THAT(engine().LoginAnonymous(r, Now()),
              StatusIs(ErrorCode::kInvalidMetaData));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_FALSE(engine().FindUser("new").valid());
}

// ---- Sessions ---------------------------------------------------------------

TEST_F(SessionsTest, LogoutEndsOnlyThatSession) {
  auto s1 = Anonymous("a");
  auto s2 = Anonymous("a");
  BANTER_ASSERT_OK(engine().Logout(s1->session_token, Now()));
  EXPECT_THAT(engine().Authenticate(s1->session_token),
              StatusIs(ErrorCode::kSessionNotFound));
  BANTER_EXPECT_OK(engine().Authenticate(s2->session_token));
  EXPECT_THAT(engine().Logout(s1->session_token, Now()),
              StatusIs(ErrorCode::kSessionNotFound));
}

TEST_F(SessionsTest, MalformedSessionTokensAreInvalid) {
  auto session = Anonymous("a");
  std::string upper = session->session_token;
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  for (const std::string& bad :
       {std::string(), std::string(47, 'a'), std::string(49, 'a'),
        std::string(48, 'g'), upper}) {
    if (bad == session->session_token) continue;  // all digits: unlikely
    EXPECT_THAT(engine().Authenticate(bad),
                StatusIs(ErrorCode::kSessionTokenInvalid))
        << bad;
    EXPECT_THAT(engine().Logout(bad, Now()),
                StatusIs(ErrorCode::kSessionTokenInvalid))
        << bad;
  }
  EXPECT_THAT(engine().Authenticate(std::string(48, '0')),
              StatusIs(ErrorCode::kSessionNotFound));
}

TEST_F(SessionsTest, Issue12DeactivatedUsersSessionsAnswerDeactivatedUser) {
  std::string token = CreateWithToken("a");
  UserId a = engine().FindUser("a");
  auto session = TokenLogin("a", token);
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), a, false, Now()));
  // Spec: a deactivated user gets 3010 on any call, through an open session
  // too (not 3001 SessionNotFound).
  EXPECT_THAT(engine().Authenticate(session->session_token),
              StatusIs(ErrorCode::kDeactivatedUser));
  EXPECT_THAT(Anonymous("a"), StatusIs(ErrorCode::kDeactivatedUser));
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), a, true, Now()));
  // Reactivation lets the kept session work again (docs/decisions.md).
  auto back = engine().Authenticate(session->session_token);
  ASSERT_THAT(back, testing::IsOk());
  EXPECT_EQ(*back, a);
  // The login token outlives the deactivation.
  BANTER_EXPECT_OK(TokenLogin("a", token));
}

TEST_F(SessionsTest, DeletionEndsSessions) {
  auto session = Anonymous("a");
  BANTER_ASSERT_OK(
      engine().DeleteUser(Actor::Admin(), engine().FindUser("a"), Now()));
  EXPECT_THAT(engine().Authenticate(session->session_token),
              StatusIs(ErrorCode::kSessionNotFound));
  EXPECT_TRUE(::banter::internal::StateOf(engine()).users.sessions().empty());
}

TEST_F(SessionsTest, SessionsAreDeterministic) {
  auto run = [] {
    Engine e(testing::TestOptions());
    LoginRequest r;
    r.user_id = "a";
    auto s = e.LoginAnonymous(r, 1);
    return s->session_token + s->session_id;
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace banter
