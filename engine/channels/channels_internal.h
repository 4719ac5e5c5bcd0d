// What the channels area offers the other areas: departure and deletion with
// their events, and views.
#ifndef BANTER_ENGINE_CHANNELS_CHANNELS_INTERNAL_H_
#define BANTER_ENGINE_CHANNELS_CHANNELS_INTERNAL_H_

#include "banter/types.h"
#include <vector>
#include "engine/state.h"

namespace banter::internal {

// `u` leaves `c` (leave, removal, user deletion): if `u` owns `c`, ownership
// passes to the earliest-joined remaining member (none left: ownerless);
// emits memberLeft to the remaining members and channelRemoved to `u`; if no
// member remains and `delete_if_empty`, deletes the channel too.
// Requires: `u` is a member of live `c`.
void DepartMember(State& s, ChannelId c, UserId u, Millis now,
                  bool delete_if_empty);

// Emits channelRemoved to every member, then destroys the channel.
// Requires: `c` is live.
void DeleteChannelWithEvents(State& s, ChannelId c, Millis now);

// Views. Requires: `c` live; `u` a member (RenderMember).
MemberView RenderMember(const State& s, ChannelId c, UserId u);
// Viewer-specific fields are filled when `viewer` is a member.
ChannelView RenderChannel(const State& s, ChannelId c, UserId viewer);

// Engine::FindReusableChannel over `s` (GitpleLive reuse rule).
ChannelId FindReusable(const State& s, const std::vector<UserId>& members);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_CHANNELS_CHANNELS_INTERNAL_H_
