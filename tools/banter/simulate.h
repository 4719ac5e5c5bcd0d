// `banter simulate`: the seeded workload runner (another engineer's
// subcommand; main.cc only dispatches to it).
#ifndef BANTER_TOOLS_BANTER_SIMULATE_H_
#define BANTER_TOOLS_BANTER_SIMULATE_H_

namespace banter {

// Runs `banter simulate`. `argv` holds the arguments after the subcommand
// name (argv[0] is the first flag). Returns the process exit status.
int RunSimulate(int argc, char** argv);

}  // namespace banter

#endif  // BANTER_TOOLS_BANTER_SIMULATE_H_
