// The bots area's write key: BotTable's mutators take one. Only files of
// engine/bots include this header (EngineAreaIncludeGraph enforces it), so
// only the bots area changes bot records and ids.
#ifndef BANTER_ENGINE_BOTS_BOTS_KEY_H_
#define BANTER_ENGINE_BOTS_BOTS_KEY_H_

#include "engine/core/area_key.h"

namespace banter::internal {

BANTER_AREA_KEY(Bots);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_BOTS_BOTS_KEY_H_
