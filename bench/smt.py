"""Benchmark: proofsmith's SMT path against raw z3 on one directory of SMT-LIB files.

Runs, in one process and on the same files:

- ``proofsmith``: :meth:`SmtChecker.solve_script` (script split here, z3 in a limited
  worker process, every ``sat`` model validated), pool already warm;
- ``z3-api``: raw z3 in this process, ``Z3_eval_smtlib2_string`` on the whole file
  (z3's own SMT-LIB interpreter: no isolation, no limits, no validation);
- ``z3-cli``: the ``z3`` binary once per file (what a shell user runs), if on PATH.

Prints a table and the ratios proofsmith / raw (target <= 1.1x), plus verdict counts.
Usage: ``.venv/bin/python bench/smt.py [DIR] [--repeat N] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "tests" / "data" / "smt"


def _z3_api(text: str) -> list[str]:
    import z3

    ctx = z3.Context()
    output = z3.Z3_eval_smtlib2_string(ctx.ref(), text)
    words = [w for w in output.split() if w in ("sat", "unsat", "unknown")]
    return words


def _z3_cli(binary: str, path: Path, timeout_s: float) -> list[str]:
    done = subprocess.run(
        [binary, f"-T:{int(timeout_s) + 1}", str(path)], capture_output=True, text=True
    )
    return [w for w in done.stdout.split() if w in ("sat", "unsat", "unknown")]


def _best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--repeat", type=int, default=5, help="runs per file (median kept)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per check-sat")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    from proofsmith.checkers.smt import SmtChecker

    files = sorted(args.directory.glob("*.smt2"))
    if not files:
        print(f"no .smt2 files in {args.directory}", file=sys.stderr)
        return 2
    binary = shutil.which("z3") or shutil.which("z3", path=str(Path(sys.executable).parent))
    rows = []
    counts: Counter[str] = Counter()
    agree = True
    with SmtChecker(timeout_s=args.timeout) as checker:
        checker.solve_script("(declare-const w Int)(assert (> w 0))(check-sat)")  # warm the pool
        for path in files:
            text = path.read_text()
            ours_s, ours = _best(lambda t=text: checker.solve_script(t), args.repeat)
            api_s, api = _best(lambda t=text: _z3_api(t), args.repeat)
            cli_s, cli = (
                _best(lambda p=path: _z3_cli(binary, p, args.timeout), args.repeat)
                if binary
                else (float("nan"), None)
            )
            statuses = [r["status"] for r in ours]
            counts.update(statuses)
            agree &= statuses == api
            rows.append(
                {
                    "file": path.name,
                    "proofsmith_s": ours_s,
                    "z3_api_s": api_s,
                    "z3_cli_s": cli_s,
                    "statuses": statuses,
                    "z3_statuses": api,
                    "z3_cli_statuses": cli,
                }
            )
    total = {k: sum(r[k] for r in rows) for k in ("proofsmith_s", "z3_api_s", "z3_cli_s")}
    summary = {
        "directory": str(args.directory),
        "files": len(files),
        "repeat": args.repeat,
        "totals_s": total,
        "ratio_vs_z3_api": total["proofsmith_s"] / total["z3_api_s"],
        "ratio_vs_z3_cli": total["proofsmith_s"] / total["z3_cli_s"] if binary else None,
        "verdicts": dict(counts),
        "answers_agree_with_z3": agree,
        "rows": rows,
    }
    if args.json:
        print(json.dumps(summary, indent=None, default=str))
        return 0
    print(f"{'file':<22} {'proofsmith ms':>14} {'z3 api ms':>10} {'z3 cli ms':>10}  answers")
    for r in rows:
        print(
            f"{r['file']:<22} {r['proofsmith_s'] * 1e3:>14.1f} {r['z3_api_s'] * 1e3:>10.1f} "
            f"{r['z3_cli_s'] * 1e3:>10.1f}  {' '.join(r['statuses'])}"
        )
    print(
        f"{'total':<22} {total['proofsmith_s'] * 1e3:>14.1f} {total['z3_api_s'] * 1e3:>10.1f} "
        f"{total['z3_cli_s'] * 1e3:>10.1f}"
    )
    print(f"ratio proofsmith / z3 api: {summary['ratio_vs_z3_api']:.2f}x (target <= 1.1x)")
    if binary:
        print(f"ratio proofsmith / z3 cli: {summary['ratio_vs_z3_cli']:.2f}x")
    print(f"verdicts: {dict(counts)}; answers agree with raw z3: {agree}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
