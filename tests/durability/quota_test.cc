// Per-app quotas (EngineOptions::max_users, max_channels): a create past the
// quota fails with its own code and changes nothing; deleting frees a place;
// replay of a journal accepts what was accepted once, whatever the quota now.
#include <string>

#include "banter/durability.h"
#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/durability/durability_test_util.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

using testing::StatusIs;

class QuotaTest : public testing::EngineTest {
 protected:
  void SetQuotas(uint32_t users, uint32_t channels) {
    EngineOptions o = testing::TestOptions();
    o.max_users = users;
    o.max_channels = channels;
    Reset(o);
  }
  absl::StatusOr<CreatedUser> CreateUser(const std::string& id) {
    CreateUserRequest r;
    r.user_id = id;
    return engine().CreateUser(Actor::Admin(), r, Now());
  }
  absl::StatusOr<ChannelId> CreateChannel(const std::string& id, UserId owner) {
    CreateChannelRequest r;
    r.channel_id = id;
    r.type = ChannelType::kPublic;
    r.owner = owner;
    return engine().CreateChannel(Actor::Admin(), r, Now());
  }
};

TEST_F(QuotaTest, UserPastTheQuotaIsRefusedAndNothingChanges) {
  SetQuotas(2, 0);
  User("a");
  User("b");
  const std::string before = engine().DebugString();
  EXPECT_THAT(CreateUser("c"), StatusIs(ErrorCode::kUserQuotaExceeded));
  EXPECT_EQ(engine().DebugString(), before);
  // The id check comes first: a taken id says so, quota or not.
  EXPECT_THAT(CreateUser("a"), StatusIs(ErrorCode::kUserIdTaken));
}

TEST_F(QuotaTest, DeletingAUserFreesItsPlace) {
  SetQuotas(1, 0);
  const UserId a = User("a");
  ASSERT_TRUE(engine().DeleteUser(Actor::Admin(), a, Now()).ok());
  EXPECT_TRUE(CreateUser("b").ok());
}

TEST_F(QuotaTest, ChannelPastTheQuotaIsRefusedAndReuseStillAnswers) {
  SetQuotas(0, 1);
  const UserId a = User("a");
  ASSERT_TRUE(CreateChannel("c1", a).ok());
  const std::string before = engine().DebugString();
  EXPECT_THAT(CreateChannel("c2", a),
              StatusIs(ErrorCode::kChannelQuotaExceeded));
  EXPECT_EQ(engine().DebugString(), before);
  // A taken id is reported as such, not as the quota.
  EXPECT_THAT(CreateChannel("c1", a),
              StatusIs(ErrorCode::kChannelIdAlreadyTaken));
}

TEST_F(QuotaTest, ZeroMeansUnlimited) {
  SetQuotas(0, 0);
  for (int i = 0; i < 50; ++i) User("u" + std::to_string(i));
  EXPECT_TRUE(CreateUser("one-more").ok());
}

TEST_F(QuotaTest, ReplayAcceptsWhatWasAcceptedUnderAHigherQuota) {
  testing::MemoryJournal journal;
  EngineOptions o = testing::TestOptions();
  o.max_users = 3;
  o.journal = &journal;
  Engine original(o);
  for (const char* id : {"a", "b", "c"}) {
    CreateUserRequest r;
    r.user_id = id;
    ASSERT_TRUE(original.CreateUser(Actor::Admin(), r, 1).ok());
  }
  EngineOptions lowered = testing::TestOptions();
  lowered.max_users = 1;
  Engine replica(lowered);
  for (const JournalRecord& record : journal.records) {
    ASSERT_TRUE(ApplyRecord(replica, record).ok());
  }
  EXPECT_EQ(StateDigest(replica), StateDigest(original));
  // New calls on the replica meet the lowered quota.
  CreateUserRequest r;
  r.user_id = "d";
  EXPECT_THAT(replica.CreateUser(Actor::Admin(), r, 2),
              StatusIs(ErrorCode::kUserQuotaExceeded));
}

}  // namespace
}  // namespace banter
