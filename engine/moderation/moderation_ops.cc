#include "engine/moderation/moderation_ops.h"

#include <algorithm>
#include <limits>

#include "banter/error.h"
#include "engine/access.h"
#include "engine/core/check.h"
#include "engine/membership/membership.h"

namespace banter::internal {

absl::StatusOr<Millis> EndAfter(Millis t, Millis duration_ms) {
  if (duration_ms < 0) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "duration must not be negative");
  }
  if (duration_ms == 0) return Millis{0};
  // t >= 0 (engine time starts at 0 and never decreases), so this bound
  // keeps t + duration_ms from overflowing.
  if (duration_ms > std::numeric_limits<Millis>::max() - t) {
    return MakeError(ErrorCode::kParamsBindingError, "duration too large");
  }
  return t + duration_ms;
}

absl::Status CheckNotBot(const Actor& actor) {
  if (!actor.is_bot()) return absl::OkStatus();
  return MakeError(ErrorCode::kUnauthorized, "bots cannot moderate channels");
}

absl::Status CheckBanAuthority(const ChannelRecord& ch, const Actor& actor) {
  BANTER_DCHECK(!actor.is_bot());
  if (actor.is_admin() || IsOwner(ch, actor)) return absl::OkStatus();
  if (ch.dialect == Dialect::kGitpleLive && IsManager(ch, actor)) {
    return absl::OkStatus();
  }
  return MakeError(ErrorCode::kNotChannelOwner,
                   "only the channel owner may manage bans");
}

absl::Status CheckMuteAuthority(const ChannelRecord& ch, const Actor& actor) {
  BANTER_DCHECK(!actor.is_bot());
  if (actor.is_admin() || IsOwner(ch, actor)) return absl::OkStatus();
  return MakeError(ErrorCode::kNotChannelOwner,
                   "only the channel owner may manage mutes");
}

}  // namespace banter::internal
