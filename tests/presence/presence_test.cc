// banter::Presence beside an engine: connections and online state, who hears
// a presence change (online members of shared channels, broadcast rule,
// blocks, no super channels), online members of a channel, typing
// indicators (start, renew, stop, expiry at the exact instant, going
// offline) and every refusal with its code.
#include "banter/presence.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::EngineTest;
using testing::IsOk;
using testing::StatusIs;

struct Heard {
  std::string name;
  Millis at = 0;
  std::string user;
  std::string channel;
  bool online = false;
  std::vector<std::string> recipients;
  friend bool operator==(const Heard&, const Heard&) = default;
};
std::ostream& operator<<(std::ostream& os, const Heard& h) {
  os << h.name << "@" << h.at << " " << h.user << " in '" << h.channel
     << "' online=" << h.online << " to [";
  for (const auto& r : h.recipients) os << r << " ";
  return os << "]";
}

class Recorder : public PresenceSink {
 public:
  explicit Recorder(const Engine* const* engine) : engine_(engine) {}
  void OnPresence(const PresenceEvent& e) override {
    const Engine& engine = **engine_;
    Heard h;
    h.name = std::string(PresenceEventName(e.kind));
    h.at = e.at;
    h.user = std::string(engine.UserName(e.user));
    if (e.channel.valid()) h.channel = std::string(engine.ChannelName(e.channel));
    h.online = e.online;
    for (UserId u : e.recipients) h.recipients.emplace_back(engine.UserName(u));
    heard.push_back(std::move(h));
  }
  std::vector<Heard> heard;

 private:
  const Engine* const* engine_;
};

class PresenceTest : public EngineTest {
 protected:
  PresenceTest() : recorder_(&engine_ptr_) {}
  void SetUp() override {
    engine_ptr_ = &engine();
    presence_ = std::make_unique<Presence>(
        engine(), PresenceOptions{.sink = &recorder_, .typing_timeout_ms = 5'000});
  }
  Presence& presence() { return *presence_; }
  std::vector<Heard>& heard() { return recorder_.heard; }
  void Online(std::initializer_list<UserId> users) {
    for (UserId u : users) ASSERT_THAT(presence().Connect(u, Now()), IsOk());
    heard().clear();
  }
  std::vector<std::string> Names(const Page<UserId>& page) {
    std::vector<std::string> out;
    for (UserId u : page.items) out.emplace_back(engine().UserName(u));
    return out;
  }

  const Engine* engine_ptr_ = nullptr;
  Recorder recorder_;
  std::unique_ptr<Presence> presence_;
};

// ---- Connections ---------------------------------------------------------------

TEST_F(PresenceTest, ConnectRefusesUnknownDeletedAndDeactivatedUsers) {
  EXPECT_THAT(presence().Connect(UserId(999), Now()),
              StatusIs(ErrorCode::kUserNotFound));
  const UserId a = User("a"), b = User("b");
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), a, false, Now()));
  EXPECT_THAT(presence().Connect(a, Now()), StatusIs(ErrorCode::kDeactivatedUser));
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b, Now()));
  EXPECT_THAT(presence().Connect(b, Now()), StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(presence().Get(b), StatusIs(ErrorCode::kUserNotFound));
  engine().SetAppDeactivated(true);
  const UserId c = UserId(1);
  EXPECT_THAT(presence().Connect(c, Now()), StatusIs(ErrorCode::kDeactivatedApp));
  EXPECT_EQ(presence().online_count(), 0u);
}

TEST_F(PresenceTest, ConnectionsCountAndOnlyTheFirstAndLastAreHeard) {
  const UserId a = User("a"), b = User("b");
  Channel("c", ChannelType::kPrivate, a, {b});
  Online({b});
  EXPECT_EQ(*presence().Connect(a, Now()), 1u);
  const Millis first = Now();
  Advance(10);
  EXPECT_EQ(*presence().Connect(a, Now()), 2u);
  Advance(10);
  EXPECT_EQ(*presence().Disconnect(a, Now()), 1u);
  EXPECT_EQ(*presence().Get(a), (PresenceView{true, 1, first, 0}));
  Advance(10);
  EXPECT_EQ(*presence().Disconnect(a, Now()), 0u);
  EXPECT_THAT(heard(),
              ElementsAre(Heard{"presenceChanged", first, "a", "", true, {"b"}},
                          Heard{"presenceChanged", Now(), "a", "", false, {"b"}}));
  EXPECT_EQ(*presence().Get(a), (PresenceView{false, 0, 0, Now()}));
  EXPECT_THAT(presence().Disconnect(a, Now()),
              StatusIs(ErrorCode::kUserNotConnected));
}

TEST_F(PresenceTest, OnlineMembersOfEveryChannelHearOnceOthersNot) {
  const UserId a = User("a"), b = User("b"), c = User("c"), d = User("d"),
               e = User("e");
  Channel("c1", ChannelType::kPrivate, a, {b, c});
  Channel("c2", ChannelType::kPublic, b, {a, d});
  Channel("c3", ChannelType::kPublic, e, {});
  Online({b, d, e});  // c is offline, e shares nothing with a
  BANTER_ASSERT_OK(presence().Connect(a, Now()));
  EXPECT_THAT(heard(),
              ElementsAre(Heard{"presenceChanged", Now(), "a", "", true, {"b", "d"}}));
}

TEST_F(PresenceTest, BroadcastMembersAreHeardByTheOwnerOnly) {
  const UserId o = User("o"), m1 = User("m1"), m2 = User("m2");
  Channel("news", ChannelType::kBroadcast, o, {m1, m2});
  Online({o, m2});
  BANTER_ASSERT_OK(presence().Connect(m1, Now()));
  EXPECT_THAT(heard(), ElementsAre(Heard{"presenceChanged", Now(), "m1", "",
                                         true, {"o"}}));
  heard().clear();
  BANTER_ASSERT_OK(presence().Disconnect(o, Now()));
  EXPECT_THAT(heard(), ElementsAre(Heard{"presenceChanged", Now(), "o", "",
                                         false, {"m1", "m2"}}));
}

TEST_F(PresenceTest, SuperChannelsCarryNoPresenceEvents) {
  const UserId o = User("o"), m = User("m");
  Channel("world", ChannelType::kSuperPublic, o, {m});
  Online({o});
  BANTER_ASSERT_OK(presence().Connect(m, Now()));
  EXPECT_THAT(heard(), IsEmpty());
  // Queries answer all the same.
  absl::StatusOr<Page<UserId>> online =
      presence().OnlineMembers(engine().FindChannel("world"), UserId(), 10);
  ASSERT_THAT(online, IsOk());
  EXPECT_THAT(Names(*online), ElementsAre("o", "m"));
}

TEST_F(PresenceTest, MembersWhoBlockedTheUserDoNotHearIt) {
  const UserId a = User("a"), b = User("b"), c = User("c");
  Channel("g", ChannelType::kPublic, a, {b, c});
  BANTER_ASSERT_OK(engine().Block(Actor::User(b), b, a, Now()));
  Online({b, c});
  BANTER_ASSERT_OK(presence().Connect(a, Now()));
  EXPECT_THAT(heard(), ElementsAre(Heard{"presenceChanged", Now(), "a", "",
                                         true, {"c"}}));
}

TEST_F(PresenceTest, OnlineMembersPageBothWaysInHandleOrder) {
  std::vector<UserId> users;
  for (int i = 0; i < 12; ++i) users.push_back(User("u" + std::to_string(i)));
  const ChannelId small =
      Channel("small", ChannelType::kPublic, users[0], {users[3], users[5]});
  const ChannelId big = Channel(
      "big", ChannelType::kSuperPublic, users[0],
      std::vector<UserId>(users.begin() + 1, users.end()));
  // Few members, many online: the member walk. Many members, few online:
  // the online walk. Either way, handle order and the same paging.
  Online({users[0], users[1], users[3], users[4], users[7], users[9]});
  EXPECT_THAT(Names(*presence().OnlineMembers(small, UserId(), 100)),
              ElementsAre("u0", "u3"));
  absl::StatusOr<Page<UserId>> p1 = presence().OnlineMembers(big, UserId(), 4);
  ASSERT_THAT(p1, IsOk());
  EXPECT_THAT(Names(*p1), ElementsAre("u0", "u1", "u3", "u4"));
  EXPECT_TRUE(p1->has_next);
  absl::StatusOr<Page<UserId>> p2 =
      presence().OnlineMembers(big, p1->items.back(), 4);
  EXPECT_THAT(Names(*p2), ElementsAre("u7", "u9"));
  EXPECT_FALSE(p2->has_next);
  EXPECT_THAT(presence().OnlineMembers(ChannelId(999), UserId(), 10),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(PresenceTest, DeletedMembersDropOutOfChannelAnswers) {
  const UserId a = User("a"), b = User("b");
  const ChannelId c = Channel("c", ChannelType::kPublic, a, {b});
  Online({a, b});
  BANTER_ASSERT_OK(engine().DeleteUser(Actor::Admin(), b, Now()));
  EXPECT_THAT(Names(*presence().OnlineMembers(c, UserId(), 10)), ElementsAre("a"));
  // The transport closes its connections; nobody is left to tell.
  presence().DisconnectAll(b, Now());
  EXPECT_FALSE(presence().IsOnline(b));
  EXPECT_THAT(heard(), IsEmpty());
}

// ---- Typing --------------------------------------------------------------------

TEST_F(PresenceTest, TypingStartsRenewsSilentlyAndExpiresAtItsInstant) {
  const UserId a = User("a"), b = User("b"), c = User("c");
  const ChannelId g = Channel("g", ChannelType::kPublic, a, {b, c});
  Online({a, b});
  const Millis start = Now();
  BANTER_ASSERT_OK(presence().StartTyping(a, g, start));
  Advance(3'000);
  BANTER_ASSERT_OK(presence().StartTyping(a, g, Now()));  // renews to +8000
  EXPECT_THAT(heard(), ElementsAre(Heard{"typingStarted", start, "a", "g",
                                         false, {"b"}}));
  EXPECT_EQ(presence().AdvanceTime(start + 7'999), 0u);
  EXPECT_THAT(Names(*presence().TypingUsers(g, UserId(), 10)), ElementsAre("a"));
  EXPECT_EQ(presence().AdvanceTime(start + 9'000), 1u);
  EXPECT_THAT(heard().back(),
              (Heard{"typingStopped", start + 8'000, "a", "g", false, {"b"}}));
  EXPECT_THAT(Names(*presence().TypingUsers(g, UserId(), 10)), IsEmpty());
  EXPECT_EQ(presence().typing_count(), 0u);
}

TEST_F(PresenceTest, StopTypingIsHeardAndIdempotent) {
  const UserId a = User("a"), b = User("b");
  const ChannelId g = Channel("g", ChannelType::kPrivate, a, {b});
  Online({a, b});
  BANTER_ASSERT_OK(presence().StartTyping(b, g, Now()));
  Advance(100);
  BANTER_ASSERT_OK(presence().StopTyping(b, g, Now()));
  BANTER_ASSERT_OK(presence().StopTyping(b, g, Now()));  // nothing more
  EXPECT_THAT(heard(),
              ElementsAre(Heard{"typingStarted", Now() - 100, "b", "g", false, {"a"}},
                          Heard{"typingStopped", Now(), "b", "g", false, {"a"}}));
  // Its old timer finds nothing when it comes due.
  EXPECT_EQ(presence().AdvanceTime(Now() + 10'000), 0u);
  EXPECT_EQ(heard().size(), 2u);
}

TEST_F(PresenceTest, GoingOfflineStopsTypingFirst) {
  const UserId a = User("a"), b = User("b");
  const ChannelId g1 = Channel("g1", ChannelType::kPublic, a, {b});
  const ChannelId g2 = Channel("g2", ChannelType::kPublic, a, {b});
  Online({a, b});
  BANTER_ASSERT_OK(presence().StartTyping(a, g2, Now()));
  BANTER_ASSERT_OK(presence().StartTyping(a, g1, Now()));
  heard().clear();
  BANTER_ASSERT_OK(presence().Disconnect(a, Now()));
  ASSERT_EQ(heard().size(), 3u);
  EXPECT_EQ(heard()[0].name, "typingStopped");
  EXPECT_EQ(heard()[1].name, "typingStopped");
  EXPECT_EQ(heard()[2], (Heard{"presenceChanged", Now(), "a", "", false, {"b"}}));
}

TEST_F(PresenceTest, ExpiriesAtOneInstantComeInChannelThenUserOrder) {
  const UserId a = User("a"), b = User("b"), c = User("c");
  const ChannelId g1 = Channel("g1", ChannelType::kPublic, a, {b, c});
  const ChannelId g2 = Channel("g2", ChannelType::kPublic, a, {b, c});
  Online({a, b, c});
  BANTER_ASSERT_OK(presence().StartTyping(c, g2, Now()));
  BANTER_ASSERT_OK(presence().StartTyping(b, g2, Now()));
  BANTER_ASSERT_OK(presence().StartTyping(c, g1, Now()));
  heard().clear();
  EXPECT_EQ(presence().AdvanceTime(Now() + 5'000), 3u);
  std::vector<std::string> order;
  for (const Heard& h : heard()) order.push_back(h.channel + "/" + h.user);
  EXPECT_THAT(order, ElementsAre("g1/c", "g2/b", "g2/c"));
}

TEST_F(PresenceTest, TypingRefusalsInOrder) {
  const UserId a = User("a"), b = User("b"), c = User("c");
  const ChannelId g = Channel("g", ChannelType::kPublic, a, {b});
  EXPECT_THAT(presence().StartTyping(b, g, Now()),
              StatusIs(ErrorCode::kUserNotConnected));
  EXPECT_THAT(presence().StopTyping(b, g, Now()),
              StatusIs(ErrorCode::kUserNotConnected));
  Online({a, b, c});
  EXPECT_THAT(presence().StartTyping(b, ChannelId(999), Now()),
              StatusIs(ErrorCode::kChannelNotFound));
  EXPECT_THAT(presence().StartTyping(c, g, Now()),
              StatusIs(ErrorCode::kUserNotChannelMember));
  BANTER_ASSERT_OK(engine().Mute(Actor::Admin(), MuteRequest{g, {b}, 60'000}, Now()));
  EXPECT_THAT(presence().StartTyping(b, g, Now()),
              StatusIs(ErrorCode::kMutedInChannel));
  BANTER_ASSERT_OK(engine().Unmute(Actor::Admin(), MembersRequest{g, {b}}, Now()));
  BANTER_ASSERT_OK(engine().SetFrozen(Actor::Admin(), g, true, Now()));
  EXPECT_THAT(presence().StartTyping(b, g, Now()),
              StatusIs(ErrorCode::kCannotSendMessageInFrozenChannel));
  BANTER_EXPECT_OK(presence().StartTyping(a, g, Now()));  // the owner may send
  BANTER_ASSERT_OK(engine().SetUserActive(Actor::Admin(), b, false, Now()));
  EXPECT_THAT(presence().StartTyping(b, g, Now()),
              StatusIs(ErrorCode::kDeactivatedUser));
}

TEST_F(PresenceTest, BroadcastTypingFollowsTheMessageRule) {
  const UserId o = User("o"), m1 = User("m1"), m2 = User("m2");
  const ChannelId n = Channel("news", ChannelType::kBroadcast, o, {m1, m2});
  Online({o, m1, m2});
  BANTER_ASSERT_OK(presence().StartTyping(m1, n, Now()));
  BANTER_ASSERT_OK(presence().StartTyping(o, n, Now()));
  EXPECT_THAT(heard(),
              ElementsAre(Heard{"typingStarted", Now(), "m1", "news", false, {"o"}},
                          Heard{"typingStarted", Now(), "o", "news", false,
                                {"m1", "m2"}}));
}

TEST_F(PresenceTest, SuperChannelTypingIsQueriedNeverPushed) {
  const UserId o = User("o"), m = User("m");
  const ChannelId w = Channel("world", ChannelType::kSuperBroadcast, o, {m});
  Online({o, m});
  BANTER_ASSERT_OK(presence().StartTyping(m, w, Now()));
  BANTER_ASSERT_OK(presence().StartTyping(o, w, Now()));
  EXPECT_THAT(heard(), IsEmpty());
  EXPECT_THAT(Names(*presence().TypingUsers(w, UserId(), 10)),
              ElementsAre("o", "m"));
  EXPECT_EQ(presence().AdvanceTime(Now() + 5'000), 2u);
  EXPECT_THAT(heard(), IsEmpty());
}

TEST_F(PresenceTest, TypingUsersSkipsMembersWhoLeft) {
  const UserId a = User("a"), b = User("b");
  const ChannelId g = Channel("g", ChannelType::kPublic, a, {b});
  Online({a, b});
  BANTER_ASSERT_OK(presence().StartTyping(b, g, Now()));
  BANTER_ASSERT_OK(engine().Leave(Actor::User(b), LeaveRequest{g, b, false}, Now()));
  EXPECT_THAT(Names(*presence().TypingUsers(g, UserId(), 10)), IsEmpty());
  EXPECT_THAT(presence().TypingUsers(ChannelId(999), UserId(), 10),
              StatusIs(ErrorCode::kChannelNotFound));
}

TEST_F(PresenceTest, AnOfflineUserHearsNothing) {
  const UserId a = User("a"), b = User("b");
  const ChannelId g = Channel("g", ChannelType::kPublic, a, {b});
  Online({a});
  BANTER_ASSERT_OK(presence().StartTyping(a, g, Now()));
  EXPECT_THAT(heard(), IsEmpty());  // no recipient: not delivered at all
  EXPECT_EQ(presence().typing_count(), 1u);
}

}  // namespace
}  // namespace banter
