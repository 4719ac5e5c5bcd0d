// User search (Engine::SearchUsers): ids and names, prefix and exact, the
// order and cursor, how renames, logins and deletions move the indexes, a
// snapshot round trip, and every error.
#include <string>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Field = UserSearchQuery::Field;
using Match = UserSearchQuery::Match;

class UserSearchTest : public EngineTest {
 protected:
  UserId Named(const std::string& id, const std::string& name) {
    CreateUserRequest r;
    r.user_id = id;
    r.username = name;
    auto created = engine().CreateUser(Actor::Admin(), r, Now());
    EXPECT_THAT(created, IsOk());
    return created.ok() ? created->user : UserId();
  }
  static UserSearchQuery Query(Field field, const std::string& text,
                               Match match = Match::kPrefix,
                               UserId after = {}, int limit = 0) {
    UserSearchQuery q;
    q.field = field;
    q.text = text;
    q.match = match;
    q.after = after;
    q.limit = limit;
    return q;
  }
  absl::StatusOr<Page<UserView>> Search(const UserSearchQuery& q,
                                        const Actor& actor = Actor::Admin()) {
    return engine().SearchUsers(actor, q);
  }
  std::vector<std::string> Ids(const UserSearchQuery& q) {
    auto page = Search(q);
    EXPECT_THAT(page, IsOk());
    std::vector<std::string> out;
    if (page.ok()) {
      for (const UserView& u : page->items) out.push_back(u.id);
    }
    return out;
  }
};

TEST_F(UserSearchTest, IdPrefixIsByteOrderAndCaseSensitive) {
  Named("alice", "");
  Named("bob", "");
  Named("al", "");
  Named("Alan", "");
  Named("alan", "");
  EXPECT_THAT(Ids(Query(Field::kId, "al")), ElementsAre("al", "alan", "alice"));
  EXPECT_THAT(Ids(Query(Field::kId, "A")), ElementsAre("Alan"));
  EXPECT_THAT(Ids(Query(Field::kId, "alx")), IsEmpty());
  EXPECT_THAT(Ids(Query(Field::kId, "al", Match::kExact)), ElementsAre("al"));
}

TEST_F(UserSearchTest, NamesCompareAsciiLettersWithoutCase) {
  Named("u1", "Alice Smith");
  Named("u2", "alfred");
  Named("u3", "ALBERT");
  Named("u4", "Bob");
  Named("u5", "alfred");
  // Ordered by folded name, ties by handle (creation).
  EXPECT_THAT(Ids(Query(Field::kName, "AL")),
              ElementsAre("u3", "u2", "u5", "u1"));
  EXPECT_THAT(Ids(Query(Field::kName, "Alfred", Match::kExact)),
              ElementsAre("u2", "u5"));
  EXPECT_THAT(Ids(Query(Field::kName, "alice", Match::kExact)), IsEmpty());
  EXPECT_THAT(Ids(Query(Field::kName, "alice smith", Match::kExact)),
              ElementsAre("u1"));
}

TEST_F(UserSearchTest, PagesFollowTheCursor) {
  std::vector<UserId> users;
  for (int i = 0; i < 5; ++i) {
    users.push_back(Named("p" + std::to_string(i), ""));
  }
  Named("q0", "");
  auto page = Search(Query(Field::kId, "p", Match::kPrefix, {}, 2));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 2u);
  EXPECT_TRUE(page->has_next);
  EXPECT_THAT(Ids(Query(Field::kId, "p", Match::kPrefix, users[1], 2)),
              ElementsAre("p2", "p3"));
  page = Search(Query(Field::kId, "p", Match::kPrefix, users[3], 2));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, "p4");
  EXPECT_FALSE(page->has_next);
  // A cursor outside the range: before it starts it, after it ends it.
  const UserId a = Named("a", "");
  EXPECT_THAT(Ids(Query(Field::kId, "p", Match::kPrefix, a, 2)),
              ElementsAre("p0", "p1"));
  EXPECT_THAT(Ids(Query(Field::kId, "p", Match::kPrefix, UserId(6), 2)),
              IsEmpty());  // "q0"
}

TEST_F(UserSearchTest, LimitIsClampedLikeUserLists) {
  for (int i = 0; i < 120; ++i) Named("x" + std::to_string(i), "");
  auto page = Search(Query(Field::kId, "x", Match::kPrefix, {}, 500));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 100u);
  EXPECT_TRUE(page->has_next);
  page = Search(Query(Field::kId, "x", Match::kPrefix, {}, 0));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items.size(), 20u);
}

TEST_F(UserSearchTest, RenamesMoveAUserBetweenKeys) {
  const UserId u = Named("u", "Gandalf the Grey");
  UpdateUserRequest r;
  r.user = u;
  r.username = "Gandalf the White";
  BANTER_ASSERT_OK(engine().UpdateUser(Actor::Admin(), r, Now()));
  EXPECT_THAT(Ids(Query(Field::kName, "gandalf the g")), IsEmpty());
  EXPECT_THAT(Ids(Query(Field::kName, "gandalf the w")), ElementsAre("u"));
  r.username = "";
  BANTER_ASSERT_OK(engine().UpdateUser(Actor::Admin(), r, Now()));
  EXPECT_THAT(Ids(Query(Field::kName, "g")), IsEmpty());
  EXPECT_THAT(Ids(Query(Field::kId, "u")), ElementsAre("u"));
}

TEST_F(UserSearchTest, LoginsThatSetANameAreFound) {
  CreateUserRequest cr;
  cr.user_id = "t";
  auto created = engine().CreateUser(Actor::Admin(), cr, Now());
  ASSERT_THAT(created, IsOk());
  LoginRequest login;
  login.user_id = "t";
  login.login_token = created->login_token;
  login.username = "Token Person";
  BANTER_ASSERT_OK(engine().LoginWithToken(login, Now()));
  EXPECT_THAT(Ids(Query(Field::kName, "token")), ElementsAre("t"));

  engine().SetAnonymousLoginAllowed(true);
  LoginRequest anon;
  anon.user_id = "guest7";
  BANTER_ASSERT_OK(engine().LoginAnonymous(anon, Now()));
  // An anonymous user with no name is named after its id.
  EXPECT_THAT(Ids(Query(Field::kName, "GUEST")), ElementsAre("guest7"));
  EXPECT_THAT(Ids(Query(Field::kId, "guest")), ElementsAre("guest7"));
}

TEST_F(UserSearchTest, DeletedUsersAreGoneButStillWorkAsCursors) {
  const UserId a = Named("ann", "Ann");
  Named("anna", "Anna");
  Named("anne", "Anne");
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), a, Now()));
  EXPECT_THAT(Ids(Query(Field::kId, "ann")), ElementsAre("anna", "anne"));
  EXPECT_THAT(Ids(Query(Field::kName, "ann")), ElementsAre("anna", "anne"));
  EXPECT_THAT(Ids(Query(Field::kId, "ann", Match::kPrefix, a)),
              ElementsAre("anna", "anne"));
  EXPECT_THAT(Ids(Query(Field::kName, "ann", Match::kPrefix, a)),
              ElementsAre("anna", "anne"));
  // The id is free again; its new owner is found, the old one is not.
  Named("ann", "Ann II");
  EXPECT_THAT(Ids(Query(Field::kId, "ann", Match::kExact)), ElementsAre("ann"));
  auto page = Search(Query(Field::kId, "ann", Match::kExact));
  ASSERT_THAT(page, IsOk());
  EXPECT_EQ(page->items[0].username, "Ann II");
}

TEST_F(UserSearchTest, DeactivatedUsersAreFoundAndSaySo) {
  const UserId u = Named("sleepy", "Sleepy");
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), u, false, Now()));
  auto page = Search(Query(Field::kId, "sleep"));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_FALSE(page->items[0].active);
}

TEST_F(UserSearchTest, IndexesAreRebuiltFromASnapshot) {
  Named("zed", "Zed");
  const UserId gone = Named("zoe", "Zoe");
  Named("zack", "");
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), gone, Now()));
  absl::StatusOr<Engine> restored =
      ReadSnapshot(WriteSnapshot(engine()), TestOptions());
  ASSERT_THAT(restored, IsOk());
  BANTER_EXPECT_OK(restored->CheckInvariants());
  auto page = restored->SearchUsers(Actor::Admin(), Query(Field::kId, "z"));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, "zack");
  EXPECT_EQ(page->items[1].id, "zed");
  page = restored->SearchUsers(Actor::Admin(), Query(Field::kName, "z"));
  ASSERT_THAT(page, IsOk());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, "zed");
}

TEST_F(UserSearchTest, ErrorsNameTheRule) {
  const UserId u = Named("u", "U");
  EXPECT_THAT(Search(Query(Field::kId, "u"), Actor::User(u)),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(Search(Query(Field::kId, "u"), Actor::Bot(Bot("b"))),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(Search(Query(Field::kId, "")),
              StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(Search(Query(Field::kName, std::string(129, 'u'))),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Search(Query(Field::kName, std::string(128, 'u'))), IsOk());
  EXPECT_THAT(Search(Query(Field::kId, std::string("u\0", 2))),
              StatusIs(ErrorCode::kParamsBindingError));
  UserSearchQuery q = Query(Field::kId, "u");
  q.field = static_cast<Field>(7);
  EXPECT_THAT(Search(q), StatusIs(ErrorCode::kParamsBindingError));
  q = Query(Field::kId, "u");
  q.match = static_cast<Match>(7);
  EXPECT_THAT(Search(q), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Search(Query(Field::kId, "u", Match::kPrefix, UserId(99))),
              StatusIs(ErrorCode::kUserNotFound));
  engine().SetAppDeactivated(true);
  EXPECT_THAT(Search(Query(Field::kId, "u")),
              StatusIs(ErrorCode::kDeactivatedApp));
  engine().SetAppDeactivated(false);
}

}  // namespace
}  // namespace banter::testing
