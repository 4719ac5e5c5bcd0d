// EngineOptions::member_slots (MemberSlotObserver) and the slot reads
// (Engine::MemberArray, MemberSlot): a join lands at the end, a leave moves
// the last member into the freed slot and says so, and a mirror kept only
// from the observer's calls equals every channel's member array through a
// random walk of joins, leaves, removals, bans, user and channel deletions.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "banter/engine.h"
#include "banter/events.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

using ::testing::ElementsAre;
using testing::IsOk;

constexpr Millis kT0 = 1'700'000'000'000;

// Applies the observer's calls to its own copy of each member array, and
// fails the test on any call that does not fit that copy.
class Mirror : public MemberSlotObserver {
 public:
  void OnMemberAdded(ChannelId c, UserId u, uint32_t slot) override {
    std::vector<UserId>& v = arrays[c];
    EXPECT_EQ(slot, v.size()) << "a join lands at the end";
    v.push_back(u);
    log.push_back("add " + std::to_string(u.value()) + "@" +
                  std::to_string(slot));
  }
  void OnMemberRemoved(ChannelId c, UserId u, uint32_t slot, UserId moved,
                       uint32_t moved_from) override {
    std::vector<UserId>& v = arrays[c];
    ASSERT_LT(slot, v.size());
    EXPECT_EQ(v[slot], u);
    EXPECT_EQ(moved_from, v.size() - 1);
    if (moved.valid()) {
      EXPECT_NE(slot, v.size() - 1);
      EXPECT_EQ(v.back(), moved);
      v[slot] = moved;
    } else {
      EXPECT_EQ(slot, v.size() - 1) << "only the last leaves without a move";
    }
    v.pop_back();
    log.push_back("remove " + std::to_string(u.value()) + "@" +
                  std::to_string(slot) +
                  (moved.valid() ? " move " + std::to_string(moved.value())
                                 : std::string()));
  }
  std::map<ChannelId, std::vector<UserId>> arrays;
  std::vector<std::string> log;
};

EngineOptions WithMirror(Mirror* mirror) {
  EngineOptions o = testing::TestOptions();
  o.member_slots = mirror;
  return o;
}

UserId MakeUser(Engine& e, const std::string& id) {
  auto r = e.CreateUser(Actor::Admin(), {.user_id = id}, kT0);
  EXPECT_THAT(r.status(), IsOk());
  return r.ok() ? r->user : UserId();
}

TEST(MemberSlotsTest, JoinAppendsAndLeaveMovesTheLastMember) {
  Mirror mirror;
  Engine e(WithMirror(&mirror));
  const UserId a = MakeUser(e, "a"), b = MakeUser(e, "b"), c = MakeUser(e, "c");
  CreateChannelRequest cr{.channel_id = "ch", .type = ChannelType::kPublic};
  cr.owner = a;
  cr.members = {b, c};
  auto ch = e.CreateChannel(Actor::Admin(), cr, kT0);
  ASSERT_THAT(ch.status(), IsOk());
  EXPECT_THAT(e.MemberArray(*ch), ElementsAre(a, b, c));
  ASSERT_THAT(e.Leave(Actor::User(b), {.channel = *ch, .user = b}, kT0),
              IsOk());
  EXPECT_THAT(e.MemberArray(*ch), ElementsAre(a, c));
  EXPECT_EQ(e.MemberSlot(*ch, c), 1u);
  EXPECT_EQ(e.MemberSlot(*ch, b), std::nullopt);
  EXPECT_EQ(mirror.log.back(), "remove 2@1 move 3");
  EXPECT_EQ(mirror.arrays[*ch], std::vector<UserId>(e.MemberArray(*ch).begin(),
                                                    e.MemberArray(*ch).end()));
}

TEST(MemberSlotsTest, UnknownOrDeletedChannelHasNoArray) {
  Mirror mirror;
  Engine e(WithMirror(&mirror));
  const UserId a = MakeUser(e, "a");
  EXPECT_TRUE(e.MemberArray(ChannelId(7)).empty());
  EXPECT_EQ(e.MemberSlot(ChannelId(7), a), std::nullopt);
  CreateChannelRequest cr{.channel_id = "ch", .type = ChannelType::kPublic};
  cr.owner = a;
  auto ch = e.CreateChannel(Actor::Admin(), cr, kT0);
  ASSERT_THAT(ch.status(), IsOk());
  ASSERT_THAT(e.DeleteChannel(Actor::Admin(), *ch, kT0), IsOk());
  EXPECT_TRUE(e.MemberArray(*ch).empty());
  EXPECT_EQ(e.MemberSlot(*ch, a), std::nullopt);
  EXPECT_TRUE(mirror.arrays[*ch].empty());
}

TEST(MemberSlotsTest, MirrorFromObserverEqualsMemberArrays) {
  const char* env = std::getenv("BANTER_SEED");
  const uint64_t seed = env ? std::strtoull(env, nullptr, 10) : 1;
  std::printf("member slots seed: %llu (set BANTER_SEED to change)\n",
              static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  Mirror mirror;
  Engine e(WithMirror(&mirror));
  std::vector<UserId> users;
  int next_user = 0;
  for (; next_user < 30; ++next_user) {
    users.push_back(MakeUser(e, "u" + std::to_string(next_user)));
  }
  std::vector<ChannelId> channels;
  int next_channel = 0;
  auto new_channel = [&] {
    static constexpr ChannelType kTypes[] = {
        ChannelType::kPublic, ChannelType::kSuperPublic,
        ChannelType::kSuperBroadcast, ChannelType::kBroadcast};
    CreateChannelRequest cr{.channel_id = "c" + std::to_string(next_channel),
                            .type = kTypes[next_channel % 4]};
    ++next_channel;
    cr.owner = users[rng() % users.size()];
    auto c = e.CreateChannel(Actor::Admin(), cr, kT0);
    if (c.ok()) channels.push_back(*c);
  };
  for (int i = 0; i < 4; ++i) new_channel();
  for (int step = 0; step < 3000; ++step) {
    const UserId u = users[rng() % users.size()];
    const ChannelId c = channels[rng() % channels.size()];
    switch (rng() % 20) {
      case 0:
        if (e.DeleteUser(Actor::Admin(), u, kT0).ok()) std::erase(users, u);
        users.push_back(MakeUser(e, "u" + std::to_string(next_user++)));
        break;
      case 1:
        (void)e.DeleteChannel(Actor::Admin(), c, kT0);
        new_channel();
        break;
      case 2:
      case 3:
        (void)e.Ban(Actor::Admin(), {.channel = c, .users = {u}}, kT0);
        break;
      case 4:
        (void)e.Unban(Actor::Admin(), {.channel = c, .users = {u}}, kT0);
        break;
      case 5:
      case 6:
      case 7:
        (void)e.RemoveMembers(Actor::Admin(), {.channel = c, .users = {u}},
                              kT0);
        break;
      case 8:
      case 9:
      case 10:
        (void)e.Leave(Actor::User(u), {.channel = c, .user = u}, kT0);
        break;
      default:
        (void)e.AddMembers(Actor::Admin(), {.channel = c, .users = {u}}, kT0);
        break;
    }
    for (const auto& [ch, mirrored] : mirror.arrays) {
      const std::span<const UserId> real = e.MemberArray(ch);
      ASSERT_EQ(mirrored, std::vector<UserId>(real.begin(), real.end()))
          << "channel " << ch.value() << " after step " << step;
      for (size_t slot = 0; slot < real.size(); ++slot) {
        ASSERT_EQ(e.MemberSlot(ch, real[slot]), slot);
      }
    }
  }
}

}  // namespace
}  // namespace banter
