// Routes of the features beside the two platforms' own documents, in both
// dialects where they have a place (docs/presence.md, docs/word-filter.md):
// presence and typing (rest/presence_routes.cc) and the word filter's admin
// surface (rest/filter_routes.cc).
#ifndef BANTER_REST_FEATURE_ROUTES_H_
#define BANTER_REST_FEATURE_ROUTES_H_

namespace banter::rest {

class Server;

void RegisterPresenceRoutes(Server& server);
void RegisterWordFilterRoutes(Server& server);

}  // namespace banter::rest

#endif  // BANTER_REST_FEATURE_ROUTES_H_
