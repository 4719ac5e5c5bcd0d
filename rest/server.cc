#include "banter/rest/server.h"

#include <sodium/crypto_auth_hmacsha256.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <limits>
#include <utility>

#include "absl/base/internal/raw_logging.h"
#include "absl/strings/escaping.h"
#include "banter/rest/json_input.h"
#include "banter/rest/query.h"
#include "engine/core/strings.h"
#include "rest/events.h"
#include "rest/gitplelive_routes.h"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"
#include "rest/talkplus_routes.h"

namespace banter::rest {

namespace json = boost::json;

namespace {

constexpr std::string_view kRateClassNames[] = {"auth", "read", "write",
                                                "message"};
static_assert(std::size(kRateClassNames) == kRateClassCount);

// True if `v` nests at most `max_depth` levels and its serialized size is
// at most about `max_bytes` (strings and keys by their length, every other
// element as a few bytes). Stops as soon as either bound is passed.
bool Spend(size_t* budget, size_t n) {
  if (n > *budget) return false;
  *budget -= n;
  return true;
}

// `depth`: container levels still allowed at `x`, itself included.
bool Within(const json::value& x, int depth, size_t* budget) {
  if (const json::object* o = x.if_object()) {
    if (depth <= 0 || !Spend(budget, 2)) return false;
    for (const auto& kv : *o) {
      if (!Spend(budget, kv.key().size() + 4) ||
          !Within(kv.value(), depth - 1, budget)) {
        return false;
      }
    }
    return true;
  }
  if (const json::array* a = x.if_array()) {
    if (depth <= 0 || !Spend(budget, 2)) return false;
    for (const json::value& e : *a) {
      if (!Spend(budget, 1) || !Within(e, depth - 1, budget)) return false;
    }
    return true;
  }
  if (const json::string* str = x.if_string()) {
    return Spend(budget, str->size() + 2);
  }
  return Spend(budget, 8);
}

bool WithinLimits(const json::value& v, int max_depth, size_t max_bytes) {
  size_t budget = max_bytes;
  return Within(v, max_depth, &budget);
}

// Same character set and length as user ids (spec §1): app ids appear in
// headers and paths.
bool IsValidAppId(std::string_view id) {
  if (id.empty() || id.size() > 68) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                    c == '_' || c == '~' || c == '@' || c == ':';
    if (!ok) return false;
  }
  return true;
}

Response Fail(const Flavor& flavor, ErrorCode code, std::string_view detail,
              int status = 0) {
  Response r = flavor.render_error(Error(code, detail));
  if (status != 0) r.status = status;
  return r;
}

// "Bearer <token>": the scheme is case-insensitive (RFC 7235), the token
// taken as is.
std::optional<std::string_view> BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "bearer";
  if (header.size() <= kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    char c = header[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != kScheme[i]) return std::nullopt;
  }
  if (header[kScheme.size()] != ' ') return std::nullopt;
  std::string_view token = header.substr(kScheme.size() + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

}  // namespace

std::string_view RateClassName(RateClass c) {
  return kRateClassNames[static_cast<int>(c)];
}

std::optional<RateClass> ParseRateClass(std::string_view name) {
  for (int i = 0; i < kRateClassCount; ++i) {
    if (kRateClassNames[i] == name) return static_cast<RateClass>(i);
  }
  return std::nullopt;
}

const Flavor& TalkPlusFlavor() {
  static constexpr Flavor kFlavor{"talkplus", "app-id", "api-key",
                                  &TalkPlusError};
  return kFlavor;
}

const std::string& Call::Param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  ABSL_RAW_LOG(FATAL, "route has no such parameter");
  static const std::string kEmpty;
  return kEmpty;
}

struct Server::App {
  AppInfo info;
  struct Bucket {
    bool started = false;
    int64_t milli_tokens = 0;  // thousandths of a request
    Millis last = 0;
  };
  std::array<Bucket, kRateClassCount> buckets{};
  // Declared before the engine: the engine holds a pointer to it, so it must
  // be destroyed after the engine.
  std::unique_ptr<EventRenderer> sink;
  std::unique_ptr<Engine> engine;
};

Server::Server(ServerOptions options) : options_(std::move(options)) {
  RegisterTalkPlusRoutes(*this);
  RegisterGitpleLiveRoutes(*this);
}

Server::~Server() = default;

void Server::AddRoute(const RouteSpec& route) {
  const int index = router_.Add(route.method, route.pattern);
  ABSL_RAW_CHECK(index == static_cast<int>(routes_.size()),
                 "router and route table out of step");
  routes_.push_back(route);
}

void Server::SetFlavorForPrefix(std::string_view prefix,
                                const Flavor* flavor) {
  prefix_flavors_.emplace_back(std::string(prefix), flavor);
}

const Flavor& Server::FlavorForPath(std::string_view target) const {
  const Flavor* best = &TalkPlusFlavor();
  size_t best_len = 0;
  for (const auto& [prefix, flavor] : prefix_flavors_) {
    // >=: a later registration of the same prefix replaces an earlier one.
    if (target.substr(0, prefix.size()) == prefix &&
        prefix.size() >= best_len) {
      best = flavor;
      best_len = prefix.size();
    }
  }
  return *best;
}

std::string Server::NextHex(int digits) {
  // HMAC-SHA256(key = token_secret, "banter-app" || seed || counter): one-way,
  // so a tenant who sees its own generated id or key learns nothing about
  // the seed, the secret or anyone else's (the SplitMix mix used before could
  // be run backwards to the seed). One MAC per 64 hex digits.
  std::string out;
  out.reserve(digits);
  while (out.size() < static_cast<size_t>(digits)) {
    unsigned char message[10 + 16];
    std::memcpy(message, "banter-app", 10);
    const uint64_t seed = options_.engine.seed;
    const uint64_t counter = ++random_counter_;
    for (int b = 0; b < 8; ++b) {
      message[10 + b] = static_cast<unsigned char>(seed >> (8 * b));
      message[18 + b] = static_cast<unsigned char>(counter >> (8 * b));
    }
    const std::string& key = options_.engine.token_secret;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(
        &st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&st, message, sizeof message);
    crypto_auth_hmacsha256_final(&st, mac);
    out += absl::BytesToHexString(
        absl::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
  }
  out.resize(static_cast<size_t>(digits));
  return out;
}

std::string Server::NextAppId() {
  const std::string h = NextHex(32);
  return Cat(h.substr(0, 8), "-", h.substr(8, 4), "-", h.substr(12, 4), "-",
             h.substr(16, 4), "-", h.substr(20, 12));
}

Server::App* Server::FindApp(std::string_view app_id) {
  auto it = apps_.find(app_id);
  return it == apps_.end() ? nullptr : it->second.get();
}

absl::StatusOr<AppInfo> Server::CreateApp(std::string_view app_id,
                                          std::string_view api_key,
                                          const AppSettings& settings,
                                          Millis now) {
  if (app_id.empty()) {
    return Error(ErrorCode::kInvalidParams, "app id is required");
  }
  if (!IsValidAppId(app_id)) {
    return Error(ErrorCode::kParamsBindingError,
                 "app id must be URI-safe and at most 68 characters");
  }
  if (!IsValidUtf8(api_key)) {
    return Error(ErrorCode::kParamsBindingError, "api key is not valid UTF-8");
  }
  if (apps_.contains(app_id)) {
    return Error(ErrorCode::kAppIdTaken, "app id in use");
  }
  auto app = std::make_unique<App>();
  app->info.id = std::string(app_id);
  app->info.api_key = api_key.empty() ? NextHex(64) : std::string(api_key);
  app->info.name = settings.name.value_or("");
  app->info.anonymous_login_allowed =
      settings.anonymous_login_allowed.value_or(false);
  app->info.deactivated = settings.deactivated.value_or(false);
  app->info.created_at = std::max(now, now_);
  app->info.rate_limits = settings.rate_limits.value_or(options_.rate_limits);

  app->sink = std::make_unique<EventRenderer>(&events_);
  EngineOptions eo = options_.engine;
  eo.sink = app->sink.get();
  eo.anonymous_login_allowed = app->info.anonymous_login_allowed;
  // Two apps started from one seed would otherwise draw the same session
  // tokens, and a token of one app would open a session in the other.
  eo.token_secret =
      Cat(options_.engine.token_secret, "\x1f", app->info.id, "\x1f",
          app->info.api_key);
  app->engine = std::make_unique<Engine>(std::move(eo));
  app->sink->set_engine(app->engine.get());
  app->engine->SetAppDeactivated(app->info.deactivated);
  if (now_ > 0) app->engine->AdvanceTime(now_);

  AppInfo info = app->info;
  apps_.emplace(app->info.id, std::move(app));
  return info;
}

absl::StatusOr<AppInfo> Server::UpdateApp(std::string_view app_id,
                                          const AppSettings& settings) {
  App* app = FindApp(app_id);
  if (app == nullptr) return Error(ErrorCode::kAppNotFound, "no such app");
  if (settings.name.has_value()) app->info.name = *settings.name;
  if (settings.anonymous_login_allowed.has_value()) {
    app->info.anonymous_login_allowed = *settings.anonymous_login_allowed;
    app->engine->SetAnonymousLoginAllowed(*settings.anonymous_login_allowed);
  }
  if (settings.deactivated.has_value()) {
    app->info.deactivated = *settings.deactivated;
    app->engine->SetAppDeactivated(*settings.deactivated);
  }
  if (settings.rate_limits.has_value()) {
    app->info.rate_limits = *settings.rate_limits;
    app->buckets = {};  // new limits start full
  }
  return app->info;
}

absl::Status Server::DeleteApp(std::string_view app_id) {
  auto it = apps_.find(app_id);
  if (it == apps_.end()) return Error(ErrorCode::kAppNotFound, "no such app");
  apps_.erase(it);
  return absl::OkStatus();
}

std::optional<AppInfo> Server::GetApp(std::string_view app_id) const {
  auto it = apps_.find(app_id);
  if (it == apps_.end()) return std::nullopt;
  return it->second->info;
}

std::vector<std::string> Server::AppIds() const {
  std::vector<std::string> ids;
  ids.reserve(apps_.size());
  for (const auto& [id, app] : apps_) ids.push_back(id);
  return ids;
}

Engine* Server::FindEngine(std::string_view app_id) {
  App* app = FindApp(app_id);
  return app == nullptr ? nullptr : app->engine.get();
}

bool Server::TakeToken(App& app, RateClass c, Millis now) {
  const TokenBucket& limit = app.info.rate_limits[c];
  if (limit.capacity <= 0) return true;
  App::Bucket& b = app.buckets[static_cast<int>(c)];
  // Milli-tokens keep the arithmetic in integers: refill_per_second tokens
  // per second is exactly refill_per_second milli-tokens per millisecond.
  constexpr int64_t kCost = 1000;
  const int64_t full =
      limit.capacity > std::numeric_limits<int64_t>::max() / kCost
          ? std::numeric_limits<int64_t>::max()
          : limit.capacity * kCost;
  if (!b.started) {
    b.started = true;
    b.milli_tokens = full;
    b.last = now;
  } else if (now > b.last) {
    const int64_t elapsed = now - b.last;
    const int64_t rate = std::max<int64_t>(limit.refill_per_second, 0);
    if (rate > 0 && elapsed > (full - b.milli_tokens) / rate) {
      b.milli_tokens = full;
    } else {
      b.milli_tokens += elapsed * rate;
    }
    b.last = now;
  }
  if (b.milli_tokens < kCost) return false;
  b.milli_tokens -= kCost;
  return true;
}

Response Server::Handle(const Request& request,
                        std::vector<EventLine>* events) {
  events_ = events;
  Response response;
  try {
    // The server's clock never runs backwards; each app's engine is moved
    // to it only by requests for that app (Dispatch), so one tenant's
    // requests never expire another's mutes, and a request for an unknown
    // app costs O(1) (issue #14, finding 7).
    now_ = std::max(now_, request.now);
    response = Dispatch(request, now_);
    if (response.status >= 400) {
      const Flavor& flavor = FlavorForPath(request.target);
      if (flavor.finish_error != nullptr) {
        flavor.finish_error(*this, request, now_, &response);
      }
    }
  } catch (const std::exception& e) {
    // Nothing in the adapter throws by design (Boost.JSON is used through its
    // non-throwing accessors); this is the last line against a bug or an
    // allocation failure taking the transport down. The answer is in the
    // path's dialect (GitpleLive: 500 / 9999 in its envelope).
    const absl::Status err =
        Error(ErrorCode::kInternalError, Cat("internal error: ", e.what()));
    response = TalkPlusError(err);
    try {
      const Flavor& flavor = FlavorForPath(request.target);
      response = flavor.render_error(err);
      if (flavor.finish_error != nullptr) {
        flavor.finish_error(*this, request, now_, &response);
      }
    } catch (const std::exception&) {
      // Keep the TalkPlus-shaped 500 above.
    }
  }
  events_ = nullptr;
  return response;
}

absl::StatusOr<std::vector<EventLine>> Server::AdvanceTime(
    std::string_view app_id, Millis now) {
  App* app = FindApp(app_id);
  if (app == nullptr) return Error(ErrorCode::kAppNotFound, "no such app");
  std::vector<EventLine> out;
  std::vector<EventLine>* const saved = events_;
  events_ = &out;
  app->engine->AdvanceTime(now);
  events_ = saved;
  return out;
}

Response Server::Dispatch(const Request& request, Millis now) {
  const Flavor& path_flavor = FlavorForPath(request.target);
  if (request.target.size() > options_.max_target_bytes) {
    return Fail(path_flavor, ErrorCode::kParamsBindingError,
                "request target too long");
  }
  absl::StatusOr<Target> target = ParseTarget(request.target);
  if (!target.ok()) return path_flavor.render_error(target.status());

  const Router::Match match =
      router_.Find(ParseMethod(request.method), target->segments);
  if (match.outcome == Router::Outcome::kNotFound) {
    return Fail(path_flavor, ErrorCode::kParamsBindingError, "no such path",
                404);
  }
  if (match.outcome == Router::Outcome::kMethodNotAllowed) {
    return Fail(path_flavor, ErrorCode::kParamsBindingError,
                Cat("method ", request.method, " not allowed on this path"),
                405);
  }
  const RouteSpec& route = routes_[match.route];
  const Flavor& flavor = *route.flavor;

  // Credentials.
  const std::string* app_id = FindHeader(request.headers, flavor.app_id_header);
  if (app_id == nullptr) {
    return Fail(flavor, ErrorCode::kUnauthorized,
                Cat("missing ", flavor.app_id_header, " header"));
  }
  App* app = FindApp(*app_id);
  if (app == nullptr) {
    return Fail(flavor, ErrorCode::kUnauthorized, "unknown app");
  }
  Actor actor = Actor::Admin();
  std::string_view session_token;
  switch (route.auth) {
    case Auth::kApiKey: {
      const std::string* key =
          FindHeader(request.headers, flavor.api_key_header);
      if (key == nullptr ||
          !internal::SecretEquals(*key, app->info.api_key)) {
        return Fail(flavor, ErrorCode::kUnauthorized,
                    Cat("missing or wrong ", flavor.api_key_header));
      }
      break;
    }
    case Auth::kAppOnly:
      break;
    case Auth::kSession: {
      const std::string* auth = FindHeader(request.headers, "authorization");
      if (auth == nullptr) {
        return Fail(flavor, ErrorCode::kLoginRequired,
                    "missing Authorization header");
      }
      std::optional<std::string_view> token = BearerToken(*auth);
      if (!token.has_value()) {
        return Fail(flavor, ErrorCode::kSessionTokenInvalid,
                    "Authorization must be 'Bearer <session token>'");
      }
      absl::StatusOr<UserId> user = app->engine->Authenticate(*token);
      if (!user.ok()) return flavor.render_error(user.status());
      actor = Actor::User(*user);
      session_token = *token;
      break;
    }
  }

  // Time, once the caller has proven it speaks for this app: the app's
  // expiries reached by the request's `now` are printed before its response,
  // whatever the request turns out to be. Only this app's clock moves.
  app->engine->AdvanceTime(now);

  if (!TakeToken(*app, route.rate_class, now)) {
    return Fail(flavor, ErrorCode::kTooManyRequests,
                Cat("rate limit of class ", RateClassName(route.rate_class)));
  }

  // The body. GET bodies have no meaning in HTTP and are ignored.
  json::object empty;
  json::value parsed;
  const json::object* body = &empty;
  if (route.method != Method::kGet) {
    const json::value* value = nullptr;
    if (const std::string* text = std::get_if<std::string>(&request.body)) {
      if (text->size() > options_.max_body_bytes) {
        return Fail(flavor, ErrorCode::kParamsBindingError, "body too large");
      }
      if (!text->empty()) {
        absl::StatusOr<json::value> v =
            ParseJson(*text, options_.max_json_depth);
        if (!v.ok()) return flavor.render_error(v.status());
        parsed = std::move(*v);
        value = &parsed;
      }
    } else {
      // A body handed over already parsed (the JSON Lines transport, an
      // embedder) obeys the same limits as one sent as text.
      value = &std::get<json::value>(request.body);
      if (!WithinLimits(*value, options_.max_json_depth,
                        options_.max_body_bytes)) {
        return Fail(flavor, ErrorCode::kParamsBindingError,
                    "body too large or too deeply nested");
      }
    }
    if (value != nullptr && !value->is_null()) {
      body = value->if_object();
      if (body == nullptr) {
        return Fail(flavor, ErrorCode::kParamsBindingError,
                    "the body must be a JSON object");
      }
    }
  }

  const Call call{*this,        app->info.id,  *app->engine,
                  actor,        session_token, now,
                  request,      match.params,  target->query,
                  *body};
  absl::StatusOr<json::value> result = route.handler(call);
  // `app` may be gone now (DELETE /apps/:appId on itself): only `result`
  // and `flavor` are used from here on.
  if (!result.ok()) return flavor.render_error(result.status());
  Response r;
  r.status = route.ok_status;
  r.body = std::move(*result);
  return r;
}

}  // namespace banter::rest
