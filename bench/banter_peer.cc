#include "banter_peer.h"

#include <algorithm>
#include <string>
#include <utility>

namespace banter::bench {
namespace {

constexpr Millis kMinuteMs = 60'000;

ChannelType TypeOf(PeerChannelType type) {
  switch (type) {
    case PeerChannelType::kPrivate:
      return ChannelType::kPrivate;
    case PeerChannelType::kBroadcast:
      return ChannelType::kBroadcast;
    case PeerChannelType::kSuperPublic:
      return ChannelType::kSuperPublic;
    case PeerChannelType::kSuperBroadcast:
      return ChannelType::kSuperBroadcast;
  }
  return ChannelType::kPrivate;
}

std::string Name(char prefix, uint32_t id) {
  std::string name(1, prefix);
  name += std::to_string(id);
  return name;
}

EngineOptions WithSink(EngineOptions options, EventSink* sink) {
  options.sink = sink;
  return options;
}

}  // namespace

EngineOptions BanterPeer::DefaultOptions() {
  EngineOptions o;
  o.seed = 1;
  o.password_cost = 4;
  o.token_secret = "banter-bench";
  return o;
}

BanterPeer::BanterPeer(EngineOptions options)
    : engine_(WithSink(std::move(options), this)) {}

BanterPeer::~BanterPeer() = default;

void BanterPeer::Reserve(uint32_t users, uint32_t channels) {
  users_.reserve(users);
  user_ints_.reserve(users + 1);  // handles start at 1
  channels_.reserve(channels);
}

void BanterPeer::CreateUser(uint32_t user) {
  if (user_handle(user).valid()) return;
  CreateUserRequest r;
  r.user_id = Name('u', user);
  auto created = engine_.CreateUser(Actor::Admin(), r, now_);
  if (!created.ok()) return;
  if (users_.size() <= user) users_.resize(user + 1);
  users_[user] = created->user;
  const uint32_t h = created->user.value();
  if (user_ints_.size() <= h) user_ints_.resize(h + 1);
  user_ints_[h] = user;
  if (h != user) handles_are_ints_ = false;
}

void BanterPeer::CreateChannel(uint32_t channel, PeerChannelType type,
                               uint32_t owner, int32_t max_members) {
  if (channel_handle(channel).valid()) return;
  CreateChannelRequest r;
  r.channel_id = Name('c', channel);
  r.type = TypeOf(type);
  r.owner = user_handle(owner);
  if (IsSuper(r.type)) {
    r.max_member_count = max_members;
  } else {
    // Spec §3: 1..100 for the non-super types; "unlimited" is their maximum.
    r.max_member_count = max_members < 0 ? 100 : std::clamp(max_members, 1, 100);
  }
  auto created = engine_.CreateChannel(Actor::Admin(), r, now_);
  if (!created.ok()) return;
  if (channels_.size() <= channel) channels_.resize(channel + 1);
  channels_[channel] = *created;
}

bool BanterPeer::Join(uint32_t channel, uint32_t user) {
  const UserId u = user_handle(user);
  return engine_
      .Join(Actor::User(u), JoinRequest{channel_handle(channel), u, {}}, now_)
      .ok();
}

bool BanterPeer::Leave(uint32_t channel, uint32_t user) {
  const UserId u = user_handle(user);
  return engine_
      .Leave(Actor::User(u), LeaveRequest{channel_handle(channel), u, false},
             now_)
      .ok();
}

bool BanterPeer::Add(uint32_t channel, uint32_t user) {
  return engine_
      .AddMembers(Actor::Admin(),
                  MembersRequest{channel_handle(channel), {user_handle(user)}},
                  now_)
      .ok();
}

bool BanterPeer::Remove(uint32_t channel, uint32_t user) {
  return engine_
      .RemoveMembers(Actor::Admin(),
                     MembersRequest{channel_handle(channel), {user_handle(user)}},
                     now_)
      .ok();
}

bool BanterPeer::Ban(uint32_t channel, uint32_t user) {
  BanRequest r;
  r.channel = channel_handle(channel);
  r.users = {user_handle(user)};
  return engine_.Ban(Actor::Admin(), r, now_).ok();
}

bool BanterPeer::Unban(uint32_t channel, uint32_t user) {
  // banter ignores users who are not banned; the interface refuses them.
  const ChannelId c = channel_handle(channel);
  const UserId u = user_handle(user);
  if (!engine_.IsBanned(c, u)) return false;
  return engine_.Unban(Actor::Admin(), MembersRequest{c, {u}}, now_).ok();
}

bool BanterPeer::Mute(uint32_t channel, uint32_t user, int64_t expires_at_ms) {
  int64_t minutes = 0;  // 0 = until unmuted, in both conventions
  if (expires_at_ms != 0) {
    if (expires_at_ms <= now_) return false;  // already over: not expressible
    minutes = (expires_at_ms - now_ + kMinuteMs - 1) / kMinuteMs;
  }
  return engine_
      .Mute(Actor::Admin(),
            MuteRequest{channel_handle(channel), {user_handle(user)}, minutes * 60'000},
            now_)
      .ok();
}

bool BanterPeer::Unmute(uint32_t channel, uint32_t user) {
  // IsMuted answers at the engine's now, which a refused Send did not move.
  if (engine_.now() < now_) engine_.AdvanceTime(now_);
  const ChannelId c = channel_handle(channel);
  const UserId u = user_handle(user);
  if (!engine_.IsMuted(c, u)) return false;
  return engine_.Unmute(Actor::Admin(), MembersRequest{c, {u}}, now_).ok();
}

bool BanterPeer::IsMember(uint32_t channel, uint32_t user) {
  return engine_.IsMember(channel_handle(channel), user_handle(user));
}

UserId BanterPeer::CursorFor(uint32_t after_user) const {
  if (after_user == 0 || users_.empty()) return UserId();
  uint32_t i = std::min<uint32_t>(after_user,
                                  static_cast<uint32_t>(users_.size() - 1));
  while (i > 0 && !users_[i].valid()) --i;
  return users_[i];
}

size_t BanterPeer::MemberPage(uint32_t channel, uint32_t after_user,
                              size_t limit, uint32_t* out) {
  const ChannelId c = channel_handle(channel);
  UserId cursor = CursorFor(after_user);
  size_t n = 0;
  while (n < limit) {
    // ListMembers serves at most 100 per page.
    const int want = static_cast<int>(std::min<size_t>(limit - n, 100));
    auto page = engine_.ListMemberIds(Actor::Admin(), c, cursor, want);
    if (!page.ok()) return n;
    for (UserId u : page->items) out[n++] = user_ints_[u.value()];
    if (!page->has_next || page->items.empty()) break;
    cursor = users_[out[n - 1]];
  }
  return n;
}

void BanterPeer::Block(uint32_t blocker, uint32_t blocked) {
  // Self-blocks and repeated blocks fail (2018 / 2019); the interface ignores
  // them too.
  (void)engine_.Block(Actor::Admin(), user_handle(blocker),
                      user_handle(blocked), now_);
}

int64_t BanterPeer::Send(uint32_t channel, uint32_t sender,
                         std::string_view text, int64_t now_ms,
                         void (*deliver)(void* ctx, uint32_t user), void* ctx) {
  now_ = std::max(now_, now_ms);
  const UserId u = user_handle(sender);
  SendMessageRequest r;
  r.channel = channel_handle(channel);
  r.text.assign(text.data(), text.size());
  deliver_ = deliver;
  deliver_ctx_ = ctx;
  delivered_ = 0;
  auto sent = engine_.SendMessage(Actor::User(u), r, now_ms);
  deliver_ = nullptr;
  deliver_ctx_ = nullptr;
  return sent.ok() ? delivered_ : -1;
}

int64_t BanterPeer::SendSpans(uint32_t channel, uint32_t sender,
                              std::string_view text, int64_t now_ms,
                              SpanUse use) {
  touch_ = use == SpanUse::kTouch;
  const int64_t n = Send(channel, sender, text, now_ms, nullptr, nullptr);
  touch_ = false;
  return n;
}

void BanterPeer::OnEvent(const Event& event) {
  if (event.kind != EventKind::kMessage) return;
  if (deliver_ == nullptr) {
    delivered_ += static_cast<int64_t>(event.recipients.count());
    if (touch_) {
      uint64_t sum = 0;
      for (std::span<const UserId> batch : event.recipients.batches) {
        for (UserId u : batch) sum += u.value();
      }
      touched_ += sum;
    }
    return;
  }
  for (std::span<const UserId> batch : event.recipients.batches) {
    if (handles_are_ints_) {
      for (UserId u : batch) deliver_(deliver_ctx_, u.value());
    } else {
      for (UserId u : batch) deliver_(deliver_ctx_, user_ints_[u.value()]);
    }
    delivered_ += static_cast<int64_t>(batch.size());
  }
}

void BanterPeer::MarkRead(uint32_t channel, uint32_t user) {
  (void)engine_.MarkRead(
      Actor::Admin(),
      MemberSettingRequest{channel_handle(channel), user_handle(user)}, now_);
}

int64_t BanterPeer::UnreadCount(uint32_t channel, uint32_t user) {
  auto n = engine_.UnreadCount(Actor::Admin(), channel_handle(channel),
                               user_handle(user));
  return n.ok() ? *n : -1;
}

int64_t BanterPeer::TotalUnread(uint32_t user) {
  auto n = engine_.TotalUnread(Actor::Admin(), user_handle(user));
  return n.ok() ? *n : 0;
}

int64_t BanterPeer::NotReadBy(uint32_t channel, uint64_t message_seq) {
  if (message_seq == 0 || message_seq > UINT32_MAX) return -1;
  auto n = engine_.NotReadByCount(
      Actor::Admin(), MessageId(channel_handle(channel),
                                static_cast<uint32_t>(message_seq)));
  return n.ok() ? *n : -1;
}

int64_t BanterPeer::HistoryPage(uint32_t channel, uint32_t viewer,
                                uint64_t before_seq, size_t limit,
                                PeerMessage* out) {
  const ChannelId c = channel_handle(channel);
  const UserId v = user_handle(viewer);
  MessageListQuery q;
  q.channel = c;
  q.viewer = v;
  q.limit = static_cast<int>(limit);
  if (before_seq != 0) {
    if (before_seq > UINT32_MAX) return -1;
    q.after = MessageId(c, static_cast<uint32_t>(before_seq));
  }
  // The string-free page (Engine::ListMessageRefs) into a reused buffer;
  // the text is copied out, as every peer copies it.
  if (!engine_.ListMessageRefs(Actor::User(v), q, &refs_).ok()) return -1;
  size_t n = 0;
  for (const MessageRef& m : refs_) {
    PeerMessage& o = out[n++];
    o.seq = m.handle.seq();
    const uint32_t h = m.sender.value();
    o.sender = m.sender.valid() && h < user_ints_.size() ? user_ints_[h] : 0;
    o.created_at_ms = m.created_at;
    o.text.assign(m.text);
  }
  return static_cast<int64_t>(n);
}

std::unique_ptr<BanterPeer> MakeBanterPeer() {
  return std::make_unique<BanterPeer>();
}

}  // namespace banter::bench
