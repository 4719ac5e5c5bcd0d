// What the users area offers the other areas.
#ifndef BANTER_ENGINE_USERS_USERS_H_
#define BANTER_ENGINE_USERS_USERS_H_

#include "banter/types.h"
#include "engine/state.h"

namespace banter::internal {

// The user's public view. Works for deleted users (their last profile).
// Requires: `u` was issued.
UserView RenderUser(const State& s, UserId u);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_USERS_USERS_H_
