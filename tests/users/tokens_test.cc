// Credentials: how login tokens, session tokens, session ids and password
// salts are made (HMAC-SHA256 keyed by EngineOptions::token_secret over
// seed || purpose || counter, engine/users/user_ops.cc), and what logout,
// password change, deactivation and deletion invalidate.
#include <set>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "engine/state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "sodium/crypto_auth_hmacsha256.h"
#include "tests/testing/engine_fixture.h"

namespace banter {
namespace {

using ::testing::MatchesRegex;
using testing::StatusIs;

// The construction, written out independently of the engine's code: the
// first `digits` hex digits of HMAC-SHA256(secret, seed LE64 || purpose ||
// counter LE64).
std::string ExpectedSecret(const std::string& secret, uint64_t seed,
                           char purpose, uint64_t counter, int digits) {
  unsigned char msg[17];
  for (int i = 0; i < 8; ++i) {
    msg[i] = static_cast<unsigned char>(seed >> (8 * i));
    msg[9 + i] = static_cast<unsigned char>(counter >> (8 * i));
  }
  msg[8] = static_cast<unsigned char>(purpose);
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(
      &st, reinterpret_cast<const unsigned char*>(secret.data()),
      secret.size());
  crypto_auth_hmacsha256_update(&st, msg, sizeof msg);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, mac);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < digits; ++i) {
    out.push_back(kHex[i % 2 == 0 ? mac[i / 2] >> 4 : mac[i / 2] & 15]);
  }
  return out;
}

class TokensTest : public testing::EngineTest {
 protected:
  CreatedUser Create(Engine& e, const std::string& id,
                     const std::string& password = "pw") {
    CreateUserRequest r;
    r.user_id = id;
    r.password = password;
    auto created = e.CreateUser(Actor::Admin(), r, Now());
    EXPECT_THAT(created, testing::IsOk());
    return created.ok() ? *created : CreatedUser{};
  }
  absl::StatusOr<Session> TokenLogin(const std::string& id,
                                     const std::string& token) {
    LoginRequest r;
    r.user_id = id;
    r.login_token = token;
    return engine().LoginWithToken(r, Now());
  }
  // Every secret a fresh engine with `o` hands out for one user and one
  // session: login token, session token, session id, password hash.
  std::vector<std::string> Secrets(EngineOptions o) {
    Engine e(o);
    CreatedUser u = Create(e, "a");
    LoginRequest r;
    r.user_id = "a";
    r.login_token = u.login_token;
    auto s = e.LoginWithToken(r, Now());
    EXPECT_THAT(s, testing::IsOk());
    return {u.login_token, s->session_token, s->session_id,
            ::banter::internal::StateOf(e).users.Record(u.user).password_hash};
  }
};

TEST_F(TokensTest, TokensAreHmacSha256OfSeedPurposeAndCounter) {
  const EngineOptions o = testing::TestOptions();
  // CreateUser draws the salt (counter 1), then the login token (2); the
  // login draws the session token (3), then the session id (4).
  CreatedUser u = Create(engine(), "a");
  EXPECT_EQ(u.login_token,
            ExpectedSecret(o.token_secret, o.seed, 'L', 2, 32));
  auto s = TokenLogin("a", u.login_token);
  ASSERT_THAT(s, testing::IsOk());
  EXPECT_EQ(s->session_token,
            ExpectedSecret(o.token_secret, o.seed, 'S', 3, 48));
  EXPECT_EQ(s->session_id, ExpectedSecret(o.token_secret, o.seed, 'I', 4, 16));
  EXPECT_EQ(::banter::internal::StateOf(engine()).token_random->counter(), 4u);
}

TEST_F(TokensTest, SameSecretAndSeedGiveTheSameSecrets) {
  EXPECT_EQ(Secrets(testing::TestOptions()), Secrets(testing::TestOptions()));
}

TEST_F(TokensTest, AnotherSecretChangesEverySecret) {
  EngineOptions other = testing::TestOptions();
  other.token_secret = "another secret";
  const std::vector<std::string> a = Secrets(testing::TestOptions());
  const std::vector<std::string> b = Secrets(other);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NE(a[i], b[i]) << "part " << i;
}

TEST_F(TokensTest, AnotherSeedChangesTheSecrets) {
  EngineOptions other = testing::TestOptions();
  other.seed = 2;
  EXPECT_NE(Secrets(testing::TestOptions()), Secrets(other));
}

TEST_F(TokensTest, TokensNeverRepeatAndHaveTheirShapes) {
  std::set<std::string> seen;
  for (int i = 0; i < 300; ++i) {
    LoginRequest r;
    r.user_id = "u" + std::to_string(i % 3);
    auto s = engine().LoginAnonymous(r, Now());
    ASSERT_THAT(s, testing::IsOk());
    EXPECT_THAT(s->session_token, MatchesRegex("[0-9a-f]{48}"));
    EXPECT_THAT(s->session_id, MatchesRegex("[0-9a-f]{16}"));
    EXPECT_TRUE(seen.insert(s->session_token).second);
    EXPECT_TRUE(seen.insert(s->session_id).second);
  }
}

TEST_F(TokensTest, PasswordHashUsesTheConfiguredBcryptCost) {
  EngineOptions o = testing::TestOptions();
  o.password_cost = 5;
  Reset(o);
  CreatedUser u = Create(engine(), "a", "hunter2");
  const std::string& hash = ::banter::internal::StateOf(engine()).users.Record(u.user).password_hash;
  EXPECT_THAT(hash, MatchesRegex("\\$2b\\$05\\$.{53}"));
  BANTER_EXPECT_OK(
      engine().IssueLoginToken(Actor::Admin(), u.user, "hunter2", Now()));
}

TEST_F(TokensTest, SaltsDifferForTheSamePassword) {
  CreatedUser a = Create(engine(), "a", "same");
  CreatedUser b = Create(engine(), "b", "same");
  EXPECT_NE(::banter::internal::StateOf(engine()).users.Record(a.user).password_hash,
            ::banter::internal::StateOf(engine()).users.Record(b.user).password_hash);
}

// ---- What each event invalidates ----------------------------------------

TEST_F(TokensTest, LogoutEndsThatSessionOnly) {
  CreatedUser u = Create(engine(), "a");
  auto s1 = TokenLogin("a", u.login_token);
  auto s2 = TokenLogin("a", u.login_token);
  BANTER_ASSERT_OK(engine().Logout(s1->session_token, Now()));
  EXPECT_THAT(engine().Authenticate(s1->session_token),
              StatusIs(ErrorCode::kSessionNotFound));
  EXPECT_THAT(engine().Logout(s1->session_token, Now()),
              StatusIs(ErrorCode::kSessionNotFound));
  EXPECT_EQ(*engine().Authenticate(s2->session_token), u.user);
  BANTER_EXPECT_OK(TokenLogin("a", u.login_token));  // the login token lives
}

TEST_F(TokensTest, PasswordChangeInvalidatesLoginTokensNotSessions) {
  CreatedUser u = Create(engine(), "a", "old");
  auto s = TokenLogin("a", u.login_token);
  BANTER_ASSERT_OK(engine().ChangePassword(Actor::User(u.user), u.user, "new",
                                           Now()));
  EXPECT_THAT(TokenLogin("a", u.login_token),
              StatusIs(ErrorCode::kInvalidLoginToken));
  EXPECT_THAT(engine().IssueLoginToken(Actor::Admin(), u.user, "old", Now()),
              StatusIs(ErrorCode::kWrongPassword));
  // Spec §13 #20 ties the login token to the password; open sessions stay
  // (docs/model.md, "Users and bots as built").
  EXPECT_EQ(*engine().Authenticate(s->session_token), u.user);
  auto fresh = engine().IssueLoginToken(Actor::Admin(), u.user, "new", Now());
  ASSERT_THAT(fresh, testing::IsOk());
  BANTER_EXPECT_OK(TokenLogin("a", *fresh));
}

TEST_F(TokensTest, DeactivationRefusesSessionsAndLogins) {
  CreatedUser u = Create(engine(), "a");
  auto s = TokenLogin("a", u.login_token);
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), u.user, false, Now()));
  EXPECT_THAT(engine().Authenticate(s->session_token),
              StatusIs(ErrorCode::kDeactivatedUser));
  EXPECT_THAT(TokenLogin("a", u.login_token),
              StatusIs(ErrorCode::kDeactivatedUser));
  EXPECT_THAT(engine().IssueLoginToken(Actor::Admin(), u.user, "pw", Now()),
              StatusIs(ErrorCode::kDeactivatedUser));
  LoginRequest anon;
  anon.user_id = "a";
  EXPECT_THAT(engine().LoginAnonymous(anon, Now()),
              StatusIs(ErrorCode::kDeactivatedUser));
  // The session is kept, refused while the user is inactive.
  EXPECT_EQ(::banter::internal::StateOf(engine()).users.sessions().size(), 1u);
}

TEST_F(TokensTest, DeletionInvalidatesEverythingEvenForANewUserOfTheSameId) {
  CreatedUser u = Create(engine(), "a");
  auto s = TokenLogin("a", u.login_token);
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), u.user, Now()));
  EXPECT_THAT(engine().Authenticate(s->session_token),
              StatusIs(ErrorCode::kSessionNotFound));
  EXPECT_THAT(TokenLogin("a", u.login_token),
              StatusIs(ErrorCode::kUserNotFound));
  // A new "a" is a new user: the old credentials open nothing.
  CreatedUser again = Create(engine(), "a");
  EXPECT_NE(again.user, u.user);
  EXPECT_NE(again.login_token, u.login_token);
  EXPECT_THAT(TokenLogin("a", u.login_token),
              StatusIs(ErrorCode::kInvalidLoginToken));
  EXPECT_TRUE(::banter::internal::StateOf(engine()).users.Record(u.user).password_hash.empty());
}

TEST_F(TokensTest, TokenOfOneUserDoesNotLogInAnother) {
  CreatedUser a = Create(engine(), "a");
  Create(engine(), "b");
  const std::string before = engine().DebugString();
  EXPECT_THAT(TokenLogin("b", a.login_token),
              StatusIs(ErrorCode::kInvalidLoginToken));
  EXPECT_EQ(engine().DebugString(), before);
}

}  // namespace
}  // namespace banter
