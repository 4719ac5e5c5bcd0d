// The GitpleLive Platform API (gitplelive.md §5) on the REST Server: routes
// under /v1/..., authenticated with APP_ID + APP_API_KEY as the app
// (Actor::Admin), on the same apps and engines as the TalkPlus surface.
// docs/gitplelive.md has the endpoint table and every decision.
#ifndef BANTER_REST_GITPLELIVE_ROUTES_H_
#define BANTER_REST_GITPLELIVE_ROUTES_H_

#include "banter/rest/route.h"

namespace banter::rest {

class Server;

// "APP_ID", "APP_API_KEY", the {"status","timestamp","path","message","code"}
// envelope with this dialect's codes (gitplelive.md §4).
const Flavor& GitpleLiveFlavor();

// Registers every GitpleLive route on `server` and claims the /v1/ prefix
// for its unknown-path answers (called by the Server's constructor).
void RegisterGitpleLiveRoutes(Server& server);

// Slow mode, pins, the flood limit and reports on this surface
// (rest/gitplelive_moderation.cc); called by RegisterGitpleLiveRoutes.
void RegisterGitpleLiveModerationRoutes(Server& server);

}  // namespace banter::rest

#endif  // BANTER_REST_GITPLELIVE_ROUTES_H_
