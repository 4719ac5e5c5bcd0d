// The channels' sender filters (C12): the members who block a sender, or
// peer-mute it in the channel, are cut from its messages by slot. The slots
// must follow every change of membership (join, leave with the swap-remove
// that moves the last member, deletion) and of blocks and peer mutes, and a
// snapshot must rebuild them. The fixture checks every invariant, C12
// included, after each call.
#include <string>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/recording_sink.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;

class SenderFiltersTest : public EngineTest {
 protected:
  void SetUp() override {
    a_ = User("a");
    b_ = User("b");
    c_ = User("c");
    d_ = User("d");
    // Slots: a 0, b 1, c 2, d 3.
    g_ = Channel("g", ChannelType::kPublic, a_, {b_, c_, d_});
  }
  // The real-time recipients of a message `sender` sends to g (sorted).
  std::vector<std::string> RecipientsOf(UserId sender) {
    sink().clear();
    Send(g_, sender, "hi");
    for (const auto& e : sink().events()) {
      if (e.name == "message") return e.recipients;
    }
    ADD_FAILURE() << "no message event";
    return {};
  }
  void Block(UserId blocker, UserId target) {
    BANTER_ASSERT_OK(
        engine().Block(Actor::User(blocker), blocker, target, Now()));
  }
  void Unblock(UserId blocker, UserId target) {
    BANTER_ASSERT_OK(
        engine().Unblock(Actor::User(blocker), blocker, target, Now()));
  }
  void Leave(UserId u) {
    BANTER_ASSERT_OK(engine().Leave(Actor::User(u), {g_, u}, Now()));
  }
  void Join(UserId u) {
    BANTER_ASSERT_OK(engine().Join(Actor::User(u), {g_, u, {}}, Now()));
  }

  UserId a_, b_, c_, d_;
  ChannelId g_;
};

TEST_F(SenderFiltersTest, ABlockerMovedByALeaveStaysFiltered) {
  Block(d_, a_);
  EXPECT_THAT(RecipientsOf(a_), ElementsAre("b", "c"));
  // b leaves: d, the last member, moves into b's slot.
  Leave(b_);
  EXPECT_THAT(RecipientsOf(a_), ElementsAre("c"));
  // The member now last (c) receives; the moved blocker still does not.
  UserId e = User("e");
  Join(e);
  EXPECT_THAT(RecipientsOf(a_), ElementsAre("c", "e"));
  Unblock(d_, a_);
  EXPECT_THAT(RecipientsOf(a_), ElementsAre("c", "d", "e"));
}

TEST_F(SenderFiltersTest, BlocksMadeOutsideTheChannelApplyOnJoin) {
  UserId x = User("x");
  Block(x, b_);
  Join(x);
  EXPECT_THAT(RecipientsOf(b_), ElementsAre("a", "c", "d"));
  // Other senders still reach x.
  EXPECT_THAT(RecipientsOf(a_), ElementsAre("b", "c", "d", "x"));
  Leave(x);
  Join(x);
  EXPECT_THAT(RecipientsOf(b_), ElementsAre("a", "c", "d"));
}

TEST_F(SenderFiltersTest, BlockAndPeerMuteByOneMemberAreSeparateFilters) {
  Block(c_, b_);
  BANTER_ASSERT_OK(engine().PeerMute(
      Actor::User(c_),
      {.channel = g_, .user = c_, .targets = {b_}, .duration_ms = 1000},
      Now()));
  EXPECT_THAT(RecipientsOf(b_), ElementsAre("a", "d"));
  Unblock(c_, b_);
  EXPECT_THAT(RecipientsOf(b_), ElementsAre("a", "d"));  // still peer-muted
  // The peer mute ends at Now() + 1000; before AdvanceTime reaches it, an
  // ended peer mute filters nothing.
  Advance(1000);
  EXPECT_THAT(RecipientsOf(b_), ElementsAre("a", "c", "d"));
  EXPECT_EQ(engine().AdvanceTime(Now()), 1u);
  EXPECT_THAT(RecipientsOf(b_), ElementsAre("a", "c", "d"));
}

TEST_F(SenderFiltersTest, LeavingDropsPeerMutesInBothDirections) {
  BANTER_ASSERT_OK(engine().PeerMute(
      Actor::User(d_), {.channel = g_, .user = d_, .targets = {a_, b_}},
      Now()));
  BANTER_ASSERT_OK(engine().PeerMute(
      Actor::User(b_), {.channel = g_, .user = b_, .targets = {c_}}, Now()));
  EXPECT_THAT(RecipientsOf(a_), ElementsAre("b", "c"));
  EXPECT_THAT(RecipientsOf(c_), ElementsAre("a", "d"));
  // b leaves: its peer mute of c and d's peer mute of b both end; d moves
  // into b's slot and keeps filtering a.
  Leave(b_);
  EXPECT_THAT(RecipientsOf(a_), ElementsAre("c"));
  EXPECT_THAT(RecipientsOf(c_), ElementsAre("a", "d"));
  Join(b_);
  EXPECT_THAT(RecipientsOf(b_), ElementsAre("a", "c", "d"));
}

TEST_F(SenderFiltersTest, DeletingEitherSideDropsTheFilters) {
  Block(d_, a_);
  Block(c_, b_);
  // The blocker goes: its filter with it.
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), c_, Now()));
  EXPECT_THAT(RecipientsOf(b_), ElementsAre("a", "d"));
  // The blocked sender goes: d's filter of it is dropped in every channel.
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b_, Now()));
  EXPECT_FALSE(engine().IsBlocked(d_, b_));
  EXPECT_THAT(RecipientsOf(a_), ElementsAre());
}

TEST_F(SenderFiltersTest, ASnapshotRebuildsTheFilters) {
  UserId x = User("x");
  Join(x);  // slot 4
  Block(x, b_);
  BANTER_ASSERT_OK(engine().PeerMute(
      Actor::User(d_), {.channel = g_, .user = d_, .targets = {b_}}, Now()));
  Leave(c_);  // x moves into slot 2 before the snapshot
  EXPECT_THAT(RecipientsOf(b_), ElementsAre("a"));
  const std::string bytes = WriteSnapshot(engine());
  RecordingSink events;
  EngineOptions options = TestOptions();
  options.sink = &events;
  absl::StatusOr<Engine> restored = ReadSnapshot(bytes, options);
  ASSERT_THAT(restored, IsOk());
  events.set_engine(&*restored);
  EXPECT_EQ(restored->DebugString(), engine().DebugString());
  // The restored engine filters as the original does: d (peer mute) and x
  // (block, at its new slot) do not get b's message; c, rejoining, does.
  BANTER_ASSERT_OK(restored->Join(Actor::User(c_), {g_, c_, {}}, Now()));
  events.clear();
  BANTER_ASSERT_OK(
      restored
          ->SendMessage(Actor::User(b_), {.channel = g_, .text = "hi"}, Now())
          .status());
  std::vector<std::string> got;
  for (const auto& e : events.events()) {
    if (e.name == "message") got = e.recipients;
  }
  EXPECT_THAT(got, ElementsAre("a", "c"));
  EXPECT_THAT(restored->CheckInvariants(), IsOk());
}

}  // namespace
}  // namespace banter::testing
