// `banter rest`: reads request lines on stdin, writes event and response
// lines on stdout (jsonl.md). The protocol itself lives in the library
// (banter/rest/jsonl.h); this file is flags, the wall clock and the streams.
#include "tools/banter/rest_command.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <optional>
#include <string_view>

#include "banter/durability.h"
#include "banter/rest/jsonl.h"
#include "banter/rest/server.h"
#include "boost/json/serialize.hpp"
#include "rest/state_store.h"

namespace banter {
namespace {

constexpr char kHelp[] =
    "usage: banter rest [flags] < requests.jsonl > responses.jsonl\n"
    "\n"
    "Serves the TalkPlus REST surfaces over JSON Lines: one request object\n"
    "per input line, one {\"status\":...,\"body\":...} line per request on\n"
    "standard output (event lines first with --events). Blank lines are\n"
    "skipped. Diagnostics go to standard error. Exits 0 at end of input.\n"
    "\n"
    "request line:\n"
    "  {\"method\":\"POST\",\"path\":\"/v1.4/api/users/create\",\n"
    "   \"headers\":{\"app-id\":\"app\",\"api-key\":\"key\"},\n"
    "   \"body\":{\"userId\":\"u1\",\"password\":\"pw\"},\"now\":1700000000000}\n"
    "  `now` (ms since the epoch) is optional; the wall clock is used\n"
    "  without it. Time never runs backwards.\n"
    "\n"
    "flags:\n"
    "  --app-id ID          id of the app registered at start (default app)\n"
    "  --api-key KEY        its api key (default key)\n"
    "  --events             print the events each request caused, before its\n"
    "                       response: {\"event\",\"channelId\",\"recipients\",\n"
    "                       \"payload\"}\n"
    "  --seed N             seed of every generated id and token (default 0);\n"
    "                       same seed + same input = same output, byte for byte\n"
    "  --password-cost N    bcrypt cost of stored passwords, 4..31 (default 10;\n"
    "                       tests use 4 to run fast)\n"
    "  --rate-limit C=N/R   token bucket for endpoint class C (auth, read,\n"
    "                       write, message): N requests, refilled at R per\n"
    "                       second of request time; repeatable; default: none\n"
    "  --verbose            print the reason of every failed request to\n"
    "                       standard error\n"
    "  --state FILE         keep the state durable: load FILE and\n"
    "                       FILE.journal at start if they exist, journal every\n"
    "                       change before its response is printed, write FILE\n"
    "                       afresh at end of input (docs/reliability.md).\n"
    "                       Reports on standard error how many requests the\n"
    "                       loaded state includes (\"state: N requests\n"
    "                       committed\"): resume input after line N\n"
    "  --print-digest       at exit, print each app's state digest to\n"
    "                       standard error (\"digest APP HEX\"), for tests\n"
    "  --help               this text\n"
    "\n"
    "The endpoints, shapes and decisions: docs/rest.md.\n";

bool ParseInt(std::string_view text, int64_t* out) {
  if (text.empty()) return false;
  std::string s(text);
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno != 0 || end != s.c_str() + s.size()) return false;
  *out = v;
  return true;
}

// "message=5/1" -> (message, {5, 1}).
bool ParseRateLimit(std::string_view text, rest::RateLimitConfig* config) {
  const size_t eq = text.find('=');
  const size_t slash = text.find('/');
  if (eq == std::string_view::npos || slash == std::string_view::npos ||
      slash < eq) {
    return false;
  }
  std::optional<rest::RateClass> c = rest::ParseRateClass(text.substr(0, eq));
  int64_t capacity = 0, refill = 0;
  if (!c.has_value() ||
      !ParseInt(text.substr(eq + 1, slash - eq - 1), &capacity) ||
      !ParseInt(text.substr(slash + 1), &refill) || capacity < 0 ||
      refill < 0) {
    return false;
  }
  (*config)[*c] = {capacity, refill};
  return true;
}

// Reads one line without its '\n'. Bytes past `max` are consumed but not
// kept (*too_long is set), so a huge line costs no memory. False at EOF
// with nothing read.
bool ReadLine(std::FILE* in, size_t max, std::string* line, bool* too_long) {
  line->clear();
  *too_long = false;
  int c;
  bool any = false;
  while ((c = std::getc(in)) != EOF) {
    any = true;
    if (c == '\n') return true;
    if (line->size() < max) {
      line->push_back(static_cast<char>(c));
    } else {
      *too_long = true;
    }
  }
  return any;
}

Millis WallClockMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

int Usage(const char* problem) {
  std::fprintf(stderr, "banter rest: %s (see banter rest --help)\n", problem);
  return 2;
}

}  // namespace

int RunRest(int argc, char** argv) {
  std::string app_id = "app";
  std::string api_key = "key";
  bool events = false;
  bool verbose = false;
  bool print_digest = false;
  std::string state_path;
  rest::ServerOptions options;
  for (int i = 0; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool has_value = i + 1 < argc;
    int64_t n = 0;
    if (a == "--help" || a == "-h") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--events") {
      events = true;
    } else if (a == "--verbose") {
      verbose = true;
    } else if (a == "--print-digest") {
      print_digest = true;
    } else if (a == "--state") {
      if (!has_value || argv[i + 1][0] == '\0') {
        return Usage("--state needs a file name");
      }
      state_path = argv[++i];
    } else if (a == "--app-id") {
      if (!has_value) return Usage("--app-id needs a value");
      app_id = argv[++i];
    } else if (a == "--api-key") {
      if (!has_value) return Usage("--api-key needs a value");
      api_key = argv[++i];
    } else if (a == "--seed") {
      if (!has_value || !ParseInt(argv[i + 1], &n)) {
        return Usage("--seed needs an integer");
      }
      options.engine.seed = static_cast<uint64_t>(n);
      ++i;
    } else if (a == "--password-cost") {
      if (!has_value || !ParseInt(argv[i + 1], &n) || n < 4 || n > 31) {
        return Usage("--password-cost needs an integer in 4..31");
      }
      options.engine.password_cost = static_cast<int>(n);
      ++i;
    } else if (a == "--rate-limit") {
      if (!has_value || !ParseRateLimit(argv[i + 1], &options.rate_limits)) {
        return Usage("--rate-limit needs CLASS=CAPACITY/REFILL");
      }
      ++i;
    } else {
      std::fprintf(stderr, "banter rest: unknown flag '%s'\n", argv[i]);
      return 2;
    }
  }
  if (api_key.empty()) return Usage("--api-key must not be empty");

  rest::Server server(options);
  std::unique_ptr<rest::StateStore> store;
  uint64_t request = 0;  // request number, counted over every run (--state)
  if (!state_path.empty()) {
    absl::StatusOr<std::unique_ptr<rest::StateStore>> opened =
        rest::StateStore::Open(server, state_path);
    if (!opened.ok()) {
      std::fprintf(stderr, "banter rest: cannot load state: %s\n",
                   std::string(opened.status().message()).c_str());
      return 1;
    }
    store = std::move(*opened);
    if (!store->recovery_note().empty()) {
      std::fprintf(stderr, "banter rest: %s\n", store->recovery_note().c_str());
    }
    request = store->committed_requests();
    std::fprintf(stderr, "banter rest: state: %llu requests committed\n",
                 static_cast<unsigned long long>(request));
  }
  if (!server.GetApp(app_id).has_value()) {
    absl::StatusOr<rest::AppInfo> app =
        server.CreateApp(app_id, api_key, rest::AppSettings{}, 0);
    if (!app.ok()) {
      std::fprintf(stderr, "banter rest: cannot create app '%s': %s\n",
                   app_id.c_str(), std::string(app.status().message()).c_str());
      return 2;
    }
    if (store != nullptr) {
      if (absl::Status st = store->Commit(request); !st.ok()) {
        std::fprintf(stderr, "banter rest: cannot journal: %s\n",
                     std::string(st.message()).c_str());
        return 1;
      }
    }
  }

  rest::JsonLinesOptions jo;
  jo.events = events;
  rest::JsonLinesSession session(server, jo);
  std::string line, out;
  bool too_long = false;
  long long line_number = 0;
  while (ReadLine(stdin, jo.max_line_bytes, &line, &too_long)) {
    ++line_number;
    out.clear();
    rest::Response r;
    if (too_long) {
      r = rest::MalformedLineResponse("line too long");
      out = boost::json::serialize(rest::ToJson(r));
      out.push_back('\n');
    } else {
      r = session.HandleLine(line, WallClockMillis(), &out);
    }
    ++request;
    // Durable before it is shown: a response seen is a change kept.
    if (store != nullptr) {
      if (absl::Status st = store->Commit(request); !st.ok()) {
        std::fprintf(stderr, "banter rest: line %lld: cannot journal: %s\n",
                     line_number, std::string(st.message()).c_str());
        return 1;
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    // One flush per request, so a peer driving the command through a pipe
    // sees each answer as soon as it exists.
    std::fflush(stdout);
    if (verbose && r.status >= 400) {
      std::fprintf(stderr, "banter rest: line %lld: %d: %s\n", line_number,
                   r.status, r.detail.c_str());
    }
  }
  if (store != nullptr) {
    if (absl::Status st = store->Checkpoint(); !st.ok()) {
      std::fprintf(stderr, "banter rest: cannot write state: %s\n",
                   std::string(st.message()).c_str());
      return 1;
    }
  }
  if (print_digest) {
    for (const std::string& id : server.AppIds()) {
      std::fprintf(stderr, "digest %s %s\n", id.c_str(),
                   StateDigest(*server.FindEngine(id)).c_str());
    }
  }
  return 0;
}

}  // namespace banter
