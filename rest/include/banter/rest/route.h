// What an endpoint is: a route (method + path pattern), how its caller
// authenticates, which rate-limit bucket it draws from, which dialect renders
// its errors, and the handler that does the work.
//
// Handlers are plain functions from a Call (everything the request carries,
// already authenticated and decoded) to a JSON body or a failed Status. The
// Server renders a failure with the route's Flavor, so a handler never builds
// an error envelope itself, and a failed handler must leave the engine as it
// was (each handler makes at most one mutating engine call).
//
// Thread-safety: plain values.
#ifndef BANTER_REST_ROUTE_H_
#define BANTER_REST_ROUTE_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/engine.h"
#include "banter/rest/http.h"
#include "banter/rest/query.h"
#include "banter/rest/router.h"
#include "boost/json/object.hpp"
#include "boost/json/value.hpp"

namespace banter::rest {

class Server;

// How a route's caller proves who it is. Every kind first names the app with
// the flavor's app-id header; unknown or missing answers kUnauthorized.
enum class Auth : uint8_t {
  kApiKey,   // + the app's api key: the app's REST authority (Actor::Admin)
  kAppOnly,  // nothing more: SDK logins, which create the session
  kSession,  // + "Authorization: Bearer <session token>" (Actor::User);
             // missing: kLoginRequired; unknown: kSessionNotFound;
             // malformed: kSessionTokenInvalid
};

// Rate-limit classes. Each app has one token bucket per class.
enum class RateClass : uint8_t {
  kAuth = 0,  // logins, user creation, login tokens
  kRead,      // every GET
  kWrite,     // other changes
  kMessage,   // sending messages
};
inline constexpr int kRateClassCount = 4;
// "auth", "read", "write", "message".
std::string_view RateClassName(RateClass c);
std::optional<RateClass> ParseRateClass(std::string_view name);

// A token bucket: holds at most `capacity` requests and regains
// `refill_per_second` of them per second of request time. capacity 0 means
// no limit. Integer arithmetic on request time only, so limits replay
// exactly.
struct TokenBucket {
  int64_t capacity = 0;
  int64_t refill_per_second = 0;
  friend bool operator==(const TokenBucket&, const TokenBucket&) = default;
};

// Per class; all unlimited by default.
struct RateLimitConfig {
  std::array<TokenBucket, kRateClassCount> buckets{};
  TokenBucket& operator[](RateClass c) {
    return buckets[static_cast<int>(c)];
  }
  const TokenBucket& operator[](RateClass c) const {
    return buckets[static_cast<int>(c)];
  }
  friend bool operator==(const RateLimitConfig&,
                         const RateLimitConfig&) = default;
};

// A dialect's wire conventions: its credential headers and its error
// envelope. Header names compare case-insensitively.
struct Flavor {
  std::string_view name;
  std::string_view app_id_header;
  std::string_view api_key_header;
  // Renders a failed Status (any code, domain or not) as a response.
  Response (*render_error)(const absl::Status& status);
  // Optional: completes every failed response of a path in this flavor with
  // what only the request knows (GitpleLive's "path" and "timestamp", and
  // which credential failed). Runs after render_error; null = nothing.
  void (*finish_error)(const Server& server, const Request& request,
                       Millis now, Response* response) = nullptr;
};

// TalkPlus: "app-id", "api-key", {"error":true,"code":"2003",
// "message":"ChannelNotFound"} with the status of HttpStatusOf; a status
// without a domain code is 500 with code "1003".
const Flavor& TalkPlusFlavor();

// Everything a handler may use. References are valid for the call only.
struct Call {
  Server& server;
  std::string_view app_id;  // the authenticated app
  Engine& engine;           // that app's engine
  Actor actor;              // Admin, or User(session user)
  std::string_view session_token;  // kSession routes: the bearer token
  Millis now;               // effective request time (never decreasing)
  const Request& request;
  const PathParams& params;
  const Query& query;
  // The body as an object; empty when the request has none. Requests whose
  // body is present but not an object never reach a handler.
  const boost::json::object& body;

  // The value of path parameter `name`. Requires: the pattern has it.
  const std::string& Param(std::string_view name) const;
};

using Handler = absl::StatusOr<boost::json::value> (*)(const Call& call);

// For routes whose body carries a password (user create, password change,
// password login): the engine command the handler would run, still holding
// the clear password, so that Server::PasswordWorkOf can hash it ahead of
// Handle. nullopt when the handler would fail before reaching the engine (a
// missing field). Reads only.
using PasswordCommand = std::optional<Command> (*)(const Call& call);

struct RouteSpec {
  Method method;
  std::string pattern;  // "/v1.4/api/channels/:channelId"
  Auth auth;
  RateClass rate_class;
  Handler handler;
  const Flavor* flavor;
  // The status of a successful call (GitpleLive creates answer 201).
  int ok_status = 200;
  // Null for routes without a password. A route with one must honour
  // Request::prepared_password.
  PasswordCommand password_command = nullptr;
  // Changes only per-process state beside the engine (presence and typing,
  // docs/presence.md), never the engine or anything WriteState holds. A
  // replica answers such a request itself (Server::HandleLocal) and never
  // puts it on the stream.
  bool local = false;
};

}  // namespace banter::rest

#endif  // BANTER_REST_ROUTE_H_
