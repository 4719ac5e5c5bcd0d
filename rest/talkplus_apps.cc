// App endpoints (spec §7.6 proposal, §13 #27): /v1.4/api/apps/..., with an
// app's app-id + api-key. Any app's credentials may create a new app (the
// server is one account, as a dashboard login would be), but an app's
// credentials reach that app only: get, update and delete name the caller's
// own app, so no request authenticated for one app reads or changes another
// (docs/rest.md, tests/rest/isolation_test.cc).
#include <limits>

#include "banter/rest/json_input.h"
#include "banter/rest/server.h"
#include "engine/core/strings.h"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"
#include "rest/talkplus_routes.h"

namespace banter::rest {
namespace {

namespace json = boost::json;
using Result = absl::StatusOr<json::value>;

json::object RateLimitsJson(const RateLimitConfig& config) {
  json::object o;
  for (int i = 0; i < kRateClassCount; ++i) {
    const TokenBucket& b = config.buckets[i];
    json::object bucket;
    bucket["capacity"] = b.capacity;
    bucket["refillPerSecond"] = b.refill_per_second;
    o[JsonSv(RateClassName(static_cast<RateClass>(i)))] = std::move(bucket);
  }
  return o;
}

json::object AppJson(const AppInfo& app, bool with_key) {
  json::object o;
  o["id"] = JsonSv(app.id);
  o["name"] = JsonSv(app.name);
  o["anonymousLoginAllowed"] = app.anonymous_login_allowed;
  o["isDeactivated"] = app.deactivated;
  o["rateLimits"] = RateLimitsJson(app.rate_limits);
  o["createdAt"] = app.created_at;
  // The key is shown once, when the app is created.
  if (with_key) o["apiKey"] = JsonSv(app.api_key);
  return o;
}

// {"message": {"capacity": 5, "refillPerSecond": 1}, ...}: classes not named
// keep their current bucket.
absl::Status ReadRateLimits(const json::object& body, RateLimitConfig* out) {
  const json::value* v = body.if_contains("rateLimits");
  if (v == nullptr || v->is_null()) return absl::OkStatus();
  const json::object* classes = v->if_object();
  if (classes == nullptr) {
    return Error(ErrorCode::kParamsBindingError,
                 "field 'rateLimits' must be an object");
  }
  for (const auto& kv : *classes) {
    const std::string_view name(kv.key().data(), kv.key().size());
    std::optional<RateClass> c = ParseRateClass(name);
    if (!c.has_value()) {
      return Error(ErrorCode::kParamsBindingError,
                   Cat("unknown rate-limit class '", name, "'"));
    }
    const json::object* bucket = kv.value().if_object();
    if (bucket == nullptr) {
      return Error(ErrorCode::kParamsBindingError,
                   Cat("rate limit '", name, "' must be an object"));
    }
    constexpr int64_t kMax = std::numeric_limits<int32_t>::max();
    REST_ASSIGN_OR_RETURN(std::optional<int64_t> capacity,
                          OptInt(*bucket, "capacity", 0, kMax));
    REST_ASSIGN_OR_RETURN(std::optional<int64_t> refill,
                          OptInt(*bucket, "refillPerSecond", 0, kMax));
    TokenBucket& b = (*out)[*c];
    if (capacity.has_value()) b.capacity = *capacity;
    if (refill.has_value()) b.refill_per_second = *refill;
  }
  return absl::OkStatus();
}

absl::StatusOr<AppSettings> ReadSettings(const Call& c,
                                         const RateLimitConfig& current) {
  AppSettings s;
  REST_RETURN_IF_ERROR(Read(c, "name", &s.name));
  REST_RETURN_IF_ERROR(Read(c, "anonymousLoginAllowed", &s.anonymous_login_allowed));
  REST_RETURN_IF_ERROR(Read(c, "isDeactivated", &s.deactivated));
  if (c.body.contains("rateLimits")) {
    RateLimitConfig limits = current;
    REST_RETURN_IF_ERROR(ReadRateLimits(c.body, &limits));
    s.rate_limits = limits;
  }
  return s;
}

Result CreateApp(const Call& c) {
  // Only the holder of the process's master key creates apps; an app's own
  // key is not enough (issue #14: any tenant could create apps).
  const std::string& master = c.server.options().master_key;
  const std::string* given = FindHeader(c.request.headers, "master-key");
  if (master.empty() || given == nullptr ||
      !internal::SecretEquals(*given, master)) {
    return Error(ErrorCode::kUnauthorized,
                 master.empty() ? "creating apps over REST is disabled (no "
                                  "master key was given to the process)"
                                : "missing or wrong master-key header");
  }
  const size_t max_apps = c.server.options().max_apps;
  if (max_apps != 0 && c.server.AppIds().size() >= max_apps) {
    return Error(ErrorCode::kAppQuotaExceeded,
                 Cat("the server holds its quota of ", std::to_string(max_apps), " apps"));
  }
  std::string id, key;
  REST_RETURN_IF_ERROR(Read(c, "appId", &id));
  REST_RETURN_IF_ERROR(Read(c, "apiKey", &key));
  REST_ASSIGN_OR_RETURN(AppSettings s,
                        ReadSettings(c, c.server.options().rate_limits));
  if (id.empty()) id = c.server.NextAppId();
  REST_ASSIGN_OR_RETURN(AppInfo app, c.server.CreateApp(id, key, s, c.now));
  return Wrap("app", AppJson(app, true));
}

// The app named by the path, if it is the caller's own. Another app's id,
// existing or not, gets 1006 like wrong credentials: the answer must not
// tell which app ids exist.
absl::StatusOr<AppInfo> OwnApp(const Call& c) {
  const std::string& id = c.Param("appId");
  if (id != c.app_id) {
    return Error(ErrorCode::kUnauthorized,
                 "these credentials are not for this app");
  }
  std::optional<AppInfo> app = c.server.GetApp(id);
  if (!app.has_value()) return Error(ErrorCode::kAppNotFound, "no such app");
  return *app;
}

Result GetApp(const Call& c) {
  absl::StatusOr<AppInfo> app = OwnApp(c);
  if (!app.ok()) return app.status();
  return Wrap("app", AppJson(*app, false));
}

Result UpdateApp(const Call& c) {
  absl::StatusOr<AppInfo> app = OwnApp(c);
  if (!app.ok()) return app.status();
  REST_ASSIGN_OR_RETURN(AppSettings s, ReadSettings(c, app->rate_limits));
  REST_ASSIGN_OR_RETURN(AppInfo updated, c.server.UpdateApp(app->id, s));
  return Wrap("app", AppJson(updated, false));
}

Result DeleteApp(const Call& c) {
  absl::StatusOr<AppInfo> app = OwnApp(c);
  if (!app.ok()) return app.status();
  REST_RETURN_IF_ERROR(c.server.DeleteApp(app->id));
  return json::object();
}

}  // namespace

void RegisterAppRoutes(Server& server) {
  const Flavor* f = &TalkPlusFlavor();
  server.AddRoute({Method::kPost, "/v1.4/api/apps/create", Auth::kApiKey,
                   RateClass::kWrite, &CreateApp, f});
  server.AddRoute({Method::kGet, "/v1.4/api/apps/:appId", Auth::kApiKey,
                   RateClass::kRead, &GetApp, f});
  server.AddRoute({Method::kPut, "/v1.4/api/apps/:appId", Auth::kApiKey,
                   RateClass::kWrite, &UpdateApp, f});
  server.AddRoute({Method::kDelete, "/v1.4/api/apps/:appId", Auth::kApiKey,
                   RateClass::kWrite, &DeleteApp, f});
}

}  // namespace banter::rest
