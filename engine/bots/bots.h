// What the bots area offers the other areas.
#ifndef BANTER_ENGINE_BOTS_BOTS_H_
#define BANTER_ENGINE_BOTS_BOTS_H_

#include "banter/types.h"
#include "engine/state.h"

namespace banter::internal {

// Requires: `b` was issued.
BotView RenderBot(const State& s, BotId b);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_BOTS_BOTS_H_
