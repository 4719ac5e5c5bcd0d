// banter::LocalRecipients beside an engine: Filter returns exactly the local
// users among an event's recipients (checked against a brute-force scan of
// every span, for every event, in OnEmit and OnEvent, with and without a
// journal holding events), through a random walk of joins, leaves, removals,
// bans, blocks (which cut spans), connects, disconnects, sends and user and
// channel deletions; the index's invariants hold after every step; a
// snapshot reload and Attach rebuild it; refusals carry their codes.
#include "banter/local_recipients.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "banter/durability.h"
#include "banter/engine.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/engine_fixture.h"
#include "tests/testing/status_matchers.h"

namespace banter {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using testing::IsOk;
using testing::StatusIs;

constexpr Millis kT0 = 1'700'000'000'000;

std::vector<UserId> Sorted(std::vector<UserId> v) {
  std::sort(v.begin(), v.end());
  return v;
}

// Compares Filter with a brute-force scan on every event it hears.
class CheckingSink : public EventSink {
 public:
  void OnEmit(const Event& e) override { Check(e, "OnEmit"); }
  void OnEvent(const Event& e) override { Check(e, "OnEvent"); }

  const LocalRecipients* local = nullptr;
  const std::set<UserId>* reference = nullptr;  // who the test made local
  int events = 0;
  int local_found = 0;  // local recipients found, over all events

 private:
  void Check(const Event& e, const char* where) {
    ++events;
    for (const Recipients* r : {&e.recipients, &e.push}) {
      std::vector<UserId> got;
      local->Filter(e.channel, *r, &got);
      std::vector<UserId> want;
      for (auto batch : r->batches) {
        for (UserId u : batch) {
          if (reference->contains(u)) want.push_back(u);
        }
      }
      local_found += static_cast<int>(got.size());
      ASSERT_EQ(Sorted(got), Sorted(want))
          << where << " " << EventName(e.kind) << " in channel "
          << e.channel.value();
    }
  }
};

class NullJournal : public JournalSink {
 public:
  absl::Status Append(const JournalRecord&, std::string_view) override {
    return absl::OkStatus();
  }
};

EngineOptions Options(LocalRecipients* local, EventSink* sink,
                      JournalSink* journal) {
  EngineOptions o = testing::TestOptions();
  o.member_slots = local;
  o.sink = sink;
  o.journal = journal;
  return o;
}

UserId MakeUser(Engine& e, const std::string& id) {
  auto r = e.CreateUser(Actor::Admin(), {.user_id = id}, kT0);
  EXPECT_THAT(r.status(), IsOk());
  return r.ok() ? r->user : UserId();
}

// The local members of `c` as the index finds them in its whole member
// array, against the array scanned.
void ExpectWholeArrayFiltered(const Engine& e, const LocalRecipients& local,
                              const std::set<UserId>& reference, ChannelId c) {
  const std::span<const UserId> array = e.MemberArray(c);
  const std::span<const UserId> one[] = {array};
  std::vector<UserId> got;
  local.Filter(c, Recipients{one}, &got);
  std::vector<UserId> want;
  for (UserId u : array) {
    if (reference.contains(u)) want.push_back(u);
  }
  // Slot order, not just the same set.
  EXPECT_EQ(got, want) << "channel " << c.value();
}

TEST(LocalRecipientsTest, FindsLocalMembersOfASpanInSlotOrder) {
  LocalRecipients local;
  Engine e(Options(&local, nullptr, nullptr));
  local.Attach(&e);
  std::vector<UserId> u;
  for (int i = 0; i < 6; ++i) u.push_back(MakeUser(e, "u" + std::to_string(i)));
  CreateChannelRequest cr{.channel_id = "c",
                          .type = ChannelType::kSuperBroadcast};
  cr.owner = u[0];
  cr.members = {u[1], u[2], u[3], u[4], u[5]};
  const ChannelId c = *e.CreateChannel(Actor::Admin(), cr, kT0);
  ASSERT_THAT(local.AddLocalUser(u[4]), IsOk());
  ASSERT_THAT(local.AddLocalUser(u[1]), IsOk());
  ASSERT_THAT(local.AddLocalUser(u[1]), IsOk());  // again: nothing
  EXPECT_EQ(local.local_user_count(), 2u);
  EXPECT_EQ(local.local_member_count(c), 2u);
  const std::span<const UserId> array = e.MemberArray(c);
  // Two pieces of the array, cut around slot 3 (as a block cuts).
  const std::span<const UserId> pieces[] = {array.subspan(0, 3),
                                            array.subspan(4)};
  std::vector<UserId> out;
  local.Filter(c, Recipients{pieces}, &out);
  EXPECT_THAT(out, ElementsAre(u[1], u[4]));
  // u1 leaves: u5, the last, moves into slot 1; u4 stays local.
  ASSERT_THAT(e.Leave(Actor::User(u[1]), {.channel = c, .user = u[1]}, kT0),
              IsOk());
  EXPECT_EQ(local.local_member_count(c), 1u);
  EXPECT_THAT(local.CheckInvariants(), IsOk());
  ASSERT_THAT(local.AddLocalUser(u[5]), IsOk());
  out.clear();
  const std::span<const UserId> whole[] = {e.MemberArray(c)};
  local.Filter(c, Recipients{whole}, &out);
  EXPECT_THAT(out, ElementsAre(u[5], u[4]));  // slots 1 and 4
  local.RemoveLocalUser(u[4]);
  local.RemoveLocalUser(u[4]);  // again: nothing
  out.clear();
  local.Filter(c, Recipients{whole}, &out);
  EXPECT_THAT(out, ElementsAre(u[5]));
  EXPECT_THAT(local.CheckInvariants(), IsOk());
}

TEST(LocalRecipientsTest, SpansOutsideTheMemberArrayAreScannedById) {
  LocalRecipients local;
  Engine e(Options(&local, nullptr, nullptr));
  local.Attach(&e);
  const UserId a = MakeUser(e, "a"), b = MakeUser(e, "b");
  ASSERT_THAT(local.AddLocalUser(b), IsOk());
  const UserId named[] = {a, b};
  const std::span<const UserId> one[] = {named};
  std::vector<UserId> out;
  local.Filter(ChannelId(), Recipients{one}, &out);  // a user-level event
  EXPECT_THAT(out, ElementsAre(b));
}

TEST(LocalRecipientsTest, AddingAnUnknownOrDeletedUserIsRefused) {
  LocalRecipients local;
  Engine e(Options(&local, nullptr, nullptr));
  local.Attach(&e);
  const UserId a = MakeUser(e, "a");
  ASSERT_THAT(e.DeleteUser(Actor::Admin(), a, kT0), IsOk());
  EXPECT_THAT(local.AddLocalUser(a), StatusIs(ErrorCode::kUserNotFound));
  EXPECT_THAT(local.AddLocalUser(UserId(99)),
              StatusIs(ErrorCode::kUserNotFound));
  EXPECT_EQ(local.local_user_count(), 0u);
}

TEST(LocalRecipientsTest, DeletedLocalUserLeavesNoEntries) {
  LocalRecipients local;
  Engine e(Options(&local, nullptr, nullptr));
  local.Attach(&e);
  const UserId a = MakeUser(e, "a"), b = MakeUser(e, "b");
  CreateChannelRequest cr{.channel_id = "c", .type = ChannelType::kPublic};
  cr.owner = a;
  cr.members = {b};
  const ChannelId c = *e.CreateChannel(Actor::Admin(), cr, kT0);
  ASSERT_THAT(local.AddLocalUser(a), IsOk());
  ASSERT_THAT(local.AddLocalUser(b), IsOk());
  ASSERT_THAT(e.DeleteUser(Actor::Admin(), a, kT0), IsOk());
  EXPECT_EQ(local.local_member_count(c), 1u);  // b, moved to slot 0
  EXPECT_THAT(local.CheckInvariants(), IsOk());
  local.RemoveLocalUser(a);  // still counted local until disconnected
  EXPECT_EQ(local.local_user_count(), 1u);
  EXPECT_THAT(local.CheckInvariants(), IsOk());
}

TEST(LocalRecipientsTest, AttachRebuildsAfterASnapshotLoad) {
  LocalRecipients local;
  Engine e(Options(&local, nullptr, nullptr));
  local.Attach(&e);
  std::vector<UserId> u;
  for (int i = 0; i < 5; ++i) u.push_back(MakeUser(e, "u" + std::to_string(i)));
  CreateChannelRequest cr{.channel_id = "c", .type = ChannelType::kSuperPublic};
  cr.owner = u[0];
  cr.members = {u[1], u[2], u[3], u[4]};
  const ChannelId c = *e.CreateChannel(Actor::Admin(), cr, kT0);
  ASSERT_THAT(local.AddLocalUser(u[2]), IsOk());
  ASSERT_THAT(local.AddLocalUser(u[4]), IsOk());
  const std::string bytes = WriteSnapshot(e);
  absl::StatusOr<Engine> loaded = ReadSnapshot(bytes, e.options());
  ASSERT_THAT(loaded.status(), IsOk());
  local.Attach(&*loaded);
  EXPECT_THAT(local.CheckInvariants(), IsOk());
  ASSERT_THAT(loaded->Leave(Actor::User(u[1]), {.channel = c, .user = u[1]},
                            kT0),
              IsOk());
  EXPECT_THAT(local.CheckInvariants(), IsOk());
  std::vector<UserId> out;
  const std::span<const UserId> whole[] = {loaded->MemberArray(c)};
  local.Filter(c, Recipients{whole}, &out);
  EXPECT_THAT(out, UnorderedElementsAre(u[2], u[4]));
}

// A channel of many index blocks (4096 slots each): spans that start and
// end anywhere, after leaves that move members across blocks.
TEST(LocalRecipientsTest, SpansAcrossBlocksMatchBruteForce) {
  std::mt19937_64 rng(7);
  LocalRecipients local;
  EngineOptions o = Options(&local, nullptr, nullptr);
  o.check_invariants = false;  // O(state) per call; checked below instead
  Engine e(o);
  local.Attach(&e);
  std::vector<UserId> users;
  for (int i = 0; i < 13'000; ++i) {
    users.push_back(MakeUser(e, "u" + std::to_string(i)));
  }
  CreateChannelRequest cr{.channel_id = "big",
                          .type = ChannelType::kSuperPublic};
  cr.owner = users[0];
  const ChannelId c = *e.CreateChannel(Actor::Admin(), cr, kT0);
  MembersRequest add{.channel = c};
  add.users.assign(users.begin() + 1, users.end());
  ASSERT_THAT(e.AddMembers(Actor::Admin(), add, kT0), IsOk());
  std::set<UserId> reference;
  for (UserId u : users) {
    if (rng() % 7 == 0) {
      ASSERT_THAT(local.AddLocalUser(u), IsOk());
      reference.insert(u);
    }
  }
  for (int round = 0; round < 40; ++round) {
    for (int i = 0; i < 50; ++i) {
      const UserId u = users[1 + rng() % (users.size() - 1)];
      MembersRequest one{.channel = c, .users = {u}};
      if (rng() % 2 == 0) {
        (void)e.RemoveMembers(Actor::Admin(), one, kT0);
      } else {
        (void)e.AddMembers(Actor::Admin(), one, kT0);
      }
    }
    ASSERT_THAT(local.CheckInvariants(), IsOk()) << "round " << round;
    // Cut the array at a few random slots, as exclusions do.
    const std::span<const UserId> array = e.MemberArray(c);
    std::vector<size_t> cuts = {0, array.size()};
    for (int k = 0; k < 4; ++k) cuts.push_back(rng() % (array.size() + 1));
    std::sort(cuts.begin(), cuts.end());
    std::vector<std::span<const UserId>> pieces;
    for (size_t k = 0; k + 1 < cuts.size(); ++k) {
      const size_t from = k == 0 ? cuts[k] : std::min(cuts[k] + 1, cuts[k + 1]);
      pieces.push_back(array.subspan(from, cuts[k + 1] - from));
    }
    std::vector<UserId> got, want;
    local.Filter(c, Recipients{pieces}, &got);
    for (auto piece : pieces) {
      for (UserId u : piece) {
        if (reference.contains(u)) want.push_back(u);
      }
    }
    ASSERT_EQ(got, want) << "round " << round;  // slot order, piece by piece
    ExpectWholeArrayFiltered(e, local, reference, c);
  }
}

// The random walk, with or without a journal (which holds events until the
// call's record is appended, so OnEvent sees copies of the spans).
class LocalRecipientsWalkTest : public ::testing::TestWithParam<bool> {};

TEST_P(LocalRecipientsWalkTest, FilterMatchesBruteForce) {
  const char* env = std::getenv("BANTER_SEED");
  const uint64_t seed = env ? std::strtoull(env, nullptr, 10) : 1;
  std::printf("local recipients seed: %llu (set BANTER_SEED to change)\n",
              static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  LocalRecipients local;
  CheckingSink sink;
  NullJournal journal;
  std::set<UserId> reference;
  sink.local = &local;
  sink.reference = &reference;
  Engine e(Options(&local, &sink, GetParam() ? &journal : nullptr));
  local.Attach(&e);

  std::vector<UserId> users;
  int next_user = 0;
  for (; next_user < 40; ++next_user) {
    users.push_back(MakeUser(e, "u" + std::to_string(next_user)));
  }
  std::vector<ChannelId> channels;
  int next_channel = 0;
  auto new_channel = [&] {
    static constexpr ChannelType kTypes[] = {
        ChannelType::kSuperBroadcast, ChannelType::kSuperPublic,
        ChannelType::kPublic, ChannelType::kBroadcast};
    CreateChannelRequest cr{.channel_id = "c" + std::to_string(next_channel),
                            .type = kTypes[next_channel % 4]};
    ++next_channel;
    cr.owner = users[rng() % users.size()];
    auto c = e.CreateChannel(Actor::Admin(), cr, kT0);
    ASSERT_THAT(c.status(), IsOk());
    channels.push_back(*c);
    // One by one: a member who blocked the owner is refused (2020).
    for (int i = 0; i < 10; ++i) {
      (void)e.AddMembers(Actor::Admin(),
                         {.channel = *c, .users = {users[rng() % users.size()]}},
                         kT0);
    }
  };
  for (int i = 0; i < 4; ++i) new_channel();

  for (int step = 0; step < 4000; ++step) {
    const UserId u = users[rng() % users.size()];
    const UserId v = users[rng() % users.size()];
    const size_t ci = rng() % channels.size();
    const ChannelId c = channels[ci];
    switch (rng() % 24) {
      case 0:
        if (e.DeleteUser(Actor::Admin(), u, kT0).ok()) std::erase(users, u);
        users.push_back(MakeUser(e, "u" + std::to_string(next_user++)));
        break;
      case 1:
        (void)e.DeleteChannel(Actor::Admin(), c, kT0);
        channels.erase(channels.begin() + static_cast<ptrdiff_t>(ci));
        new_channel();
        break;
      case 2:
        (void)e.Ban(Actor::Admin(), {.channel = c, .users = {u}}, kT0);
        break;
      case 3:
        (void)e.Unban(Actor::Admin(), {.channel = c, .users = {u}}, kT0);
        break;
      case 4:
      case 5:
        (void)e.RemoveMembers(Actor::Admin(), {.channel = c, .users = {u}},
                              kT0);
        break;
      case 6:
      case 7:
        (void)e.Leave(Actor::User(u), {.channel = c, .user = u}, kT0);
        break;
      case 8:
        (void)e.Block(Actor::Admin(), u, v, kT0);
        break;
      case 9:
        (void)e.Unblock(Actor::Admin(), u, v, kT0);
        break;
      case 10:
      case 11:
      case 12:
        if (local.AddLocalUser(u).ok()) reference.insert(u);
        break;
      case 13:
      case 14:
        local.RemoveLocalUser(u);
        reference.erase(u);
        break;
      case 15:
      case 16:
      case 17:
      case 18: {
        // From a member when there is one (the owner too: broadcast rule).
        const std::span<const UserId> array = e.MemberArray(c);
        const UserId sender =
            array.empty() ? u : array[rng() % array.size()];
        SendMessageRequest m{.channel = c, .sender = sender, .text = "hi"};
        (void)e.SendMessage(Actor::Admin(), m, kT0);
        break;
      }
      default:
        (void)e.AddMembers(Actor::Admin(), {.channel = c, .users = {u, v}},
                           kT0);
        break;
    }
    if (::testing::Test::HasFatalFailure()) {
      FAIL() << "after step " << step;
    }
    ASSERT_THAT(local.CheckInvariants(), IsOk()) << "after step " << step;
    EXPECT_EQ(local.local_user_count(), reference.size());
    for (ChannelId ch : channels) {
      ExpectWholeArrayFiltered(e, local, reference, ch);
    }
  }
  std::printf("events checked: %d, local recipients found: %d\n", sink.events,
              sink.local_found);
  EXPECT_GT(sink.local_found, 1000);  // the walk exercised the index
}

INSTANTIATE_TEST_SUITE_P(JournalHoldsEvents, LocalRecipientsWalkTest,
                         ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? "WithJournal" : "WithoutJournal";
                         });

}  // namespace
}  // namespace banter
