// Reactions (spec §2.7, §6.5, §13 #1 #11 #28): user lists per key, one per
// user per key, not blocked by freeze or mute.
#include <string>
#include <vector>

#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class ReactionsTest : public MessagesTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    n_ = User("n");
    c_ = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_});
    auto m = SendAs(o_, c_, "react to me");
    ASSERT_THAT(m, IsOk());
    m_ = *m;
    sink().clear();
  }
  absl::Status React(UserId u, const std::string& key, MessageId m = {}) {
    return engine().AddReaction(Actor::User(u),
                                ReactionRequest{m.valid() ? m : m_, u, key},
                                Now());
  }
  absl::Status Unreact(UserId u, const std::string& key) {
    return engine().RemoveReaction(Actor::User(u), ReactionRequest{m_, u, key},
                                   Now());
  }
  MessageView View(UserId viewer) {
    auto v = engine().GetMessage(Actor::Admin(), m_, viewer);
    EXPECT_THAT(v, IsOk());
    return v.ok() ? *v : MessageView();
  }
  UserId o_, a_, b_, n_;
  ChannelId c_;
  MessageId m_;
};

TEST_F(ReactionsTest, ReactionsAreUserListsInReactionOrder) {
  BANTER_ASSERT_OK(React(b_, "happy"));
  BANTER_ASSERT_OK(React(a_, "happy"));
  BANTER_ASSERT_OK(React(a_, "sad"));
  MessageView v = View(a_);
  EXPECT_THAT(v.reactions.at("happy"), ElementsAre("b", "a"));
  EXPECT_THAT(v.reactions.at("sad"), ElementsAre("a"));
  EXPECT_THAT(v.own_reactions, ElementsAre("happy", "sad"));
  EXPECT_THAT(View(b_).own_reactions, ElementsAre("happy"));
  EXPECT_THAT(View(UserId()).own_reactions, IsEmpty());
}

TEST_F(ReactionsTest, AddingTwiceChangesNothingAndTellsNobody) {
  BANTER_ASSERT_OK(React(a_, "happy"));
  sink().clear();
  const std::string before = engine().DebugString();
  BANTER_ASSERT_OK(React(a_, "happy"));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(sink().events(), IsEmpty());
  EXPECT_THAT(View(a_).reactions.at("happy"), ElementsAre("a"));
}

TEST_F(ReactionsTest, RemoveDropsTheUserAndEmptyKeys) {
  BANTER_ASSERT_OK(React(a_, "happy"));
  BANTER_ASSERT_OK(React(b_, "happy"));
  BANTER_ASSERT_OK(Unreact(a_, "happy"));
  EXPECT_THAT(View(a_).reactions.at("happy"), ElementsAre("b"));
  BANTER_ASSERT_OK(Unreact(b_, "happy"));
  EXPECT_THAT(View(a_).reactions, IsEmpty());
}

TEST_F(ReactionsTest, RemovingAReactionNotHeldFails) {
  EXPECT_THAT(Unreact(a_, "happy"), StatusIs(ErrorCode::kReactionNotFound));
  BANTER_ASSERT_OK(React(b_, "happy"));
  EXPECT_THAT(Unreact(a_, "happy"), StatusIs(ErrorCode::kReactionNotFound));
  EXPECT_THAT(Unreact(a_, "sad"), StatusIs(ErrorCode::kReactionNotFound));
}

TEST_F(ReactionsTest, KeyIsOneToSixtyFourCharacters) {
  EXPECT_THAT(React(a_, ""), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(React(a_, std::string(65, 'k')),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(React(a_, std::string(64, 'k')), IsOk());
  std::string hangul;
  for (int i = 0; i < 64; ++i) hangul += "\xea\xb0\x80";
  EXPECT_THAT(React(a_, hangul), IsOk());
}

TEST_F(ReactionsTest, ReactingNeedsMembershipAndALiveMessage) {
  EXPECT_THAT(React(n_, "happy"), StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(React(a_, "happy", MessageId(c_, 9)),
              StatusIs(ErrorCode::kMessageNotFound));
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::Admin(), m_, Now()));
  EXPECT_THAT(React(a_, "happy"), StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_THAT(Unreact(a_, "happy"), StatusIs(ErrorCode::kMessageNotFound));
}

TEST_F(ReactionsTest, UsersReactAsThemselvesAndBotsNotAtAll) {
  EXPECT_THAT(engine().AddReaction(Actor::User(a_),
                                   ReactionRequest{m_, b_, "happy"}, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  BotId bot = Bot("helper");
  EXPECT_THAT(engine().AddReaction(Actor::Bot(bot),
                                   ReactionRequest{m_, a_, "happy"}, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  // The admin reacts for a member.
  BANTER_ASSERT_OK(engine().AddReaction(Actor::Admin(),
                                        ReactionRequest{m_, b_, "happy"},
                                        Now()));
  EXPECT_THAT(View(b_).own_reactions, ElementsAre("happy"));
}

TEST_F(ReactionsTest, FreezeAndMuteDoNotBlockReactions) {
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), c_, true, Now()));
  BANTER_ASSERT_OK(
      engine().Mute(Actor::Admin(), MuteRequest{c_, {a_}, 0}, Now()));
  EXPECT_THAT(React(a_, "happy"), IsOk());
  EXPECT_THAT(Unreact(a_, "happy"), IsOk());
}

TEST_F(ReactionsTest, ReactionUpdatedGoesToEveryoneWhoSeesTheMessage) {
  BANTER_ASSERT_OK(React(a_, "happy"));
  auto es = sink().Named("reactionUpdated");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].message, engine().MessageIdString(m_));
  EXPECT_EQ(es[0].reaction, "happy");
  EXPECT_THAT(es[0].users, ElementsAre("a"));
  EXPECT_THAT(es[0].recipients, ElementsAre("a", "b", "o"));
  EXPECT_THAT(es[0].push, IsEmpty());
  BANTER_ASSERT_OK(Unreact(a_, "happy"));
  EXPECT_EQ(sink().Named("reactionUpdated").size(), 2u);
}

TEST_F(ReactionsTest, BroadcastReactionsReachOnlyWhoSeesTheMessage) {
  ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  auto m = SendAs(a_, bc, "to the owner");
  ASSERT_THAT(m, IsOk());
  EXPECT_THAT(React(b_, "happy", *m), StatusIs(ErrorCode::kMessageNotFound));
  sink().clear();
  BANTER_ASSERT_OK(React(o_, "happy", *m));
  EXPECT_THAT(LastRecipients("reactionUpdated"), ElementsAre("a", "o"));
}

TEST_F(ReactionsTest, ClearReactionsOnEdit) {
  BANTER_ASSERT_OK(React(a_, "happy"));
  UpdateMessageRequest r;
  r.message = m_;
  r.clear_reactions = true;
  BANTER_ASSERT_OK(engine().UpdateMessage(Actor::User(o_), r, Now()));
  EXPECT_THAT(View(a_).reactions, IsEmpty());
}

TEST_F(ReactionsTest, FailedReactionChangesNothing) {
  BANTER_ASSERT_OK(React(a_, "happy"));
  sink().clear();
  const std::string before = engine().DebugString();
  EXPECT_THAT(React(n_, "happy"), StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(React(b_, ""), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Unreact(b_, "happy"), StatusIs(ErrorCode::kReactionNotFound));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(sink().events(), IsEmpty());
}

}  // namespace
}  // namespace banter::testing
