// The moderation tools' hooks into the messaging area's own operations
// (banter/moderation.h): the send checks of slow mode and the flood limit,
// and the pins a deletion or the retention window ends. Internal to
// engine/messages.
#ifndef BANTER_ENGINE_MESSAGES_MODERATION_HOOKS_H_
#define BANTER_ENGINE_MESSAGES_MODERATION_HOOKS_H_

#include <cstdint>
#include <optional>

#include "absl/status/status.h"
#include "banter/types.h"
#include "engine/state.h"

namespace banter::internal {

// Slow mode, then the flood limit, for a message of user `sender` (the
// member at `slot`) into `ch`, whoever posts it: a user as itself, or the
// admin as the user (the GitpleLive Platform API and TalkPlus's admin send
// relay users' messages that way). Admin and bot messages have no sender
// and pass; the owner and GitpleLive managers pass slow mode. Changes
// nothing; sets *window to the sender's flood window when it has one, for
// RecordSend. Errors: kSlowModeActive, kFloodLimitExceeded, each with the
// time left (RetryAfterOf). O(1) expected: one slot read, one hash lookup
// when the flood limit is on; inline while neither is set.
// Requires: `sender` is a member of `ch` at `slot`, or invalid.
absl::Status CheckSendLimitsSlow(const State& s, const ChannelRecord& ch,
                                 UserId sender, uint32_t slot, Millis t,
                                 const FloodWindow** window);
inline absl::Status CheckSendLimits(const State& s, const ChannelRecord& ch,
                                    UserId sender,
                                    std::optional<uint32_t> slot, Millis t,
                                    const FloodWindow** window) {
  *window = nullptr;
  if (!sender.valid() || !slot.has_value() ||
      (ch.slow_mode_ms == 0 && !s.flood->limit.on())) {
    return absl::OkStatus();
  }
  return CheckSendLimitsSlow(s, ch, sender, *slot, t, window);
}

// Records a message of `sender` at `t` in its flood window (only while the
// flood limit is on; nothing for an invalid sender). `window` is what
// CheckSendLimits found for the same send (null: none yet), which spares a
// second lookup; nothing may touch State::flood in between. O(1) amortized.
void RecordSendSlow(State& s, UserId sender, Millis t,
                    const FloodWindow* window);
inline void RecordSend(State& s, UserId sender, Millis t,
                       const FloodWindow* window) {
  if (s.flood->limit.on() && sender.valid()) {
    RecordSendSlow(s, sender, t, window);
  }
}

// Drops the pin of `seq` if there is one (the message is being deleted).
// O(pins).
void DropPin(ChannelMessages& ch, uint32_t seq);

// Drops the pins of messages the retention window no longer holds. Call
// after an append; O(pins) when some pin exists, one branch otherwise.
inline void DropEvictedPins(ChannelMessages& ch) {
  if (ch.pins.empty()) return;
  const uint32_t base = ch.log.base_seq();
  std::erase_if(ch.pins, [base](const PinRecord& p) { return p.seq < base; });
}

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MESSAGES_MODERATION_HOOKS_H_
