// Events: what the engine tells the outside world after each change.
//
// The engine calls the EventSink given in EngineOptions synchronously, inside
// the call that caused the event, once per event (one virtual call per event,
// never per recipient). Recipients arrive as batches of spans over
// engine-owned arrays: where no rule filters anyone, the single batch is the
// channel's own member array; where rules exclude some members (the sender,
// broadcast's member-to-owner rule, blocks, peer mutes) the member array is cut
// around them. Spans are valid only during OnEvent.
//
// The sink may read the engine (const methods) during OnEvent to render
// payloads. Events that remove something (channelRemoved, memberLeft of a
// deleted user, messageDeleted) are delivered while the entity is still
// readable; all others after the change is applied.
//
// Thread-safety: the engine calls the sink on the caller's thread.
#ifndef BANTER_EVENTS_H_
#define BANTER_EVENTS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "absl/status/statusor.h"
#include "banter/command.h"
#include "banter/ids.h"
#include "banter/types.h"

namespace banter {

enum class EventKind : uint8_t {
  // TalkPlus realtime events (docs/rest.md).
  kMessage = 0,
  kMessageUpdated,
  kMessageDeleted,
  kReactionUpdated,
  kChannelAdded,
  kChannelChanged,
  kChannelRemoved,
  kMemberAdded,
  kMemberLeft,
  kMemberMuted,
  kMemberUnmuted,
  kMemberBanned,
  kMemberUnbanned,
  // Webhook-only user events (docs/rest.md).
  kUserBlocked,
  kUserUnblocked,
  // GitpleLive-only events.
  kManagerAdded,
  kManagerRemoved,
  kMessageRead,
  kMessageDelivered,
  kUserUpdated,
  kUserDeleted,
  // Pinned messages (banter/moderation.h), both dialects.
  kMessagePinned,
  kMessageUnpinned,
};
inline constexpr int kEventKindCount = 23;

// "message", "messageDeleted", ... as docs/rest.md lists them (and "user_blocked",
// "user_unblocked" for the webhook-only pair).
std::string_view EventName(EventKind kind);
// The webhook name (docs/rest.md): "message", "message_deleted", ...; "" when the
// event has no webhook.
std::string_view WebhookName(EventKind kind);

// Recipients as a list of spans. Iterate with for (auto s : r.batches) for
// (UserId u : s). Users appear at most once, in no particular order.
struct Recipients {
  std::span<const std::span<const UserId>> batches;
  size_t count() const {
    size_t n = 0;
    for (auto s : batches) n += s.size();
    return n;
  }
};

struct Event {
  EventKind kind = EventKind::kMessage;
  Millis at = 0;
  ChannelId channel;  // unset for user-level events
  MessageId message;  // message events
  // Subjects: the users added/left/muted/banned, the blocker and blocked user
  // (in that order) for block events, the reacting user for reactions, the
  // user who pinned or unpinned (none when the admin did).
  std::span<const UserId> users;
  BotId bot;                      // bot join/leave/send subject
  std::string_view reaction;      // reaction key for kReactionUpdated
  Recipients recipients;          // who receives it in real time
  Recipients push;                // message events: who would get a push
};

// Receives events. Implement OnEvent; keep it cheap, it runs inside engine
// calls. An event and the spans it holds are valid only during the call that
// hands it over.
//
// When. Without a journal, OnEvent runs as the event is emitted, inside the
// call. With a journal attached (EngineOptions::journal), the events of a
// call are held until its record is appended, then handed to OnEvent in
// emission order; if the append fails they are dropped (the change is not
// durable, and the engine refuses further changes). OnEmit runs in both modes
// as the event is emitted, before OnEvent: the state it reads is the state
// the event describes, mid-call. Use it to capture what the call is about to
// destroy (a deleted channel's or message's content); read everything else in
// OnEvent, or after the call.
//
// Re-entrancy: OnEvent and OnEmit may call the engine. Const calls (reads)
// run at once. A mutating call made from inside them (an auto-reply bot, say)
// is not run at once: it is queued and runs right after the call that is
// delivering events has finished (its change, invariant check and journal
// record included), in the order queued, so the event being delivered stays
// intact and the journal order is the execution order. The queued call
// returns OK with CommandResult::deferred set (the typed methods: OK with
// default values); its own result arrives through OnDeferredResult when it has
// run, and its events through OnEvent.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void OnEvent(const Event& event) = 0;
  // Called as `event` is emitted, before OnEvent (see above). Optional.
  virtual void OnEmit(const Event& event) {}
  // The result of a call queued from inside OnEvent, once it has run.
  virtual void OnDeferredResult(const Actor& actor, const Command& command,
                                const absl::StatusOr<CommandResult>& result) {}
};

// Hears every change of where a member sits in its channel's member array:
// the array recipients are spans over (Engine::MemberArray). For embedders
// that keep an index beside that array, such as the local users of a process
// (banter::LocalRecipients, banter/local_recipients.h): with it, an index
// finds the members a span holds from the span's offset in the array.
//
// Members join at the end of the array and leave by swap-remove: the last
// member moves into the freed slot, so one change moves at most one other
// member. Every path that changes membership (joins, leaves, removals, bans,
// channel and user deletion, replay of a journal) goes through these two
// calls; loading a snapshot (ReadSnapshot) does not: rebuild the index from
// the engine's reads after a load.
//
// When. Called synchronously, as the array changes, inside the mutating call,
// in the order of the changes (a call refused by its checks changes nothing
// and calls nothing). So an index kept by these calls is in step with the
// member array whenever an event's spans over it are handed out (OnEmit, and
// OnEvent without a journal). The engine is mid-change during the call: do
// not call it from here (not even const reads). Deterministic: the same calls
// give the same sequence.
//
// Thread-safety: the engine calls the observer on the caller's thread.
class MemberSlotObserver {
 public:
  virtual ~MemberSlotObserver() = default;
  // `user` joined `channel` at `slot`, the end of the array (the member count
  // before the join).
  virtual void OnMemberAdded(ChannelId channel, UserId user, uint32_t slot) = 0;
  // `user` left `channel` from `slot`. If `moved` is valid, it was the last
  // member, at slot `moved_from` (the member count after the leave), and now
  // sits at `slot`; if invalid, `slot` was the last and nobody moved.
  virtual void OnMemberRemoved(ChannelId channel, UserId user, uint32_t slot,
                               UserId moved, uint32_t moved_from) = 0;
};

// Translates text for message translations (docs/messaging.md). The engine holds no
// translator by default, and then translates nothing.
class Translator {
 public:
  virtual ~Translator() = default;
  // Returns the translation of `text` into `language`, or nullopt to store
  // none. Must be deterministic for replay.
  virtual std::optional<std::string> Translate(std::string_view text,
                                               std::string_view language) = 0;
};

}  // namespace banter

#endif  // BANTER_EVENTS_H_
