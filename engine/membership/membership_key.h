// The membership area's write key: the ChannelTable accessor of the part this
// area owns takes one. Only files of engine/membership include this header
// (EngineAreaIncludeGraph enforces it), so only the membership area changes its
// part of a channel record. Tests that corrupt state on purpose include it.
#ifndef BANTER_ENGINE_MEMBERSHIP_MEMBERSHIP_KEY_H_
#define BANTER_ENGINE_MEMBERSHIP_MEMBERSHIP_KEY_H_

#include "engine/core/area_key.h"

namespace banter::internal {

BANTER_AREA_KEY(Membership);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MEMBERSHIP_MEMBERSHIP_KEY_H_
