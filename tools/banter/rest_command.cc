// `banter rest`: reads request lines on stdin, writes event and response
// lines on stdout (jsonl.md). The protocol itself lives in the library
// (banter/rest/jsonl.h); this file is flags, the wall clock and the streams.
#include "tools/banter/rest_command.h"
#include "tools/banter/flags.h"
#include "tools/banter/stdin_lines.h"
#ifdef BANTER_HAVE_REPLICA
#include "tools/banter/rest_replica.h"
#endif

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <charconv>
#include <csignal>
#include <cerrno>
#include <cstring>
#include <vector>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <optional>
#include <string_view>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "banter/durability.h"
#include "banter/rest/jsonl.h"
#include "banter/rest/server.h"
#include "boost/json/serialize.hpp"
#include "boost/program_options.hpp"
#include "engine/durability/files.h"
#include "rest/state_store.h"

namespace banter {
namespace {

constexpr char kUsage[] =
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
    "secrets: login and session tokens, salts and generated app ids and\n"
    "keys are keyed by the process's secret, taken from --secret-file, else\n"
    "$BANTER_SECRET, else (with --state FILE) FILE.secret, created with 32\n"
    "random bytes and mode 0600 on first start, else drawn at random for\n"
    "this run. With --seed and no secret, everything follows from the seed:\n"
    "byte-identical runs for tests, and predictable tokens (a warning says\n"
    "so). Apps are created over REST only with the master key\n"
    "(--master-key-file or $BANTER_MASTER_KEY; header master-key).\n"
    "\n";

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

// Set by SIGTERM/SIGINT: stop reading, checkpoint, exit 0.
volatile std::sig_atomic_t g_stop = 0;
extern "C" void OnStopSignal(int) { g_stop = 1; }

Millis WallClockMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

int Usage(const char* problem) {
  std::fprintf(stderr, "banter rest: %s (see banter rest --help)\n", problem);
  return 2;
}

// The secret in `path`: its content without trailing whitespace. Refused if
// the file can be read by its group or others, like ssh's private keys.
absl::StatusOr<std::string> ReadSecretFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    return absl::NotFoundError(path + ": " + std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0) {
    return absl::PermissionDeniedError(
        path + " can be read by others; chmod 600 it");
  }
  absl::StatusOr<std::string> text = ReadWholeFile(path);
  if (!text.ok()) return text.status();
  std::string secret = *std::move(text);
  while (!secret.empty() && std::isspace(static_cast<unsigned char>(
                                secret.back()))) {
    secret.pop_back();
  }
  if (secret.empty()) return absl::InvalidArgumentError(path + " is empty");
  return secret;
}

// 32 bytes from the OS, as 64 hex digits.
absl::StatusOr<std::string> RandomSecret() {
  unsigned char bytes[32];
  size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return absl::UnavailableError(std::string("getrandom: ") +
                                    std::strerror(errno));
    }
    got += static_cast<size_t>(n);
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

// $BANTER_CRASH_AT=STEP:N (STEP write, sync or rename; N >= 1): the process
// ends with exit status 137 at its N-th such step, mid-write for a write
// (engine/durability/files.h). For crash tests (tests/durability/kill_test.py).
bool ArmCrashFromEnv(std::string_view spec) {
  const size_t colon = spec.find(':');
  if (colon == std::string_view::npos) return false;
  const std::string_view step = spec.substr(0, colon);
  const std::string_view digits = spec.substr(colon + 1);
  uint64_t n = 0;
  const auto [end, error] =
      std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (error != std::errc() || end != digits.data() + digits.size() || n == 0) {
    return false;
  }
  if (step == "write") {
    internal::ArmCrashPoint(internal::IoStep::kWrite, n);
  } else if (step == "sync") {
    internal::ArmCrashPoint(internal::IoStep::kSync, n);
  } else if (step == "rename") {
    internal::ArmCrashPoint(internal::IoStep::kRename, n);
  } else {
    return false;
  }
  return true;
}

// The secret kept beside a state file: read it, or create it (mode 0600,
// exclusively, so two first starts cannot pick different secrets).
absl::StatusOr<std::string> StateSecret(const std::string& state_path) {
  const std::string path = state_path + ".secret";
  if (::access(path.c_str(), F_OK) == 0) return ReadSecretFile(path);
  absl::StatusOr<std::string> secret = RandomSecret();
  if (!secret.ok()) return secret.status();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                        0600);
  if (fd < 0) {
    if (errno == EEXIST) return ReadSecretFile(path);
    return absl::UnavailableError(path + ": " + std::strerror(errno));
  }
  const std::string line = *secret + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) ==
                      static_cast<ssize_t>(line.size()) &&
                  ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return absl::UnavailableError(path + ": cannot write the secret");
  return secret;
}

}  // namespace

int RunRest(int argc, char** argv) {
  namespace po = boost::program_options;
  std::string app_id = "app";
  std::string api_key = "key";
  bool events = false;
  bool verbose = false;
  bool print_digest = false;
  bool recover = false;
  bool print_stats = false;
  int64_t checkpoint_min_bytes = 16 << 20;
  int64_t max_apps = 1000, max_users = 1'000'000, max_channels = 1'000'000;
  std::string state_path, secret_file, master_key_file;
  std::vector<std::string> rate_limits;
  int64_t seed = 0;
  int password_cost = 10;
  rest::ServerOptions options;
  std::string nats_url, stream;
  int stream_replicas = 1;
  int64_t dup_window_ms = 120'000, write_timeout_ms = 10'000, tick_ms = 1000,
          checkpoint_every = 100'000, catch_up_ms = 120'000;
  bool test_publish_twice = false;
  int64_t test_drop_acks = 0;
  int max_batch = 256;
  int64_t retain_messages = 1'000'000;

  po::options_description flags("flags");
  flags.add_options()
      ("app-id", po::value(&app_id)->value_name("ID"),
       "id of the app registered at start (default app)")
      ("api-key", po::value(&api_key)->value_name("KEY"),
       "its api key (default key)")
      ("events", po::bool_switch(&events),
       "print the events each request caused, before its response: "
       "{\"event\",\"channelId\",\"recipients\",\"payload\"}")
      ("seed", po::value(&seed)->value_name("N"),
       "seed of every generated id and token (default 0); same seed + same "
       "input = same output, byte for byte (see secrets above)")
      ("password-cost", po::value(&password_cost)->value_name("N"),
       "bcrypt cost of stored passwords, 4..31 (default 10; tests use 4)")
      ("rate-limit", po::value(&rate_limits)->value_name("C=N/R"),
       "token bucket for endpoint class C (auth, read, write, message): N "
       "requests, refilled at R per second of request time; repeatable; "
       "default: none")
      ("verbose", po::bool_switch(&verbose),
       "print the reason of every failed request to standard error")
      ("state", po::value(&state_path)->value_name("FILE"),
       "keep the state durable: load FILE and FILE.journal at start if they "
       "exist, journal every change before its response is printed, write "
       "FILE afresh at end of input (docs/reliability.md). Reports on "
       "standard error how many requests the loaded state includes "
       "(\"state: N requests committed\"): resume input after line N")
      ("recover", po::bool_switch(&recover),
       "with --state: start even though the journal is damaged, from the "
       "records before the damage, after keeping a copy of it in "
       "FILE.journal.damaged (without it, damage stops the start)")
      ("secret-file", po::value(&secret_file)->value_name("FILE"),
       "the secret tokens and generated keys are keyed by (mode 0600)")
      ("master-key-file", po::value(&master_key_file)->value_name("FILE"),
       "the key that lets requests create apps (mode 0600)")
      ("checkpoint-min-bytes", po::value(&checkpoint_min_bytes)->value_name("N"),
       "with --state: write FILE afresh (and empty the journal) once the "
       "journal reaches N bytes and the size of FILE (default 16777216); "
       "keeps recovery bounded. SIGTERM also checkpoints, then exits 0")
      ("max-apps", po::value(&max_apps)->value_name("N"),
       "apps the master key may create (default 1000; 0 = unlimited); one "
       "more answers 7017 AppQuotaExceeded")
      ("max-users", po::value(&max_users)->value_name("N"),
       "live users per app (default 1000000; 0 = unlimited); one more "
       "answers 7018 UserQuotaExceeded")
      ("max-channels", po::value(&max_channels)->value_name("N"),
       "live channels per app (default 1000000; 0 = unlimited); one more "
       "answers 7019 ChannelQuotaExceeded")
      ("stats", po::bool_switch(&print_stats),
       "at exit, print one JSON line of counters to standard error: per app "
       "its objects, calls by command (succeeded, failed) and failures by "
       "error code; with --state, journal and state file bytes")
      ("print-digest", po::bool_switch(&print_digest),
       "at exit, print each app's state digest to standard error "
       "(\"digest APP HEX\"), for tests; with --nats, the whole server's "
       "once caught up (\"replica digest HEX at sequence N\")")
      ("nats", po::value(&nats_url)->value_name("URL"),
       "run as a replica (docs/scale-out.md): writes go through the NATS "
       "JetStream stream --stream at URL (several: comma-separated) and are "
       "answered when applied at their position; reads are answered from "
       "this process after its own earlier writes; --events prints every "
       "applied event with its stream \"seq\". All replicas share one "
       "--secret-file. Not with --state")
      ("stream", po::value(&stream)->value_name("NAME"),
       "with --nats: the stream (1..32 of [A-Za-z0-9_-]); created if missing")
      ("stream-replicas", po::value(&stream_replicas)->value_name("N"),
       "with --nats: copies of a stream this process creates (default 1)")
      ("dup-window-ms", po::value(&dup_window_ms)->value_name("MS"),
       "with --nats: the duplicate window of a stream this process creates "
       "(default 120000)")
      ("write-timeout-ms", po::value(&write_timeout_ms)->value_name("MS"),
       "with --nats: a write not applied this long after it was read is "
       "answered 504 with code 7019 (default 10000)")
      ("tick-ms", po::value(&tick_ms)->value_name("MS"),
       "with --nats: period of the time ticks that fire expiries when "
       "nothing is written (default 1000; 0: none, for inputs that give "
       "\"now\")")
      ("checkpoint-every", po::value(&checkpoint_every)->value_name("N"),
       "with --nats: write a checkpoint to the stream NAME_CKPT every N "
       "applied messages (default 100000; 0: never)")
      ("max-batch", po::value(&max_batch)->value_name("N"),
       "with --nats: at most N writes of this process in one stream message "
       "(default 256; batches grow only under load; 1: one message per "
       "write)")
      ("retain-messages", po::value(&retain_messages)->value_name("N"),
       "with --nats: a checkpoint purges the stream before the previous "
       "checkpoint, but never the last N messages (default 1000000)")
      ("catch-up-timeout-ms", po::value(&catch_up_ms)->value_name("MS"),
       "with --nats: how long to wait for the stream's backlog at start and "
       "at exit (default 120000)")
      ("test-publish-twice", po::bool_switch(&test_publish_twice),
       "with --nats, for tests: publish every write a second time under "
       "another message id, as a retry after the duplicate window would")
      ("test-drop-acks", po::value(&test_drop_acks)->value_name("N"),
       "with --nats, for tests: take the first N publish acknowledgements "
       "as lost, so those writes are published again under their message "
       "id");
  po::variables_map vm;
  if (std::optional<int> exit = ParseFlags(
          "rest", kUsage,
          "\nThe endpoints, shapes and decisions: docs/rest.md.\n", flags,
          argc, argv, &vm)) {
    return *exit;
  }
  if (vm.count("state") && state_path.empty()) {
    return Usage("--state needs a file name");
  }
  for (const auto& [name, value] :
       {std::pair{"--max-apps", max_apps}, std::pair{"--max-users", max_users},
        std::pair{"--max-channels", max_channels}}) {
    if (value < 0 || value > UINT32_MAX) {
      const std::string problem =
          absl::StrCat(name, " needs an integer in 0..4294967295");
      return Usage(problem.c_str());
    }
  }
  options.max_apps = static_cast<size_t>(max_apps);
  options.engine.max_users = static_cast<uint32_t>(max_users);
  options.engine.max_channels = static_cast<uint32_t>(max_channels);
  if (const char* crash = std::getenv("BANTER_CRASH_AT"); crash != nullptr) {
    if (!ArmCrashFromEnv(crash)) {
      return Usage("$BANTER_CRASH_AT must be write:N, sync:N or rename:N");
    }
  }
  if (password_cost < 4 || password_cost > 31) {
    return Usage("--password-cost needs an integer in 4..31");
  }
  options.engine.password_cost = password_cost;
  options.engine.seed = static_cast<uint64_t>(seed);
  for (const std::string& limit : rate_limits) {
    if (!ParseRateLimit(limit, &options.rate_limits)) {
      return Usage("--rate-limit needs CLASS=CAPACITY/REFILL");
    }
  }
  if (api_key.empty()) return Usage("--api-key must not be empty");
  if (checkpoint_min_bytes < 0) {
    return Usage("--checkpoint-min-bytes must not be negative");
  }
  if (!nats_url.empty() && !state_path.empty()) {
    return Usage("--nats and --state exclude each other (a replica's state "
                 "is the stream's)");
  }
  if (!nats_url.empty() && stream.empty()) return Usage("--nats needs --stream");
  if (retain_messages < 0) return Usage("--retain-messages must not be negative");
  if (max_batch < 1 || max_batch > 4096) {
    return Usage("--max-batch needs an integer in 1..4096");
  }
  if (nats_url.empty() && !stream.empty()) return Usage("--stream needs --nats");

  // The secret (see kUsage, "secrets").
  absl::StatusOr<std::string> secret = std::string();
  if (!secret_file.empty()) {
    secret = ReadSecretFile(secret_file);
  } else if (const char* env = std::getenv("BANTER_SECRET");
             env != nullptr && env[0] != '\0') {
    secret = std::string(env);
  } else if (vm.count("seed")) {
    std::fputs(
        "banter rest: warning: no secret (--secret-file, $BANTER_SECRET): "
        "tokens and generated keys follow from --seed alone and are "
        "predictable; fine for tests, never for real users\n",
        stderr);
  } else if (!state_path.empty()) {
    secret = StateSecret(state_path);
  } else {
    secret = RandomSecret();
  }
  if (!secret.ok()) {
    std::fprintf(stderr, "banter rest: no secret: %s\n",
                 std::string(secret.status().message()).c_str());
    return 1;
  }
  options.engine.token_secret = *std::move(secret);
  if (!master_key_file.empty()) {
    absl::StatusOr<std::string> key = ReadSecretFile(master_key_file);
    if (!key.ok()) {
      std::fprintf(stderr, "banter rest: no master key: %s\n",
                   std::string(key.status().message()).c_str());
      return 1;
    }
    options.master_key = *std::move(key);
  } else if (const char* env = std::getenv("BANTER_MASTER_KEY");
             env != nullptr) {
    options.master_key = env;
  }

  if (!nats_url.empty()) {
#ifdef BANTER_HAVE_REPLICA
    RestReplicaFlags rf;
    rf.nats_url = nats_url;
    rf.stream = stream;
    rf.stream_replicas = stream_replicas;
    rf.dup_window_ms = dup_window_ms;
    rf.write_timeout_ms = write_timeout_ms;
    rf.tick_ms = tick_ms;
    rf.checkpoint_every = checkpoint_every;
    rf.catch_up_timeout_ms = catch_up_ms;
    rf.test_publish_twice = test_publish_twice;
    rf.test_drop_acks = test_drop_acks;
    rf.max_batch = max_batch;
    rf.retain_messages = retain_messages;
    rf.app_id = app_id;
    rf.api_key = api_key;
    rf.events = events;
    rf.verbose = verbose;
    rf.print_digest = print_digest;
    rf.print_stats = print_stats;
    struct sigaction stop_action {};
    stop_action.sa_handler = OnStopSignal;
    sigemptyset(&stop_action.sa_mask);
    ::sigaction(SIGTERM, &stop_action, nullptr);
    ::sigaction(SIGINT, &stop_action, nullptr);
    return RunRestReplica(options, rf, &g_stop);
#else
    std::fputs("banter rest: --nats: this banter was built without the NATS "
               "client (libnats-dev); see docs/scale-out.md\n",
               stderr);
    return 2;
#endif
  }

  rest::Server server(options);
  std::unique_ptr<rest::StateStore> store;
  uint64_t request = 0;  // request number, counted over every run (--state)
  if (!state_path.empty()) {
    absl::StatusOr<std::unique_ptr<rest::StateStore>> opened =
        rest::StateStore::Open(server, state_path, recover);
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

  // SIGTERM (and ^C) end the input: the state is checkpointed and the exit
  // is clean. No SA_RESTART, so a blocked read returns at once.
  struct sigaction stop {};
  stop.sa_handler = OnStopSignal;
  sigemptyset(&stop.sa_mask);
  stop.sa_flags = 0;
  ::sigaction(SIGTERM, &stop, nullptr);
  ::sigaction(SIGINT, &stop, nullptr);

  rest::JsonLinesOptions jo;
  jo.events = events;
  rest::JsonLinesSession session(server, jo);
  std::string line, out;
  bool too_long = false;
  long long line_number = 0;
  auto input = std::make_unique<StdinLines>(&g_stop);
  while (input->Next(jo.max_line_bytes, &line, &too_long)) {
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
    if (store != nullptr &&
        store->CheckpointDue(static_cast<uint64_t>(checkpoint_min_bytes))) {
      if (absl::Status st = store->Checkpoint(); !st.ok()) {
        std::fprintf(stderr, "banter rest: line %lld: cannot checkpoint: %s\n",
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
  if (print_stats) {
    boost::json::object apps;
    for (const std::string& id : server.AppIds()) {
      const Engine& e = *server.FindEngine(id);
      const EngineStats st = e.Stats();
      const CallStats calls = e.Calls();
      boost::json::object commands;
      for (const CallStats::PerCommand& c : calls.commands) {
        commands[c.command] = {{"succeeded", c.succeeded}, {"failed", c.failed}};
      }
      boost::json::object codes;
      for (const auto& [code, n] : calls.failures_by_code) {
        codes[std::to_string(static_cast<int>(code))] = n;
      }
      apps[id] = {{"users", st.users},
                  {"channels", st.channels},
                  {"memberships", st.memberships},
                  {"messages", st.messages},
                  {"pendingTimers", st.pending_timers},
                  {"calls", std::move(commands)},
                  {"failuresByCode", std::move(codes)},
                  {"deferredCalls", calls.deferred},
                  {"eventsDelivered", calls.events_delivered},
                  {"recipientsDelivered", calls.recipients_delivered}};
    }
    boost::json::object stats{{"requests", request}, {"apps", std::move(apps)}};
    if (store != nullptr) {
      stats["journalBytes"] = store->journal_bytes();
      stats["stateBytes"] = store->state_bytes();
    }
    const std::string line =
        boost::json::serialize(boost::json::object{{"stats", std::move(stats)}});
    std::fprintf(stderr, "%s\n", line.c_str());
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
