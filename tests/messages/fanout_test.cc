// Fan-out of the message event (spec §3, §6.11, §13 #14 #17; design.md):
// recipients per channel type, the broadcast rule, blocks, peer mutes, push,
// and the shape of the recipient spans.
#include <algorithm>
#include <string>
#include <vector>

#include "engine/state.h"
#include "tests/testing/test_access.h"
#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Names = std::vector<std::string>;

class FanoutTest : public MessagesTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
  }
  static std::string Id(ChannelType t) {
    return "ch-" + std::string(ChannelTypeName(t));
  }
  UserId o_, a_, b_;
};

TEST_F(FanoutTest, MessageReachesEveryMemberButTheSender) {
  for (ChannelType t : kAllChannelTypes) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_, b_});
    sink().clear();
    auto m = SendAs(o_, c, "from the owner");
    ASSERT_THAT(m, IsOk());
    auto es = sink().Named("message");
    ASSERT_EQ(es.size(), 1u);
    EXPECT_EQ(es[0].message, engine().MessageIdString(*m));
    EXPECT_EQ(es[0].channel, Id(t));
    EXPECT_EQ(es[0].at, Now());
    EXPECT_THAT(es[0].recipients, ElementsAre("a", "b"));
    // Super channels never push (spec §3).
    if (IsSuper(t)) {
      EXPECT_THAT(es[0].push, IsEmpty());
    } else {
      EXPECT_THAT(es[0].push, ElementsAre("a", "b"));
    }
  }
}

TEST_F(FanoutTest, BroadcastMembersReachOnlyTheOwner) {
  for (ChannelType t : kAllChannelTypes) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_, b_});
    ASSERT_THAT(SendAs(a_, c, "from a"), IsOk());
    if (IsBroadcast(t)) {
      EXPECT_THAT(LastRecipients("message"), ElementsAre("o"));
      EXPECT_EQ(LastPush("message"), IsSuper(t) ? Names{} : Names{"o"});
    } else {
      EXPECT_THAT(LastRecipients("message"), ElementsAre("b", "o"));
    }
  }
}

TEST_F(FanoutTest, AdminAndBotMessagesReachEveryMember) {
  BotId bot = Bot("helper");
  for (ChannelType t : kAllChannelTypes) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_, b_});
    BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, c, Now()));
    ASSERT_THAT(SendAdmin(c, "notice"), IsOk());
    EXPECT_THAT(LastRecipients("message"), ElementsAre("a", "b", "o"));
    SendMessageRequest r = Text(c, "beep");
    r.type = MessageType::kBot;
    ASSERT_THAT(engine().SendMessage(Actor::Bot(bot), r, Now()), IsOk());
    auto es = sink().Named("message");
    EXPECT_THAT(es.back().recipients, ElementsAre("a", "b", "o"));
    EXPECT_EQ(es.back().bot, "helper");
  }
}

TEST_F(FanoutTest, HiddenTypesNeverPush) {
  BotId bot = Bot("helper");
  ChannelId c = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_});
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, c, Now()));
  SendMessageRequest hidden = Text(c, "quiet");
  hidden.type = MessageType::kHidden;
  ASSERT_THAT(engine().SendMessage(Actor::User(a_), hidden, Now()), IsOk());
  EXPECT_THAT(LastRecipients("message"), ElementsAre("b", "o"));
  EXPECT_THAT(LastPush("message"), IsEmpty());
  ASSERT_THAT(SendAdmin(c, "audit", MessageType::kAdminHidden), IsOk());
  EXPECT_THAT(LastPush("message"), IsEmpty());
  SendMessageRequest bh = Text(c, "beep");
  bh.type = MessageType::kBotHidden;
  ASSERT_THAT(engine().SendMessage(Actor::Bot(bot), bh, Now()), IsOk());
  EXPECT_THAT(LastRecipients("message"), ElementsAre("a", "b", "o"));
  EXPECT_THAT(LastPush("message"), IsEmpty());
  // Custom, admin and bot messages push.
  SendMessageRequest custom = Text(c, "{}");
  custom.type = MessageType::kCustom;
  ASSERT_THAT(engine().SendMessage(Actor::User(a_), custom, Now()), IsOk());
  EXPECT_THAT(LastPush("message"), ElementsAre("b", "o"));
  ASSERT_THAT(SendAdmin(c, "notice"), IsOk());
  EXPECT_THAT(LastPush("message"), ElementsAre("a", "b", "o"));
}

TEST_F(FanoutTest, PushSkipsUserAndChannelPushOffs) {
  UserId d = User("d");
  ChannelId c = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_, d});
  BANTER_ASSERT_OK(engine().SetUserPush(Actor::Admin(), a_, false, Now()));
  BANTER_ASSERT_OK(engine().SetChannelPush(
      Actor::User(b_), MemberSettingRequest{c, b_}, false, Now()));
  ASSERT_THAT(SendAs(o_, c, "hi"), IsOk());
  EXPECT_THAT(LastRecipients("message"), ElementsAre("a", "b", "d"));
  EXPECT_THAT(LastPush("message"), ElementsAre("d"));
  ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, a_, {d});
  ASSERT_THAT(SendAs(d, bc, "to a"), IsOk());
  EXPECT_THAT(LastRecipients("message"), ElementsAre("a"));
  EXPECT_THAT(LastPush("message"), IsEmpty());
}

TEST_F(FanoutTest, BlockersDoNotReceiveTheBlockedSender) {
  for (ChannelType t : kAllChannelTypes) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_, b_});
    BANTER_ASSERT_OK(engine().Block(Actor::Admin(), a_, b_, Now()));
    BANTER_ASSERT_OK(engine().Block(Actor::Admin(), b_, o_, Now()));
    ASSERT_THAT(SendAs(b_, c, "from b"), IsOk());
    if (IsBroadcast(t)) {
      EXPECT_THAT(LastRecipients("message"), ElementsAre("o"));
    } else {
      EXPECT_THAT(LastRecipients("message"), ElementsAre("o"));
      if (!IsSuper(t)) {
        EXPECT_THAT(LastPush("message"), ElementsAre("o"));
      }
    }
    // b blocked the owner: the owner's messages skip b.
    ASSERT_THAT(SendAs(o_, c, "from o"), IsOk());
    EXPECT_THAT(LastRecipients("message"), ElementsAre("a"));
    // Blocking is one way: a's messages still reach b.
    ASSERT_THAT(SendAs(a_, c, "from a"), IsOk());
    EXPECT_EQ(LastRecipients("message"),
              (IsBroadcast(t) ? Names{"o"} : Names{"b", "o"}));
    BANTER_ASSERT_OK(engine().Unblock(Actor::Admin(), a_, b_, Now()));
    BANTER_ASSERT_OK(engine().Unblock(Actor::Admin(), b_, o_, Now()));
  }
}

TEST_F(FanoutTest, BroadcastOwnerWhoBlockedTheSenderGetsNothing) {
  ChannelId c = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), o_, a_, Now()));
  sink().clear();
  ASSERT_THAT(SendAs(a_, c, "to o"), IsOk());
  auto es = sink().Named("message");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_THAT(es[0].recipients, IsEmpty());
  EXPECT_THAT(es[0].push, IsEmpty());
}

TEST_F(FanoutTest, PeerMutersDoNotReceiveUntilTheMuteEnds) {
  for (ChannelType t : kAllChannelTypes) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_, b_});
    const Millis start = Now();
    BANTER_ASSERT_OK(engine().PeerMute(
        Actor::User(a_), PeerMuteRequest{c, a_, {o_}, 1 * 60'000}, start));
    BANTER_ASSERT_OK(engine().PeerMute(
        Actor::User(o_), PeerMuteRequest{c, o_, {b_}, 0}, start));
    ASSERT_THAT(SendAs(o_, c, "muted for a"), IsOk());
    EXPECT_THAT(LastRecipients("message"), ElementsAre("b"));
    if (!IsSuper(t)) {
      EXPECT_THAT(LastPush("message"), ElementsAre("b"));
    }
    ASSERT_THAT(SendAs(b_, c, "muted for o"), IsOk());
    EXPECT_EQ(LastRecipients("message"),
              IsBroadcast(t) ? Names{} : Names{"a"});
    // The timed peer mute is in force at its last millisecond and gone at
    // its end, with or without AdvanceTime.
    ASSERT_THAT(engine().SendMessage(Actor::User(o_), Text(c, "late"),
                                     start + kMinute - 1),
                IsOk());
    EXPECT_THAT(LastRecipients("message"), ElementsAre("b"));
    ASSERT_THAT(engine().SendMessage(Actor::User(o_), Text(c, "over"),
                                     start + kMinute),
                IsOk());
    EXPECT_THAT(LastRecipients("message"), ElementsAre("a", "b"));
    Advance(kMinute);
  }
}

// Records the raw shape of each event's recipients.
class SpanSink : public EventSink {
 public:
  struct Seen {
    EventKind kind;
    std::vector<std::vector<UserId>> batches;
    std::vector<const UserId*> starts;
    size_t push_count = 0;
  };
  void OnEvent(const Event& e) override {
    Seen s{e.kind, {}, {}, e.push.count()};
    for (auto batch : e.recipients.batches) {
      s.batches.emplace_back(batch.begin(), batch.end());
      s.starts.push_back(batch.data());
    }
    seen.push_back(std::move(s));
  }
  std::vector<Seen> seen;
};

class FanoutSpanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions o = TestOptions();
    o.sink = &sink_;
    engine_ = std::make_unique<Engine>(o);
  }
  UserId User(const std::string& id) {
    auto u = engine_->CreateUser(Actor::Admin(),
                                 CreateUserRequest{.user_id = id}, now_);
    EXPECT_THAT(u, IsOk());
    return u.ok() ? u->user : UserId();
  }
  const std::vector<UserId>& Members(ChannelId c) {
    return ::banter::internal::TestAccess::Channel(::banter::internal::StateOf(*engine_), c).members;
  }
  SpanSink sink_;
  std::unique_ptr<Engine> engine_;
  Millis now_ = 1'700'000'000'000;
};

TEST_F(FanoutSpanTest, UnfilteredRecipientsAreTheMemberArray) {
  UserId o = User("o");
  std::vector<UserId> crowd;
  for (int i = 0; i < 300; ++i) crowd.push_back(User("u" + std::to_string(i)));
  CreateChannelRequest r;
  r.channel_id = "big";
  r.type = ChannelType::kSuperPublic;
  r.owner = o;
  r.members = crowd;
  auto c = engine_->CreateChannel(Actor::Admin(), r, now_);
  ASSERT_THAT(c, IsOk());
  const std::vector<UserId>& members = Members(*c);

  // The admin's message: one span, the member array itself.
  sink_.seen.clear();
  SendMessageRequest notice = Text(*c, "notice");
  notice.type = MessageType::kAdmin;
  ASSERT_THAT(engine_->SendMessage(Actor::Admin(), notice, now_), IsOk());
  ASSERT_EQ(sink_.seen.size(), 1u);
  ASSERT_EQ(sink_.seen[0].batches.size(), 1u);
  EXPECT_EQ(sink_.seen[0].starts[0], members.data());
  EXPECT_EQ(sink_.seen[0].batches[0], members);

  // A member's message: the array cut around the sender, at most two spans.
  sink_.seen.clear();
  UserId sender = crowd[150];
  ASSERT_THAT(engine_->SendMessage(Actor::User(sender), Text(*c, "hi"), now_),
              IsOk());
  ASSERT_EQ(sink_.seen.size(), 1u);
  const auto& seen = sink_.seen[0];
  ASSERT_LE(seen.batches.size(), 2u);
  std::vector<UserId> got;
  for (size_t i = 0; i < seen.batches.size(); ++i) {
    // Every span points into the member array.
    EXPECT_GE(seen.starts[i], members.data());
    EXPECT_LE(seen.starts[i] + seen.batches[i].size(),
              members.data() + members.size());
    got.insert(got.end(), seen.batches[i].begin(), seen.batches[i].end());
  }
  std::vector<UserId> want = members;
  want.erase(std::find(want.begin(), want.end(), sender));
  EXPECT_EQ(got, want);
  EXPECT_EQ(seen.push_count, 0u);  // super channel
}

TEST_F(FanoutSpanTest, FilteredRecipientsAreCutAroundTheFiltered) {
  UserId o = User("o");
  std::vector<UserId> crowd;
  for (int i = 0; i < 200; ++i) crowd.push_back(User("u" + std::to_string(i)));
  CreateChannelRequest r;
  r.channel_id = "big";
  r.type = ChannelType::kSuperPrivate;
  r.owner = o;
  r.members = crowd;
  auto c = engine_->CreateChannel(Actor::Admin(), r, now_);
  ASSERT_THAT(c, IsOk());
  // Three blockers and one peer muter of the sender.
  UserId sender = crowd[7];
  for (int i : {3, 50, 150}) {
    BANTER_ASSERT_OK(engine_->Block(Actor::Admin(), crowd[i], sender, now_));
  }
  BANTER_ASSERT_OK(engine_->PeerMute(
      Actor::Admin(), PeerMuteRequest{*c, crowd[100], {sender}, 0}, now_));
  sink_.seen.clear();
  ASSERT_THAT(engine_->SendMessage(Actor::User(sender), Text(*c, "hi"), now_),
              IsOk());
  ASSERT_EQ(sink_.seen.size(), 1u);
  const auto& seen = sink_.seen[0];
  EXPECT_LE(seen.batches.size(), 6u);  // 5 cuts
  size_t total = 0;
  for (const auto& b : seen.batches) {
    total += b.size();
    for (UserId u : b) {
      EXPECT_NE(u, sender);
      EXPECT_NE(u, crowd[3]);
      EXPECT_NE(u, crowd[50]);
      EXPECT_NE(u, crowd[150]);
      EXPECT_NE(u, crowd[100]);
    }
  }
  EXPECT_EQ(total, 201u - 5u);
}

}  // namespace
}  // namespace banter::testing
