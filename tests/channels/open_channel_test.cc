// GitpleLive open channels in the core: GitpleLive channels of type
// super_public (docs/gitplelive.md, "Open channels"). Anyone enters, there is
// no cap, no reuse and no join history, and the channel outlives its
// participants.
#include <string>
#include <vector>

#include "banter/durability.h"
#include "engine/state.h"
#include "tests/testing/test_access.h"
#include "tests/channels/channels_test_util.h"

namespace banter::testing {
namespace {

class OpenChannelTest : public EngineTest {
 protected:
  ChannelId Open(const std::string& id, std::vector<UserId> members = {},
                 bool reuse = false) {
    CreateChannelRequest r;
    r.channel_id = id;
    r.type = ChannelType::kSuperPublic;
    r.name = "lobby";
    r.members = std::move(members);
    r.dialect = Dialect::kGitpleLive;
    r.reuse = reuse;
    auto c = engine().CreateChannel(Actor::Admin(), r, Now());
    EXPECT_THAT(c, IsOk());
    return c.ok() ? *c : ChannelId();
  }
  absl::Status Enter(ChannelId c, UserId u) {
    return engine().Join(Actor::Admin(), JoinRequest{c, u, {}}, Now());
  }
  absl::Status Exit(ChannelId c, UserId u) {
    return engine().Leave(Actor::Admin(), LeaveRequest{c, u, false}, Now());
  }
  const internal::ChannelRecord& Record(ChannelId c) {
    return ::banter::internal::TestAccess::Channel(internal::StateOf(engine()), c);
  }
};

TEST_F(OpenChannelTest, OpenChannelsAreNeverReuseCandidates) {
  const UserId a = User("a");
  const UserId b = User("b");
  const ChannelId open = Open("lobby_1", {a, b});
  EXPECT_FALSE(engine().FindReusableChannel({a, b}).valid());
  // A group create asking for reuse creates a group of its own.
  auto group = engine().CreateChannel(Actor::Admin(), GitpleReq("pair", {a, b}),
                                      Now());
  ASSERT_THAT(group, IsOk());
  EXPECT_NE(*group, open);
  // An open create asking for reuse creates a new open channel, even when a
  // group would qualify.
  EXPECT_EQ(engine().FindReusableChannel({a, b}), *group);
  const ChannelId second = Open("lobby_2", {a, b}, /*reuse=*/true);
  EXPECT_NE(second, *group);
  EXPECT_NE(second, open);
}

TEST_F(OpenChannelTest, AnyoneEntersAndThereIsNoCap) {
  const ChannelId c = Open("plaza");
  auto view = engine().GetChannel(Actor::Admin(), c, UserId());
  ASSERT_THAT(view, IsOk());
  EXPECT_EQ(view->max_member_count, -1);
  EXPECT_EQ(view->member_count, 0);
  for (int i = 0; i < 150; ++i) {
    BANTER_ASSERT_OK(Enter(c, User("p" + std::to_string(i))));
  }
  // A user may enter by itself too: super_public is open to every user.
  const UserId self = User("self");
  BANTER_EXPECT_OK(
      engine().Join(Actor::User(self), JoinRequest{c, self, {}}, Now()));
  view = engine().GetChannel(Actor::Admin(), c, UserId());
  ASSERT_THAT(view, IsOk());
  EXPECT_EQ(view->member_count, 151);
  EXPECT_TRUE(view->members.empty()) << "no full member list on open channels";
  EXPECT_THAT(Enter(c, self), StatusIs(ErrorCode::kAlreadyMember));
}

TEST_F(OpenChannelTest, ExitsLeaveNoJoinHistory) {
  const UserId a = User("a");
  const ChannelId c = Open("plaza");
  BANTER_ASSERT_OK(Enter(c, a));
  BANTER_ASSERT_OK(Exit(c, a));
  EXPECT_TRUE(Record(c).former_members.empty());
  EXPECT_THAT(Exit(c, a), StatusIs(ErrorCode::kUserNotChannelMember));
  // A group channel keeps its history, for the reuse rule.
  auto group = engine().CreateChannel(Actor::Admin(), GitpleReq("group1", {}),
                                      Now());
  ASSERT_THAT(group, IsOk());
  BANTER_ASSERT_OK(Enter(*group, a));
  BANTER_ASSERT_OK(Exit(*group, a));
  EXPECT_EQ(Record(*group).former_members.size(), 1u);
}

TEST_F(OpenChannelTest, TheChannelOutlivesItsLastParticipant) {
  const UserId a = User("a");
  const ChannelId c = Open("plaza", {a});
  auto group = engine().CreateChannel(Actor::Admin(), GitpleReq("group1", {a}),
                                      Now());
  ASSERT_THAT(group, IsOk());
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), a, Now()));
  EXPECT_THAT(engine().GetChannel(Actor::Admin(), c, UserId()), IsOk());
  // The core rule for every other channel: emptied by a deletion, deleted.
  EXPECT_THAT(engine().GetChannel(Actor::Admin(), *group, UserId()),
              StatusIs(ErrorCode::kChannelNotFound));
  const UserId b = User("b");
  BANTER_ASSERT_OK(Enter(c, b));
  BANTER_ASSERT_OK(engine().Leave(Actor::User(b), LeaveRequest{c, b, true},
                                  Now()));
  EXPECT_THAT(engine().GetChannel(Actor::Admin(), c, UserId()), IsOk());
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::Admin(), c, Now()));
  EXPECT_THAT(engine().GetChannel(Actor::Admin(), c, UserId()),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(OpenChannelTest, SendingNeedsAParticipant) {
  const UserId a = User("a");
  const ChannelId c = Open("plaza");
  SendMessageRequest r;
  r.channel = c;
  r.sender = a;
  r.text = "hi";
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), r, Now()),
              StatusIs(ErrorCode::kSenderNotChannelMember));
  BANTER_ASSERT_OK(Enter(c, a));
  EXPECT_THAT(engine().SendMessage(Actor::Admin(), r, Now()), IsOk());
}

TEST_F(OpenChannelTest, ABanEndsParticipationUntilItEnds) {
  const UserId a = User("a");
  const ChannelId c = Open("plaza", {a});
  BanRequest ban;
  ban.channel = c;
  ban.users = {a};
  ban.duration_ms = 60'000;
  BANTER_ASSERT_OK(engine().Ban(Actor::Admin(), ban, Now()));
  EXPECT_FALSE(engine().IsMember(c, a));
  EXPECT_THAT(Enter(c, a), StatusIs(ErrorCode::kBannedFromChannel));
  Advance(60'000);
  BANTER_EXPECT_OK(Enter(c, a));
  EXPECT_TRUE(Record(c).former_members.empty());
}

TEST_F(OpenChannelTest, SnapshotsKeepParticipantsAndDropAnOldJoinHistory) {
  const UserId a = User("a");
  const UserId b = User("b");
  const ChannelId c = Open("plaza", {a, b});
  // A file written before open channels existed may carry a join history
  // on a GitpleLive super channel; loading it drops the history (C9).
  ::banter::internal::TestAccess::Channel(internal::StateOf(engine()), c).former_members.insert(
      User("gone"));
  absl::StatusOr<Engine> restored =
      ReadSnapshot(WriteSnapshot(engine()), TestOptions());
  ASSERT_THAT(restored, IsOk());
  BANTER_EXPECT_OK(restored->CheckInvariants());
  EXPECT_TRUE(::banter::internal::TestAccess::Channel(internal::StateOf(*restored), c)
                  .former_members.empty());
  EXPECT_TRUE(restored->IsMember(c, a));
  EXPECT_TRUE(restored->IsMember(c, b));
  // Undo the planted history so the fixture's own checks pass.
  ::banter::internal::TestAccess::Channel(internal::StateOf(engine()), c).former_members.clear();
}

}  // namespace
}  // namespace banter::testing
