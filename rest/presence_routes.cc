// Presence and typing over REST (docs/presence.md, "Over REST").
//
// A connection is a transport's notion: in `banter rest` a client says it
// opened or closed its realtime connection with a request.
//   TalkPlus SDK    POST / DELETE /v1.4/users/ws/notifications (the path of
//                   the SDK's notifications socket, with the session's
//                   bearer token, as the SDK opens it after login)
//   TalkPlus admin  POST /v1.4/api/users/:userId/connect and /disconnect,
//                   for a game server that holds its players' sockets
//   GitpleLive      PUT /v1/users/:user_id/connect and /disconnect (the
//                   MQTT connect of the SDK, which banter does not speak)
// Typing (TalkPlus only: GitpleLive documents none):
//   SDK    POST /v1.4/channels/:channelId/typing/start and /stop,
//          GET /v1.4/channels/:channelId/typing (members only)
//   admin  the same under /v1.4/api/ with "userId" in the body
// Reads: GET /v1.4/api/users/:userId/presence,
//   GET /v1.4/api/channels/:channelId/members/online,
//   GET /v1/users/:user_id/presence; GitpleLive's online_members is in
//   rest/gitplelive_routes.cc.
//
// Presence is per-process (banter::Presence): none of this changes the
// engine, and a replica's answers are its own connections'.
#include "banter/presence.h"
#include "banter/rest/json_input.h"
#include "banter/rest/server.h"
#include "rest/feature_routes.h"
#include "rest/gitplelive_routes.h"
#include "rest/status_util.h"
#include "rest/talkplus_json.h"
#include "rest/talkplus_routes.h"

namespace banter::rest {
namespace {

namespace json = boost::json;
using Result = absl::StatusOr<json::value>;

Presence& PresenceOf(const Call& c) {
  // Every app has one (Server::NewApp); the route ran after the app check.
  return *c.server.FindPresence(c.app_id);
}

UserId PathUser(const Call& c, std::string_view param) {
  return ResolveUser(c.engine, c.Param(param));
}
ChannelId PathChannel(const Call& c) {
  return ResolveChannel(c.engine, c.Param("channelId"));
}

json::object TalkPlusPresence(const Call& c, UserId user,
                              const PresenceView& v) {
  json::object o;
  o["userId"] = JsonSv(c.engine.UserName(user));
  o["online"] = v.online;
  o["connections"] = v.connections;
  o["onlineSince"] = v.online_since;
  o["lastSeenAt"] = v.last_seen_at;
  return Wrap("presence", std::move(o));
}

json::object GitplePresence(const Call& c, UserId user,
                            const PresenceView& v) {
  json::object o;
  o["user_id"] = JsonSv(c.engine.UserName(user));
  o["online"] = v.online;
  o["connections"] = v.connections;
  o["online_since"] = v.online_since;
  o["last_seen_at"] = v.last_seen_at;
  return o;
}

using Render = json::object (*)(const Call&, UserId, const PresenceView&);

template <Render R>
Result Answer(const Call& c, UserId user) {
  REST_ASSIGN_OR_RETURN(PresenceView v, PresenceOf(c).Get(user));
  return R(c, user, v);
}

// ---- Connections ---------------------------------------------------------------

template <Render R>
Result Connect(const Call& c, UserId user) {
  REST_RETURN_IF_ERROR(PresenceOf(c).Connect(user, c.now).status());
  return Answer<R>(c, user);
}
template <Render R>
Result Disconnect(const Call& c, UserId user) {
  REST_RETURN_IF_ERROR(PresenceOf(c).Disconnect(user, c.now).status());
  return Answer<R>(c, user);
}

Result SdkConnect(const Call& c) {
  return Connect<TalkPlusPresence>(c, c.actor.user);
}
Result SdkDisconnect(const Call& c) {
  return Disconnect<TalkPlusPresence>(c, c.actor.user);
}
Result AdminConnect(const Call& c) {
  return Connect<TalkPlusPresence>(c, PathUser(c, "userId"));
}
Result AdminDisconnect(const Call& c) {
  return Disconnect<TalkPlusPresence>(c, PathUser(c, "userId"));
}
Result AdminPresence(const Call& c) {
  return Answer<TalkPlusPresence>(c, PathUser(c, "userId"));
}
Result GitpleConnect(const Call& c) {
  return Connect<GitplePresence>(c, PathUser(c, "user_id"));
}
Result GitpleDisconnect(const Call& c) {
  return Disconnect<GitplePresence>(c, PathUser(c, "user_id"));
}
Result GitplePresenceOf(const Call& c) {
  return Answer<GitplePresence>(c, PathUser(c, "user_id"));
}

// {"userIds": [...], "hasNext": bool}: ids only, not user objects, so a page
// costs no profile reads.
absl::StatusOr<json::object> IdsPage(const Call& c,
                                     const absl::StatusOr<Page<UserId>>& page,
                                     bool unknown_cursor) {
  if (!page.ok()) return page.status();
  if (unknown_cursor) return UnknownCursor("lastUserId");
  return PageJson("userIds", *page, [&](UserId u) {
    return json::value(JsonSv(c.engine.UserName(u)));
  });
}

Result AdminOnlineMembers(const Call& c) {
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 100));
  return IdsPage(c, PresenceOf(c).OnlineMembers(PathChannel(c), after, limit),
                 unknown);
}

// ---- Typing --------------------------------------------------------------------

using TypingOp = absl::Status (Presence::*)(UserId, ChannelId, Millis);

template <TypingOp Op>
Result SdkTyping(const Call& c) {
  REST_RETURN_IF_ERROR((PresenceOf(c).*Op)(c.actor.user, PathChannel(c), c.now));
  return json::object();
}

template <TypingOp Op>
Result AdminTyping(const Call& c) {
  REST_ASSIGN_OR_RETURN(std::string user, ReqString(c.body, "userId"));
  REST_RETURN_IF_ERROR(
      (PresenceOf(c).*Op)(ResolveUser(c.engine, user), PathChannel(c), c.now));
  return json::object();
}

Result TypingUsers(const Call& c) {
  const ChannelId ch = PathChannel(c);
  // A user reads the typing list of its own channels only; the channel's
  // existence is judged first (2003, then 2005).
  if (c.actor.is_user()) {
    REST_RETURN_IF_ERROR(c.engine.GetChannelBrief(ch).status());
    if (!c.engine.IsMember(ch, c.actor.user)) {
      return Error(ErrorCode::kUserNotChannelMember,
                   "only members see who types");
    }
  }
  bool unknown;
  const UserId after = Cursor<UserId>(c, "lastUserId", ResolveUser, &unknown);
  REST_ASSIGN_OR_RETURN(int limit, Limit(c, 100));
  return IdsPage(c, PresenceOf(c).TypingUsers(ch, after, limit), unknown);
}

}  // namespace

void RegisterPresenceRoutes(Server& server) {
  constexpr Method G = Method::kGet, P = Method::kPost, U = Method::kPut,
                   D = Method::kDelete;
  const Flavor* tp = &TalkPlusFlavor();
  const Flavor* gl = &GitpleLiveFlavor();
  struct Row {
    Method method;
    const char* pattern;
    Auth auth;
    RateClass rate;
    Handler handler;
    const Flavor* flavor;
  };
  constexpr Auth S = Auth::kSession, K = Auth::kApiKey;
  constexpr RateClass kRead = RateClass::kRead, kWrite = RateClass::kWrite;
  const Row rows[] = {
      // TalkPlus SDK.
      {P, "/v1.4/users/ws/notifications", S, kWrite, &SdkConnect, tp},
      {D, "/v1.4/users/ws/notifications", S, kWrite, &SdkDisconnect, tp},
      {P, "/v1.4/channels/:channelId/typing/start", S, kWrite,
       &SdkTyping<&Presence::StartTyping>, tp},
      {P, "/v1.4/channels/:channelId/typing/stop", S, kWrite,
       &SdkTyping<&Presence::StopTyping>, tp},
      {G, "/v1.4/channels/:channelId/typing", S, kRead, &TypingUsers, tp},
      // TalkPlus admin.
      {P, "/v1.4/api/users/:userId/connect", K, kWrite, &AdminConnect, tp},
      {P, "/v1.4/api/users/:userId/disconnect", K, kWrite, &AdminDisconnect,
       tp},
      {G, "/v1.4/api/users/:userId/presence", K, kRead, &AdminPresence, tp},
      {G, "/v1.4/api/channels/:channelId/members/online", K, kRead,
       &AdminOnlineMembers, tp},
      {P, "/v1.4/api/channels/:channelId/typing/start", K, kWrite,
       &AdminTyping<&Presence::StartTyping>, tp},
      {P, "/v1.4/api/channels/:channelId/typing/stop", K, kWrite,
       &AdminTyping<&Presence::StopTyping>, tp},
      {G, "/v1.4/api/channels/:channelId/typing", K, kRead, &TypingUsers, tp},
      // GitpleLive.
      {U, "/v1/users/:user_id/connect", K, kWrite, &GitpleConnect, gl},
      {U, "/v1/users/:user_id/disconnect", K, kWrite, &GitpleDisconnect, gl},
      {G, "/v1/users/:user_id/presence", K, kRead, &GitplePresenceOf, gl},
  };
  for (const Row& r : rows) {
    RouteSpec spec{r.method, r.pattern, r.auth, r.rate, r.handler, r.flavor};
    // Every change here is to presence: per-process, never replicated.
    spec.local = r.method != G;
    server.AddRoute(spec);
  }
}

}  // namespace banter::rest
