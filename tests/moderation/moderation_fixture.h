// ModerationTest: the engine fixture plus the builders the moderation suites
// share (GitpleLive channels with managers, request shorthands, expected
// events, list names).
#ifndef BANTER_TESTS_MODERATION_MODERATION_FIXTURE_H_
#define BANTER_TESTS_MODERATION_MODERATION_FIXTURE_H_

#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "banter/engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"

namespace banter::testing {

class ModerationTest : public EngineTest {
 protected:
  static constexpr Millis kMinute = 60'000;

  // A GitpleLive group channel created by the admin (no owner), with
  // `managers` (members too) registered through AddManager.
  ChannelId GitpleChannel(const std::string& id, std::vector<UserId> members,
                          std::vector<UserId> managers = {}) {
    CreateChannelRequest r;
    r.channel_id = id;
    r.type = ChannelType::kPrivate;
    r.dialect = Dialect::kGitpleLive;
    r.name = id;  // GitpleLive channels need a name
    r.members = std::move(members);
    auto c = engine().CreateChannel(Actor::Admin(), r, Now());
    if (!c.ok()) {
      ADD_FAILURE() << "CreateChannel(" << id << "): " << c.status();
      return ChannelId();
    }
    for (UserId m : managers) {
      absl::Status st = engine().AddManager(Actor::Admin(), *c, m, Now());
      if (!st.ok()) ADD_FAILURE() << "AddManager: " << st;
    }
    return *c;
  }

  absl::Status Ban(const Actor& actor, ChannelId c, UserTargets users,
                   Millis duration_ms = 0, std::string reason = "") {
    return engine().Ban(
        actor, BanRequest{c, std::move(users), duration_ms, std::move(reason)},
        Now());
  }
  absl::Status Unban(const Actor& actor, ChannelId c,
                     UserTargets users) {
    return engine().Unban(actor, MembersRequest{c, std::move(users)}, Now());
  }
  // Minutes as the engine's milliseconds, saturating (the tests of huge
  // durations pass minutes whose milliseconds do not fit).
  static Millis MinutesMs(int64_t minutes) {
    constexpr int64_t kMax = std::numeric_limits<Millis>::max();
    if (minutes > kMax / kMinute) return kMax;
    if (minutes < -(kMax / kMinute)) return -kMax;
    return minutes * kMinute;
  }
  absl::Status Mute(const Actor& actor, ChannelId c, UserTargets users,
                    int64_t minutes = 0) {
    return engine().Mute(actor, MuteRequest{c, std::move(users), MinutesMs(minutes)},
                         Now());
  }
  absl::Status Unmute(const Actor& actor, ChannelId c,
                      UserTargets users) {
    return engine().Unmute(actor, MembersRequest{c, std::move(users)}, Now());
  }
  absl::Status PeerMute(const Actor& actor, ChannelId c, UserId user,
                        std::vector<UserId> targets, int64_t minutes = 0) {
    return engine().PeerMute(
        actor, PeerMuteRequest{c, user, std::move(targets), MinutesMs(minutes)}, Now());
  }
  absl::Status PeerUnmute(const Actor& actor, ChannelId c, UserId user,
                          std::vector<UserId> targets) {
    return engine().PeerUnmute(
        actor, PeerMuteRequest{c, user, std::move(targets), 0}, Now());
  }
  absl::Status Join(UserId u, ChannelId c) {
    return engine().Join(Actor::User(u), JoinRequest{c, u, std::nullopt},
                         Now());
  }
  absl::Status SendAs(UserId u, ChannelId c, const std::string& text) {
    SendMessageRequest r;
    r.channel = c;
    r.text = text;
    return engine().SendMessage(Actor::User(u), r, Now()).status();
  }

  // Users named `prefix`0 .. `prefix`(n-1), in creation (handle) order.
  std::vector<UserId> Users(const std::string& prefix, int n) {
    std::vector<UserId> out;
    for (int i = 0; i < n; ++i) out.push_back(User(prefix + std::to_string(i)));
    return out;
  }

  static RecordedEvent Ev(std::string name, Millis at, std::string channel,
                          std::vector<std::string> users,
                          std::vector<std::string> recipients) {
    RecordedEvent e;
    e.name = std::move(name);
    e.at = at;
    e.channel = std::move(channel);
    e.users = std::move(users);
    e.recipients = std::move(recipients);  // sorted, as the sink records
    return e;
  }

  static std::vector<std::string> Ids(const Page<MemberView>& page) {
    std::vector<std::string> out;
    for (const auto& m : page.items) out.push_back(m.user.id);
    return out;
  }
  static std::vector<std::string> Ids(const Page<BanView>& page) {
    std::vector<std::string> out;
    for (const auto& b : page.items) out.push_back(b.member.user.id);
    return out;
  }
};

}  // namespace banter::testing

#endif  // BANTER_TESTS_MODERATION_MODERATION_FIXTURE_H_
