// banter::Presence: who is connected, and who is typing where, beside an
// Engine (docs/presence.md).
//
//   banter::Presence presence(chat, {.sink = &my_sink});
//   presence.Connect(ann, now);                      // ann's first connection
//   presence.StartTyping(ann, guild, now);           // typingStarted
//   auto online = presence.OnlineMembers(guild, {}, 100);
//   presence.AdvanceTime(now + 5'000);               // typing expires
//
// Presence is per-process state, not the app's: it is never journaled,
// snapshotted or replicated, and a restarted process starts with everyone
// offline. It reads the engine only through the Engine's public const API
// (members, channel types and owners, blocks) and never changes it, so it
// can be dropped or rebuilt at any time. Like the engine it reads no clock:
// every call takes `now` (milliseconds; never runs backwards, an earlier
// value is taken as the latest seen), and the same calls give the same
// events.
//
// Events go to PresenceOptions::sink, synchronously, one call per event,
// each with its recipients as one span of user handles sorted by handle,
// deduplicated, and never the subject itself. Recipients are the members
// who are online in this Presence (an offline user receives nothing in real
// time), minus members who blocked the subject, with the broadcast rule:
//   presenceChanged  the members of every channel the user belongs to,
//                    except super types (no presence events there; ask
//                    OnlineMembers); in broadcast channels a member's change
//                    goes to the owner only, the owner's to every member.
//   typingStarted,   the other members of the channel; broadcast: a
//   typingStopped    member's typing to the owner only, the owner's to all;
//                    super types: nobody (TypingUsers answers queries).
// An event with no recipient is not delivered at all.
//
// Costs: a keystroke that keeps typing alive (StartTyping while already
// typing) is O(log typers in the channel) and delivers nothing, in every
// channel type; a change of typing state costs O(members) in non-super
// channels (at most 100 members) and O(log typers) in super channels, whose
// member count never matters. Connect and disconnect cost O(sum of the
// members of the user's non-super channels).
//
// Thread-safety: not thread-safe; the transport serializes calls, with the
// engine's (Presence reads the engine during its calls).
// Copy/move: neither (the sink sees spans into its scratch buffers).
#ifndef BANTER_PRESENCE_H_
#define BANTER_PRESENCE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <span>
#include <string_view>
#include <tuple>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/btree_set.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/engine.h"

namespace banter {

enum class PresenceEventKind : uint8_t {
  kPresenceChanged = 0,  // a user went online (first connection) or offline
  kTypingStarted,
  kTypingStopped,        // stopped, expired, or its user went offline
};
// "presenceChanged", "typingStarted", "typingStopped".
std::string_view PresenceEventName(PresenceEventKind kind);

struct PresenceEvent {
  PresenceEventKind kind = PresenceEventKind::kPresenceChanged;
  Millis at = 0;       // typing expiry: the instant it expired
  UserId user;         // the subject
  ChannelId channel;   // typing events; unset for presenceChanged
  bool online = false;  // presenceChanged: the new state
  // Sorted by handle, deduplicated; valid only during OnPresence.
  std::span<const UserId> recipients;
};

// Receives presence events; keep it cheap, it runs inside Presence calls. It
// may read the engine and the Presence (const calls), and must not call a
// mutating Presence method.
class PresenceSink {
 public:
  virtual ~PresenceSink() = default;
  virtual void OnPresence(const PresenceEvent& event) = 0;
};

struct PresenceOptions {
  // Receives events; null discards them (the state is kept all the same).
  // Not owned; must outlive the Presence.
  PresenceSink* sink = nullptr;
  // A typing indicator lasts this long after its latest StartTyping, then
  // stops by itself (typingStopped at that instant). Clients renew it while
  // the user types (every keystroke, or every few seconds).
  Millis typing_timeout_ms = 5'000;
};

// One user's presence.
struct PresenceView {
  bool online = false;
  uint32_t connections = 0;  // open connections (devices, tabs)
  Millis online_since = 0;   // when the current online period began; 0 = offline
  Millis last_seen_at = 0;   // when the user last went offline; 0 = never
  friend bool operator==(const PresenceView&, const PresenceView&) = default;
};

class Presence {
 public:
  // `engine` must outlive the Presence; it is only read.
  explicit Presence(const Engine& engine, PresenceOptions options = {});
  ~Presence();
  Presence(const Presence&) = delete;
  Presence& operator=(const Presence&) = delete;

  const PresenceOptions& options() const { return options_; }
  // The latest `now` seen.
  Millis now() const { return now_; }

  // Every call below that takes `now` first expires the typing indicators
  // due by then (AdvanceTime), so their events come before the call's own.
  // Each fails with kDeactivatedApp while the app is deactivated.

  // Opens one connection of `user` and returns how many it now has. The
  // first makes the user online (presenceChanged, online = true).
  // Errors: kUserNotFound (unknown or deleted), kDeactivatedUser.
  absl::StatusOr<uint32_t> Connect(UserId user, Millis now);
  // Closes one connection and returns how many remain. The last makes the
  // user offline: its typing indicators stop (typingStopped each), then
  // presenceChanged (online = false). Errors: kUserNotConnected.
  absl::StatusOr<uint32_t> Disconnect(UserId user, Millis now);
  // Closes every connection of `user` (a transport that dropped the user's
  // sockets, an embedder that deleted or deactivated the user); nothing if
  // it has none. Works for deleted users too. Never fails.
  void DisconnectAll(UserId user, Millis now);

  // The user's presence. Errors: kUserNotFound (unknown or deleted).
  absl::StatusOr<PresenceView> Get(UserId user) const;
  bool IsOnline(UserId user) const {
    return user.value() < users_.size() && users_[user.value()].connections > 0;
  }
  size_t online_count() const { return online_.size(); }

  // Members of `channel` who are online, in handle order after `after`, at
  // most `limit` (1..1000; non-positive = 100), for every channel type.
  // Errors: kDeactivatedApp, kChannelNotFound. Cost: O(min(members, users
  // online) x log) per page, so a 1M-member super channel with few users
  // online is cheap, and so is a small channel on a busy server.
  absl::StatusOr<Page<UserId>> OnlineMembers(ChannelId channel, UserId after,
                                             int limit) const;

  // `user` types in `channel` until StopTyping, its next StartTyping plus
  // typing_timeout_ms, or its going offline. Starting emits typingStarted;
  // renewing emits nothing and costs O(log typers).
  // Errors, in order: kUserNotConnected, kDeactivatedUser, kChannelNotFound,
  // kUserNotChannelMember, kMutedInChannel, kCannotSendMessageInFrozenChannel
  // (a frozen channel: only those who may send there, the owner and
  // GitpleLive managers, may type).
  absl::Status StartTyping(UserId user, ChannelId channel, Millis now);
  // Ends `user`'s typing in `channel` (typingStopped); nothing if it was not
  // typing there. Errors: kUserNotConnected.
  absl::Status StopTyping(UserId user, ChannelId channel, Millis now);
  // Who types in `channel` now, handle order after `after`, at most `limit`
  // (1..1000; non-positive = 100); users who left the channel meanwhile are
  // skipped. Errors: kDeactivatedApp, kChannelNotFound. O(log typers +
  // page).
  absl::StatusOr<Page<UserId>> TypingUsers(ChannelId channel, UserId after,
                                           int limit) const;
  // Typing indicators held (all channels), expired or not yet swept.
  size_t typing_count() const { return typing_count_; }

  // Expires the typing indicators due by `now`, in instant order, each with
  // its typingStopped event stamped at its instant; returns how many.
  // O(expired x log).
  size_t AdvanceTime(Millis now);

 private:
  struct UserState {
    uint32_t connections = 0;
    Millis online_since = 0;
    Millis last_seen_at = 0;
  };
  struct Typing {
    Millis expires_at = 0;
    Millis timer_at = 0;  // the instant of its one pending timer
  };
  using Timer = std::tuple<Millis, ChannelId, UserId>;

  Millis Clamp(Millis now);
  UserState& StateOf(UserId user);
  // Recipients of an event about `subject` in `channel` appended to
  // scratch_ (not yet sorted). False if the channel is gone.
  void AddChannelAudience(ChannelId channel, const Engine::ChannelBrief& brief,
                          UserId subject);
  bool Receives(UserId recipient, UserId subject) const;
  // Sorts and deduplicates scratch_ and delivers the event to it.
  void Deliver(PresenceEvent event);
  void EndTyping(UserId user, ChannelId channel, Millis at);
  void GoOffline(UserId user, Millis at);
  // presenceChanged for `user` to the online members of its channels (none
  // once the app is deactivated or the user deleted).
  void AnnouncePresence(UserId user, bool online, Millis at);

  const Engine& engine_;
  PresenceOptions options_;
  Millis now_ = 0;
  std::vector<UserState> users_;      // indexed by UserId value
  absl::btree_set<UserId> online_;    // users with connections > 0
  absl::flat_hash_map<ChannelId, absl::btree_map<UserId, Typing>> typing_;
  absl::flat_hash_map<UserId, std::vector<ChannelId>> typing_in_;
  size_t typing_count_ = 0;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::vector<UserId> scratch_;
};

}  // namespace banter

#endif  // BANTER_PRESENCE_H_
