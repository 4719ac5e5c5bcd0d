// Per-member settings (spec §6.10 - §6.12): hide/show, channel push, sounds,
// memberInfo, privateData, privateTag.
#include <functional>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "gtest/gtest.h"
#include "tests/channels/channels_test_util.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class MemberSettingsTest : public EngineTest {
 protected:
  void SetUp() override {
    a_ = User("a");
    b_ = User("b");
    x_ = User("x");
    c_ = Channel("c1", ChannelType::kPublic, a_, {b_});
  }
  ChannelView ViewAs(UserId viewer, ChannelId c = {}) {
    auto v = engine().GetChannel(Actor::User(viewer), c.valid() ? c : c_,
                                 UserId());
    EXPECT_THAT(v, IsOk());
    return v.ok() ? *v : ChannelView();
  }
  MemberSettingRequest Self(UserId u) { return {c_, u}; }
  template <typename F>
  void ExpectRefused(F call, ErrorCode code) {
    const std::string before = engine().DebugString();
    sink().clear();
    EXPECT_THAT(call(), StatusIs(code));
    EXPECT_EQ(engine().DebugString(), before);
    EXPECT_THAT(sink().events(), IsEmpty());
  }
  // Every setter with harmless valid values, for the shared refusal tests.
  std::vector<std::function<absl::Status(const Actor&, MemberSettingRequest)>>
  AllSetters() {
    return {
        [&](const Actor& a, MemberSettingRequest r) {
          return engine().SetHidden(a, r, true, Now());
        },
        [&](const Actor& a, MemberSettingRequest r) {
          return engine().SetChannelPush(a, r, false, Now());
        },
        [&](const Actor& a, MemberSettingRequest r) {
          return engine().SetPushSounds(a, r, "s", "t", Now());
        },
        [&](const Actor& a, MemberSettingRequest r) {
          return engine().SetMemberInfo(a, r, {{"k", "v"}}, Now());
        },
        [&](const Actor& a, MemberSettingRequest r) {
          return engine().SetPrivateData(a, r, {{"k", "v"}}, Now());
        },
        [&](const Actor& a, MemberSettingRequest r) {
          return engine().SetPrivateTag(a, r, "tag", Now());
        },
    };
  }

  UserId a_, b_, x_;
  ChannelId c_;
};

TEST_F(MemberSettingsTest, EverySetterChecksActorChannelUserAndMembership) {
  BotId bot = Bot("bot");
  int i = 0;
  for (auto& set : AllSetters()) {
    SCOPED_TRACE(i++);
    ExpectRefused([&] { return set(Actor::User(a_), Self(b_)); },
                  ErrorCode::kUnauthorized);
    ExpectRefused([&] { return set(Actor::Bot(bot), Self(b_)); },
                  ErrorCode::kUnauthorized);
    ExpectRefused([&] { return set(Actor::User(b_), {ChannelId(99), b_}); },
                  ErrorCode::kChannelNotFound);
    ExpectRefused([&] { return set(Actor::Admin(), Self(UserId(99))); },
                  ErrorCode::kUserNotFound);
    ExpectRefused([&] { return set(Actor::User(x_), Self(x_)); },
                  ErrorCode::kUserNotChannelMember);
    ExpectRefused([&] { return set(Actor::Admin(), Self(x_)); },
                  ErrorCode::kUserNotChannelMember);
    BANTER_EXPECT_OK(set(Actor::User(b_), Self(b_)));
    BANTER_EXPECT_OK(set(Actor::Admin(), Self(a_)));
  }
}

TEST_F(MemberSettingsTest, HideAndShow) {
  sink().clear();
  BANTER_ASSERT_OK(engine().SetHidden(Actor::User(b_), Self(b_), true, Now()));
  EXPECT_THAT(sink().events(), IsEmpty());  // private to b
  EXPECT_TRUE(ViewAs(b_).hidden);
  EXPECT_FALSE(ViewAs(a_).hidden);
  ChannelListQuery q;
  q.user = b_;
  auto joined = engine().ListChannels(Actor::User(b_), q);
  ASSERT_THAT(joined, IsOk());
  EXPECT_THAT(joined->items, IsEmpty());
  q.kind = ChannelListQuery::Kind::kHidden;
  auto hidden = engine().ListChannels(Actor::User(b_), q);
  ASSERT_THAT(hidden, IsOk());
  EXPECT_THAT(Ids(*hidden), ElementsAre("c1"));
  // Hiding twice is harmless; showing brings it back.
  BANTER_ASSERT_OK(engine().SetHidden(Actor::User(b_), Self(b_), true, Now()));
  BANTER_ASSERT_OK(
      engine().SetHidden(Actor::User(b_), Self(b_), false, Now()));
  EXPECT_FALSE(ViewAs(b_).hidden);
}

TEST_F(MemberSettingsTest, HideAllHidesEveryJoinedChannel) {
  ChannelId d = Channel("c2", ChannelType::kPrivate, UserId(), {b_});
  BANTER_ASSERT_OK(engine().HideAll(Actor::User(b_), b_, Now()));
  EXPECT_TRUE(ViewAs(b_).hidden);
  EXPECT_TRUE(ViewAs(b_, d).hidden);
  EXPECT_FALSE(ViewAs(a_).hidden);
  ChannelListQuery q;
  q.user = b_;
  q.kind = ChannelListQuery::Kind::kHidden;
  auto hidden = engine().ListChannels(Actor::User(b_), q);
  ASSERT_THAT(hidden, IsOk());
  EXPECT_EQ(hidden->items.size(), 2u);
}

TEST_F(MemberSettingsTest, HideAllRefusals) {
  BotId bot = Bot("bot");
  ExpectRefused([&] { return engine().HideAll(Actor::User(a_), b_, Now()); },
                ErrorCode::kUnauthorized);
  ExpectRefused([&] { return engine().HideAll(Actor::Bot(bot), b_, Now()); },
                ErrorCode::kUnauthorized);
  ExpectRefused(
      [&] { return engine().HideAll(Actor::Admin(), UserId(99), Now()); },
      ErrorCode::kUserNotFound);
  // Nothing joined: nothing to hide, still fine.
  BANTER_EXPECT_OK(engine().HideAll(Actor::Admin(), x_, Now()));
}

TEST_F(MemberSettingsTest, ChannelPushSwitch) {
  BANTER_ASSERT_OK(
      engine().SetChannelPush(Actor::User(b_), Self(b_), false, Now()));
  EXPECT_TRUE(ViewAs(b_).push_disabled);
  EXPECT_FALSE(ViewAs(a_).push_disabled);
  BANTER_ASSERT_OK(
      engine().SetChannelPush(Actor::Admin(), Self(b_), true, Now()));
  EXPECT_FALSE(ViewAs(b_).push_disabled);
}

TEST_F(MemberSettingsTest, PushSoundsSetIndependently) {
  BANTER_ASSERT_OK(engine().SetPushSounds(Actor::User(b_), Self(b_), "ding",
                                          std::nullopt, Now()));
  BANTER_ASSERT_OK(engine().SetPushSounds(Actor::User(b_), Self(b_),
                                          std::nullopt, "dong", Now()));
  ChannelView v = ViewAs(b_);
  EXPECT_EQ(v.push_sound_aos, "ding");
  EXPECT_EQ(v.push_sound_ios, "dong");
  EXPECT_EQ(ViewAs(a_).push_sound_aos, "");
}

TEST_F(MemberSettingsTest, PushSoundsAtMost128Chars) {
  ExpectRefused(
      [&] {
        return engine().SetPushSounds(Actor::User(b_), Self(b_),
                                      std::string(129, 's'), "ok", Now());
      },
      ErrorCode::kParamsBindingError);
  ExpectRefused(
      [&] {
        return engine().SetPushSounds(Actor::User(b_), Self(b_), "ok",
                                      std::string(129, 's'), Now());
      },
      ErrorCode::kParamsBindingError);
  BANTER_EXPECT_OK(engine().SetPushSounds(
      Actor::User(b_), Self(b_), std::string(128, 's'), "", Now()));
}

TEST_F(MemberSettingsTest, MemberInfoIsPublicAndAnnounced) {
  sink().clear();
  BANTER_ASSERT_OK(
      engine().SetMemberInfo(Actor::User(b_), Self(b_), {{"role", "x"}}, Now()));
  EXPECT_THAT(sink().events(),
              ElementsAre(Ev("channelChanged", Now(), "c1", {}, {"a", "b"})));
  auto m = engine().GetMember(Actor::User(a_), c_, b_);
  ASSERT_THAT(m, IsOk());
  EXPECT_EQ(m->member_info, (Metadata{{"role", "x"}}));
  ChannelView v = ViewAs(a_);
  ASSERT_EQ(v.members.size(), 2u);
  EXPECT_EQ(v.members[1].member_info, (Metadata{{"role", "x"}}));
}

TEST_F(MemberSettingsTest, MemberInfoFollowsDataLimits) {
  Metadata six;
  for (int i = 0; i < 6; ++i) six["k" + std::to_string(i)] = "v";
  ExpectRefused(
      [&] { return engine().SetMemberInfo(Actor::User(b_), Self(b_), six, Now()); },
      ErrorCode::kInvalidMemberInfo);
  ExpectRefused(
      [&] {
        return engine().SetMemberInfo(Actor::User(b_), Self(b_),
                                      {{"k", std::string(1025, 'v')}}, Now());
      },
      ErrorCode::kInvalidMemberInfo);
}

TEST_F(MemberSettingsTest, PrivateDataIsSeenByItsOwnerOnly) {
  sink().clear();
  BANTER_ASSERT_OK(engine().SetPrivateData(Actor::User(b_), Self(b_),
                                           {{"note", "mine"}}, Now()));
  EXPECT_THAT(sink().events(), IsEmpty());
  EXPECT_EQ(ViewAs(b_).private_data, (Metadata{{"note", "mine"}}));
  EXPECT_THAT(ViewAs(a_).private_data, IsEmpty());
  // A user cannot read through someone else's eyes.
  auto as_other = engine().GetChannel(Actor::User(a_), c_, b_);
  ASSERT_THAT(as_other, IsOk());
  EXPECT_THAT(as_other->private_data, IsEmpty());
  // The admin can.
  auto admin = engine().GetChannel(Actor::Admin(), c_, b_);
  ASSERT_THAT(admin, IsOk());
  EXPECT_EQ(admin->private_data, (Metadata{{"note", "mine"}}));
}

TEST_F(MemberSettingsTest, PrivateDataFollowsDataLimits) {
  ExpectRefused(
      [&] {
        return engine().SetPrivateData(Actor::User(b_), Self(b_),
                                       {{std::string(129, 'k'), "v"}}, Now());
      },
      ErrorCode::kInvalidPrivateData);
}

TEST_F(MemberSettingsTest, PrivateTagAtMost128Chars) {
  ExpectRefused(
      [&] {
        return engine().SetPrivateTag(Actor::User(b_), Self(b_),
                                      std::string(129, 't'), Now());
      },
      ErrorCode::kInvalidPrivateTag);
  ExpectRefused(
      [&] {
        return engine().SetPrivateTag(Actor::User(b_), Self(b_), "\xc0", Now());
      },
      ErrorCode::kInvalidPrivateTag);
  BANTER_ASSERT_OK(engine().SetPrivateTag(Actor::User(b_), Self(b_),
                                          std::string(128, 't'), Now()));
  EXPECT_EQ(ViewAs(b_).private_tag, std::string(128, 't'));
  EXPECT_EQ(ViewAs(a_).private_tag, "");
}

TEST_F(MemberSettingsTest, ClearingEverySettingRestoresTheState) {
  // Sparse per-member storage: an entry that holds nothing is dropped, so a
  // set-then-clear leaves no trace.
  const std::string before = engine().DebugString();
  BANTER_ASSERT_OK(engine().SetPrivateTag(Actor::User(b_), Self(b_), "t", Now()));
  BANTER_ASSERT_OK(
      engine().SetPrivateData(Actor::User(b_), Self(b_), {{"k", "v"}}, Now()));
  BANTER_ASSERT_OK(
      engine().SetMemberInfo(Actor::User(b_), Self(b_), {{"k", "v"}}, Now()));
  BANTER_ASSERT_OK(
      engine().SetPushSounds(Actor::User(b_), Self(b_), "s", "t", Now()));
  BANTER_ASSERT_OK(
      engine().SetChannelPush(Actor::User(b_), Self(b_), false, Now()));
  BANTER_ASSERT_OK(engine().SetHidden(Actor::User(b_), Self(b_), true, Now()));
  EXPECT_NE(engine().DebugString(), before);
  BANTER_ASSERT_OK(engine().SetPrivateTag(Actor::User(b_), Self(b_), "", Now()));
  BANTER_ASSERT_OK(engine().SetPrivateData(Actor::User(b_), Self(b_), {}, Now()));
  BANTER_ASSERT_OK(engine().SetMemberInfo(Actor::User(b_), Self(b_), {}, Now()));
  BANTER_ASSERT_OK(
      engine().SetPushSounds(Actor::User(b_), Self(b_), "", "", Now()));
  BANTER_ASSERT_OK(
      engine().SetChannelPush(Actor::User(b_), Self(b_), true, Now()));
  BANTER_ASSERT_OK(engine().SetHidden(Actor::User(b_), Self(b_), false, Now()));
  EXPECT_EQ(engine().DebugString(), before);
}

}  // namespace
}  // namespace banter::testing
