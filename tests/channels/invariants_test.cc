// CheckChannelInvariants names each broken invariant, and DumpChannels shows
// every stored field (so atomicity checks that compare dumps catch any
// half-applied change). Each test corrupts the state directly, then resets
// the engine so the fixture's own checks see a sound one.
#include <functional>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "engine/bots/bots_key.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"
#include "engine/state.h"
#include "engine/users/users_key.h"
#include "gtest/gtest.h"
#include "tests/channels/channels_test_util.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/test_access.h"

namespace banter::testing {
namespace {

using ::testing::HasSubstr;

class ChannelInvariantsTest : public EngineTest {
 protected:
  void Build() {
    Reset(TestOptions());
    a_ = User("a");
    b_ = User("b");
    x_ = User("x");
    c_ = Channel("c", ChannelType::kPublic, a_, {b_});
    p_ = Channel("p", ChannelType::kPrivate, a_, {b_});
    auto g = engine().CreateChannel(Actor::Admin(), GitpleReq("group", {a_, b_}),
                                    Now());
    ASSERT_THAT(g, IsOk());
    g_ = *g;
    bot_ = Bot("bot");
  }
  internal::State& S() { return ::banter::internal::StateOf(engine()); }
  internal::ChannelRecord& Ch(ChannelId c) { return ::banter::internal::TestAccess::Channel(S(), c); }
  internal::ChannelProfile& Pf(ChannelId c) {
    return ::banter::internal::TestAccess::Profile(S(), c);
  }
  // Runs `corrupt` on a fresh world and expects the channel check to name
  // `invariant`.
  void ExpectViolation(const std::string& invariant,
                       const std::function<void()>& corrupt) {
    Build();
    ASSERT_THAT(internal::CheckChannelInvariants(S()), IsOk());
    corrupt();
    absl::Status st = internal::CheckChannelInvariants(S());
    EXPECT_EQ(st.code(), absl::StatusCode::kInternal) << invariant;
    EXPECT_THAT(std::string(st.message()),
                HasSubstr("invariant " + invariant + ":"));
    Reset(TestOptions());
  }

  UserId a_, b_, x_;
  ChannelId c_, p_, g_;
  BotId bot_;
};

TEST_F(ChannelInvariantsTest, EachViolationIsNamed) {
  ExpectViolation("C1", [&] { Ch(c_).member_order.insert(x_); });
  ExpectViolation("C1", [&] { Ch(c_).member_state.pop_back(); });
  ExpectViolation("C2", [&] {
    std::swap(Ch(c_).members[0], Ch(c_).members[1]);
  });
  ExpectViolation("C2", [&] { (void)internal::TestAccess::Insert(S().user_channels, x_, c_, 0); });
  ExpectViolation("C3", [&] { Ch(c_).max_members = 1; });
  ExpectViolation("C3", [&] { Ch(c_).max_members = -1; });
  ExpectViolation("C4", [&] { Ch(c_).owner = x_; });
  ExpectViolation("C5", [&] { Ch(c_).banned[b_] = {}; });
  ExpectViolation("C5", [&] { Ch(c_).muted[x_] = 0; });
  ExpectViolation("C5", [&] { Ch(c_).push_off.insert(x_); });
  ExpectViolation("C5", [&] { Ch(c_).hidden_by.insert(b_); });
  ExpectViolation("C5", [&] { Ch(c_).extras[x_].private_tag = "t"; });
  ExpectViolation("C5", [&] { Ch(g_).managers.insert(x_); });
  ExpectViolation("C5", [&] { Ch(c_).peer_muted[a_][x_] = 0; });
  ExpectViolation("C12", [&] {
    Ch(c_).filters[x_].push_back({.slot = 0, .peer_mute = true});
  });
  ExpectViolation("C12", [&] { Ch(c_).filters[b_].push_back({.slot = 0}); });
  ExpectViolation("C12", [&] {
    // a blocks x, but the channel's filters do not say so.
    S().users.Mutable(a_, internal::kUsersKey).blocked.insert(x_);
  });
  ExpectViolation("C6", [&] { Ch(c_).member_state[0].read_seq = 3; });
  ExpectViolation("C7", [&] { Ch(c_).bots.push_back(bot_); });
  ExpectViolation("C7", [&] {
    S().bots.Mutable(bot_, internal::kBotsKey).channels.insert(c_);
  });
  ExpectViolation("C8", [&] {
    S().users.Mutable(b_, internal::kUsersKey).live = false;
  });
  ExpectViolation("C9", [&] { Ch(p_).type = ChannelType::kInvitationOnly; });
  ExpectViolation("C9", [&] {
    Ch(c_).type = ChannelType::kSuperPublic;
    Ch(c_).max_members = -1;
    Pf(c_).invitation_code = "code";
  });
  ExpectViolation("C9", [&] { Pf(c_).subcategory = "sub"; });
  ExpectViolation("C9", [&] { Ch(c_).ever_had_manager = true; });
  ExpectViolation("C9", [&] { Ch(g_).former_members.insert(a_); });
  ExpectViolation("C10", [&] { Ch(c_).extras[b_]; });
  ExpectViolation("C11", [&] {
    BANTER_CHECK(engine().DeleteChannel(Actor::Admin(), c_, Now()).ok());
    Ch(c_).owner = a_;
  });
  ExpectViolation("C11", [&] {
    BANTER_CHECK(engine().DeleteChannel(Actor::Admin(), c_, Now()).ok());
    Pf(c_).name = "kept";
  });
  ExpectViolation("S1", [&] { internal::TestAccess::AppendChannel(S()); });
  ExpectViolation("S2", [&] { internal::TestAccess::ChannelNames(S()).Release(c_); });
  ExpectViolation("S3", [&] { internal::TestAccess::PublicList(S()).erase(c_); });
  ExpectViolation("S3", [&] { internal::TestAccess::PublicList(S()).insert(p_); });
}

TEST_F(ChannelInvariantsTest, DumpShowsEveryStoredField) {
  // Each mutation changes exactly one stored fact; the dump must see it.
  using Mutation = std::function<void()>;
  const std::vector<std::pair<std::string, Mutation>> mutations = {
      {"name", [&] { Pf(c_).name = "n"; }},
      {"image_url", [&] { Pf(c_).image_url = "i"; }},
      {"invitation_code", [&] { Pf(c_).invitation_code = "x"; }},
      {"category", [&] { Pf(c_).category = "c"; }},
      {"subcategory", [&] { Pf(c_).subcategory = "s"; }},
      {"data", [&] { Pf(c_).data["k"] = "v"; }},
      {"type", [&] { Ch(c_).type = ChannelType::kPrivate; }},
      {"dialect", [&] { Ch(c_).dialect = Dialect::kGitpleLive; }},
      {"frozen", [&] { Ch(c_).frozen = true; }},
      {"hide_before_join", [&] { Ch(c_).hide_messages_before_join = true; }},
      {"owner", [&] { Ch(c_).owner = b_; }},
      {"max_members", [&] { Ch(c_).max_members = 99; }},
      {"created_at", [&] { Ch(c_).created_at += 1; }},
      {"updated_at", [&] { Ch(c_).updated_at += 1; }},
      {"last_sent_at", [&] { Ch(c_).last_sent_at += 1; }},
      {"member order", [&] {
         auto& ch = Ch(c_);
         std::swap(ch.members[0], ch.members[1]);
         std::swap(ch.member_state[0], ch.member_state[1]);
       }},
      {"read_seq", [&] { Ch(c_).member_state[0].read_seq = 1; }},
      {"join_seq", [&] { Ch(c_).member_state[0].join_seq = 1; }},
      {"last_read_at", [&] { Ch(c_).member_state[0].last_read_at = 1; }},
      {"member last_sent_at", [&] { Ch(c_).member_state[0].last_sent_at = 1; }},
      {"joined_at", [&] { Ch(c_).member_state[0].joined_at = 1; }},
      {"member_info", [&] { Ch(c_).extras[a_].member_info["k"] = "v"; }},
      {"private_data", [&] { Ch(c_).extras[a_].private_data["k"] = "v"; }},
      {"private_tag", [&] { Ch(c_).extras[a_].private_tag = "t"; }},
      {"sound_aos", [&] { Ch(c_).extras[a_].push_sound_aos = "s"; }},
      {"sound_ios", [&] { Ch(c_).extras[a_].push_sound_ios = "s"; }},
      {"delivered_at", [&] { Ch(c_).extras[a_].delivered_at = 1; }},
      {"push_off", [&] { Ch(c_).push_off.insert(a_); }},
      {"hidden_by", [&] { Ch(c_).hidden_by.insert(a_); }},
      {"bots", [&] { Ch(c_).bots.push_back(bot_); }},
      {"muted", [&] { Ch(c_).muted[b_] = 0; }},
      {"ban", [&] { Ch(c_).banned[x_] = {}; }},
      {"ban start", [&] { Ch(c_).banned[x_] = {1, 0, ""}; }},
      {"ban end", [&] { Ch(c_).banned[x_] = {0, 1, ""}; }},
      {"ban reason", [&] { Ch(c_).banned[x_] = {0, 0, "r"}; }},
      {"peer_muted", [&] { Ch(c_).peer_muted[a_][b_] = 5; }},
      {"peer_muters", [&] {
         Ch(c_).filters[b_].push_back({.slot = 0, .peer_mute = true});
       }},
      {"managers", [&] { Ch(g_).managers.insert(a_); }},
      {"ever_had_manager", [&] { Ch(g_).ever_had_manager = true; }},
      {"former_members", [&] { Ch(g_).former_members.insert(x_); }},
      {"total_messages", [&] { Ch(c_).total_messages = 3; }},
      {"total_files", [&] { Ch(c_).total_files = 3; }},
      {"public_channels", [&] { internal::TestAccess::PublicList(S()).erase(c_); }},
      {"tombstone", [&] { Ch(c_).live = false; }},
  };
  for (const auto& [what, mutate] : mutations) {
    Build();
    std::string before;
    internal::DumpChannels(S(), &before);
    mutate();
    std::string after;
    internal::DumpChannels(S(), &after);
    EXPECT_NE(after, before) << what;
    Reset(TestOptions());
  }
}

}  // namespace
}  // namespace banter::testing
