// `banter rest`: the JSON Lines transport over the REST adapters (jsonl.md).
#ifndef BANTER_TOOLS_BANTER_REST_COMMAND_H_
#define BANTER_TOOLS_BANTER_REST_COMMAND_H_

namespace banter {

// Runs `banter rest`. `argv` holds the arguments after the subcommand name
// (argv[0] is the first flag). Returns the process exit status: 0 at end of
// input, 2 for bad flags.
int RunRest(int argc, char** argv);

}  // namespace banter

#endif  // BANTER_TOOLS_BANTER_REST_COMMAND_H_
