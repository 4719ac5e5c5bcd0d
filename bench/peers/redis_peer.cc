// The Redis peer: hiredis against a local Redis, as a competent Redis
// developer writes it.
//
// Key layout (ids are decimal strings):
//   users            set      every user id
//   ch:{c}           hash     type, owner (0 = none), max (-1 = unlimited),
//                             seq (last message sequence number, HINCRBY)
//   ch:{c}:m         zset     members, score = user id: ZSCORE answers "is a
//                             member" in O(1), ZCARD gives the count for caps,
//                             ZRANGEBYSCORE pages in id order. One zset rather
//                             than a set plus a zset: keeping both would double
//                             memory and every write, for nothing the zset
//                             cannot answer.
//   ch:{c}:r         zset     read points, score = read seq (0 = never).
//                             A zset rather than a hash so NotReadBy is one
//                             ZCOUNT instead of an HGETALL walk.
//   ch:{c}:b         set      banned users
//   ch:{c}:mute      hash     user -> mute expiry ms (0 = permanent)
//   ch:{c}:msg       list     messages "sender|created_at_ms|text"; element i
//                             is sequence number i + 1
//   u:{u}:ch         set      channels the user belongs to (for TotalUnread)
//   u:{u}:blk        set      users u blocked
//   u:{u}:blkby      set      users who blocked u (for fan-out)
//
// Every check-and-write operation is a Lua script run by EVALSHA, so it is
// atomic and one round trip, the way Redis documents check-and-set. Plain
// reads and blind writes are single commands. The scripts build a few keys
// from ids (the owner's block set, a user's channels) instead of receiving
// them in KEYS, which is fine on a standalone server and would need hash tags
// on a cluster; a benchmark of one server does not pay for that.
//
// Fan-out follows the common pattern: the send script stores the message and
// says who gets it; for ordinary delivery the client then fetches the members
// and the sender's blockers in one pipeline and filters on its side.
//
// Two clients share this file. "redis" makes one round trip per call (two
// for a send to everyone), as code that calls hiredis synchronously does.
// "redis_pipelined" pipelines where a real client would: Batch (bulk add,
// remove, ban, mute ...) and CreateUsers send every command before reading a
// reply, and a send queues the script and the fetch of the members and the
// blockers together. For the latter it must know before the script runs
// whether the message goes to everyone, so it remembers each channel's type
// and owner (neither changes in this interface) from CreateChannel, or from
// one HMGET the first time it meets a channel it did not create.
#include <hiredis/hiredis.h>

#include <algorithm>
#include <charconv>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chat_peer.h"

namespace banter::bench {
namespace {

// Counts one member's unread messages in one channel (see UnreadCount in
// chat_peer.h), or -1 for a non-member. Walks the unread tail of the list:
// O(unread). Shared by the UnreadCount and TotalUnread scripts.
constexpr const char* kUnreadFunction = R"lua(
local function unread(channel_key, user)
  local read_seq = redis.call('ZSCORE', channel_key .. ':r', user)
  if not read_seq then return -1 end
  local meta = redis.call('HMGET', channel_key, 'type', 'owner')
  -- A broadcast member who is not the owner sees only the owner's messages.
  local owner_only = (meta[1] == '1' or meta[1] == '3') and meta[2] ~= user
  local n = 0
  local tail = redis.call('LRANGE', channel_key .. ':msg',
                          tonumber(read_seq), -1)
  for _, m in ipairs(tail) do
    local sender = string.sub(m, 1, string.find(m, '|', 1, true) - 1)
    if owner_only then
      if sender == meta[2] then n = n + 1 end
    elseif sender ~= user then
      n = n + 1
    end
  end
  return n
end
)lua";

// KEYS: ch:{c} ch:{c}:m ch:{c}:r   ARGV: channel type owner max
constexpr const char* kCreateChannel = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'type', ARGV[2], 'owner', ARGV[3], 'max', ARGV[4],
           'seq', 0)
if ARGV[3] ~= '0' then
  redis.call('ZADD', KEYS[2], ARGV[3], ARGV[3])
  redis.call('ZADD', KEYS[3], 0, ARGV[3])
  redis.call('SADD', 'u:' .. ARGV[3] .. ':ch', ARGV[1])
end
return 1
)lua";

// Join and Add. Refuses unknown users, members, banned users, a full
// channel, and a block either way between the owner and the user.
// A newcomer's read point is the latest message.
// KEYS: ch:{c} ch:{c}:m ch:{c}:b ch:{c}:r u:{u}:ch users   ARGV: channel user
constexpr const char* kJoin = R"lua(
local meta = redis.call('HMGET', KEYS[1], 'owner', 'max', 'seq')
if not meta[1] then return 0 end
local user = ARGV[2]
if redis.call('SISMEMBER', KEYS[6], user) == 0 then return 0 end
if redis.call('ZSCORE', KEYS[2], user) then return 0 end
if redis.call('SISMEMBER', KEYS[3], user) == 1 then return 0 end
local max = tonumber(meta[2])
if max >= 0 and redis.call('ZCARD', KEYS[2]) >= max then return 0 end
local owner = meta[1]
if owner ~= '0' then
  local owner_blocked = redis.call('SISMEMBER', 'u:' .. owner .. ':blk', user)
  local blocked_owner = redis.call('SISMEMBER', 'u:' .. user .. ':blk', owner)
  if owner_blocked == 1 or blocked_owner == 1 then return 0 end
end
redis.call('ZADD', KEYS[2], user, user)
redis.call('ZADD', KEYS[4], meta[3], user)
redis.call('SADD', KEYS[5], ARGV[1])
return 1
)lua";

// Leave, Remove and Ban (ARGV[3] == '1' records the ban). Refuses the owner
// and non-members. A mute ends with the membership.
// KEYS: ch:{c} ch:{c}:m ch:{c}:r u:{u}:ch ch:{c}:b ch:{c}:mute
// ARGV: channel user ban
constexpr const char* kRemoveMember = R"lua(
local owner = redis.call('HGET', KEYS[1], 'owner')
if not owner or owner == ARGV[2] then return 0 end
if redis.call('ZREM', KEYS[2], ARGV[2]) == 0 then return 0 end
redis.call('ZREM', KEYS[3], ARGV[2])
redis.call('SREM', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[6], ARGV[2])
if ARGV[3] == '1' then redis.call('SADD', KEYS[5], ARGV[2]) end
return 1
)lua";

// Refuses the owner and non-members; replaces an existing expiry.
// KEYS: ch:{c} ch:{c}:m ch:{c}:mute   ARGV: user expires_at_ms
constexpr const char* kMute = R"lua(
local owner = redis.call('HGET', KEYS[1], 'owner')
if not owner or owner == ARGV[1] then return 0 end
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
return 1
)lua";

// Checks, stores the message, advances the sender's read point, and says who
// receives it: {-1} refused; {seq, 0} everyone but the sender minus blockers
// (the client resolves that); {seq, 1, user} exactly `user` (0 = nobody),
// the broadcast rule.
// KEYS: ch:{c} ch:{c}:m ch:{c}:mute ch:{c}:msg ch:{c}:r
// ARGV: sender now_ms payload
constexpr const char* kSend = R"lua(
local meta = redis.call('HMGET', KEYS[1], 'type', 'owner')
if not meta[1] then return {-1} end
local sender = ARGV[1]
if not redis.call('ZSCORE', KEYS[2], sender) then return {-1} end
local expiry = redis.call('HGET', KEYS[3], sender)
if expiry then
  -- Muted while now < expiry; 0 = permanent.
  expiry = tonumber(expiry)
  if expiry == 0 or tonumber(ARGV[2]) < expiry then return {-1} end
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('RPUSH', KEYS[4], ARGV[3])
redis.call('ZADD', KEYS[5], seq, sender)
local owner = meta[2]
if (meta[1] == '1' or meta[1] == '3') and owner ~= sender then
  if owner == '0' or
     redis.call('SISMEMBER', 'u:' .. owner .. ':blk', sender) == 1 then
    return {seq, 1, 0}
  end
  return {seq, 1, tonumber(owner)}
end
return {seq, 0}
)lua";

// XX: a non-member has no read point to move.
// KEYS: ch:{c} ch:{c}:r   ARGV: user
constexpr const char* kMarkRead = R"lua(
local seq = redis.call('HGET', KEYS[1], 'seq')
if seq then redis.call('ZADD', KEYS[2], 'XX', seq, ARGV[1]) end
return 0
)lua";

// ARGV: channel user
constexpr const char* kUnreadBody = R"lua(
return unread('ch:' .. ARGV[1], ARGV[2])
)lua";

// KEYS: u:{u}:ch   ARGV: user
constexpr const char* kTotalUnreadBody = R"lua(
local total = 0
for _, c in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  total = total + unread('ch:' .. c, ARGV[1])
end
return total
)lua";

// Members other than the sender whose read point is below seq: ZCOUNT of the
// read points, minus the sender if they are counted. A broadcast non-owner's
// message is seen by the owner only, so only the owner can have not read it.
// KEYS: ch:{c}:msg ch:{c}:r ch:{c}   ARGV: seq
constexpr const char* kNotReadBy = R"lua(
local seq = tonumber(ARGV[1])
if seq < 1 then return -1 end
local m = redis.call('LINDEX', KEYS[1], seq - 1)
if not m then return -1 end
local sender = string.sub(m, 1, string.find(m, '|', 1, true) - 1)
local meta = redis.call('HMGET', KEYS[3], 'type', 'owner')
if (meta[1] == '1' or meta[1] == '3') and meta[2] ~= sender then
  local owner_read = redis.call('ZSCORE', KEYS[2], meta[2])
  if owner_read and tonumber(owner_read) < seq then return 1 end
  return 0
end
local n = redis.call('ZCOUNT', KEYS[2], '-inf', '(' .. ARGV[1])
local sender_read = redis.call('ZSCORE', KEYS[2], sender)
if sender_read and tonumber(sender_read) < seq then n = n - 1 end
return n
)lua";

// A history page as `viewer` sees it, newest first: -1 if the channel is
// unknown, the viewer not a member or the cursor not a message; otherwise
// {seq, payload, seq, payload, ...}. Everything visible: one LRANGE of the
// page. A broadcast non-owner sees the owner's messages and its own: LRANGEs
// of 100 walking back until the page is full.
// KEYS: ch:{c} ch:{c}:m ch:{c}:msg   ARGV: viewer before_seq limit
constexpr const char* kHistory = R"lua(
local meta = redis.call('HMGET', KEYS[1], 'type', 'owner', 'seq')
if not meta[1] then return -1 end
local viewer = ARGV[1]
if not redis.call('ZSCORE', KEYS[2], viewer) then return -1 end
local hi = tonumber(meta[3])
local before = tonumber(ARGV[2])
if before ~= 0 then
  if before > hi then return -1 end
  hi = before - 1
end
local limit = tonumber(ARGV[3])
local out = {}
local owner = meta[2]
if not ((meta[1] == '1' or meta[1] == '3') and owner ~= viewer) then
  if hi < 1 then return out end
  local lo = math.max(1, hi - limit + 1)
  local items = redis.call('LRANGE', KEYS[3], lo - 1, hi - 1)
  for i = #items, 1, -1 do
    out[#out + 1] = lo - 1 + i
    out[#out + 1] = items[i]
  end
  return out
end
while hi >= 1 and #out < 2 * limit do
  local lo = math.max(1, hi - 99)
  local items = redis.call('LRANGE', KEYS[3], lo - 1, hi - 1)
  for i = #items, 1, -1 do
    local m = items[i]
    local sender = string.sub(m, 1, string.find(m, '|', 1, true) - 1)
    if sender == owner or sender == viewer then
      out[#out + 1] = lo - 1 + i
      out[#out + 1] = m
      if #out == 2 * limit then break end
    end
  end
  hi = lo - 1
end
return out
)lua";

struct ReplyFree {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyFree>;

uint32_t ParseId(const char* s, size_t len) {
  uint32_t id = 0;
  std::from_chars(s, s + len, id);
  return id;
}

// Commands queued before the first reply is read, at most: bounds the
// client's and the server's buffers during a bulk load.
constexpr size_t kPipelineDepth = 1024;

// Not thread-safe; one connection, used by one thread.
class RedisPeer final : public ChatPeer {
 public:
  // Connects and loads the scripts; nullptr on failure (the reason goes to
  // stderr). `pipelined` selects the "redis_pipelined" client (file comment).
  static std::unique_ptr<RedisPeer> Connect(const std::string& socket_path,
                                            bool pipelined) {
    redisContext* ctx = redisConnectUnix(socket_path.c_str());
    if (ctx == nullptr || ctx->err != 0) {
      std::fprintf(stderr, "redis peer: connect %s: %s\n", socket_path.c_str(),
                   ctx != nullptr ? ctx->errstr : "out of memory");
      if (ctx != nullptr) redisFree(ctx);
      return nullptr;
    }
    std::unique_ptr<RedisPeer> peer(new RedisPeer(ctx, pipelined));
    if (!peer->LoadScripts()) return nullptr;
    return peer;
  }

  ~RedisPeer() override { redisFree(ctx_); }

  std::string_view name() const override {
    return pipelined_ ? "redis_pipelined" : "redis";
  }

  void CreateUser(uint32_t user) override { Command("SADD users %u", user); }

  void CreateUsers(uint32_t first, uint32_t last) override {
    if (!pipelined_) {
      ChatPeer::CreateUsers(first, last);
      return;
    }
    // Variadic SADDs of up to 1,000 ids, all queued before any reply is read.
    std::vector<std::string> ids;
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    size_t queued = 0;
    for (uint64_t u = std::max<uint32_t>(first, 1); u <= last;) {
      ids.assign({"SADD", "users"});
      for (; u <= last && ids.size() < 1'002; ++u) {
        ids.push_back(std::to_string(u));
      }
      argv.clear();
      lengths.clear();
      for (const std::string& id : ids) {
        argv.push_back(id.data());
        lengths.push_back(id.size());
      }
      if (redisAppendCommandArgv(ctx_, static_cast<int>(argv.size()),
                                 argv.data(), lengths.data()) != REDIS_OK) {
        Die("SADD users");
      }
      ++queued;
    }
    for (; queued > 0; --queued) GetReply();
  }

  void CreateChannel(uint32_t channel, PeerChannelType type, uint32_t owner,
                     int32_t max_members) override {
    const bool created =
        Int(Command("EVALSHA %s 3 ch:%u ch:%u:m ch:%u:r %u %d %u %d",
                    create_channel_.c_str(), channel, channel, channel,
                    channel, static_cast<int>(type), owner,
                    static_cast<int>(max_members))) == 1;
    if (pipelined_ && created) Remember(channel, type, owner);
  }

  bool Join(uint32_t channel, uint32_t user) override {
    AppendOp(MemberOp::kJoin, channel, user, 0);
    return Int(GetReply()) == 1;
  }

  bool Leave(uint32_t channel, uint32_t user) override {
    AppendOp(MemberOp::kLeave, channel, user, 0);
    return Int(GetReply()) == 1;
  }

  bool Add(uint32_t channel, uint32_t user) override {
    return Join(channel, user);
  }

  bool Remove(uint32_t channel, uint32_t user) override {
    AppendOp(MemberOp::kRemove, channel, user, 0);
    return Int(GetReply()) == 1;
  }

  bool Ban(uint32_t channel, uint32_t user) override {
    AppendOp(MemberOp::kBan, channel, user, 0);
    return Int(GetReply()) == 1;
  }

  bool Unban(uint32_t channel, uint32_t user) override {
    AppendOp(MemberOp::kUnban, channel, user, 0);
    return Int(GetReply()) == 1;
  }

  bool Mute(uint32_t channel, uint32_t user, int64_t expires_at_ms) override {
    AppendOp(MemberOp::kMute, channel, user, expires_at_ms);
    return Int(GetReply()) == 1;
  }

  bool Unmute(uint32_t channel, uint32_t user) override {
    AppendOp(MemberOp::kUnmute, channel, user, 0);
    return Int(GetReply()) == 1;
  }

  void Batch(MemberOp op, uint32_t channel, std::span<const uint32_t> users,
             int64_t expires_at_ms, bool* ok) override {
    if (!pipelined_) {
      ChatPeer::Batch(op, channel, users, expires_at_ms, ok);
      return;
    }
    // Redis runs one client's commands in order, so the results are those
    // of the single calls.
    for (size_t start = 0; start < users.size(); start += kPipelineDepth) {
      const size_t end = std::min(users.size(), start + kPipelineDepth);
      for (size_t i = start; i < end; ++i) {
        AppendOp(op, channel, users[i], expires_at_ms);
      }
      for (size_t i = start; i < end; ++i) ok[i] = Int(GetReply()) == 1;
    }
  }

  bool IsMember(uint32_t channel, uint32_t user) override {
    return Command("ZSCORE ch:%u:m %u", channel, user)->type != REDIS_REPLY_NIL;
  }

  size_t MemberPage(uint32_t channel, uint32_t after_user, size_t limit,
                    uint32_t* out) override {
    // "(" makes the lower bound exclusive.
    Reply page = Command("ZRANGEBYSCORE ch:%u:m (%u +inf LIMIT 0 %llu", channel,
                         after_user, static_cast<unsigned long long>(limit));
    size_t n = 0;
    for (size_t i = 0; i < page->elements && n < limit; ++i) {
      out[n++] = ParseId(page->element[i]->str, page->element[i]->len);
    }
    return n;
  }

  void Block(uint32_t blocker, uint32_t blocked) override {
    if (blocker == blocked) return;
    // Both directions in one round trip.
    Append("SADD u:%u:blk %u", blocker, blocked);
    Append("SADD u:%u:blkby %u", blocked, blocker);
    GetReply();
    GetReply();
  }

  int64_t Send(uint32_t channel, uint32_t sender, std::string_view text,
               int64_t now_ms, void (*deliver)(void* ctx, uint32_t user),
               void* ctx) override {
    std::string payload =
        std::to_string(sender) + '|' + std::to_string(now_ms) + '|';
    payload.append(text);
    // The pipelined client queues the fetch with the script when it knows
    // the message goes to everyone (the script runs first, so the members
    // read are those after it); if the script refuses, the fetch is wasted.
    const ChannelMeta* meta = pipelined_ ? Meta(channel) : nullptr;
    const bool prefetch =
        meta != nullptr && !(IsBroadcast(meta->type) && meta->owner != sender);
    Append("EVALSHA %s 5 ch:%u ch:%u:m ch:%u:mute ch:%u:msg ch:%u:r %u %lld %b",
           send_.c_str(), channel, channel, channel, channel, channel, sender,
           static_cast<long long>(now_ms), payload.data(), payload.size());
    if (prefetch) AppendFanoutFetch(channel, sender);
    Reply sent = GetReply();
    Reply members, blockers_reply;
    if (prefetch) {
      members = GetReply();
      blockers_reply = GetReply();
    }
    if (sent->element[0]->integer < 0) return -1;
    if (sent->element[1]->integer == 1) {  // broadcast rule: one recipient
      const uint32_t owner = static_cast<uint32_t>(sent->element[2]->integer);
      if (owner == 0) return 0;
      deliver(ctx, owner);
      return 1;
    }

    // Members and the sender's blockers in one round trip. Another client
    // could change membership between the script and this read; a real
    // deployment accepts that race, and the benchmark has one client.
    if (!prefetch) {
      AppendFanoutFetch(channel, sender);
      members = GetReply();
      blockers_reply = GetReply();
    }
    std::vector<uint32_t> blockers;
    blockers.reserve(blockers_reply->elements);
    for (size_t i = 0; i < blockers_reply->elements; ++i) {
      blockers.push_back(ParseId(blockers_reply->element[i]->str,
                                 blockers_reply->element[i]->len));
    }
    std::sort(blockers.begin(), blockers.end());
    int64_t n = 0;
    for (size_t i = 0; i < members->elements; ++i) {
      const uint32_t user =
          ParseId(members->element[i]->str, members->element[i]->len);
      if (user == sender ||
          std::binary_search(blockers.begin(), blockers.end(), user)) {
        continue;
      }
      deliver(ctx, user);
      ++n;
    }
    return n;
  }

  void MarkRead(uint32_t channel, uint32_t user) override {
    Command("EVALSHA %s 2 ch:%u ch:%u:r %u", mark_read_.c_str(), channel,
            channel, user);
  }

  int64_t UnreadCount(uint32_t channel, uint32_t user) override {
    // The keys are declared for the record; the shared function derives
    // them from the channel id so TotalUnread can reuse it.
    return Int(Command("EVALSHA %s 3 ch:%u ch:%u:r ch:%u:msg %u %u",
                       unread_.c_str(), channel, channel, channel, channel,
                       user));
  }

  int64_t TotalUnread(uint32_t user) override {
    return Int(
        Command("EVALSHA %s 1 u:%u:ch %u", total_unread_.c_str(), user, user));
  }

  int64_t NotReadBy(uint32_t channel, uint64_t message_seq) override {
    return Int(Command("EVALSHA %s 3 ch:%u:msg ch:%u:r ch:%u %llu",
                       not_read_by_.c_str(), channel, channel, channel,
                       static_cast<unsigned long long>(message_seq)));
  }

  int64_t HistoryPage(uint32_t channel, uint32_t viewer, uint64_t before_seq,
                      size_t limit, PeerMessage* out) override {
    Reply page = Command("EVALSHA %s 3 ch:%u ch:%u:m ch:%u:msg %u %llu %llu",
                         history_.c_str(), channel, channel, channel, viewer,
                         static_cast<unsigned long long>(before_seq),
                         static_cast<unsigned long long>(limit));
    if (page->type != REDIS_REPLY_ARRAY) return Int(page);  // -1
    size_t n = 0;
    for (size_t i = 0; i + 1 < page->elements && n < limit; i += 2) {
      PeerMessage& m = out[n++];
      m.seq = static_cast<uint64_t>(page->element[i]->integer);
      // "sender|created_at_ms|text"; the text may contain '|'.
      std::string_view payload(page->element[i + 1]->str,
                               page->element[i + 1]->len);
      const size_t a = payload.find('|');
      const size_t b = payload.find('|', a + 1);
      m.sender = ParseId(payload.data(), a);
      std::from_chars(payload.data() + a + 1, payload.data() + b,
                      m.created_at_ms);
      m.text.assign(payload.substr(b + 1));
    }
    return static_cast<int64_t>(n);
  }

  int64_t BytesUsed() override {
    Reply info = Command("INFO memory");
    std::string_view text(info->str, info->len);
    constexpr std::string_view kField = "used_memory:";
    size_t at = text.find(kField);
    if (at == std::string_view::npos) return -1;
    int64_t bytes = -1;
    std::from_chars(text.data() + at + kField.size(), text.data() + text.size(),
                    bytes);
    return bytes;
  }

 private:
  // What the pipelined client remembers of a channel (file comment).
  struct ChannelMeta {
    bool known = false;
    PeerChannelType type = PeerChannelType::kPrivate;
    uint32_t owner = 0;
  };

  RedisPeer(redisContext* ctx, bool pipelined)
      : ctx_(ctx), pipelined_(pipelined) {}

  void Remember(uint32_t channel, PeerChannelType type, uint32_t owner) {
    if (meta_.size() <= channel) meta_.resize(channel + 1);
    meta_[channel] = ChannelMeta{true, type, owner};
  }

  // The channel's type and owner, fetched once; nullptr if it does not exist.
  const ChannelMeta* Meta(uint32_t channel) {
    if (channel < meta_.size() && meta_[channel].known) return &meta_[channel];
    Reply meta = Command("HMGET ch:%u type owner", channel);
    if (meta->elements != 2 || meta->element[0]->type != REDIS_REPLY_STRING) {
      return nullptr;
    }
    Remember(channel,
             static_cast<PeerChannelType>(
                 ParseId(meta->element[0]->str, meta->element[0]->len)),
             ParseId(meta->element[1]->str, meta->element[1]->len));
    return &meta_[channel];
  }

  // Queues one membership or moderation call; its reply is an integer, 1 on
  // success.
  void AppendOp(MemberOp op, uint32_t channel, uint32_t user,
                int64_t expires_at_ms) {
    switch (op) {
      case MemberOp::kJoin:
      case MemberOp::kAdd:
        Append("EVALSHA %s 6 ch:%u ch:%u:m ch:%u:b ch:%u:r u:%u:ch users %u %u",
               join_.c_str(), channel, channel, channel, channel, user,
               channel, user);
        break;
      case MemberOp::kLeave:
      case MemberOp::kRemove:
      case MemberOp::kBan:
        Append("EVALSHA %s 6 ch:%u ch:%u:m ch:%u:r u:%u:ch ch:%u:b ch:%u:mute "
               "%u %u %d",
               remove_member_.c_str(), channel, channel, channel, user,
               channel, channel, channel, user, op == MemberOp::kBan ? 1 : 0);
        break;
      case MemberOp::kUnban:
        Append("SREM ch:%u:b %u", channel, user);
        break;
      case MemberOp::kMute:
        Append("EVALSHA %s 3 ch:%u ch:%u:m ch:%u:mute %u %lld", mute_.c_str(),
               channel, channel, channel, user,
               static_cast<long long>(expires_at_ms));
        break;
      case MemberOp::kUnmute:
        Append("HDEL ch:%u:mute %u", channel, user);
        break;
    }
  }

  // Queues the two reads of a fan-out: every member, the sender's blockers.
  void AppendFanoutFetch(uint32_t channel, uint32_t sender) {
    Append("ZRANGE ch:%u:m 0 -1", channel);
    Append("SMEMBERS u:%u:blkby", sender);
  }

  // A failed or error reply is a bug here or a dead server, not a domain
  // refusal (the scripts return 0/-1 for those), so it stops the process.
  // `detail` defaults to the connection's last I/O error.
  [[noreturn]] void Die(const char* what, const char* detail = nullptr) {
    std::fprintf(stderr, "redis peer: %s: %s\n", what,
                 detail != nullptr ? detail : ctx_->errstr);
    std::abort();
  }

  Reply Checked(void* raw, const char* what) {
    Reply reply(static_cast<redisReply*>(raw));
    if (reply == nullptr) Die(what);
    if (reply->type == REDIS_REPLY_ERROR) Die(what, reply->str);
    return reply;
  }

  // hiredis format strings: printf-like, plus %b for (pointer, length).
  Reply Command(const char* format, ...) {
    va_list args;
    va_start(args, format);
    void* raw = redisvCommand(ctx_, format, args);
    va_end(args);
    return Checked(raw, format);
  }

  // Queues a command for a pipeline; GetReply() collects replies in order.
  void Append(const char* format, ...) {
    va_list args;
    va_start(args, format);
    int rc = redisvAppendCommand(ctx_, format, args);
    va_end(args);
    if (rc != REDIS_OK) Die(format);
  }

  Reply GetReply() {
    void* raw = nullptr;
    if (redisGetReply(ctx_, &raw) != REDIS_OK) Die("pipeline");
    return Checked(raw, "pipeline");
  }

  int64_t Int(const Reply& reply) {
    if (reply->type != REDIS_REPLY_INTEGER) {
      Die("expected an integer reply",
          ("reply type " + std::to_string(reply->type)).c_str());
    }
    return reply->integer;
  }

  // SCRIPT LOAD once; EVALSHA afterwards sends 40 bytes instead of the body.
  // The peer owns its server, so nothing flushes the script cache under it
  // and there is no NOSCRIPT fallback.
  bool LoadScripts() {
    struct Script {
      std::string* sha;
      std::string body;
    };
    const Script scripts[] = {
        {&create_channel_, kCreateChannel},
        {&join_, kJoin},
        {&remove_member_, kRemoveMember},
        {&mute_, kMute},
        {&send_, kSend},
        {&mark_read_, kMarkRead},
        {&unread_, std::string(kUnreadFunction) + kUnreadBody},
        {&total_unread_, std::string(kUnreadFunction) + kTotalUnreadBody},
        {&not_read_by_, kNotReadBy},
        {&history_, kHistory},
    };
    for (const Script& s : scripts) {
      Reply reply(static_cast<redisReply*>(
          redisCommand(ctx_, "SCRIPT LOAD %b", s.body.data(), s.body.size())));
      if (reply == nullptr || reply->type != REDIS_REPLY_STRING) {
        std::fprintf(stderr, "redis peer: SCRIPT LOAD: %s\n",
                     reply != nullptr ? reply->str : ctx_->errstr);
        return false;
      }
      s.sha->assign(reply->str, reply->len);
    }
    return true;
  }

  redisContext* ctx_;
  const bool pipelined_;
  std::vector<ChannelMeta> meta_;  // by channel id; pipelined only
  std::string create_channel_, join_, remove_member_, mute_, send_, mark_read_,
      unread_, total_unread_, not_read_by_, history_;
};

}  // namespace

std::unique_ptr<ChatPeer> MakeRedisPeer(const std::string& unix_socket_path) {
  return RedisPeer::Connect(unix_socket_path, /*pipelined=*/false);
}

std::unique_ptr<ChatPeer> MakeRedisPipelinedPeer(
    const std::string& unix_socket_path) {
  return RedisPeer::Connect(unix_socket_path, /*pipelined=*/true);
}

}  // namespace banter::bench
