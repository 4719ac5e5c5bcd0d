// The views area: the public shapes of channels and members, composed from
// every area below it (membership, users, bots, messages). Reads only.
#ifndef BANTER_ENGINE_VIEWS_VIEWS_H_
#define BANTER_ENGINE_VIEWS_VIEWS_H_

#include "banter/types.h"
#include "engine/state.h"

namespace banter::internal {

// Requires: `c` live; `u` a member.
MemberView RenderMember(const State& s, ChannelId c, UserId u);

// Viewer-specific fields are filled when `viewer` is a member.
// Requires: `c` live.
ChannelView RenderChannel(const State& s, ChannelId c, UserId viewer);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_VIEWS_VIEWS_H_
