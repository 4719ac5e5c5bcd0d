#!/usr/bin/env python3
"""docs/embedding.md shows examples/quickstart/quickstart.cc unchanged.

The quick start is compiled and run in CI from its file; this keeps the page
from drifting away from the code that is actually built.
Usage: docs_test.py REPO_ROOT
"""
import sys

root = sys.argv[1]
code = open(f"{root}/examples/quickstart/quickstart.cc").read()
page = open(f"{root}/docs/embedding.md").read()
if "```cpp\n" + code + "```" not in page:
    sys.exit("docs/embedding.md's quick start differs from "
             "examples/quickstart/quickstart.cc: paste the file again")
print("docs/embedding.md shows the quick start as built")
