// Snapshots: the whole internal::State to bytes and back.
//
// File image (little-endian):
//   "BANTSNAP" | u32 format | u32 CRC-32 of payload | u64 payload length |
//   payload
// payload (cereal, archive.h), in this order:
//   build version string (first in every format, so a refusal can name the
//   writer) | u32 journal generation | state-shaping options | app flags, now,
//   id-stream counters | users | bots | channels (with their message logs) |
//   sessions | timers | word filter (format 2 on; format 1 files load with the
//   default filter) | moderation tools (format 3 on: snapshot_moderation.h; a
//   format 1 or 2 file loads with none: no slow mode, pins, flood limit or
//   reports).
//
// What is stored and what is rebuilt. Each fact is stored once, from the side
// that owns it; the mirrors are rebuilt on load, so a snapshot cannot hold two
// disagreeing copies:
//   stored                              rebuilt from it
//   channel members (slot order)        user_channels (the membership
//                                       table's rows), member_order
//   channel hidden_by                   user_channels hidden sets
//   user blocked                        user blocked_by
//   channel bots (join order)           bot channel sets
//   user blocked, channel members,      channel sender filters
//   channel peer_muted
//   channel types                       public_channels
//   interner names + "holds its name"   interner lookup maps
//   user live, active                   user_access (the actor check's mirror)
//   user ids, live users' usernames     user_id_index, user_name_index (search)
// Hash containers are written sorted by key, so equal states give equal
// bytes. Every handle read is range-checked against its registry before
// anything indexes with it, and the rebuilt engine must pass CheckInvariants;
// otherwise the load fails and the partial engine is dropped.
#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "banter/durability.h"
#include "banter/engine.h"
#include "engine/core/fold.h"
#include "engine/core/idgen.h"
#include "engine/core/strings.h"
#include "engine/durability/archive.h"
#include "engine/durability/files.h"
#include "engine/durability/serialize.h"
#include "engine/durability/snapshot_moderation.h"
#include "engine/state.h"

namespace banter {
namespace internal {

using Out = BinOut;
using In = BinIn;

namespace {

constexpr std::string_view kMagic = "BANTSNAP";
constexpr size_t kHeaderBytes = 24;

[[noreturn]] void Bad(const std::string& what) { throw cereal::Exception(what); }

uint64_t SecretFingerprint(std::string_view secret) {
  return Mix64(Fnv1a64(secret) ^ 0x736e617073686f74ULL);
}

// ---- Generic helpers ---------------------------------------------------------

void PutCount(Out& ar, size_t n) {
  ar(cereal::make_size_tag(static_cast<cereal::size_type>(n)));
}
size_t GetCount(In& ar) {
  cereal::size_type n = 0;
  ar(cereal::make_size_tag(n));
  return static_cast<size_t>(n);
}

// Keys of a hash container, sorted.
template <typename Container>
auto SortedKeys(const Container& c) {
  std::vector<typename Container::key_type> keys;
  keys.reserve(c.size());
  for (const auto& e : c) {
    if constexpr (requires { e.first; }) {
      keys.push_back(e.first);
    } else {
      keys.push_back(e);
    }
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}

// Handle readers that refuse handles outside their registry, so nothing
// later indexes out of range.
struct Bounds {
  size_t users = 0;     // registry sizes, slot 0 included
  size_t bots = 0;
  size_t channels = 0;
};
UserId GetUser(In& ar, const Bounds& b, bool allow_invalid = false) {
  UserId u;
  ar(u);
  if ((!u.valid() && !allow_invalid) || u.value() >= b.users) {
    Bad(absl::StrCat("user handle ", u.value(), " out of range"));
  }
  return u;
}
BotId GetBot(In& ar, const Bounds& b) {
  BotId x;
  ar(x);
  if (!x.valid() || x.value() >= b.bots) {
    Bad(absl::StrCat("bot handle ", x.value(), " out of range"));
  }
  return x;
}
ChannelId GetChannel(In& ar, const Bounds& b) {
  ChannelId c;
  ar(c);
  if (!c.valid() || c.value() >= b.channels) {
    Bad(absl::StrCat("channel handle ", c.value(), " out of range"));
  }
  return c;
}
// A message's sender field: a user handle for user types, a bot handle for
// bot types, anything (0) for admin types.
void CheckSender(const Bounds& b, MessageType type, uint32_t sender) {
  if (MessageRecord::IsUserSent(type) ? sender >= b.users
      : MessageRecord::IsBotSent(type) ? sender >= b.bots
                                       : false) {
    Bad(absl::StrCat("message sender ", sender, " out of range"));
  }
}

template <typename E>
E GetEnum(In& ar, int count, std::string_view what) {
  E e{};
  ar(e);
  if (static_cast<int>(e) >= count) {
    Bad(absl::StrCat("unknown ", Sv(what), " ", static_cast<int>(e)));
  }
  return e;
}

// ---- Interners ---------------------------------------------------------------

template <typename Handle>
void PutNames(Out& ar, const Interner<Handle>& names) {
  PutCount(ar, names.issued());
  for (size_t h = 1; h <= names.issued(); ++h) {
    const std::string_view name = names.Name(Handle(h));
    const bool holds = names.Find(name) == Handle(h);
    ar(std::string(name), holds);
  }
}

// Replays the interner's history: a name is released before a later handle
// takes it (Add requires a free name), then handles that had lost their name
// give it up.
template <typename Handle>
size_t GetNames(In& ar, Interner<Handle>& names) {
  const size_t n = GetCount(ar);
  std::vector<bool> holds(n + 1, false);
  for (size_t h = 1; h <= n; ++h) {
    std::string name;
    bool holding = false;
    ar(name, holding);
    holds[h] = holding;
    if (const Handle prior = names.Find(name); prior.valid()) {
      if (holds[prior.value()]) Bad("a name is held by two handles");
      names.Release(prior);
    }
    names.Add(name);
  }
  for (size_t h = 1; h <= n; ++h) {
    if (!holds[h]) names.Release(Handle(h));
  }
  return n;
}

// ---- Users -------------------------------------------------------------------

void PutUser(Out& ar, const UserRecord& u) {
  ar(u.username, u.profile_image_url, u.data, u.created_at, u.updated_at,
     u.live, u.active, u.push_disabled, u.password_hash, u.login_tokens,
     u.sessions, u.fcm_tokens, u.pushkit_token);
  const auto blocked = SortedKeys(u.blocked);
  ar(blocked);
}
void GetUserRecord(In& ar, const Bounds& b, UserRecord& u) {
  ar(u.username, u.profile_image_url, u.data, u.created_at, u.updated_at,
     u.live, u.active, u.push_disabled, u.password_hash, u.login_tokens,
     u.sessions, u.fcm_tokens, u.pushkit_token);
  const size_t n = GetCount(ar);
  u.blocked.reserve(n);
  for (size_t i = 0; i < n; ++i) u.blocked.insert(GetUser(ar, b));
}

// ---- Bots --------------------------------------------------------------------

void PutBot(Out& ar, const BotRecord& bot) {
  ar(bot.name, bot.profile_image_url, bot.type, bot.callback_url,
     bot.created_at, bot.live);
}
void GetBotRecord(In& ar, BotRecord& bot) {
  ar(bot.name, bot.profile_image_url, bot.type, bot.callback_url,
     bot.created_at, bot.live);
}

}  // namespace

// ---- Message logs and timers (private members: friends of both) -----------

struct SnapshotAccess {
  // ---- Owned<T, Key> values ----
  template <typename T, typename Key>
  static T& Value(Owned<T, Key>& o) {
    return o.value_;
  }

  // ---- The channels table ----
  static Interner<ChannelId>& ChannelNames(ChannelTable& t) { return t.names_; }
  static std::vector<ChannelRecord>& ChannelRecords(ChannelTable& t) {
    return t.records_;
  }
  static std::vector<ChannelProfile>& ChannelProfiles(ChannelTable& t) {
    return t.profiles_;
  }
  static absl::btree_set<ChannelId>& PublicList(ChannelTable& t) {
    return t.public_list_;
  }
  // ---- The membership table's rebuild ----
  static void ResetRows(UserChannels& t, size_t n) { t.Reset(n); }
  static bool InsertSlot(UserChannels& t, UserId u, ChannelId c,
                         uint32_t slot) {
    return t.InsertRow(u, c, slot);
  }
  static void InsertHidden(UserChannels& t, UserId u, ChannelId c) {
    t.SetHiddenRow(u, c, true);
  }

  // ---- The bots table ----
  static Interner<BotId>& BotNames(BotTable& t) { return t.names_; }
  static std::vector<BotRecord>& BotRecords(BotTable& t) { return t.records_; }

  // ---- The users table: loaded whole, its derived parts rebuilt ----
  static Interner<UserId>& UserNames(UserTable& t) { return t.names_; }
  static std::vector<UserRecord>& UserRecords(UserTable& t) {
    return t.records_;
  }
  static absl::flat_hash_map<std::string, SessionRecord>& Sessions(
      UserTable& t) {
    return t.sessions_;
  }
  // The access bytes (U9), the search indexes (U10) and blocked_by (U3)
  // from the records: derived, never stored.
  static void RebuildUsers(UserTable& t) {
    t.access_.assign(t.records_.size(), 0);
    t.id_index_.clear();
    t.name_index_.clear();
    // blocked_by first: the access byte says whether it is empty.
    for (size_t ui = 1; ui < t.records_.size(); ++ui) {
      for (UserId target : t.records_[ui].blocked) {
        t.records_[target.value()].blocked_by.insert(
            UserId(static_cast<uint32_t>(ui)));
      }
    }
    for (size_t ui = 1; ui < t.records_.size(); ++ui) {
      const UserRecord& u = t.records_[ui];
      const auto h = static_cast<uint32_t>(ui);
      t.access_[ui] = UserTable::AccessOf(u);
      if (!u.live) continue;
      t.id_index_.Insert(t.names_.Name(UserId(h)), h);
      if (!u.username.empty()) t.name_index_.Insert(FoldedCopy(u.username), h);
    }
  }

  static void PutSeqs(Out& ar, const SeqIndex& seqs) {
    PutCount(ar, seqs.size());
    for (uint32_t s : seqs) ar(s);
  }
  // Seqs must be strictly increasing and inside the retained window.
  static void GetSeqs(In& ar, const MessageLog& log, SeqIndex& seqs) {
    const size_t n = GetCount(ar);
    for (size_t i = 0; i < n; ++i) {
      uint32_t s = 0;
      ar(s);
      if (!log.Retains(s) || (!seqs.empty() && s <= seqs.back())) {
        Bad(absl::StrCat("message index seq ", s, " out of order or range"));
      }
      seqs.PushBack(s);
    }
  }

  static void PutExtras(Out& ar, const MessageExtras& x) {
    ar(x.data, x.file, x.mentions);
    const bool has_parent = x.parent != nullptr;
    ar(has_parent);
    if (has_parent) {
      const ParentSnapshot& p = *x.parent;
      ar(p.id, p.sender, p.type, p.created_at, p.text, p.data);
    }
    ar(x.reactions, x.translations, x.updated_at);
  }
  static void GetExtras(In& ar, const Bounds& b, MessageExtras& x) {
    ar(x.data, x.file);
    const size_t mentions = GetCount(ar);
    for (size_t i = 0; i < mentions; ++i) x.mentions.push_back(GetUser(ar, b));
    bool has_parent = false;
    ar(has_parent);
    if (has_parent) {
      x.parent = std::make_unique<ParentSnapshot>();
      ParentSnapshot& p = *x.parent;
      ar(p.id, p.sender);
      p.type = GetEnum<MessageType>(ar, 8, "message type");
      CheckSender(b, p.type, p.sender);
      ar(p.created_at, p.text, p.data);
    }
    const size_t keys = GetCount(ar);
    for (size_t i = 0; i < keys; ++i) {
      std::string key;
      ar(key);
      std::vector<UserId>& users = x.reactions[key];
      const size_t n = GetCount(ar);
      for (size_t k = 0; k < n; ++k) users.push_back(GetUser(ar, b));
    }
    ar(x.translations, x.updated_at);
  }

  // A message text as cereal writes a std::string: a u64 length, the bytes.
  static void PutText(Out& ar, std::string_view text) {
    ar(cereal::make_size_tag(static_cast<uint64_t>(text.size())));
    ar(cereal::binary_data(text.data(), text.size()));
  }

  // The format predates the chunked log: it stores the single ring's
  // capacity and its Fenwick tree over ring positions (seq % capacity). The
  // log keeps that capacity and rebuilds the tree for writing; on reading,
  // the stored tree must match the one the records' reader counts give.
  static void PutLog(Out& ar, const MessageLog& log) {
    const uint64_t capacity = log.legacy_capacity_;
    ar(capacity, log.base_, log.last_, log.low_, log.in_window_, log.stored_);
    for (uint32_t seq = log.base_; seq <= log.last_ && seq >= log.base_;
         ++seq) {
      const MessageRecord& r = log.at(seq);
      PutText(ar, log.text(seq));
      const uint8_t flags = r.flags & MessageRecord::kStoredFlags;
      ar(r.created_at, r.sender, r.readers, r.type, flags);
      const MessageExtras* x = log.extras(seq);
      const bool has_extras = x != nullptr;
      ar(has_extras);
      if (has_extras) PutExtras(ar, *x);
    }
    ar(log.LegacyTree());
    PutSeqs(ar, log.deleted_);
    PutSeqs(ar, log.files_);
    const bool broadcast = log.bcast_ != nullptr;
    ar(broadcast);
    if (broadcast) {
      PutSeqs(ar, log.bcast_->to_all);
      const auto senders = SortedKeys(log.bcast_->own);
      PutCount(ar, senders.size());
      for (uint32_t sender : senders) {
        ar(sender);
        PutSeqs(ar, log.bcast_->own.at(sender));
      }
    }
  }

  static void GetLog(In& ar, const Bounds& b, MessageLog& log) {
    uint64_t capacity = 0;
    uint32_t last = 0;
    ar(capacity, log.base_, last, log.low_, log.in_window_, log.stored_);
    if (log.base_ == 0 || log.base_ > last + uint64_t{1}) {
      Bad("message window out of order");
    }
    const uint64_t retained = uint64_t{last} + 1 - log.base_;
    // The read-point tree that follows holds capacity + 1 u32s, so a
    // capacity the remaining bytes cannot back is damage (and is refused
    // before the tree is allocated).
    if (capacity < retained || capacity >= ar.remaining() / 4) {
      Bad("message ring capacity out of range");
    }
    log.legacy_capacity_ = capacity;
    log.last_ = log.base_ - 1;  // Restore appends from base_ up to `last`
    std::string text;
    for (uint64_t seq = log.base_; seq <= last; ++seq) {
      MessageRecord r;
      ar(text, r.created_at, r.sender, r.readers);
      if (text.size() > MessageLog::kMaxTextBytes) Bad("message text too long");
      r.type = GetEnum<MessageType>(ar, 8, "message type");
      CheckSender(b, r.type, r.sender);
      ar(r.flags);
      if ((r.flags & ~MessageRecord::kStoredFlags) != 0) {
        Bad(absl::StrCat("unknown message flags ", int{r.flags}));
      }
      bool has_extras = false;
      ar(has_extras);
      std::unique_ptr<MessageExtras> x;
      if (has_extras) {
        x = std::make_unique<MessageExtras>();
        GetExtras(ar, b, *x);
      }
      log.Restore(static_cast<uint32_t>(seq), r, text, std::move(x));
    }
    log.RebuildTrees();
    std::vector<uint32_t> tree;
    ar(tree);
    if (tree.size() != (capacity == 0 ? 0 : capacity + 1)) {
      Bad("read-point tree size does not match the ring");
    }
    if (tree != log.LegacyTree()) {
      Bad("read-point tree does not match the reader counts");
    }
    GetSeqs(ar, log, log.deleted_);
    GetSeqs(ar, log, log.files_);
    bool broadcast = false;
    ar(broadcast);
    if (broadcast) {
      log.bcast_ = std::make_unique<BroadcastIndex>();
      GetSeqs(ar, log, log.bcast_->to_all);
      const size_t senders = GetCount(ar);
      for (size_t i = 0; i < senders; ++i) {
        uint32_t sender = 0;
        ar(sender);
        CheckSender(b, MessageType::kText, sender);
        GetSeqs(ar, log, log.bcast_->own[sender]);
      }
    }
  }

  static void PutTimers(Out& ar, const TimerQueue& q) {
    ar(q.scheduled_);
    const std::vector<Timer> all = q.All();
    PutCount(ar, all.size());
    for (const Timer& t : all) {
      ar(t.at, t.order, t.kind, t.channel, t.user, t.target);
    }
  }
  // Rebuilt bucket by bucket, each in (at, order) order, as Schedule leaves
  // a bucket that was filled in order.
  static void GetTimers(In& ar, const Bounds& b, TimerQueue& q) {
    ar(q.scheduled_);
    const size_t n = GetCount(ar);
    for (size_t i = 0; i < n; ++i) {
      Timer t;
      ar(t.at, t.order);
      t.kind = GetEnum<TimerKind>(ar, 3, "timer kind");
      t.channel = GetChannel(ar, b);
      t.user = GetUser(ar, b);
      t.target = GetUser(ar, b, /*allow_invalid=*/true);
      if (t.order == 0 || t.order > q.scheduled_) Bad("timer order out of range");
      TimerQueue::Bucket& bucket = q.buckets_[t.at >> TimerQueue::kBucketShift];
      if (!bucket.timers.empty() &&
          !(TimerQueue::Key(bucket.timers.back()) < TimerQueue::Key(t))) {
        Bad("timers out of order");
      }
      bucket.timers.push_back(t);
      ++q.size_;
    }
  }
};

namespace {

// ---- Channels ----------------------------------------------------------------

// A channel's profile (a side table) and record, in the order of the
// format: the profile's fields first, as when they were part of the record.
void PutChannel(Out& ar, const ChannelProfile& p, const ChannelRecord& c) {
  ar(p.name, p.image_url, p.invitation_code, p.category, p.subcategory, p.data,
     c.type, c.dialect, c.live, c.frozen, c.hide_messages_before_join, c.owner,
     c.max_members, c.created_at, c.updated_at, c.last_sent_at);
  ar(c.members);
  for (const MemberState& m : c.member_state) {
    ar(m.read_seq, m.join_seq, m.last_read_at, m.last_sent_at, m.joined_at);
  }
  const auto extras = SortedKeys(c.extras);
  PutCount(ar, extras.size());
  for (UserId u : extras) {
    const MemberExtras& x = c.extras.at(u);
    ar(u, x.member_info, x.private_data, x.private_tag, x.push_sound_aos,
       x.push_sound_ios, x.delivered_at);
  }
  ar(SortedKeys(c.push_off), SortedKeys(c.hidden_by), c.bots);
  const auto muted = SortedKeys(c.muted);
  PutCount(ar, muted.size());
  for (UserId u : muted) ar(u, c.muted.at(u));
  const auto banned = SortedKeys(c.banned);
  PutCount(ar, banned.size());
  for (UserId u : banned) {
    const BanRecord& ban = c.banned.at(u);
    ar(u, ban.start_at, ban.end_at, ban.reason);
  }
  const auto muters = SortedKeys(c.peer_muted);
  PutCount(ar, muters.size());
  for (UserId u : muters) ar(u, c.peer_muted.at(u));
  ar(c.managers, c.ever_had_manager, SortedKeys(c.former_members),
     c.total_messages, c.total_files);
  SnapshotAccess::PutLog(ar, c.log);
}

void GetChannelRecord(In& ar, const Bounds& b, ChannelProfile& p,
                      ChannelRecord& c) {
  ar(p.name, p.image_url, p.invitation_code, p.category, p.subcategory, p.data);
  c.type = GetEnum<ChannelType>(ar, kChannelTypeCount, "channel type");
  c.dialect = GetEnum<Dialect>(ar, 2, "dialect");
  ar(c.live, c.frozen, c.hide_messages_before_join);
  c.owner = GetUser(ar, b, /*allow_invalid=*/true);
  ar(c.max_members, c.created_at, c.updated_at, c.last_sent_at);
  // Migration: snapshots written before the command path left a channel's
  // updated_at at 0 until its first change; it now starts at created_at.
  if (c.live && c.updated_at < c.created_at) c.updated_at = c.created_at;
  const size_t members = GetCount(ar);
  c.members.reserve(members);
  for (size_t i = 0; i < members; ++i) c.members.push_back(GetUser(ar, b));
  c.member_state.resize(members);
  for (MemberState& m : c.member_state) {
    ar(m.read_seq, m.join_seq, m.last_read_at, m.last_sent_at, m.joined_at);
  }
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    const UserId u = GetUser(ar, b);
    MemberExtras& x = c.extras[u];
    ar(x.member_info, x.private_data, x.private_tag, x.push_sound_aos,
       x.push_sound_ios, x.delivered_at);
  }
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    c.push_off.insert(GetUser(ar, b));
  }
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    c.hidden_by.insert(GetUser(ar, b));
  }
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    c.bots.push_back(GetBot(ar, b));
  }
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    const UserId u = GetUser(ar, b);
    ar(c.muted[u]);
  }
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    const UserId u = GetUser(ar, b);
    BanRecord& ban = c.banned[u];
    ar(ban.start_at, ban.end_at, ban.reason);
  }
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    const UserId muter = GetUser(ar, b);
    auto& targets = c.peer_muted[muter];
    for (size_t k = 0, m = GetCount(ar); k < m; ++k) {
      const UserId target = GetUser(ar, b);
      Millis end = 0;
      ar(end);
      targets.emplace(target, end);
    }
  }
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    c.managers.insert(GetUser(ar, b));
  }
  ar(c.ever_had_manager);
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    c.former_members.insert(GetUser(ar, b));
  }
  ar(c.total_messages, c.total_files);
  SnapshotAccess::GetLog(ar, b, c.log);
}

// ---- Mirrors -----------------------------------------------------------------

// Rebuilds every index listed as "rebuilt" in the file comment.
void RebuildMirrors(State& s) {
  SnapshotAccess::RebuildUsers(s.users);
  SnapshotAccess::ResetRows(s.user_channels, s.users.size());
  std::vector<ChannelRecord>& channels =
      SnapshotAccess::ChannelRecords(s.channels);
  for (size_t ci = 1; ci < channels.size(); ++ci) {
    ChannelRecord& c = channels[ci];
    const ChannelId cid(static_cast<uint32_t>(ci));
    for (size_t slot = 0; slot < c.members.size(); ++slot) {
      const UserId u = c.members[slot];
      if (!SnapshotAccess::InsertSlot(s.user_channels, u, cid,
                                      static_cast<uint32_t>(slot))) {
        Bad(absl::StrCat("user ", u.value(), " listed twice in channel ", ci));
      }
      c.member_order.insert(u);
      if (s.users.access(u) & kUserPushOff) ++c.push_disabled_members;
    }
    for (UserId u : c.hidden_by) {
      SnapshotAccess::InsertHidden(s.user_channels, u, cid);
    }
    for (BotId bot : c.bots) {
      SnapshotAccess::BotRecords(s.bots)[bot.value()].channels.insert(cid);
    }
    // The sender filters (C12): the members' blocks by slot, then the
    // peer mutes by the muter's slot.
    for (size_t slot = 0; slot < c.members.size(); ++slot) {
      const UserId u = c.members[slot];
      if ((s.users.access(u) & kUserBlocking) == 0) continue;
      for (UserId b : s.users.Record(u).blocked) {
        c.filters[b].push_back({.slot = static_cast<uint32_t>(slot)});
      }
    }
    for (const auto& [muter, targets] : c.peer_muted) {
      const ChannelSlots& row = s.user_channels.of(muter);
      const auto slot = row.find(cid);
      if (slot == row.end()) {
        Bad(absl::StrCat("user ", muter.value(), " peer-mutes in channel ", ci,
                         " without being a member"));
      }
      for (const auto& [target, end] : targets) {
        c.filters[target].push_back({.slot = slot->second, .peer_mute = true});
      }
    }
    if (c.live && IsPublicListed(c.type)) {
      SnapshotAccess::PublicList(s.channels).insert(cid);
    }
    // Files written before open channels may hold a join history on a
    // GitpleLive super channel; it is no longer kept (C9).
    if (IsSuper(c.type)) c.former_members.clear();
  }
}

// ---- Options -----------------------------------------------------------------

// The options that shape state; the rest is the embedder's environment.
void PutOptions(Out& ar, const EngineOptions& o) {
  ar(o.seed, o.anonymous_login_allowed);
  PutCount(ar, o.history_cap.size());
  for (uint32_t cap : o.history_cap) ar(cap);
  ar(o.password_cost, o.last_login_token_wins, o.max_managers,
     SecretFingerprint(o.token_secret));
}
void GetOptions(In& ar, EngineOptions& o, uint64_t* secret_fingerprint) {
  ar(o.seed, o.anonymous_login_allowed);
  if (GetCount(ar) != o.history_cap.size()) Bad("history cap count differs");
  for (uint32_t& cap : o.history_cap) ar(cap);
  ar(o.password_cost, o.last_login_token_wins, o.max_managers,
     *secret_fingerprint);
}

uint32_t LoadU32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}
uint64_t LoadU64(const char* p) {
  return uint64_t{LoadU32(p)} | (uint64_t{LoadU32(p + 4)} << 32);
}
void AppendU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>(v >> (8 * i)));
}

void PutState(Out& ar, const State& s, uint32_t journal_epoch) {
  ar(std::string(kBanterVersion), journal_epoch);
  PutOptions(ar, s.options);
  ar(s.app_deactivated, s.now, s.channel_id_random->counter(),
     s.token_random->counter());
  PutNames(ar, s.users.names());
  for (size_t i = 1; i < s.users.size(); ++i) {
    PutUser(ar, s.users.Record(UserId(static_cast<uint32_t>(i))));
  }
  PutNames(ar, s.bots.names());
  for (size_t i = 1; i < s.bots.size(); ++i) {
    PutBot(ar, s.bots.Record(BotId(static_cast<uint32_t>(i))));
  }
  PutNames(ar, s.channels.names());
  for (size_t i = 1; i < s.channels.size(); ++i) {
    const ChannelId c(static_cast<uint32_t>(i));
    PutChannel(ar, s.channels.Profile(c), s.channels.Record(c));
  }
  const auto tokens = SortedKeys(s.users.sessions());
  PutCount(ar, tokens.size());
  for (const std::string& token : tokens) {
    const SessionRecord& r = s.users.sessions().at(token);
    ar(token, r.user, r.session_id);
  }
  SnapshotAccess::PutTimers(ar, s.timers);
  // Format 2: the word filter, as its sorted entries (the automaton is
  // rebuilt on load).
  ar(s.word_filter->entries(), s.word_filter->action(),
     s.word_filter->check_names());
  PutModerationSection(ar, s);  // format 3
}

// Loads the state after the options (already read into the engine's), from
// a payload of snapshot format `format`.
void GetState(In& ar, State& s, uint32_t format) {
  uint64_t channel_draws = 0, token_draws = 0;
  ar(s.app_deactivated, s.now, channel_draws, token_draws);
  SnapshotAccess::Value(s.channel_id_random).set_counter(channel_draws);
  SnapshotAccess::Value(s.token_random).set_counter(token_draws);
  Bounds b;
  b.users = GetNames(ar, SnapshotAccess::UserNames(s.users)) + 1;
  std::vector<UserRecord>& users = SnapshotAccess::UserRecords(s.users);
  users.resize(b.users);
  for (size_t i = 1; i < b.users; ++i) GetUserRecord(ar, b, users[i]);
  b.bots = GetNames(ar, SnapshotAccess::BotNames(s.bots)) + 1;
  std::vector<BotRecord>& bots = SnapshotAccess::BotRecords(s.bots);
  bots.resize(b.bots);
  for (size_t i = 1; i < b.bots; ++i) GetBotRecord(ar, bots[i]);
  b.channels = GetNames(ar, SnapshotAccess::ChannelNames(s.channels)) + 1;
  std::vector<ChannelRecord>& channels =
      SnapshotAccess::ChannelRecords(s.channels);
  std::vector<ChannelProfile>& profiles =
      SnapshotAccess::ChannelProfiles(s.channels);
  channels.resize(b.channels);
  profiles.resize(b.channels);
  for (size_t i = 1; i < b.channels; ++i) {
    GetChannelRecord(ar, b, profiles[i], channels[i]);
  }
  for (size_t n = GetCount(ar), i = 0; i < n; ++i) {
    std::string token;
    ar(token);
    SessionRecord r;
    r.user = GetUser(ar, b);
    ar(r.session_id);
    if (!SnapshotAccess::Sessions(s.users)
             .emplace(std::move(token), std::move(r))
             .second) {
      Bad("duplicate session token");
    }
  }
  SnapshotAccess::GetTimers(ar, b, s.timers);
  if (format >= 2) {
    std::vector<std::string> entries;
    bool check_names = false;
    ar(entries);
    const FilterAction action =
        GetEnum<FilterAction>(ar, 2, "word filter action");
    ar(check_names);
    if (!SnapshotAccess::Value(s.word_filter)
             .Assign(std::move(entries), action, check_names)) {
      Bad("word filter entry malformed or too many entries");
    }
  }
  if (format >= 3) {
    GetModerationSection(ar, s, channels, SnapshotAccess::Value(s.flood),
                         SnapshotAccess::Value(s.reports));
  }
  RebuildMirrors(s);
}

}  // namespace
}  // namespace internal

std::string WriteSnapshot(const Engine& engine, uint32_t journal_epoch) {
  std::string payload;
  {
    internal::BinOut ar(&payload);
    internal::PutState(ar, ::banter::internal::StateOf(engine), journal_epoch);
  }
  std::string out(internal::kMagic);
  internal::AppendU32(&out, kSnapshotFormat);
  internal::AppendU32(&out, internal::Crc32(payload));
  internal::AppendU32(&out, static_cast<uint32_t>(payload.size()));
  internal::AppendU32(&out, static_cast<uint32_t>(payload.size() >> 32));
  out.append(payload);
  return out;
}

absl::StatusOr<Engine> ReadSnapshot(std::string_view bytes,
                                    EngineOptions options,
                                    uint32_t* journal_epoch) {
  using internal::kHeaderBytes;
  if (bytes.size() < kHeaderBytes) {
    return absl::DataLossError(absl::StrCat(
        "snapshot truncated: ", bytes.size(), " bytes, header needs ",
        kHeaderBytes));
  }
  if (bytes.substr(0, internal::kMagic.size()) != internal::kMagic) {
    return absl::DataLossError("not a banter snapshot (bad magic)");
  }
  const uint32_t format = internal::LoadU32(bytes.data() + 8);
  const uint32_t crc = internal::LoadU32(bytes.data() + 12);
  const uint64_t length = internal::LoadU64(bytes.data() + 16);
  const std::string_view payload = bytes.substr(kHeaderBytes);
  if (format < kMinSnapshotFormat || format > kSnapshotFormat) {
    // Name the writer when its version string is readable (it leads every
    // format's payload).
    std::string writer = "an unknown build";
    try {
      internal::BinIn ar(payload);
      std::string version;
      ar(version);
      if (version.size() <= 64) writer = absl::StrCat("banter ", version);
    } catch (const cereal::Exception&) {
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "snapshot format ", format, " (written by ", writer,
        ") is not readable by banter ", internal::Sv(kBanterVersion),
        ", which reads formats ", kMinSnapshotFormat, "..", kSnapshotFormat));
  }
  if (payload.size() != length) {
    return absl::DataLossError(absl::StrCat(
        payload.size() < length ? "snapshot truncated" : "snapshot has trailing bytes",
        ": payload is ", payload.size(), " bytes, header says ", length));
  }
  if (internal::Crc32(payload) != crc) {
    return absl::DataLossError("snapshot corrupt: checksum mismatch");
  }

  EngineOptions merged = options;
  uint64_t fingerprint = 0;
  try {
    internal::BinIn ar(payload);
    std::string version;
    uint32_t epoch = 0;
    ar(version, epoch);
    internal::GetOptions(ar, merged, &fingerprint);
    if (fingerprint != internal::SecretFingerprint(options.token_secret)) {
      return absl::InvalidArgumentError(
          "options.token_secret differs from the secret the snapshot was "
          "written with");
    }
    // The snapshot's options shape the state; the caller's environment
    // (sink, translator, journal, invariant checks, secret) is kept.
    Engine engine(merged);
    internal::GetState(ar, ::banter::internal::StateOf(engine), format);
    if (ar.remaining() != 0) {
      return absl::DataLossError(absl::StrCat(
          "snapshot payload has ", ar.remaining(), " unread bytes"));
    }
    if (absl::Status st = engine.CheckInvariants(); !st.ok()) {
      return absl::DataLossError(absl::StrCat(
          "snapshot state is inconsistent: ", st.message()));
    }
    if (journal_epoch != nullptr) *journal_epoch = epoch;
    return engine;
  } catch (const cereal::Exception& e) {
    return absl::DataLossError(
        absl::StrCat("snapshot payload malformed: ", e.what()));
  }
}

absl::Status WriteSnapshotFile(const Engine& engine, const std::string& path,
                               uint32_t journal_epoch) {
  return WriteFileAtomically(path, WriteSnapshot(engine, journal_epoch));
}

absl::Status Checkpoint(const Engine& engine, const std::string& snapshot_path,
                        FileJournal& journal) {
  if (absl::Status st = journal.status(); !st.ok()) return st;
  const uint32_t next = journal.epoch() + 1;
  if (absl::Status st = WriteSnapshotFile(engine, snapshot_path, next);
      !st.ok()) {
    return st;
  }
  return journal.Reset(next);
}

absl::StatusOr<Engine> ReadSnapshotFile(const std::string& path,
                                        EngineOptions options,
                                        uint32_t* journal_epoch) {
  absl::StatusOr<std::string> bytes = ReadWholeFile(path);
  if (!bytes.ok()) return bytes.status();
  absl::StatusOr<Engine> engine =
      ReadSnapshot(*bytes, std::move(options), journal_epoch);
  if (!engine.ok()) {
    return absl::Status(engine.status().code(),
                        absl::StrCat(path, ": ", engine.status().message()));
  }
  return engine;
}

// ---- Sections ------------------------------------------------------------------

namespace {
constexpr std::string_view kSectionsMagic = "BANTSECT";
constexpr uint32_t kSectionsFormat = 1;
}  // namespace

std::string WriteSections(std::string_view kind, const Sections& sections) {
  std::string payload;
  {
    internal::BinOut ar(&payload);
    ar(std::string(kind));
    internal::PutCount(ar, sections.size());
    for (const auto& [name, bytes] : sections) ar(name, bytes);
  }
  std::string out(kSectionsMagic);
  internal::AppendU32(&out, kSectionsFormat);
  internal::AppendU32(&out, internal::Crc32(payload));
  internal::AppendU32(&out, static_cast<uint32_t>(payload.size()));
  internal::AppendU32(&out, static_cast<uint32_t>(payload.size() >> 32));
  out.append(payload);
  return out;
}

absl::StatusOr<Sections> ReadSections(std::string_view kind,
                                      std::string_view bytes) {
  using internal::kHeaderBytes;
  if (bytes.size() < kHeaderBytes ||
      bytes.substr(0, kSectionsMagic.size()) != kSectionsMagic) {
    return absl::DataLossError("not a banter state file (bad or cut header)");
  }
  const uint32_t format = internal::LoadU32(bytes.data() + 8);
  if (format == 0 || format > kSectionsFormat) {
    return absl::FailedPreconditionError(absl::StrCat(
        "state file format ", format, " is not readable by banter ",
        internal::Sv(kBanterVersion), " (reads format ", kSectionsFormat, ")"));
  }
  const std::string_view payload = bytes.substr(kHeaderBytes);
  if (payload.size() != internal::LoadU64(bytes.data() + 16)) {
    return absl::DataLossError("state file truncated or overlong");
  }
  if (internal::Crc32(payload) != internal::LoadU32(bytes.data() + 12)) {
    return absl::DataLossError("state file corrupt: checksum mismatch");
  }
  Sections out;
  try {
    internal::BinIn ar(payload);
    std::string got;
    ar(got);
    if (got != kind) {
      return absl::DataLossError(absl::StrCat(
          "state file holds '", got, "', expected '", internal::Sv(kind), "'"));
    }
    for (size_t n = internal::GetCount(ar), i = 0; i < n; ++i) {
      auto& [name, data] = out.emplace_back();
      ar(name, data);
    }
    if (ar.remaining() != 0) throw cereal::Exception("trailing bytes");
  } catch (const cereal::Exception& e) {
    return absl::DataLossError(absl::StrCat("state file malformed: ", e.what()));
  }
  return out;
}

}  // namespace banter
