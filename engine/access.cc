#include "engine/access.h"

namespace banter::internal {

absl::Status CheckActor(const State& s, const Actor& actor) {
  if (s.app_deactivated) {
    return MakeError(ErrorCode::kDeactivatedApp, "the app is deactivated");
  }
  switch (actor.kind) {
    case ActorKind::kAdmin:
      return absl::OkStatus();
    case ActorKind::kUser: {
      // The dense access byte, not the record (UserTable::access).
      const uint8_t access = s.users.access(actor.user);
      if (!(access & kUserLive)) {
        return MakeError(ErrorCode::kUserNotFound, "acting user not found");
      }
      if (!(access & kUserActive)) {
        return MakeError(ErrorCode::kDeactivatedUser,
                         "acting user is deactivated");
      }
      return absl::OkStatus();
    }
    case ActorKind::kBot:
      if (s.bot(actor.bot) == nullptr) {
        return MakeError(ErrorCode::kBotNotFound, "acting bot not found");
      }
      return absl::OkStatus();
  }
  return MakeError(ErrorCode::kUnauthorized, "unknown actor kind");
}

absl::Status CheckSelfOrAdmin(const Actor& actor, UserId user) {
  if (actor.is_admin() || (actor.is_user() && actor.user == user)) {
    return absl::OkStatus();
  }
  return MakeError(ErrorCode::kUnauthorized,
                   "only the user itself or the admin may do this");
}

absl::Status CheckAdmin(const Actor& actor) {
  if (actor.is_admin()) return absl::OkStatus();
  return MakeError(ErrorCode::kUnauthorized, "admin only");
}

absl::StatusOr<const UserRecord*> LiveUser(const State& s, UserId u) {
  const UserRecord* r = s.user(u);
  if (r == nullptr) return MakeError(ErrorCode::kUserNotFound, "user not found");
  return r;
}
absl::StatusOr<const ChannelRecord*> LiveChannel(const State& s, ChannelId c) {
  const ChannelRecord* r = s.channel(c);
  if (r == nullptr) {
    return MakeError(ErrorCode::kChannelNotFound, "channel not found");
  }
  return r;
}
absl::StatusOr<const BotRecord*> LiveBot(const State& s, BotId b) {
  const BotRecord* r = s.bot(b);
  if (r == nullptr) return MakeError(ErrorCode::kBotNotFound, "bot not found");
  return r;
}

}  // namespace banter::internal
