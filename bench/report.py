#!/usr/bin/env python3
"""Turns the benchmark JSON (bench/results/*.json) into docs/performance.md
and the log-log PNG plots in docs/figures/.

Run by bench/run; by hand:
  python3 bench/report.py --results bench/results --doc docs/performance.md \
      --figures docs/figures --command "bench/run" --notes bench/analysis.md

Benchmark names (see bench/*_bench.cc):
  fanout/<type>/<owner|member>/<clean|blocked>/<peer>/<members>
  fanout/baseline/sum/<members>
  membership/<op>/<peer>/<members>
  read/<op>/<peer>/<members>     (op includes history_latest, history_deep)
  mixed/simulate/banter/<users>, mixed/peers/<peer>/<users>
  memory/<what>/<peer>
Google Benchmark appends "/min_time:...", "/iterations:...",
"/manual_time" and "/real_time"; they are dropped.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PEERS = ["banter", "handrolled", "sqlite", "redis", "redis_pipelined"]
OTHERS = ["handrolled", "sqlite", "redis", "redis_pipelined"]
# Speed goals of issue #13: banter / peer time ratios.
GOAL = {"handrolled": 2.0, "sqlite": 10.0, "redis": 10.0,
        "redis_pipelined": 10.0}
# Absolute goals of issue #13 (ns per operation), checked in the summary.
COLD_GOAL_NS = 300      # cold join, leave, ban, mute at 1M members
HISTORY_GOAL_NS = 1000  # a history page of 20
MEMBERSHIP_GOAL_B = 48  # bytes per membership, guild shape
UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
COLORS = {"banter": "tab:blue", "banter_spans": "tab:cyan",
          "handrolled": "tab:green", "sqlite": "tab:orange",
          "redis": "tab:red", "redis_pipelined": "tab:purple",
          "baseline": "black"}

# What every series in the plots is; the report prints this list once.
SERIES = [
    ("banter", "the engine through its public API and the benchmark adapter "
     "(bench/banter_peer.cc), delivering through the per-recipient callback "
     "like every peer"),
    ("banter_spans", "banter handing the recipients over as spans of its "
     "member array, counted but not visited (fan-out only)"),
    ("handrolled", "the competent hand-written peer: std containers on "
     "integer ids, a dense member vector with a slot map and swap-remove, "
     "std::set pages, hash sets and maps for bans, mutes and blocks, a "
     "vector history (bench/peers/handrolled_peer.cc)"),
    ("sqlite", "an in-memory SQLite database, prepared statements, one "
     "statement per check-and-write"),
    ("redis", "a private Redis server on a Unix socket, one synchronous "
     "round trip per call (Lua scripts for check-and-write), two for a send "
     "to everyone"),
    ("redis_pipelined", "the same Redis client pipelining where a real "
     "client would: a batch of membership calls in one round trip, a send "
     "to everyone in one"),
    ("sum of N handles", "reading N uint32 handles once from a vector: the "
     "memory-bandwidth floor of any fan-out that visits every recipient"),
]


def shared_legend(fig, axes, ncol=7):
    """One legend for the whole figure, below the panels (outside the data
    area), with every series drawn in any panel once."""
    seen = {}
    for ax in axes:
        for line in ax.get_lines():
            label = line.get_label()
            if not label.startswith("_") and label not in seen:
                seen[label] = line
    if seen:
        fig.legend(list(seen.values()), list(seen.keys()),
                   loc="lower center", ncol=min(ncol, len(seen)),
                   bbox_to_anchor=(0.5, 0.0), frameon=False)


def load(results_dir):
    """name parts (tuple) -> benchmark record, over every results file."""
    runs = {}
    context = {}
    for file in sorted(os.listdir(results_dir)):
        if not file.endswith(".json"):
            continue
        with open(os.path.join(results_dir, file)) as f:
            data = json.load(f)
        context = data.get("context", context)
        for b in data.get("benchmarks", []):
            if b.get("run_type", "iteration") != "iteration":
                continue
            parts = tuple(p for p in b["name"].split("/")
                          if ":" not in p
                          and p not in ("manual_time", "real_time"))
            runs[parts] = b
    return runs, context


def ns(b):
    """Time per operation in ns, or None for a failed or skipped run. An
    iteration of a batched benchmark (TimedBatches) is `batch` operations."""
    if b is None or b.get("error_occurred"):
        return None
    return (b["real_time"] * UNIT_NS[b.get("time_unit", "ns")]
            / b.get("batch", 1))


def fmt_time(t):
    if t is None:
        return "–"
    if t < 1e3:
        return f"{t:.0f} ns"
    if t < 1e6:
        return f"{t / 1e3:.2f} µs"
    if t < 1e9:
        return f"{t / 1e6:.2f} ms"
    return f"{t / 1e9:.2f} s"


def fmt_rate(r):
    if r is None:
        return "–"
    for div, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if r >= div:
            return f"{r / div:.2f}{suffix}"
    return f"{r:.0f}"


def fmt_size(n):
    n = int(n)
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def ratio(peer_t, banter_t):
    if peer_t is None or banter_t is None or banter_t == 0:
        return None
    return peer_t / banter_t


def fmt_ratio(r, goal=None):
    if r is None:
        return "–"
    text = f"{r:.1f}x" if r < 100 else f"{r:.0f}x"
    if goal is not None and r < goal:
        text = f"**{text}**"
    return text


class Goals:
    """Collects every comparison against the issue's goals."""

    def __init__(self):
        self.misses = []  # (area, case, peer, ratio, goal)
        self.checked = 0

    def check(self, area, case, peer, r):
        if r is None or peer not in GOAL:
            return
        self.checked += 1
        if r < GOAL[peer]:
            self.misses.append((area, case, peer, r, GOAL[peer]))


def table(header, rows):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join(["---"] * len(header)) + "|"]
    for row in rows:
        out.append("| " + " | ".join(row) + " |")
    return "\n".join(out)


def peers_present(runs, prefix_len, index):
    found = {k[index] for k in runs if len(k) > index}
    return [p for p in PEERS if p in found]


# ---- Fan-out -----------------------------------------------------------------

FANOUT_CASES = [("private", "member"), ("broadcast", "owner"),
                ("broadcast", "member"), ("super_public", "member"),
                ("super_broadcast", "owner"), ("super_broadcast", "member")]


def fanout_section(runs, goals, figures_dir, fig_rel):
    peers = [p for p in PEERS
             if any(k[0] == "fanout" and len(k) == 6 and k[4] == p
                    for k in runs)]
    sizes = sorted({int(k[5]) for k in runs if k[0] == "fanout" and len(k) == 6})
    baseline = {int(k[3]): ns(b) for k, b in runs.items()
                if k[:3] == ("fanout", "baseline", "sum")}
    lines = ["## Fan-out", "",
             "One message to a channel of N members; time per message (the "
             "sender's call until every recipient was handed to the caller), "
             "and recipients per second for banter. Every peer calls the same "
             "`deliver(ctx, user)` callback once per recipient. "
             "`banter (spans)` is banter handing over the recipient spans "
             "without the per-recipient callback. Ratios are peer time / "
             "banter time (higher is better for banter; bold misses the "
             "goal: 10x for SQLite and both Redis clients, 2x for "
             "hand-rolled). \"blocked\": 1% of the members blocked the "
             "sender. Every peer, Redis included, runs every size up to 1M "
             "(the Redis worlds are loaded through a pipelined client).", ""]
    header = ["type / sender", "members", "banter", "recipients/s",
              "banter (spans)"]
    for p in peers:
        if p != "banter":
            header += [p, "ratio"]
    for blocked in ("clean", "blocked"):
        rows = []
        for typ, sender in FANOUT_CASES:
            for n in sizes:
                key = ("fanout", typ, sender, blocked)
                b = runs.get(key + ("banter", str(n)))
                if b is None and not any(runs.get(key + (p, str(n)))
                                         for p in peers):
                    continue
                bt = ns(b)
                rate = b.get("items_per_second") if b else None
                row = [f"{typ} / {sender}", fmt_size(n), fmt_time(bt),
                       fmt_rate(rate) if rate else "–",
                       fmt_time(ns(runs.get(key + ("banter_spans", str(n)))))]
                for p in peers:
                    if p == "banter":
                        continue
                    pt = ns(runs.get(key + (p, str(n))))
                    r = ratio(pt, bt)
                    goals.check("fan-out", f"{typ}/{sender}/{blocked} "
                                f"{fmt_size(n)}", p, r)
                    row += [fmt_time(pt), fmt_ratio(r, GOAL.get(p))]
                rows.append(row)
        if rows:
            lines += [f"### {'Nobody blocks the sender' if blocked == 'clean' else '1% of the members blocked the sender'}",
                      "", table(header, rows), ""]

    # Bandwidth: banter's fan-out vs reading N handles once.
    rows = []
    bw = []
    for typ, sender in (("super_public", "member"),
                        ("super_broadcast", "owner")):
        for n in sizes:
            if n < 10_000 or n not in baseline:
                continue
            key = ("fanout", typ, sender, "clean")
            bt = ns(runs.get(key + ("banter", str(n))))
            tt = ns(runs.get(key + ("banter_touch", str(n))))
            st = ns(runs.get(key + ("banter_spans", str(n))))
            base = baseline[n]
            r = ratio(tt, base)
            bw.append((f"{typ}/{sender} {fmt_size(n)}", r))
            rows.append([f"{typ} / {sender}", fmt_size(n), fmt_time(base),
                         fmt_time(tt), fmt_ratio(r), fmt_time(bt),
                         fmt_ratio(ratio(bt, base)), fmt_time(st)])
    if rows:
        lines += ["### Against the memory-bandwidth floor", "",
                  "`sum` reads N uint32 handles once (a std::vector, "
                  "sequentially): the least any fan-out that visits every "
                  "recipient can cost. `banter (touch)` is a send whose sink "
                  "reads every recipient handle in the spans once; goal: "
                  "within 3x of `sum`. `banter (callback)` adds the "
                  "benchmark interface's indirect call per recipient and the "
                  "handle-to-int lookup; `banter (spans)` reads none.", "",
                  table(["type / sender", "members", "sum of N handles",
                         "banter (touch)", "touch / sum",
                         "banter (callback)", "callback / sum",
                         "banter (spans)"], rows), ""]
    goals.bandwidth = bw

    # Plots: one panel per (type, sender) measured at two sizes or more
    # (a case measured at one size is a dot, not a curve: the table has it),
    # log-log, one line per peer.
    for blocked in ("clean", "blocked"):
        def sizes_of(typ, sender):
            key = ("fanout", typ, sender, blocked)
            return {n for p in peers for n in sizes
                    if ns(runs.get(key + (p, str(n))))}
        cases = [c for c in FANOUT_CASES if len(sizes_of(*c)) >= 2]
        single = [c for c in FANOUT_CASES if len(sizes_of(*c)) == 1]
        if not cases:
            continue
        cols = min(3, len(cases))
        rows = (len(cases) + cols - 1) // cols
        fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 4.5 * rows),
                                 squeeze=False)
        for ax in list(axes.flat)[len(cases):]:
            ax.set_visible(False)
        drawn = False
        for ax, (typ, sender) in zip(axes.flat, cases):
            key = ("fanout", typ, sender, blocked)
            for p in peers + ["banter_spans"]:
                pts = [(n, ns(runs.get(key + (p, str(n))))) for n in sizes]
                pts = [(n, t / 1e3) for n, t in pts if t]
                if pts:
                    drawn = True
                    ax.plot(*zip(*pts), marker="o", label=p,
                            color=COLORS.get(p))
            # The floor applies where a message reaches every member.
            if ((typ, sender) in (("super_public", "member"),
                                  ("super_broadcast", "owner"))
                    and baseline and blocked == "clean"):
                pts = [(n, t / 1e3) for n, t in sorted(baseline.items()) if t]
                ax.plot(*zip(*pts), linestyle="--", color="black",
                        label="sum of N handles")
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_title(f"{typ}, {sender} sends")
            ax.set_xlabel("members")
            ax.set_ylabel("µs per message")
            ax.grid(True, which="both", alpha=0.3)
        if drawn:
            fig.suptitle("Fan-out: time per message vs channel size"
                         + (" (1% blocked the sender)" if blocked == "blocked"
                            else ""))
            shared_legend(fig, list(axes.flat)[:len(cases)])
            fig.tight_layout(rect=(0, 0.08 if rows == 1 else 0.05, 1, 1))
            name = f"fanout_{blocked}.png"
            fig.savefig(os.path.join(figures_dir, name), dpi=80)
            lines += [f"![fan-out, {blocked}]({fig_rel}/{name})", ""]
            if single:
                lines += ["Measured at one size only, so in the table above "
                          "and not plotted: " + ", ".join(
                              f"{t} / {s}" for t, s in single) + ".", ""]
        plt.close(fig)
    return lines


# ---- Membership ---------------------------------------------------------------

MEMBERSHIP_OPS = ["join", "leave", "add", "remove", "ban", "unban", "mute",
                  "unmute", "is_member", "member_page"]


def membership_section(runs, goals, figures_dir, fig_rel):
    keys = [k for k in runs if k[0] == "membership"]
    if not keys:
        return []
    peers = [p for p in PEERS if any(k[2] == p for k in keys)]
    sizes = sorted({int(k[3]) for k in keys})
    lines = ["## Membership and moderation (cold: random users)", "",
             "A super_public channel of N members (owned by user 1) in a "
             "world of 1.1 x the largest N users. Time per operation. join, "
             "leave, add, "
             "remove, ban, unban, mute and unmute run on random users drawn "
             "afresh for every iteration (members among all N, outsiders "
             "among everyone else), in timed batches of min(N/10, 100) "
             "operations handed to `Batch` (single calls in every peer but "
             "redis_pipelined, which pipelines the batch into one round "
             "trip); the untimed undo (leave after join, unban and rejoin "
             "after ban, ...) restores the world. `is_member` checks "
             "scattered members; `member_page` reads 50 members after a "
             "random member.", ""]
    header = ["operation", "members", "banter"]
    for p in peers:
        if p != "banter":
            header += [p, "ratio"]
    rows = []
    for op in MEMBERSHIP_OPS:
        for n in sizes:
            bt = ns(runs.get(("membership", op, "banter", str(n))))
            row = [op, fmt_size(n), fmt_time(bt)]
            for p in peers:
                if p == "banter":
                    continue
                pt = ns(runs.get(("membership", op, p, str(n))))
                r = ratio(pt, bt)
                goals.check("membership", f"{op} {fmt_size(n)}", p, r)
                row += [fmt_time(pt), fmt_ratio(r, GOAL.get(p))]
            rows.append(row)
    lines += [table(header, rows), ""]

    fig, axes = plt.subplots(2, 5, figsize=(20, 8))
    for ax, op in zip(axes.flat, MEMBERSHIP_OPS):
        for p in peers:
            pts = [(n, ns(runs.get(("membership", op, p, str(n)))))
                   for n in sizes]
            pts = [(n, t / 1e3) for n, t in pts if t]
            if pts:
                ax.plot(*zip(*pts), marker="o", label=p, color=COLORS.get(p))
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_title(op)
        ax.set_xlabel("members")
        ax.set_ylabel("µs per operation")
        ax.grid(True, which="both", alpha=0.3)
    fig.suptitle("Membership and moderation, random users: time per "
                 "operation vs channel size")
    shared_legend(fig, axes.flat)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    fig.savefig(os.path.join(figures_dir, "membership.png"), dpi=80)
    plt.close(fig)
    lines += [f"![membership]({fig_rel}/membership.png)", ""]
    return lines


# ---- Read state ----------------------------------------------------------------

READ_OPS = [("mark_read", "mark read (random reader, one new message "
                          "behind)"),
            ("unread_count", "unread count, one member (10k messages behind)"),
            ("total_unread", "total unread across 1,000 joined channels"),
            ("not_read_by", "\"not yet read by\" for one message"),
            ("history_latest", "history page of 20, newest messages"),
            ("history_deep", "history page of 20, 50k-100k messages back")]


def read_run(runs, op, peer):
    """The run of `op` for `peer` at whatever size it ran, and the size."""
    for k, b in runs.items():
        if k[:3] == ("read", op, peer):
            return b, int(k[3])
    return None, None


def read_section(runs, goals, figures_dir, fig_rel):
    keys = [k for k in runs if k[0] == "read"]
    if not keys:
        return []
    peers = [p for p in PEERS if any(k[2] == p for k in keys)]
    members = max(int(k[3]) for k in keys)
    messages = None
    history = None
    for k in keys:
        messages = runs[k].get("messages", messages)
        history = runs[k].get("history", history)
    lines = ["## Read state", "",
             f"A super_broadcast channel of {fmt_size(members)} members after "
             f"{fmt_size(messages or 0)} messages (members write to the owner; "
             "every 1000th message is the owner's, to everyone); the "
             "total-unread user is in 1,000 channels with 10 unread messages "
             "each. mark_read: per iteration, one member message is sent "
             "(untimed) and 100 random readers then mark read, so every call "
             "moves a read point. History pages are read by a random member "
             "of a super_public channel of 10 members and "
             f"{fmt_size(history or 0)} messages (banter keeps them all: its "
             "super_public history cap is lifted for this world), at the "
             "newest message or at a random cursor in the older half. A peer "
             "that ran on a smaller channel shows its size in parentheses "
             "(its ratio then flatters it).", ""]
    header = ["operation", "banter"]
    for p in peers:
        if p != "banter":
            header += [p, "ratio"]
    rows = []
    for op, label in READ_OPS:
        bt = ns(read_run(runs, op, "banter")[0])
        row = [label, fmt_time(bt)]
        for p in peers:
            if p == "banter":
                continue
            b, n = read_run(runs, op, p)
            pt = ns(b)
            r = ratio(pt, bt)
            goals.check("read state", op, p, r)
            cell = fmt_time(pt)
            if n is not None and n != members:
                cell += f" ({fmt_size(n)})"
            row += [cell, fmt_ratio(r, GOAL.get(p))]
        rows.append(row)
    lines += [table(header, rows), ""]

    # One bar group per operation, one bar per peer, log scale.
    fig, ax = plt.subplots(figsize=(13, 5.5))
    width = 0.8 / max(1, len(peers))
    for i, p in enumerate(peers):
        xs, ys = [], []
        for j, (op, _) in enumerate(READ_OPS):
            t = ns(read_run(runs, op, p)[0])
            if t:
                xs.append(j + (i - (len(peers) - 1) / 2) * width)
                ys.append(t / 1e3)
        if xs:
            ax.bar(xs, ys, width=width, label=p, color=COLORS.get(p))
    ax.set_yscale("log")
    ax.set_xticks(range(len(READ_OPS)))
    ax.set_xticklabels([op for op, _ in READ_OPS])
    ax.set_ylabel("µs per operation")
    ax.grid(True, axis="y", which="both", alpha=0.3)
    ax.set_title("Read state and history: time per operation")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.tight_layout()
    fig.savefig(os.path.join(figures_dir, "read_state.png"), dpi=80)
    plt.close(fig)
    lines += [f"![read state]({fig_rel}/read_state.png)", ""]
    return lines


# ---- Mixed -----------------------------------------------------------------------

def mixed_section(runs, goals):
    keys = [k for k in runs if k[0] == "mixed"]
    if not keys:
        return []
    lines = ["## Mixed workload", ""]
    sim = [k for k in keys if k[1] == "simulate"]
    for k in sim:
        b = runs[k]
        if b.get("error_occurred"):
            continue
        lines += [f"`banter simulate` mix ({fmt_size(k[3])} users, "
                  f"{fmt_size(b.get('ops', 0))} operations, engine API "
                  f"directly): **{fmt_rate(b.get('ops_per_second'))} "
                  f"operations/s**, {fmt_rate(b.get('deliveries_per_second'))}"
                  f" deliveries/s (setup {b.get('setup_s', 0):.1f} s).", ""]
    peer_keys = [k for k in keys if k[1] == "peers"]
    if peer_keys:
        users = peer_keys[0][3]
        ops = runs[peer_keys[0]].get("ops", 0)
        lines += [f"The same mix restricted to the peers' operations (no "
                  f"logins, reactions or history pages), {fmt_size(users)} "
                  f"users, {fmt_size(ops)} operations, on every peer:", ""]
        rows = []
        banter = runs.get(("mixed", "peers", "banter", users))
        brate = banter.get("ops_per_second") if banter else None
        for p in PEERS:
            b = runs.get(("mixed", "peers", p, users))
            if b is None or b.get("error_occurred"):
                continue
            rate = b.get("ops_per_second")
            r = brate / rate if brate and rate and p != "banter" else None
            goals.check("mixed", "peer mix", p, r)
            rows.append([p, fmt_rate(rate), fmt_ratio(r, GOAL.get(p)) if
                         p != "banter" else "",
                         f"{b.get('setup_s', 0):.1f} s"])
        lines += [table(["peer", "operations/s", "banter / peer", "setup"],
                        rows), ""]
    return lines


# ---- Memory ------------------------------------------------------------------------

MEMORY_ITEMS = [("membership_world", "per membership, one channel (world)"),
                ("membership_guild", "per membership, 100-member channels, "
                                     "10 per user (guild)"),
                ("message", "per stored message (text excluded)"),
                ("user", "per user"),
                ("channel", "per channel")]


def memory_section(runs):
    keys = [k for k in runs if k[0] == "memory"]
    if not keys:
        return [], None
    peers = [p for p in PEERS if any(k[2] == p for k in keys)]
    lines = ["## Memory", "",
             "Measured bytes: the allocator's live bytes around banter and the "
             "hand-rolled peer (`malloc_usable_size` of every `operator new`), "
             "`sqlite3_memory_used()` for SQLite, `INFO used_memory` for "
             "Redis; (after - before) / items. Memberships count both "
             "directions (channel to users and user to channels). Goal "
             f"(issue #13): banter at most {MEMBERSHIP_GOAL_B} bytes per "
             "membership in the guild shape. redis_pipelined stores exactly "
             "what redis stores and is not measured again; Redis "
             "memberships are measured at up to 100k.", ""]
    rows = []
    guild = None
    for what, label in MEMORY_ITEMS:
        row = [label]
        for p in peers:
            b = runs.get(("memory", what, p))
            v = b.get("bytes_per_item") if b and not b.get(
                "error_occurred") else None
            row.append("–" if v is None else f"{v:.0f} B")
            if p == "banter" and what == "membership_guild" and v:
                guild = v
        # The largest count any peer measured (Redis memberships stop at
        # 100k; the text says so).
        n = max((runs[("memory", what, p)].get("items", 0) for p in peers
                 if ("memory", what, p) in runs), default=None)
        row.append(fmt_size(n) if n else "–")
        rows.append(row)
    lines += [table(["bytes"] + peers + ["items"], rows), ""]
    return lines, guild


# ---- The document ----------------------------------------------------------------------

FEATURES = [
    ("presence", "Presence and typing",
     "docs/presence.md: a keystroke that renews a typing indicator, a "
     "start/stop pair with its events, a connect/disconnect pair of a user "
     "in N guilds. `recipients_*` counts the members an event reaches."),
    ("word_filter", "Word filter",
     "docs/word-filter.md: one scan (or mask) of a 200-byte message by the "
     "automaton over N patterns, a send through the filter, and rebuilding "
     "the automaton. The scan's cost must not grow with N."),
    ("search", "Search",
     "docs/messaging.md, \"Search\": a message search that finds nothing "
     "scans the channel's history (per message scanned), a page of hits, "
     "a trigram index measured for comparison and not built, and user "
     "search by id and name prefix."),
]
STANDARD_KEYS = {"name", "run_name", "run_type", "repetitions",
                 "repetition_index", "threads", "iterations", "real_time",
                 "cpu_time", "time_unit", "family_index",
                 "per_family_instance_index", "aggregate_name",
                 "aggregate_unit", "error_occurred", "error_message",
                 "label"}


def fmt_counter(v):
    if isinstance(v, float) and not v.is_integer():
        if abs(v) < 1e-3:
            return f"{v:.3g}"
        if abs(v) >= 1e6:
            return f"{v / 1e6:.1f}M"
        return f"{v:.3g}"
    v = int(v)
    return f"{v / 1e6:.1f}M" if abs(v) >= 1e6 else str(v)


def features_section(results_dir):
    """One table per feature benchmark (issue #17), banter alone."""
    out = []
    base = os.path.join(results_dir, "features")
    if not os.path.isdir(base):
        return out
    out += ["## Features (issue #17)", "",
            "banter alone (no peer offers these). CPU is the time the "
            "benchmark thread spent per call; wall includes waiting for the "
            "core on a loaded machine.", ""]
    for key, title, text in FEATURES:
        path = os.path.join(base, key + ".json")
        if not os.path.exists(path):
            continue
        with open(path) as f:
            data = json.load(f)
        ctx = data.get("context", {})
        load = " ".join(f"{x:.2f}" for x in ctx.get("load_avg", []))
        rows = []
        for b in data.get("benchmarks", []):
            if b.get("run_type", "iteration") != "iteration":
                continue
            unit = UNIT_NS[b.get("time_unit", "ns")]
            if b.get("error_occurred"):
                rows.append([f"`{b['name']}`", "–", "–",
                             b.get("error_message", "error")])
                continue
            counters = ", ".join(
                f"{k} {fmt_counter(v)}" for k, v in b.items()
                if k not in STANDARD_KEYS and k != "bytes_per_second"
                and k != "items_per_second" and isinstance(v, (int, float)))
            rows.append([f"`{b['name']}`", fmt_time(b["cpu_time"] * unit),
                         fmt_time(b["real_time"] * unit), counters])
        out += [f"### {title}", "", text,
                f"Ran {ctx.get('date', '?')}, load average {load or '?'}.", ""]
        out.append(table(["benchmark", "CPU per call", "wall per call",
                          "counters"], rows))
        out.append("")
    return out


def machine(loadavg):
    model = ""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        m = re.search(r"Model name:\s*(.+)", out)
        model = m.group(1).strip() if m else ""
    except OSError:
        pass
    mem_gib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_gib = int(line.split()[1]) / 1024 / 1024
    try:
        cxx = subprocess.run(["c++", "--version"], capture_output=True,
                             text=True).stdout.splitlines()[0]
    except (OSError, IndexError):
        cxx = "?"
    try:
        redis = subprocess.run(["redis-server", "--version"],
                               capture_output=True, text=True).stdout.split()
        redis = next((w[2:] for w in redis if w.startswith("v=")), "?")
    except OSError:
        redis = "not installed"
    try:
        import sqlite3
        sqlite = sqlite3.sqlite_version
    except ImportError:
        sqlite = "?"
    return [f"- CPU: {model or platform.processor()}, {os.cpu_count()} cores",
            f"- Memory: {mem_gib:.0f} GiB",
            f"- OS: {platform.system()} {platform.release()}; compiler: {cxx}",
            f"- Peers: SQLite {sqlite} (in memory), Redis {redis} (private "
            "server on a Unix socket, on the same 2 cores; synchronous and "
            "pipelined hiredis clients), hand-rolled std containers on "
            "integer ids",
            f"- Load average when the run started: {loadavg} (the machine is "
            "shared; see the note on noise below)"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--doc", required=True)
    ap.add_argument("--figures", required=True)
    ap.add_argument("--command", default="bench/run")
    ap.add_argument("--seconds", type=int, default=0)
    ap.add_argument("--loadavg", default="?")
    ap.add_argument("--notes", default=None)
    args = ap.parse_args()

    runs, context = load(args.results)
    os.makedirs(args.figures, exist_ok=True)
    fig_rel = os.path.relpath(args.figures, os.path.dirname(
        os.path.abspath(args.doc)))
    goals = Goals()
    goals.bandwidth = []

    body = []
    body += fanout_section(runs, goals, args.figures, fig_rel)
    body += membership_section(runs, goals, args.figures, fig_rel)
    body += read_section(runs, goals, args.figures, fig_rel)
    body += mixed_section(runs, goals)
    mem_lines, worst_membership = memory_section(runs)
    body += mem_lines
    body += features_section(args.results)

    mode = context.get("banter_mode", "?")
    date = context.get("date", datetime.datetime.now().isoformat())
    head = ["# banter performance", "",
            "<!-- Generated by bench/run (bench/report.py) from "
            "bench/results/*.json; edit bench/analysis.md or the scripts, "
            "not this file. -->", "",
            "Is banter the fastest way to run chat inside a process? This "
            "report measures it against what a user would pick instead, on "
            "the same operations with the same semantics (bench/peers/README.md "
            "lists where a peer does less): an in-memory SQLite database with "
            "prepared statements and the indexes the queries need, a Redis "
            "server driven through hiredis with Lua scripts for "
            "check-and-write operations (synchronously, and pipelined where a "
            "real client would pipeline), and the standard-container code a "
            "competent C++ engineer writes: integer ids, a dense member "
            "vector with a slot map, hash sets and maps.", "",
            "## How to rerun", "",
            f"    {args.command}", "",
            "builds Release into build/bench-release, runs every benchmark "
            "program (`--quick` for a run under a minute), writes "
            "bench/results/*.json and regenerates this file and "
            "docs/figures/*.png.", "",
            "## Machine", ""] + machine(args.loadavg) + [
            f"- Mode: {mode}; benchmarks ran {args.seconds} s; date {date}",
            "",
            "## Series", "",
            "Every table column and plot line is one of these:", ""] + [
            f"- `{name}`: {text}." for name, text in SERIES] + [""]

    # Goals summary.
    g = ["## Goals", ""]
    by_peer = {}
    for area, case, peer, r, goal in goals.misses:
        by_peer.setdefault(peer, []).append((area, case, r, goal))
    g.append(f"Speed: {goals.checked - len(goals.misses)} of {goals.checked} "
             "peer comparisons meet the goal of issue #13 (10x SQLite and "
             "both Redis clients, 2x the hand-rolled peer).")
    g.append("")
    for peer in OTHERS:
        misses = by_peer.get(peer, [])
        if not misses:
            continue
        items = ", ".join(f"{area} {case} ({r:.1f}x)"
                          for area, case, r, _ in misses)
        g.append(f"- Missed against {peer} (goal {GOAL[peer]:.0f}x): {items}.")
    if goals.bandwidth:
        worst = max((r for _, r in goals.bandwidth if r), default=None)
        if worst is not None:
            verdict = "met" if worst <= 3 else "missed"
            g.append(f"- Fan-out vs the memory-bandwidth floor (goal ≤ 3x): "
                     f"{verdict}; worst {worst:.1f}x "
                     f"({', '.join(f'{c}: {r:.1f}x' for c, r in goals.bandwidth if r)}).")
    cold = []
    for op in ("join", "leave", "ban", "mute"):
        t = ns(runs.get(("membership", op, "banter", "1000000")))
        if t is not None:
            cold.append(f"{op} {fmt_time(t)}")
    if cold:
        worst = max(ns(runs.get(("membership", op, "banter", "1000000")))
                    or 0 for op in ("join", "leave", "ban", "mute"))
        verdict = "met" if worst <= COLD_GOAL_NS else "missed"
        g.append(f"- Cold join, leave, ban and mute on random users at 1M "
                 f"members (goal ≤ {COLD_GOAL_NS} ns): {verdict}; "
                 f"{', '.join(cold)}.")
    page = [(op, ns(read_run(runs, op, "banter")[0]))
            for op in ("history_latest", "history_deep")]
    page = [(op, t) for op, t in page if t is not None]
    if page:
        verdict = ("met" if max(t for _, t in page) <= HISTORY_GOAL_NS
                   else "missed")
        g.append(f"- History page of 20 (goal ≤ {fmt_time(HISTORY_GOAL_NS)}): "
                 f"{verdict}; "
                 f"{', '.join(f'{op} {fmt_time(t)}' for op, t in page)}.")
    if worst_membership is not None:
        verdict = "met" if worst_membership <= MEMBERSHIP_GOAL_B else "missed"
        g.append(f"- Memory per membership in the guild shape (goal ≤ "
                 f"{MEMBERSHIP_GOAL_B} B, both directions): {verdict}; "
                 f"{worst_membership:.0f} B.")
    g.append("")

    notes = []
    if args.notes and os.path.exists(args.notes):
        with open(args.notes) as f:
            notes = ["## Analysis", "", f.read().strip(), ""]

    with open(args.doc, "w") as f:
        f.write("\n".join(head + g + body + notes) + "\n")


if __name__ == "__main__":
    main()
