#include "tools/banter/flags.h"

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "banter/version.h"

namespace banter {

std::optional<int> ParseFlags(std::string_view command, std::string_view usage,
                              std::string_view trailer,
                              boost::program_options::options_description& flags,
                              int argc, char** argv,
                              boost::program_options::variables_map* vm) {
  namespace po = boost::program_options;
  flags.add_options()("version", "print banter's version")("help,h",
                                                           "this text");
  try {
    po::store(po::command_line_parser(std::vector<std::string>(argv, argv + argc))
                  .options(flags)
                  .run(),
              *vm);
    po::notify(*vm);
  } catch (const po::error& e) {
    std::fprintf(stderr, "banter %.*s: %s (see banter %.*s --help)\n",
                 static_cast<int>(command.size()), command.data(), e.what(),
                 static_cast<int>(command.size()), command.data());
    return 2;
  }
  if (vm->count("help")) {
    std::ostringstream text;
    text << usage << flags << trailer;
    std::fputs(text.str().c_str(), stdout);
    return 0;
  }
  if (vm->count("version")) {
    std::printf("banter %s\n", std::string(kBanterVersion).c_str());
    return 0;
  }
  return std::nullopt;
}

}  // namespace banter
