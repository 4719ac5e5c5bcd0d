#include "banter/presence.h"

#include <algorithm>
#include <utility>

namespace banter {
namespace {

constexpr std::string_view kEventNames[] = {"presenceChanged",
                                            "typingStarted", "typingStopped"};

int ClampLimit(int limit) {
  if (limit <= 0) return 100;
  return std::min(limit, 1000);
}

absl::Status AppCheck(const Engine& engine) {
  if (engine.app_deactivated()) {
    return MakeError(ErrorCode::kDeactivatedApp, "the app is deactivated");
  }
  return absl::OkStatus();
}

}  // namespace

std::string_view PresenceEventName(PresenceEventKind kind) {
  return kEventNames[static_cast<int>(kind)];
}

Presence::Presence(const Engine& engine, PresenceOptions options)
    : engine_(engine), options_(options) {}

Presence::~Presence() = default;

Millis Presence::Clamp(Millis now) {
  const Millis t = std::max(now, now_);
  AdvanceTime(t);
  return t;
}

Presence::UserState& Presence::StateOf(UserId user) {
  if (users_.size() <= user.value()) users_.resize(user.value() + 1);
  return users_[user.value()];
}

bool Presence::Receives(UserId recipient, UserId subject) const {
  // Online first: a dense array read, and most members are offline.
  // Blocks last, and only when someone blocks the subject at all: that is
  // one record read (the subject's, the same for every recipient) instead
  // of one cold record per online recipient.
  return recipient != subject && IsOnline(recipient) &&
         !(engine_.IsBlockedByAnyone(subject) &&
           engine_.IsBlocked(recipient, subject));
}

void Presence::AddChannelAudience(ChannelId channel,
                                  const Engine::ChannelBrief& brief,
                                  UserId subject) {
  // Super channels: no presence or typing events at all, whatever their
  // size, so a keystroke there never costs O(members).
  if (IsSuper(brief.type)) return;
  // Broadcast: a member is heard by the owner only (the message rule).
  if (IsBroadcast(brief.type) && subject != brief.owner) {
    if (brief.owner.valid() && Receives(brief.owner, subject)) {
      scratch_.push_back(brief.owner);
    }
    return;
  }
  // Non-super channels hold at most 100 members. The member array serves
  // as it is, in slot order: Deliver sorts the audience anyway, so no
  // ordered page (a tree walk and a vector per call) is needed. Nothing
  // below calls the engine's writers, so the span stays valid.
  for (UserId m : engine_.MemberArray(channel)) {
    if (Receives(m, subject)) scratch_.push_back(m);
  }
}

void Presence::Deliver(PresenceEvent event) {
  std::sort(scratch_.begin(), scratch_.end());
  scratch_.erase(std::unique(scratch_.begin(), scratch_.end()),
                 scratch_.end());
  if (options_.sink != nullptr && !scratch_.empty()) {
    event.recipients = scratch_;
    options_.sink->OnPresence(event);
  }
  scratch_.clear();
}

// ---- Connections ---------------------------------------------------------------

absl::StatusOr<uint32_t> Presence::Connect(UserId user, Millis now) {
  if (absl::Status st = AppCheck(engine_); !st.ok()) return st;
  if (absl::Status st = engine_.CheckUserExists(user); !st.ok()) return st;
  if (!engine_.IsActiveUser(user)) {
    return MakeError(ErrorCode::kDeactivatedUser, "the user is deactivated");
  }
  const Millis t = Clamp(now);
  UserState& st = StateOf(user);
  if (++st.connections > 1) return st.connections;
  st.online_since = t;
  online_.insert(user);
  AnnouncePresence(user, /*online=*/true, t);
  return uint32_t{1};
}

absl::StatusOr<uint32_t> Presence::Disconnect(UserId user, Millis now) {
  if (absl::Status st = AppCheck(engine_); !st.ok()) return st;
  if (!IsOnline(user)) {
    return MakeError(ErrorCode::kUserNotConnected, "the user is not connected");
  }
  const Millis t = Clamp(now);
  UserState& st = users_[user.value()];
  if (--st.connections > 0) return st.connections;
  GoOffline(user, t);
  return uint32_t{0};
}

void Presence::DisconnectAll(UserId user, Millis now) {
  if (!IsOnline(user)) return;
  const Millis t = Clamp(now);
  users_[user.value()].connections = 0;
  GoOffline(user, t);
}

void Presence::GoOffline(UserId user, Millis at) {
  // Typing ends first, so no one is left seeing an offline user type.
  if (auto it = typing_in_.find(user); it != typing_in_.end()) {
    const std::vector<ChannelId> channels = std::move(it->second);
    typing_in_.erase(it);
    for (ChannelId c : channels) EndTyping(user, c, at);
  }
  UserState& st = users_[user.value()];
  st.online_since = 0;
  st.last_seen_at = at;
  online_.erase(user);
  AnnouncePresence(user, /*online=*/false, at);
}

void Presence::AnnouncePresence(UserId user, bool online, Millis at) {
  // A deleted user has no channels any more: nobody to tell. (Connect has
  // refused a deactivated app already; a disconnect may follow one.)
  absl::StatusOr<std::vector<ChannelId>> channels =
      engine_.ListJoinedChannelIds(user);
  if (channels.ok() && !engine_.app_deactivated()) {
    for (ChannelId c : *channels) {
      absl::StatusOr<Engine::ChannelBrief> brief = engine_.GetChannelBrief(c);
      if (brief.ok()) AddChannelAudience(c, *brief, user);
    }
  }
  PresenceEvent e;
  e.kind = PresenceEventKind::kPresenceChanged;
  e.at = at;
  e.user = user;
  e.online = online;
  Deliver(e);
}

absl::StatusOr<PresenceView> Presence::Get(UserId user) const {
  if (absl::Status st = engine_.CheckUserExists(user); !st.ok()) return st;
  PresenceView v;
  if (user.value() < users_.size()) {
    const UserState& st = users_[user.value()];
    v.online = st.connections > 0;
    v.connections = st.connections;
    v.online_since = st.online_since;
    v.last_seen_at = st.last_seen_at;
  }
  return v;
}

absl::StatusOr<Page<UserId>> Presence::OnlineMembers(ChannelId channel,
                                                     UserId after,
                                                     int limit) const {
  if (absl::Status st = AppCheck(engine_); !st.ok()) return st;
  absl::StatusOr<Engine::ChannelBrief> brief =
      engine_.GetChannelBrief(channel);
  if (!brief.ok()) return brief.status();
  const size_t n = static_cast<size_t>(ClampLimit(limit));
  Page<UserId> page;
  // Walk the smaller side: the members, or the users online. Both are in
  // handle order, so either gives the same page.
  if (brief->member_count <= online_.size()) {
    UserId cursor = after;
    while (page.items.size() <= n) {
      absl::StatusOr<Page<UserId>> members =
          engine_.ListMemberIds(Actor::Admin(), channel, cursor, 100);
      if (!members.ok()) return members.status();
      for (UserId m : members->items) {
        if (!IsOnline(m)) continue;
        if (page.items.size() == n) {
          page.has_next = true;
          return page;
        }
        page.items.push_back(m);
      }
      if (!members->has_next || members->items.empty()) break;
      cursor = members->items.back();
    }
    return page;
  }
  auto it = after.valid() ? online_.upper_bound(after) : online_.begin();
  for (; it != online_.end(); ++it) {
    if (!engine_.IsMember(channel, *it)) continue;
    if (page.items.size() == n) {
      page.has_next = true;
      break;
    }
    page.items.push_back(*it);
  }
  return page;
}

// ---- Typing ------------------------------------------------------------------

absl::Status Presence::StartTyping(UserId user, ChannelId channel,
                                   Millis now) {
  if (absl::Status st = AppCheck(engine_); !st.ok()) return st;
  if (!IsOnline(user)) {
    return MakeError(ErrorCode::kUserNotConnected, "the user is not connected");
  }
  if (!engine_.IsActiveUser(user)) {
    return MakeError(ErrorCode::kDeactivatedUser,
                     "the user is deactivated or deleted");
  }
  absl::StatusOr<Engine::ChannelBrief> brief =
      engine_.GetChannelBrief(channel);
  if (!brief.ok()) return brief.status();
  if (!engine_.IsMember(channel, user)) {
    return MakeError(ErrorCode::kUserNotChannelMember,
                     "only members type in a channel");
  }
  // Typing announces a message: whoever may not send may not type.
  if (engine_.IsMuted(channel, user)) {
    return MakeError(ErrorCode::kMutedInChannel, "the user is muted");
  }
  if (brief->frozen && user != brief->owner &&
      !(brief->dialect == Dialect::kGitpleLive &&
        engine_.IsManager(channel, user))) {
    return MakeError(ErrorCode::kCannotSendMessageInFrozenChannel,
                     "the channel is frozen");
  }
  const Millis t = Clamp(now);
  const Millis expires = t + options_.typing_timeout_ms;
  Typing& typing = typing_[channel][user];
  if (typing.expires_at > t) {
    // Renewal: the keystroke path. No event, no timer (the pending one
    // finds the later expiry when it fires and moves itself).
    typing.expires_at = expires;
    return absl::OkStatus();
  }
  // A record whose time passed but whose timer has not fired cannot be here:
  // Clamp ran AdvanceTime(t) first. So this is a new indicator.
  typing.expires_at = expires;
  typing.timer_at = expires;
  timers_.emplace(expires, channel, user);
  typing_in_[user].push_back(channel);
  ++typing_count_;
  AddChannelAudience(channel, *brief, user);
  PresenceEvent e;
  e.kind = PresenceEventKind::kTypingStarted;
  e.at = t;
  e.user = user;
  e.channel = channel;
  Deliver(e);
  return absl::OkStatus();
}

absl::Status Presence::StopTyping(UserId user, ChannelId channel,
                                  Millis now) {
  if (absl::Status st = AppCheck(engine_); !st.ok()) return st;
  if (!IsOnline(user)) {
    return MakeError(ErrorCode::kUserNotConnected, "the user is not connected");
  }
  const Millis t = Clamp(now);
  auto it = typing_in_.find(user);
  if (it == typing_in_.end()) return absl::OkStatus();
  std::vector<ChannelId>& in = it->second;
  auto pos = std::find(in.begin(), in.end(), channel);
  if (pos == in.end()) return absl::OkStatus();
  in.erase(pos);
  if (in.empty()) typing_in_.erase(it);
  EndTyping(user, channel, t);
  return absl::OkStatus();
}

// Drops the record (the caller has removed `channel` from typing_in_) and
// tells the audience. Its pending timer finds no record and does nothing.
void Presence::EndTyping(UserId user, ChannelId channel, Millis at) {
  auto ch = typing_.find(channel);
  if (ch == typing_.end() || ch->second.erase(user) == 0) return;
  if (ch->second.empty()) typing_.erase(ch);
  --typing_count_;
  absl::StatusOr<Engine::ChannelBrief> brief = engine_.GetChannelBrief(channel);
  if (brief.ok() && !engine_.app_deactivated()) {
    AddChannelAudience(channel, *brief, user);
  }
  PresenceEvent e;
  e.kind = PresenceEventKind::kTypingStopped;
  e.at = at;
  e.user = user;
  e.channel = channel;
  Deliver(e);
}

absl::StatusOr<Page<UserId>> Presence::TypingUsers(ChannelId channel,
                                                   UserId after,
                                                   int limit) const {
  if (absl::Status st = AppCheck(engine_); !st.ok()) return st;
  if (absl::Status st = engine_.GetChannelBrief(channel).status(); !st.ok()) {
    return st;
  }
  const size_t n = static_cast<size_t>(ClampLimit(limit));
  Page<UserId> page;
  auto ch = typing_.find(channel);
  if (ch == typing_.end()) return page;
  auto it = after.valid() ? ch->second.upper_bound(after) : ch->second.begin();
  for (; it != ch->second.end(); ++it) {
    // Exact without AdvanceTime: an indicator whose time has come is over.
    if (it->second.expires_at <= now_ || !engine_.IsMember(channel, it->first)) {
      continue;
    }
    if (page.items.size() == n) {
      page.has_next = true;
      break;
    }
    page.items.push_back(it->first);
  }
  return page;
}

size_t Presence::AdvanceTime(Millis now) {
  now_ = std::max(now_, now);
  size_t expired = 0;
  while (!timers_.empty() && std::get<0>(timers_.top()) <= now_) {
    const auto [at, channel, user] = timers_.top();
    timers_.pop();
    auto ch = typing_.find(channel);
    if (ch == typing_.end()) continue;
    auto rec = ch->second.find(user);
    // Stale: the indicator ended, or a later one of the same user has its
    // own timer.
    if (rec == ch->second.end() || rec->second.timer_at != at) continue;
    if (rec->second.expires_at > at) {
      // Renewed since: one timer per indicator, moved to its new expiry.
      rec->second.timer_at = rec->second.expires_at;
      timers_.emplace(rec->second.expires_at, channel, user);
      continue;
    }
    if (auto in = typing_in_.find(user); in != typing_in_.end()) {
      auto pos = std::find(in->second.begin(), in->second.end(), channel);
      if (pos != in->second.end()) in->second.erase(pos);
      if (in->second.empty()) typing_in_.erase(in);
    }
    EndTyping(user, channel, at);
    ++expired;
  }
  return expired;
}

}  // namespace banter
