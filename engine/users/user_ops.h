// Helpers shared by the users area's files (users.cc, sessions.cc,
// blocks.cc). Private to engine/users/: other areas use users_internal.h.
#ifndef BANTER_ENGINE_USERS_USER_OPS_H_
#define BANTER_ENGINE_USERS_USER_OPS_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "banter/engine.h"
#include "banter/types.h"
#include "engine/state.h"

namespace banter::internal {

// Token shapes (lowercase hex). Authenticate rejects any other shape of
// session token with kSessionTokenInvalid before looking it up.
inline constexpr int kLoginTokenHex = 32;
inline constexpr int kSessionTokenHex = 48;
inline constexpr int kSessionIdHex = 16;
// With last_login_token_wins off, at most this many login tokens stay valid
// per user; issuing one more drops the oldest.
inline constexpr size_t kMaxLoginTokens = 16;

// Validates the profile fields a request sets (unset optionals are skipped)
// under `dialect`'s limits: username <= 128 chars (GitpleLive 150), image url
// <= 2048 chars, both valid UTF-8 (else kParamsBindingError); data within the
// dialect's metadata limits (else kInvalidMetaData).
absl::Status ValidateProfile(Dialect dialect,
                             const std::optional<std::string>& username,
                             const std::optional<std::string>& image_url,
                             const std::optional<Metadata>& data);

// kParamsBindingError unless `password` is valid UTF-8 without NUL bytes
// (crypt() takes a C string, so a NUL would silently truncate it) and at
// most kMaxPasswordBytes long.
absl::Status ValidatePassword(std::string_view password);

// The error for a password that Prepare left in its command because it is
// not acceptable (ValidatePassword's), or, should hashing itself have failed,
// kParamsBindingError.
absl::Status RefusedPassword(std::string_view password);

// bcrypt hash of `password` at options.password_cost; "" if `password` is
// empty or not acceptable. Only the first 72 bytes count (bcrypt's limit).
// The salt is HMAC-SHA256 keyed by options.token_secret over (seed, user id,
// password): deterministic for a replay and for tests, unpredictable without
// the secret. Pure: reads only `options`; runs in Engine::Prepare.
std::string HashPassword(const EngineOptions& options, std::string_view user_id,
                         std::string_view password);

// Advances the token stream by the one draw that setting a password has
// always taken (the salt's, before hashing moved to Prepare). Keeps the
// login and session tokens that follow identical to those of existing state
// files, journals and golden conversations.
void ConsumeSaltDraw(State& s);

// True if `password` hashes to `hash` (compared in constant time). False
// for an empty hash.
bool PasswordMatches(std::string_view hash, std::string_view password);

// Login tokens, session tokens, session ids and salts are HMAC-SHA256 values
// keyed by options.token_secret over (seed, purpose, counter), the counter
// being s.token_random's (saved by snapshots): deterministic for a given
// secret and seed, unpredictable without the secret.

// Issues a new login token for `u` per options.last_login_token_wins.
std::string IssueToken(State& s, UserRecord& u);

// Opens a session for `u`.
Session OpenSession(State& s, UserId u);

// Ends every session of `u`.
void EndSessions(State& s, UserRecord& u);

// Applies the set profile fields of live user `u` (the username through
// SetUsername); returns true if any was set.
bool ApplyProfile(State& s, UserId u,
                  const std::optional<std::string>& username,
                  const std::optional<std::string>& image_url,
                  const std::optional<Metadata>& data);

// Sets the username of live user `u` and keeps the name index (U10).
void SetUsername(State& s, UserId u, std::string username);

// LiveUser (engine/access.h) for a call of the users area that goes on to
// change the user: the record, writable. kUserNotFound unless `u` is live.
absl::StatusOr<UserRecord*> LiveUserToChange(State& s, UserId u);

// Creates a live user named `id` (not taken) at `t`, with no login token and
// no username; indexes its id (U10).
UserId AddUser(State& s, std::string_view id, Millis t);

// Drops live user `u` from both search indexes (U10), before it is deleted.
void UnindexUser(State& s, UserId u);

}  // namespace banter::internal

#endif  // BANTER_ENGINE_USERS_USER_OPS_H_
