// The channels area's write key: the ChannelTable accessor of the part this
// area owns takes one. Only files of engine/channels include this header
// (EngineAreaIncludeGraph enforces it), so only the channels area changes its
// part of a channel record. Tests that corrupt state on purpose include it.
#ifndef BANTER_ENGINE_CHANNELS_CHANNELS_KEY_H_
#define BANTER_ENGINE_CHANNELS_CHANNELS_KEY_H_

#include "engine/core/area_key.h"

namespace banter::internal {

BANTER_AREA_KEY(Channels);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CHANNELS_CHANNELS_KEY_H_
