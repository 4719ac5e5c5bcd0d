#include "engine/users/user_ops.h"

#include <crypt.h>
#include <sodium/crypto_auth_hmacsha256.h>

#include <array>
#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "banter/error.h"
#include "engine/access.h"
#include "engine/core/check.h"
#include "engine/core/fold.h"
#include "engine/core/status_macros.h"
#include "engine/core/strings.h"
#include "engine/core/validate.h"
#include "engine/users/users_key.h"

namespace banter::internal {
namespace {

constexpr size_t kMaxUsername = 128;
// GitpleLive documents no user name limit; its channel names allow 150, so we
// take that rather than refusing names its clients may send.
constexpr size_t kMaxGitpleUsername = 150;
constexpr size_t kMaxImageUrl = 2048;
constexpr int kSaltBytes = 16;

// What a secret is for, mixed into its HMAC message so that a login token,
// a session token, a session id and a salt drawn at the same counter are
// unrelated values.
enum class Purpose : unsigned char {
  kLoginToken = 'L',
  kSessionToken = 'S',
  kSessionId = 'I',
  kSalt = 'P',
};

// HMAC-SHA256(key = options.token_secret,
//             message = seed (8 bytes LE) || purpose (1 byte) || counter
//             (8 bytes LE)), over the next value of the token counter.
//
// Why this shape: the counter lives in State::token_random (snapshots save
// it), so a replay from the same seed and secret yields the same secrets,
// while without the secret the output is unpredictable even to someone who
// knows the seed and every earlier token (HMAC is a PRF). The previous
// generator (SplitMix over seed ^ FNV(secret)) was invertible: one token
// leaked the stream key and with it every future token.
//
// libsodium's HMAC-SHA256 is pure computation and needs no sodium_init()
// (that call seeds libsodium's RNG, which may open /dev/urandom: I/O the
// engine must not do).
std::array<unsigned char, crypto_auth_hmacsha256_BYTES> DrawSecret(
    State& s, Purpose purpose) {
  const uint64_t counter = s.token_random->counter() + 1;
  s.token_random.Mutable(kUsersKey).set_counter(counter);
  unsigned char message[17];
  for (int i = 0; i < 8; ++i) {
    message[i] = static_cast<unsigned char>(s.options.seed >> (8 * i));
    message[9 + i] = static_cast<unsigned char>(counter >> (8 * i));
  }
  message[8] = static_cast<unsigned char>(purpose);
  const std::string& key = s.options.token_secret;
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(
      &st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, message, sizeof message);
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256_final(&st, mac.data());
  return mac;
}

// The first `digits` lowercase hex digits of a fresh secret.
std::string SecretHex(State& s, Purpose purpose, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  BANTER_DCHECK(digits > 0 &&
                digits <= 2 * static_cast<int>(crypto_auth_hmacsha256_BYTES));
  const auto mac = DrawSecret(s, purpose);
  std::string out(static_cast<size_t>(digits), '0');
  for (int i = 0; i < digits; ++i) {
    const unsigned char byte = mac[static_cast<size_t>(i / 2)];
    out[static_cast<size_t>(i)] = kHex[i % 2 == 0 ? byte >> 4 : byte & 15];
  }
  return out;
}

}  // namespace

absl::Status ValidateProfile(Dialect dialect,
                             const std::optional<std::string>& username,
                             const std::optional<std::string>& image_url,
                             const std::optional<Metadata>& data) {
  const bool gitple = dialect == Dialect::kGitpleLive;
  if (username.has_value() &&
      !FitsChars(*username, gitple ? kMaxGitpleUsername : kMaxUsername)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "username too long or not UTF-8");
  }
  if (image_url.has_value() && !FitsChars(*image_url, kMaxImageUrl)) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "profileImageUrl too long or not UTF-8");
  }
  if (data.has_value() &&
      !IsValidMetadata(*data, gitple ? kGitpleMeta : kTalkPlusMetadata)) {
    return MakeError(ErrorCode::kInvalidMetaData, "invalid user data");
  }
  return absl::OkStatus();
}

absl::Status ValidatePassword(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return MakeError(ErrorCode::kParamsBindingError,
                     absl::StrCat("password longer than ", kMaxPasswordBytes,
                                  " bytes"));
  }
  if (!IsValidUtf8(password) || password.find('\0') != std::string_view::npos) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "password is not UTF-8 text");
  }
  return absl::OkStatus();
}

absl::Status RefusedPassword(std::string_view password) {
  absl::Status st = ValidatePassword(password);
  if (!st.ok()) return st;
  return MakeError(ErrorCode::kParamsBindingError,
                   "password could not be hashed");
}

namespace {

// bcrypt reads at most 72 bytes of a password; libxcrypt refuses longer
// phrases outright (the crash of issue #14), so both hashing and checking
// pass only the part that counts.
constexpr size_t kBcryptMaxBytes = 72;

std::string Phrase(std::string_view password) {
  return std::string(password.substr(0, kBcryptMaxBytes));
}

}  // namespace

std::string HashPassword(const EngineOptions& options, std::string_view user_id,
                         std::string_view password) {
  if (password.empty() || !ValidatePassword(password).ok()) return "";
  // Salt: HMAC(secret, seed || 'P' || len(user id) || user id || password).
  // The length prefix keeps (user id, password) pairs from colliding.
  unsigned char prefix[17];
  for (int i = 0; i < 8; ++i) {
    prefix[i] = static_cast<unsigned char>(options.seed >> (8 * i));
    prefix[9 + i] = static_cast<unsigned char>(
        static_cast<uint64_t>(user_id.size()) >> (8 * i));
  }
  prefix[8] = static_cast<unsigned char>(Purpose::kSalt);
  const std::string& key = options.token_secret;
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(
      &st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, prefix, sizeof prefix);
  crypto_auth_hmacsha256_update(
      &st, reinterpret_cast<const unsigned char*>(user_id.data()),
      user_id.size());
  crypto_auth_hmacsha256_update(
      &st, reinterpret_cast<const unsigned char*>(password.data()),
      password.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac;
  crypto_auth_hmacsha256_final(&st, mac.data());
  static_assert(kSaltBytes <= crypto_auth_hmacsha256_BYTES);
  char rbytes[kSaltBytes];
  for (int i = 0; i < kSaltBytes; ++i) rbytes[i] = static_cast<char>(mac[i]);
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  const char* salt = crypt_gensalt_rn(
      "$2b$", static_cast<unsigned long>(options.password_cost), rbytes,
      kSaltBytes, setting, sizeof setting);
  if (salt == nullptr) return "";
  // crypt_data is ~32 KiB: too big for the stack of an embedder's thread.
  auto data = std::make_unique<crypt_data>();
  const std::string phrase = Phrase(password);
  const char* hash =
      crypt_rn(phrase.c_str(), setting, data.get(), sizeof *data);
  if (hash == nullptr || hash[0] == '*') return "";
  return std::string(hash);
}

void ConsumeSaltDraw(State& s) { (void)DrawSecret(s, Purpose::kSalt); }

bool PasswordMatches(std::string_view hash, std::string_view password) {
  if (hash.empty() || password.find('\0') != std::string_view::npos) {
    return false;
  }
  auto data = std::make_unique<crypt_data>();
  const std::string phrase = Phrase(password);
  const std::string setting(hash);
  const char* got =
      crypt_rn(phrase.c_str(), setting.c_str(), data.get(), sizeof *data);
  if (got == nullptr) return false;
  return SecretEquals(got, hash);
}

std::string IssueToken(State& s, UserRecord& u) {
  std::string token = SecretHex(s, Purpose::kLoginToken, kLoginTokenHex);
  if (s.options.last_login_token_wins) {
    u.login_tokens.clear();
  } else if (u.login_tokens.size() >= kMaxLoginTokens) {
    u.login_tokens.erase(u.login_tokens.begin());
  }
  u.login_tokens.push_back(token);
  return token;
}

Session OpenSession(State& s, UserId u) {
  Session session;
  session.user = u;
  session.session_token =
      SecretHex(s, Purpose::kSessionToken, kSessionTokenHex);
  session.session_id = SecretHex(s, Purpose::kSessionId, kSessionIdHex);
  // 192 random bits: a collision means a broken generator, not bad luck.
  auto [it, inserted] = s.users.MutableSessions(kUsersKey).emplace(
      session.session_token, SessionRecord{u, session.session_id});
  BANTER_CHECK(inserted);
  s.users.Mutable(u, kUsersKey).sessions.push_back(session.session_token);
  return session;
}

void EndSessions(State& s, UserRecord& u) {
  for (const std::string& token : u.sessions)
    s.users.MutableSessions(kUsersKey).erase(token);
  u.sessions.clear();
}

bool ApplyProfile(State& s, UserId user,
                  const std::optional<std::string>& username,
                  const std::optional<std::string>& image_url,
                  const std::optional<Metadata>& data) {
  UserRecord& u = s.users.Mutable(user, kUsersKey);
  if (username.has_value()) SetUsername(s, user, *username);
  if (image_url.has_value()) u.profile_image_url = *image_url;
  if (data.has_value()) u.data = *data;
  return username.has_value() || image_url.has_value() || data.has_value();
}

void SetUsername(State& s, UserId user, std::string username) {
  UserRecord& u = s.users.Mutable(user, kUsersKey);
  BANTER_DCHECK(u.live);
  if (u.username == username) return;
  if (!u.username.empty()) {
    s.users.MutableNameIndex(kUsersKey).Erase(FoldedCopy(u.username),
                                              user.value());
  }
  u.username = std::move(username);
  if (!u.username.empty()) {
    s.users.MutableNameIndex(kUsersKey).Insert(FoldedCopy(u.username),
                                               user.value());
  }
}

absl::StatusOr<UserRecord*> LiveUserToChange(State& s, UserId u) {
  BANTER_RETURN_IF_ERROR(LiveUser(s, u).status());
  return &s.users.Mutable(u, kUsersKey);
}

UserId AddUser(State& s, std::string_view id, Millis t) {
  UserId handle = s.users.MutableNames(kUsersKey).Add(id);
  BANTER_DCHECK(handle.value() == s.users.size());
  UserRecord& u = s.users.Append(kUsersKey);
  s.user_channels.AddUser(handle);
  u.created_at = t;
  u.updated_at = t;
  s.users.SyncAccess(handle, kUsersKey);
  s.users.MutableIdIndex(kUsersKey).Insert(id, handle.value());
  return handle;
}

void UnindexUser(State& s, UserId user) {
  const UserRecord& u = s.users.Record(user);
  s.users.MutableIdIndex(kUsersKey).Erase(s.users.names().Name(user),
                                          user.value());
  if (!u.username.empty()) {
    s.users.MutableNameIndex(kUsersKey).Erase(FoldedCopy(u.username),
                                              user.value());
  }
}

}  // namespace banter::internal
