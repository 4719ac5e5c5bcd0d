#!/usr/bin/env python3
"""Kill test for `banter rest --state` (docs/reliability.md).

Runs a scripted input through `banter rest --state` three times:
  1. uninterrupted, to the end of input;
  2. killed with SIGKILL at pseudo-random points (fixed seed; some kills land
     while a request is in flight), each time restarted on the rest of the
     input, resuming after the last request the recovered state reports as
     committed;
  3. crashed deterministically by $BANTER_CRASH_AT at its N-th write (half
     of that write reaches the file), sync (fsync, fdatasync, ftruncate) or
     rename, N drawn from the seed, then restarted the same way. Crash points
     fall inside journal appends, checkpoints, the save at end of input and
     the start-up itself.
Each run's final state digest must equal the uninterrupted run's, and a
restart with no input must print the same digest again (the checkpoint
written at end of input holds it).

usage: kill_test.py BANTER_BINARY WORK_DIR [SEED]
"""
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time

REQUESTS = 360
KILLS = 12
CRASHES = 18
# Upper bounds for N per step: a run sees about one journal write per
# request, and a checkpoint (two syncs, one rename) every few dozen requests.
CRASH_RANGE = {"write": 30, "sync": 6, "rename": 2}


def script(seed):
    """Deterministic request lines over one app, with explicit times."""
    rng = random.Random(seed)
    lines = []
    now = 1_700_000_000_000
    headers = {"app-id": "app", "api-key": "key"}
    users = [f"u{i}" for i in range(8)]

    def req(method, path, body=None):
        nonlocal now
        now += rng.randint(1, 30_000)
        line = {"method": method, "path": path, "headers": headers, "now": now}
        if body is not None:
            line["body"] = body
        lines.append(json.dumps(line, separators=(",", ":")))

    for u in users:
        req("POST", "/v1.4/api/users/create",
            {"userId": u, "password": "pw-" + u, "username": u.upper()})
    for c in range(4):
        req("POST", "/v1.4/api/channels/create",
            {"channelId": f"c{c}", "type": "public", "ownerId": users[c],
             "members": [users[c + 1]]})
    while len(lines) < REQUESTS:
        kind = rng.randrange(12)
        c = f"c{rng.randrange(4)}"
        u = rng.choice(users)
        if kind < 5:
            req("POST", f"/v1.4/api/channels/{c}/messages/send",
                {"senderId": u, "text": f"hello {len(lines)}"})
        elif kind == 5:
            req("POST", f"/v1.4/api/channels/{c}/members/add", {"members": [u]})
        elif kind == 6:
            req("POST", f"/v1.4/api/channels/{c}/members/mute",
                {"members": [u], "expireInMinutes": rng.randrange(3)})
        elif kind == 7:
            req("GET", f"/v1.4/api/channels/{c}/messages")
        elif kind == 8:
            req("POST", f"/v1.4/api/users/{u}/block",
                {"userId": rng.choice(users)})
        elif kind == 9:
            req("POST", f"/v1.4/api/channels/{c}/members/ban", {"members": [u]})
        elif kind == 10:
            req("POST", f"/v1.4/api/channels/{c}/members/unban", {"members": [u]})
        else:
            req("POST", "/v1.4/api/users/login",
                {"userId": u, "password": "pw-" + u})
    return lines


def command(binary, state):
    return [binary, "rest", "--state", state, "--password-cost", "4",
            "--seed", "3", "--print-digest",
            # Small, so that automatic checkpoints happen often and kills
            # land inside them too.
            "--checkpoint-min-bytes", "4096"]


def digests(stderr_text):
    return sorted(re.findall(r"^digest (\S+) (\S+)$", stderr_text, re.M))


def run_to_end(binary, state, lines):
    """Feeds `lines` and closes stdin; returns (digests, stderr)."""
    data = "".join(line + "\n" for line in lines)
    p = subprocess.run(command(binary, state), input=data, capture_output=True,
                       text=True, timeout=600)
    if p.returncode != 0:
        sys.exit(f"banter rest exited {p.returncode}:\n{p.stderr}")
    return digests(p.stderr), p.stderr


def start(binary, state):
    """Starts the server; returns (process, requests committed)."""
    p = subprocess.Popen(command(binary, state), stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, bufsize=1)
    while True:
        line = p.stderr.readline()
        if not line:
            p.wait()
            sys.exit(f"banter rest exited {p.returncode} while loading state")
        m = re.search(r"state: (\d+) requests committed", line)
        if m:
            return p, int(m.group(1))
        print("  " + line.rstrip(), flush=True)


def crash_runs(binary, state, lines, rng):
    """Phase 3: deterministic crash points. Returns the number that fired."""
    fired = 0
    steps = list(CRASH_RANGE)
    for k in range(CRASHES):
        step = steps[k % len(steps)]
        n = rng.randint(1, CRASH_RANGE[step])
        env = dict(os.environ, BANTER_CRASH_AT=f"{step}:{n}")
        p = subprocess.Popen(command(binary, state), stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, bufsize=1, env=env)
        committed = None
        while committed is None:
            line = p.stderr.readline()
            if not line:
                break  # it crashed while loading
            m = re.search(r"state: (\d+) requests committed", line)
            if m:
                committed = int(m.group(1))
        rest = "" if committed is None else "".join(
            line + "\n" for line in lines[committed:])
        try:
            out, _ = p.communicate(rest, timeout=600)
        except BrokenPipeError:
            out = ""
            p.wait()
        if p.returncode == 137:
            fired += 1
            where = "loading" if committed is None else f"after {committed}"
            print(f"  crash {k + 1}: {step}:{n} fired ({where}, "
                  f"{out.count(chr(10))} responses)", flush=True)
        elif p.returncode == 0:
            print(f"  crash {k + 1}: {step}:{n} not reached; input done",
                  flush=True)
            break
        else:
            sys.exit(f"banter rest exited {p.returncode} under "
                     f"BANTER_CRASH_AT={step}:{n}")
    return fired


def finish(binary, state, lines, expected, label):
    """Runs the rest of the input without faults; checks the digests."""
    p, committed = start(binary, state)
    _, err = p.communicate("".join(line + "\n" for line in lines[committed:]),
                           timeout=600)
    if p.returncode != 0:
        sys.exit(f"banter rest exited {p.returncode}:\n{err}")
    got = digests(err)
    if got != expected:
        sys.exit(f"FAIL ({label}): digests differ\n  uninterrupted {expected}\n"
                 f"  interrupted   {got}")
    again, _ = run_to_end(binary, state, [])
    if again != expected:
        sys.exit(f"FAIL ({label}): state after a clean restart differs: {again}")
    return got[0][1]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, work = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    print(f"kill test: seed {seed}", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    lines = script(seed)
    rng = random.Random(seed * 7919)

    expected, _ = run_to_end(binary, os.path.join(work, "straight.state"), lines)
    if not expected:
        sys.exit("no digest printed")

    state = os.path.join(work, "killed.state")
    for kill in range(KILLS):
        p, committed = start(binary, state)
        if committed > len(lines):
            sys.exit(f"recovered {committed} requests; only {len(lines)} exist")
        i = committed
        for _ in range(rng.randint(1, 2 * REQUESTS // KILLS)):
            if i >= len(lines):
                break
            p.stdin.write(lines[i] + "\n")
            p.stdin.flush()
            if not p.stdout.readline():
                sys.exit("banter rest died on its own")
            i += 1
        if i < len(lines) and rng.random() < 0.6:
            # Kill with a request in flight: before, during or after it.
            p.stdin.write(lines[i] + "\n")
            p.stdin.flush()
            time.sleep(rng.random() * 0.004)
        p.kill()
        p.wait()
        print(f"  kill {kill + 1}: resumed at {committed}, sent through {i}",
              flush=True)

    # The last run goes to the end of input and exits cleanly (checkpoint).
    digest = finish(binary, state, lines, expected, "killed")

    crashed = os.path.join(work, "crashed.state")
    fired = crash_runs(binary, crashed, lines, random.Random(seed * 104729))
    if fired == 0:
        sys.exit("FAIL: no crash point fired; the hook does nothing")
    finish(binary, crashed, lines, expected, "crash points")
    print(f"kill test: {KILLS} kills, {fired} crash points, final digest "
          f"{digest}: 1 passed, 0 failed")


if __name__ == "__main__":
    main()
