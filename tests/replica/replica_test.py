#!/usr/bin/env python3
"""Replicas over NATS JetStream, end to end (#16, docs/scale-out.md).

Each test starts its own nats-server (JetStream, a free port chosen now, a
store directory of its own) and `banter rest --nats` processes, drives them
through their JSON Lines pipes, waits on what it can observe (answers, log
lines, sequences; never a fixed sleep) and stops every process it started.

  dedup     a publish retried under its message id after a lost
            acknowledgement is stored once; a copy stored under another
            message id (a retry after the duplicate window) is applied once;
            the state equals a plain `banter rest` run of the same input.
  catchup   a replica stopped (SIGSTOP) while another writes catches up and
            prints the same events, with the same sequences.
  empty     a replica started in an empty directory loads the newest
            checkpoint from the stream and applies only the tail.
  outage    with NATS down, writes are refused at once (503, code 7018) and
            reads keep working; when it is back, writes are accepted again,
            and exactly the acknowledged writes are in the state.
  race      two replicas sending into one channel at once: both see one
            order (same sequence for every message, same state).
  tick      with nothing written, a timed mute ends on both replicas by a
            tick from the stream, at the same position.
  presence  connect, disconnect and typing stay with the replica that
            was asked: never published, answered at once, their events
            marked "local"; the other replica sees nobody online.

Usage: replica_test.py BANTER_BINARY WORK_DIR [TEST...]
Exit 77 (ctest: skipped) when nats-server is not installed.
"""
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

SKIP = 77
HEADERS = {"app-id": "app", "api-key": "key"}
T0 = 1_700_000_000_000


def nats_binary():
    found = shutil.which("nats-server")
    if found:
        return found
    return "/usr/sbin/nats-server" if os.path.exists("/usr/sbin/nats-server") else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(cond, timeout, what):
    """Polls `cond` until it returns something true; fails after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.02)


class Nats:
    """One nats-server with JetStream, on a port of its own."""

    def __init__(self, work, name="nats"):
        self.port = free_port()
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir, exist_ok=True)
        self.p = None
        self.start()

    @property
    def url(self):
        return f"nats://127.0.0.1:{self.port}"

    def start(self):
        log = open(os.path.join(self.dir, "server.log"), "ab")
        self.p = subprocess.Popen(
            [nats_binary(), "-js", "-a", "127.0.0.1", "-p", str(self.port),
             "-sd", self.dir], stdout=log, stderr=subprocess.STDOUT)
        log.close()
        wait_for(self.ready, 30, f"nats-server on port {self.port}")

    def ready(self):
        if self.p.poll() is not None:
            raise AssertionError(f"nats-server exited {self.p.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), 0.5) as s:
                return b'"jetstream":true' in s.recv(4096)
        except OSError:
            return False

    def kill(self):
        if self.p is not None and self.p.poll() is None:
            self.p.kill()
            self.p.wait()


class Replica:
    """`banter rest --nats` with its pipes read by threads."""

    def __init__(self, t, name, extra=(), cwd=None):
        self.name = name
        args = [t.binary, "rest", "--nats", t.nats.url, "--stream", t.stream,
                "--secret-file", t.secret, "--password-cost", "4", "--events",
                "--print-digest", "--stats"] + list(extra)
        if "--tick-ms" not in extra:
            args += ["--tick-ms", "0"]  # inputs give "now"
        self.p = subprocess.Popen(args, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, bufsize=1, cwd=cwd or t.work)
        t.processes.append(self.p)
        self.answers = queue.Queue()
        self.events = []
        self.err = []
        self.readers = [threading.Thread(target=self._out, daemon=True),
                        threading.Thread(target=self._err, daemon=True)]
        for r in self.readers:
            r.start()
        wait_for(lambda: self.ready_line() or self._died(), 60,
                 f"replica {name} to be ready")
        if self.p.poll() is not None:
            raise AssertionError(f"replica {name} exited: {''.join(self.err)}")

    def _died(self):
        return self.p.poll() is not None

    def _out(self):
        for line in self.p.stdout:
            o = json.loads(line)
            if "event" in o:
                self.events.append(o)
            else:
                self.answers.put(o)

    def _err(self):
        for line in self.p.stderr:
            self.err.append(line)

    def ready_line(self):
        return next((l for l in self.err if "ready at sequence" in l), None)

    def loaded_checkpoint(self):
        line = self.ready_line()
        return int(line.rsplit("(checkpoint ", 1)[1].rstrip(")\n"))

    def send(self, request):
        self.p.stdin.write(json.dumps(request) + "\n")
        self.p.stdin.flush()

    def answer(self, timeout=30):
        return self.answers.get(timeout=timeout)

    def call(self, request, timeout=30):
        self.send(request)
        return self.answer(timeout)

    def finish(self, timeout=90):
        """Closes its input; returns (per-app digests, replica digest, seq, stats)."""
        self.p.stdin.close()
        self.p.wait(timeout=timeout)
        for r in self.readers:
            r.join(timeout=10)
        if self.p.returncode != 0:
            raise AssertionError(f"replica {self.name} exited {self.p.returncode}: "
                                 + "".join(self.err))
        apps, digest, seq, stats = {}, None, None, None
        for line in self.err:
            if line.startswith("digest "):
                _, app, hexd = line.split()
                apps[app] = hexd
            elif line.startswith("replica digest "):
                parts = line.split()
                digest, seq = parts[2], int(parts[5])
            elif line.startswith('{"stats"'):
                stats = json.loads(line)["stats"]
        return apps, digest, seq, stats


def admin(method, path, body=None, now=None):
    r = {"method": method, "path": "/v1.4/api" + path, "headers": HEADERS}
    if body is not None:
        r["body"] = body
    if now is not None:
        r["now"] = now
    return r


def create_user(uid, now):
    return admin("POST", "/users/create", {"userId": uid, "password": "pw-" + uid}, now)


def send_message(channel, sender, text, now):
    return admin("POST", f"/channels/{channel}/messages/send",
                 {"senderId": sender, "type": "text", "text": text}, now)


def workload(prefix, n, start=T0):
    """n writes: users, a channel holding them, messages."""
    out = []
    users = [f"{prefix}u{i}" for i in range(max(2, n // 10))]
    for i, u in enumerate(users):
        out.append(create_user(u, start + i))
    out.append(admin("POST", "/channels/create",
                     {"channelId": prefix + "c", "type": "public",
                      "ownerId": users[0], "members": users[1:]},
                     start + len(users)))
    i = 0
    while len(out) < n:
        out.append(send_message(prefix + "c", users[i % len(users)], f"m{i}",
                                start + len(users) + 1 + i))
        i += 1
    return out


def plain_digests(t, lines):
    """The per-app digests of a plain `banter rest` run of `lines`."""
    r = subprocess.run([t.binary, "rest", "--secret-file", t.secret,
                        "--password-cost", "4", "--print-digest"],
                       input="".join(json.dumps(l) + "\n" for l in lines),
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return {l.split()[1]: l.split()[2] for l in r.stderr.splitlines()
            if l.startswith("digest ")}


class T:
    """One test's world: its directory, nats-server, secret and processes."""

    def __init__(self, binary, work, name):
        self.binary = binary
        self.work = os.path.join(work, name)
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.stream = name
        self.secret = os.path.join(self.work, "secret")
        with open(self.secret, "w") as f:
            f.write("replica-test-secret\n")
        os.chmod(self.secret, 0o600)
        self.processes = []
        self.nats = Nats(self.work)

    def close(self):
        for p in self.processes:
            if p.poll() is None:
                if p.stdin:
                    try:
                        os.kill(p.pid, signal.SIGCONT)
                    except OSError:
                        pass
                p.kill()
                p.wait()
        self.nats.kill()


def check(cond, what):
    if not cond:
        raise AssertionError(what)


# ---- The tests ------------------------------------------------------------------


def test_dedup(t):
    n = 60
    lines = workload("d", n)
    # One message per write, so 20 dropped acknowledgements are 20 retries;
    # no checkpoint, so b replays it all.
    a = Replica(t, "a", ["--test-drop-acks", "20", "--test-publish-twice",
                         "--max-batch", "1", "--checkpoint-every", "0"])
    for l in lines:
        a.send(l)
    answers = [a.answer() for _ in lines]
    check(all(x["status"] == 200 for x in answers),
          f"every write answered 200: {[x for x in answers if x['status'] != 200][:2]}")
    apps, digest, seq, stats = a.finish()
    r = stats["replica"]
    check(r["ackedDuplicates"] == 20,
          f"20 retried publishes dropped by their message id: {r}")
    check(r["duplicates"] == n + 1,
          f"the {n} copies under other message ids (and the start-up app's) "
          f"skipped by request id: {r}")
    check(r["writes"] == n, f"{n} writes applied once each: {r}")
    check(apps == plain_digests(t, lines),
          "the replica's state equals a plain run of the same input")
    b = Replica(t, "b")
    apps_b, digest_b, seq_b, stats_b = b.finish()
    check((apps_b, digest_b, seq_b) == (apps, digest, seq),
          f"a later replica reaches the same state: {digest_b}@{seq_b} vs {digest}@{seq}")
    check(stats_b["replica"]["duplicates"] == n + 1,
          f"and skips the same copies: {stats_b}")


def test_catchup(t):
    a = Replica(t, "a")
    b = Replica(t, "b")
    setup = workload("k", 20)
    for l in setup:
        check(a.call(l)["status"] == 200, "setup")
    os.kill(b.p.pid, signal.SIGSTOP)
    more = workload("k2", 300, T0 + 10_000)
    for l in more:
        a.send(l)
    check(all(a.answer()["status"] == 200 for _ in more),
          "writes go on while a replica is stopped")
    os.kill(b.p.pid, signal.SIGCONT)
    # b catches up: it answers a read of the last channel's newest state.
    last = admin("GET", "/channels/k2c/messages?limit=1")
    newest = a.call(last)["body"]["messages"][0]["text"]

    def caught_up():
        x = b.call(last)
        return (x["status"] == 200 and x["body"]["messages"] and
                x["body"]["messages"][0]["text"] == newest)
    wait_for(caught_up, 60, "the stopped replica to catch up")
    da = a.finish()
    db = b.finish()
    check(da[:3] == db[:3], f"same state at the same sequence: {da[:3]} vs {db[:3]}")
    # Caught up, the replica reports no lag; it applied every message.
    check(db[3]["replica"]["lag"] == 0, f"lag after catching up: {db[3]}")
    check(db[3]["replica"]["appliedSeq"] == da[3]["replica"]["appliedSeq"],
          "both replicas applied the whole stream")
    key = lambda e: (e["seq"], e["idx"], json.dumps(e, sort_keys=True))
    check(sorted(a.events, key=key) == sorted(b.events, key=key),
          "the same events, with the same sequences")
    sends = sum(1 for l in setup + more if l["path"].endswith("/messages/send"))
    check(sum(1 for e in a.events if e["event"] == "message") == sends,
          f"an event per message: {len(a.events)}")


def test_empty(t):
    a = Replica(t, "a", ["--checkpoint-every", "50"])
    lines = workload("e", 240)
    for l in lines:
        a.send(l)
    check(all(a.answer()["status"] == 200 for _ in lines), "writes answered")
    apps, digest, seq_a, stats = a.finish()  # checkpoints at the end too
    check(stats["replica"]["checkpointsWritten"] >= 1, f"checkpoints written: {stats}")
    b = Replica(t, "b", ["--checkpoint-every", "0"])
    tail = workload("f", 40, T0 + 10_000)
    for l in tail:
        b.send(l)
    check(all(b.answer()["status"] == 200 for _ in tail), "tail answered")
    apps, digest, seq, stats = b.finish()
    empty = os.path.join(t.work, "empty")
    os.makedirs(empty)
    c = Replica(t, "c", cwd=empty)
    loaded = c.loaded_checkpoint()
    check(loaded == seq_a, f"the newest checkpoint was loaded: {loaded} ({seq_a})")
    check(os.listdir(empty) == [], "the replica keeps nothing in its directory")
    apps_c, digest_c, seq_c, stats_c = c.finish()
    check((digest_c, seq_c) == (digest, seq), f"same state: {digest_c}@{seq_c} vs {digest}@{seq}")
    check(apps_c == apps == plain_digests(t, lines + tail), "same engines as a plain run")
    check(stats_c["replica"]["writes"] == len(tail),
          f"only the tail was applied: {stats_c['replica']} ({seq})")


def test_outage(t):
    a = Replica(t, "a", ["--write-timeout-ms", "4000"])
    users = []
    for i in range(20):
        check(a.call(create_user(f"o{i}", T0 + i))["status"] == 200, "before")
        users.append(f"o{i}")
    t.nats.kill()
    refused, unconfirmed, i = [], [], 100

    def refused_once():
        nonlocal i
        i += 1
        x = a.call(create_user(f"o{i}", T0 + i))
        check(x["status"] != 200, f"no write is acknowledged while NATS is down: {x}")
        (refused if x["body"].get("code") == "7018" else unconfirmed).append(f"o{i}")
        return x["body"].get("code") == "7018" and x["status"] == 503
    wait_for(refused_once, 30, "a write refused with 503 / 7018")
    started = time.monotonic()
    x = a.call(create_user("quick", T0 + 500))
    check(x["status"] == 503 and x["body"]["code"] == "7018" and
          time.monotonic() - started < 1.0, f"refused at once: {x}")
    refused.append("quick")
    r = a.call(admin("GET", "/users/o3"))
    check(r["status"] == 200 and r["body"]["user"]["id"] == "o3",
          f"reads keep working: {r}")
    t.nats.start()
    accepted_after = []

    def accepted():
        nonlocal i
        i += 1
        x = a.call(create_user(f"o{i}", T0 + i))
        if x["status"] == 200:
            accepted_after.append(f"o{i}")
            return True
        (refused if x["body"].get("code") == "7018" else unconfirmed).append(f"o{i}")
        return False
    wait_for(accepted, 60, "writes to be accepted again")
    for k in range(20):
        i += 1
        check(a.call(create_user(f"o{i}", T0 + i))["status"] == 200, "after")
        accepted_after.append(f"o{i}")
    da = a.finish()
    b = Replica(t, "b")
    for u in users + accepted_after:
        check(b.call(admin("GET", f"/users/{u}"))["status"] == 200,
              f"acknowledged write {u} is in the state")
    for u in refused:
        x = b.call(admin("GET", f"/users/{u}"))
        check(x["status"] == 404, f"refused write {u} never applied: {x}")
    db = b.finish()
    check(da[1:3] == db[1:3], f"same state: {da[1:3]} vs {db[1:3]}")


def test_race(t):
    a = Replica(t, "a")
    b = Replica(t, "b")
    members = [f"r{i}" for i in range(6)]
    for k, u in enumerate(members):
        check(a.call(create_user(u, T0 + k))["status"] == 200, "setup user")
    check(a.call(admin("POST", "/channels/create",
                       {"channelId": "race", "type": "public",
                        "ownerId": members[0], "members": members[1:]},
                       T0 + 10))["status"] == 200, "setup channel")
    wait_for(lambda: b.call(admin("GET", "/channels/race"))["status"] == 200,
             30, "the other replica to see the channel")
    n = 150
    for k in range(n):
        a.send(send_message("race", members[k % 3], f"a{k}", T0 + 100 + k))
        b.send(send_message("race", members[3 + k % 3], f"b{k}", T0 + 100 + k))
    got_a = [a.answer() for _ in range(n)]
    got_b = [b.answer() for _ in range(n)]
    check(all(x["status"] == 200 for x in got_a + got_b), "every send answered 200")
    positions = [(x["seq"], x["idx"]) for x in got_a + got_b]
    check(len(set(positions)) == 2 * n, "every send has a stream position of its own")
    da = a.finish()
    db = b.finish()
    check(da[:3] == db[:3], f"same state: {da[:3]} vs {db[:3]}")

    def order(events):
        return [(e["seq"], e["idx"], e["payload"]["message"]["id"],
                 e["payload"]["message"]["text"])
                for e in sorted(events, key=lambda e: (e["seq"], e["idx"]))
                if e["event"] == "message" and e["channelId"] == "race"]
    check(order(a.events) == order(b.events), "both saw one order")
    check(len(order(a.events)) == 2 * n, f"{2 * n} message events each")
    texts = [x[3] for x in order(a.events)]
    check(texts.index("a0") < texts.index("a1") and texts.index("b0") < texts.index("b1"),
          "each replica's writes keep their input order")


def test_tick(t):
    # Ticks on; every setup line a minute before the wall clock, so a
    # one-minute mute ends about a second from now, with nothing written.
    a = Replica(t, "a", ["--tick-ms", "200"])
    b = Replica(t, "b", ["--tick-ms", "200"])
    then = int(time.time() * 1000) - 59_000
    for l in [create_user("t1", then), create_user("t2", then),
              admin("POST", "/channels/create",
                    {"channelId": "tc", "type": "public", "ownerId": "t1",
                     "members": ["t2"]}, then),
              admin("POST", "/channels/tc/members/mute",
                    {"members": ["t2"], "expireInMinutes": 1}, then)]:
        check(a.call(l)["status"] == 200, f"setup {l['path']}")
    written = {x["seq"] for x in [a.call(admin("GET", "/channels/tc"))]}

    def unmuted(r):
        return [e for e in r.events if e["event"] == "memberUnmuted"]
    wait_for(lambda: unmuted(a) and unmuted(b), 30,
             "the mute to end on both replicas, by a tick")
    ea, eb = unmuted(a)[0], unmuted(b)[0]
    check(ea == eb, f"the same event at the same position: {ea} vs {eb}")
    check(ea["seq"] > max(written), "caused by a message after the writes")
    da, db = a.finish(), b.finish()
    check(da[:3] == db[:3], f"same state: {da[:3]} vs {db[:3]}")
    check(da[3]["replica"]["ticks"] >= 1, f"ticks applied: {da[3]}")


def test_presence(t):
    a = Replica(t, "a")
    b = Replica(t, "b")
    setup = [create_user("p1", T0), create_user("p2", T0 + 1),
             admin("POST", "/channels/create",
                   {"channelId": "pc", "type": "public", "ownerId": "p1",
                    "members": ["p2"]}, T0 + 2)]
    for l in setup:
        check(a.call(l)["status"] == 200, f"setup {l['path']}")
    wait_for(lambda: b.call(admin("GET", "/channels/pc"))["status"] == 200,
             30, "the other replica to see the channel")
    for l in [admin("POST", "/users/p2/connect", {}, T0 + 3),
              admin("POST", "/users/p1/connect", {}, T0 + 4),
              admin("POST", "/channels/pc/typing/start", {"userId": "p1"}, T0 + 5)]:
        x = a.call(l)
        check(x["status"] == 200, f"{l['path']}: {x}")
        check("idx" not in x, f"answered here, not at a stream position: {x}")
    changed = [e for e in a.events if e["event"] == "presenceChanged"]
    check(any(e["payload"] == {"userId": "p1", "online": True}
              and e["recipients"] == ["p2"] and e.get("local") for e in changed),
          f"p1 online told to p2, marked local: {a.events}")
    typing = [e for e in a.events if e["event"] == "typingStarted"]
    check(len(typing) == 1 and typing[0]["recipients"] == ["p2"]
          and typing[0].get("local"), f"p1 typing told to p2: {a.events}")

    def online(r, u):
        return r.call(admin("GET", f"/users/{u}/presence"))["body"]["presence"]["online"]
    check(online(a, "p1") and online(a, "p2"), "both online on the replica asked")
    check(not online(b, "p1") and not online(b, "p2"),
          "nobody online on the other replica")
    check(not any(e["event"] in ("presenceChanged", "typingStarted")
                  for e in b.events), f"the other replica printed none: {b.events}")
    check(a.call(admin("POST", "/users/p1/disconnect", {}, T0 + 6))["status"] == 200,
          "disconnect")
    check(not online(a, "p1"), "p1 offline after its disconnect")
    da, db = a.finish(), b.finish()
    check(da[:3] == db[:3], f"same state: {da[:3]} vs {db[:3]}")
    check(da[3]["replica"]["writes"] == len(setup) == db[3]["replica"]["writes"],
          f"only the setup went on the stream: {da[3]}")


TESTS = {"dedup": test_dedup, "catchup": test_catchup, "empty": test_empty,
         "outage": test_outage, "race": test_race, "tick": test_tick,
         "presence": test_presence}


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binary, work = sys.argv[1], sys.argv[2]
    names = sys.argv[3:] or list(TESTS)
    if nats_binary() is None:
        print("replica_test: nats-server is not installed: skipped")
        sys.exit(SKIP)
    failed = []
    for name in names:
        t = T(binary, work, name)
        started = time.monotonic()
        try:
            TESTS[name](t)
            print(f"replica_test: {name}: ok ({time.monotonic() - started:.1f} s)")
        except Exception as e:  # report, clean up, go on
            failed.append(name)
            print(f"replica_test: {name}: FAILED: {type(e).__name__}: {e}")
        finally:
            t.close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
