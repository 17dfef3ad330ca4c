"""`proofsmith prove` against a served model: how close to the server-bound ideal it runs.

A stand-in vLLM server (:mod:`bench.standin`, 127.0.0.1) runs ``--capacity`` sequences at
once, each taking ``--latency`` seconds. ``--problems`` arithmetic questions are proved with
``-n`` samples each through the real CLI, real HTTP client and real answer checker. The
server cannot finish sooner than ``ceil(problems * n / capacity) * latency`` (the ideal);
start-up is measured in the same run as a one-problem run less its one latency.

Printed: wall seconds of the default run and of one request in flight (``--concurrency n``,
what `prove` did before the pipeline; on ``--baseline-problems`` problems, scaled), the most
sequences/requests the server saw in flight, and the ratios

    default / (ideal + start-up)      (target: <= 1.3)
    one-in-flight / default

    .venv/bin/python bench/pipeline.py [--problems 256] [-n 4] [--capacity 64] [--latency 0.5]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from standin import StandIn

PROOFSMITH = Path(sys.executable).with_name("proofsmith")


def write_problems(path: Path, count: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    with path.open("w") as fh:
        for i in range(count):
            a, b = rng.randint(10, 999), rng.randint(10, 999)
            row = {"id": f"sum-{i}", "domain": "answer", "statement": f"What is {a}+{b}?"}
            fh.write(json.dumps({**row, "reference": str(a + b)}) + "\n")


def prove(data: Path, url: str, n: int, out: Path, *extra: str) -> tuple[float, int]:
    """Wall seconds of one `proofsmith prove` run and the problems it proved."""
    cmd = [str(PROOFSMITH), "prove", str(data), "--prover", url, "-n", str(n)]
    cmd += ["--out", str(out), "--json", *extra]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"prove failed ({done.returncode}):\n{done.stderr[-2000:]}")
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return seconds, sum(r.get("outcome") == "proved" for r in rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--problems", type=int, default=256)
    ap.add_argument("-n", type=int, default=4)
    ap.add_argument("--capacity", type=int, default=64, help="sequences the server runs at once")
    ap.add_argument("--latency", type=float, default=0.5, help="seconds per sequence")
    ap.add_argument("--baseline-problems", type=int, default=16)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    server = StandIn(args.capacity, args.latency).start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            one, many, few = work / "one.jsonl", work / "many.jsonl", work / "few.jsonl"
            write_problems(one, 1, seed=1)
            write_problems(many, args.problems, seed=2)
            write_problems(few, args.baseline_problems, seed=3)

            t_one, _ = prove(one, server.url, args.n, work / "one.db")
            startup = max(0.0, t_one - args.latency)

            server.reset()
            t_default, proved = prove(many, server.url, args.n, work / "many.db")
            seen = server.stats()

            server.reset()
            t_few, _ = prove(few, server.url, args.n, work / "few.db", "--concurrency", str(args.n))
            t_serial = t_few / args.baseline_problems * args.problems
    finally:
        server.stop()

    waves = math.ceil(args.problems * args.n / args.capacity)
    ideal = waves * args.latency
    figures = {
        "problems": args.problems,
        "n": args.n,
        "capacity": args.capacity,
        "latency_s": args.latency,
        "proved": proved,
        "ideal_s": round(ideal, 2),
        "startup_s": round(startup, 2),
        "default_s": round(t_default, 2),
        "one_in_flight_s": round(t_serial, 2),
        "max_sequences_in_flight": seen["max_sequences_in_flight"],
        "max_requests_in_flight": seen["max_requests_in_flight"],
        "requests": seen["requests"],
        "default_vs_ideal_plus_startup": round(t_default / (ideal + startup), 3),
        "one_in_flight_vs_default": round(t_serial / t_default, 2),
    }
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:32} {value}")


if __name__ == "__main__":
    main()
