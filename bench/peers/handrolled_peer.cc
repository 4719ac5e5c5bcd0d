// The hand-rolled peer: what a game developer writes in an afternoon.
//
// Everything is keyed by readable strings ("u123", "c7") in std::unordered_map
// and std::unordered_set, with one std::set of numeric ids per channel for
// ordered member pages and a std::vector of messages per channel. No interning,
// no flat containers, no care for allocation: the point of this peer is to
// measure the obvious code, not a tuned one. It is still correct, and it keeps
// the redundant user -> channels index a developer needs for TotalUnread.
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "chat_peer.h"

namespace banter::bench {
namespace {

// Appending to the prefix (rather than "u" + std::to_string(user)) also steers
// clear of a GCC 12 -Wrestrict false positive (GCC bug 105329).
std::string Key(char prefix, uint32_t id) {
  std::string key(1, prefix);
  key += std::to_string(id);
  return key;
}
std::string UserKey(uint32_t user) { return Key('u', user); }
std::string ChannelKey(uint32_t channel) { return Key('c', channel); }

struct Message {
  std::string sender;  // user key
  int64_t created_at_ms;
  std::string text;
};

struct Member {
  uint32_t id;        // kept so fan-out can hand ids to the caller
  uint64_t read_seq;  // 0 = never read
};

struct Channel {
  PeerChannelType type;
  std::string owner;  // user key, or "" for none
  int32_t max_members;
  std::unordered_map<std::string, Member> members;
  // The same members again, ordered, for pages. A std::set<std::string> would
  // order "u10" before "u9", so the ids go in as numbers.
  std::set<uint32_t> ordered_members;
  std::unordered_set<std::string> banned;
  std::unordered_map<std::string, int64_t> mute_expiry;  // 0 = permanent
  std::vector<Message> history;                          // seq = index + 1
};

// Invariants:
//  1. u in channels_[c].members  <=>  c in joined_[u]  <=>  id(u) in
//     channels_[c].ordered_members.
//  2. No banned user is a member.
//  3. A channel's owner, if any, is a member.
//  4. b in blocks_[a]  <=>  a in blocked_by_[b].
class HandRolledPeer final : public ChatPeer {
 public:
  std::string_view name() const override { return "handrolled"; }

  void CreateUser(uint32_t user) override { users_.insert(UserKey(user)); }

  void CreateChannel(uint32_t channel, PeerChannelType type, uint32_t owner,
                     int32_t max_members) override {
    std::string key = ChannelKey(channel);
    if (channels_.count(key)) return;
    Channel& c = channels_[key];
    c.type = type;
    c.max_members = max_members;
    if (owner != 0) {
      c.owner = UserKey(owner);
      AddMember(key, c, owner, c.owner);
    }
  }

  bool Join(uint32_t channel, uint32_t user) override {
    std::string key = ChannelKey(channel);
    auto it = channels_.find(key);
    if (it == channels_.end()) return false;
    Channel& c = it->second;
    std::string u = UserKey(user);
    if (!users_.count(u) || c.members.count(u) || c.banned.count(u)) {
      return false;
    }
    if (c.max_members >= 0 &&
        c.members.size() >= static_cast<size_t>(c.max_members)) {
      return false;
    }
    if (!c.owner.empty() && (Blocked(c.owner, u) || Blocked(u, c.owner))) {
      return false;
    }
    AddMember(key, c, user, u);
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
    Channel* c = Find(channel);
    return c != nullptr && c->banned.erase(UserKey(user)) > 0;
  }

  bool Mute(uint32_t channel, uint32_t user, int64_t expires_at_ms) override {
    Channel* c = Find(channel);
    if (c == nullptr) return false;
    std::string u = UserKey(user);
    if (u == c->owner || !c->members.count(u)) return false;
    c->mute_expiry[u] = expires_at_ms;
    return true;
  }

  bool Unmute(uint32_t channel, uint32_t user) override {
    Channel* c = Find(channel);
    return c != nullptr && c->mute_expiry.erase(UserKey(user)) > 0;
  }

  bool IsMember(uint32_t channel, uint32_t user) override {
    Channel* c = Find(channel);
    return c != nullptr && c->members.count(UserKey(user)) > 0;
  }

  size_t MemberPage(uint32_t channel, uint32_t after_user, size_t limit,
                    uint32_t* out) override {
    Channel* c = Find(channel);
    if (c == nullptr) return 0;
    size_t n = 0;
    for (auto it = c->ordered_members.upper_bound(after_user);
         it != c->ordered_members.end() && n < limit; ++it) {
      out[n++] = *it;
    }
    return n;
  }

  void Block(uint32_t blocker, uint32_t blocked) override {
    if (blocker == blocked) return;
    std::string a = UserKey(blocker);
    std::string b = UserKey(blocked);
    blocks_[a].insert(b);
    blocked_by_[b].insert(a);
  }

  int64_t Send(uint32_t channel, uint32_t sender, std::string_view text,
               int64_t now_ms, void (*deliver)(void* ctx, uint32_t user),
               void* ctx) override {
    Channel* c = Find(channel);
    if (c == nullptr) return -1;
    std::string s = UserKey(sender);
    auto self = c->members.find(s);
    if (self == c->members.end()) return -1;
    if (auto mute = c->mute_expiry.find(s); mute != c->mute_expiry.end()) {
      if (mute->second == 0 || now_ms < mute->second) return -1;
    }
    c->history.push_back(Message{s, now_ms, std::string(text)});
    self->second.read_seq = c->history.size();

    // The people who blocked the sender; usually nobody.
    const std::unordered_set<std::string>* blockers = nullptr;
    if (auto it = blocked_by_.find(s); it != blocked_by_.end()) {
      blockers = &it->second;
    }
    auto skip = [&](const std::string& u) {
      return blockers != nullptr && blockers->count(u) > 0;
    };

    int64_t recipients = 0;
    if (IsBroadcast(c->type) && s != c->owner) {
      if (auto owner = c->members.find(c->owner);
          owner != c->members.end() && !skip(owner->first)) {
        deliver(ctx, owner->second.id);
        ++recipients;
      }
      return recipients;
    }
    for (const auto& [u, member] : c->members) {
      if (u == s || skip(u)) continue;
      deliver(ctx, member.id);
      ++recipients;
    }
    return recipients;
  }

  void MarkRead(uint32_t channel, uint32_t user) override {
    Channel* c = Find(channel);
    if (c == nullptr) return;
    if (auto it = c->members.find(UserKey(user)); it != c->members.end()) {
      it->second.read_seq = c->history.size();
    }
  }

  int64_t UnreadCount(uint32_t channel, uint32_t user) override {
    Channel* c = Find(channel);
    if (c == nullptr) return -1;
    std::string u = UserKey(user);
    auto it = c->members.find(u);
    if (it == c->members.end()) return -1;
    return CountUnread(*c, u, it->second.read_seq);
  }

  int64_t TotalUnread(uint32_t user) override {
    std::string u = UserKey(user);
    auto joined = joined_.find(u);
    if (joined == joined_.end()) return 0;
    int64_t total = 0;
    for (const std::string& key : joined->second) {
      const Channel& c = channels_.at(key);
      total += CountUnread(c, u, c.members.at(u).read_seq);
    }
    return total;
  }

  int64_t NotReadBy(uint32_t channel, uint64_t message_seq) override {
    Channel* c = Find(channel);
    if (c == nullptr || message_seq == 0 || message_seq > c->history.size()) {
      return -1;
    }
    const std::string& sender = c->history[message_seq - 1].sender;
    if (IsBroadcast(c->type) && sender != c->owner) {
      // Seen by the owner only, so only the owner can have not read it.
      auto owner = c->members.find(c->owner);
      return owner != c->members.end() && owner->second.read_seq < message_seq
                 ? 1
                 : 0;
    }
    int64_t n = 0;
    for (const auto& [u, member] : c->members) {
      if (member.read_seq < message_seq && u != sender) ++n;
    }
    return n;
  }

  int64_t BytesUsed() override { return -1; }

 private:
  Channel* Find(uint32_t channel) {
    auto it = channels_.find(ChannelKey(channel));
    return it == channels_.end() ? nullptr : &it->second;
  }

  bool Blocked(const std::string& blocker, const std::string& blocked) const {
    auto it = blocks_.find(blocker);
    return it != blocks_.end() && it->second.count(blocked) > 0;
  }

  void AddMember(const std::string& channel_key, Channel& c, uint32_t user,
                 const std::string& u) {
    // A newcomer has read everything sent before the join.
    c.members.emplace(u, Member{user, c.history.size()});
    c.ordered_members.insert(user);
    joined_[u].insert(channel_key);
  }

  // Leave, Remove and Ban differ only in whether a ban is recorded.
  bool RemoveMember(uint32_t channel, uint32_t user, bool ban) {
    std::string key = ChannelKey(channel);
    auto it = channels_.find(key);
    if (it == channels_.end()) return false;
    Channel& c = it->second;
    std::string u = UserKey(user);
    if (u == c.owner || c.members.erase(u) == 0) return false;
    c.ordered_members.erase(user);
    c.mute_expiry.erase(u);  // a mute ends with the membership
    joined_[u].erase(key);
    if (ban) c.banned.insert(u);
    return true;
  }

  // Walks the unread tail of the history: O(unread), like the other peers.
  static int64_t CountUnread(const Channel& c, const std::string& u,
                             uint64_t read_seq) {
    // A broadcast member who is not the owner sees only the owner's messages
    // (and their own, which never count).
    const bool owner_only = IsBroadcast(c.type) && u != c.owner;
    int64_t n = 0;
    for (size_t i = read_seq; i < c.history.size(); ++i) {
      const std::string& sender = c.history[i].sender;
      if (owner_only ? sender == c.owner : sender != u) ++n;
    }
    return n;
  }

  std::unordered_set<std::string> users_;
  std::unordered_map<std::string, Channel> channels_;
  std::unordered_map<std::string, std::unordered_set<std::string>> joined_;
  std::unordered_map<std::string, std::unordered_set<std::string>> blocks_;
  std::unordered_map<std::string, std::unordered_set<std::string>> blocked_by_;
};

}  // namespace

std::unique_ptr<ChatPeer> MakeHandRolledPeer() {
  return std::make_unique<HandRolledPeer>();
}

}  // namespace banter::bench
