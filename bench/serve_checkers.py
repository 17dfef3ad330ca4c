"""Benchmark: checks through ``serve-checkers`` vs the in-process API vs one CLI process per item.

The same mixed batch (half answer pairs from tests/data/answer_pairs.jsonl, half SMT files
of tests/data/smt with their ``:status`` as the claim; 1,000 items by default) runs:

- ``in-process``: :class:`BatchRunner` in this process (warm checkers, ``--jobs`` workers
  per domain) — the API a Python caller uses;
- ``server``: ``proofsmith serve-checkers --jobs N`` in its own process, the batch posted
  by :class:`CheckClient` in requests of ``--batch`` items (server warmed first);
  in-process and server runs alternate ``--repeat`` times and the best of each is kept;
- ``cli``: ``proofsmith check answer`` / ``proofsmith check smt`` once per item, on a
  sample of ``--cli-sample`` items, extrapolated to the whole batch (marked as such);
- ``sequential``: ``checker_for(domain).check`` one item after another (no concurrency).

Prints seconds and items/s per mode and the ratio server / in-process (target <= 1.3x),
then answer reward calls per minute on one core (``answer_reward`` with one completion a
call, and with GRPO groups of 8), measured in a child pinned to one CPU.

    .venv/bin/python bench/serve_checkers.py [--items N] [--jobs N] [--batch N] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PROOFSMITH = str(Path(sys.executable).with_name("proofsmith"))


def build_items(count: int) -> list[dict]:
    pairs = [json.loads(line) for line in (REPO / "tests/data/answer_pairs.jsonl").open()]
    smt = []
    for path in sorted((REPO / "tests/data/smt").glob("*.smt2")):
        text = path.read_text()
        status = re.search(r":status (sat|unsat)", text)
        smt.append((path, text, status.group(1) if status else None))
    items = []
    for i in range(count):
        if i % 2 == 0:
            pair = pairs[(i // 2) % len(pairs)]
            problem = {
                "id": f"a{i}",
                "domain": "answer",
                "statement": "",
                "reference": pair["gold"],
            }
            items.append(
                {"id": str(i), "problem": problem, "candidate": pair["pred"], "_cli": None}
            )
        else:
            path, text, claim = smt[(i // 2) % len(smt)]
            problem = {"id": f"s{i}", "domain": "smt", "statement": text, "reference": claim}
            items.append({"id": str(i), "problem": problem, "candidate": "", "_cli": str(path)})
    return items


def _wire(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in item.items() if k != "_cli"} for item in items]


def run_sequential(items: list[dict]) -> tuple[float, list[str]]:
    from proofsmith.checkers.route import checker_for
    from proofsmith.datasets.problem import Problem

    checkers = {d: checker_for(d) for d in ("answer", "smt")}
    problems = [Problem.from_dict(i["problem"]) for i in items]
    for problem, item in list(zip(problems, items, strict=True))[:20]:
        checkers[problem.domain].check(problem, item["candidate"])
    start = time.perf_counter()
    statuses = [
        checkers[p.domain].check(p, i["candidate"]).status.value
        for p, i in zip(problems, items, strict=True)
    ]
    seconds = time.perf_counter() - start
    checkers["smt"].close()
    return seconds, statuses


def run_server_and_in_process(
    items: list[dict], jobs: int, batch: int, repeat: int
) -> tuple[float, list[str], float, list[str]]:
    """Best of ``repeat`` alternating runs: (server s, statuses, in-process s, statuses).

    Alternating keeps a busy machine's load from favouring one side.
    """
    from proofsmith.service import BatchRunner, CheckClient, RunnerOptions
    from proofsmith.service.records import parse_items

    env = {**os.environ, "PROOFSMITH_CHECK_TOKEN": ""}
    cmd = [PROOFSMITH, "serve-checkers", "--port", "0", "--jobs", str(jobs), "--json"]
    wire = _wire(items)
    parsed = parse_items(wire)
    server_times, inproc_times = [], []
    with (
        subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
        ) as proc,
        BatchRunner(RunnerOptions(jobs=jobs)) as runner,
    ):
        try:
            url = json.loads(proc.stdout.readline())["url"]
            with CheckClient(url) as client:
                client.check(wire[:20])  # warm both domains on both sides
                runner.run(parsed[:20])
                for _ in range(repeat):
                    start = time.perf_counter()
                    records = runner.run(parsed)
                    inproc_times.append(time.perf_counter() - start)
                    inproc = [r["status"] for r in records]
                    start = time.perf_counter()
                    records = []
                    for k in range(0, len(wire), batch):
                        records += client.check(wire[k : k + batch])
                    server_times.append(time.perf_counter() - start)
                    served = [r["status"] for r in records]
        finally:
            proc.terminate()
            proc.wait(30)
    return min(server_times), served, min(inproc_times), inproc


def run_cli(items: list[dict], sample: int) -> tuple[float, int]:
    """Seconds for ``sample`` items, one CLI process each (half answers, half SMT)."""
    answers = [i for i in items if i["_cli"] is None][: sample // 2]
    smts = [i for i in items if i["_cli"] is not None][: sample - len(answers)]
    start = time.perf_counter()
    for item in answers:
        problem = item["problem"]
        subprocess.run(
            [PROOFSMITH, "check", "answer", problem["reference"], item["candidate"]],
            capture_output=True,
        )
    for item in smts:
        claim = item["problem"]["reference"]
        extra = ["--claim", claim] if claim else []
        subprocess.run([PROOFSMITH, "check", "smt", item["_cli"], *extra], capture_output=True)
    return time.perf_counter() - start, len(answers) + len(smts)


REWARD_CHILD = """
import os, sys, time, json
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
from proofsmith.rewards import answer_reward
pairs = [json.loads(l) for l in open(sys.argv[1])]
golds, preds = [p["gold"] for p in pairs], [p["pred"] for p in pairs]
answer_reward([preds[0]], [golds[0]])  # the first call starts the workers
out = {}
for group in (1, 8):
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < float(sys.argv[2]):
        k = (calls * group) % (len(pairs) - group)
        answer_reward(preds[k : k + group], golds[k : k + group])
        calls += 1
    out[group] = calls * 60 / (time.perf_counter() - start)
print(json.dumps(out))
"""


def reward_rate(seconds: float) -> dict[str, float]:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            REWARD_CHILD,
            str(REPO / "tests/data/answer_pairs.jsonl"),
            str(seconds),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO / "bench",
    )
    return json.loads(done.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2, help="workers per domain")
    parser.add_argument("--batch", type=int, default=1000, help="items per HTTP request")
    parser.add_argument("--repeat", type=int, default=3, help="runs per mode (best kept)")
    parser.add_argument("--cli-sample", type=int, default=20, help="items run through the CLI")
    parser.add_argument("--reward-seconds", type=float, default=10.0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    items = build_items(args.items)
    server_s, served, inproc_s, inproc = run_server_and_in_process(
        items, args.jobs, args.batch, args.repeat
    )
    seq_s, seq = run_sequential(items)
    cli_s, cli_n = run_cli(items, args.cli_sample)
    cli_total = cli_s / cli_n * len(items)
    rates = reward_rate(args.reward_seconds)
    agree = sum(a == b for a, b in zip(inproc, served, strict=True)) / len(items)
    summary = {
        "items": len(items),
        "jobs": args.jobs,
        "seconds": {
            "in_process": round(inproc_s, 3),
            "server": round(server_s, 3),
            "sequential": round(seq_s, 3),
            "cli_extrapolated": round(cli_total, 1),
        },
        "cli_sample": cli_n,
        "ratio_server_vs_in_process": round(server_s / inproc_s, 3),
        "ratio_cli_vs_server": round(cli_total / server_s, 1),
        "server_agrees_with_in_process": agree,
        "statuses": dict(Counter(served)),
        "answer_reward_calls_per_minute_one_core": {
            f"group_{k}": round(v) for k, v in rates.items()
        },
    }
    if args.json:
        print(json.dumps(summary))
        return 0
    print(f"{len(items)} mixed answer/SMT items, {args.jobs} workers per domain")
    for mode in ("in_process", "server", "sequential"):
        s = summary["seconds"][mode]
        print(f"  {mode:<18} {s:8.2f} s  {len(items) / s:8.1f} items/s")
    print(f"  {'cli (per item)':<18} {cli_total:8.1f} s  (extrapolated from {cli_n} items)")
    print(f"server / in-process: {summary['ratio_server_vs_in_process']:.2f}x (target <= 1.3x)")
    print(f"cli / server: {summary['ratio_cli_vs_server']:.0f}x; verdicts agree: {agree:.0%}")
    for group, rate in rates.items():
        print(f"answer_reward, {group} completion(s) a call, one core: {rate:,.0f} calls/min")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
