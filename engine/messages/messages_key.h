// The messages area's write key: the ChannelTable accessor of the part this
// area owns takes one. Only files of engine/messages include this header
// (EngineAreaIncludeGraph enforces it), so only the messages area changes its
// part of a channel record. Tests that corrupt state on purpose include it.
#ifndef BANTER_ENGINE_MESSAGES_MESSAGES_KEY_H_
#define BANTER_ENGINE_MESSAGES_MESSAGES_KEY_H_

#include "engine/core/area_key.h"

namespace banter::internal {

BANTER_AREA_KEY(Messages);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MESSAGES_MESSAGES_KEY_H_
