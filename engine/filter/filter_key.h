// The filter area's write key: the state this area owns (Owned<T, FilterKey>,
// engine/core/owned.h) is writable only with it. Only files of engine/filter
// include this header (EngineAreaIncludeGraph enforces it).
#ifndef BANTER_ENGINE_FILTER_FILTER_KEY_H_
#define BANTER_ENGINE_FILTER_FILTER_KEY_H_

#include "engine/core/area_key.h"

namespace banter::internal {

BANTER_AREA_KEY(Filter);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_FILTER_FILTER_KEY_H_
