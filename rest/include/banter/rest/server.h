// banter::rest::Server: the REST adapters as one pure function.
//
//   Response Handle(const Request&, std::vector<EventLine>* events)
//
// The Server holds the apps (app id -> api key, settings, rate-limit buckets
// and one Engine each) and the route table; Handle maps a request onto engine
// calls and renders the result. It does no I/O, reads no clock and keeps no
// global state: the response and events are a function of the server's state
// and the request, so replaying the same requests from the same options gives
// the same bytes. Transports wrap it (docs/embedding.md); `banter rest` is one.
//
// What Handle does, in order (docs/rest.md has the endpoint table):
//  1. Time: every app's engine is advanced to the request's `now` (never
//     backwards), so expiries (timed mutes, bans) emit their events first;
//     then its presence (typing indicators that expired).
//  2. Route: the path is decoded and matched; unknown path 404, known path
//     with another method 405, undecodable target 400/1001.
//  3. Credentials (per route): app-id (+ api-key, or a session bearer token);
//     failures 401 (1006, 1007, 3001, 3002) or the user's standing (3010).
//  4. Rate limit: the app's bucket for the route's class; empty: 429/1010.
//  5. Body: parsed (raw text) and required to be an object; else 400/1001.
//  6. The handler: engine calls with Actor::Admin (api-key routes) or
//     Actor::User (session routes); errors rendered by the route's flavor.
// Every failure leaves engine state as it was (time aside, step 1).
//
// Apps are isolated: each has its own engine, ids, sessions and buckets; a
// session token of one app means nothing to another.
//
// Thread-safety: not thread-safe; the transport serializes Handle calls.
// Copy/move: neither (engines hold pointers to the server's event sinks).
#ifndef BANTER_REST_SERVER_H_
#define BANTER_REST_SERVER_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "banter/engine.h"
#include "banter/options.h"
#include "banter/presence.h"
#include "banter/rest/http.h"
#include "banter/rest/route.h"
#include "banter/rest/router.h"

namespace banter::rest {

class EventRenderer;

struct ServerOptions {
  // The template every app's engine starts from (seed, password cost,
  // history caps, ...). `sink` is ignored (the server renders events) and
  // `token_secret` is extended with the app's id and key, so two apps never
  // share a token.
  EngineOptions engine;
  // Buckets new apps start with; all unlimited by default.
  RateLimitConfig rate_limits;
  // The key that authorizes creating apps over REST (POST
  // /v1.4/api/apps/create, header `master-key`, besides an existing app's
  // credentials). Empty: no request can create an app; the embedder creates
  // them with CreateApp. Keep it as secret as the token secret.
  std::string master_key;
  // Apps the master key may create (POST /v1.4/api/apps/create answers
  // 7017 AppQuotaExceeded once the server holds this many); 0 = unlimited.
  // Apps the embedder creates itself (CreateApp) are not counted against it.
  size_t max_apps = 1000;
  // Input limits; larger inputs are answered 400/1001.
  size_t max_body_bytes = 1 << 20;
  size_t max_target_bytes = 8 << 10;
  int max_json_depth = 32;
};

// An app as the App endpoints show it.
struct AppInfo {
  std::string id;
  std::string name;
  std::string api_key;
  // Off unless turned on: an anonymous login proves nothing about who calls
  // (docs/decisions.md, D4).
  bool anonymous_login_allowed = false;
  bool deactivated = false;
  Millis created_at = 0;
  RateLimitConfig rate_limits;
  friend bool operator==(const AppInfo&, const AppInfo&) = default;
};

// Settings for CreateApp / UpdateApp; unset fields keep their value
// (CreateApp: the defaults).
struct AppSettings {
  std::optional<std::string> name;
  std::optional<bool> anonymous_login_allowed;
  std::optional<bool> deactivated;
  std::optional<RateLimitConfig> rate_limits;
};

class Server {
 public:
  // Registers the TalkPlus routes (admin, SDK and app endpoints) and the
  // GitpleLive Platform routes (/v1/..., rest/gitplelive_routes.h). No app
  // exists until CreateApp.
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  const ServerOptions& options() const { return options_; }

  // The pure function. `events` (may be null) receives the events the request
  // caused, in order, time-expiry events first. Never throws; no input makes
  // it crash (anything unexpected is a 500 with code 1003).
  Response Handle(const Request& request, std::vector<EventLine>* events);

  // Moves one app's engine time to `now` (never backwards) without a
  // request, and returns the events that time passing caused there (timed
  // mutes, bans and peer mutes ending), stamped at their own instants. No
  // other app's clock moves. For transports that run a timer: call it every
  // second or so, or at the next expiry instant you care about.
  // Errors: kAppNotFound.
  absl::StatusOr<std::vector<EventLine>> AdvanceTime(std::string_view app_id,
                                                     Millis now);

  // ---- Replicas (docs/scale-out.md) -----------------------------------------
  //
  // Processes that each hold a Server and apply one ordered stream of
  // requests with Handle stay identical. These calls let such a process
  // answer reads without changing anything, do a request's bcrypt once
  // before publishing it, and copy or compare whole servers.

  // Answers a GET from the state as it stands: like Handle, but moves no
  // clock (the answer is at the app's engine time), takes no rate-limit
  // token and changes nothing, so a replica answering reads locally never
  // drifts from the others. Any other method is answered 405.
  Response Read(const Request& request);

  // True when `request` names a route that changes only per-process state
  // (RouteSpec::local: presence and typing). A replica answers these with
  // HandleLocal instead of putting them on the stream, so every process
  // keeps its own connections (docs/presence.md). O(path length).
  bool IsLocal(const Request& request) const;
  // Like Handle for a local request: it moves the app's presence clock to
  // the request's time but not the engine's or the server's, takes no
  // rate-limit token (the buckets are replicated state) and changes nothing
  // WriteState or Digest reads. `events` (may be null) receives the
  // presence events it caused. A request that is not local is answered 405.
  Response HandleLocal(const Request& request, std::vector<EventLine>* events);

  // The slow, state-free part of a request, in two steps like
  // Engine::PrepareInputsOf and PrepareWith: PasswordWorkOf is quick (it
  // routes the request, checks its credentials and reads one user's hash;
  // it changes nothing) and DoPasswordWork does the bcrypt without reading
  // the server. Only requests whose route carries a password have work
  // (TalkPlus user create, password change, password login); nullopt for
  // the others, and for requests that would fail before the engine.
  struct PasswordWork {
    EngineOptions options;  // the app engine's: bcrypt cost, secret, seed
    Engine::PrepareInputs inputs;
    Command command;        // holding the clear password
  };
  std::optional<PasswordWork> PasswordWorkOf(const Request& request);
  // Hashes (or checks) the password into request->prepared_password and
  // removes "password" from the body (parsing a text body), so the request
  // can travel without it. A password the engine refuses (too long, NUL,
  // not UTF-8) is left in the body for Handle to refuse with its code.
  static void DoPasswordWork(PasswordWork& work, Request* request);

  // The answer Handle gives `request` when it fails with `status` (a domain
  // code from error.h), in the path's dialect: for transports that fail a
  // request themselves, such as a replica that cannot reach NATS (7018).
  Response ErrorResponse(const Request& request,
                         const absl::Status& status) const;

  // The whole server as bytes: the registry, each app's rate-limit bucket
  // levels and engine snapshot (WriteSnapshot), the server clock and the
  // generated-id counter. Deterministic: equal servers give equal bytes.
  // O(state).
  std::string WriteState() const;
  // Loads WriteState bytes into this server, which must have no app and the
  // writer's options (secret included). Errors: FailedPrecondition (apps
  // exist, or a format this build cannot read), DataLoss (malformed or
  // truncated bytes), and ReadSnapshot's for an app's engine.
  absl::Status ReadState(std::string_view bytes);
  // 16 hex digits of FNV-1a 64 over the server's own fields (clock, id
  // counter, registry, bucket levels) and every app's StateDigest: equal
  // servers give equal digests. O(state).
  std::string Digest() const;

  // ---- Apps ----------------------------------------------------------------

  // Creates an app. An empty `api_key` draws a 64-hex-digit key (see
  // NextAppId). Errors: kInvalidParams (empty id), kParamsBindingError
  // (id not URI-safe or longer than 68), kAppIdTaken.
  absl::StatusOr<AppInfo> CreateApp(std::string_view app_id,
                                    std::string_view api_key,
                                    const AppSettings& settings, Millis now);
  // Errors: kAppNotFound.
  absl::StatusOr<AppInfo> UpdateApp(std::string_view app_id,
                                    const AppSettings& settings);
  // Drops the app and all its data. Errors: kAppNotFound.
  absl::Status DeleteApp(std::string_view app_id);
  std::optional<AppInfo> GetApp(std::string_view app_id) const;
  // App ids in order.
  std::vector<std::string> AppIds() const;
  // The app's engine, for embedders that also call it directly (its events
  // then reach no EventLine list). Null if there is no such app.
  Engine* FindEngine(std::string_view app_id);
  // The app's presence (who is connected, who types; docs/presence.md):
  // per-process state beside the engine, never in WriteState, so a restarted
  // server starts with everyone offline. Its events reach the EventLine list
  // of the request being handled. Null if there is no such app.
  Presence* FindPresence(std::string_view app_id);

  // A fresh id for POST /apps/create without an appId (8-4-4-4-12 lowercase
  // hex). Generated ids and api keys are HMAC-SHA256 values keyed by
  // `engine.token_secret` over (seed, counter): they reveal neither the seed
  // nor the secret, and cannot be computed without the secret.
  std::string NextAppId();

  // ---- Routes --------------------------------------------------------------

  // Adds an endpoint. Dialects register theirs here (TalkPlus at
  // construction). Requires: (method, pattern) not registered yet.
  void AddRoute(const RouteSpec& route);
  // Requests whose path starts with `prefix` and matches no route are
  // answered in `flavor` (404/405/400); the longest prefix wins; TalkPlus by
  // default.
  void SetFlavorForPrefix(std::string_view prefix, const Flavor* flavor);

 private:
  struct App;
  // What Dispatch does after authentication: the whole request (kHandle),
  // a read that moves no clock and takes no token (kRead), or only the
  // password work (kPasswordWork, into *work; no handler runs), or a
  // request that changes only per-process state (kLocal, HandleLocal).
  enum class Mode : uint8_t { kHandle, kRead, kPasswordWork, kLocal };

  App* FindApp(std::string_view app_id);
  // The clock, counter, registry and bucket levels (WriteState, Digest).
  boost::json::object StateJson() const;
  // A new app from its registry entry: its engine, sink and secret.
  std::unique_ptr<App> NewApp(AppInfo info) const;
  const Flavor& FlavorForPath(std::string_view target) const;
  bool TakeToken(App& app, RateClass c, Millis now);
  // Dispatch, with the last line of defence against exceptions and the
  // flavor's finish_error.
  Response Guarded(const Request& request, Millis now, Mode mode,
                   std::optional<PasswordWork>* work);
  Response Dispatch(const Request& request, Millis now, Mode mode,
                    std::optional<PasswordWork>* work);
  std::string NextHex(int digits);
  // Fills the payloads of the events the last engine call emitted.
  void FinishEvents();

  ServerOptions options_;
  Router router_;
  std::vector<RouteSpec> routes_;  // indexed by router index
  std::vector<std::pair<std::string, const Flavor*>> prefix_flavors_;
  // Renderers with payloads to fill (EventRenderer::Finish); declared before
  // apps_, whose renderers take themselves off it when destroyed.
  mutable std::vector<EventRenderer*> unfinished_;  // NewApp is const
  std::map<std::string, std::unique_ptr<App>, std::less<>> apps_;
  std::vector<EventLine>* events_ = nullptr;  // during Handle only
  Millis now_ = 0;                            // latest request time
  uint64_t random_counter_ = 0;               // for keys and app ids
};

}  // namespace banter::rest

#endif  // BANTER_REST_SERVER_H_
