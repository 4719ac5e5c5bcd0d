#!/usr/bin/env python3
"""Where `banter rest` takes its secret from, and what follows (issue #14).

Usage: secrets_test.py BANTER_BINARY WORK_DIR
"""
import json
import os
import shutil
import stat
import subprocess
import sys

HEADERS = {"app-id": "app", "api-key": "key"}


def line(method, path, body, now):
    return json.dumps({"method": method, "path": path, "headers": HEADERS,
                       "body": body, "now": now})


CREATE = line("POST", "/v1.4/api/users/create",
              {"userId": "ann", "password": "pw"}, 1700000000000)


def run(binary, args, lines, env=None, check=True):
    e = dict(os.environ)
    e.pop("BANTER_SECRET", None)
    e.pop("BANTER_MASTER_KEY", None)
    e.update(env or {})
    p = subprocess.run([binary, "rest", "--password-cost", "4"] + args,
                       input="\n".join(lines) + "\n", capture_output=True,
                       text=True, env=e, timeout=60)
    if check and p.returncode != 0:
        sys.exit(f"banter rest {args} exited {p.returncode}: {p.stderr}")
    return p


def token(p):
    return json.loads(p.stdout.splitlines()[0])["body"]["loginToken"]


def main():
    binary, work = sys.argv[1:3]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    # No secret, no seed, no state: a random secret per run.
    a = token(run(binary, [], [CREATE]))
    b = token(run(binary, [], [CREATE]))
    expect(a != b, "runs without a secret must not share tokens")

    # --seed and no secret: byte-identical runs, with a warning.
    p1 = run(binary, ["--seed", "5"], [CREATE])
    p2 = run(binary, ["--seed", "5"], [CREATE])
    expect(p1.stdout == p2.stdout, "--seed runs must be byte-identical")
    expect("predictable" in p1.stderr, f"no warning: {p1.stderr!r}")

    # A secret from the environment changes every token.
    p3 = run(binary, ["--seed", "5"], [CREATE], env={"BANTER_SECRET": "s3"})
    expect(token(p3) != token(p1), "the secret must key the tokens")
    expect("predictable" not in p3.stderr, "no warning with a secret")

    # --secret-file: refused while others can read it; used at mode 0600.
    secret = os.path.join(work, "secret")
    with open(secret, "w") as f:
        f.write("s3\n")
    os.chmod(secret, 0o644)
    p4 = run(binary, ["--seed", "5", "--secret-file", secret], [CREATE],
             check=False)
    expect(p4.returncode != 0 and "chmod 600" in p4.stderr,
           f"a readable secret file must be refused: {p4.stderr!r}")
    os.chmod(secret, 0o600)
    p5 = run(binary, ["--seed", "5", "--secret-file", secret], [CREATE])
    expect(token(p5) == token(p3), "file and environment give one secret")

    # --state and no secret: FILE.secret is created (0600) and kept, so a
    # token issued before a restart still logs in after it.
    state = os.path.join(work, "state")
    p6 = run(binary, ["--state", state], [CREATE])
    mode = stat.S_IMODE(os.stat(state + ".secret").st_mode)
    expect(mode == 0o600, f"state secret mode {oct(mode)}")
    login = json.dumps({"method": "POST", "path": "/v1.4/users/login/token",
                        "headers": {"app-id": "app"},
                        "body": {"userId": "ann", "loginToken": token(p6)},
                        "now": 1700000001000})
    p7 = run(binary, ["--state", state], [login])
    expect(json.loads(p7.stdout.splitlines()[0])["status"] == 200,
           f"login after restart: {p7.stdout}")

    # Creating apps needs the master key, from a file or the environment.
    create_app = json.dumps({
        "method": "POST", "path": "/v1.4/api/apps/create",
        "headers": dict(HEADERS, **{"master-key": "mk"}),
        "body": {"appId": "b"}, "now": 1700000000000})
    p8 = run(binary, ["--seed", "5"], [create_app])
    expect(json.loads(p8.stdout)["status"] == 401, f"no master key: {p8.stdout}")
    p9 = run(binary, ["--seed", "5"], [create_app],
             env={"BANTER_MASTER_KEY": "mk"})
    expect(json.loads(p9.stdout)["status"] == 200, f"master key: {p9.stdout}")

    if failures:
        sys.exit("\n".join(failures))
    print("secrets: random by default, kept beside the state, keyed tokens")


if __name__ == "__main__":
    main()
