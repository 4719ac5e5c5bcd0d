// What a reader sees (spec §5.3, design.md): hideMessagesBeforeJoin, the
// broadcast rule, and that blocks and peer mutes leave history alone. Every
// rule is checked on every channel type.
#include <string>
#include <vector>

#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Order = MessageListQuery::Order;

class VisibilityTest : public MessagesTest {
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

TEST_F(VisibilityTest, HideMessagesBeforeJoinHidesOlderHistory) {
  for (ChannelType t : kAllChannelTypes) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_}, /*hide_before_join=*/true);
    ASSERT_THAT(SendAs(o_, c, "before"), IsOk());
    Add(c, b_);
    ASSERT_THAT(SendAs(o_, c, "after"), IsOk());
    EXPECT_THAT(Texts(c, b_), ElementsAre("after"));
    EXPECT_THAT(Texts(c, a_), ElementsAre("after", "before"));
    EXPECT_THAT(Texts(c, UserId()), ElementsAre("after", "before"));
    EXPECT_THAT(engine().GetMessage(Actor::User(b_), MessageId(c, 1),
                                    UserId()),
                StatusIs(ErrorCode::kMessageNotFound));
    // Only the latest join counts.
    Leave(c, b_);
    ASSERT_THAT(SendAs(o_, c, "while away"), IsOk());
    Add(c, b_);
    EXPECT_THAT(Texts(c, b_), IsEmpty());
    EXPECT_EQ(Unread(c, b_), 0);
    ASSERT_THAT(SendAs(o_, c, "back"), IsOk());
    EXPECT_THAT(Texts(c, b_, Order::kOldest), ElementsAre("back"));
    auto ch = engine().GetChannel(Actor::Admin(), c, b_);
    ASSERT_THAT(ch, IsOk());
    ASSERT_TRUE(ch->last_message.has_value());
    EXPECT_EQ(ch->last_message->text, "back");
  }
}

TEST_F(VisibilityTest, WithoutTheFlagNewMembersReadEverything) {
  for (ChannelType t : kAllChannelTypes) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_});
    ASSERT_THAT(SendAs(o_, c, "before"), IsOk());
    Add(c, b_);
    ASSERT_THAT(SendAs(o_, c, "after"), IsOk());
    EXPECT_THAT(Texts(c, b_), ElementsAre("after", "before"));
    // History from before the join is read already.
    EXPECT_EQ(Unread(c, b_), 1);
  }
}

TEST_F(VisibilityTest, BroadcastNonOwnersReadTheOwnersMessagesAndTheirOwn) {
  BotId bot = Bot("helper");
  for (ChannelType t : kAllChannelTypes) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_, b_});
    BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), bot, c, Now()));
    ASSERT_THAT(SendAs(o_, c, "owner"), IsOk());
    ASSERT_THAT(SendAs(a_, c, "from a"), IsOk());
    ASSERT_THAT(SendAs(b_, c, "from b"), IsOk());
    ASSERT_THAT(SendAdmin(c, "admin"), IsOk());
    SendMessageRequest br = Text(c, "bot");
    br.type = MessageType::kBot;
    ASSERT_THAT(engine().SendMessage(Actor::Bot(bot), br, Now()), IsOk());
    const std::vector<std::string> all = {"bot", "admin", "from b", "from a",
                                          "owner"};
    EXPECT_EQ(Texts(c, o_), all);
    EXPECT_EQ(Texts(c, UserId()), all);
    if (IsBroadcast(t)) {
      EXPECT_THAT(Texts(c, a_), ElementsAre("bot", "admin", "from a", "owner"));
      EXPECT_THAT(Texts(c, b_, Order::kOldest),
                  ElementsAre("owner", "from b", "admin", "bot"));
      EXPECT_THAT(engine().GetMessage(Actor::User(a_), MessageId(c, 3),
                                      UserId()),
                  StatusIs(ErrorCode::kMessageNotFound));
      // Paging through the merged indexes.
      EXPECT_THAT(Texts(c, a_, Order::kLatest, MessageId(c, 4), 2),
                  ElementsAre("from a", "owner"));
      EXPECT_THAT(Texts(c, a_, Order::kOldest, MessageId(c, 1), 2),
                  ElementsAre("from a", "admin"));
    } else {
      EXPECT_EQ(Texts(c, a_), all);
      EXPECT_EQ(Texts(c, b_), all);
    }
  }
}

TEST_F(VisibilityTest, BroadcastVisibilityFollowsTheCurrentOwner) {
  for (ChannelType t : {ChannelType::kBroadcast, ChannelType::kSuperBroadcast}) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_, b_});
    ASSERT_THAT(SendAs(o_, c, "by o"), IsOk());
    ASSERT_THAT(SendAs(b_, c, "by b"), IsOk());
    BANTER_ASSERT_OK(engine().TransferOwnership(Actor::Admin(), c, a_, Now()));
    // "To all" is decided at send time; reading follows today's owner.
    EXPECT_THAT(Texts(c, a_), ElementsAre("by b", "by o"));
    EXPECT_THAT(Texts(c, o_), ElementsAre("by o"));
    ASSERT_THAT(SendAs(o_, c, "o, now a member"), IsOk());
    EXPECT_THAT(Texts(c, b_), ElementsAre("by b", "by o"));
    EXPECT_THAT(Texts(c, o_), ElementsAre("o, now a member", "by o"));
  }
}

TEST_F(VisibilityTest, BroadcastLastMessageIsPerViewer) {
  for (ChannelType t : {ChannelType::kBroadcast, ChannelType::kSuperBroadcast}) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_, b_});
    ASSERT_THAT(SendAs(o_, c, "news"), IsOk());
    ASSERT_THAT(SendAs(a_, c, "question"), IsOk());
    auto for_b = engine().GetChannel(Actor::User(b_), c, b_);
    ASSERT_THAT(for_b, IsOk());
    ASSERT_TRUE(for_b->last_message.has_value());
    EXPECT_EQ(for_b->last_message->text, "news");
    auto for_o = engine().GetChannel(Actor::User(o_), c, o_);
    EXPECT_EQ(for_o->last_message->text, "question");
    auto for_a = engine().GetChannel(Actor::User(a_), c, a_);
    EXPECT_EQ(for_a->last_message->text, "question");
  }
}

TEST_F(VisibilityTest, BlocksAndPeerMutesLeaveHistoryAlone) {
  BANTER_ASSERT_OK(engine().Block(Actor::Admin(), a_, b_, Now()));
  for (ChannelType t : kAllChannelTypes) {
    SCOPED_TRACE(ChannelTypeName(t));
    ChannelId c = MakeChannel(Id(t), t, o_, {a_, b_});
    BANTER_ASSERT_OK(engine().PeerMute(
        Actor::User(o_), PeerMuteRequest{c, o_, {b_}, 0}, Now()));
    ASSERT_THAT(SendAs(o_, c, "o speaks"), IsOk());
    ASSERT_THAT(SendAs(b_, c, "b speaks"), IsOk());
    // The owner peer-muted b and still reads b; in broadcast channels a
    // reads only the owner, blocks or not.
    EXPECT_THAT(Texts(c, o_), ElementsAre("b speaks", "o speaks"));
    if (IsBroadcast(t)) {
      EXPECT_THAT(Texts(c, a_), ElementsAre("o speaks"));
    } else {
      EXPECT_THAT(Texts(c, a_), ElementsAre("b speaks", "o speaks"));
      EXPECT_EQ(Unread(c, a_), 2);
    }
    EXPECT_EQ(Unread(c, o_), 1);
  }
}

TEST_F(VisibilityTest, AdminViewSeesEverythingLive) {
  ChannelId c = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_}, true);
  ASSERT_THAT(SendAs(a_, c, "to owner"), IsOk());
  auto gone = SendAs(o_, c, "gone");
  ASSERT_THAT(gone, IsOk());
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), *gone, Now()));
  Add(c, b_);
  EXPECT_THAT(Texts(c, UserId()), ElementsAre("to owner"));
  EXPECT_THAT(Texts(c, b_), IsEmpty());
  auto ch = engine().GetChannel(Actor::Admin(), c, UserId());
  ASSERT_THAT(ch, IsOk());
  ASSERT_TRUE(ch->last_message.has_value());
  EXPECT_EQ(ch->last_message->text, "to owner");
}

}  // namespace
}  // namespace banter::testing
