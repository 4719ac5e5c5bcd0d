// `banter simulate`: runs the seeded game-server workload (workload.h) with a
// progress bar on standard error and prints the summary table (or JSON).
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "boost/program_options.hpp"

#include "tools/banter/flags.h"
#include "tools/banter/simulate.h"
#include "tools/sim/alloc_counter.h"
#include "tools/sim/workload.h"

namespace banter {
namespace {

constexpr char kUsage[] =
    "usage: banter simulate [flags]\n"
    "\n"
    "Runs a seeded game-server workload through an in-process engine and\n"
    "prints operations per second by kind, fan-out deliveries per second,\n"
    "p50/p99 latency per operation kind, and memory per member and per\n"
    "message. The default size runs in about half a minute on 2 cores.\n"
    "\n";

}  // namespace

int RunSimulate(int argc, char** argv) {
  namespace po = boost::program_options;
  sim::WorkloadOptions o;
  bool json = false;
  bool no_progress = false;
  bool count_allocations = false;
  int64_t seed = static_cast<int64_t>(o.seed);
  int64_t history_cap = o.history_cap;
  std::string flood = std::to_string(o.flood_messages) + "/" +
                      std::to_string(o.flood_window_ms);
  po::options_description flags("flags");
  flags.add_options()
      ("seed", po::value(&seed)->value_name("N"),
       "workload and engine seed (default 1)")
      ("users", po::value(&o.users)->value_name("N"),
       "users created (default 100000)")
      ("world", po::value(&o.world_members)->value_name("N"),
       "members of the super_broadcast world channel (default: every user; "
       "0 = no world channel)")
      ("guilds", po::value(&o.guilds)->value_name("N"),
       "public guild channels (default 2000)")
      ("guild-size", po::value(&o.guild_size)->value_name("N"),
       "members per guild at start, 1..100 (default 40)")
      ("dms", po::value(&o.dm_pairs)->value_name("N"),
       "private 1:1 channels (default 20000)")
      ("ops", po::value(&o.ops)->value_name("N"),
       "operations in the main phase (default 2000000)")
      ("history-cap", po::value(&history_cap)->value_name("N"),
       "messages kept per channel (default 1000)")
      ("step-ms", po::value(&o.step_ms)->value_name("N"),
       "engine time per operation in ms (default 1)")
      ("flood-limit", po::value(&flood)->value_name("N/MS"),
       "flood limit of the main phase: N messages per user per MS ms "
       "(default 30/10000; 0/0 = off)")
      ("check", po::bool_switch(&o.check_invariants),
       "run CheckInvariants after every call (tiny runs only)")
      ("json", po::bool_switch(&json), "print the summary as one JSON object")
      ("no-progress", po::bool_switch(&no_progress), "no progress bar")
      ("count-allocations", po::bool_switch(&count_allocations),
       "count live heap bytes to report bytes per membership and per stored "
       "message (costs every allocation a little; off by default so engine "
       "times are not charged for it)");
  po::variables_map vm;
  if (std::optional<int> exit =
          ParseFlags("simulate", kUsage, "", flags, argc, argv, &vm)) {
    return *exit;
  }
  const bool progress = !no_progress;
  o.seed = static_cast<uint64_t>(seed);
  if (history_cap < 1 || history_cap > UINT32_MAX) {
    std::fprintf(stderr, "banter simulate: --history-cap needs 1..2^32-1\n");
    return 2;
  }
  o.history_cap = static_cast<uint32_t>(history_cap);
  if (o.users < 2 || o.guilds < 0 || o.dm_pairs < 0 || o.ops < 0 ||
      o.guild_size < 1 || o.guild_size > 100 || o.step_ms < 0) {
    std::fprintf(stderr,
                 "banter simulate: need --users >= 2, --guild-size 1..100 and "
                 "non-negative counts\n");
    return 2;
  }

  {
    // N/MS, both plain decimal.
    const size_t slash = flood.find('/');
    const auto number = [](const std::string& t) -> long long {
      if (t.empty() || t.size() > 9 ||
          t.find_first_not_of("0123456789") != std::string::npos) {
        return -1;
      }
      return std::stoll(t);
    };
    const long long n =
        slash == std::string::npos ? -1 : number(flood.substr(0, slash));
    const long long ms =
        slash == std::string::npos ? -1 : number(flood.substr(slash + 1));
    const bool off = n == 0 && ms == 0;
    if (!off && (n < 1 || n > 100 || ms < 1 || ms > 3'600'000)) {
      std::fprintf(stderr,
                   "banter simulate: --flood-limit needs N/MS with N 1..100 "
                   "and MS 1..3600000, or 0/0\n");
      return 2;
    }
    o.flood_messages = static_cast<uint32_t>(n);
    o.flood_window_ms = ms;
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
  if (count_allocations) sim::EnableAllocationCounting();
  sim::Report r = sim::RunWorkload(
      o, count_allocations ? &sim::LiveHeapBytes : nullptr, bar);
  if (progress && tty) std::fputs("\n", stderr);
  std::fputs(json ? sim::FormatJson(r).c_str() : sim::FormatTable(r).c_str(), stdout);
  return 0;
}

}  // namespace banter
