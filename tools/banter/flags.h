// Flag parsing shared by the `banter` subcommands (Boost.Program_options).
#ifndef BANTER_TOOLS_BANTER_FLAGS_H_
#define BANTER_TOOLS_BANTER_FLAGS_H_

#include <optional>
#include <string_view>

#include "boost/program_options.hpp"

namespace banter {

// Adds --version and --help to `flags`, then parses argv into *vm. Returns
// the exit code when the command should stop here: 0 after printing the help
// (`usage`, the flags, then `trailer`) or the version, 2 after naming a bad
// flag on standard error ("banter <command>: ..."). nullopt: go on.
std::optional<int> ParseFlags(std::string_view command, std::string_view usage,
                              std::string_view trailer,
                              boost::program_options::options_description& flags,
                              int argc, char** argv,
                              boost::program_options::variables_map* vm);

}  // namespace banter

#endif  // BANTER_TOOLS_BANTER_FLAGS_H_
