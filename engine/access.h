// Checks every operation makes first: the app, the actor, and the lookups of
// the entities a request names, each failing with its documented code.
#ifndef BANTER_ENGINE_ACCESS_H_
#define BANTER_ENGINE_ACCESS_H_

#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/error.h"
#include "banter/types.h"
#include "engine/state.h"

namespace banter::internal {

// kDeactivatedApp; for user actors kUserNotFound / kDeactivatedUser; for bot
// actors kBotNotFound.
absl::Status CheckActor(const State& s, const Actor& actor);

// Admin, or the user actor acting on itself; else kUnauthorized.
absl::Status CheckSelfOrAdmin(const Actor& actor, UserId user);

// Admin only; else kUnauthorized.
absl::Status CheckAdmin(const Actor& actor);

// Live lookups with their not-found codes.
absl::StatusOr<const UserRecord*> LiveUser(const State& s, UserId u);
absl::StatusOr<const ChannelRecord*> LiveChannel(const State& s, ChannelId c);
absl::StatusOr<const BotRecord*> LiveBot(const State& s, BotId b);

// True if the actor is the channel's owner.
inline bool IsOwner(const ChannelRecord& ch, const Actor& actor) {
  return actor.is_user() && ch.owner.valid() && ch.owner == actor.user;
}
// True if the actor is a GitpleLive manager of the channel.
inline bool IsManager(const ChannelRecord& ch, const Actor& actor) {
  return actor.is_user() && ch.managers.contains(actor.user);
}

// Clamps a page limit into [1, max]; non-positive means `def`.
inline int ClampLimit(int limit, int def, int max) {
  if (limit <= 0) return def;
  return limit > max ? max : limit;
}

}  // namespace banter::internal

#endif  // BANTER_ENGINE_ACCESS_H_
