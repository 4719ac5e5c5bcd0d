// `banter simulate`: runs the seeded game-server workload (workload.h) with a
// progress bar on standard error and prints the summary table (or JSON).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "tools/banter/simulate.h"
#include "tools/sim/alloc_counter.h"
#include "tools/sim/workload.h"

namespace banter {
namespace {

constexpr char kHelp[] =
    "usage: banter simulate [flags]\n"
    "\n"
    "Runs a seeded game-server workload through an in-process engine and\n"
    "prints operations per second by kind, fan-out deliveries per second,\n"
    "p50/p99 latency per operation kind, and memory per member and per\n"
    "message. The default size runs in about half a minute on 2 cores.\n"
    "\n"
    "flags:\n"
    "  --seed N          workload and engine seed (default 1)\n"
    "  --users N         users created (default 100000)\n"
    "  --world N         members of the super_broadcast world channel\n"
    "                    (default: every user; 0 = no world channel)\n"
    "  --guilds N        public guild channels (default 2000)\n"
    "  --guild-size N    members per guild at start, 1..100 (default 40)\n"
    "  --dms N           private 1:1 channels (default 20000)\n"
    "  --ops N           operations in the main phase (default 2000000)\n"
    "  --history-cap N   messages kept per channel (default 1000)\n"
    "  --step-ms N       engine time per operation in ms (default 1)\n"
    "  --check           run CheckInvariants after every call (tiny runs only)\n"
    "  --json            print the summary as one JSON object\n"
    "  --no-progress     no progress bar\n"
    "  --help            this text\n";

bool ParseInt(const char* text, int64_t* out) {
  char* end = nullptr;
  long long v = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0') return false;
  *out = v;
  return true;
}

}  // namespace

int RunSimulate(int argc, char** argv) {
  sim::WorkloadOptions o;
  bool json = false;
  bool progress = true;
  for (int i = 0; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&](int64_t* out) {
      if (i + 1 >= argc || !ParseInt(argv[i + 1], out)) {
        std::fprintf(stderr, "banter simulate: %s needs an integer\n", argv[i]);
        std::exit(2);
      }
      ++i;
    };
    int64_t v = 0;
    if (a == "--help" || a == "-h") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--seed") {
      value(&v);
      o.seed = static_cast<uint64_t>(v);
    } else if (a == "--users") {
      value(&o.users);
    } else if (a == "--world") {
      value(&o.world_members);
    } else if (a == "--guilds") {
      value(&o.guilds);
    } else if (a == "--guild-size") {
      value(&o.guild_size);
    } else if (a == "--dms") {
      value(&o.dm_pairs);
    } else if (a == "--ops") {
      value(&o.ops);
    } else if (a == "--history-cap") {
      value(&v);
      o.history_cap = static_cast<uint32_t>(v);
    } else if (a == "--step-ms") {
      value(&o.step_ms);
    } else if (a == "--check") {
      o.check_invariants = true;
    } else if (a == "--json") {
      json = true;
    } else if (a == "--no-progress") {
      progress = false;
    } else {
      std::fprintf(stderr, "banter simulate: unknown flag %s (see --help)\n",
                   argv[i]);
      return 2;
    }
  }
  if (o.users < 2 || o.guilds < 0 || o.dm_pairs < 0 || o.ops < 0 ||
      o.guild_size < 1 || o.guild_size > 100 || o.step_ms < 0) {
    std::fprintf(stderr,
                 "banter simulate: need --users >= 2, --guild-size 1..100 and "
                 "non-negative counts\n");
    return 2;
  }

  const bool tty = isatty(STDERR_FILENO);
  auto last = std::chrono::steady_clock::now();
  std::string last_phase;
  sim::ProgressFn bar = [&](int64_t done, int64_t total, const char* phase) {
    if (!progress) return;
    auto now = std::chrono::steady_clock::now();
    bool phase_end = done >= total;
    if (!phase_end && phase == last_phase &&
        now - last < std::chrono::milliseconds(tty ? 100 : 2000)) {
      return;
    }
    last = now;
    last_phase = phase;
    const int width = 30;
    int filled = total > 0 ? static_cast<int>(width * done / total) : width;
    std::string b(filled, '#');
    b.resize(width, '.');
    std::fprintf(stderr, "%s%-6s [%s] %3d%% %lld/%lld%s", tty ? "\r" : "", phase,
                 b.c_str(), total > 0 ? static_cast<int>(100 * done / total) : 100,
                 static_cast<long long>(done), static_cast<long long>(total),
                 tty ? "" : "\n");
    std::fflush(stderr);
  };
  sim::Report r = sim::RunWorkload(o, &sim::LiveHeapBytes, bar);
  if (progress && tty) std::fputs("\n", stderr);
  std::fputs(json ? sim::FormatJson(r).c_str() : sim::FormatTable(r).c_str(), stdout);
  return 0;
}

}  // namespace banter
