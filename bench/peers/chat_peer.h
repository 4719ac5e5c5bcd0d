// The backends banter is benchmarked against, behind one interface.
//
// The benchmark question is "what would a user pick instead of banter?": an
// in-memory SQLite database, a Redis server, or a few hand-rolled standard
// containers. Each peer implements the same slice of the TalkPlus domain
// (spec/talkplus.md: membership, caps, bans, mutes with expiry, the broadcast
// delivery rule, blocks, unread counts) the way a competent developer of that
// technology would write it, so the same Google Benchmark code can drive all
// of them, and banter itself through an adapter (bench/banter_peer.h, which
// lists where banter's semantics differ).
//
// Users and channels are dense integers chosen by the benchmark (users 1..N,
// channels 1..M). Each peer maps them to its own representation the way a
// real user of that technology would (vector indexes and integer hash keys in
// the hand-rolled containers, decimal strings in Redis keys, INTEGER columns
// in SQLite).
//
// Semantics shared by every peer (peers_test.cc checks that they agree):
//  - Every operation on an unknown channel refuses (false, -1, or nothing).
//  - A channel's owner (if any) is made a member when the channel is created,
//    and stays one: Leave, Remove and Ban refuse the owner. (banter follows
//    spec §13 #12 and hands ownership on; the benchmark never needs that.)
//  - A member's read point is a message sequence number (0 = nothing read).
//    A (re)joining member starts at the channel's latest message, as in
//    banter: history from before the join is never unread.
//  - Mutes belong to the membership, as in banter: Leave, Remove and Ban end
//    them, so a rejoining user is not muted. Expired mutes are not swept;
//    they simply stop refusing (and Unmute still finds them).
//  - Block rules bite between a channel's owner and the joining/added user
//    (spec §6.8, codes 2021-2024), and in delivery: a member who blocked the
//    sender does not receive the message (spec §13 #14). They do not change
//    unread counts (history is unchanged by blocks).
//  - Sequence numbers start at 1 in every channel.
//
// Thread-safety: none. Each peer instance is used by one thread at a time.
#ifndef BANTER_BENCH_PEERS_CHAT_PEER_H_
#define BANTER_BENCH_PEERS_CHAT_PEER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace banter::bench {

// The channel types the benchmark uses. Broadcast types deliver a non-owner's
// message to the owner only (spec §3). Privacy is not modelled: Join and Add
// apply the same checks for every type.
enum class PeerChannelType {
  kPrivate,
  kBroadcast,
  kSuperPublic,
  kSuperBroadcast
};

// True for the two types with the broadcast delivery rule.
constexpr bool IsBroadcast(PeerChannelType type) {
  return type == PeerChannelType::kBroadcast ||
         type == PeerChannelType::kSuperBroadcast;
}

// The membership and moderation calls that take a (channel, user) pair; see
// ChatPeer::Batch.
enum class MemberOp {
  kJoin,
  kLeave,
  kAdd,
  kRemove,
  kBan,
  kUnban,
  kMute,
  kUnmute
};

// One message of a history page (ChatPeer::HistoryPage).
struct PeerMessage {
  uint64_t seq = 0;
  uint32_t sender = 0;
  int64_t created_at_ms = 0;  // the send's now_ms
  std::string text;
};

// One channel-membership/moderation/messaging backend under test.
// Not thread-safe; not copyable or movable (peers hold connections and
// prepared statements).
class ChatPeer {
 public:
  ChatPeer() = default;
  ChatPeer(const ChatPeer&) = delete;
  ChatPeer& operator=(const ChatPeer&) = delete;
  virtual ~ChatPeer() = default;

  // "sqlite", "redis", "redis_pipelined", "handrolled" or "banter"; labels
  // benchmark results.
  virtual std::string_view name() const = 0;

  // Registers `user`. Creating an existing user does nothing.
  virtual void CreateUser(uint32_t user) = 0;

  // CreateUser for first..last (inclusive), in order. The default makes the
  // single calls; a peer whose client batches round trips overrides it.
  virtual void CreateUsers(uint32_t first, uint32_t last) {
    for (uint32_t u = first; u <= last && u != 0; ++u) CreateUser(u);
  }

  // Creates `channel`. `owner` 0 means none; a non-zero owner becomes a member
  // (no checks, and it counts toward the cap). `max_members` -1 means
  // unlimited. Creating an existing channel does nothing.
  virtual void CreateChannel(uint32_t channel, PeerChannelType type,
                             uint32_t owner, int32_t max_members) = 0;

  // Self-join. Refuses if the user is unknown, already a member, banned, the
  // channel is full (members == max_members), or the channel's owner blocked
  // the user or the user blocked the owner.
  virtual bool Join(uint32_t channel, uint32_t user) = 0;

  // Self-leave. Refuses if the user is not a member or is the owner.
  virtual bool Leave(uint32_t channel, uint32_t user) = 0;

  // Admin add: exactly the checks of Join.
  virtual bool Add(uint32_t channel, uint32_t user) = 0;

  // Admin remove. Refuses the owner and non-members.
  virtual bool Remove(uint32_t channel, uint32_t user) = 0;

  // Refuses the owner and non-members; otherwise removes the membership and
  // records the ban, which makes Join and Add refuse until Unban.
  virtual bool Ban(uint32_t channel, uint32_t user) = 0;

  // Refuses if the user is not banned. Does not re-add the user.
  virtual bool Unban(uint32_t channel, uint32_t user) = 0;

  // Mutes a member until `expires_at_ms` (0 = permanent): the user is muted
  // while now < expires_at_ms. Refuses the owner and non-members. Muting a
  // muted user replaces the expiry.
  virtual bool Mute(uint32_t channel, uint32_t user, int64_t expires_at_ms) = 0;

  // Removes the mute record. Refuses if there is none (an expired mute is
  // still a record).
  virtual bool Unmute(uint32_t channel, uint32_t user) = 0;

  // Runs `op` on `channel` for each of `users`, in order, with exactly the
  // results of that many single calls (Mute with `expires_at_ms`), and
  // writes call i's result to ok[i]. This is where a client would batch
  // (bulk add or remove, an admin's multi-user ban): the default makes the
  // single calls; the pipelined Redis peer sends them in one round trip.
  // Requires: `ok` has room for users.size() results.
  virtual void Batch(MemberOp op, uint32_t channel,
                     std::span<const uint32_t> users, int64_t expires_at_ms,
                     bool* ok) {
    for (size_t i = 0; i < users.size(); ++i) {
      const uint32_t u = users[i];
      switch (op) {
        case MemberOp::kJoin:
          ok[i] = Join(channel, u);
          break;
        case MemberOp::kLeave:
          ok[i] = Leave(channel, u);
          break;
        case MemberOp::kAdd:
          ok[i] = Add(channel, u);
          break;
        case MemberOp::kRemove:
          ok[i] = Remove(channel, u);
          break;
        case MemberOp::kBan:
          ok[i] = Ban(channel, u);
          break;
        case MemberOp::kUnban:
          ok[i] = Unban(channel, u);
          break;
        case MemberOp::kMute:
          ok[i] = Mute(channel, u, expires_at_ms);
          break;
        case MemberOp::kUnmute:
          ok[i] = Unmute(channel, u);
          break;
      }
    }
  }

  virtual bool IsMember(uint32_t channel, uint32_t user) = 0;

  // Writes up to `limit` member ids greater than `after_user` (0 = from the
  // start) to `out`, in ascending order, and returns how many it wrote.
  virtual size_t MemberPage(uint32_t channel, uint32_t after_user, size_t limit,
                            uint32_t* out) = 0;

  // Records that `blocker` blocked `blocked`. Blocking oneself or blocking
  // twice does nothing.
  virtual void Block(uint32_t blocker, uint32_t blocked) = 0;

  // Sends a text message at `now_ms`. Refuses (returns -1) if the sender is
  // not a member or is muted. Otherwise stores the message under the next
  // sequence number, moves the sender's read point to it, and calls
  // deliver(ctx, user) once per recipient, in no particular order:
  // all members except the sender; in broadcast types a non-owner's message
  // goes to the owner only; members who blocked the sender are left out.
  // Returns the number of recipients.
  virtual int64_t Send(uint32_t channel, uint32_t sender, std::string_view text,
                       int64_t now_ms,
                       void (*deliver)(void* ctx, uint32_t user),
                       void* ctx) = 0;

  // Moves a member's read point to the latest message. Does nothing for a
  // non-member.
  virtual void MarkRead(uint32_t channel, uint32_t user) = 0;

  // Messages after the member's read point that the member can see, not
  // counting their own. In broadcast types a non-owner sees only the owner's
  // messages (spec §5.3). Returns -1 for a non-member.
  // Complexity: O(unread) in SQLite and Redis (a walk of the unread tail);
  // O(1), or O(log n) for a broadcast non-owner, in the hand-rolled peer and
  // banter.
  virtual int64_t UnreadCount(uint32_t channel, uint32_t user) = 0;

  // Sum of UnreadCount over the channels `user` belongs to.
  virtual int64_t TotalUnread(uint32_t user) = 0;

  // Members, other than the message's sender, whose read point is below
  // `message_seq`; for a broadcast non-owner's message, which only the owner
  // sees, that is the owner or nobody. Returns -1 if the channel has no such
  // message.
  virtual int64_t NotReadBy(uint32_t channel, uint64_t message_seq) = 0;

  // A page of `channel`'s history as its member `viewer` sees it, newest
  // first: up to `limit` messages with seq < before_seq (0 = from the
  // newest) that the viewer can see, written to out[0..n). In broadcast types
  // a non-owner sees the owner's messages and its own (spec §5.3); in the
  // others every message. Returns n, or -1 if the channel is unknown, the
  // viewer is not a member, or before_seq is neither 0 nor a message of the
  // channel. Texts are assigned into the caller's strings, so a caller that
  // reuses `out` reuses their buffers.
  // Requires: 1 <= limit <= 50 (banter's largest page).
  // Complexity: O(limit) plus, for a broadcast non-owner, the messages it
  // cannot see that lie in between, in every peer but banter (which keeps an
  // index of them).
  virtual int64_t HistoryPage(uint32_t channel, uint32_t viewer,
                              uint64_t before_seq, size_t limit,
                              PeerMessage* out) = 0;

  // Bytes held by the peer's storage, when the technology reports it: SQLite
  // returns sqlite3_memory_used() (process-wide), Redis its INFO used_memory
  // (server-wide, including the empty server's baseline). The hand-rolled
  // peer returns -1; the harness counts allocator bytes instead.
  virtual int64_t BytesUsed() = 0;
};

// An in-memory SQLite database with cached prepared statements.
std::unique_ptr<ChatPeer> MakeSqlitePeer();

// A client of the Redis server listening on `unix_socket_path` (see
// RedisServer in redis_server.h). Returns nullptr if it cannot connect or
// load its scripts. The peer assumes it owns the whole keyspace.
std::unique_ptr<ChatPeer> MakeRedisPeer(const std::string& unix_socket_path);

// The same client with pipelining where a real client pipelines: Batch and
// CreateUsers send all their commands before reading any reply (one round
// trip), and Send queues the send script and the fetch of the members and
// the sender's blockers together (one round trip instead of two). Same key
// layout and semantics as MakeRedisPeer; name() is "redis_pipelined".
std::unique_ptr<ChatPeer> MakeRedisPipelinedPeer(
    const std::string& unix_socket_path);

// Standard containers on integer ids: per channel a dense member vector with
// a user -> slot map, a std::set for pages, hash sets and maps for bans,
// mutes and blocks, a vector of messages (handrolled_peer.cc).
std::unique_ptr<ChatPeer> MakeHandRolledPeer();

}  // namespace banter::bench

#endif  // BANTER_BENCH_PEERS_CHAT_PEER_H_
