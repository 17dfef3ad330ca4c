#!/usr/bin/env python3
"""A stand-in for the Lean REPL binary, for tests and for proof-search development.

It reads requests exactly as the real REPL does (lines up to a blank line, each line
right-stripped, concatenated without newlines; lines starting ``#``/``--`` skipped; EOF
ends the session) and writes each reply as pretty-printed JSON followed by a blank line.
Only the standard library is used, so it starts in a few milliseconds.

Two modes:

``fake_repl.py --transcript X.in X.expected.out``
    Replay a recorded upstream test: the k-th request gets the k-th recorded reply, byte
    for byte. Each received request must equal (as JSON) the k-th recorded request after
    the line-gluing rule, otherwise the reply is ``{"message": "fake repl: request k …"}``.

``fake_repl.py --script tree.json``
    Serve a scripted session. The JSON file may hold (all keys optional)::

        {
          "goal": "x : Nat\\n⊢ x + 0 = x",      # goal of the sorry in any command with
                                                 # `sorry` and an env: answered with
                                                 # sorries [{proofState: 0, goal}] + warning
          "start_proof_state": 0,                # proofState id that start reply uses
          "tactics": {                           # proofState -> tactic -> reply
            "0": {"simp": {"proofState": 1, "goals": []},
                  "induction x": {"proofState": 2, "goals": ["case zero\\n⊢ 0 + 0 = 0",
                                                             "case succ\\n…"]},
                  "bad": {"message": "Lean error:\\n<input>:1:1: unknown tactic"}}
          },
          "commands": [                          # first rule whose "contains" is a substring
            {"contains": "slow", "sleep_s": 30}, # of cmd wins; reply defaults to {"env": n}
            {"contains": "crash", "exit": 3},
            {"contains": "nope", "reply": {"messages": [{"severity": "error",
                      "pos": {"line": 1, "column": 0}, "data": "type mismatch"}]}}
          ],
          "axioms": ["propext", "Classical.choice", "Quot.sound"]   # for `#print axioms X`
        }

    Unscripted commands are answered as real Lean answers them when the text elaborates:
    ``#print axioms _root_.N`` prints ``'N' depends on axioms: [...]`` (Lean shows the
    resolved full name, never ``_root_.``, ``«»`` only around parts that are not
    identifier-shaped, never around keywords); a
    declaration whose proof is ``:= sorry`` gets the ``declaration uses `sorry``` warning;
    anything else (e.g. the checker's ``example : type_of% @_root_.R := @_root_.T``
    statement check) succeeds with no messages. So the stand-in plays a Lean in which every
    cheat *worked*: only the checker's own rules can stop one.

    Command replies get a fresh ``env`` id (0, 1, …) unless the rule's reply names one.
    A tactic reply without ``proofStatus`` gets ``"Completed"`` when ``goals`` is empty and
    ``"Incomplete: open goals remain"`` otherwise; an unknown (proofState, tactic) pair gets
    ``{"message": "Lean error:\\n<input>:1:1: unknown tactic"}``. Tactic replies also honour
    ``sleep_s``/``exit``. Every received request is appended as a JSON line to the file named
    by ``--log`` (if given), so tests can see what the driver sent.

``--report PATH`` (either mode): before reading anything, write a JSON file with this
process's ``pid``, ``ppid``, ``env`` and ``limits`` (``/proc/self/limits``) to PATH
(``{pid}`` in PATH is replaced by the pid), so tests can see how the process was started.

For search tests: write the proof tree as ``tactics``, then build
``LeanChecker(repl_command=[sys.executable, "tests/lean/fake_repl.py", "--script", path])``;
``start`` gets ``goal``, ``step`` walks the tree, and the whole-proof re-check is accepted by
the default command reply (no messages) with the standard axioms.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time


def read_requests(stream):
    """Yield request strings as the REPL frames them."""
    current = []
    for raw in stream:
        line = raw.decode("utf-8").rstrip()
        if line.startswith("#") or line.startswith("--"):
            continue
        if line == "":
            if current:
                yield "".join(current)
                current = []
            continue
        current.append(line)
    if current:
        yield "".join(current)


def split_recorded(text):
    """The spans of the pretty-printed JSON objects in a recorded output."""
    decoder = json.JSONDecoder()
    spans, i = [], 0
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return spans
        _, end = decoder.raw_decode(text, i)
        spans.append(text[i:end])
        i = end


def write(text):
    sys.stdout.write(text + "\n\n")
    sys.stdout.flush()


def pretty(obj):
    return json.dumps(obj, ensure_ascii=False, indent=1)


def run_transcript(in_path, out_path, log):
    with open(in_path, encoding="utf-8") as f:
        expected_requests = list(read_requests(line.encode() for line in f.read().split("\n")))
    with open(out_path, encoding="utf-8") as f:
        replies = split_recorded(f.read())
    for k, request in enumerate(read_requests(sys.stdin.buffer)):
        log_request(log, request)
        if k >= len(replies):
            return
        try:
            same = json.loads(request) == json.loads(expected_requests[k])
        except (json.JSONDecodeError, IndexError):
            same = False
        if same:
            write(replies[k])
        else:
            write(pretty({"message": f"fake repl: request {k} differs from the recording"}))


def log_request(log, request):
    if log:
        with open(log, "a", encoding="utf-8") as f:
            f.write(request + "\n")


def act(rule):
    if rule.get("sleep_s"):
        time.sleep(float(rule["sleep_s"]))
    if "exit" in rule:
        sys.stderr.write("fake repl: scripted crash\n")
        sys.stderr.flush()
        sys.exit(int(rule["exit"]))


def run_script(path, log):
    with open(path, encoding="utf-8") as f:
        script = json.load(f)
    next_env = 0
    axioms = script.get("axioms", ["propext", "Classical.choice", "Quot.sound"])
    for request in read_requests(sys.stdin.buffer):
        log_request(log, request)
        try:
            data = json.loads(request)
        except json.JSONDecodeError:
            sys.stderr.write("uncaught exception: invalid JSON\n")
            sys.exit(1)
        if "tactic" in data:
            node = script.get("tactics", {}).get(str(data.get("proofState")), {})
            rule = node.get(data["tactic"])
            if rule is None:
                write(pretty({"message": "Lean error:\n<input>:1:1: unknown tactic"}))
                continue
            act(rule)
            reply = {k: v for k, v in rule.items() if k not in ("sleep_s", "exit")}
            if "message" not in reply:
                reply.setdefault("goals", [])
                reply.setdefault(
                    "proofStatus",
                    "Completed" if not reply["goals"] else "Incomplete: open goals remain",
                )
            write(pretty(reply))
            continue
        cmd = data.get("cmd", "")
        rule = next((r for r in script.get("commands", []) if r["contains"] in cmd), None)
        if rule is not None:
            act(rule)
            reply = dict(rule.get("reply", {}))
        else:
            reply = {}
            printed = re.match(r"\s*#print axioms\s+(.+?)\s*$", cmd)
            if printed:
                # real Lean prints the resolved constant's full name: `_root_.` is not shown
                name = lean_printed(printed.group(1).removeprefix("_root_."))
                text = (
                    f"'{name}' depends on axioms: [{', '.join(axioms)}]"
                    if axioms
                    else f"'{name}' does not depend on any axioms"
                )
                reply["messages"] = [
                    {"severity": "info", "pos": {"line": 1, "column": 0}, "data": text}
                ]
            elif re.search(r":=\s*sorry\s*$", cmd) and "env" in data and "goal" not in script:
                # a statement with a `sorry` proof (the checker's reference): Lean warns
                reply["messages"] = [
                    {
                        "severity": "warning",
                        "pos": {"line": 1, "column": 8},
                        "endPos": {"line": 1, "column": 12},
                        "data": "declaration uses `sorry`",
                    }
                ]
            elif "sorry" in cmd and "env" in data and "goal" in script:
                reply["sorries"] = [
                    {"proofState": script.get("start_proof_state", 0), "goal": script["goal"]}
                ]
                reply["messages"] = [
                    {
                        "severity": "warning",
                        "pos": {"line": 1, "column": 8},
                        "data": "declaration uses `sorry`",
                    }
                ]
        if "env" not in reply:
            reply["env"] = next_env
            next_env += 1
        write(pretty(reply))


def lean_printed(spelled):
    """A name as typed (``«»`` or not) as Lean's ``Name.toString`` prints it (no keywords)."""
    parts = [a or b for a, b in re.findall(r"«([^»]*)»|([^.«]+)", spelled)]
    ok = re.compile(r"[^\W\d][\w'!?₀-₉]*")
    return ".".join(p if ok.fullmatch(p) else f"«{p}»" for p in parts)


def report(path):
    """Write how this process was started (pid, parent, environment, rlimits) atomically."""
    path = path.replace("{pid}", str(os.getpid()))
    try:
        with open("/proc/self/limits", encoding="utf-8") as f:
            limits = f.read()
    except OSError:
        limits = ""
    data = {"pid": os.getpid(), "ppid": os.getppid(), "env": dict(os.environ), "limits": limits}
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        json.dump(data, f)
    os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--transcript", nargs=2, metavar=("IN", "EXPECTED_OUT"))
    group.add_argument("--script", metavar="JSON")
    parser.add_argument("--log", default=None)
    parser.add_argument("--report", default=None)
    args = parser.parse_args()
    if args.report:
        report(args.report)
    if args.transcript:
        run_transcript(*args.transcript, args.log)
    else:
        run_script(args.script, args.log)


if __name__ == "__main__":
    main()
