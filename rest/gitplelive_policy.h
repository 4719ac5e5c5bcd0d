// The GitpleLive dialect's policy (docs/gitplelive.md): the limits and rules
// that belong to this platform and not to the domain core, and the mapping of
// the core's error codes onto this dialect's codes and HTTP statuses.
//
// The core already enforces what GitpleLive channels share with the domain
// (channel id ^[a-z0-9_]{4,80}$, name 1..150, profile_url <= 2,048, meta
// rules, the reuse rule, managers, timed bans). What is decided here is what
// only this wire format knows: request-level caps, user id syntax, the file
// size cap, page sizes, and the error table (gitplelive.md §4).
//
// Thread-safety: constants and pure functions.
#ifndef BANTER_REST_GITPLELIVE_POLICY_H_
#define BANTER_REST_GITPLELIVE_POLICY_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"

namespace banter::rest::gitple {

// `members` on channel create and on invite: at most 100 distinct ids per
// request (gitplelive.md §3), checked before any id is looked up.
inline constexpr size_t kMaxMembersPerRequest = 100;
// User ids: ASCII letters, digits, '_' and '-', 1..68 characters (§10 #1: the
// channel-id charset plus upper case and '-'; 68 is the engine's id cap).
inline constexpr size_t kMaxUserIdChars = 68;
// File messages: the platform names a cap (1012) but not its size.
inline constexpr int64_t kMaxFileBytes = int64_t{20} << 20;  // 20 MiB
// Ban durations: seconds >= 0 (0 = until unbanned), at most ~68 years.
inline constexpr int64_t kMaxBanSeconds = 2'147'483'647;
// Page sizes: channel and user lists default 15 (the SDK's default), 1..100;
// message lists default 20, 1..50 (the engine's history page).
inline constexpr int kListDefault = 15;
inline constexpr int kListMax = 100;
inline constexpr int kMessagesDefault = 20;
inline constexpr int kMessagesMax = 50;

// True if `id` is a valid GitpleLive user id.
bool IsValidUserId(std::string_view id);

// One row of gitplelive.md §4.
struct WireError {
  int http_status;
  int code;
  std::string_view message;
};

// The wire error of any failed status: the core's domain codes mapped onto
// this dialect's table; a status without a domain code is 500/9999.
WireError WireErrorOf(const absl::Status& status);

// A failure with a GitpleLive code the core has no domain code for (1015):
// the code rides in a payload that WireErrorOf reads first.
absl::Status DialectError(int code, std::string_view detail);

// Rows used by the adapter itself (credentials, unknown paths).
inline constexpr WireError kUnauthorizedKey{401, 4001, "Unauthorized"};
inline constexpr WireError kUnauthorizedApp{401, 4003,
                                            "Unauthorized application"};
inline constexpr WireError kResourceNotFound{
    400, 1002, "The requested resource could not be found"};
inline constexpr WireError kUserTokenOff{400, 1015,
                                         "User token usage is off"};

}  // namespace banter::rest::gitple

#endif  // BANTER_REST_GITPLELIVE_POLICY_H_
