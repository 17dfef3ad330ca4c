"""Answer checking: proofsmith vs math-verify on the same labelled sets, in one process.

For each set (the project's development pairs, the held-out pairs written from other
graders' documented conventions, the adversarial false-"equal" pairs) and for both
checkers: accuracy, true-positive rate, true-negative rate, false positives (not-equal
pairs judged equal), unknowns, and checks per second. Both run sequentially in this one
process: proofsmith's in-process ``judge`` and math-verify's ``verify(parse(gold),
parse(pred))`` (a bare answer is wrapped in ``$…$`` for math-verify's LaTeX extraction).
Also prints the extraction work for adversarial inputs (25,000 and 50,000 ``\\[``) to show
it is linear.

    .venv/bin/python bench/answers.py [--set NAME ...] [--pairs FILE] [--repeat R] [--json]

``--pairs FILE`` runs one labelled file instead of the named sets (its JSON result is the
set's own object: ``{"proofsmith": …, "math-verify": …, "speedup": …}``).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
SETS = {
    "development": DATA / "answer_pairs.jsonl",
    "conventions": DATA / "answer_pairs_conventions.jsonl",
    "adversarial": DATA / "answer_pairs_adversarial.jsonl",
}


def _wrap(text: str) -> str:
    return text if "$" in text or "\\boxed" in text or "\\[" in text else f"${text}$"


def math_verify_label(gold: str, pred: str) -> str:
    from math_verify import parse, verify

    try:
        gold_parsed = parse(_wrap(gold))
        pred_parsed = parse(pred)
        if not pred_parsed and "$" not in pred:  # give it a bare LaTeX answer in $…$
            pred_parsed = parse(f"${pred}$")
        if not gold_parsed or not pred_parsed:
            return "unknown"
        return "equal" if verify(gold_parsed, pred_parsed) else "not_equal"
    except Exception:
        return "unknown"


def proofsmith_label(gold: str, pred: str) -> str:
    from proofsmith.checkers.answer import judge

    return judge(gold, pred)["verdict"]


def run(label_fn, pairs: list[tuple[str, str]]) -> tuple[list[str], float]:
    start = time.perf_counter()
    labels = [label_fn(g, p) for g, p in pairs]
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


def extraction_work() -> dict[str, dict[str, float]]:
    """Steps and seconds of the extraction scan for n and 2n adversarial delimiters."""
    from proofsmith.checkers.answer.extract import extract
    from proofsmith.text.answers import Scan

    out = {}
    for n in (25_000, 50_000):
        text = "\\[" * n
        start = time.perf_counter()
        extract(text, number_fallback=True)
        seconds = time.perf_counter() - start
        scan = Scan(text)
        scan.boxes(), scan.last_pair("\\[", "\\]"), scan.last_pair("$", "$", pair=True)
        out[str(n)] = {"chars": len(text), "steps": scan.steps, "seconds": seconds}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", choices=sorted(SETS), help="sets to run")
    parser.add_argument("--pairs", type=Path, help="one labelled JSONL file instead of the sets")
    parser.add_argument(
        "--jobs", type=int, default=1, help="accepted for old command lines; one process"
    )
    parser.add_argument("--repeat", type=int, default=1, help="pass over the pairs R times")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--show-misses", action="store_true", help="list proofsmith's misses")
    args = parser.parse_args()

    proofsmith_label("1", "1")  # imports and first-call set-up outside the timings
    math_verify_label("1", "1")
    results: dict[str, dict] = {}
    misses = []
    sets = {"pairs": args.pairs} if args.pairs else {n: SETS[n] for n in args.set or list(SETS)}
    for name, path in sets.items():
        records = [json.loads(x) for x in path.read_text().splitlines() if x.strip()]
        pairs = [(r["gold"], r["pred"]) for r in records] * args.repeat
        truth = [r["label"] for r in records] * args.repeat
        ours, ours_s = run(proofsmith_label, pairs)
        theirs, theirs_s = run(math_verify_label, pairs)
        results[name] = {
            "proofsmith": score(truth, ours, ours_s),
            "math-verify": score(truth, theirs, theirs_s),
        }
        results[name]["speedup"] = (
            results[name]["proofsmith"]["checks_per_s"]
            / results[name]["math-verify"]["checks_per_s"]
        )
        misses += [(name, r, g) for r, g in zip(records, ours, strict=False) if g != r["label"]]
    if args.pairs:
        results = results["pairs"]
    else:
        results["extraction_work"] = extraction_work()
    if args.json:
        print(json.dumps(results))
        return
    if args.pairs:
        results = {"pairs": results}
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for name in sets:
        table = Table(title=f"{name}: {results[name]['proofsmith']['pairs']} checks, one process")
        table.add_column("metric")
        for checker in ("proofsmith", "math-verify"):
            table.add_column(checker, justify="right")
        for key, fmt in [
            ("accuracy", "{:.3f}"),
            ("tpr", "{:.3f}"),
            ("tnr", "{:.3f}"),
            ("false_positives", "{}"),
            ("unknowns", "{}"),
            ("checks_per_s", "{:.0f}"),
        ]:
            table.add_row(
                key, *(fmt.format(results[name][c][key]) for c in ("proofsmith", "math-verify"))
            )
        console.print(table)
        console.print(f"throughput ratio proofsmith / math-verify: {results[name]['speedup']:.1f}x")
    work = results.get("extraction_work")
    if work:
        console.print(
            "extraction of n x '\\[': "
            + ", ".join(
                f"n={n}: {w['steps']} steps, {w['seconds'] * 1000:.1f} ms" for n, w in work.items()
            )
            + f"; step ratio 2n/n = {work['50000']['steps'] / work['25000']['steps']:.2f}",
            markup=False,
        )
    if args.show_misses:
        for name, record, got in misses:
            console.print(
                f"miss [{name}]: {record['gold']!r} vs {record['pred']!r}: {got}", markup=False
            )


if __name__ == "__main__":
    main()
