"""The run store at scale: report/export memory on 100k proofs, batched vs one-by-one inserts.

Builds a run database of ``--proofs`` verified proofs (and as many attempts), then runs
``proofsmith report --json`` and ``proofsmith export`` in child processes and prints their
wall seconds and peak memory (max RSS) beside a baseline measured in the same run: a child
that only loads every proof row into memory (what report/export did before they streamed).
Also prints the seconds to insert ``--inserts`` proofs one transaction each (commit on
verify) and in one batched transaction (``Store.add_proofs``), and their ratio.

    .venv/bin/python bench/store.py [--proofs 100000] [--inserts 10000] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from proofsmith.datasets.store import Attempt, ProofRecord, Store

PROOFSMITH = str(Path(sys.executable).with_name("proofsmith"))
LOAD_ALL = "import sys; from proofsmith.datasets.store import Store; print(len(Store(sys.argv[1]).proofs()))"
RSS = (
    "import resource, subprocess, sys, time; t = time.perf_counter(); "
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def _proof(i: int, dataset: str = "big") -> ProofRecord:
    statement = f"theorem t{i} (x : Nat) : x + {i} = {i} + x := by"
    return ProofRecord(f"p{i}", dataset, "lean", statement, "omega\n" * 20, split="test")


def build(path: Path, count: int) -> None:
    with Store(path) as store:
        run = store.start_run("big", "bench", {}, {})
        for start in range(0, count, 10_000):
            store.add_proofs(run, (_proof(i) for i in range(start, min(count, start + 10_000))))
        for i in range(count):
            attempt = Attempt(f"p{i}", "big", "lean", "sample", "proved", 8, 3, 1.5, "test")
            store.add_attempt(run, attempt)


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of ``cmd`` in a child process."""
    done = subprocess.run(
        [sys.executable, "-c", RSS, *cmd], capture_output=True, text=True, check=True
    )
    seconds, kib = done.stdout.split()
    return float(seconds), int(kib) / 1024


def inserts(path: Path, count: int) -> tuple[float, float]:
    with Store(path) as store:
        run = store.start_run("ins", "bench", {}, {})
        started = time.perf_counter()
        for i in range(count):
            store.add_proof(run, _proof(i, "one-by-one"))
        single = time.perf_counter() - started
        started = time.perf_counter()
        store.add_proofs(run, (_proof(i, "batched") for i in range(count)))
        batched = time.perf_counter() - started
    return single, batched


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--proofs", type=int, default=100_000)
    ap.add_argument("--inserts", type=int, default=10_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        started = time.perf_counter()
        build(db, args.proofs)
        built = time.perf_counter() - started
        load_s, load_mb = measure([sys.executable, "-c", LOAD_ALL, str(db)])
        report_s, report_mb = measure([PROOFSMITH, "report", str(db), "--json"])
        export = [PROOFSMITH, "export", str(db), "--out", str(Path(tmp) / "pairs.jsonl")]
        export_s, export_mb = measure(export)
        single, batched = inserts(Path(tmp) / "ins.db", args.inserts)
    figures = {
        "proofs": args.proofs,
        "build_s": round(built, 2),
        "baseline_load_all_s": round(load_s, 2),
        "baseline_load_all_mib": round(load_mb, 1),
        "report_s": round(report_s, 2),
        "report_mib": round(report_mb, 1),
        "export_s": round(export_s, 2),
        "export_mib": round(export_mb, 1),
        "inserts": args.inserts,
        "one_by_one_s": round(single, 3),
        "batched_s": round(batched, 3),
        "one_by_one_vs_batched": round(single / batched, 1),
    }
    if args.json:
        print(json.dumps(figures))
        return
    for key, value in figures.items():
        print(f"{key:24} {value}")


if __name__ == "__main__":
    main()
