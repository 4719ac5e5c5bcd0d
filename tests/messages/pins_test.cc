// Pinned messages (banter/moderation.h, docs/moderation.md, "Pins"): who
// pins, the list and what each viewer sees of it, the events, the cap, and
// pins that end with their message.
#include <string>
#include <vector>

#include "banter/moderation.h"
#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

class PinsTest : public MessagesTest {
 protected:
  void SetUp() override {
    o_ = User("o");
    a_ = User("a");
    b_ = User("b");
    c_ = MakeChannel("c", ChannelType::kPublic, o_, {a_, b_});
    auto m = SendAs(a_, c_, "rules: be nice");
    ASSERT_THAT(m, IsOk());
    m_ = *m;
    sink().clear();
  }
  absl::Status Pin(const Actor& actor, MessageId m) {
    return engine().Execute(actor, cmd::PinMessage{m}, Now()).status();
  }
  absl::Status Unpin(const Actor& actor, MessageId m) {
    return engine().Execute(actor, cmd::UnpinMessage{m}, Now()).status();
  }
  // Texts of the pinned list as `viewer` sees it (invalid: the admin).
  std::vector<std::string> Pinned(ChannelId c, UserId viewer = UserId()) {
    const Actor actor = viewer.valid() ? Actor::User(viewer) : Actor::Admin();
    auto pins = engine().ListPinned(actor, c, UserId());
    EXPECT_THAT(pins, IsOk());
    std::vector<std::string> out;
    if (pins.ok()) {
      for (const PinView& p : *pins) out.push_back(p.message.text);
    }
    return out;
  }
  UserId o_, a_, b_;
  ChannelId c_;
  MessageId m_;  // a's message
};

TEST_F(PinsTest, OwnerPinsAndMembersAreTold) {
  Advance(5);
  BANTER_ASSERT_OK(Pin(Actor::User(o_), m_));
  auto pins = engine().ListPinned(Actor::User(b_), c_, UserId());
  ASSERT_THAT(pins, IsOk());
  ASSERT_EQ(pins->size(), 1u);
  EXPECT_EQ((*pins)[0].message.handle, m_);
  EXPECT_EQ((*pins)[0].pinned_by, "o");
  EXPECT_EQ((*pins)[0].pinned_at, Now());
  const auto events = sink().Named("messagePinned");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].users, (std::vector<std::string>{"o"}));
  EXPECT_EQ(events[0].recipients, (std::vector<std::string>{"a", "b", "o"}));
  EXPECT_EQ(events[0].message, engine().MessageIdString(m_));
}

TEST_F(PinsTest, ListIsNewestPinFirst) {
  auto second = SendAs(b_, c_, "second");
  ASSERT_THAT(second, IsOk());
  BANTER_ASSERT_OK(Pin(Actor::Admin(), *second));
  Advance(1);
  BANTER_ASSERT_OK(Pin(Actor::Admin(), m_));
  EXPECT_EQ(Pinned(c_), (std::vector<std::string>{"rules: be nice",
                                                  "second"}));
  auto pins = engine().ListPinned(Actor::Admin(), c_, UserId());
  ASSERT_THAT(pins, IsOk());
  EXPECT_EQ((*pins)[0].pinned_by, "");  // the admin
}

TEST_F(PinsTest, OnlyOwnerPowersPin) {
  EXPECT_THAT(Pin(Actor::User(a_), m_), StatusIs(ErrorCode::kNotChannelOwner));
  const UserId outsider = User("x");
  EXPECT_THAT(Pin(Actor::User(outsider), m_),
              StatusIs(ErrorCode::kNotChannelOwner));
  const BotId bot = Bot("helper");
  EXPECT_THAT(Pin(Actor::Bot(bot), m_), StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(Pin(Actor::Admin(), MessageId(c_, 99)),
              StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_THAT(Pin(Actor::Admin(), MessageId(ChannelId(77), 1)),
              StatusIs(ErrorCode::kMessageNotFound));
  EXPECT_TRUE(sink().events().empty());

  // GitpleLive managers pin in their channel.
  const ChannelId g = MakeChannel("group_one", ChannelType::kPrivate, UserId(),
                                  {a_, b_}, false, Dialect::kGitpleLive);
  auto gm = SendAs(b_, g, "hi");
  ASSERT_THAT(gm, IsOk());
  EXPECT_THAT(Pin(Actor::User(a_), *gm), StatusIs(ErrorCode::kNotChannelOwner));
  BANTER_ASSERT_OK(engine().AddManager(Actor::Admin(), g, a_, Now()));
  BANTER_EXPECT_OK(Pin(Actor::User(a_), *gm));
}

TEST_F(PinsTest, PinTwiceUnpinUnpinned) {
  BANTER_ASSERT_OK(Pin(Actor::User(o_), m_));
  EXPECT_THAT(Pin(Actor::User(o_), m_), StatusIs(ErrorCode::kAlreadyPinned));
  BANTER_ASSERT_OK(Unpin(Actor::User(o_), m_));
  EXPECT_THAT(Unpin(Actor::User(o_), m_), StatusIs(ErrorCode::kNotPinned));
  EXPECT_THAT(Unpin(Actor::User(a_), m_), StatusIs(ErrorCode::kNotChannelOwner));
  const auto events = sink().Named("messageUnpinned");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].recipients, (std::vector<std::string>{"a", "b", "o"}));
  EXPECT_TRUE(Pinned(c_).empty());
}

TEST_F(PinsTest, ChannelHoldsAtMostTheCap) {
  std::vector<MessageId> ms;
  for (int i = 0; i <= kMaxPinnedMessages; ++i) {
    auto m = SendAdmin(c_, "notice " + std::to_string(i));
    ASSERT_THAT(m, IsOk());
    ms.push_back(*m);
  }
  for (int i = 0; i < kMaxPinnedMessages; ++i) {
    BANTER_ASSERT_OK(Pin(Actor::Admin(), ms[i]));
  }
  EXPECT_THAT(Pin(Actor::Admin(), ms.back()),
              StatusIs(ErrorCode::kPinLimitExceeded));
  // A duplicate is named as such even at the cap.
  EXPECT_THAT(Pin(Actor::Admin(), ms[0]), StatusIs(ErrorCode::kAlreadyPinned));
  BANTER_ASSERT_OK(Unpin(Actor::Admin(), ms[0]));
  BANTER_EXPECT_OK(Pin(Actor::Admin(), ms.back()));
}

TEST_F(PinsTest, DeletingTheMessageEndsItsPinSilently) {
  BANTER_ASSERT_OK(Pin(Actor::User(o_), m_));
  sink().clear();
  BANTER_ASSERT_OK(engine().DeleteMessage(Actor::User(a_), m_, Now()));
  EXPECT_TRUE(Pinned(c_).empty());
  EXPECT_TRUE(sink().Named("messageUnpinned").empty());
  EXPECT_EQ(sink().Named("messageDeleted").size(), 1u);
  EXPECT_THAT(Unpin(Actor::User(o_), m_), StatusIs(ErrorCode::kMessageNotFound));
}

TEST_F(PinsTest, RetentionEndsThePinsOfDroppedMessages) {
  EngineOptions options = TestOptions();
  options.history_cap.fill(3);
  Reset(options);
  const UserId o = User("o");
  const ChannelId c = MakeChannel("c", ChannelType::kPublic, o, {});
  auto first = SendAs(o, c, "first");
  ASSERT_THAT(first, IsOk());
  BANTER_ASSERT_OK(Pin(Actor::User(o), *first));
  ASSERT_THAT(SendAs(o, c, "2"), IsOk());
  ASSERT_THAT(SendAs(o, c, "3"), IsOk());
  EXPECT_EQ(Pinned(c), (std::vector<std::string>{"first"}));
  ASSERT_THAT(SendAs(o, c, "4"), IsOk());  // drops "first"
  EXPECT_TRUE(Pinned(c).empty());
}

TEST_F(PinsTest, EachViewerSeesThePinsOfWhatItMaySee) {
  // hideMessagesBeforeJoin: a later member does not see older pins.
  const ChannelId h =
      MakeChannel("h", ChannelType::kPublic, o_, {a_}, /*hide=*/true);
  auto old = SendAs(a_, h, "old");
  ASSERT_THAT(old, IsOk());
  BANTER_ASSERT_OK(Pin(Actor::User(o_), *old));
  Add(h, b_);
  auto fresh = SendAs(a_, h, "fresh");
  ASSERT_THAT(fresh, IsOk());
  BANTER_ASSERT_OK(Pin(Actor::User(o_), *fresh));
  EXPECT_EQ(Pinned(h, a_), (std::vector<std::string>{"fresh", "old"}));
  EXPECT_EQ(Pinned(h, b_), (std::vector<std::string>{"fresh"}));
  EXPECT_EQ(Pinned(h), (std::vector<std::string>{"fresh", "old"}));
  // The old pin's event did not reach b (not a member then); the new one
  // did.
  EXPECT_EQ(LastRecipients("messagePinned"),
            (std::vector<std::string>{"a", "b", "o"}));

  // Broadcast: a member's message reaches the owner only, so only they see
  // its pin (and its event).
  const ChannelId bc = MakeChannel("bc", ChannelType::kBroadcast, o_, {a_, b_});
  auto question = SendAs(a_, bc, "question");
  ASSERT_THAT(question, IsOk());
  BANTER_ASSERT_OK(Pin(Actor::User(o_), *question));
  EXPECT_EQ(LastRecipients("messagePinned"),
            (std::vector<std::string>{"a", "o"}));
  EXPECT_EQ(Pinned(bc, a_), (std::vector<std::string>{"question"}));
  EXPECT_TRUE(Pinned(bc, b_).empty());
}

TEST_F(PinsTest, OwnerCannotPinWhatItCannotSee) {
  const UserId late = User("late");
  const ChannelId h =
      MakeChannel("h", ChannelType::kPublic, o_, {a_}, /*hide=*/true);
  auto old = SendAs(a_, h, "old");
  ASSERT_THAT(old, IsOk());
  Add(h, late);
  BANTER_ASSERT_OK(
      engine().TransferOwnership(Actor::Admin(), h, late, Now()));
  EXPECT_THAT(Pin(Actor::User(late), *old),
              StatusIs(ErrorCode::kMessageNotFound));
  BANTER_EXPECT_OK(Pin(Actor::Admin(), *old));
}

TEST_F(PinsTest, ReadingPinsNeedsMembership) {
  const UserId outsider = User("x");
  EXPECT_THAT(engine().ListPinned(Actor::User(outsider), c_, UserId()),
              StatusIs(ErrorCode::kUserNotChannelMember));
  EXPECT_THAT(engine().ListPinned(Actor::User(a_), c_, b_),
              StatusIs(ErrorCode::kUnauthorized));
  const BotId bot = Bot("helper");
  EXPECT_THAT(engine().ListPinned(Actor::Bot(bot), c_, UserId()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().ListPinned(Actor::Admin(), ChannelId(99), UserId()),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().ListPinned(Actor::Admin(), c_, outsider),
              StatusIs(ErrorCode::kUserNotChannelMember));
}

TEST_F(PinsTest, DeletingTheChannelDropsItsPins) {
  BANTER_ASSERT_OK(Pin(Actor::User(o_), m_));
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::User(o_), c_, Now()));
  EXPECT_EQ(engine().DebugString().find("pin "), std::string::npos);
}

TEST_F(PinsTest, PinsAreInTheDump) {
  Advance(7);
  BANTER_ASSERT_OK(Pin(Actor::User(o_), m_));
  EXPECT_NE(engine().DebugString().find("pin c#1 by=o at=" +
                                        std::to_string(Now()) + "\n"),
            std::string::npos)
      << engine().DebugString();
}

}  // namespace
}  // namespace banter::testing
