// Logins, sessions and passwords (spec §6.13, §13 #20).
//
// Secrets: passwords are stored only as bcrypt hashes; login and session
// tokens are HMAC-SHA256 values keyed by options.token_secret over the seed
// and a counter (user_ops.cc), so they are reproducible for a replay yet not
// predictable without the secret.
#include <string>
#include <utility>

#include "banter/engine.h"
#include "engine/access.h"
#include "engine/core/status_macros.h"
#include "engine/core/strings.h"
#include "engine/core/validate.h"
#include "engine/handlers.h"
#include "engine/invariants.h"
#include "engine/users/user_ops.h"
#include "engine/users/users_key.h"

namespace banter {
namespace {

bool IsLowerHex(std::string_view s, size_t length) {
  if (s.size() != length) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The session a token names: kSessionTokenInvalid for a malformed token,
// kSessionNotFound for a well-formed unknown one.
absl::StatusOr<const internal::SessionRecord*> FindSession(
    const internal::State& s, std::string_view token) {
  if (!IsLowerHex(token, internal::kSessionTokenHex)) {
    return MakeError(ErrorCode::kSessionTokenInvalid,
                     "malformed session token");
  }
  auto it = s.users.sessions().find(internal::Sv(token));
  if (it == s.users.sessions().end()) {
    return MakeError(ErrorCode::kSessionNotFound, "no such session");
  }
  return &it->second;
}

absl::Status CheckLoginable(const internal::UserRecord& u) {
  if (!u.active) {
    return MakeError(ErrorCode::kDeactivatedUser, "user is deactivated");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> internal::HandleIssueLoginToken(
    internal::State& s, const Actor& actor, UserId user,
    std::string_view verified_hash, Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckAdmin(actor));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * u,
                          internal::LiveUserToChange(s, user));
  BANTER_RETURN_IF_ERROR(CheckLoginable(*u));
  // Prepare checked the password against the hash it found and recorded that
  // hash; it must still be the user's (a password changed since then makes
  // the check stale). A user created without a password has no password
  // login at all: every password is wrong for it, the empty one included.
  if (verified_hash.empty() ||
      !internal::SecretEquals(verified_hash, u->password_hash)) {
    return MakeError(ErrorCode::kWrongPassword, "wrong password");
  }

  std::string token = internal::IssueToken(s, *u);
  s.Tick(t);
  return token;
}

absl::StatusOr<Session> internal::HandleLoginWithToken(internal::State& s,
                                                       const LoginRequest& r,
                                                       Millis now) {
  const Millis t = s.Clamp(now);
  if (r.user_id.empty() || r.login_token.empty()) {
    return MakeError(ErrorCode::kInvalidParams,
                     "userId and loginToken are required");
  }
  const UserId user = s.users.names().Find(r.user_id);
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * u,
                          internal::LiveUserToChange(s, user));
  BANTER_RETURN_IF_ERROR(CheckLoginable(*u));
  bool token_ok = false;
  for (const std::string& valid : u->login_tokens) {
    token_ok |= internal::SecretEquals(valid, r.login_token);
  }
  if (!token_ok) {
    return MakeError(ErrorCode::kInvalidLoginToken, "invalid login token");
  }
  BANTER_RETURN_IF_ERROR(internal::ValidateProfile(
      Dialect::kTalkPlus, r.username, r.profile_image_url, r.data));
  if (r.username.has_value()) {
    BANTER_RETURN_IF_ERROR(s.word_filter->CheckName(*r.username));
  }

  // The token stays valid (spec §13 #20: reusable until replaced or the
  // password changes).
  if (internal::ApplyProfile(s, user, r.username, r.profile_image_url,
                            r.data)) {
    u->updated_at = t;
  }
  Session session = internal::OpenSession(s, user);
  s.Tick(t);
  return session;
}

absl::StatusOr<Session> internal::HandleLoginAnonymous(internal::State& s,
                                                       const LoginRequest& r,
                                                       Millis now) {
  const Millis t = s.Clamp(now);
  if (!s.options.anonymous_login_allowed) {
    return MakeError(ErrorCode::kAnonymousLoginNotAllowed,
                     "anonymous login is off for this app");
  }
  if (r.user_id.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "userId is required");
  }
  if (!internal::IsUriSafeId(r.user_id, 68)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "userId must be URI-safe and at most 68 characters");
  }
  UserId user = s.users.names().Find(r.user_id);
  if (user.valid()) {
    const internal::UserRecord& existing = s.users.Mutable(user, kUsersKey);
    BANTER_RETURN_IF_ERROR(CheckLoginable(existing));
    // Anonymous login proves nothing about who calls: it must not open a
    // session for a user that has a credential of its own.
    if (!existing.password_hash.empty() || !existing.login_tokens.empty()) {
      return MakeError(ErrorCode::kAnonymousLoginNotAllowed,
                       "this user logs in with a password or a login token");
    }
  }
  BANTER_RETURN_IF_ERROR(internal::ValidateProfile(
      Dialect::kTalkPlus, r.username, r.profile_image_url, r.data));
  if (r.username.has_value()) {
    BANTER_RETURN_IF_ERROR(s.word_filter->CheckName(*r.username));
  }

  if (!user.valid()) {
    // No password and no login token: the user can only come back through
    // anonymous login (or a token the admin issues after setting a
    // password).
    user = internal::AddUser(s, r.user_id, t);
    internal::SetUsername(s, user, r.username.value_or(r.user_id));
    internal::ApplyProfile(s, user, std::nullopt, r.profile_image_url, r.data);
  } else if (internal::ApplyProfile(s, user, r.username, r.profile_image_url,
                                    r.data)) {
    s.users.Mutable(user, kUsersKey).updated_at = t;
  }
  Session session = internal::OpenSession(s, user);
  s.Tick(t);
  return session;
}

absl::Status internal::HandleLogout(internal::State& s,
                                    std::string_view session_token,
                                    Millis now) {
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(const internal::SessionRecord* session,
                          FindSession(s, session_token));

  auto& mine = s.users.Mutable(session->user, kUsersKey).sessions;
  for (auto it = mine.begin(); it != mine.end(); ++it) {
    if (*it == session_token) {
      mine.erase(it);
      break;
    }
  }
  s.users.MutableSessions(kUsersKey).erase(internal::Sv(session_token));
  s.Tick(t);
  return absl::OkStatus();
}

absl::StatusOr<UserId> Engine::Authenticate(
    std::string_view session_token) const {
  const internal::State& s = *s_;
  BANTER_RETURN_IF_ERROR(internal::CheckActor(s, Actor::Admin()));  // the app
  BANTER_ASSIGN_OR_RETURN(const internal::SessionRecord* session,
                          FindSession(s, session_token));
  // A deactivated user's sessions stay (invariant U6) and answer
  // kDeactivatedUser until the user is activated again.
  BANTER_ASSIGN_OR_RETURN(const internal::UserRecord* u,
                          internal::LiveUser(s, session->user));
  BANTER_RETURN_IF_ERROR(CheckLoginable(*u));
  return session->user;
}

absl::Status internal::HandleChangePassword(internal::State& s,
                                            const Actor& actor, UserId user,
                                            std::string_view password,
                                            std::string_view password_hash,
                                            Millis now) {
  BANTER_RETURN_IF_ERROR(internal::CheckSelfOrAdmin(actor, user));
  const Millis t = s.Clamp(now);
  BANTER_ASSIGN_OR_RETURN(internal::UserRecord * u,
                          internal::LiveUserToChange(s, user));
  if (password.empty() && password_hash.empty()) {
    return MakeError(ErrorCode::kInvalidParams, "password is required");
  }
  // Prepare hashes every acceptable password and clears it, so a password
  // still here is one it refused.
  if (!password.empty()) return internal::RefusedPassword(password);

  u->password_hash = std::string(password_hash);
  internal::ConsumeSaltDraw(s);
  // Login tokens were vouched for by the old password (spec §13 #20);
  // sessions already opened stay open.
  u->login_tokens.clear();
  s.Tick(t);
  return absl::OkStatus();
}

}  // namespace banter
