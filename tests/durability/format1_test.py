#!/usr/bin/env python3
"""State files of banter 0.1.0 (journal record format 1) still load.

testdata/format1.state and its journal were written by banter 0.1.0 with
`banter rest --seed 7 --password-cost 4 --state ...`: format1.part1.jsonl ran
to a clean exit (snapshot), then format1.part2.jsonl was killed with -9 after
its four answers (journal). The journal holds an IssueLoginToken record of
format 1, which carries no verified hash and must be migrated on replay.

Usage: format1_test.py BANTER_BINARY TESTDATA_DIR WORK_DIR
"""
import json
import os
import shutil
import subprocess
import sys

# Bob's login token as 0.1.0 answered it to the journaled /users/login call.
BOB_TOKEN = "3085c8d9ec5467ec3f33f26b5aaef889"
HEADERS = {"app-id": "app", "api-key": "key"}


def request(method, path, body=None, now=1700000100000, headers=HEADERS):
    line = {"method": method, "path": path, "headers": headers, "now": now}
    if body is not None:
        line["body"] = body
    return json.dumps(line)


def main():
    binary, testdata, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    for name in ("format1.state", "format1.state.journal"):
        shutil.copy(os.path.join(testdata, name), os.path.join(work, name))
    state = os.path.join(work, "format1.state")
    lines = [
        # The replayed login token is the one the client holds.
        request("POST", "/v1.4/users/login/token",
                {"userId": "bob", "loginToken": BOB_TOKEN},
                headers={"app-id": "app"}),
        # Passwords verify against the stored hashes.
        request("POST", "/v1.4/api/users/login",
                {"userId": "carol", "password": "pw-carol"}),
        request("POST", "/v1.4/api/users/login",
                {"userId": "alice", "password": "wrong"}),
        # The journaled mute and both messages are there.
        request("GET", "/v1.4/api/channels/guild"),
        request("GET", "/v1.4/api/channels/guild/messages"),
    ]
    proc = subprocess.run(
        [binary, "rest", "--seed", "7", "--password-cost", "4", "--state",
         state],
        input="\n".join(lines) + "\n", capture_output=True, text=True,
        timeout=120)
    if proc.returncode != 0:
        sys.exit(f"banter rest exited {proc.returncode}: {proc.stderr}")
    answers = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
    failures = []

    def expect(cond, what):
        if not cond:
            failures.append(what)

    expect(len(answers) == len(lines), f"{len(answers)} answers")
    expect(answers[0]["status"] == 200, f"bob's token: {answers[0]}")
    expect(answers[1]["status"] == 200, f"carol's password: {answers[1]}")
    expect(answers[2]["status"] == 401 and answers[2]["body"]["code"] == "3003"
           or answers[2]["status"] != 200,
           f"a wrong password must fail: {answers[2]}")
    channel = answers[3]["body"].get("channel", {})
    expect(channel.get("mutedUsers") == ["bob"], f"muted: {channel}")
    expect(channel.get("createdAt") == 1700000002000, f"channel: {channel}")
    # Migration: a channel never updated has updatedAt == createdAt.
    expect(channel.get("updatedAt") == channel.get("createdAt"),
           f"updatedAt: {channel}")
    texts = sorted(m["text"] for m in answers[4]["body"].get("messages", []))
    expect(texts == ["hello", "hi alice"], f"messages: {texts}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        print(proc.stderr, file=sys.stderr)
        sys.exit(1)
    print("format 1 state loaded:", proc.stderr.strip().splitlines()[0])

    # The loaded state takes a word filter (the section snapshot format 2
    # added) and keeps it through a clean exit and a restart (docs/decisions.md
    # D12).
    def run(lines):
        p = subprocess.run(
            [binary, "rest", "--seed", "7", "--password-cost", "4", "--state",
             state], input="\n".join(lines) + "\n", capture_output=True,
            text=True, timeout=120)
        if p.returncode != 0:
            sys.exit(f"banter rest exited {p.returncode}: {p.stderr}")
        return [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
    words = {"words": ["noob"], "action": "refuse"}
    set_answer = run([request("PUT", "/v1.4/api/wordFilter", words,
                              now=1700000200000)])
    get_answer = run([request("GET", "/v1.4/api/wordFilter",
                              now=1700000300000)])
    want = {"wordFilter": {"words": ["noob"], "action": "refuse",
                           "checkNames": False}}
    if set_answer[0].get("body") != want or get_answer[0].get("body") != want:
        sys.exit(f"word filter not kept: {set_answer} then {get_answer}")
    print("word filter kept across a restart")

    # Then the moderation tools (snapshot format 3, after the filter): slow
    # mode and the flood limit survive the next restart beside the filter
    # (docs/moderation.md, "Durability").
    set_tools = run([
        request("POST", "/v1.4/api/channels/guild/slowmode",
                {"slowModeMs": 5000}, now=1700000400000),
        request("PUT", "/v1.4/api/settings/flood",
                {"maxMessages": 5, "windowMs": 1000}, now=1700000400001)])
    if any(a.get("status") != 200 for a in set_tools):
        sys.exit(f"setting the tools failed: {set_tools}")
    kept = run([
        request("GET", "/v1.4/api/channels/guild", now=1700000500000),
        request("GET", "/v1.4/api/settings/flood", now=1700000500001),
        request("GET", "/v1.4/api/wordFilter", now=1700000500002)])
    channel = kept[0].get("body", {}).get("channel", {})
    flood = {"floodLimit": {"maxMessages": 5, "windowMs": 1000}}
    if (channel.get("slowModeMs") != 5000 or kept[1].get("body") != flood
            or kept[2].get("body") != want):
        sys.exit(f"moderation tools or filter not kept: {kept}")
    print("slow mode, flood limit and word filter kept across a restart")


if __name__ == "__main__":
    main()
