// Pieces the moderation area's calls share: end instants, authority checks,
// and the record transitions that emit events. (Request lists are handled by
// engine/core/user_list.h.)
// Private to engine/moderation (other areas use moderation_internal.h).
#ifndef BANTER_ENGINE_MODERATION_MODERATION_OPS_H_
#define BANTER_ENGINE_MODERATION_MODERATION_OPS_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/events.h"
#include "banter/ids.h"
#include "banter/types.h"
#include "engine/core/user_list.h"
#include "engine/state.h"

namespace banter::internal {

// The end instant of timed state lasting `duration_ms` from `t`: 0
// (permanent) when `duration_ms` is 0. kParamsBindingError when it is
// negative or the end would not fit in Millis.
absl::StatusOr<Millis> EndAfter(Millis t, Millis duration_ms);

// Bots may moderate nothing (design: anything but join/leave/send is 1006).
absl::Status CheckNotBot(const Actor& actor);

// Ban, unban and the banned list: the admin, the owner, or (GitpleLive
// channels) a manager; else kNotChannelOwner. Requires: not a bot actor.
absl::Status CheckBanAuthority(const ChannelRecord& ch, const Actor& actor);

// Mute and unmute: the admin or the owner; else kNotChannelOwner.
// Requires: not a bot actor.
absl::Status CheckMuteAuthority(const ChannelRecord& ch, const Actor& actor);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_MODERATION_MODERATION_OPS_H_
