#include "harness.h"
int main(int argc, char** argv) {
  banter::bench::Init(&argc, argv);
  return banter::bench::RunAll();
}
