#!/usr/bin/env python3
"""Damage to `banter rest --state` files is refused, never absorbed (#14).

A run is killed with -9 after its answers, so its journal holds records.
Then, on copies of its files:
  * a bit flipped mid-journal, a damaged journal header, or a missing state
    file stop the start (non-zero exit, the file named) and leave the files
    byte for byte as they were;
  * --recover keeps a copy of the damaged journal and starts;
  * a torn last frame (a cut write) is dropped and reported;
  * a second process on the same state refuses to start (lock);
  * SIGTERM checkpoints and exits 0.

Usage: damage_test.py BANTER_BINARY WORK_DIR
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time

HEADERS = {"app-id": "app", "api-key": "key"}
ARGS = ["rest", "--seed", "3", "--password-cost", "4"]


def requests(n):
    out = []
    for i in range(n):
        out.append(json.dumps({
            "method": "POST", "path": "/v1.4/api/users/create",
            "headers": HEADERS, "body": {"userId": f"u{i}", "password": "pw"},
            "now": 1700000000000 + i}))
    return out


def killed_run(binary, state, lines):
    """Answers every line, then is killed with -9 (no final checkpoint)."""
    p = subprocess.Popen([binary] + ARGS + ["--state", state],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    for l in lines:
        p.stdin.write(l + "\n")
    p.stdin.flush()
    for _ in lines:
        if not p.stdout.readline():
            sys.exit("run ended early: " + p.stderr.read())
    p.kill()
    p.wait()


def digest(paths):
    h = hashlib.sha256()
    for path in paths:
        h.update(path.encode())
        if os.path.exists(path):
            with open(path, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


def start(binary, state, extra=(), lines=()):
    return subprocess.run([binary] + ARGS + ["--state", state] + list(extra),
                          input="\n".join(lines) + ("\n" if lines else ""),
                          capture_output=True, text=True, timeout=60)


def main():
    binary, work = sys.argv[1:3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    base = os.path.join(work, "base")
    os.makedirs(base)
    killed_run(binary, os.path.join(base, "s"), requests(40))
    journal_size = os.path.getsize(os.path.join(base, "s.journal"))
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    def case(name):
        d = os.path.join(work, name)
        shutil.copytree(base, d)
        return os.path.join(d, "s")

    # A bit flipped in the middle of the journal.
    s = case("flip")
    with open(s + ".journal", "r+b") as f:
        f.seek(journal_size // 2)
        b = f.read(1)
        f.seek(journal_size // 2)
        f.write(bytes([b[0] ^ 0x10]))
    files = [s, s + ".journal"]
    before = digest(files)
    p = start(binary, s)
    expect(p.returncode != 0, f"flip: exit {p.returncode}")
    expect("damaged at byte" in p.stderr and "s.journal" in p.stderr,
           f"flip: message {p.stderr!r}")
    expect(digest(files) == before, "flip: the files changed")
    # ... and with --recover: a copy is kept, the start goes on.
    p = start(binary, s, ["--recover"])
    expect(p.returncode == 0, f"recover: exit {p.returncode} {p.stderr!r}")
    expect(os.path.exists(s + ".journal.damaged"), "recover: no copy kept")
    expect("recovered" in p.stderr and "dropped" in p.stderr,
           f"recover: message {p.stderr!r}")

    # The journal header damaged (its generation flipped).
    s = case("header")
    with open(s + ".journal", "r+b") as f:
        f.seek(12)
        b = f.read(1)
        f.seek(12)
        f.write(bytes([b[0] ^ 0x01]))
    files = [s, s + ".journal"]
    before = digest(files)
    p = start(binary, s)
    expect(p.returncode != 0 and "header damaged" in p.stderr,
           f"header: exit {p.returncode} {p.stderr!r}")
    expect(digest(files) == before, "header: the files changed")

    # A torn last frame: dropped, reported, the start goes on.
    s = case("torn")
    with open(s + ".journal", "r+b") as f:
        f.truncate(journal_size - 5)
    p = start(binary, s)
    expect(p.returncode == 0, f"torn: exit {p.returncode} {p.stderr!r}")
    expect("torn tail" in p.stderr, f"torn: message {p.stderr!r}")

    # The state file deleted, its journal left.
    s = case("nostate")
    os.remove(s)
    files = [s, s + ".journal"]
    before = digest(files)
    p = start(binary, s)
    expect(p.returncode != 0 and "is missing" in p.stderr,
           f"nostate: exit {p.returncode} {p.stderr!r}")
    expect(digest(files) == before, "nostate: the files changed")

    # Two processes on one state: the second refuses.
    s = case("lock")
    first = subprocess.Popen([binary] + ARGS + ["--state", s],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    first.stdin.write(requests(1)[0].replace("u0", "late") + "\n")
    first.stdin.flush()
    first.stdout.readline()  # it holds the lock once it answers
    p = start(binary, s)
    expect(p.returncode != 0 and "another process" in p.stderr,
           f"lock: exit {p.returncode} {p.stderr!r}")
    first.stdin.close()
    expect(first.wait(timeout=60) == 0, "lock: the first process failed")

    # SIGTERM: a checkpoint, then a clean exit (the journal is left empty).
    s = os.path.join(work, "term", "s")
    os.makedirs(os.path.dirname(s))
    p = subprocess.Popen([binary] + ARGS + ["--state", s],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    for l in requests(5):
        p.stdin.write(l + "\n")
    p.stdin.flush()
    for _ in range(5):
        p.stdout.readline()
    p.terminate()
    expect(p.wait(timeout=60) == 0, f"SIGTERM: exit {p.returncode}")
    expect(os.path.getsize(s + ".journal") == 20,
           "SIGTERM: the journal was not emptied by a checkpoint")
    p = start(binary, s)
    expect("5 requests committed" in p.stderr, f"SIGTERM: {p.stderr!r}")

    if failures:
        sys.exit("\n".join(failures))
    print("damage refused; --recover keeps a copy; torn tails dropped; "
          "locked; SIGTERM checkpoints")


if __name__ == "__main__":
    main()
