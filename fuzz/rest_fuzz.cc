// libFuzzer target: the REST adapter through its line protocol
// (banter/rest/jsonl.h), the way `banter rest` runs it. The input is split
// into lines; each goes to JsonLinesSession::HandleLine on a server built as
// the command builds it (every dialect's routes the Server registers:
// TalkPlus /v1.4/..., GitpleLive /v1/... once registered), with two apps
// ("app"/"key" and "second"/"key2") and a little data to aim at.
//
// After every line: the answer is well formed (one response line at least,
// status 200..599, never 500 — no input is the server's fault) and every
// app's engine passes CheckInvariants(). Any violation aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "banter/engine.h"
#include "banter/rest/jsonl.h"
#include "banter/rest/server.h"

namespace banter::rest {
namespace {

constexpr Millis kClock = 1'700'000'000'000;

[[noreturn]] void Die(const std::string& what, std::string_view line) {
  std::fprintf(stderr, "rest_fuzz: %s\nline: %.*s\n", what.c_str(),
               static_cast<int>(line.size() > 400 ? 400 : line.size()),
               line.data());
  std::abort();
}

ServerOptions Options() {
  ServerOptions o;
  o.engine.seed = 1;
  o.engine.password_cost = 4;  // bcrypt's minimum
  o.engine.token_secret = "fuzz";
  o.engine.check_invariants = true;
  return o;
}

// Requests every input starts from, so short inputs reach deep handlers.
constexpr std::string_view kSetup[] = {
    R"({"method":"POST","path":"/v1.4/api/users/create","headers":{"app-id":"app","api-key":"key"},"body":{"userId":"u1","password":"pw"}})",
    R"({"method":"POST","path":"/v1.4/api/users/create","headers":{"app-id":"app","api-key":"key"},"body":{"userId":"u2","password":"pw2"}})",
    R"({"method":"POST","path":"/v1.4/api/channels/create","headers":{"app-id":"app","api-key":"key"},"body":{"channelId":"c1","type":"public","ownerId":"u1","members":["u2"]}})",
    R"({"method":"POST","path":"/v1.4/api/channels/c1/messages/send","headers":{"app-id":"app","api-key":"key"},"body":{"senderId":"u1","text":"hi"}})",
    R"({"method":"POST","path":"/v1.4/api/bots/create","headers":{"app-id":"app","api-key":"key"},"body":{"id":"b1"}})",
    R"({"method":"POST","path":"/v1/users","headers":{"APP_ID":"app","APP_API_KEY":"key"},"body":{"user_id":"g1","name":"G1"}})",
    R"({"method":"POST","path":"/v1/users","headers":{"APP_ID":"app","APP_API_KEY":"key"},"body":{"user_id":"g2","name":"G2"}})",
    R"({"method":"POST","path":"/v1/group/channels","headers":{"APP_ID":"app","APP_API_KEY":"key"},"body":{"channel_id":"room_1","name":"Room","members":["g1","g2"]}})",
};

void Check(const Server& server, const Response& r, const std::string& out,
           std::string_view line) {
  if (r.status == 0) {
    if (!out.empty()) Die("a skipped line wrote output", line);
  } else {
    if (r.status < 200 || r.status >= 600) Die("status out of range", line);
    if (r.status == 500) Die("500: " + r.detail, line);
    if (out.empty() || out.back() != '\n') Die("no response line", line);
  }
  for (const std::string& id : server.AppIds()) {
    const Engine* e = const_cast<Server&>(server).FindEngine(id);
    const absl::Status st = e->CheckInvariants();
    if (!st.ok()) Die("app " + id + ": " + st.ToString(), line);
  }
}

}  // namespace
}  // namespace banter::rest

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace banter::rest;
  Server server(Options());
  if (!server.CreateApp("app", "key", {}, 0).ok() ||
      !server.CreateApp("second", "key2", {}, 0).ok()) {
    std::abort();
  }
  JsonLinesSession session(server, {.events = true});
  std::string out;
  for (std::string_view line : kSetup) {
    out.clear();
    const Response r = session.HandleLine(line, kClock, &out);
    if (r.status != 200 && r.status != 201) Die("setup failed", line);
  }
  std::string_view input(reinterpret_cast<const char*>(data), size);
  banter::Millis clock = kClock;
  while (!input.empty()) {
    const size_t end = input.find('\n');
    const std::string_view line = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view()
                                          : input.substr(end + 1);
    out.clear();
    clock += 1000;
    const Response r = session.HandleLine(line, clock, &out);
    Check(server, r, out, line);
  }
  return 0;
}
