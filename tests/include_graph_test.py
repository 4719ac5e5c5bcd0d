#!/usr/bin/env python3
"""The include graph between the engine's areas (issue #12).

An area is a folder of engine/ (users, channels, moderation, bots, messages,
durability; core is below them all). The goal is an acyclic graph in which an
area includes another only through that area's one interface header. The
engine is not there yet: today's cross-area includes are listed below, and
this test is a ratchet. It fails on any cross-area include that is not in
the list (a new dependency), and on any listed one that is gone (so the list
shrinks as the areas are separated: delete the line). It prints the area
graph and its cycles.

Usage: include_graph_test.py REPO_ROOT
"""
import itertools
import os
import re
import sys

# Cross-area includes as of the command path (area -> included header).
KNOWN = {
    ("channels", "bots/bots_internal.h"),
    ("channels", "messages/message_log.h"),
    ("channels", "messages/messages_internal.h"),
    ("channels", "moderation/moderation_internal.h"),
    ("channels", "users/users_internal.h"),
    ("messages", "channels/membership.h"),
    ("messages", "moderation/moderation_internal.h"),
    ("moderation", "channels/channel_record.h"),
    ("moderation", "channels/channels_internal.h"),
    ("moderation", "channels/membership.h"),
    ("moderation", "users/users_internal.h"),
    ("users", "channels/channels_internal.h"),
}
AREAS = ["users", "channels", "moderation", "bots", "messages", "durability"]
INCLUDE = re.compile(r'#include "engine/([a-z_]+)/([a-z_]+\.h)"')


def edges(root):
    found = set()
    for area in AREAS + ["core"]:
        folder = os.path.join(root, "engine", area)
        for name in sorted(os.listdir(folder)):
            if not name.endswith((".h", ".cc")):
                continue
            with open(os.path.join(folder, name)) as f:
                for m in INCLUDE.finditer(f.read()):
                    target = m.group(1)
                    if target != area and target != "core" and area != "core":
                        found.add((area, f"{target}/{m.group(2)}"))
                    if area == "core" and target != "core":
                        found.add((area, f"{target}/{m.group(2)}"))
    return found


def cycles(graph):
    """Area pairs and triples that reach each other."""
    def reaches(a, b, seen=()):
        if b in graph.get(a, ()):
            return True
        return any(reaches(n, b, seen + (a,)) for n in graph.get(a, ())
                   if n not in seen and n != a)
    return sorted({tuple(sorted((a, b))) for a, b in
                   itertools.permutations(graph, 2)
                   if reaches(a, b) and reaches(b, a)})


def main():
    root = sys.argv[1]
    found = edges(root)
    graph = {}
    for area, header in found:
        graph.setdefault(area, set()).add(header.split("/")[0])
    print("area include graph:")
    for area in sorted(graph):
        print(f"  {area} -> {', '.join(sorted(graph[area]))}")
    print("areas that reach each other:", cycles(graph) or "none")
    new = sorted(found - KNOWN)
    gone = sorted(KNOWN - found)
    problems = []
    if any(a == "core" for a, _ in found):
        problems.append("engine/core includes an area: " +
                        str(sorted(h for a, h in found if a == "core")))
    if new:
        problems.append("new cross-area includes (go through the area's "
                        "interface, or discuss in #12): " + str(new))
    if gone:
        problems.append("cross-area includes that are gone: delete them "
                        "from KNOWN so they cannot come back: " + str(gone))
    if problems:
        sys.exit("\n".join(problems))
    print(f"{len(found)} cross-area includes, none new")


if __name__ == "__main__":
    main()
