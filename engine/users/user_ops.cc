#include "engine/users/user_ops.h"

#include <crypt.h>

#include <memory>
#include <utility>

#include "banter/error.h"
#include "engine/core/check.h"
#include "engine/core/validate.h"

namespace banter::internal {
namespace {

constexpr size_t kMaxUsername = 128;
// GitpleLive documents no user name limit; its channel names allow 150, so we
// take that rather than refusing names its clients may send.
constexpr size_t kMaxGitpleUsername = 150;
constexpr size_t kMaxImageUrl = 2048;
constexpr int kSaltBytes = 16;

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
  if (!IsValidUtf8(password) || password.find('\0') != std::string_view::npos) {
    return MakeError(ErrorCode::kParamsBindingError,
                     "password is not UTF-8 text");
  }
  return absl::OkStatus();
}

std::string HashPassword(State& s, std::string_view password) {
  if (password.empty()) return "";
  // Salt from the token stream, so a replay from the same seed and secret
  // stores the same hashes (no entropy source inside the engine).
  char rbytes[kSaltBytes];
  for (int i = 0; i < kSaltBytes; i += 8) {
    uint64_t r = s.token_random.Next();
    for (int k = 0; k < 8; ++k) rbytes[i + k] = static_cast<char>(r >> (8 * k));
  }
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  const char* salt = crypt_gensalt_rn(
      "$2b$", static_cast<unsigned long>(s.options.password_cost), rbytes,
      kSaltBytes, setting, sizeof setting);
  BANTER_CHECK(salt != nullptr);
  // crypt_data is ~32 KiB: too big for the stack of an embedder's thread.
  auto data = std::make_unique<crypt_data>();
  const std::string phrase(password);
  const char* hash =
      crypt_rn(phrase.c_str(), setting, data.get(), sizeof *data);
  BANTER_CHECK(hash != nullptr && hash[0] != '*');
  return std::string(hash);
}

bool PasswordMatches(std::string_view hash, std::string_view password) {
  if (hash.empty() || password.find('\0') != std::string_view::npos) {
    return false;
  }
  auto data = std::make_unique<crypt_data>();
  const std::string phrase(password);
  const std::string setting(hash);
  const char* got =
      crypt_rn(phrase.c_str(), setting.c_str(), data.get(), sizeof *data);
  if (got == nullptr) return false;
  std::string_view candidate(got);
  if (candidate.size() != hash.size()) return false;
  // Constant time: no early exit on the first differing byte.
  unsigned char diff = 0;
  for (size_t i = 0; i < hash.size(); ++i) {
    diff |= static_cast<unsigned char>(candidate[i] ^ hash[i]);
  }
  return diff == 0;
}

std::string IssueToken(State& s, UserRecord& u) {
  std::string token = s.token_random.Hex(kLoginTokenHex);
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
  session.session_token = s.token_random.Hex(kSessionTokenHex);
  session.session_id = s.token_random.Hex(kSessionIdHex);
  // 192 random bits: a collision means a broken generator, not bad luck.
  auto [it, inserted] = s.sessions.emplace(
      session.session_token, SessionRecord{u, session.session_id});
  BANTER_CHECK(inserted);
  s.users[u.value()].sessions.push_back(session.session_token);
  return session;
}

void EndSessions(State& s, UserRecord& u) {
  for (const std::string& token : u.sessions) s.sessions.erase(token);
  u.sessions.clear();
}

bool ApplyProfile(UserRecord& u, const std::optional<std::string>& username,
                  const std::optional<std::string>& image_url,
                  const std::optional<Metadata>& data) {
  if (username.has_value()) u.username = *username;
  if (image_url.has_value()) u.profile_image_url = *image_url;
  if (data.has_value()) u.data = *data;
  return username.has_value() || image_url.has_value() || data.has_value();
}

UserId AddUser(State& s, std::string_view id, Millis t) {
  UserId handle = s.user_names.Add(id);
  BANTER_DCHECK(handle.value() == s.users.size());
  UserRecord& u = s.users.emplace_back();
  u.created_at = t;
  u.updated_at = t;
  return handle;
}

}  // namespace banter::internal
