// The banter engine behind the benchmark peers' interface (ChatPeer).
//
// The adapter is what an embedder writes: names are interned once, at
// CreateUser / CreateChannel ("u<i>", "c<i>"), and every later call passes the
// engine's handles, found by indexing a vector with the benchmark's dense
// integer. Calls go through the public Engine API with the actor a real
// caller would use: the user itself for Join, Leave and Send, the admin (the
// REST authority) for Add, Remove, Ban, Unban, Mute, Unmute, Block and the
// read-state queries. Recipients arrive as the engine's spans and are handed
// to the caller's `deliver` one by one, mapped back to the benchmark's ints.
//
// Where banter's semantics differ from the interface's (chat_peer.h), the
// adapter does not paper over it; the differences are:
//  - Join of a private channel is refused (2011, invitation only): use Add.
//  - Leave by the owner succeeds and hands ownership to the earliest-joined
//    remaining member (spec §13 #12); the other peers refuse it.
//  - Non-super channels hold at most 100 members (spec §3): a max_members of
//    -1 or above 100 for kPrivate / kBroadcast becomes 100.
//  - Mutes last whole minutes (expire_in_minutes): the adapter mutes for
//    ceil((expires_at_ms - now) / 60000) minutes, where now is the latest
//    time passed to Send; an expiry at or before now cannot be expressed and
//    is refused. An ended mute is gone, so Unmute of it refuses.
//  - Messages beyond the channel type's history cap (EngineOptions, 10,000
//    by default) are dropped, and unread counts and "not read by" see only
//    the retained window.
//  - MemberPage orders by handle, which is creation order: it matches the
//    numeric order only if users are created in increasing numeric order.
//  - HistoryPage is ListMessages as the viewer (a user actor): the engine
//    renders full MessageViews (ids, names, metadata as strings), and the
//    adapter copies out seq, sender (parsed back from the "u<i>" id), time
//    and text. Messages beyond the history cap are gone (a cursor there is
//    refused).
//
// Thread-safety: not thread-safe, like the Engine it owns.
#ifndef BANTER_BENCH_BANTER_PEER_H_
#define BANTER_BENCH_BANTER_PEER_H_

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "banter/engine.h"
#include "chat_peer.h"

namespace banter::bench {

class BanterPeer final : public ChatPeer, private EventSink {
 public:
  // `options.sink` is replaced by the adapter's own. Defaults: seed 1,
  // password cost 4 (no user here has a password), default history caps.
  explicit BanterPeer(EngineOptions options = DefaultOptions());
  ~BanterPeer() override;

  static EngineOptions DefaultOptions();

  std::string_view name() const override { return "banter"; }
  void CreateUser(uint32_t user) override;
  void CreateChannel(uint32_t channel, PeerChannelType type, uint32_t owner,
                     int32_t max_members) override;
  bool Join(uint32_t channel, uint32_t user) override;
  bool Leave(uint32_t channel, uint32_t user) override;
  bool Add(uint32_t channel, uint32_t user) override;
  bool Remove(uint32_t channel, uint32_t user) override;
  bool Ban(uint32_t channel, uint32_t user) override;
  bool Unban(uint32_t channel, uint32_t user) override;
  bool Mute(uint32_t channel, uint32_t user, int64_t expires_at_ms) override;
  bool Unmute(uint32_t channel, uint32_t user) override;
  bool IsMember(uint32_t channel, uint32_t user) override;
  size_t MemberPage(uint32_t channel, uint32_t after_user, size_t limit,
                    uint32_t* out) override;
  void Block(uint32_t blocker, uint32_t blocked) override;
  int64_t Send(uint32_t channel, uint32_t sender, std::string_view text,
               int64_t now_ms, void (*deliver)(void* ctx, uint32_t user),
               void* ctx) override;
  void MarkRead(uint32_t channel, uint32_t user) override;
  int64_t UnreadCount(uint32_t channel, uint32_t user) override;
  int64_t TotalUnread(uint32_t user) override;
  int64_t NotReadBy(uint32_t channel, uint64_t message_seq) override;
  int64_t HistoryPage(uint32_t channel, uint32_t viewer, uint64_t before_seq,
                      size_t limit, PeerMessage* out) override;
  // -1: count the allocator's bytes around the peer instead (alloc_counter).
  int64_t BytesUsed() override { return -1; }

  // Like Send, but without the per-recipient callback. kCount only counts
  // the recipients: the engine hands them over as a few spans, so this is
  // what an embedder that forwards spans (to a socket fan-out thread, say)
  // pays. kTouch also reads every recipient handle once (sums them), the
  // least a fan-out that visits each recipient can do. -1 if refused.
  enum class SpanUse { kCount, kTouch };
  int64_t SendSpans(uint32_t channel, uint32_t sender, std::string_view text,
                    int64_t now_ms, SpanUse use);
  // The sum of the handles kTouch read (so the reads cannot be elided).
  uint64_t touched() const { return touched_; }

  // Sizes the adapter's handle tables for users 0..users-1 and channels
  // 0..channels-1 up front, so that they do not grow (and show up in a
  // memory measurement) while the engine is being measured.
  void Reserve(uint32_t users, uint32_t channels);

  Engine& engine() { return engine_; }
  // The handles behind the benchmark's ints; invalid if never created.
  UserId user_handle(uint32_t user) const {
    if (user >= users_.size()) return UserId();
    // Users 1..size-1 all exist with handle == int: no table load.
    return handles_are_ints_ && user != 0 ? UserId(user) : users_[user];
  }
  ChannelId channel_handle(uint32_t channel) const {
    return channel < channels_.size() ? channels_[channel] : ChannelId();
  }

 private:
  void OnEvent(const Event& event) override;

  // The handle to page after for the benchmark's `after_user`: its own, or
  // the nearest created user below it (handles follow creation order).
  UserId CursorFor(uint32_t after_user) const;

  Engine engine_;
  Millis now_ = 0;  // latest time seen (Send is the only call that has one)
  std::vector<UserId> users_;        // by benchmark int
  std::vector<ChannelId> channels_;  // by benchmark int
  std::vector<uint32_t> user_ints_;  // by UserId value: the benchmark's int
  // Every user so far got the handle equal to its benchmark int (users made
  // in order 1, 2, ...): recipients are then handed over without the
  // user_ints_ lookup, as an embedder that keys its sessions by handle does.
  bool handles_are_ints_ = true;
  std::vector<MessageRef> refs_;     // HistoryPage's reused page buffer

  // Where the message event of the Send in progress goes.
  void (*deliver_)(void*, uint32_t) = nullptr;
  void* deliver_ctx_ = nullptr;
  bool touch_ = false;
  int64_t delivered_ = 0;
  uint64_t touched_ = 0;
};

// A BanterPeer with the default options.
std::unique_ptr<BanterPeer> MakeBanterPeer();

}  // namespace banter::bench

#endif  // BANTER_BENCH_BANTER_PEER_H_
