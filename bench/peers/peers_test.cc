// Tests that the benchmark peers implement the same semantics.
//
// PeerTest runs each scripted scenario against every peer and asserts exact
// results, so the peers agree on them by construction. PeersAgreeTest then
// drives all peers with the same long random operation sequence and compares
// every return value (and every recipient set) step by step, which catches
// the disagreements no script thought of.
//
// banter itself (bench/banter_peer.h) takes part when the test is built with
// the engine (BANTER_PEERS_WITH_BANTER; tools/bench-peers-smoke builds the
// peers alone). Where banter's semantics differ from the interface's, the
// scenarios avoid the difference (private channels are joined with Add, the
// owner never leaves, mute expiries are whole minutes, an ended mute is not
// unmuted) and one test per difference pins banter's own answer.
//
// The Redis peer runs against a private redis-server (RedisServer) and is
// skipped when `redis-server` is not in PATH.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chat_peer.h"
#include "gtest/gtest.h"
#include "redis_server.h"
#ifdef BANTER_PEERS_WITH_BANTER
#include "banter_peer.h"
#endif

namespace banter::bench {
namespace {

using Users = std::vector<uint32_t>;

constexpr PeerChannelType kPrivate = PeerChannelType::kPrivate;
constexpr PeerChannelType kBroadcast = PeerChannelType::kBroadcast;
constexpr PeerChannelType kSuperPublic = PeerChannelType::kSuperPublic;
constexpr PeerChannelType kSuperBroadcast = PeerChannelType::kSuperBroadcast;

// Mute expiries are whole minutes apart from "now" so that banter, whose
// mutes last whole minutes, can express them exactly.
constexpr int64_t kMinute = 60'000;

// The peers this build can run, in the order the random test compares them.
std::vector<std::string> PeerKinds() {
  std::vector<std::string> kinds = {"sqlite", "redis", "redis_pipelined",
                                    "handrolled"};
#ifdef BANTER_PEERS_WITH_BANTER
  kinds.push_back("banter");
#endif
  return kinds;
}

// A peer plus, for Redis, the server it talks to. Members are destroyed in
// reverse order: the peer closes its connection before the server stops.
struct PeerHolder {
  std::unique_ptr<RedisServer> server;
  std::unique_ptr<ChatPeer> peer;
};

// Opens the peer named `kind`. Returns false with `why` set when it cannot
// run here (Redis not installed); fails the test when it should but cannot.
bool OpenPeer(const std::string& kind, PeerHolder& holder, std::string& why) {
  if (kind == "sqlite") {
    holder.peer = MakeSqlitePeer();
  } else if (kind == "handrolled") {
    holder.peer = MakeHandRolledPeer();
#ifdef BANTER_PEERS_WITH_BANTER
  } else if (kind == "banter") {
    holder.peer = MakeBanterPeer();
#endif
  } else if (kind == "redis" || kind == "redis_pipelined") {
    if (RedisServer::FindBinary().empty()) {
      why = "redis-server is not in PATH";
      return false;
    }
    std::string error;
    holder.server = RedisServer::Start(&error);
    EXPECT_NE(holder.server, nullptr) << error;
    if (holder.server == nullptr) return false;
    holder.peer = kind == "redis"
                      ? MakeRedisPeer(holder.server->socket_path())
                      : MakeRedisPipelinedPeer(holder.server->socket_path());
  }
  EXPECT_NE(holder.peer, nullptr) << kind;
  return holder.peer != nullptr;
}

void Collect(void* ctx, uint32_t user) {
  static_cast<Users*>(ctx)->push_back(user);
}

// Sends and returns the sorted recipients, or nullopt if the peer refused.
// Also checks that the returned count matches the deliveries.
std::optional<Users> SendAt(ChatPeer& peer, uint32_t channel, uint32_t sender,
                            int64_t now_ms) {
  Users recipients;
  int64_t n =
      peer.Send(channel, sender, "hello", now_ms, &Collect, &recipients);
  if (n < 0) {
    EXPECT_TRUE(recipients.empty());
    return std::nullopt;
  }
  EXPECT_EQ(static_cast<size_t>(n), recipients.size());
  std::sort(recipients.begin(), recipients.end());
  return recipients;
}

Users Page(ChatPeer& peer, uint32_t channel, uint32_t after, size_t limit) {
  Users out(limit);
  out.resize(peer.MemberPage(channel, after, limit, out.data()));
  return out;
}

class PeerTest : public testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why;
    if (!OpenPeer(GetParam(), holder_, why)) {
      if (!why.empty()) GTEST_SKIP() << why;
      FAIL() << "could not open " << GetParam();
    }
    // Users 1..6, 9 and 10 (10 > 9 numerically but not as text).
    for (uint32_t u : {1, 2, 3, 4, 5, 6, 9, 10}) peer().CreateUser(u);
  }

  ChatPeer& peer() { return *holder_.peer; }
  bool IsBanter() const { return GetParam() == "banter"; }

 private:
  PeerHolder holder_;
};

TEST_P(PeerTest, NameMatchesKind) { EXPECT_EQ(peer().name(), GetParam()); }

TEST_P(PeerTest, JoinRefusesWhenCapReached) {
  peer().CreateChannel(1, kBroadcast, /*owner=*/1, /*max_members=*/3);
  EXPECT_TRUE(peer().IsMember(1, 1));  // the owner counts toward the cap
  EXPECT_TRUE(peer().Join(1, 2));
  EXPECT_TRUE(peer().Add(1, 3));
  EXPECT_FALSE(peer().Join(1, 4));
  EXPECT_FALSE(peer().Add(1, 4));
  EXPECT_TRUE(peer().Leave(1, 3));
  EXPECT_TRUE(peer().Join(1, 4));
  EXPECT_EQ(Page(peer(), 1, 0, 10), (Users{1, 2, 4}));
}

TEST_P(PeerTest, JoinRefusesMembersUnknownsAndMissingChannels) {
  peer().CreateChannel(3, kSuperPublic, /*owner=*/0, /*max_members=*/-1);
  EXPECT_TRUE(peer().Join(3, 2));
  EXPECT_FALSE(peer().Join(3, 2));
  EXPECT_FALSE(peer().Add(3, 2));
  EXPECT_FALSE(peer().Join(3, 77));  // unknown user
  EXPECT_FALSE(peer().Join(8, 2));   // unknown channel
  EXPECT_FALSE(peer().IsMember(8, 2));
}

TEST_P(PeerTest, LeaveAndRemoveRefuseOwnerAndNonMembers) {
  peer().CreateChannel(1, kPrivate, 1, 100);
  EXPECT_TRUE(peer().Add(1, 2));
  EXPECT_FALSE(peer().Remove(1, 1));
  EXPECT_FALSE(peer().Leave(1, 3));
  EXPECT_FALSE(peer().Remove(1, 3));
  EXPECT_TRUE(peer().Remove(1, 2));
  EXPECT_FALSE(peer().IsMember(1, 2));
  EXPECT_FALSE(peer().Leave(1, 2));
}

// banter hands ownership to the earliest-joined remaining member (spec §13
// #12); the other peers keep the owner in forever.
TEST_P(PeerTest, OwnerLeavesOnlyInBanter) {
  peer().CreateChannel(1, kPrivate, 1, 100);
  ASSERT_TRUE(peer().Add(1, 2));
  ASSERT_TRUE(peer().Add(1, 3));
  EXPECT_EQ(peer().Leave(1, 1), IsBanter());
  EXPECT_EQ(peer().IsMember(1, 1), !IsBanter());
  if (IsBanter()) {
    EXPECT_FALSE(peer().Remove(1, 2));  // 2 owns it now
  }
}

// Private channels are invitation only in banter (2011).
TEST_P(PeerTest, JoinOfPrivateChannelRefusedOnlyInBanter) {
  peer().CreateChannel(1, kPrivate, 1, 100);
  EXPECT_EQ(peer().Join(1, 2), !IsBanter());
  EXPECT_EQ(peer().Add(1, 3), true);
}

TEST_P(PeerTest, BannedUserCannotJoinUntilUnbanned) {
  peer().CreateChannel(1, kBroadcast, 1, 100);
  EXPECT_TRUE(peer().Join(1, 2));
  EXPECT_FALSE(peer().Ban(1, 1));  // owner
  EXPECT_FALSE(peer().Ban(1, 3));  // not a member
  EXPECT_TRUE(peer().Ban(1, 2));
  EXPECT_FALSE(peer().IsMember(1, 2));
  EXPECT_FALSE(peer().Join(1, 2));
  EXPECT_FALSE(peer().Add(1, 2));
  EXPECT_FALSE(peer().Unban(1, 3));
  EXPECT_TRUE(peer().Unban(1, 2));
  EXPECT_FALSE(peer().Unban(1, 2));
  EXPECT_FALSE(peer().IsMember(1, 2));  // unban does not re-add
  EXPECT_TRUE(peer().Join(1, 2));
}

TEST_P(PeerTest, MuteExpiresAtTheExactInstant) {
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  ASSERT_TRUE(peer().Join(3, 2));
  ASSERT_TRUE(peer().Join(3, 3));
  EXPECT_TRUE(peer().Mute(3, 2, 2 * kMinute));
  EXPECT_EQ(SendAt(peer(), 3, 2, 2 * kMinute - 1), std::nullopt);
  EXPECT_EQ(SendAt(peer(), 3, 2, 2 * kMinute), (Users{3}));
  EXPECT_EQ(SendAt(peer(), 3, 3, 0), (Users{2}));  // others unaffected
}

TEST_P(PeerTest, PermanentMuteLastsUntilUnmute) {
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  ASSERT_TRUE(peer().Join(3, 2));
  EXPECT_TRUE(peer().Mute(3, 2, 0));
  EXPECT_EQ(SendAt(peer(), 3, 2, 1'700'000'000'000), std::nullopt);
  EXPECT_TRUE(peer().Unmute(3, 2));
  EXPECT_FALSE(peer().Unmute(3, 2));
  EXPECT_EQ(SendAt(peer(), 3, 2, 1'700'000'000'000), Users{});
}

TEST_P(PeerTest, MuteRefusesOwnerAndNonMembersAndEndsWithMembership) {
  peer().CreateChannel(1, kPrivate, 1, 100);
  ASSERT_TRUE(peer().Add(1, 2));
  EXPECT_FALSE(peer().Mute(1, 1, 0));
  EXPECT_FALSE(peer().Mute(1, 3, 0));
  EXPECT_TRUE(peer().Mute(1, 2, 5 * kMinute));
  EXPECT_TRUE(peer().Mute(1, 2, 6 * kMinute));  // replaces the expiry
  EXPECT_EQ(SendAt(peer(), 1, 2, 6 * kMinute - 1), std::nullopt);
  EXPECT_EQ(SendAt(peer(), 1, 2, 6 * kMinute), (Users{1}));
  EXPECT_TRUE(peer().Mute(1, 2, 0));
  ASSERT_TRUE(peer().Leave(1, 2));
  ASSERT_TRUE(peer().Add(1, 2));
  EXPECT_EQ(SendAt(peer(), 1, 2, 7 * kMinute), (Users{1}));
  EXPECT_FALSE(peer().Unmute(1, 2));
}

// The peers keep an ended mute as a record that Unmute still finds; banter
// drops it when it ends.
TEST_P(PeerTest, EndedMuteIsUnmutableOnlyOutsideBanter) {
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  ASSERT_TRUE(peer().Join(3, 2));
  ASSERT_TRUE(peer().Join(3, 3));
  ASSERT_TRUE(peer().Mute(3, 2, kMinute));
  ASSERT_EQ(SendAt(peer(), 3, 3, kMinute), (Users{2}));
  EXPECT_EQ(peer().Unmute(3, 2), !IsBanter());
}

TEST_P(PeerTest, BroadcastMemberMessageReachesOnlyOwner) {
  for (auto [channel, type] :
       {std::pair{2u, kBroadcast}, std::pair{4u, kSuperBroadcast}}) {
    SCOPED_TRACE(channel);
    peer().CreateChannel(channel, type, /*owner=*/1, -1);
    for (uint32_t u : {2, 3, 4}) ASSERT_TRUE(peer().Join(channel, u));
    EXPECT_EQ(SendAt(peer(), channel, 2, 0), (Users{1}));
    EXPECT_EQ(SendAt(peer(), channel, 1, 0), (Users{2, 3, 4}));
  }
}

TEST_P(PeerTest, NonMemberCannotSend) {
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  EXPECT_EQ(SendAt(peer(), 3, 2, 0), std::nullopt);
  EXPECT_EQ(SendAt(peer(), 8, 2, 0), std::nullopt);  // unknown channel
}

TEST_P(PeerTest, BlockersDoNotReceiveBlockedSendersMessages) {
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  for (uint32_t u : {2, 3, 4}) ASSERT_TRUE(peer().Join(3, u));
  peer().Block(3, 2);  // 3 blocked 2
  peer().Block(3, 2);  // twice is harmless
  peer().Block(4, 4);  // self-block is ignored
  EXPECT_EQ(SendAt(peer(), 3, 2, 0), (Users{4}));
  EXPECT_EQ(SendAt(peer(), 3, 3, 0), (Users{2, 4}));  // one direction only
  EXPECT_EQ(SendAt(peer(), 3, 4, 0), (Users{2, 3}));
}

TEST_P(PeerTest, BlockedOwnerReceivesNothingFromBroadcastMember) {
  peer().CreateChannel(2, kBroadcast, 1, 100);
  ASSERT_TRUE(peer().Join(2, 3));
  peer().Block(1, 3);
  EXPECT_EQ(SendAt(peer(), 2, 3, 0), Users{});
}

TEST_P(PeerTest, BlockBetweenOwnerAndUserRefusesJoinAndAdd) {
  peer().CreateChannel(2, kBroadcast, 1, 100);
  peer().Block(1, 5);  // owner blocked 5
  peer().Block(6, 1);  // 6 blocked the owner
  peer().Block(2, 3);  // between non-owners: no effect on joining
  EXPECT_FALSE(peer().Join(2, 5));
  EXPECT_FALSE(peer().Add(2, 5));
  EXPECT_FALSE(peer().Join(2, 6));
  EXPECT_FALSE(peer().Add(2, 6));
  EXPECT_TRUE(peer().Join(2, 2));
  EXPECT_TRUE(peer().Join(2, 3));
}

TEST_P(PeerTest, UnreadCountsMessagesFromOthersAfterReadPoint) {
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  for (uint32_t u : {2, 3, 4}) ASSERT_TRUE(peer().Join(3, u));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(SendAt(peer(), 3, 2, i));  // seq 1..3
  EXPECT_EQ(peer().UnreadCount(3, 2), 0);  // sending reads up to one's own
  EXPECT_EQ(peer().UnreadCount(3, 3), 3);
  ASSERT_TRUE(SendAt(peer(), 3, 3, 10));  // seq 4
  EXPECT_EQ(peer().UnreadCount(3, 2), 1);
  EXPECT_EQ(peer().UnreadCount(3, 3), 0);
  EXPECT_EQ(peer().UnreadCount(3, 4), 4);
  peer().MarkRead(3, 4);
  EXPECT_EQ(peer().UnreadCount(3, 4), 0);
  EXPECT_EQ(peer().UnreadCount(3, 5), -1);  // not a member
  peer().MarkRead(3, 5);                    // does nothing
  EXPECT_FALSE(peer().IsMember(3, 5));
  EXPECT_EQ(peer().UnreadCount(8, 2), -1);  // unknown channel
}

TEST_P(PeerTest, JoinStartsAtLatestMessage) {
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  for (uint32_t u : {2, 3}) ASSERT_TRUE(peer().Join(3, u));
  ASSERT_TRUE(SendAt(peer(), 3, 2, 0));
  ASSERT_TRUE(SendAt(peer(), 3, 3, 0));
  ASSERT_TRUE(peer().Join(3, 4));
  EXPECT_EQ(peer().UnreadCount(3, 4), 0);
  ASSERT_TRUE(peer().Leave(3, 2));
  ASSERT_TRUE(SendAt(peer(), 3, 3, 0));
  ASSERT_TRUE(peer().Join(3, 2));
  EXPECT_EQ(peer().UnreadCount(3, 2), 0);  // nothing from before the rejoin
  ASSERT_TRUE(SendAt(peer(), 3, 3, 0));
  EXPECT_EQ(peer().UnreadCount(3, 2), 1);
  EXPECT_EQ(peer().UnreadCount(3, 4), 2);
}

TEST_P(PeerTest, BroadcastNonOwnerCountsOnlyOwnersMessages) {
  peer().CreateChannel(2, kBroadcast, 1, 100);
  for (uint32_t u : {2, 3}) ASSERT_TRUE(peer().Join(2, u));
  ASSERT_TRUE(SendAt(peer(), 2, 2, 0));  // seq 1
  ASSERT_TRUE(SendAt(peer(), 2, 1, 0));  // seq 2, the owner
  ASSERT_TRUE(SendAt(peer(), 2, 3, 0));  // seq 3
  EXPECT_EQ(peer().UnreadCount(2, 3), 0);
  EXPECT_EQ(peer().UnreadCount(2, 2), 1);
  EXPECT_EQ(peer().UnreadCount(2, 1), 1);  // the owner sees everything
}

TEST_P(PeerTest, TotalUnreadSumsJoinedChannels) {
  peer().CreateChannel(2, kBroadcast, 1, 100);
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  ASSERT_TRUE(peer().Join(2, 2));
  ASSERT_TRUE(peer().Join(3, 2));
  ASSERT_TRUE(peer().Join(3, 3));
  ASSERT_TRUE(SendAt(peer(), 2, 1, 0));
  ASSERT_TRUE(SendAt(peer(), 2, 1, 0));
  ASSERT_TRUE(SendAt(peer(), 3, 3, 0));
  EXPECT_EQ(peer().TotalUnread(2), 3);
  EXPECT_EQ(peer().TotalUnread(3), 0);
  EXPECT_EQ(peer().TotalUnread(5), 0);  // member of nothing
}

TEST_P(PeerTest, NotReadByExcludesSender) {
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  for (uint32_t u : {2, 3, 4}) ASSERT_TRUE(peer().Join(3, u));
  ASSERT_TRUE(SendAt(peer(), 3, 2, 0));  // seq 1
  EXPECT_EQ(peer().NotReadBy(3, 1), 2);
  ASSERT_TRUE(SendAt(peer(), 3, 3, 0));  // seq 2; 3 has now read 1 too
  EXPECT_EQ(peer().NotReadBy(3, 1), 1);
  EXPECT_EQ(peer().NotReadBy(3, 2), 2);  // 2 (read 1) and 4 (read 0)
  peer().MarkRead(3, 4);
  EXPECT_EQ(peer().NotReadBy(3, 2), 1);
  ASSERT_TRUE(peer().Leave(3, 2));
  EXPECT_EQ(peer().NotReadBy(3, 2), 0);  // 2 is no longer counted
  ASSERT_TRUE(peer().Join(3, 2));        // and rejoins having read it all
  EXPECT_EQ(peer().NotReadBy(3, 1), 0);
  EXPECT_EQ(peer().NotReadBy(3, 2), 0);
  ASSERT_TRUE(peer().Join(3, 5));
  ASSERT_TRUE(SendAt(peer(), 3, 5, 0));  // seq 3
  EXPECT_EQ(peer().NotReadBy(3, 3), 3);
  EXPECT_EQ(peer().NotReadBy(3, 0), -1);
  EXPECT_EQ(peer().NotReadBy(3, 4), -1);
  EXPECT_EQ(peer().NotReadBy(8, 1), -1);
}

// A broadcast member's message is seen by the owner only (spec §5.3), so
// only the owner can have not read it.
TEST_P(PeerTest, NotReadByOfBroadcastMemberMessageCountsOnlyOwner) {
  peer().CreateChannel(2, kBroadcast, 1, 100);
  for (uint32_t u : {2, 3, 4}) ASSERT_TRUE(peer().Join(2, u));
  ASSERT_TRUE(SendAt(peer(), 2, 2, 0));  // seq 1, to the owner only
  EXPECT_EQ(peer().NotReadBy(2, 1), 1);
  peer().MarkRead(2, 1);
  EXPECT_EQ(peer().NotReadBy(2, 1), 0);
  ASSERT_TRUE(SendAt(peer(), 2, 1, 0));  // seq 2, the owner's, to all
  EXPECT_EQ(peer().NotReadBy(2, 2), 3);
}

TEST_P(PeerTest, MemberPageIsOrderedByNumericId) {
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  for (uint32_t u : {10, 2, 9, 4, 3}) ASSERT_TRUE(peer().Join(3, u));
  EXPECT_EQ(Page(peer(), 3, 0, 2), (Users{2, 3}));
  EXPECT_EQ(Page(peer(), 3, 3, 2), (Users{4, 9}));
  EXPECT_EQ(Page(peer(), 3, 9, 2), (Users{10}));
  EXPECT_EQ(Page(peer(), 3, 10, 2), Users{});
  EXPECT_EQ(Page(peer(), 3, 5, 0), Users{});
  EXPECT_EQ(Page(peer(), 8, 0, 5), Users{});  // unknown channel
}

// Renders a history page as "seq:sender:created_at:text," items, or "-1".
std::string History(ChatPeer& peer, uint32_t channel, uint32_t viewer,
                    uint64_t before_seq, size_t limit) {
  std::vector<PeerMessage> out(limit);
  const int64_t n =
      peer.HistoryPage(channel, viewer, before_seq, limit, out.data());
  if (n < 0) return std::to_string(n);
  std::string s;
  for (int64_t i = 0; i < n; ++i) {
    const PeerMessage& m = out[static_cast<size_t>(i)];
    s += std::to_string(m.seq) + ":" + std::to_string(m.sender) + ":" +
         std::to_string(m.created_at_ms) + ":" + m.text + ",";
  }
  return s;
}

TEST_P(PeerTest, HistoryPageIsNewestFirstFromTheCursor) {
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  for (uint32_t u : {2, 3}) ASSERT_TRUE(peer().Join(3, u));
  ASSERT_GE(peer().Send(3, 2, "a|b", 100, [](void*, uint32_t) {}, nullptr), 0);
  ASSERT_TRUE(SendAt(peer(), 3, 3, 200));  // "hello"
  ASSERT_TRUE(SendAt(peer(), 3, 2, 300));
  EXPECT_EQ(History(peer(), 3, 3, 0, 10),
            "3:2:300:hello,2:3:200:hello,1:2:100:a|b,");
  EXPECT_EQ(History(peer(), 3, 2, 0, 2), "3:2:300:hello,2:3:200:hello,");
  EXPECT_EQ(History(peer(), 3, 2, 3, 1), "2:3:200:hello,");
  EXPECT_EQ(History(peer(), 3, 2, 2, 5), "1:2:100:a|b,");
  EXPECT_EQ(History(peer(), 3, 2, 1, 5), "");
  EXPECT_EQ(History(peer(), 3, 2, 4, 5), "-1");  // not a message
  EXPECT_EQ(History(peer(), 3, 4, 0, 5), "-1");  // not a member
  EXPECT_EQ(History(peer(), 8, 2, 0, 5), "-1");  // unknown channel
  // A (re)joining member reads the history from before the join.
  ASSERT_TRUE(peer().Join(3, 4));
  EXPECT_EQ(History(peer(), 3, 4, 2, 5), "1:2:100:a|b,");
}

// A broadcast non-owner sees the owner's messages and its own (spec §5.3).
TEST_P(PeerTest, HistoryPageOfBroadcastNonOwnerShowsOwnerAndOwnMessages) {
  peer().CreateChannel(2, kBroadcast, 1, 100);
  for (uint32_t u : {2, 3}) ASSERT_TRUE(peer().Join(2, u));
  for (uint32_t sender : {2, 1, 3, 1, 2}) {  // seq 1..5
    ASSERT_TRUE(SendAt(peer(), 2, sender, 10));
  }
  EXPECT_EQ(History(peer(), 2, 1, 0, 10),
            "5:2:10:hello,4:1:10:hello,3:3:10:hello,2:1:10:hello,"
            "1:2:10:hello,");
  EXPECT_EQ(History(peer(), 2, 2, 0, 10),
            "5:2:10:hello,4:1:10:hello,2:1:10:hello,1:2:10:hello,");
  EXPECT_EQ(History(peer(), 2, 3, 0, 10),
            "4:1:10:hello,3:3:10:hello,2:1:10:hello,");
  EXPECT_EQ(History(peer(), 2, 2, 5, 2), "4:1:10:hello,2:1:10:hello,");
  EXPECT_EQ(History(peer(), 2, 3, 2, 2), "");
}

// Batch is the single calls in order, whether a peer loops or pipelines.
TEST_P(PeerTest, BatchGivesTheResultsOfSingleCalls) {
  peer().CreateChannel(2, kBroadcast, 1, 4);
  auto batch = [&](MemberOp op, Users users, int64_t expires_at_ms = 0) {
    bool ok[8] = {};
    peer().Batch(op, 2, users, expires_at_ms, ok);
    return std::vector<bool>(ok, ok + users.size());
  };
  using Bools = std::vector<bool>;
  // 77 is unknown; the cap (4, the owner included) refuses the fourth join.
  EXPECT_EQ(batch(MemberOp::kJoin, {2, 3, 2, 77, 4, 5}),
            (Bools{true, true, false, false, true, false}));
  EXPECT_EQ(batch(MemberOp::kMute, {2, 3, 1, 5}, 0),
            (Bools{true, true, false, false}));
  EXPECT_EQ(batch(MemberOp::kUnmute, {2, 2}), (Bools{true, false}));
  EXPECT_EQ(batch(MemberOp::kBan, {3, 3, 1}), (Bools{true, false, false}));
  EXPECT_EQ(SendAt(peer(), 2, 1, 0), (Users{2, 4}));
  EXPECT_EQ(batch(MemberOp::kAdd, {3, 5}), (Bools{false, true}));
  EXPECT_EQ(batch(MemberOp::kUnban, {3, 4, 3}), (Bools{true, false, false}));
  EXPECT_EQ(batch(MemberOp::kLeave, {2, 9}), (Bools{true, false}));
  EXPECT_EQ(batch(MemberOp::kRemove, {4, 4, 5}), (Bools{true, false, true}));
  EXPECT_EQ(batch(MemberOp::kJoin, {}), Bools{});
  EXPECT_EQ(Page(peer(), 2, 0, 10), (Users{1}));
}

TEST_P(PeerTest, CreateUsersCreatesTheRange) {
  peer().CreateUsers(20, 2'500);  // more than one pipeline chunk
  peer().CreateChannel(3, kSuperPublic, 0, -1);
  EXPECT_TRUE(peer().Join(3, 20));
  EXPECT_TRUE(peer().Join(3, 2'500));
  EXPECT_FALSE(peer().Join(3, 2'501));
  EXPECT_FALSE(peer().Join(3, 19));
}

TEST_P(PeerTest, BytesUsedIsReportedWhereMeasurable) {
  if (GetParam() == "handrolled" || IsBanter()) {
    EXPECT_EQ(peer().BytesUsed(), -1);
  } else {
    EXPECT_GT(peer().BytesUsed(), 0);
  }
}

INSTANTIATE_TEST_SUITE_P(AllPeers, PeerTest, testing::ValuesIn(PeerKinds()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

// The pipelined client learns the type and owner of a channel another client
// created (one HMGET) before it can pipeline its sends.
TEST(RedisPipelinedTest, SendsInChannelsAnotherClientCreated) {
  if (RedisServer::FindBinary().empty()) GTEST_SKIP() << "no redis-server";
  std::string error;
  std::unique_ptr<RedisServer> server = RedisServer::Start(&error);
  ASSERT_NE(server, nullptr) << error;
  std::unique_ptr<ChatPeer> loader = MakeRedisPeer(server->socket_path());
  std::unique_ptr<ChatPeer> peer =
      MakeRedisPipelinedPeer(server->socket_path());
  ASSERT_NE(loader, nullptr);
  ASSERT_NE(peer, nullptr);
  for (uint32_t u = 1; u <= 4; ++u) loader->CreateUser(u);
  loader->CreateChannel(2, kBroadcast, 1, 100);
  loader->CreateChannel(3, kSuperPublic, 0, -1);
  for (uint32_t u : {2, 3, 4}) {
    ASSERT_TRUE(loader->Join(2, u));
    ASSERT_TRUE(loader->Join(3, u));
  }
  loader->Block(4, 2);
  EXPECT_EQ(SendAt(*peer, 2, 2, 0), (Users{1}));
  EXPECT_EQ(SendAt(*peer, 2, 1, 0), (Users{2, 3, 4}));
  EXPECT_EQ(SendAt(*peer, 3, 2, 0), (Users{3}));
  EXPECT_EQ(SendAt(*peer, 3, 1, 0), std::nullopt);  // not a member
  EXPECT_EQ(SendAt(*peer, 9, 2, 0), std::nullopt);  // no such channel
  EXPECT_EQ(peer->UnreadCount(3, 3), 1);
}

// The seed of the random test: BANTER_PEERS_SEED if set, else a fixed one.
uint32_t Seed() {
  if (const char* s = std::getenv("BANTER_PEERS_SEED")) {
    return static_cast<uint32_t>(std::strtoul(s, nullptr, 10));
  }
  return 20240601;
}

// One random operation, applied to one peer, rendered as text so results
// from different peers compare with ==.
struct Op {
  int kind;
  uint32_t channel, user, other;
  int64_t value;
};

std::string Apply(ChatPeer& peer, const Op& op, int64_t now_ms) {
  const uint32_t c = op.channel;
  const uint32_t u = op.user;
  auto b = [](bool v) { return std::string(v ? "true" : "false"); };
  // Half of the membership and moderation calls (kinds 0-7, which do not
  // use `other`) go through Batch with one user: the same result.
  static constexpr const char* kBatchNames[] = {
      "Join=", "Leave=", "Add=", "Remove=", "Ban=", "Unban=", "Mute=",
      "Unmute="};
  if (op.kind <= 7 && op.other % 2 == 1) {
    bool ok = false;
    peer.Batch(static_cast<MemberOp>(op.kind), c, std::span(&u, 1), op.value,
               &ok);
    return kBatchNames[op.kind] + b(ok);
  }
  switch (op.kind) {
    case 0:
      return "Join=" + b(peer.Join(c, u));
    case 1:
      return "Leave=" + b(peer.Leave(c, u));
    case 2:
      return "Add=" + b(peer.Add(c, u));
    case 3:
      return "Remove=" + b(peer.Remove(c, u));
    case 4:
      return "Ban=" + b(peer.Ban(c, u));
    case 5:
      return "Unban=" + b(peer.Unban(c, u));
    case 6:
      return "Mute=" + b(peer.Mute(c, u, op.value));
    case 7:
      return "Unmute=" + b(peer.Unmute(c, u));
    case 8:
      return "IsMember=" + b(peer.IsMember(c, u));
    case 9: {
      Users page = Page(peer, c, op.other, static_cast<size_t>(op.value));
      std::string s = "Page=";
      for (uint32_t id : page) s += std::to_string(id) + ",";
      return s;
    }
    case 10:
      peer.Block(u, op.other);
      return "Block";
    case 11: {
      std::optional<Users> r = SendAt(peer, c, u, now_ms);
      if (!r) return "Send=refused";
      std::string s = "Send=";
      for (uint32_t id : *r) s += std::to_string(id) + ",";
      return s;
    }
    case 12:
      peer.MarkRead(c, u);
      return "MarkRead";
    case 13:
      return "Unread=" + std::to_string(peer.UnreadCount(c, u));
    case 14:
      return "TotalUnread=" + std::to_string(peer.TotalUnread(u));
    case 15:
      return "NotReadBy=" + std::to_string(peer.NotReadBy(c, op.value));
    default:
      return "History=" +
             History(peer, c, u, static_cast<uint64_t>(op.value), 1 + op.other);
  }
}

TEST(PeersAgreeTest, RandomOperationsGiveIdenticalResults) {
  const uint32_t seed = Seed();
  std::printf("seed %u (set BANTER_PEERS_SEED to override)\n", seed);
  const std::vector<std::string> kinds = PeerKinds();
  std::vector<PeerHolder> holders(kinds.size());
  std::vector<ChatPeer*> peers;
  for (size_t i = 0; i < holders.size(); ++i) {
    std::string why;
    if (OpenPeer(kinds[i], holders[i], why)) {
      peers.push_back(holders[i].peer.get());
    } else if (why.empty()) {
      FAIL() << "could not open " << kinds[i];
    } else {
      std::printf("leaving out %s: %s\n", kinds[i].c_str(), why.c_str());
    }
  }
  ASSERT_GE(peers.size(), 2u);

  // A small world so collisions are frequent: users 1..5 (6 never exists),
  // channels 1..4 of every type, small caps, and channel 5 never exists.
  for (ChatPeer* p : peers) {
    for (uint32_t u = 1; u <= 5; ++u) p->CreateUser(u);
    p->CreateChannel(1, kPrivate, 1, 3);
    p->CreateChannel(2, kBroadcast, 2, 4);
    p->CreateChannel(3, kSuperPublic, 0, -1);
    p->CreateChannel(4, kSuperBroadcast, 3, -1);
  }

  std::mt19937 rng(seed);
  auto pick = [&rng](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  // The scenario steers around banter's differences (see the file comment),
  // so it keeps a little model: the channels' owners, and each mute's expiry
  // until the membership or an Unmute ends it.
  const std::map<uint32_t, uint32_t> owners = {{1, 1}, {2, 2}, {4, 3}};
  std::map<std::pair<uint32_t, uint32_t>, int64_t> mutes;
  int64_t now_ms = 0;
  int64_t last_send_ms = 0;             // the latest time any peer was told
  std::map<std::string, int> outcomes;  // result text -> times seen
  constexpr int kSteps = 4000;
  for (int step = 0; step < kSteps; ++step) {
    now_ms += pick(0, 3) * kMinute;
    Op op;
    // Weights per op kind (indexes as in Apply). Joins and sends dominate so
    // channels fill and histories grow; blocks are rare because they only
    // accumulate and would soon refuse every join.
    static constexpr double kWeights[] = {
        6,    // 0 Join
        1,    // 1 Leave
        2,    // 2 Add
        1,    // 3 Remove
        1,    // 4 Ban
        2,    // 5 Unban
        1.5,  // 6 Mute
        1,    // 7 Unmute
        1,    // 8 IsMember
        1,    // 9 MemberPage
        0.2,  // 10 Block
        8,    // 11 Send
        1.5,  // 12 MarkRead
        2,    // 13 UnreadCount
        1,    // 14 TotalUnread
        2,    // 15 NotReadBy
        1.5,  // 16 HistoryPage
    };
    std::discrete_distribution<int> kind(std::begin(kWeights),
                                         std::end(kWeights));
    op.kind = kind(rng);
    // Now and then an id that does not exist: user 6, channel 5.
    op.channel = pick(1, 20) == 1 ? 5 : static_cast<uint32_t>(pick(1, 4));
    op.user = pick(1, 20) == 1 ? 6 : static_cast<uint32_t>(pick(1, 5));
    op.other = static_cast<uint32_t>(pick(0, 6));
    switch (op.kind) {
      case 6:
        op.value = pick(0, 3) == 0 ? 0 : now_ms + pick(1, 8) * kMinute;
        break;
      case 9:
        op.value = pick(0, 4);
        break;
      case 15:
      case 16:
        op.value = pick(0, 40);
        break;
      default:
        op.value = 0;
    }
    const auto key = std::pair(op.channel, op.user);
    const auto owner = owners.find(op.channel);
    const bool owner_op = owner != owners.end() && owner->second == op.user;
    if (op.kind == 0 && op.channel == 1) op.kind = 2;  // private: Add, not Join
    if (op.kind == 1 && owner_op) op.kind = 8;  // the owner never leaves
    if (op.kind == 7) {
      auto mute = mutes.find(key);
      if (mute != mutes.end() && mute->second != 0 &&
          mute->second <= last_send_ms) {
        op.kind = 8;  // an ended mute is not unmuted
      }
    }
    if (op.kind == 11) last_send_ms = now_ms;
    const std::string expected = Apply(*peers[0], op, now_ms);
    ++outcomes[expected];
    if (expected == "Mute=true") mutes[key] = op.value;
    if (expected == "Unmute=true" || expected == "Leave=true" ||
        expected == "Remove=true" || expected == "Ban=true") {
      mutes.erase(key);
    }
    for (size_t i = 1; i < peers.size(); ++i) {
      const std::string got = Apply(*peers[i], op, now_ms);
      ASSERT_EQ(got, expected)
          << "step " << step << " seed " << seed << ": op " << op.kind
          << " channel " << op.channel << " user " << op.user << " other "
          << op.other << " value " << op.value << " now " << now_ms << "; "
          << peers[i]->name() << " vs " << peers[0]->name();
    }
  }

  // Guard against a degenerate walk that only ever meets refusals.
  for (const char* outcome :
       {"Join=true", "Join=false", "Leave=true", "Ban=true", "Unban=true",
        "Mute=true", "Unmute=true", "Send=refused"}) {
    EXPECT_GT(outcomes[outcome], 0) << outcome;
  }
  int deliveries = 0, unread = 0, not_read = 0;
  for (const auto& [text, count] : outcomes) {
    if (text.rfind("Send=", 0) == 0 && text.size() > 5 &&
        text != "Send=refused") {
      deliveries += count;
    }
    if (text.rfind("Unread=", 0) == 0 && text != "Unread=0" &&
        text != "Unread=-1") {
      unread += count;
    }
    if (text.rfind("NotReadBy=", 0) == 0 && text != "NotReadBy=0" &&
        text != "NotReadBy=-1") {
      not_read += count;
    }
  }
  EXPECT_GT(deliveries, 0);
  EXPECT_GT(unread, 0);
  EXPECT_GT(not_read, 0);
  if (std::getenv("BANTER_PEERS_VERBOSE")) {
    for (const auto& [text, count] : outcomes) {
      std::printf("%6d %s\n", count, text.c_str());
    }
  }
}

}  // namespace
}  // namespace banter::bench
