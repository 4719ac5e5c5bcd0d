// UpdateChannel, DeleteChannel, TransferOwnership and SetFrozen.
#include <string>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/channels/channels_test_util.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class UpdateTest : public EngineTest {
 protected:
  void SetUp() override {
    owner_ = User("owner");
    member_ = User("member");
    outsider_ = User("outsider");
    c_ = Channel("c1", ChannelType::kPublic, owner_, {member_});
  }
  ChannelView View(ChannelId c) {
    auto v = engine().GetChannel(Actor::Admin(), c, UserId());
    EXPECT_THAT(v, IsOk());
    return v.ok() ? *v : ChannelView();
  }
  UpdateChannelRequest Upd() {
    UpdateChannelRequest r;
    r.channel = c_;
    return r;
  }
  // Expects the update to fail with `code` and change nothing.
  void ExpectRefused(const UpdateChannelRequest& r, ErrorCode code,
                     const Actor& actor = Actor::Admin()) {
    const std::string before = engine().DebugString();
    sink().clear();
    EXPECT_THAT(engine().UpdateChannel(actor, r, Now() + 5), StatusIs(code));
    EXPECT_EQ(engine().DebugString(), before);
    EXPECT_THAT(sink().events(), IsEmpty());
  }

  UserId owner_, member_, outsider_;
  ChannelId c_;
};

TEST_F(UpdateTest, PartialUpdateChangesOnlyGivenFields) {
  UpdateChannelRequest first = Upd();
  first.name = "before";
  first.image_url = "img";
  first.data = Metadata{{"a", "1"}, {"b", "2"}};
  first.category = "cat";
  first.subcategory = "sub";
  BANTER_ASSERT_OK(engine().UpdateChannel(Actor::User(owner_), first, Now()));
  Advance(10);
  UpdateChannelRequest r = Upd();
  r.name = "after";
  r.data = Metadata{{"c", "3"}};  // replaces the whole map
  r.max_member_count = 50;
  r.hide_messages_before_join = true;
  sink().clear();
  BANTER_ASSERT_OK(engine().UpdateChannel(Actor::User(owner_), r, Now()));
  ChannelView v = View(c_);
  EXPECT_EQ(v.name, "after");
  EXPECT_EQ(v.image_url, "img");
  EXPECT_EQ(v.data, (Metadata{{"c", "3"}}));
  EXPECT_EQ(v.category, "cat");
  EXPECT_EQ(v.subcategory, "sub");
  EXPECT_EQ(v.max_member_count, 50);
  EXPECT_TRUE(v.hide_messages_before_join);
  EXPECT_EQ(v.updated_at, Now());
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("channelChanged", Now(), "c1", {},
                             {"member", "owner"})));
}

TEST_F(UpdateTest, AdminUpdatesOwnerlessChannels) {
  ChannelId c = Channel("c2", ChannelType::kPrivate, UserId(), {member_});
  UpdateChannelRequest r;
  r.channel = c;
  r.name = "x";
  BANTER_EXPECT_OK(engine().UpdateChannel(Actor::Admin(), r, Now()));
  EXPECT_THAT(engine().UpdateChannel(Actor::User(member_), r, Now()),
              StatusIs(ErrorCode::kChannelUpdateNotAuthorized));
}

TEST_F(UpdateTest, OnlyTheOwnerOrAdminMayUpdate) {
  UpdateChannelRequest r = Upd();
  r.name = "x";
  ExpectRefused(r, ErrorCode::kChannelUpdateNotAuthorized,
                Actor::User(member_));
  ExpectRefused(r, ErrorCode::kChannelUpdateNotAuthorized,
                Actor::User(outsider_));
  ExpectRefused(r, ErrorCode::kUnauthorized, Actor::Bot(Bot("bot")));
}

TEST_F(UpdateTest, UnknownChannelFails) {
  UpdateChannelRequest r = Upd();
  r.channel = ChannelId(99);
  ExpectRefused(r, ErrorCode::kChannelNotFound);
}

TEST_F(UpdateTest, OnlyTheAdminMayChangeTheOwner) {
  UpdateChannelRequest r = Upd();
  r.owner = member_;
  ExpectRefused(r, ErrorCode::kChannelUpdateNotAuthorized,
                Actor::User(owner_));
  sink().clear();
  BANTER_ASSERT_OK(engine().UpdateChannel(Actor::Admin(), r, Now()));
  EXPECT_EQ(View(c_).owner_id, "member");
  EXPECT_THAT(Names(sink().events()), ElementsAre("channelChanged"));
}

TEST_F(UpdateTest, NewOwnerMustBeALiveMember) {
  UpdateChannelRequest r = Upd();
  r.owner = UserId(99);
  ExpectRefused(r, ErrorCode::kChannelOwnerNotFound);
  r.owner = UserId();
  ExpectRefused(r, ErrorCode::kChannelOwnerNotFound);
  r.owner = outsider_;
  ExpectRefused(r, ErrorCode::kUserNotChannelMember);
}

TEST_F(UpdateTest, MutedMemberMadeOwnerIsUnmuted) {
  MuteRequest m;
  m.channel = c_;
  m.users = {member_};
  BANTER_ASSERT_OK(engine().Mute(Actor::Admin(), m, Now()));
  UpdateChannelRequest r = Upd();
  r.owner = member_;
  BANTER_ASSERT_OK(engine().UpdateChannel(Actor::Admin(), r, Now()));
  EXPECT_FALSE(engine().IsMuted(c_, member_));
}

TEST_F(UpdateTest, FieldLimits) {
  UpdateChannelRequest r = Upd();
  r.name = std::string(129, 'n');
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r = Upd();
  r.image_url = std::string(2049, 'u');
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r = Upd();
  r.category = std::string(33, 'c');
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r = Upd();
  r.subcategory = "sub";  // the channel has no category
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r = Upd();
  r.data = Metadata{{"", "empty key"}};
  ExpectRefused(r, ErrorCode::kInvalidMetaData);
  r = Upd();
  r.max_member_count = 101;
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.max_member_count = -1;
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r = Upd();
  r.invitation_code = std::string(129, 'x');
  ExpectRefused(r, ErrorCode::kParamsBindingError);
}

TEST_F(UpdateTest, ClearingCategoryUnderASubcategoryFails) {
  UpdateChannelRequest r = Upd();
  r.category = "cat";
  r.subcategory = "sub";
  BANTER_ASSERT_OK(engine().UpdateChannel(Actor::Admin(), r, Now()));
  r = Upd();
  r.category = "";
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.subcategory = "";
  BANTER_EXPECT_OK(engine().UpdateChannel(Actor::Admin(), r, Now()));
}

TEST_F(UpdateTest, MaxMemberCountCannotDropBelowMemberCount) {
  UpdateChannelRequest r = Upd();
  r.max_member_count = 1;
  ExpectRefused(r, ErrorCode::kMaxChannelMemberCountExceeded);
  r.max_member_count = 2;
  BANTER_EXPECT_OK(engine().UpdateChannel(Actor::Admin(), r, Now()));
}

TEST_F(UpdateTest, SuperChannelCapRules) {
  ChannelId s = Channel("s", ChannelType::kSuperPublic, owner_);
  UpdateChannelRequest r;
  r.channel = s;
  r.max_member_count = 0;
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.max_member_count = 5000;
  BANTER_EXPECT_OK(engine().UpdateChannel(Actor::Admin(), r, Now()));
  r.max_member_count = -1;
  BANTER_EXPECT_OK(engine().UpdateChannel(Actor::Admin(), r, Now()));
  r.max_member_count.reset();
  r.invitation_code = "code";
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.invitation_code = "";
  BANTER_EXPECT_OK(engine().UpdateChannel(Actor::Admin(), r, Now()));
}

TEST_F(UpdateTest, InvitationOnlyCodeCannotBeEmptied) {
  auto created = engine().CreateChannel(
      Actor::Admin(), Req("inv", ChannelType::kInvitationOnly, owner_), Now());
  ASSERT_THAT(created, IsOk());
  const ChannelId c = *created;
  UpdateChannelRequest r;
  r.channel = c;
  r.invitation_code = "";
  ExpectRefused(r, ErrorCode::kInvitationCodeCannotBeEmpty);
  r.invitation_code = "new";
  BANTER_ASSERT_OK(engine().UpdateChannel(Actor::User(owner_), r, Now()));
  EXPECT_EQ(View(c).invitation_code, "new");
}

TEST_F(UpdateTest, GitpleLiveNamesNeedOneTo150Chars) {
  auto g = engine().CreateChannel(Actor::Admin(), GitpleReq("g_one", {owner_}),
                                  Now());
  ASSERT_THAT(g, IsOk());
  UpdateChannelRequest r;
  r.channel = *g;
  r.name = "";
  ExpectRefused(r, ErrorCode::kParamsBindingError);
  r.name = std::string(150, 'n');
  BANTER_EXPECT_OK(engine().UpdateChannel(Actor::Admin(), r, Now()));
  r.name.reset();
  r.data = Metadata{{"k1", "digit in key"}};
  ExpectRefused(r, ErrorCode::kInvalidMetaData);
}

// ---- Delete ----------------------------------------------------------------

TEST_F(UpdateTest, DeleteRemovesTheChannelAndTellsMembers) {
  sink().clear();
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::User(owner_), c_, Now()));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("channelRemoved", Now(), "c1", {},
                             {"member", "owner"})));
  EXPECT_FALSE(engine().FindChannel("c1").valid());
  EXPECT_FALSE(engine().IsMember(c_, owner_));
  EXPECT_THAT(engine().GetChannel(Actor::Admin(), c_, UserId()),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().DeleteChannel(Actor::Admin(), c_, Now()),
              StatusIs(ErrorCode::kChannelNotFound));
  ChannelListQuery q;
  q.user = member_;
  auto joined = engine().ListChannels(Actor::Admin(), q);
  ASSERT_THAT(joined, IsOk());
  EXPECT_THAT(joined->items, IsEmpty());
}

TEST_F(UpdateTest, DeleteNeedsTheOwnerOrAdmin) {
  BotId bot = Bot("bot");
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().DeleteChannel(Actor::User(member_), c_, Now()),
              StatusIs(ErrorCode::kChannelUpdateNotAuthorized));
  EXPECT_THAT(engine().DeleteChannel(Actor::User(outsider_), c_, Now()),
              StatusIs(ErrorCode::kChannelUpdateNotAuthorized));
  EXPECT_THAT(engine().DeleteChannel(Actor::Bot(bot), c_, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_EQ(engine().DebugString(), before);
  BANTER_EXPECT_OK(engine().DeleteChannel(Actor::Admin(), c_, Now()));
}

TEST_F(UpdateTest, DeletedPublicChannelLeavesThePublicList) {
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::Admin(), c_, Now()));
  ChannelListQuery q;
  q.kind = ChannelListQuery::Kind::kPublic;
  auto page = engine().ListChannels(Actor::Admin(), q);
  ASSERT_THAT(page, IsOk());
  EXPECT_THAT(page->items, IsEmpty());
}

// ---- Transfer --------------------------------------------------------------

TEST_F(UpdateTest, TransferOwnershipToAMember) {
  Advance(3);
  sink().clear();
  BANTER_ASSERT_OK(
      engine().TransferOwnership(Actor::User(owner_), c_, member_, Now()));
  ChannelView v = View(c_);
  EXPECT_EQ(v.owner_id, "member");
  EXPECT_EQ(v.updated_at, Now());
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("channelChanged", Now(), "c1", {},
                             {"member", "owner"})));
  // The old owner is now an ordinary member.
  EXPECT_THAT(engine().TransferOwnership(Actor::User(owner_), c_, owner_,
                                         Now()),
              StatusIs(ErrorCode::kNotChannelOwner));
  BANTER_EXPECT_OK(
      engine().TransferOwnership(Actor::Admin(), c_, owner_, Now()));
}

TEST_F(UpdateTest, TransferRefusals) {
  BotId bot = Bot("bot");
  const std::string before = engine().DebugString();
  EXPECT_THAT(
      engine().TransferOwnership(Actor::User(member_), c_, member_, Now()),
      StatusIs(ErrorCode::kNotChannelOwner));
  EXPECT_THAT(
      engine().TransferOwnership(Actor::User(owner_), c_, UserId(99), Now()),
      StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(
      engine().TransferOwnership(Actor::User(owner_), c_, outsider_, Now()),
      StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(
      engine().TransferOwnership(Actor::User(owner_), c_, owner_, Now()),
      StatusIs(ErrorCode::kAlreadyChannelOwner));
  EXPECT_THAT(engine().TransferOwnership(Actor::Admin(), ChannelId(50),
                                         member_, Now()),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().TransferOwnership(Actor::Bot(bot), c_, member_, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_EQ(engine().DebugString(), before);
}

TEST_F(UpdateTest, TransferToAMutedMemberLiftsTheMute) {
  MuteRequest m;
  m.channel = c_;
  m.users = {member_};
  BANTER_ASSERT_OK(engine().Mute(Actor::Admin(), m, Now()));
  sink().clear();
  BANTER_ASSERT_OK(
      engine().TransferOwnership(Actor::Admin(), c_, member_, Now()));
  EXPECT_FALSE(engine().IsMuted(c_, member_));
  EXPECT_THAT(Names(sink().events()),
              ElementsAre("memberUnmuted", "channelChanged"));
}

// ---- Freeze ----------------------------------------------------------------

TEST_F(UpdateTest, FreezeAndUnfreeze) {
  sink().clear();
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::User(owner_), c_, true, Now()));
  EXPECT_TRUE(View(c_).frozen);
  EXPECT_EQ(View(c_).updated_at, Now());
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("channelChanged", Now(), "c1", {},
                             {"member", "owner"})));
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c_, false, Now()));
  EXPECT_FALSE(View(c_).frozen);
}

TEST_F(UpdateTest, FreezingAFrozenChannelIsANoOp) {
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c_, true, Now()));
  Advance(100);
  sink().clear();
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c_, true, Now()));
  EXPECT_THAT(sink().events(), IsEmpty());
  EXPECT_EQ(View(c_).updated_at, Now() - 100);
}

TEST_F(UpdateTest, FreezeNeedsTheOwnerOrAdmin) {
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().SetFrozen(Actor::User(member_), c_, true, Now()),
              StatusIs(ErrorCode::kNotChannelOwner));
  EXPECT_THAT(engine().SetFrozen(Actor::User(outsider_), c_, true, Now()),
              StatusIs(ErrorCode::kNotChannelOwner));
  EXPECT_THAT(engine().SetFrozen(Actor::Admin(), ChannelId(77), true, Now()),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(engine().SetFrozen(Actor::Bot(Bot("bot")), c_, true, Now()),
              StatusIs(ErrorCode::kUnauthorized));
}

TEST_F(UpdateTest, FailedCallsLeaveTimeAlone) {
  const Millis before = engine().now();
  UpdateChannelRequest r = Upd();
  r.name = std::string(200, 'x');
  EXPECT_THAT(engine().UpdateChannel(Actor::Admin(), r, Now() + 1000),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_EQ(engine().now(), before);
}

}  // namespace
}  // namespace banter::testing
