// User-level blocks (spec §6.8). This file keeps UserRecord::blocked and
// blocked_by mirrored, and the channels' sender filters in step through the
// membership floor; the channels area reads the sets for its owner/joiner
// rules (2019-2024), and messaging cuts the filters from its deliveries.
#include <algorithm>
#include <vector>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"
#include "engine/users/user_ops.h"
#include "engine/users/users.h"
#include "engine/users/users_key.h"

namespace banter {
namespace {

// Block events go to nobody in real time (webhook only); the subjects are
// [blocker, target].
void EmitBlockEvent(internal::State& s, EventKind kind, UserId blocker,
                    UserId target, Millis t) {
  if (!s.emitter.active()) return;
  const UserId subjects[2] = {blocker, target};
  Event e;
  e.kind = kind;
  e.at = t;
  e.users = subjects;
  s.emitter.EmitTo(e, {});
}

}  // namespace

absl::Status internal::HandleBlock(internal::State& s, const Actor& actor,
                                   UserId blocker, UserId target, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, blocker));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * b,
                          internal::LiveUserToChange(s, blocker));
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * x,
                          internal::LiveUserToChange(s, target));
  if (blocker == target) {
    return MakeError(ErrorCode::kCannotBlockSelf, "cannot block oneself");
  }
  if (b->blocked.contains(target)) {
    return MakeError(ErrorCode::kUserAlreadyBlocked, "user already blocked");
  }

  b->blocked.insert(target);
  x->blocked_by.insert(blocker);
  s.users.SyncAccess(target, internal::kUsersKey);
  s.users.SyncAccess(blocker, internal::kUsersKey);
  internal::FilterBlocked(s, blocker, target, /*blocked=*/true);
  s.Tick(t);
  EmitBlockEvent(s, EventKind::kUserBlocked, blocker, target, t);
  return absl::OkStatus();
}

absl::Status internal::HandleUnblock(internal::State& s, const Actor& actor,
                                     UserId blocker, UserId target,
                                     Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, blocker));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * b,
                          internal::LiveUserToChange(s, blocker));
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * x,
                          internal::LiveUserToChange(s, target));
  if (blocker == target) {
    return MakeError(ErrorCode::kCannotUnblockSelf, "cannot unblock oneself");
  }
  if (!b->blocked.contains(target)) {
    return MakeError(ErrorCode::kUserNotBlocked, "user is not blocked");
  }

  b->blocked.erase(target);
  x->blocked_by.erase(blocker);
  s.users.SyncAccess(target, internal::kUsersKey);
  s.users.SyncAccess(blocker, internal::kUsersKey);
  internal::FilterBlocked(s, blocker, target, /*blocked=*/false);
  s.Tick(t);
  EmitBlockEvent(s, EventKind::kUserUnblocked, blocker, target, t);
  return absl::OkStatus();
}

absl::StatusOr<Page<UserView>> Engine::ListBlocked(const Actor& actor,
                                                   UserId user, UserId after,
                                                   int limit) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, user));
  BANTER_ASSIGN_OR_RETURN(const internal::UserRecord* u,
                          internal::LiveUser(s, user));
  const size_t n = static_cast<size_t>(internal::ClampLimit(limit, 20, 100));
  // The set is hashed: sort the part after the cursor by handle (O(k log k)
  // in the user's k blocks, which stay small).
  std::vector<UserId> ids;
  ids.reserve(u->blocked.size());
  for (UserId b : u->blocked) {
    if (after < b) ids.push_back(b);
  }
  std::sort(ids.begin(), ids.end());
  Page<UserView> page;
  page.has_next = ids.size() > n;
  if (page.has_next) ids.resize(n);
  page.items.reserve(ids.size());
  for (UserId b : ids) page.items.push_back(internal::RenderUser(s, b));
  return page;
}

bool Engine::IsBlocked(UserId blocker, UserId target) const {
  const internal::UserRecord* b = s_->user(blocker);
  return b != nullptr && b->blocked.contains(target);
}

bool Engine::IsBlockedByAnyone(UserId target) const {
  // A deleted user's blocked_by is empty (U6), so the bit alone answers.
  return (s_->users.access(target) & internal::kUserBlocked) != 0;
}

}  // namespace banter
