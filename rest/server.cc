#include "banter/rest/server.h"

#include <sodium/crypto_auth_hmacsha256.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <limits>
#include <utility>

#include "absl/base/internal/raw_logging.h"
#include "absl/strings/escaping.h"
#include "boost/json/parse.hpp"
#include "boost/json/serialize.hpp"
#include "banter/durability.h"
#include "banter/rest/json_input.h"
#include "banter/rest/query.h"
#include "engine/core/strings.h"
#include "rest/app_json.h"
#include "rest/events.h"
#include "rest/feature_routes.h"
#include "rest/gitplelive_routes.h"
#include "rest/presence_events.h"
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
  // Beside the engine, which it reads: declared after it, destroyed first.
  std::unique_ptr<PresenceRenderer> presence_sink;
  std::unique_ptr<Presence> presence;
};

Server::Server(ServerOptions options) : options_(std::move(options)) {
  RegisterTalkPlusRoutes(*this);
  RegisterGitpleLiveRoutes(*this);
  RegisterPresenceRoutes(*this);
  RegisterWordFilterRoutes(*this);
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
  AppInfo info;
  info.id = std::string(app_id);
  info.api_key = api_key.empty() ? NextHex(64) : std::string(api_key);
  info.name = settings.name.value_or("");
  info.anonymous_login_allowed = settings.anonymous_login_allowed.value_or(false);
  info.deactivated = settings.deactivated.value_or(false);
  info.created_at = std::max(now, now_);
  info.rate_limits = settings.rate_limits.value_or(options_.rate_limits);
  std::unique_ptr<App> app = NewApp(std::move(info));
  if (now_ > 0) app->engine->AdvanceTime(now_);

  AppInfo created = app->info;
  apps_.emplace(app->info.id, std::move(app));
  return created;
}

std::unique_ptr<Server::App> Server::NewApp(AppInfo info) const {
  auto app = std::make_unique<App>();
  app->info = std::move(info);
  app->sink = std::make_unique<EventRenderer>(&events_, &unfinished_);
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
  app->presence_sink =
      std::make_unique<PresenceRenderer>(&events_, app->engine.get());
  PresenceOptions po;
  po.sink = app->presence_sink.get();
  app->presence = std::make_unique<Presence>(*app->engine, po);
  return app;
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

Presence* Server::FindPresence(std::string_view app_id) {
  App* app = FindApp(app_id);
  return app == nullptr ? nullptr : app->presence.get();
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
  // The server's clock never runs backwards; each app's engine is moved
  // to it only by requests for that app (Dispatch), so one tenant's
  // requests never expire another's mutes, and a request for an unknown
  // app costs O(1) (issue #14, finding 7).
  now_ = std::max(now_, request.now);
  Response response = Guarded(request, now_, Mode::kHandle, nullptr);
  FinishEvents();
  events_ = nullptr;
  return response;
}

void Server::FinishEvents() {
  // Finish may not add renderers (it emits nothing), so the list is stable.
  for (EventRenderer* r : unfinished_) r->Finish();
  unfinished_.clear();
}

Response Server::Read(const Request& request) {
  events_ = nullptr;
  return Guarded(request, now_, Mode::kRead, nullptr);
}

bool Server::IsLocal(const Request& request) const {
  if (request.target.size() > options_.max_target_bytes) return false;
  absl::StatusOr<Target> target = ParseTarget(request.target);
  if (!target.ok()) return false;
  const Router::Match match =
      router_.Find(ParseMethod(request.method), target->segments);
  return match.outcome == Router::Outcome::kFound &&
         routes_[match.route].local;
}

Response Server::HandleLocal(const Request& request,
                             std::vector<EventLine>* events) {
  events_ = events;
  // The server's clock is replicated state: a local request reads it but
  // does not move it.
  Response response =
      Guarded(request, std::max(now_, request.now), Mode::kLocal, nullptr);
  FinishEvents();
  events_ = nullptr;
  return response;
}

std::optional<Server::PasswordWork> Server::PasswordWorkOf(
    const Request& request) {
  events_ = nullptr;
  std::optional<PasswordWork> work;
  Guarded(request, now_, Mode::kPasswordWork, &work);
  return work;
}

Response Server::Guarded(const Request& request, Millis now, Mode mode,
                         std::optional<PasswordWork>* work) {
  Response response;
  try {
    response = Dispatch(request, now, mode, work);
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
  app->presence->AdvanceTime(now);
  FinishEvents();
  events_ = saved;
  return out;
}

Response Server::ErrorResponse(const Request& request,
                               const absl::Status& status) const {
  const Flavor& flavor = FlavorForPath(request.target);
  Response response = flavor.render_error(status);
  if (flavor.finish_error != nullptr) {
    flavor.finish_error(*this, request, now_, &response);
  }
  return response;
}

void Server::DoPasswordWork(PasswordWork& work, Request* request) {
  Engine::PrepareWith(work.options, work.inputs, work.command);
  std::optional<std::string> prepared;
  if (const auto* c = std::get_if<cmd::CreateUser>(&work.command)) {
    if (!c->password_hash.empty()) prepared = c->password_hash;
  } else if (const auto* c = std::get_if<cmd::ChangePassword>(&work.command)) {
    if (!c->password_hash.empty()) prepared = c->password_hash;
  } else if (const auto* c =
                 std::get_if<cmd::IssueLoginToken>(&work.command)) {
    prepared = c->verified_hash;  // "" when the password did not match
  }
  if (!prepared.has_value()) return;  // refused: Handle answers with its code
  if (const std::string* text = std::get_if<std::string>(&request->body)) {
    // The route read its password from this text, so it parses (within
    // the limits Handle applied; the depth here only bounds the parser).
    absl::StatusOr<json::value> v = ParseJson(*text, 64);
    if (!v.ok()) return;
    request->body = *std::move(v);
  }
  json::object* body = std::get<json::value>(request->body).if_object();
  if (body == nullptr) return;
  body->erase("password");
  request->prepared_password = *std::move(prepared);
}

namespace {

constexpr std::string_view kStateKind = "banter rest server";
constexpr int64_t kStateFormat = 1;

}  // namespace

json::object Server::StateJson() const {
  json::array apps;
  for (const auto& [id, app] : apps_) {
    json::array buckets;
    for (const App::Bucket& b : app->buckets) {
      buckets.push_back(json::array{b.started, b.milli_tokens, b.last});
    }
    apps.push_back(json::object{{"app", AppToJson(app->info)},
                                {"buckets", std::move(buckets)}});
  }
  return json::object{{"format", kStateFormat},
                      {"now", now_},
                      {"counter", random_counter_},
                      {"apps", std::move(apps)}};
}

std::string Server::WriteState() const {
  Sections sections;
  sections.emplace_back("server", json::serialize(StateJson()));
  for (const auto& [id, app] : apps_) {
    sections.emplace_back(Cat("app:", id), banter::WriteSnapshot(*app->engine));
  }
  return WriteSections(kStateKind, sections);
}

absl::Status Server::ReadState(std::string_view bytes) {
  if (!apps_.empty()) {
    return absl::FailedPreconditionError("ReadState needs a server without apps");
  }
  absl::StatusOr<Sections> sections = ReadSections(kStateKind, bytes);
  if (!sections.ok()) return sections.status();
  auto bad = [](std::string_view what) {
    return absl::DataLossError(Cat("server state: ", what));
  };
  if (sections->empty() || (*sections)[0].first != "server") {
    return bad("no server section");
  }
  boost::system::error_code ec;
  const json::value root = json::parse((*sections)[0].second, ec);
  const json::object* o = ec ? nullptr : root.if_object();
  if (o == nullptr) return bad("malformed server section");
  const json::value* format = o->if_contains("format");
  const json::value* now = o->if_contains("now");
  const json::value* counter = o->if_contains("counter");
  const json::value* apps = o->if_contains("apps");
  if (!format || !format->is_int64() || !now || !now->is_int64() ||
      !counter || !(counter->is_uint64() || counter->is_int64()) || !apps ||
      !apps->is_array()) {
    return bad("malformed server section");
  }
  if (format->as_int64() != kStateFormat) {
    return absl::FailedPreconditionError(
        Cat("server state format ", std::to_string(format->as_int64()),
            " is not readable"));
  }
  const json::array& list = apps->as_array();
  if (list.size() + 1 != sections->size()) return bad("apps and engines differ");
  std::map<std::string, std::unique_ptr<App>, std::less<>> loaded;
  for (size_t i = 0; i < list.size(); ++i) {
    const json::object* entry = list[i].if_object();
    if (entry == nullptr || !entry->contains("app") ||
        !entry->contains("buckets")) {
      return bad("malformed app");
    }
    absl::StatusOr<AppInfo> info = AppFromJson(entry->at("app"));
    if (!info.ok()) return info.status();
    const auto& [name, snapshot] = (*sections)[i + 1];
    if (name != Cat("app:", info->id) || loaded.contains(info->id)) {
      return bad(Cat("no engine for app ", info->id));
    }
    std::unique_ptr<App> app = NewApp(*std::move(info));
    absl::StatusOr<Engine> engine =
        banter::ReadSnapshot(snapshot, app->engine->options());
    if (!engine.ok()) return engine.status();
    *app->engine = *std::move(engine);
    const json::array* buckets = entry->at("buckets").if_array();
    if (buckets == nullptr || buckets->size() != app->buckets.size()) {
      return bad("malformed buckets");
    }
    for (size_t b = 0; b < buckets->size(); ++b) {
      const json::array* t = (*buckets)[b].if_array();
      if (t == nullptr || t->size() != 3 || !(*t)[0].is_bool() ||
          !(*t)[1].is_int64() || !(*t)[2].is_int64()) {
        return bad("malformed bucket");
      }
      app->buckets[b] = {(*t)[0].as_bool(), (*t)[1].as_int64(),
                         (*t)[2].as_int64()};
    }
    const std::string id = app->info.id;
    loaded.emplace(id, std::move(app));
  }
  apps_ = std::move(loaded);
  now_ = now->as_int64();
  random_counter_ = counter->is_uint64()
                        ? counter->as_uint64()
                        : static_cast<uint64_t>(counter->as_int64());
  return absl::OkStatus();
}

std::string Server::Digest() const {
  // FNV-1a 64, as StateDigest: a fingerprint for comparing replicas, not a
  // defence against anyone.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(json::serialize(StateJson()));
  for (const auto& [id, app] : apps_) {
    mix(Cat("\n", id, " ", StateDigest(*app->engine)));
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[i] = kHex[h & 15];
  return out;
}

Response Server::Dispatch(const Request& request, Millis now, Mode mode,
                          std::optional<PasswordWork>* work) {
  const Flavor& path_flavor = FlavorForPath(request.target);
  if (mode == Mode::kRead && ParseMethod(request.method) != Method::kGet) {
    return Fail(path_flavor, ErrorCode::kParamsBindingError,
                Cat("method ", request.method, " is not a read"), 405);
  }
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
  if (mode == Mode::kLocal && !route.local) {
    return Fail(flavor, ErrorCode::kParamsBindingError,
                "not a per-process request", 405);
  }

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

  if (mode == Mode::kHandle) {
    // Time, once the caller has proven it speaks for this app: the app's
    // expiries reached by the request's `now` are printed before its
    // response, whatever the request turns out to be. Only this app's clock
    // moves.
    app->engine->AdvanceTime(now);
    app->presence->AdvanceTime(now);
    if (!TakeToken(*app, route.rate_class, now)) {
      return Fail(flavor, ErrorCode::kTooManyRequests,
                  Cat("rate limit of class ", RateClassName(route.rate_class)));
    }
  } else if (mode == Mode::kLocal) {
    // Presence keeps its own clock; the engine's and the rate-limit
    // buckets are replicated state and stay as they are.
    app->presence->AdvanceTime(now);
  } else {
    // Reads and password work change nothing: the app's own time.
    now = app->engine->now();
    if (mode == Mode::kPasswordWork && route.password_command == nullptr) {
      return Response{};
    }
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
  if (mode == Mode::kPasswordWork) {
    std::optional<Command> command = route.password_command(call);
    if (command.has_value() && NeedsPrepare(*command)) {
      work->emplace(PasswordWork{app->engine->options(),
                                 app->engine->PrepareInputsOf(*command),
                                 *std::move(command)});
    }
    return Response{};
  }
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
