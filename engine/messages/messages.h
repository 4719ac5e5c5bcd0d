// What the messaging area offers the other areas.
#ifndef BANTER_ENGINE_MESSAGES_MESSAGES_H_
#define BANTER_ENGINE_MESSAGES_MESSAGES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "banter/types.h"
#include "engine/state.h"

namespace banter::internal {

// The newest message of `c` that `viewer` may see (invalid viewer: admin
// view), or nullopt.
std::optional<MessageView> RenderLastMessage(const State& s, ChannelId c,
                                             UserId viewer);

// Unread count of the member at `slot` of `c`. O(log n).
int64_t UnreadCountOf(const State& s, ChannelId c, uint32_t slot);

// A live message as a user may see it, for areas that refer to messages
// (reports). `text` points into the engine until its next mutating call.
struct SeenMessage {
  ChannelId channel;
  UserId sender;  // user types; invalid for admin and bot messages
  std::string_view text;
};
// The message `id` as member `viewer` may see it (docs/messaging.md,
// "Visibility"). Errors: kMessageNotFound (unknown, deleted, evicted, or
// hidden from the viewer), kUserNotChannelMember (checked once the message
// exists).
absl::StatusOr<SeenMessage> SeeMessage(const State& s, MessageId id,
                                       UserId viewer);

// The external id of `id` in its channel's dialect (TalkPlus: 16 hex
// digits; GitpleLive: the 64-bit value in decimal).
std::string ExternalMessageId(const State& s, MessageId id);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MESSAGES_MESSAGES_H_
