// Bots (spec §2.6, §7.5): registry, channel join/leave, lists.
#include <string>
#include <vector>

#include "banter/engine.h"
#include "engine/state.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/test_access.h"

namespace banter {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::StatusIs;

class BotsTest : public testing::EngineTest {
 protected:
  absl::StatusOr<BotId> Create(CreateBotRequest r,
                               Actor actor = Actor::Admin()) {
    return engine().CreateBot(actor, r, Now());
  }
  static CreateBotRequest Req(std::string id) {
    CreateBotRequest r;
    r.bot_id = std::move(id);
    return r;
  }
  std::vector<BotId> ChannelBots(ChannelId c) {
    const auto& bots = ::banter::internal::TestAccess::Channel(::banter::internal::StateOf(engine()), c).bots;
    return std::vector<BotId>(bots.begin(), bots.end());
  }
  std::vector<ChannelId> BotChannels(BotId b) {
    const auto& chans = ::banter::internal::StateOf(engine()).bots.Record(b).channels;
    return std::vector<ChannelId>(chans.begin(), chans.end());
  }
  std::vector<std::string> Ids(const Page<BotView>& page) {
    std::vector<std::string> out;
    for (const BotView& v : page.items) out.push_back(v.id);
    return out;
  }
};

// ---- Registry ---------------------------------------------------------------

TEST_F(BotsTest, CreateBotStoresEveryField) {
  CreateBotRequest r = Req("helper");
  r.name = "Helper";
  r.profile_image_url = "img";
  r.type = "faq";
  r.callback_url = "https://hook";
  auto b = Create(r);
  ASSERT_THAT(b, testing::IsOk());
  EXPECT_EQ(engine().FindBot("helper"), *b);
  auto view = engine().GetBot(Actor::Admin(), *b);
  ASSERT_THAT(view, testing::IsOk());
  EXPECT_EQ(*view, (BotView{"helper", "Helper", "img", "faq", "https://hook"}));
}

TEST_F(BotsTest, CreateBotIsAdminOnly) {
  UserId u = User("u");
  BotId b = Bot("b");
  const std::string before = engine().DebugString();
  EXPECT_THAT(Create(Req("x"), Actor::User(u)),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(Create(Req("x"), Actor::Bot(b)),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_EQ(engine().DebugString(), before);
}

TEST_F(BotsTest, CreateBotValidatesFields) {
  EXPECT_THAT(Create(Req("")), StatusIs(ErrorCode::kInvalidParams));
  EXPECT_THAT(Create(Req("a b")), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_THAT(Create(Req(std::string(69, 'b'))),
              StatusIs(ErrorCode::kParamsBindingError));
  CreateBotRequest r = Req("ok");
  r.type = std::string(69, 't');
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  r = Req("ok");
  r.name = std::string(129, 'n');
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  r = Req("ok");
  r.callback_url = "\xff";
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  r = Req("ok");
  r.profile_image_url = std::string(2049, 'u');
  EXPECT_THAT(Create(r), StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_FALSE(engine().FindBot("ok").valid());
  r = Req(std::string(68, 'b'));
  r.type = std::string(68, 't');
  r.name = std::string(128, 'n');
  EXPECT_THAT(Create(r), testing::IsOk());
}

TEST_F(BotsTest, DuplicateBotIdIsTaken) {
  Bot("b");
  const std::string before = engine().DebugString();
  EXPECT_THAT(Create(Req("b")), StatusIs(ErrorCode::kBotIdTaken));
  EXPECT_EQ(engine().DebugString(), before);
}

TEST_F(BotsTest, BotIdsAreSeparateFromUserIds) {
  User("same");
  EXPECT_THAT(Create(Req("same")), testing::IsOk());
}

TEST_F(BotsTest, UpdateBotChangesOnlySetFields) {
  CreateBotRequest r = Req("b");
  r.name = "B";
  r.type = "t";
  BotId b = *Create(r);
  UpdateBotRequest u;
  u.bot = b;
  u.name = "Bee";
  u.callback_url = "cb";
  BANTER_ASSERT_OK(engine().UpdateBot(Actor::Admin(), u, Now()));
  EXPECT_EQ(*engine().GetBot(Actor::Admin(), b),
            (BotView{"b", "Bee", "", "t", "cb"}));
}

TEST_F(BotsTest, UpdateBotErrorsChangeNothing) {
  BotId b = Bot("b");
  UserId user = User("u");
  const std::string before = engine().DebugString();
  UpdateBotRequest u;
  u.bot = b;
  u.name = "x";
  EXPECT_THAT(engine().UpdateBot(Actor::User(user), u, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().UpdateBot(Actor::Bot(b), u, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  u.bot = BotId(9);
  EXPECT_THAT(engine().UpdateBot(Actor::Admin(), u, Now()),
              StatusIs(ErrorCode::kBotNotFound));
  u.bot = b;
  u.type = std::string(69, 't');
  EXPECT_THAT(engine().UpdateBot(Actor::Admin(), u, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  u.type.reset();
  u.name = std::string(129, 'n');
  EXPECT_THAT(engine().UpdateBot(Actor::Admin(), u, Now()),
              StatusIs(ErrorCode::kParamsBindingError));
  EXPECT_EQ(engine().DebugString(), before);
}

TEST_F(BotsTest, GetBotIsAdminOrTheBotItself) {
  BotId a = Bot("a");
  BotId b = Bot("b");
  UserId u = User("u");
  BANTER_EXPECT_OK(engine().GetBot(Actor::Bot(a), a));
  EXPECT_THAT(engine().GetBot(Actor::Bot(a), b),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().GetBot(Actor::User(u), a),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().GetBot(Actor::Admin(), BotId(7)),
              StatusIs(ErrorCode::kBotNotFound));
  EXPECT_THAT(engine().GetBot(Actor::Bot(BotId(7)), a),
              StatusIs(ErrorCode::kBotNotFound));
}

TEST_F(BotsTest, ListBotsPagesInCreationOrderSkippingDeleted) {
  Bot("z");
  BotId y = Bot("y");
  Bot("x");
  BotId w = Bot("w");
  BANTER_ASSERT_OK(engine().DeleteBot(Actor::Admin(), y, Now()));
  auto page = engine().ListBots(Actor::Admin(), BotId(), 2);
  ASSERT_THAT(page, testing::IsOk());
  EXPECT_THAT(Ids(*page), ElementsAre("z", "x"));
  EXPECT_TRUE(page->has_next);
  page = engine().ListBots(Actor::Admin(), engine().FindBot("x"), 2);
  EXPECT_THAT(Ids(*page), ElementsAre("w"));
  EXPECT_FALSE(page->has_next);
  EXPECT_THAT(Ids(*engine().ListBots(Actor::Admin(), w, 2)), IsEmpty());
}

TEST_F(BotsTest, ListBotsLimitDefaults20AndCaps100AndIsAdminOnly) {
  for (int i = 0; i < 101; ++i) Bot("b" + std::to_string(i));
  EXPECT_EQ(engine().ListBots(Actor::Admin(), BotId(), 0)->items.size(), 20u);
  EXPECT_EQ(engine().ListBots(Actor::Admin(), BotId(), 200)->items.size(),
            100u);
  EXPECT_THAT(engine().ListBots(Actor::Bot(BotId(1)), BotId(), 0),
              StatusIs(ErrorCode::kUnauthorized));
}

// ---- Channels ---------------------------------------------------------------

TEST_F(BotsTest, JoinAndLeaveKeepBothSidesInStep) {
  UserId a = User("a");
  ChannelId c = Channel("c", ChannelType::kPublic, a);
  BotId b1 = Bot("b1");
  BotId b2 = Bot("b2");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Bot(b2), b2, c, Now()));
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), b1, c, Now()));
  EXPECT_THAT(ChannelBots(c), ElementsAre(b1, b2));  // handle order
  EXPECT_THAT(BotChannels(b1), ElementsAre(c));
  BANTER_ASSERT_OK(engine().BotLeave(Actor::Bot(b1), b1, c, Now()));
  EXPECT_THAT(ChannelBots(c), ElementsAre(b2));
  EXPECT_THAT(BotChannels(b1), IsEmpty());
}

TEST_F(BotsTest, JoinAndLeaveEmitChannelChangedToAllMembers) {
  UserId a = User("a");
  UserId m = User("m");
  ChannelId c = Channel("c", ChannelType::kPrivate, a, {m});
  BotId b = Bot("b");
  sink().clear();
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Bot(b), b, c, Now()));
  BANTER_ASSERT_OK(engine().BotLeave(Actor::Bot(b), b, c, Now()));
  auto events = sink().Named("channelChanged");
  ASSERT_EQ(events.size(), 2u);
  for (const auto& e : events) {
    EXPECT_EQ(e.channel, "c");
    EXPECT_EQ(e.bot, "b");
    EXPECT_THAT(e.recipients, ElementsAre("a", "m"));
  }
  EXPECT_EQ(sink().events().size(), 2u);
}

TEST_F(BotsTest, BotsDoNotCountAsMembers) {
  UserId a = User("a");
  ChannelId c = Channel("c", ChannelType::kPublic, a);
  BotId b = Bot("b");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), b, c, Now()));
  auto view = engine().GetChannel(Actor::Admin(), c, UserId());
  ASSERT_THAT(view, testing::IsOk());
  EXPECT_EQ(view->member_count, 1);
  ASSERT_EQ(view->bots.size(), 1u);
  EXPECT_EQ(view->bots[0].id, "b");
}

TEST_F(BotsTest, JoinErrorsChangeNothing) {
  UserId a = User("a");
  ChannelId c = Channel("c", ChannelType::kPublic, a);
  BotId b = Bot("b");
  BotId other = Bot("other");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), b, c, Now()));
  sink().clear();
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().BotJoin(Actor::Bot(b), b, c, Now()),
              StatusIs(ErrorCode::kBotAlreadyInChannel));
  EXPECT_THAT(engine().BotJoin(Actor::Bot(b), b, ChannelId(99), Now()),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().BotJoin(Actor::Admin(), BotId(99), c, Now()),
              StatusIs(ErrorCode::kBotNotFound));
  EXPECT_THAT(engine().BotJoin(Actor::Bot(other), b, c, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().BotJoin(Actor::User(a), other, c, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_EQ(engine().DebugString(), before);
  EXPECT_THAT(sink().events(), IsEmpty());
}

TEST_F(BotsTest, LeaveErrorsChangeNothing) {
  UserId a = User("a");
  ChannelId c = Channel("c", ChannelType::kPublic, a);
  BotId b = Bot("b");
  BotId other = Bot("other");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), b, c, Now()));
  const std::string before = engine().DebugString();
  EXPECT_THAT(engine().BotLeave(Actor::Bot(other), other, c, Now()),
              StatusIs(ErrorCode::kBotNotInChannel));
  EXPECT_THAT(engine().BotLeave(Actor::Bot(b), b, ChannelId(99), Now()),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(engine().BotLeave(Actor::Admin(), BotId(99), c, Now()),
              StatusIs(ErrorCode::kBotNotFound));
  EXPECT_THAT(engine().BotLeave(Actor::Bot(other), b, c, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().BotLeave(Actor::User(a), b, c, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_EQ(engine().DebugString(), before);
}

TEST_F(BotsTest, DeleteBotLeavesEveryChannelAndFreesTheId) {
  UserId a = User("a");
  ChannelId c1 = Channel("c1", ChannelType::kPublic, a);
  ChannelId c2 = Channel("c2", ChannelType::kPublic, a);
  BotId b = Bot("b");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), b, c2, Now()));
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), b, c1, Now()));
  sink().clear();
  BANTER_ASSERT_OK(engine().DeleteBot(Actor::Admin(), b, Now()));
  EXPECT_THAT(ChannelBots(c1), IsEmpty());
  EXPECT_THAT(ChannelBots(c2), IsEmpty());
  auto events = sink().Named("channelChanged");
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].channel, "c1");  // channel handle order
  EXPECT_EQ(events[0].bot, "b");       // still readable when emitted
  EXPECT_EQ(events[1].channel, "c2");
  EXPECT_FALSE(engine().FindBot("b").valid());
  EXPECT_THAT(engine().GetBot(Actor::Admin(), b),
              StatusIs(ErrorCode::kBotNotFound));
  EXPECT_THAT(engine().BotJoin(Actor::Admin(), b, c1, Now()),
              StatusIs(ErrorCode::kBotNotFound));
  BotId again = Bot("b");
  EXPECT_NE(again, b);
  EXPECT_EQ(engine().FindBot("b"), again);
}

TEST_F(BotsTest, DeleteBotErrors) {
  BotId b = Bot("b");
  UserId u = User("u");
  EXPECT_THAT(engine().DeleteBot(Actor::User(u), b, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().DeleteBot(Actor::Bot(b), b, Now()),
              StatusIs(ErrorCode::kUnauthorized));
  EXPECT_THAT(engine().DeleteBot(Actor::Admin(), BotId(9), Now()),
              StatusIs(ErrorCode::kBotNotFound));
  BANTER_ASSERT_OK(engine().DeleteBot(Actor::Admin(), b, Now()));
  EXPECT_THAT(engine().DeleteBot(Actor::Admin(), b, Now()),
              StatusIs(ErrorCode::kBotNotFound));
  // A deleted bot can no longer act.
  EXPECT_THAT(engine().GetBot(Actor::Bot(b), b),
              StatusIs(ErrorCode::kBotNotFound));
}

TEST_F(BotsTest, DeletedChannelDropsItsBots) {
  UserId a = User("a");
  ChannelId c = Channel("c", ChannelType::kPublic, a);
  BotId b = Bot("b");
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), b, c, Now()));
  BANTER_ASSERT_OK(engine().DeleteChannel(Actor::Admin(), c, Now()));
  EXPECT_THAT(BotChannels(b), IsEmpty());
}

TEST_F(BotsTest, DumpListsBotsInHandleOrder) {
  UserId a = User("a");
  ChannelId c = Channel("c", ChannelType::kPublic, a);
  CreateBotRequest r = Req("b");
  r.name = "Bee";
  BotId b = *Create(r);
  BANTER_ASSERT_OK(engine().BotJoin(Actor::Admin(), b, c, Now()));
  EXPECT_THAT(engine().DebugString(),
              ::testing::HasSubstr(
                  "bot 1 id=b live=1 name=\"Bee\" image=\"\" type=\"\" "
                  "callback=\"\" created=" +
                  std::to_string(Now()) + " channels=[" +
                  std::to_string(c.value()) + "]\n"));
}

}  // namespace
}  // namespace banter
