// The user registry: create, update, activate, delete, push settings and
// lookups. Logins and sessions are in sessions.cc, blocks in blocks.cc.
#include "engine/users/users.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/core/validate.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/membership/membership.h"
#include "engine/users/user_ops.h"
#include "engine/users/users_key.h"

namespace banter {
namespace {

// Push tokens are opaque; bound them so stored state stays bounded.
constexpr size_t kMaxPushToken = 4096;

// GitpleLive's user topic events (userUpdated, userDeleted) go to the user.
void EmitToUser(internal::State& s, EventKind kind, UserId u, Millis t) {
  if (!s.emitter.active()) return;
  const UserId subject[1] = {u};
  Event e;
  e.kind = kind;
  e.at = t;
  e.users = subject;
  s.emitter.EmitTo(e, subject);
}

}  // namespace

absl::StatusOr<CreatedUser> internal::HandleCreateUser(
    internal::State& s, const Actor& actor, const CreateUserRequest& r,
    std::string_view password_hash, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  const Millis t = s.Clamp(now);
  if (r.user_id.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "userId is required");
  }
  if (!internal::IsUriSafeId(r.user_id, 68)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "userId must be URI-safe and at most 68 characters");
  }
  BANTER_RETURN_IF_ERROR(internal::ValidateProfile(
      r.dialect, r.username, r.profile_image_url, r.data));
  BANTER_RETURN_IF_ERROR(s.word_filter->CheckName(r.username));
  // Prepare hashes every acceptable password and clears it, so a password
  // still here is one it refused.
  if (!r.password.empty()) return internal::RefusedPassword(r.password);
  if (s.users.names().Find(r.user_id).valid()) {
    return MakeError(ErrorCode::kUserIdTaken, "userId is taken");
  }
  if (internal::AtQuota(s, s.users.names().live_names(), s.options.max_users)) {
    return MakeError(ErrorCode::kUserQuotaExceeded,
                     absl::StrCat("the app holds its quota of ",
                                  s.options.max_users, " users"));
  }

  const UserId u = internal::AddUser(s, r.user_id, t);
  internal::UserRecord& rec = s.users.Mutable(u, kUsersKey);
  internal::SetUsername(s, u, r.username);
  rec.profile_image_url = r.profile_image_url;
  rec.data = r.data;
  rec.password_hash = std::string(password_hash);
  if (!password_hash.empty()) internal::ConsumeSaltDraw(s);
  CreatedUser created{u, internal::IssueToken(s, rec)};
  s.Tick(t);
  return created;
}

absl::Status internal::HandleUpdateUser(internal::State& s, const Actor& actor,
                                        const UpdateUserRequest& r,
                                        Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, r.user));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * u,
                          internal::LiveUserToChange(s, r.user));
  BANTER_RETURN_IF_ERROR(internal::ValidateProfile(
      r.dialect, r.username, r.profile_image_url, r.data));
  if (r.username.has_value()) {
    BANTER_RETURN_IF_ERROR(s.word_filter->CheckName(*r.username));
  }

  // An update that sets nothing succeeds without touching updatedAt.
  if (!internal::ApplyProfile(s, r.user, r.username, r.profile_image_url,
                             r.data)) {
    s.Tick(t);
    return absl::OkStatus();
  }
  u->updated_at = t;
  s.Tick(t);
  EmitToUser(s, EventKind::kUserUpdated, r.user, t);
  return absl::OkStatus();
}

absl::Status internal::HandleSetUserActive(internal::State& s,
                                           const Actor& actor, UserId user,
                                           bool active, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * u,
                          internal::LiveUserToChange(s, user));

  u->active = active;
  s.users.SyncAccess(user, kUsersKey);
  // A deactivated user loses access at once (spec §6.13): every call it
  // makes, through a session it already holds too, answers kDeactivatedUser
  // (not kSessionNotFound), so its sessions are kept. Reactivation lets them
  // work again, like its login tokens and password (docs/decisions.md).
  s.Tick(t);
  return absl::OkStatus();
}

absl::Status internal::HandleDeleteUser(internal::State& s, const Actor& actor,
                                        UserId user, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, user));
  const Millis t = s.Clamp(now);
  BANTER_RETURN_IF_ERROR(internal::LiveUser(s, user).status());

  s.Tick(t);
  EmitToUser(s, EventKind::kUserDeleted, user, t);
  // Channel handle order, so events and owner successions replay
  // identically. The row iterates in handle order already; it is copied
  // because DepartMember erases from it, and sorted to keep that order
  // explicit should the row's container change.
  const internal::ChannelSlots& row = s.user_channels.of(user);
  std::vector<ChannelId> joined;
  joined.reserve(row.size());
  for (const auto& [c, slot] : row) joined.push_back(c);
  std::sort(joined.begin(), joined.end());
  for (ChannelId c : joined) {
    internal::DepartMember(s, c, user, t, /*delete_if_empty=*/true);
  }

  internal::UserRecord& u = s.users.Mutable(user, kUsersKey);
  for (UserId b : u.blocked) {
    s.users.Mutable(b, kUsersKey).blocked_by.erase(user);
    s.users.SyncAccess(b, kUsersKey);
  }
  // The user has left every channel, so its own blocks filter nothing any
  // more; its blockers' filters of it go with their blocks.
  for (UserId b : u.blocked_by) {
    s.users.Mutable(b, kUsersKey).blocked.erase(user);
    s.users.SyncAccess(b, kUsersKey);
    internal::FilterBlocked(s, b, user, /*blocked=*/false);
  }
  u.blocked.clear();
  u.blocked_by.clear();
  internal::EndSessions(s, u);
  // Credentials and devices die with the user; the profile stays for the
  // messages it sent (spec §13 #21).
  u.login_tokens.clear();
  u.password_hash.clear();
  u.fcm_tokens.clear();
  u.pushkit_token.clear();
  internal::UnindexUser(s, user);
  u.live = false;
  s.users.SyncAccess(user, kUsersKey);
  // The id may now be created again: a new user with a new handle.
  s.users.MutableNames(kUsersKey).Release(user);
  return absl::OkStatus();
}

absl::Status internal::HandleSetUserPush(internal::State& s, const Actor& actor,
                                         UserId user, bool enabled,
                                         Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, user));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * u,
                          internal::LiveUserToChange(s, user));

  if (u->push_disabled != !enabled) {
    u->push_disabled = !enabled;
    s.users.SyncAccess(user, kUsersKey);
    internal::CountUserPush(s, user, enabled);
  }
  s.Tick(t);
  return absl::OkStatus();
}

absl::Status internal::HandleRegisterPushToken(
    internal::State& s, const Actor& actor, UserId user, PushTokenKind kind,
    std::string_view device_id, std::string_view token, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, user));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * u,
                          internal::LiveUserToChange(s, user));
  if (token.empty() || (kind == PushTokenKind::kFcm && device_id.empty())) {
    return MakeError(ErrorCode::kInvalidParams,
                     "push token (and FCM device id) required");
  }
  if (!internal::FitsChars(token, kMaxPushToken) ||
      !internal::FitsChars(device_id, kMaxPushToken)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "push token or device id too long or not UTF-8");
  }

  if (kind == PushTokenKind::kFcm) {
    u->fcm_tokens[std::string(device_id)] = std::string(token);
  } else {
    // PushKit: one VoIP token per user; the device id is not used.
    u->pushkit_token = std::string(token);
  }
  s.Tick(t);
  return absl::OkStatus();
}

UserId Engine::FindUser(std::string_view user_id) const {
  return s_->users.names().Find(user_id);
}

std::string_view Engine::UserName(UserId user) const {
  return s_->users.names().Issued(user) ? s_->users.names().Name(user)
                                        : std::string_view();
}

absl::StatusOr<UserView> Engine::GetUser(const Actor& actor,
                                         UserId user) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  // Any user may read any user's public view (it is what channel member
  // lists show anyway); bots have no user endpoints.
  if (actor.is_bot()) {
    return MakeError(ErrorCode::kUnauthorized, "bots cannot read users");
  }
  BANTER_RETURN_IF_ERROR(internal::LiveUser(s, user).status());
  return internal::RenderUser(s, user);
}

absl::StatusOr<Page<UserView>> Engine::ListUsers(const Actor& actor,
                                                 UserId after,
                                                 int limit) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, actor));
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  // design.md: users lists have no documented limit; default 20, max 100.
  const size_t n = static_cast<size_t>(internal::ClampLimit(limit, 20, 100));
  Page<UserView> page;
  // Handles are creation order, so walking the registry from the cursor is
  // the documented order; tombstones of deleted users are skipped.
  for (size_t i = size_t{after.value()} + 1; i < s.users.size(); ++i) {
    if (s.users.Find(UserId(static_cast<uint32_t>(i))) == nullptr) continue;
    if (page.items.size() == n) {
      page.has_next = true;
      break;
    }
    page.items.push_back(
        internal::RenderUser(s, UserId(static_cast<uint32_t>(i))));
  }
  return page;
}

namespace internal {

UserView RenderUser(const State& s, UserId u) {
  BANTER_DCHECK(s.users.names().Issued(u));
  const UserRecord& r = s.users.Record(u);
  UserView v;
  v.id = std::string(s.users.names().Name(u));
  v.username = r.username;
  v.profile_image_url = r.profile_image_url;
  v.data = r.data;
  v.push_disabled = r.push_disabled;
  v.active = r.active;
  v.created_at = r.created_at;
  v.updated_at = r.updated_at;
  return v;
}

}  // namespace internal
}  // namespace banter
