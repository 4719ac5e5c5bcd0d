// The users area's write key: UserTable's mutators take one. Only files of
// engine/users include this header (EngineAreaIncludeGraph enforces it for
// the other areas), so only the users area changes users, sessions and the
// user indexes. Tests that corrupt state on purpose include it too.
#ifndef BANTER_ENGINE_USERS_USERS_KEY_H_
#define BANTER_ENGINE_USERS_USERS_KEY_H_

#include "engine/core/area_key.h"

namespace banter::internal {

BANTER_AREA_KEY(Users);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_USERS_USERS_KEY_H_
