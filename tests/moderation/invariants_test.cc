// The moderation invariants (M1..M9, engine/moderation/
// moderation_invariants.cc): each corruption of the records is reported under
// its own name. These tests edit internal state directly, so they use an
// engine without the abort-on-violation option instead of EngineTest.
#include "engine/invariants.h"

#include <memory>
#include <string>

#include "engine/channels/channel_record.h"
#include "engine/membership/membership.h"
#include "engine/moderation/moderation_ops.h"
#include "engine/state.h"
#include "tests/testing/test_access.h"
#include "tests/moderation/moderation_fixture.h"

namespace banter::testing {
namespace {

using ::testing::HasSubstr;

class ModerationInvariantsTest : public ::testing::Test {
 protected:
  static constexpr Millis kStart = 1'700'000'000'000;

  void SetUp() override {
    EngineOptions o = TestOptions();
    o.check_invariants = false;
    engine_ = std::make_unique<Engine>(o);
    for (const char* id : {"o", "a", "b", "n"}) {
      CreateUserRequest r;
      r.user_id = id;
      auto u = engine_->CreateUser(Actor::Admin(), r, kStart);
      ASSERT_THAT(u, IsOk());
    }
    o_ = engine_->FindUser("o");
    a_ = engine_->FindUser("a");
    b_ = engine_->FindUser("b");
    n_ = engine_->FindUser("n");
    CreateChannelRequest r;
    r.channel_id = "c";
    r.type = ChannelType::kPublic;
    r.owner = o_;
    r.members = {a_, b_};
    auto c = engine_->CreateChannel(Actor::Admin(), r, kStart);
    ASSERT_THAT(c, IsOk());
    c_ = *c;
    ASSERT_THAT(engine_->CheckInvariants(), IsOk());
  }

  internal::ChannelRecord& ch() {
    return ::banter::internal::TestAccess::Channel(::banter::internal::StateOf(*engine_), c_);
  }
  // The first moderation violation's message, or "" when M1..M9 hold.
  // (Other areas check some of the same facts under their own names.)
  std::string Violation() {
    absl::Status st = internal::CheckModerationInvariants(::banter::internal::StateOf(*engine_));
    return st.ok() ? "" : std::string(st.message());
  }

  std::unique_ptr<Engine> engine_;
  UserId o_, a_, b_, n_;
  ChannelId c_;
};

TEST_F(ModerationInvariantsTest, MutedNonMemberIsM1) {
  ch().muted[n_] = 0;
  EXPECT_THAT(Violation(), HasSubstr("M1"));
}

TEST_F(ModerationInvariantsTest, MutedOwnerIsM2) {
  ch().muted[o_] = 0;
  EXPECT_THAT(Violation(), HasSubstr("M2"));
}

TEST_F(ModerationInvariantsTest, BannedMemberIsM3) {
  ch().banned[a_] = internal::BanRecord{kStart, 0, ""};
  EXPECT_THAT(Violation(), HasSubstr("M3"));
}

TEST_F(ModerationInvariantsTest, OneSidedPeerMuteIsM4) {
  ch().peer_muted[a_][b_] = 0;
  EXPECT_THAT(Violation(), HasSubstr("M4"));
}

TEST_F(ModerationInvariantsTest, ExtraReverseEntryIsM4) {
  internal::SetPeerMute(::banter::internal::StateOf(*engine_), c_, a_, b_, 0);
  ASSERT_EQ(Violation(), "");
  const auto slot = internal::SlotOf(::banter::internal::StateOf(*engine_), c_, a_);
  ASSERT_TRUE(slot.has_value());
  ch().filters[o_].push_back({.slot = *slot, .peer_mute = true});
  EXPECT_THAT(Violation(), HasSubstr("M4"));
}

TEST_F(ModerationInvariantsTest, PeerMuteOfNonMemberIsM5) {
  internal::SetPeerMute(::banter::internal::StateOf(*engine_), c_, a_, n_, 0);
  EXPECT_THAT(Violation(), HasSubstr("M5"));
}

TEST_F(ModerationInvariantsTest, SelfPeerMuteIsM6) {
  internal::SetPeerMute(::banter::internal::StateOf(*engine_), c_, a_, a_, 0);
  EXPECT_THAT(Violation(), HasSubstr("M6"));
}

TEST_F(ModerationInvariantsTest, TimedRecordWithoutTimerIsM7) {
  ch().muted[a_] = kStart + 1000;
  EXPECT_THAT(Violation(), HasSubstr("M7"));
  // With its timer the record is fine...
  ::banter::internal::StateOf(*engine_).timers.Schedule({.at = kStart + 1000,
                                    .kind = internal::TimerKind::kMuteExpiry,
                                    .channel = c_,
                                    .user = a_});
  EXPECT_EQ(Violation(), "");
  // ...and a timer for another instant does not count.
  ch().muted[a_] = kStart + 2000;
  EXPECT_THAT(Violation(), HasSubstr("M7"));
}

TEST_F(ModerationInvariantsTest, BanEndingBeforeItStartsIsM8) {
  ::banter::internal::StateOf(*engine_).timers.Schedule({.at = kStart + 5,
                                    .kind = internal::TimerKind::kBanExpiry,
                                    .channel = c_,
                                    .user = n_});
  ch().banned[n_] = internal::BanRecord{kStart + 10, kStart + 5, ""};
  ::banter::internal::StateOf(*engine_).now = kStart + 10;
  EXPECT_THAT(Violation(), HasSubstr("M8"));
}

TEST_F(ModerationInvariantsTest, MalformedTimerIsM9) {
  ::banter::internal::StateOf(*engine_).timers.Schedule({.at = kStart + 5,
                                    .kind = internal::TimerKind::kMuteExpiry,
                                    .channel = ChannelId(77),
                                    .user = a_});
  EXPECT_THAT(Violation(), HasSubstr("M9"));
}

TEST_F(ModerationInvariantsTest, RealOperationsKeepEveryInvariant) {
  ASSERT_THAT(engine_->Mute(Actor::Admin(), MuteRequest{c_, {a_}, 1 * 60'000}, kStart),
              IsOk());
  ASSERT_THAT(
      engine_->Ban(Actor::Admin(), BanRequest{c_, {b_}, 500, "x"}, kStart),
      IsOk());
  ASSERT_THAT(engine_->PeerMute(Actor::User(o_),
                                PeerMuteRequest{c_, o_, {a_}, 2 * 60'000}, kStart),
              IsOk());
  EXPECT_THAT(engine_->CheckInvariants(), IsOk());
  EXPECT_EQ(engine_->AdvanceTime(kStart + 60'000), 2u);
  EXPECT_THAT(engine_->CheckInvariants(), IsOk());
  EXPECT_EQ(engine_->AdvanceTime(kStart + 120'000), 1u);
  EXPECT_THAT(engine_->CheckInvariants(), IsOk());
  EXPECT_EQ(engine_->Stats().pending_timers, 0u);
}

}  // namespace
}  // namespace banter::testing
