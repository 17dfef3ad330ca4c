"""Answer checking: proofsmith vs math-verify on the same labelled pairs, in one run.

Prints, for both: accuracy, true-positive rate (equal pairs judged equal), true-negative
rate, false positives (not-equal pairs judged equal), unknowns, and checks per second in
batch mode. proofsmith runs ``check_many`` (worker processes with a hard per-check limit);
math-verify runs ``verify(parse(gold), parse(pred))`` on a process pool of the same size,
chunked, without per-check process limits (its own timeouts are SIGALRM-based).

    .venv/bin/python bench/answers.py [--pairs FILE] [--jobs N] [--repeat R] [--json]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import time
from pathlib import Path

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "data" / "answer_pairs.jsonl"


def _math_verify_one(pair: tuple[str, str]) -> str:
    from math_verify import parse, verify

    gold, pred = pair
    try:
        gold_parsed = parse(gold if "$" in gold or "\\boxed" in gold else f"${gold}$")
        pred_parsed = parse(pred)
        if not pred_parsed and "$" not in pred:  # give the anchor a bare LaTeX answer in $…$
            pred_parsed = parse(f"${pred}$")
        if not gold_parsed or not pred_parsed:
            return "unknown"
        return "equal" if verify(gold_parsed, pred_parsed) else "not_equal"
    except Exception:
        return "unknown"


def run_math_verify(pairs: list[tuple[str, str]], jobs: int) -> tuple[list[str], float]:
    start = time.perf_counter()
    with mp.get_context("fork").Pool(jobs) as pool:
        labels = pool.map(_math_verify_one, pairs, chunksize=max(1, len(pairs) // (jobs * 8)))
    return labels, time.perf_counter() - start


def run_proofsmith(pairs: list[tuple[str, str]], jobs: int) -> tuple[list[str], float]:
    from proofsmith.checkers.answer import check_many, label

    start = time.perf_counter()
    labels = [label(v) for v in check_many(pairs, jobs=jobs)]
    return labels, time.perf_counter() - start


def score(truth: list[str], got: list[str], seconds: float) -> dict[str, float | int]:
    pos = [g for t, g in zip(truth, got, strict=True) if t == "equal"]
    neg = [g for t, g in zip(truth, got, strict=True) if t == "not_equal"]
    return {
        "pairs": len(truth),
        "accuracy": sum(t == g for t, g in zip(truth, got, strict=True)) / len(truth),
        "tpr": pos.count("equal") / max(1, len(pos)),
        "tnr": neg.count("not_equal") / max(1, len(neg)),
        "false_positives": neg.count("equal"),
        "unknowns": got.count("unknown"),
        "seconds": seconds,
        "checks_per_s": len(truth) / seconds,
    }


def main() -> None:
    from proofsmith.checkers.limits import default_jobs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="labelled JSONL pairs")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes")
    parser.add_argument("--repeat", type=int, default=2, help="pass over the pairs R times")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show-misses", action="store_true", help="list proofsmith's misses")
    args = parser.parse_args()

    records = [json.loads(line) for line in args.pairs.read_text().splitlines() if line.strip()]
    pairs = [(r["gold"], r["pred"]) for r in records] * args.repeat
    truth = [r["label"] for r in records] * args.repeat

    ours, ours_s = run_proofsmith(pairs, args.jobs)
    theirs, theirs_s = run_math_verify(pairs, args.jobs)
    results = {
        "config": {"pairs": str(args.pairs), "jobs": args.jobs, "repeat": args.repeat},
        "proofsmith": score(truth, ours, ours_s),
        "math-verify": score(truth, theirs, theirs_s),
    }
    results["speedup"] = (
        results["proofsmith"]["checks_per_s"] / results["math-verify"]["checks_per_s"]
    )
    if args.json:
        print(json.dumps(results))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"answer checking: {len(records)} labelled pairs x{args.repeat}, {args.jobs} jobs"
    )
    table.add_column("metric")
    for name in ("proofsmith", "math-verify"):
        table.add_column(name, justify="right")
    for key, fmt in [
        ("accuracy", "{:.3f}"),
        ("tpr", "{:.3f}"),
        ("tnr", "{:.3f}"),
        ("false_positives", "{}"),
        ("unknowns", "{}"),
        ("checks_per_s", "{:.0f}"),
        ("seconds", "{:.2f}"),
    ]:
        table.add_row(key, *(fmt.format(results[n][key]) for n in ("proofsmith", "math-verify")))
    console = Console()
    console.print(table)
    console.print(f"batch throughput ratio proofsmith / math-verify: {results['speedup']:.1f}x")
    if args.show_misses:
        for record, got in zip(records, ours, strict=False):
            if got != record["label"]:
                console.print(
                    f"miss: {record['gold']!r} vs {record['pred']!r}: {got}", markup=False
                )


if __name__ == "__main__":
    main()
