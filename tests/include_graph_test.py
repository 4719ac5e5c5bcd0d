#!/usr/bin/env python3
"""The include graph between the engine's areas must be a set of floors.

An area is a folder of engine/ (membership, users, bots, channels,
moderation, messages, views, durability); engine/core is below them all and
includes none of them. The rules, checked here:

  1. An area includes another area only through that area's one interface
     header, engine/<area>/<area>.h (never a record, an *_ops.h or a *_rules.h
     of another area).
  2. engine/core includes no area.
  3. The area graph has no cycle.
  4. An area's write key (engine/<area>/<area>_key.h: the type its tables'
     mutators take) is included only by that area's own files, anywhere in
     the repository outside tests/: so only the area writes its records.

It prints the graph and the floors it implies (docs/design.md draws them).

Usage: include_graph_test.py REPO_ROOT
"""
import os
import re
import sys

INCLUDE = re.compile(r'#include "engine/([a-z_]+)/([a-z_]+\.h)"')


def areas(root):
    engine = os.path.join(root, "engine")
    return sorted(d for d in os.listdir(engine)
                  if os.path.isdir(os.path.join(engine, d)) and d != "core")


def edges(root):
    """(area, included area, header) for every include that crosses areas."""
    found = set()
    for area in areas(root) + ["core"]:
        folder = os.path.join(root, "engine", area)
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".h", ".cc")):
                continue
            with open(os.path.join(folder, name)) as f:
                for m in INCLUDE.finditer(f.read()):
                    target = m.group(1)
                    if target != area and target != "core":
                        found.add((area, target, m.group(2)))
    return found


KEY = re.compile(r'#include "engine/([a-z_]+)/([a-z_]+)_key\.h"')
SOURCE_DIRS = ("engine", "rest", "tools", "replica", "presence", "bench",
               "threaded", "examples",
               "include", "fuzz")


def key_includes(root):
    """(file, area) for every include of an area's key outside that area."""
    found = []
    for top in SOURCE_DIRS:
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith((".h", ".cc")):
                    continue
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root)
                with open(path) as f:
                    for m in KEY.finditer(f.read()):
                        area = m.group(1)
                        if area != "core" and not rel.startswith(
                                f"engine/{area}/"):
                            found.append((rel, f"{area}/{m.group(2)}_key.h"))
    return found


def floors(graph, names):
    """Kahn's order by levels; None if the graph has a cycle."""
    level = {}
    remaining = set(names)
    while remaining:
        ready = sorted(a for a in remaining
                       if all(b in level for b in graph.get(a, ())))
        if not ready:
            return None
        for a in ready:
            level[a] = 1 + max((level[b] for b in graph.get(a, ())),
                               default=-1)
        remaining -= set(ready)
    out = {}
    for a, n in level.items():
        out.setdefault(n, []).append(a)
    return out


def main():
    root = sys.argv[1]
    names = areas(root)
    found = edges(root)
    graph = {}
    for area, target, _ in found:
        graph.setdefault(area, set()).add(target)
    print("area include graph:")
    for area in names:
        print(f"  {area} -> {', '.join(sorted(graph.get(area, ()))) or '-'}")
    problems = []
    core = sorted(f"{t}/{h}" for a, t, h in found if a == "core")
    if core:
        problems.append("engine/core includes an area: " + str(core))
    wrong = sorted(f"{a} -> {t}/{h}" for a, t, h in found
                   if a != "core" and h != f"{t}.h")
    if wrong:
        problems.append("includes that bypass an area's interface header "
                        "(use engine/<area>/<area>.h): " + str(wrong))
    keys = key_includes(root)
    if keys:
        problems.append("an area's write key included outside the area: " +
                        str(keys))
    levels = floors({a: t for a, t in graph.items() if a != "core"}, names)
    if levels is None:
        problems.append("the area graph has a cycle")
    else:
        print("floors, lowest first:")
        for n in sorted(levels):
            print(f"  {n}: {', '.join(sorted(levels[n]))}")
    if problems:
        sys.exit("\n".join(problems))
    print(f"{len(found)} cross-area includes, all through interface headers, "
          "no cycle")


if __name__ == "__main__":
    main()
