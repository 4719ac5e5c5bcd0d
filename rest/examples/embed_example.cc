// docs/embedding.md's example: a Server with one app, two requests, the
// responses printed. Built in CI (target banter_embed_example) so the
// documented code always compiles and runs.
#include <cstdio>
#include <string>
#include <vector>

#include "banter/rest/server.h"
#include "boost/json/serialize.hpp"

int main() {
  banter::rest::ServerOptions options;
  options.engine.seed = 42;
  options.engine.password_cost = 4;  // keep the example fast
  banter::rest::Server server(options);
  if (!server.CreateApp("my-app", "my-key", {}, 0).ok()) return 1;

  // What your transport builds from each HTTP request it receives.
  banter::rest::Request create;
  create.method = "POST";
  create.target = "/v1.4/api/users/create";
  create.headers = {{"app-id", "my-app"}, {"api-key", "my-key"}};
  create.body = std::string(R"({"userId":"alice","password":"pw"})");
  create.now = 1'700'000'000'000;  // your clock, in ms

  banter::rest::Request list = create;
  list.method = "GET";
  list.target = "/v1.4/api/users?limit=10";
  list.body = std::string();
  list.now += 1000;

  for (const banter::rest::Request& request : {create, list}) {
    std::vector<banter::rest::EventLine> events;
    banter::rest::Response response = server.Handle(request, &events);
    // Your transport writes these out: status line, JSON body, and the
    // events to whichever realtime channel reaches the recipients.
    std::printf("%d %s\n", response.status,
                boost::json::serialize(response.body).c_str());
    for (const banter::rest::EventLine& e : events) {
      std::printf("event %s\n",
                  boost::json::serialize(banter::rest::ToJson(e)).c_str());
    }
  }
  return 0;
}
