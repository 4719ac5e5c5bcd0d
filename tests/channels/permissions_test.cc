// The permission matrix as built (spec §6.1, design.md "Permissions"):
// every channel operation x every channel type x every actor kind, with the
// exact code of every refusal. Each cell runs on a fresh engine.
#include <array>
#include <string>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/channels/channels_test_util.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {
namespace {

enum class Who { kAdmin, kOwner, kMember, kOutsider, kBot };
enum class Op {
  kUpdate,
  kDelete,
  kAdd,
  kRemove,
  kJoin,
  kLeave,
  kLeaveOther,
  kTransfer,
  kFreeze,
  kGetChannel,
  kListMembers,
  kGetMember,
  kSetHidden,
  kSetPush,
  kSetMemberInfo,
  kSetOthersSetting,
  kAddManager,
};

// 0 = succeeds; otherwise the ErrorCode's value.
using Want = std::array<int, kChannelTypeCount>;  // indexed by ChannelType
constexpr Want Same(ErrorCode c) {
  Want w{};
  for (int& x : w) x = static_cast<int>(c);
  return w;
}
constexpr Want kOk = {0, 0, 0, 0, 0, 0, 0};
constexpr int E(ErrorCode c) { return static_cast<int>(c); }

struct Row {
  Op op;
  Who who;
  Want want;
};

//                      private  public  invOnly  broadcast  s_public  s_private  s_broadcast
constexpr Want kJoinOutsider = {E(ErrorCode::kCannotJoinPrivateChannel), 0,
                                E(ErrorCode::kInvitationCodeRequired),   0,
                                0, 0, 0};
constexpr Want kReadOutsider = {E(ErrorCode::kUserNotChannelMember), 0,
                                E(ErrorCode::kUserNotChannelMember),
                                E(ErrorCode::kUserNotChannelMember), 0,
                                E(ErrorCode::kUserNotChannelMember),
                                E(ErrorCode::kUserNotChannelMember)};

const Row kMatrix[] = {
    // Update and delete: owner or admin; others 2006.
    {Op::kUpdate, Who::kAdmin, kOk},
    {Op::kUpdate, Who::kOwner, kOk},
    {Op::kUpdate, Who::kMember, Same(ErrorCode::kChannelUpdateNotAuthorized)},
    {Op::kUpdate, Who::kOutsider, Same(ErrorCode::kChannelUpdateNotAuthorized)},
    {Op::kUpdate, Who::kBot, Same(ErrorCode::kUnauthorized)},
    {Op::kDelete, Who::kAdmin, kOk},
    {Op::kDelete, Who::kOwner, kOk},
    {Op::kDelete, Who::kMember, Same(ErrorCode::kChannelUpdateNotAuthorized)},
    {Op::kDelete, Who::kOutsider, Same(ErrorCode::kChannelUpdateNotAuthorized)},
    {Op::kDelete, Who::kBot, Same(ErrorCode::kUnauthorized)},
    // Add: any member invites.
    {Op::kAdd, Who::kAdmin, kOk},
    {Op::kAdd, Who::kOwner, kOk},
    {Op::kAdd, Who::kMember, kOk},
    {Op::kAdd, Who::kOutsider, Same(ErrorCode::kUserNotChannelMember)},
    {Op::kAdd, Who::kBot, Same(ErrorCode::kUnauthorized)},
    // Owner-only operations: 2031.
    {Op::kRemove, Who::kAdmin, kOk},
    {Op::kRemove, Who::kOwner, kOk},
    {Op::kRemove, Who::kMember, Same(ErrorCode::kNotChannelOwner)},
    {Op::kRemove, Who::kOutsider, Same(ErrorCode::kNotChannelOwner)},
    {Op::kRemove, Who::kBot, Same(ErrorCode::kUnauthorized)},
    {Op::kTransfer, Who::kAdmin, kOk},
    {Op::kTransfer, Who::kOwner, kOk},
    {Op::kTransfer, Who::kMember, Same(ErrorCode::kNotChannelOwner)},
    {Op::kTransfer, Who::kOutsider, Same(ErrorCode::kNotChannelOwner)},
    {Op::kTransfer, Who::kBot, Same(ErrorCode::kUnauthorized)},
    {Op::kFreeze, Who::kAdmin, kOk},
    {Op::kFreeze, Who::kOwner, kOk},
    {Op::kFreeze, Who::kMember, Same(ErrorCode::kNotChannelOwner)},
    {Op::kFreeze, Who::kOutsider, Same(ErrorCode::kNotChannelOwner)},
    {Op::kFreeze, Who::kBot, Same(ErrorCode::kUnauthorized)},
    // Join by self per type; the admin joins anyone anywhere.
    {Op::kJoin, Who::kAdmin, kOk},
    {Op::kJoin, Who::kOwner, Same(ErrorCode::kAlreadyMember)},
    {Op::kJoin, Who::kMember, Same(ErrorCode::kAlreadyMember)},
    {Op::kJoin, Who::kOutsider, kJoinOutsider},
    {Op::kJoin, Who::kBot, Same(ErrorCode::kUnauthorized)},
    // Leave by self (the owner too: succession).
    {Op::kLeave, Who::kAdmin, kOk},
    {Op::kLeave, Who::kOwner, kOk},
    {Op::kLeave, Who::kMember, kOk},
    {Op::kLeave, Who::kOutsider, Same(ErrorCode::kUserNotChannelMember)},
    {Op::kLeave, Who::kBot, Same(ErrorCode::kUnauthorized)},
    {Op::kLeaveOther, Who::kAdmin, kOk},
    {Op::kLeaveOther, Who::kOwner, Same(ErrorCode::kUnauthorized)},
    {Op::kLeaveOther, Who::kMember, Same(ErrorCode::kUnauthorized)},
    {Op::kLeaveOther, Who::kOutsider, Same(ErrorCode::kUnauthorized)},
    {Op::kLeaveOther, Who::kBot, Same(ErrorCode::kUnauthorized)},
    // Reads: members, or anyone for public-listed types (channel object).
    {Op::kGetChannel, Who::kAdmin, kOk},
    {Op::kGetChannel, Who::kOwner, kOk},
    {Op::kGetChannel, Who::kMember, kOk},
    {Op::kGetChannel, Who::kOutsider, kReadOutsider},
    {Op::kGetChannel, Who::kBot, Same(ErrorCode::kUnauthorized)},
    {Op::kListMembers, Who::kAdmin, kOk},
    {Op::kListMembers, Who::kOwner, kOk},
    {Op::kListMembers, Who::kMember, kOk},
    {Op::kListMembers, Who::kOutsider, Same(ErrorCode::kUserNotChannelMember)},
    {Op::kListMembers, Who::kBot, Same(ErrorCode::kUnauthorized)},
    {Op::kGetMember, Who::kAdmin, kOk},
    {Op::kGetMember, Who::kOwner, kOk},
    {Op::kGetMember, Who::kMember, kOk},
    {Op::kGetMember, Who::kOutsider, Same(ErrorCode::kUserNotChannelMember)},
    {Op::kGetMember, Who::kBot, Same(ErrorCode::kUnauthorized)},
    // Per-member settings: self (a member) or the admin.
    {Op::kSetHidden, Who::kAdmin, kOk},
    {Op::kSetHidden, Who::kOwner, kOk},
    {Op::kSetHidden, Who::kMember, kOk},
    {Op::kSetHidden, Who::kOutsider, Same(ErrorCode::kUserNotChannelMember)},
    {Op::kSetHidden, Who::kBot, Same(ErrorCode::kUnauthorized)},
    {Op::kSetPush, Who::kAdmin, kOk},
    {Op::kSetPush, Who::kOwner, kOk},
    {Op::kSetPush, Who::kMember, kOk},
    {Op::kSetPush, Who::kOutsider, Same(ErrorCode::kUserNotChannelMember)},
    {Op::kSetPush, Who::kBot, Same(ErrorCode::kUnauthorized)},
    {Op::kSetMemberInfo, Who::kAdmin, kOk},
    {Op::kSetMemberInfo, Who::kOwner, kOk},
    {Op::kSetMemberInfo, Who::kMember, kOk},
    {Op::kSetMemberInfo, Who::kOutsider,
     Same(ErrorCode::kUserNotChannelMember)},
    {Op::kSetMemberInfo, Who::kBot, Same(ErrorCode::kUnauthorized)},
    {Op::kSetOthersSetting, Who::kAdmin, kOk},
    {Op::kSetOthersSetting, Who::kOwner, Same(ErrorCode::kUnauthorized)},
    {Op::kSetOthersSetting, Who::kMember, Same(ErrorCode::kUnauthorized)},
    {Op::kSetOthersSetting, Who::kOutsider, Same(ErrorCode::kUnauthorized)},
    {Op::kSetOthersSetting, Who::kBot, Same(ErrorCode::kUnauthorized)},
    // TalkPlus channels have no managers, whoever asks.
    {Op::kAddManager, Who::kAdmin, Same(ErrorCode::kParamsBindingError)},
    {Op::kAddManager, Who::kOwner, Same(ErrorCode::kParamsBindingError)},
    {Op::kAddManager, Who::kMember, Same(ErrorCode::kParamsBindingError)},
    {Op::kAddManager, Who::kOutsider, Same(ErrorCode::kParamsBindingError)},
    {Op::kAddManager, Who::kBot, Same(ErrorCode::kUnauthorized)},
};

class PermissionsTest : public EngineTest {
 protected:
  // owner o; members m, m2; outsider x; t not in the channel; bot b.
  void Build(ChannelType type, Dialect dialect) {
    Reset(TestOptions());
    o_ = User("o");
    m_ = User("m");
    m2_ = User("m2");
    x_ = User("x");
    t_ = User("t");
    bot_ = Bot("b");
    CreateChannelRequest r = Req("c", type, o_, {m_, m2_});
    if (dialect == Dialect::kGitpleLive) r = GitpleReq("chan", {o_, m_, m2_});
    auto c = engine().CreateChannel(Actor::Admin(), r, Now());
    ASSERT_THAT(c, IsOk());
    c_ = *c;
  }
  Actor ActorOf(Who who) {
    switch (who) {
      case Who::kAdmin:
        return Actor::Admin();
      case Who::kOwner:
        return Actor::User(o_);
      case Who::kMember:
        return Actor::User(m_);
      case Who::kOutsider:
        return Actor::User(x_);
      case Who::kBot:
        return Actor::Bot(bot_);
    }
    return Actor::Admin();
  }
  // The user a self-service call names: the acting user, or for the admin
  // and the bot someone it could act for (t to join, m otherwise).
  UserId SelfOf(Who who, Op op) {
    switch (who) {
      case Who::kOwner:
        return o_;
      case Who::kMember:
        return m_;
      case Who::kOutsider:
        return x_;
      default:
        return op == Op::kJoin ? t_ : m_;
    }
  }
  absl::Status Run(Op op, Who who) {
    const Actor a = ActorOf(who);
    const Millis t = Now();
    const UserId self = SelfOf(who, op);
    switch (op) {
      case Op::kUpdate: {
        UpdateChannelRequest r;
        r.channel = c_;
        r.image_url = "new";
        return engine().UpdateChannel(a, r, t);
      }
      case Op::kDelete:
        return engine().DeleteChannel(a, c_, t);
      case Op::kAdd:
        return engine().AddMembers(a, {c_, {t_}}, t);
      case Op::kRemove:
        return engine().RemoveMembers(a, {c_, {m2_}}, t);
      case Op::kJoin:
        return engine().Join(a, {c_, self, {}}, t);
      case Op::kLeave:
        return engine().Leave(a, {c_, self, false}, t);
      case Op::kLeaveOther:
        return engine().Leave(a, {c_, m2_, false}, t);
      case Op::kTransfer:
        return engine().TransferOwnership(a, c_, m2_, t);
      case Op::kFreeze:
        return engine().SetFrozen(a, c_, true, t);
      case Op::kGetChannel:
        return engine().GetChannel(a, c_, UserId()).status();
      case Op::kListMembers:
        return engine().ListMembers(a, c_, UserId(), 10).status();
      case Op::kGetMember:
        return engine().GetMember(a, c_, m2_).status();
      case Op::kSetHidden:
        return engine().SetHidden(a, {c_, self}, true, t);
      case Op::kSetPush:
        return engine().SetChannelPush(a, {c_, self}, false, t);
      case Op::kSetMemberInfo:
        return engine().SetMemberInfo(a, {c_, self}, {{"k", "v"}}, t);
      case Op::kSetOthersSetting:
        return engine().SetPrivateTag(a, {c_, m2_}, "tag", t);
      case Op::kAddManager:
        return engine().AddManager(a, c_, m2_, t);
    }
    return absl::InternalError("unknown op");
  }

  UserId o_, m_, m2_, x_, t_;
  BotId bot_;
  ChannelId c_;
};

TEST_F(PermissionsTest, MatrixOverTypesOperationsAndActors) {
  int cells = 0;
  for (const Row& row : kMatrix) {
    for (ChannelType type : kAllTypes) {
      Build(type, Dialect::kTalkPlus);
      const int want = row.want[static_cast<int>(type)];
      SCOPED_TRACE(::testing::Message()
                   << "op " << static_cast<int>(row.op) << " who "
                   << static_cast<int>(row.who) << " type "
                   << ChannelTypeName(type));
      const std::string before = engine().DebugString();
      absl::Status got = Run(row.op, row.who);
      if (want == 0) {
        EXPECT_THAT(got, IsOk());
      } else {
        EXPECT_THAT(got, StatusIs(static_cast<ErrorCode>(want)));
        EXPECT_EQ(engine().DebugString(), before);  // refusals change nothing
      }
      ++cells;
    }
  }
  EXPECT_EQ(cells, static_cast<int>(std::size(kMatrix)) * kChannelTypeCount);
}

// GitpleLive channels: a manager holds the owner's update, delete and freeze
// powers (design.md), nothing more.
enum class GWho { kAdmin, kManager, kMember, kOutsider, kBot };
struct GRow {
  Op op;
  GWho who;
  int want;
};
const GRow kGitpleMatrix[] = {
    {Op::kUpdate, GWho::kAdmin, 0},
    {Op::kUpdate, GWho::kManager, 0},
    {Op::kUpdate, GWho::kMember, E(ErrorCode::kChannelUpdateNotAuthorized)},
    {Op::kUpdate, GWho::kOutsider, E(ErrorCode::kChannelUpdateNotAuthorized)},
    {Op::kUpdate, GWho::kBot, E(ErrorCode::kUnauthorized)},
    {Op::kDelete, GWho::kAdmin, 0},
    {Op::kDelete, GWho::kManager, 0},
    {Op::kDelete, GWho::kMember, E(ErrorCode::kChannelUpdateNotAuthorized)},
    {Op::kDelete, GWho::kOutsider, E(ErrorCode::kChannelUpdateNotAuthorized)},
    {Op::kDelete, GWho::kBot, E(ErrorCode::kUnauthorized)},
    {Op::kFreeze, GWho::kAdmin, 0},
    {Op::kFreeze, GWho::kManager, 0},
    {Op::kFreeze, GWho::kMember, E(ErrorCode::kNotChannelOwner)},
    {Op::kFreeze, GWho::kOutsider, E(ErrorCode::kNotChannelOwner)},
    {Op::kFreeze, GWho::kBot, E(ErrorCode::kUnauthorized)},
    {Op::kRemove, GWho::kAdmin, 0},
    {Op::kRemove, GWho::kManager, E(ErrorCode::kNotChannelOwner)},
    {Op::kRemove, GWho::kMember, E(ErrorCode::kNotChannelOwner)},
    {Op::kRemove, GWho::kBot, E(ErrorCode::kUnauthorized)},
    {Op::kTransfer, GWho::kManager, E(ErrorCode::kNotChannelOwner)},
    {Op::kAddManager, GWho::kAdmin, 0},
    {Op::kAddManager, GWho::kManager, 0},
    {Op::kAddManager, GWho::kMember, E(ErrorCode::kUnauthorized)},
    {Op::kAddManager, GWho::kOutsider, E(ErrorCode::kUnauthorized)},
    {Op::kAddManager, GWho::kBot, E(ErrorCode::kUnauthorized)},
};

TEST_F(PermissionsTest, GitpleLiveManagersMatrix) {
  for (const GRow& row : kGitpleMatrix) {
    // GitpleLive group channels are ownerless; o is made a manager.
    Build(ChannelType::kPublic, Dialect::kGitpleLive);
    BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), c_, o_, Now()));
    SCOPED_TRACE(::testing::Message() << "op " << static_cast<int>(row.op)
                                      << " who " << static_cast<int>(row.who));
    // The manager o plays the owner's part in Run().
    const Who who = static_cast<Who>(row.who);
    const std::string before = engine().DebugString();
    absl::Status got = Run(row.op, who);
    if (row.want == 0) {
      EXPECT_THAT(got, IsOk());
    } else {
      EXPECT_THAT(got, StatusIs(static_cast<ErrorCode>(row.want)));
      EXPECT_EQ(engine().DebugString(), before);
    }
  }
}

}  // namespace
}  // namespace banter::testing
