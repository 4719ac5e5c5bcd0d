// What the messaging area offers the other areas.
#ifndef BANTER_ENGINE_MESSAGES_MESSAGES_H_
#define BANTER_ENGINE_MESSAGES_MESSAGES_H_

#include <cstdint>
#include <optional>

#include "banter/types.h"
#include "engine/state.h"

namespace banter::internal {

// The newest message of `c` that `viewer` may see (invalid viewer: admin
// view), or nullopt.
std::optional<MessageView> RenderLastMessage(const State& s, ChannelId c,
                                             UserId viewer);

// Unread count of the member at `slot` of `c`. O(log n).
int64_t UnreadCountOf(const State& s, ChannelId c, uint32_t slot);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MESSAGES_MESSAGES_H_
