#!/usr/bin/env python3
"""Recovery benchmark for `banter rest --state` (docs/reliability.md).

Builds the state issue #14 measured (100k users, 1,000 channels of 100
members, 1M messages) through the JSON Lines transport with the default
checkpoint bound, watching the journal's size against the state file's as it
goes; kills the server with SIGKILL once the last response is out (so the
journal holds everything since the last automatic checkpoint), then times:

  tail     restart from state file + journal, until the server reports the
           requests it recovered (snapshot load and tail replay)
  snapshot restart from the state file alone (after a clean exit emptied the
           journal), likewise

and the peak resident memory of each restart. Prints one JSON object.

usage: bench/recovery.py BANTER_BINARY WORK_DIR [--users N] [--channels N]
                         [--messages N]
"""
import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time

APP = {"app-id": "app", "api-key": "key"}
MIN_CHECKPOINT_BYTES = 16 << 20  # banter rest's --checkpoint-min-bytes default


def lines(users, channels, messages):
    """The workload, one request line at a time, with explicit times."""
    now = 1_700_000_000_000

    def req(path, body):
        nonlocal now
        now += 1
        return json.dumps({"method": "POST", "path": path, "headers": APP,
                           "body": body, "now": now},
                          separators=(",", ":")) + "\n"

    for u in range(users):
        yield req("/v1.4/api/users/create",
                  {"userId": f"u{u}", "password": f"pw-{u}",
                   "username": f"User {u}"})
    per = users // channels
    for c in range(channels):
        members = [f"u{c * per + k}" for k in range(1, per)]
        yield req("/v1.4/api/channels/create",
                  {"channelId": f"c{c}", "type": "public",
                   "ownerId": f"u{c * per}", "members": members})
    for m in range(messages):
        c = m % channels
        sender = f"u{c * per + (m // channels) % per}"
        yield req(f"/v1.4/api/channels/c{c}/messages/send",
                  {"senderId": sender, "text": f"message number {m} in c{c}"})


def command(binary, state):
    return [binary, "rest", "--state", state, "--seed", "1",
            "--password-cost", "4"]


def size(path):
    try:
        return os.path.getsize(path)
    except FileNotFoundError:
        return 0


def build(binary, state, work):
    """Runs the workload; returns (requests, max journal/state ratio seen)."""
    input_path = os.path.join(work, "input.jsonl")
    with open(input_path, "w") as f:
        n = 0
        for line in lines(ARGS.users, ARGS.channels, ARGS.messages):
            f.write(line)
            n += 1
    with open(input_path) as stdin:
        p = subprocess.Popen(command(binary, state), stdin=stdin,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, bufsize=1 << 20)
        seen = 0
        worst = 0.0
        worst_bytes = 0
        for _ in p.stdout:
            seen += 1
            if seen % 20_000 == 0:
                j, s = size(state + ".journal"), size(state)
                # Below the 16 MiB minimum the bound is absolute, not 2x.
                if s >= MIN_CHECKPOINT_BYTES and j / s > worst:
                    worst = j / s
                worst_bytes = max(worst_bytes, j)
            if seen == n:
                break
        # Every response is out: the journal holds every request. Die
        # without the checkpoint a clean exit would write.
        p.send_signal(signal.SIGKILL)
        p.wait()
    os.remove(input_path)
    if seen != n:
        sys.exit(f"only {seen} of {n} responses")
    return n, worst, worst_bytes


def restart(binary, state):
    """Starts the server on `state`; returns (seconds until it reports the
    recovered requests, peak RSS in MiB, stderr note)."""
    t0 = time.monotonic()
    p = subprocess.Popen(command(binary, state), stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    note = ""
    while True:
        line = p.stderr.readline()
        if not line:
            sys.exit(f"server exited while loading: {note}")
        if re.search(r"state: \d+ requests committed", line):
            break
        note += line
    seconds = time.monotonic() - t0
    p.send_signal(signal.SIGKILL)
    _, _, usage = os.wait4(p.pid, 0)
    return seconds, usage.ru_maxrss / 1024, note.strip()


def clean_exit(binary, state):
    p = subprocess.run(command(binary, state), input="", capture_output=True,
                       text=True)
    if p.returncode != 0:
        sys.exit(f"clean exit failed: {p.stderr}")


def main():
    work = ARGS.work
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    state = os.path.join(work, "bench.state")
    t0 = time.monotonic()
    n, worst_ratio, worst_journal = build(ARGS.binary, state, work)
    build_seconds = time.monotonic() - t0
    journal_bytes, state_bytes = size(state + ".journal"), size(state)
    tail_s, tail_rss, tail_note = restart(ARGS.binary, state)
    clean_exit(ARGS.binary, state)
    snap_s, snap_rss, snap_note = restart(ARGS.binary, state)
    print(json.dumps({
        "users": ARGS.users, "channels": ARGS.channels,
        "messages": ARGS.messages, "requests": n,
        "build_seconds": round(build_seconds, 1),
        "state_bytes_at_kill": state_bytes,
        "journal_bytes_at_kill": journal_bytes,
        "max_journal_bytes_seen": worst_journal,
        "max_journal_to_state_ratio_seen_above_16MiB": round(worst_ratio, 2),
        "restart_with_tail_seconds": round(tail_s, 2),
        "restart_with_tail_peak_rss_mib": round(tail_rss),
        "restart_with_tail_note": tail_note,
        "snapshot_state_bytes": size(state),
        "restart_snapshot_only_seconds": round(snap_s, 2),
        "restart_snapshot_only_peak_rss_mib": round(snap_rss),
        "tail_replay_seconds": round(tail_s - snap_s, 2),
    }, indent=1))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("work")
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--channels", type=int, default=1_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    ARGS = parser.parse_args()
    main()
