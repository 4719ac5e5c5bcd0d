// Authorization audit: every channel-scoped operation x every actor (admin;
// users in each standing: owner, member, muted member, non-member, banned
// non-member; a bot that joined the channel and one that did not) x every
// channel type x frozen or not, each on a fresh engine, compared with the
// permission table below, transcribed from docs/model.md (channels)
// ("Permission matrix as built"), docs/model.md (moderation) ("Operations"),
// docs/messaging.md (send checks, edits, deletes, reactions, reads),
// docs/moderation.md (slow mode, pins) and design.md "Permissions" /
// "Freeze and mute".
//
// The table gives the exact outcome (ok or the code). A success where it says
// no is a hole in authorization; a refusal where it says yes is a lost
// feature; both fail. A refused call must also leave the dump unchanged.
#include <array>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"

namespace banter {
namespace {

// Actor standings, in table column order.
enum Who { kAdmin, kOwner, kMember, kMuted, kOutsider, kBanned, kBotIn,
           kBotOut, kWhoCount };
constexpr const char* kWhoNames[] = {"admin",    "owner",  "member",
                                     "muted",    "outsider", "banned",
                                     "bot-in",   "bot-out"};

enum class Op {
  kUpdate, kDelete, kAdd, kRemove, kJoin, kJoinCode, kLeave, kLeaveOther,
  kTransfer, kFreeze, kUnfreeze, kSetHidden, kSetPush, kSetSounds,
  kSetMemberInfo, kSetPrivateData, kSetPrivateTag, kOthersSetting,
  kAddManager, kRemoveManager, kGetChannel, kListMembers, kGetMember, kBan,
  kUnban, kMute, kUnmute, kMuteAll, kPeerMute, kPeerUnmute, kListBanned,
  kListMuted, kListPeerMuted, kBotJoin, kBotLeave, kSend, kUpdateMessage,
  kDeleteMessage, kAddReaction, kRemoveReaction, kTranslate, kMarkRead,
  kMarkDelivered, kGetMessage, kListMessages, kOthersMessages, kUnreadCount,
  kNotReadBy, kReceipts, kSetWordFilter, kGetWordFilter, kSetSlowMode,
  kPinMessage, kUnpinMessage, kListPinned,
};

// What failure messages call each operation: the command's own name
// (CommandName, command.h) for the mutating ones, the method's name for the
// reads, plus the variant a row exercises.
std::string OpName(Op op) {
  auto name = [](Command c) { return std::string(CommandName(c)); };
  switch (op) {
    case Op::kUpdate: return name(cmd::UpdateChannel{});
    case Op::kDelete: return name(cmd::DeleteChannel{});
    case Op::kAdd: return name(cmd::AddMembers{});
    case Op::kRemove: return name(cmd::RemoveMembers{});
    case Op::kJoin: return name(cmd::Join{});
    case Op::kJoinCode: return name(cmd::Join{}) + " (with a code)";
    case Op::kLeave: return name(cmd::Leave{});
    case Op::kLeaveOther: return name(cmd::Leave{}) + " (another member)";
    case Op::kTransfer: return name(cmd::TransferOwnership{});
    case Op::kFreeze: return name(cmd::SetFrozen{}) + " (freeze)";
    case Op::kUnfreeze: return name(cmd::SetFrozen{}) + " (unfreeze)";
    case Op::kSetHidden: return name(cmd::SetHidden{});
    case Op::kSetPush: return name(cmd::SetChannelPush{});
    case Op::kSetSounds: return name(cmd::SetPushSounds{});
    case Op::kSetMemberInfo: return name(cmd::SetMemberInfo{});
    case Op::kSetPrivateData: return name(cmd::SetPrivateData{});
    case Op::kSetPrivateTag: return name(cmd::SetPrivateTag{});
    case Op::kOthersSetting:
      return name(cmd::SetPrivateTag{}) + " (another member's)";
    case Op::kAddManager: return name(cmd::AddManager{});
    case Op::kRemoveManager: return name(cmd::RemoveManager{});
    case Op::kGetChannel: return "GetChannel";
    case Op::kListMembers: return "ListMembers";
    case Op::kGetMember: return "GetMember";
    case Op::kBan: return name(cmd::Ban{});
    case Op::kUnban: return name(cmd::Unban{});
    case Op::kMute: return name(cmd::Mute{});
    case Op::kUnmute: return name(cmd::Unmute{});
    case Op::kMuteAll: return name(cmd::MuteAll{});
    case Op::kPeerMute: return name(cmd::PeerMute{});
    case Op::kPeerUnmute: return name(cmd::PeerUnmute{});
    case Op::kListBanned: return "ListBanned";
    case Op::kListMuted: return "ListMuted";
    case Op::kListPeerMuted: return "ListPeerMuted";
    case Op::kBotJoin: return name(cmd::BotJoin{});
    case Op::kBotLeave: return name(cmd::BotLeave{});
    case Op::kSend: return name(cmd::SendMessage{});
    case Op::kUpdateMessage: return name(cmd::UpdateMessage{});
    case Op::kDeleteMessage: return name(cmd::DeleteMessage{});
    case Op::kAddReaction: return name(cmd::AddReaction{});
    case Op::kRemoveReaction: return name(cmd::RemoveReaction{});
    case Op::kTranslate: return name(cmd::TranslateMessage{});
    case Op::kMarkRead: return name(cmd::MarkRead{});
    case Op::kMarkDelivered: return name(cmd::MarkDelivered{});
    case Op::kGetMessage: return "GetMessage";
    case Op::kListMessages: return "ListMessages";
    case Op::kOthersMessages: return "ListMessages (another member's)";
    case Op::kUnreadCount: return "UnreadCount";
    case Op::kNotReadBy: return "NotReadByCount";
    case Op::kReceipts: return "Receipts";
    case Op::kSetWordFilter: return name(cmd::SetWordFilter{});
    case Op::kGetWordFilter: return "GetWordFilter";
    case Op::kSetSlowMode: return name(cmd::SetSlowMode{});
    case Op::kPinMessage: return name(cmd::PinMessage{});
    case Op::kUnpinMessage: return name(cmd::UnpinMessage{});
    case Op::kListPinned: return "ListPinned";
  }
  return "";
}

// 0 = succeeds; otherwise the ErrorCode's value. Indexed by ChannelType.
using Want = std::array<int, kChannelTypeCount>;
constexpr int E(ErrorCode c) { return static_cast<int>(c); }
constexpr Want S(ErrorCode c) {
  Want w{};
  for (int& x : w) x = E(c);
  return w;
}
constexpr Want OK = {0, 0, 0, 0, 0, 0, 0};
constexpr Want k1006 = S(ErrorCode::kUnauthorized);
constexpr Want k2005 = S(ErrorCode::kUserNotChannelMember);
constexpr Want k2006 = S(ErrorCode::kChannelUpdateNotAuthorized);
constexpr Want k2031 = S(ErrorCode::kNotChannelOwner);
constexpr Want k2008 = S(ErrorCode::kAlreadyMember);
constexpr Want k7004 = S(ErrorCode::kNotMessageSender);

//  order: private, public, invitationOnly, broadcast, super_public,
//         super_private, super_broadcast
// Join by self without a code: private 2011, invitationOnly 2012, others ok.
constexpr Want kJoinOutsider = {E(ErrorCode::kCannotJoinPrivateChannel), 0,
                                E(ErrorCode::kInvitationCodeRequired),
                                0, 0, 0, 0};
// With the right code: private 2011 first, invitationOnly ok, others 2015.
constexpr Want kJoinCodeOutsider = {
    E(ErrorCode::kCannotJoinPrivateChannel),
    E(ErrorCode::kChannelNotInvitationOnlyType), 0,
    E(ErrorCode::kChannelNotInvitationOnlyType),
    E(ErrorCode::kChannelNotInvitationOnlyType),
    E(ErrorCode::kChannelNotInvitationOnlyType),
    E(ErrorCode::kChannelNotInvitationOnlyType)};
// Channel object reads by non-members: public-listed types only.
constexpr Want kReadOutsider = {E(ErrorCode::kUserNotChannelMember), 0,
                                E(ErrorCode::kUserNotChannelMember),
                                E(ErrorCode::kUserNotChannelMember), 0,
                                E(ErrorCode::kUserNotChannelMember),
                                E(ErrorCode::kUserNotChannelMember)};

struct Row {
  Op op;
  std::array<Want, kWhoCount> want;  // by Who
  // When set, the row for a frozen channel differs (only sending does).
  std::array<Want, kWhoCount> frozen_want{};
  bool frozen_differs = false;
};

// Rows shared by many operations.
//                                     admin owner member muted outsider banned bot-in bot-out
constexpr std::array<Want, kWhoCount> kOwnerOnly = {OK, OK, k2031, k2031, k2031, k2031, k1006, k1006};
constexpr std::array<Want, kWhoCount> kOwnerUpdate = {OK, OK, k2006, k2006, k2006, k2006, k1006, k1006};
constexpr std::array<Want, kWhoCount> kMembersSelf = {OK, OK, OK, OK, k2005, k2005, k1006, k1006};
constexpr std::array<Want, kWhoCount> kAdminOnly = {OK, k1006, k1006, k1006, k1006, k1006, k1006, k1006};
constexpr std::array<Want, kWhoCount> kNoManagers = {
    S(ErrorCode::kParamsBindingError), S(ErrorCode::kParamsBindingError),
    S(ErrorCode::kParamsBindingError), S(ErrorCode::kParamsBindingError),
    S(ErrorCode::kParamsBindingError), S(ErrorCode::kParamsBindingError),
    k1006, k1006};

const Row kTable[] = {
    // model.md (channels): update/delete owner or admin, others 2006.
    {Op::kUpdate, kOwnerUpdate},
    {Op::kDelete, kOwnerUpdate},
    // Add: any member invites (mute blocks only sending).
    {Op::kAdd, {OK, OK, OK, OK, k2005, k2005, k1006, k1006}},
    {Op::kRemove, kOwnerOnly},
    // Join: the admin joins anyone; members 2008; banned 2018 before the
    // type rules.
    {Op::kJoin, {OK, k2008, k2008, k2008, kJoinOutsider,
                 S(ErrorCode::kBannedFromChannel), k1006, k1006}},
    {Op::kJoinCode, {OK, k2008, k2008, k2008, kJoinCodeOutsider,
                     S(ErrorCode::kBannedFromChannel), k1006, k1006}},
    {Op::kLeave, kMembersSelf},
    {Op::kLeaveOther, kAdminOnly},
    {Op::kTransfer, kOwnerOnly},
    {Op::kFreeze, kOwnerOnly},
    {Op::kUnfreeze, kOwnerOnly},
    // Per-member settings: self (a member) or the admin.
    {Op::kSetHidden, kMembersSelf},
    {Op::kSetPush, kMembersSelf},
    {Op::kSetSounds, kMembersSelf},
    {Op::kSetMemberInfo, kMembersSelf},
    {Op::kSetPrivateData, kMembersSelf},
    {Op::kSetPrivateTag, kMembersSelf},
    {Op::kOthersSetting, kAdminOnly},
    // TalkPlus channels have no managers (1001), bots 1006 first.
    {Op::kAddManager, kNoManagers},
    {Op::kRemoveManager, kNoManagers},
    // Reads.
    {Op::kGetChannel, {OK, OK, OK, OK, kReadOutsider, kReadOutsider, k1006,
                       k1006}},
    {Op::kListMembers, kMembersSelf},
    {Op::kGetMember, kMembersSelf},
    // model.md (moderation): ban/unban/mute/unmute owner or admin (2031).
    {Op::kBan, kOwnerOnly},
    {Op::kUnban, kOwnerOnly},
    {Op::kMute, kOwnerOnly},
    {Op::kUnmute, kOwnerOnly},
    {Op::kMuteAll, kAdminOnly},
    {Op::kPeerMute, kMembersSelf},
    {Op::kPeerUnmute, kMembersSelf},
    {Op::kListBanned, kOwnerOnly},
    {Op::kListMuted, kMembersSelf},
    {Op::kListPeerMuted, kMembersSelf},
    // Bots join and leave themselves, or the admin does it.
    {Op::kBotJoin, {OK, k1006, k1006, k1006, k1006, k1006,
                    S(ErrorCode::kBotAlreadyInChannel), OK}},
    {Op::kBotLeave, {OK, k1006, k1006, k1006, k1006, k1006, OK,
                     S(ErrorCode::kBotNotInChannel)}},
    // Send (messaging.md §Delivery): 4000 non-members, 7011 a bot outside,
    // 2025 frozen unless owner or admin type (bots not exempt), 2027 muted.
    {Op::kSend,
     {OK, OK, OK, S(ErrorCode::kMutedInChannel),
      S(ErrorCode::kSenderNotChannelMember),
      S(ErrorCode::kSenderNotChannelMember), OK,
      S(ErrorCode::kBotNotInChannel)},
     {OK, OK, S(ErrorCode::kCannotSendMessageInFrozenChannel),
      S(ErrorCode::kCannotSendMessageInFrozenChannel),
      S(ErrorCode::kSenderNotChannelMember),
      S(ErrorCode::kSenderNotChannelMember),
      S(ErrorCode::kCannotSendMessageInFrozenChannel),
      S(ErrorCode::kBotNotInChannel)},
     true},
    // Edits: the sender or the admin; deletes: + the owner (7004; bots
    // 1006). The target is the admin's message, visible to every member in
    // every type.
    {Op::kUpdateMessage, {OK, k7004, k7004, k7004, k7004, k7004, k1006,
                          k1006}},
    {Op::kDeleteMessage, {OK, OK, k7004, k7004, k7004, k7004, k1006, k1006}},
    // Reactions, translations, read state, reads: members as themselves.
    {Op::kAddReaction, kMembersSelf},
    {Op::kRemoveReaction, kMembersSelf},
    {Op::kTranslate, kMembersSelf},
    {Op::kMarkRead, kMembersSelf},
    {Op::kMarkDelivered, kMembersSelf},
    {Op::kGetMessage, kMembersSelf},
    {Op::kListMessages, kMembersSelf},
    {Op::kOthersMessages, kAdminOnly},
    {Op::kUnreadCount, kMembersSelf},
    {Op::kNotReadBy, kMembersSelf},
    {Op::kReceipts, kMembersSelf},
    // The word filter is app configuration (docs/word-filter.md).
    {Op::kSetWordFilter, kAdminOnly},
    {Op::kGetWordFilter, kAdminOnly},
    // Slow mode and pins (docs/moderation.md): the owner or the admin (and
    // GitpleLive managers), 2031; bots 1006. The pinned list: members as
    // themselves.
    {Op::kSetSlowMode, kOwnerOnly},
    {Op::kPinMessage, kOwnerOnly},
    {Op::kUnpinMessage, kOwnerOnly},
    {Op::kListPinned, kMembersSelf},
};

class AuthzAuditTest : public testing::EngineTest {
 protected:
  // Owner o; members m, mm (muted), m2 (a target); x outside; b banned; t a
  // user to add or join; bot bin joined, bout not; one admin message with
  // the reaction "like" from o, m and mm, and a second one, pinned.
  void Build(ChannelType type, bool frozen) {
    Reset(testing::TestOptions());
    o_ = User("o");
    m_ = User("m");
    mm_ = User("mm");
    m2_ = User("m2");
    x_ = User("x");
    b_ = User("b");
    t_ = User("t");
    bin_ = Bot("bin");
    bout_ = Bot("bout");
    CreateChannelRequest r;
    r.channel_id = "c";
    r.type = type;
    r.owner = o_;
    r.members = {m_, mm_, m2_, b_};
    if (type == ChannelType::kInvitationOnly) r.invitation_code = "code";
    auto c = engine().CreateChannel(Actor::Admin(), r, Now());
    ASSERT_TRUE(c.ok()) << c.status();
    c_ = *c;
    const Actor admin = Actor::Admin();
    ASSERT_TRUE(engine().Ban(admin, {c_, {b_}, 0, ""}, Now()).ok());
    ASSERT_TRUE(engine().Mute(admin, {c_, {mm_}, 0}, Now()).ok());
    ASSERT_TRUE(engine().BotJoin(admin, bin_, c_, Now()).ok());
    SendMessageRequest s;
    s.channel = c_;
    s.type = MessageType::kAdmin;
    s.text = "notice";
    auto msg = engine().SendMessage(admin, s, Now());
    ASSERT_TRUE(msg.ok()) << msg.status();
    msg_ = *msg;
    for (UserId u : {o_, m_, mm_}) {
      ASSERT_TRUE(engine().AddReaction(admin, {msg_, u, "like"}, Now()).ok());
    }
    s.text = "rules";
    auto pinned = engine().SendMessage(admin, s, Now());
    ASSERT_TRUE(pinned.ok()) << pinned.status();
    pinned_ = *pinned;
    ASSERT_TRUE(
        engine().Execute(admin, cmd::PinMessage{pinned_}, Now()).ok());
    if (frozen) {
      ASSERT_TRUE(engine().SetFrozen(admin, c_, true, Now()).ok());
    }
    Advance(1000);
  }

  Actor ActorOf(Who who) const {
    switch (who) {
      case kAdmin: return Actor::Admin();
      case kOwner: return Actor::User(o_);
      case kMember: return Actor::User(m_);
      case kMuted: return Actor::User(mm_);
      case kOutsider: return Actor::User(x_);
      case kBanned: return Actor::User(b_);
      case kBotIn: return Actor::Bot(bin_);
      case kBotOut: return Actor::Bot(bout_);
      default: return Actor::Admin();
    }
  }
  // The user a self-service call names: the acting user; for the admin
  // (and bots) a member it may act for (t for joins).
  UserId SelfOf(Who who, Op op) const {
    switch (who) {
      case kOwner: return o_;
      case kMember: return m_;
      case kMuted: return mm_;
      case kOutsider: return x_;
      case kBanned: return b_;
      default:
        return op == Op::kJoin || op == Op::kJoinCode ? t_ : m_;
    }
  }

  absl::Status Run(Op op, Who who) {
    const Actor a = ActorOf(who);
    const UserId self = SelfOf(who, op);
    const MemberSettingRequest mine{c_, self};
    const Millis t = Now();
    switch (op) {
      case Op::kUpdate: {
        UpdateChannelRequest r;
        r.channel = c_;
        r.name = "renamed";
        return engine().UpdateChannel(a, r, t);
      }
      case Op::kDelete: return engine().DeleteChannel(a, c_, t);
      case Op::kAdd: return engine().AddMembers(a, {c_, {t_}}, t);
      case Op::kRemove: return engine().RemoveMembers(a, {c_, {m2_}}, t);
      case Op::kJoin: return engine().Join(a, {c_, self, std::nullopt}, t);
      case Op::kJoinCode:
        return engine().Join(a, {c_, self, std::string("code")}, t);
      case Op::kLeave: return engine().Leave(a, {c_, self, false}, t);
      case Op::kLeaveOther: return engine().Leave(a, {c_, m2_, false}, t);
      case Op::kTransfer: return engine().TransferOwnership(a, c_, m2_, t);
      case Op::kFreeze: return engine().SetFrozen(a, c_, true, t);
      case Op::kUnfreeze: return engine().SetFrozen(a, c_, false, t);
      case Op::kSetHidden: return engine().SetHidden(a, mine, true, t);
      case Op::kSetPush: return engine().SetChannelPush(a, mine, false, t);
      case Op::kSetSounds:
        return engine().SetPushSounds(a, mine, "ding", std::nullopt, t);
      case Op::kSetMemberInfo:
        return engine().SetMemberInfo(a, mine, {{"k", "v"}}, t);
      case Op::kSetPrivateData:
        return engine().SetPrivateData(a, mine, {{"k", "v"}}, t);
      case Op::kSetPrivateTag: return engine().SetPrivateTag(a, mine, "tag", t);
      case Op::kOthersSetting:
        return engine().SetPrivateTag(a, {c_, m2_}, "tag", t);
      case Op::kAddManager: return engine().AddManager(a, c_, m2_, t);
      case Op::kRemoveManager: return engine().RemoveManager(a, c_, m2_, t);
      case Op::kGetChannel:
        return engine().GetChannel(a, c_, UserId()).status();
      case Op::kListMembers:
        return engine().ListMembers(a, c_, UserId(), 10).status();
      case Op::kGetMember: return engine().GetMember(a, c_, m2_).status();
      case Op::kBan: return engine().Ban(a, {c_, {m2_}, 0, ""}, t);
      case Op::kUnban: return engine().Unban(a, {c_, {b_}}, t);
      case Op::kMute: return engine().Mute(a, {c_, {m2_}, 0}, t);
      case Op::kUnmute: return engine().Unmute(a, {c_, {mm_}}, t);
      case Op::kMuteAll: return engine().MuteAll(a, c_, 0, t);
      case Op::kPeerMute:
        return engine().PeerMute(a, {c_, self, {m2_}, 0}, t);
      case Op::kPeerUnmute:
        return engine().PeerUnmute(a, {c_, self, {m2_}, 0}, t);
      case Op::kListBanned:
        return engine().ListBanned(a, c_, UserId(), 10).status();
      case Op::kListMuted:
        return engine().ListMuted(a, c_, UserId(), 10).status();
      case Op::kListPeerMuted:
        return engine().ListPeerMuted(a, c_, self, UserId(), 10).status();
      case Op::kBotJoin:
        return engine().BotJoin(a, a.is_bot() ? a.bot : bout_, c_, t);
      case Op::kBotLeave:
        return engine().BotLeave(a, a.is_bot() ? a.bot : bin_, c_, t);
      case Op::kSend: {
        SendMessageRequest r;
        r.channel = c_;
        r.text = "hello";
        r.type = a.is_admin()  ? MessageType::kAdmin
                 : a.is_bot() ? MessageType::kBot
                              : MessageType::kText;
        return engine().SendMessage(a, r, t).status();
      }
      case Op::kUpdateMessage: {
        UpdateMessageRequest r;
        r.message = msg_;
        r.text = "edited";
        return engine().UpdateMessage(a, r, t);
      }
      case Op::kDeleteMessage: return engine().DeleteMessage(a, msg_, t);
      case Op::kAddReaction:
        return engine().AddReaction(a, {msg_, self, "wow"}, t);
      case Op::kRemoveReaction:
        return engine().RemoveReaction(a, {msg_, self, "like"}, t);
      case Op::kTranslate:
        return engine().TranslateMessage(a, msg_, {"ko"}, t);
      case Op::kMarkRead: return engine().MarkRead(a, mine, t);
      case Op::kMarkDelivered: return engine().MarkDelivered(a, mine, t);
      case Op::kGetMessage: return engine().GetMessage(a, msg_, self).status();
      case Op::kListMessages: {
        MessageListQuery q;
        q.channel = c_;
        q.viewer = self;
        return engine().ListMessages(a, q).status();
      }
      case Op::kOthersMessages: {
        MessageListQuery q;
        q.channel = c_;
        q.viewer = m2_;
        return engine().ListMessages(a, q).status();
      }
      case Op::kUnreadCount: return engine().UnreadCount(a, c_, self).status();
      case Op::kNotReadBy: return engine().NotReadByCount(a, msg_).status();
      case Op::kReceipts: return engine().Receipts(a, c_).status();
      case Op::kSetWordFilter: {
        WordFilterRequest r;
        r.add = {"noob"};
        return engine().SetWordFilter(a, r, t);
      }
      case Op::kGetWordFilter: return engine().GetWordFilter(a).status();
      case Op::kSetSlowMode:
        return engine().Execute(a, cmd::SetSlowMode{c_, 1000}, t).status();
      case Op::kPinMessage:
        return engine().Execute(a, cmd::PinMessage{msg_}, t).status();
      case Op::kUnpinMessage:
        return engine().Execute(a, cmd::UnpinMessage{pinned_}, t).status();
      case Op::kListPinned:
        return engine().ListPinned(a, c_, UserId()).status();
    }
    return absl::InternalError("unknown op");
  }

  UserId o_, m_, mm_, m2_, x_, b_, t_;
  BotId bin_, bout_;
  ChannelId c_;
  MessageId msg_, pinned_;
};

TEST_F(AuthzAuditTest, EveryCombinationMatchesThePermissionTable) {
  int checked = 0, allowed = 0, refused = 0, mismatches = 0, holes = 0;
  for (const Row& row : kTable) {
    for (int type = 0; type < kChannelTypeCount; ++type) {
      for (bool frozen : {false, true}) {
        for (int w = 0; w < kWhoCount; ++w) {
          Build(static_cast<ChannelType>(type), frozen);
          const Who who = static_cast<Who>(w);
          const int want = (frozen && row.frozen_differs ? row.frozen_want
                                                         : row.want)[w][type];
          const std::string before = engine().DebugString();
          const absl::Status st = Run(row.op, who);
          const int got = st.ok() ? 0 : E(ErrorCodeOf(st).value_or(
                                             ErrorCode::kInternalError));
          ++checked;
          (got == 0 ? allowed : refused)++;
          if (got != want) {
            ++mismatches;
            if (got == 0) ++holes;
            ADD_FAILURE() << OpName(row.op) << " by "
                          << kWhoNames[w] << " on "
                          << ChannelTypeName(static_cast<ChannelType>(type))
                          << (frozen ? " (frozen)" : "") << ": table says "
                          << want << ", engine " << got << " (" << st << ")";
          }
          if (!st.ok()) {
            EXPECT_EQ(engine().DebugString(), before)
                << "a refused call changed the state: " << OpName(row.op)
                << " by " << kWhoNames[w];
          }
        }
      }
    }
  }
  std::printf(
      "authz audit: %zu operations x %d actors x %d types x 2 (frozen): %d "
      "combinations checked, %d allowed, %d refused, %d mismatches (%d "
      "successes the table forbids)\n",
      std::size(kTable), static_cast<int>(kWhoCount), kChannelTypeCount,
      checked, allowed, refused, mismatches, holes);
  EXPECT_EQ(holes, 0);
  EXPECT_EQ(mismatches, 0);
}

// Failure messages name rows by OpName, so every row needs its own.
TEST(AuthzAuditNamesTest, EveryOperationHasItsOwnName) {
  std::set<std::string> names;
  for (const Row& row : kTable) {
    const std::string name = OpName(row.op);
    EXPECT_FALSE(name.empty()) << "op " << static_cast<int>(row.op);
    EXPECT_TRUE(names.insert(name).second) << name << " names two rows";
  }
}

}  // namespace
}  // namespace banter
