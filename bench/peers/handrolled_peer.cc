// The hand-rolled peer: what a competent C++ engineer writes with the standard
// containers when asked for this slice of chat, without a custom allocator or
// exotic data structures.
//
// Ids stay the dense integers the caller uses: users and channels are indexed
// by id in vectors, never turned into "u123" strings. A channel keeps its
// members in a dense vector (user and read point side by side, 8 bytes each)
// with an unordered_map from user to slot, and removes by swapping the last
// member into the hole, so membership tests are one hash lookup and fan-out is
// a linear walk over contiguous memory. A std::set of the same ids serves the
// ordered member pages. Bans are an unordered_set, mutes an unordered_map to
// the expiry, blocks one unordered_set per blocking (and per blocked) user.
// History is a std::vector of messages (seq = index + 1): a history page is
// a backward walk from its cursor; "not read by" walks the member vector,
// O(members), as in the other peers. Unread counts need no walk: a member's
// own messages are never after its read point (a send moves the sender's read
// point to it, and read points only move forward), so the count is
// last_seq - read_seq; a broadcast non-owner, who sees only the owner's
// messages, counts the owner's message seqs after its read point with a
// binary search in a sorted vector of them.
//
// Fan-out when some members blocked the sender: the blockers are usually few,
// so their slots (and the sender's) are looked up, sorted, and the member
// vector is walked in the runs between them, instead of probing a hash set
// once per member.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chat_peer.h"

namespace banter::bench {
namespace {

struct Message {
  uint32_t sender;
  int64_t created_at_ms;
  std::string text;
};

struct Member {
  uint32_t user;
  uint32_t read_seq;  // 0 = nothing read
};

struct Channel {
  PeerChannelType type;
  uint32_t owner = 0;  // 0 = none
  int32_t max_members = -1;
  std::vector<Member> members;                  // dense, unordered
  std::unordered_map<uint32_t, uint32_t> slot;  // user -> index in members
  std::set<uint32_t> ordered;                   // the same users, for pages
  std::unordered_set<uint32_t> banned;
  std::unordered_map<uint32_t, int64_t> mute_expiry;  // 0 = permanent
  std::vector<Message> history;                       // seq = index + 1
  std::vector<uint32_t> owner_seqs;  // seqs of the owner's messages, sorted

  const Member* Find(uint32_t user) const {
    auto it = slot.find(user);
    return it == slot.end() ? nullptr : &members[it->second];
  }
  Member* Find(uint32_t user) {
    auto it = slot.find(user);
    return it == slot.end() ? nullptr : &members[it->second];
  }
  uint32_t last_seq() const { return static_cast<uint32_t>(history.size()); }
};

struct User {
  bool exists = false;
  std::vector<uint32_t> channels;  // joined, unordered (for TotalUnread)
};

// Invariants:
//  1. members[slot[u]].user == u for every u in slot, and slot.size() ==
//     members.size() == ordered.size(), ordered holding the same users.
//  2. u is a member of c  <=>  c in users_[u].channels.
//  3. No banned user is a member; a channel's owner, if any, is a member.
//  4. Only members have a mute record.
//  5. A member's read_seq is at or after the seq of each of its messages
//     (CountUnread relies on it); owner_seqs lists the owner's messages.
//  6. b in blocks_[a]  <=>  a in blocked_by_[b].
class HandRolledPeer final : public ChatPeer {
 public:
  std::string_view name() const override { return "handrolled"; }

  void CreateUser(uint32_t user) override {
    if (users_.size() <= user) users_.resize(user + 1);
    users_[user].exists = true;
  }

  void CreateChannel(uint32_t channel, PeerChannelType type, uint32_t owner,
                     int32_t max_members) override {
    if (channels_.size() <= channel) channels_.resize(channel + 1);
    if (channels_[channel] != nullptr) return;
    channels_[channel] = std::make_unique<Channel>();
    Channel& c = *channels_[channel];
    c.type = type;
    c.owner = owner;
    c.max_members = max_members;
    if (owner != 0) AddMember(channel, c, owner);
  }

  bool Join(uint32_t channel, uint32_t user) override {
    Channel* c = FindChannel(channel);
    if (c == nullptr || !UserExists(user) || c->slot.count(user) ||
        c->banned.count(user)) {
      return false;
    }
    if (c->max_members >= 0 &&
        c->members.size() >= static_cast<size_t>(c->max_members)) {
      return false;
    }
    if (c->owner != 0 && (Blocked(c->owner, user) || Blocked(user, c->owner))) {
      return false;
    }
    AddMember(channel, *c, user);
    return true;
  }

  bool Leave(uint32_t channel, uint32_t user) override {
    return RemoveMember(channel, user, /*ban=*/false);
  }

  bool Add(uint32_t channel, uint32_t user) override {
    return Join(channel, user);
  }

  bool Remove(uint32_t channel, uint32_t user) override {
    return RemoveMember(channel, user, /*ban=*/false);
  }

  bool Ban(uint32_t channel, uint32_t user) override {
    return RemoveMember(channel, user, /*ban=*/true);
  }

  bool Unban(uint32_t channel, uint32_t user) override {
    Channel* c = FindChannel(channel);
    return c != nullptr && c->banned.erase(user) > 0;
  }

  bool Mute(uint32_t channel, uint32_t user, int64_t expires_at_ms) override {
    Channel* c = FindChannel(channel);
    if (c == nullptr || user == c->owner || !c->slot.count(user)) return false;
    c->mute_expiry[user] = expires_at_ms;
    return true;
  }

  bool Unmute(uint32_t channel, uint32_t user) override {
    Channel* c = FindChannel(channel);
    return c != nullptr && c->mute_expiry.erase(user) > 0;
  }

  bool IsMember(uint32_t channel, uint32_t user) override {
    const Channel* c = FindChannel(channel);
    return c != nullptr && c->slot.count(user) > 0;
  }

  size_t MemberPage(uint32_t channel, uint32_t after_user, size_t limit,
                    uint32_t* out) override {
    const Channel* c = FindChannel(channel);
    if (c == nullptr) return 0;
    size_t n = 0;
    for (auto it = c->ordered.upper_bound(after_user);
         it != c->ordered.end() && n < limit; ++it) {
      out[n++] = *it;
    }
    return n;
  }

  void Block(uint32_t blocker, uint32_t blocked) override {
    if (blocker == blocked) return;
    blocks_[blocker].insert(blocked);
    blocked_by_[blocked].insert(blocker);
  }

  int64_t Send(uint32_t channel, uint32_t sender, std::string_view text,
               int64_t now_ms, void (*deliver)(void* ctx, uint32_t user),
               void* ctx) override {
    Channel* c = FindChannel(channel);
    if (c == nullptr) return -1;
    auto self = c->slot.find(sender);
    if (self == c->slot.end()) return -1;
    if (!c->mute_expiry.empty()) {
      if (auto mute = c->mute_expiry.find(sender);
          mute != c->mute_expiry.end() &&
          (mute->second == 0 || now_ms < mute->second)) {
        return -1;
      }
    }
    c->history.push_back(Message{sender, now_ms, std::string(text)});
    if (sender == c->owner) c->owner_seqs.push_back(c->last_seq());
    c->members[self->second].read_seq = c->last_seq();

    const std::unordered_set<uint32_t>* blockers = nullptr;
    if (auto it = blocked_by_.find(sender); it != blocked_by_.end()) {
      blockers = &it->second;
    }
    if (IsBroadcast(c->type) && sender != c->owner) {
      // To the owner only, unless the owner blocked the sender.
      if (c->owner == 0 || !c->slot.count(c->owner) ||
          (blockers != nullptr && blockers->count(c->owner))) {
        return 0;
      }
      deliver(ctx, c->owner);
      return 1;
    }

    // The slots to leave out: the sender's and those of members who blocked
    // the sender, in order; everything between them is delivered.
    skip_.clear();
    skip_.push_back(self->second);
    if (blockers != nullptr) {
      for (uint32_t b : *blockers) {
        if (auto it = c->slot.find(b); it != c->slot.end()) {
          skip_.push_back(it->second);
        }
      }
      std::sort(skip_.begin(), skip_.end());
    }
    const Member* m = c->members.data();
    const uint32_t end = static_cast<uint32_t>(c->members.size());
    uint32_t from = 0;
    int64_t n = 0;
    skip_.push_back(end);  // sentinel: the last run ends at the end
    for (uint32_t cut : skip_) {
      for (uint32_t i = from; i < cut; ++i) deliver(ctx, m[i].user);
      n += cut - from;
      from = cut + 1;
    }
    return n;
  }

  void MarkRead(uint32_t channel, uint32_t user) override {
    Channel* c = FindChannel(channel);
    if (c == nullptr) return;
    if (Member* m = c->Find(user)) m->read_seq = c->last_seq();
  }

  int64_t UnreadCount(uint32_t channel, uint32_t user) override {
    const Channel* c = FindChannel(channel);
    if (c == nullptr) return -1;
    const Member* m = c->Find(user);
    return m == nullptr ? -1 : CountUnread(*c, *m);
  }

  int64_t TotalUnread(uint32_t user) override {
    if (user >= users_.size()) return 0;
    int64_t total = 0;
    for (uint32_t channel : users_[user].channels) {
      const Channel& c = *channels_[channel];
      total += CountUnread(c, *c.Find(user));
    }
    return total;
  }

  int64_t NotReadBy(uint32_t channel, uint64_t message_seq) override {
    const Channel* c = FindChannel(channel);
    if (c == nullptr || message_seq == 0 || message_seq > c->history.size()) {
      return -1;
    }
    const uint32_t sender = c->history[message_seq - 1].sender;
    if (IsBroadcast(c->type) && sender != c->owner) {
      // Seen by the owner only, so only the owner can have not read it.
      const Member* owner = c->Find(c->owner);
      return owner != nullptr && owner->read_seq < message_seq ? 1 : 0;
    }
    int64_t n = 0;
    for (const Member& m : c->members) {
      n += m.read_seq < message_seq && m.user != sender;
    }
    return n;
  }

  int64_t HistoryPage(uint32_t channel, uint32_t viewer, uint64_t before_seq,
                      size_t limit, PeerMessage* out) override {
    const Channel* c = FindChannel(channel);
    if (c == nullptr || !c->slot.count(viewer)) return -1;
    uint64_t seq = c->last_seq();  // the newest candidate
    if (before_seq != 0) {
      if (before_seq > seq) return -1;
      seq = before_seq - 1;
    }
    const bool owner_only = IsBroadcast(c->type) && viewer != c->owner;
    size_t n = 0;
    for (; seq >= 1 && n < limit; --seq) {
      const Message& m = c->history[seq - 1];
      if (owner_only && m.sender != c->owner && m.sender != viewer) continue;
      PeerMessage& o = out[n++];
      o.seq = seq;
      o.sender = m.sender;
      o.created_at_ms = m.created_at_ms;
      o.text.assign(m.text);
    }
    return static_cast<int64_t>(n);
  }

  int64_t BytesUsed() override { return -1; }

 private:
  Channel* FindChannel(uint32_t channel) const {
    return channel < channels_.size() ? channels_[channel].get() : nullptr;
  }

  bool UserExists(uint32_t user) const {
    return user < users_.size() && users_[user].exists;
  }

  bool Blocked(uint32_t blocker, uint32_t blocked) const {
    auto it = blocks_.find(blocker);
    return it != blocks_.end() && it->second.count(blocked) > 0;
  }

  void AddMember(uint32_t channel, Channel& c, uint32_t user) {
    // A newcomer has read everything sent before the join.
    c.slot.emplace(user, static_cast<uint32_t>(c.members.size()));
    c.members.push_back(Member{user, c.last_seq()});
    c.ordered.insert(user);
    if (users_.size() <= user) users_.resize(user + 1);
    users_[user].channels.push_back(channel);
  }

  // Leave, Remove and Ban differ only in whether a ban is recorded.
  bool RemoveMember(uint32_t channel, uint32_t user, bool ban) {
    Channel* c = FindChannel(channel);
    if (c == nullptr || user == c->owner) return false;
    auto it = c->slot.find(user);
    if (it == c->slot.end()) return false;
    // Swap-remove: the last member takes the leaver's slot.
    const uint32_t slot = it->second;
    c->slot.erase(it);
    if (slot + 1 != c->members.size()) {
      c->members[slot] = c->members.back();
      c->slot[c->members[slot].user] = slot;
    }
    c->members.pop_back();
    c->ordered.erase(user);
    if (!c->mute_expiry.empty()) c->mute_expiry.erase(user);  // ends with it
    std::vector<uint32_t>& joined = users_[user].channels;
    auto at = std::find(joined.begin(), joined.end(), channel);
    *at = joined.back();
    joined.pop_back();
    if (ban) c->banned.insert(user);
    return true;
  }

  // O(1), or O(log owner messages) for a broadcast non-owner (file comment).
  static int64_t CountUnread(const Channel& c, const Member& m) {
    if (IsBroadcast(c.type) && m.user != c.owner) {
      return c.owner_seqs.end() - std::upper_bound(c.owner_seqs.begin(),
                                                   c.owner_seqs.end(),
                                                   m.read_seq);
    }
    return c.last_seq() - m.read_seq;
  }

  std::vector<User> users_;                      // by user id
  std::vector<std::unique_ptr<Channel>> channels_;  // by channel id
  std::unordered_map<uint32_t, std::unordered_set<uint32_t>> blocks_;
  std::unordered_map<uint32_t, std::unordered_set<uint32_t>> blocked_by_;
  std::vector<uint32_t> skip_;  // Send's scratch: slots left out
};

}  // namespace

std::unique_ptr<ChatPeer> MakeHandRolledPeer() {
  return std::make_unique<HandRolledPeer>();
}

}  // namespace banter::bench
