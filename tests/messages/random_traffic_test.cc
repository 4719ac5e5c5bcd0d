// Random traffic checked against a brute-force model: after every step,
// every unread count, total unread, "not read by" count and history listing
// must equal a naive recount over the model's messages and read points. All
// seven channel types, with and without hideMessagesBeforeJoin, small
// history caps (retention), joins, leaves, deletes, marks and ownership
// transfers.
//
// The seed defaults to 1; set BANTER_SEED to explore others (it is printed).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "engine/membership/membership.h"
#include "engine/state.h"
#include "tests/testing/test_access.h"
#include "tests/messages/messages_fixture.h"

namespace banter::testing {
namespace {

uint64_t Seed() {
  const char* s = std::getenv("BANTER_SEED");
  return s ? std::strtoull(s, nullptr, 10) : 1;
}

struct ModelMessage {
  UserId sender;  // invalid: admin message
  bool to_all = true;
  bool deleted = false;
};

struct ModelMember {
  uint32_t read = 0;
  uint32_t join = 0;
};

struct ModelChannel {
  ChannelId id;
  ChannelType type;
  bool hide = false;
  uint32_t cap = 0;
  uint32_t last = 0;
  std::map<uint32_t, ModelMessage> messages;  // retained only
  std::map<UserId, ModelMember> members;
};

class RandomTrafficTest : public MessagesTest {
 protected:
  static constexpr uint32_t kCaps[kChannelTypeCount] = {0, 6, 4, 5, 3, 7, 5};

  void SetUp() override {
    EngineOptions o = TestOptions();
    for (int t = 0; t < kChannelTypeCount; ++t) o.history_cap[t] = kCaps[t];
    Reset(o);
  }

  UserId Owner(const ModelChannel& mc) {
    return ::banter::internal::TestAccess::Channel(::banter::internal::StateOf(engine()), mc.id).owner;
  }

  // What the model says `u` may see of message `seq` in `mc`.
  bool Sees(const ModelChannel& mc, UserId u, uint32_t seq,
            const ModelMessage& m) {
    if (m.deleted) return false;
    if (mc.hide && seq <= mc.members.at(u).join) return false;
    if (IsBroadcast(mc.type) && u != Owner(mc) && !m.to_all &&
        m.sender != u) {
      return false;
    }
    return true;
  }

  void Retain(ModelChannel& mc) {
    while (mc.cap != 0 && mc.messages.size() > mc.cap) {
      mc.messages.erase(mc.messages.begin());
    }
  }

  // Checks every count everywhere, and the histories of `touched` (the only
  // channel whose listings the step could change).
  void Verify(std::vector<ModelChannel>& channels,
              const std::vector<UserId>& users, const ModelChannel& touched,
              int step) {
    std::map<UserId, int64_t> totals;
    for (ModelChannel& mc : channels) {
      SCOPED_TRACE(::testing::Message()
                   << "step " << step << " channel "
                   << ChannelTypeName(mc.type) << (mc.hide ? " hide" : ""));
      for (const auto& [u, mm] : mc.members) {
        // The engine's read points follow the model's.
        const internal::MemberState* ms =
            internal::FindMember(::banter::internal::StateOf(engine()), mc.id, u);
        ASSERT_NE(ms, nullptr);
        ASSERT_EQ(ms->read_seq, mm.read);
        int64_t unread = 0;
        std::vector<std::string> visible;
        for (auto it = mc.messages.rbegin(); it != mc.messages.rend(); ++it) {
          if (!Sees(mc, u, it->first, it->second)) continue;
          visible.push_back(engine().MessageIdString(MessageId(mc.id, it->first)));
          if (it->first > mm.read && it->second.sender != u) ++unread;
        }
        ASSERT_EQ(Unread(mc.id, u), unread) << engine().UserName(u);
        totals[u] += unread;
        if (&mc != &touched) continue;
        // Full history, paged with a small limit to exercise the cursors.
        std::vector<std::string> listed;
        MessageListQuery q;
        q.channel = mc.id;
        q.viewer = u;
        q.limit = 3;
        for (;;) {
          auto page = engine().ListMessages(Actor::User(u), q);
          ASSERT_THAT(page, IsOk());
          for (const auto& m : page->items) listed.push_back(m.id);
          if (!page->has_next) break;
          q.after = page->items.back().handle;
        }
        ASSERT_EQ(listed, visible) << engine().UserName(u);
      }
      for (const auto& [seq, m] : mc.messages) {
        if (m.deleted) continue;
        int64_t not_read = 0;
        for (const auto& [u, mm] : mc.members) {
          if (u != m.sender && mm.read < seq && Sees(mc, u, seq, m)) ++not_read;
        }
        ASSERT_EQ(NotReadBy(MessageId(mc.id, seq)), not_read) << "seq " << seq;
      }
    }
    for (UserId u : users) {
      auto total = engine().TotalUnread(Actor::Admin(), u);
      ASSERT_THAT(total, IsOk());
      ASSERT_EQ(*total, totals[u]) << "step " << step << " total of "
                                   << engine().UserName(u);
    }
  }
};

TEST_F(RandomTrafficTest, CountsMatchABruteForceRecount) {
  const uint64_t seed = Seed();
  std::printf("random traffic seed: %llu (set BANTER_SEED to change)\n",
              static_cast<unsigned long long>(seed));
  std::mt19937_64 rng(seed);
  auto pick = [&](size_t n) {
    return static_cast<size_t>(std::uniform_int_distribution<size_t>(
        0, n - 1)(rng));
  };

  std::vector<UserId> users;
  for (int i = 0; i < 6; ++i) users.push_back(User("u" + std::to_string(i)));
  std::vector<ModelChannel> channels;
  for (ChannelType t : kAllChannelTypes) {
    for (bool hide : {false, true}) {
      ModelChannel mc;
      mc.type = t;
      mc.hide = hide;
      mc.cap = kCaps[static_cast<int>(t)];
      std::vector<UserId> members;
      for (size_t i = 1; i < users.size(); ++i) {
        if (pick(2) == 0) members.push_back(users[i]);
      }
      mc.id = MakeChannel(std::string(ChannelTypeName(t)) + (hide ? "-h" : ""),
                          t, users[0], members, hide);
      ASSERT_TRUE(mc.id.valid());
      mc.members[users[0]] = {};
      for (UserId u : members) mc.members[u] = {};
      channels.push_back(std::move(mc));
    }
  }

  constexpr int kSteps = 2000;
  for (int step = 0; step < kSteps; ++step) {
    Advance(1);
    ModelChannel& mc = channels[pick(channels.size())];
    const UserId u = users[pick(users.size())];
    const bool member = mc.members.contains(u);
    const size_t op = pick(100);
    if (op < 45) {
      // Send (a member, or the admin).
      if (!member && op % 5 != 0) continue;
      const bool admin = op % 5 == 0;
      auto m = admin ? SendAdmin(mc.id, "notice")
                     : SendAs(u, mc.id, "s" + std::to_string(step));
      ASSERT_THAT(m, IsOk());
      ModelMessage mm;
      if (!admin) {
        mm.sender = u;
        mm.to_all = !IsBroadcast(mc.type) || u == Owner(mc);
        mc.members[u].read = m->seq();
      }
      mc.last = m->seq();
      mc.messages[m->seq()] = mm;
      Retain(mc);
    } else if (op < 60) {
      if (member) continue;
      Add(mc.id, u);
      mc.members[u] = ModelMember{mc.last, mc.last};
    } else if (op < 68) {
      if (!member) continue;
      Leave(mc.id, u);
      mc.members.erase(u);
    } else if (op < 80) {
      if (!member) continue;
      BANTER_ASSERT_OK(MarkRead(mc.id, u));
      mc.members[u].read = mc.last;
    } else if (op < 84) {
      BANTER_ASSERT_OK(engine().MarkAllRead(Actor::User(u), u, Now()));
      for (ModelChannel& other : channels) {
        if (other.members.contains(u)) other.members[u].read = other.last;
      }
    } else if (op < 94) {
      std::vector<uint32_t> live;
      for (const auto& [seq, m] : mc.messages) {
        if (!m.deleted) live.push_back(seq);
      }
      if (live.empty()) continue;
      const uint32_t seq = live[pick(live.size())];
      BANTER_ASSERT_OK(
          engine().DeleteMessage(Actor::Admin(), MessageId(mc.id, seq), Now()));
      mc.messages[seq].deleted = true;
    } else {
      if (!member || u == Owner(mc)) continue;
      BANTER_ASSERT_OK(
          engine().TransferOwnership(Actor::Admin(), mc.id, u, Now()));
    }
    Verify(channels, users, mc, step);
    if (HasFatalFailure()) return;
  }
}

}  // namespace
}  // namespace banter::testing
