#!/usr/bin/env python3
"""The code shown in README.md and docs/ is the code that is built and run.

1. Every C++ or CMake block (a fenced block whose info string starts with
   cpp, c++ or cmake) is either text of a file CI builds (the quick start,
   the embedding example, the quick start's CMakeLists.txt) or says
   `fragment` in its info string (```cpp fragment) because it shows a piece
   of something larger.
2. docs/embedding.md shows examples/quickstart/quickstart.cc whole.
3. README, docs/ and installed headers cite nothing outside the repository
   (no "§" section numbers of external documents, no paths to them).
4. With the banter binary given, README's `banter rest` session is run: the
   three request lines must answer the three response lines shown (a line
   shown shortened, ending in " …", must be a prefix of the real one).

Usage: docs_test.py REPO_ROOT [BANTER_BINARY]
"""
import glob
import os
import subprocess
import sys

root = sys.argv[1]
binary = sys.argv[2] if len(sys.argv) > 2 else None
BUILT = ["examples/quickstart/quickstart.cc", "examples/quickstart/CMakeLists.txt",
         "rest/examples/embed_example.cc"]
built = {p: open(os.path.join(root, p)).read() for p in BUILT}


def blocks(path):
    """(line, info string, text) of every fenced block in `path`."""
    out, info, start, body = [], None, 0, []
    for i, line in enumerate(open(path).read().split("\n"), 1):
        if line.startswith("```"):
            if info is None:
                info, start, body = line[3:].strip(), i, []
            else:
                out.append((start, info, "\n".join(body) + "\n"))
                info = None
        elif info is not None:
            body.append(line)
    return out


failures = []
pages = [os.path.join(root, "README.md")] + sorted(
    glob.glob(os.path.join(root, "docs", "*.md")))
checked = 0
for page in pages:
    for line, info, text in blocks(page):
        words = info.split()
        if not words or words[0] not in ("cpp", "c++", "cmake"):
            continue
        checked += 1
        if "fragment" in words[1:]:
            continue
        if not any(text in source for source in built.values()):
            failures.append(f"{os.path.relpath(page, root)}:{line}: a {words[0]} "
                            "block that no built file contains; paste it from "
                            "the file again or mark it ```" + words[0] +
                            " fragment")

quickstart = built["examples/quickstart/quickstart.cc"]
embedding = open(os.path.join(root, "docs", "embedding.md")).read()
if "```cpp\n" + quickstart + "```" not in embedding:
    failures.append("docs/embedding.md: the quick start differs from "
                    "examples/quickstart/quickstart.cc")

if binary:
    readme = blocks(os.path.join(root, "README.md"))
    json_blocks = [text for _, info, text in readme if info == "json"]
    requests, shown = json_blocks[0], json_blocks[1].rstrip("\n").split("\n")
    run = subprocess.run([binary, "rest", "--seed", "1", "--password-cost", "4"],
                         input=requests, capture_output=True, text=True)
    got = run.stdout.rstrip("\n").split("\n")
    if len(got) != len(shown):
        failures.append(f"README.md: the session answers {len(got)} lines, "
                        f"the page shows {len(shown)}")
    for want, have in zip(shown, got):
        if want.endswith(" …"):
            ok = have.startswith(want[:-2])
        else:
            ok = have == want
        if not ok:
            failures.append(f"README.md: shown {want[:80]!r}, got {have[:80]!r}")

# Nothing a user reads points outside the repository: no section numbers of
# documents we do not ship, no paths to our inputs.
readable = pages + glob.glob(os.path.join(root, "include", "**", "*.h"),
                             recursive=True) + glob.glob(
    os.path.join(root, "*", "include", "**", "*.h"), recursive=True)
for path in readable:
    for n, text in enumerate(open(path).read().split("\n"), 1):
        if "§" in text or "../shared" in text or "shared/spec" in text:
            failures.append(f"{os.path.relpath(path, root)}:{n}: cites a "
                            "document outside the repository: " + text.strip())

if failures:
    sys.exit("\n".join(failures))
print(f"docs: {checked} C++/CMake blocks built or marked fragment; quick start "
      f"as built{'; README session answers as shown' if binary else ''}")
