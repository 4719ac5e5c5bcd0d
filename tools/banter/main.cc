// The `banter` command: subcommand dispatch.
#include <cstdio>
#include <string>
#include <string_view>

#include "banter/version.h"
#include "tools/banter/rest_command.h"
#include "tools/banter/simulate.h"

namespace {

constexpr char kHelp[] =
    "usage: banter <command> [flags]\n"
    "\n"
    "commands:\n"
    "  rest       serve the TalkPlus REST surfaces over JSON Lines on\n"
    "             stdin/stdout (banter rest --help)\n"
    "  simulate   run the seeded workload and print throughput, latency and\n"
    "             memory (banter simulate --help)\n"
    "  help       this text\n"
    "\n"
    "flags:\n"
    "  --help     this text; `banter <command> --help` describes a command's\n"
    "             flags\n"
    "  --version  print banter's version\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kHelp, stderr);
    return 2;
  }
  const std::string_view command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kHelp, stdout);
    return 0;
  }
  if (command == "--version" || command == "version") {
    std::printf("banter %s\n", std::string(banter::kBanterVersion).c_str());
    return 0;
  }
  if (command == "rest") return banter::RunRest(argc - 2, argv + 2);
  if (command == "simulate") return banter::RunSimulate(argc - 2, argv + 2);
  std::fprintf(stderr, "banter: unknown command '%.*s'\n\n",
               static_cast<int>(command.size()), command.data());
  std::fputs(kHelp, stderr);
  return 2;
}
