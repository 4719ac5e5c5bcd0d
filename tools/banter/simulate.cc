// Placeholder until the simulation subcommand lands (it replaces this file).
#include <cstdio>

#include "tools/banter/simulate.h"

namespace banter {

int RunSimulate(int argc, char** argv) {
  std::fputs("banter simulate: not yet implemented\n", stderr);
  return 2;
}

}  // namespace banter
