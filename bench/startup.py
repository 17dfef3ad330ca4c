"""Start-up of the command line against the import it cannot avoid.

- ``proofsmith --version``, ``--help``, ``prove --help``, ``check lean --help`` against
  ``python -c "import typer"`` (target for ``--version``: <= 3x);
- ``proofsmith check smt FILE`` (a small satisfiable script) against ``python -c`` that imports
  z3 and solves the same script in-process (target: <= 2x).

Each command runs ``--repeat`` times in a fresh interpreter; the best wall time counts.
Printed: seconds of each and the ratio to its baseline.

    .venv/bin/python bench/startup.py [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROOFSMITH = str(Path(sys.executable).with_name("proofsmith"))
SCRIPT = "(declare-const x Int)\n(assert (> x 3))\n(assert (< x 5))\n(check-sat)\n"
SOLVE = "import sys, z3; s = z3.Solver(); s.from_file(sys.argv[1]); print(s.check())"


def commands(smt: str) -> dict[str, tuple[list[str], str]]:
    """name → (command line, the baseline it is compared with)."""
    return {
        "import typer": ([sys.executable, "-c", "import typer"], "import typer"),
        "proofsmith --version": ([PROOFSMITH, "--version"], "import typer"),
        "proofsmith --help": ([PROOFSMITH, "--help"], "import typer"),
        "proofsmith prove --help": ([PROOFSMITH, "prove", "--help"], "import typer"),
        "proofsmith check lean --help": ([PROOFSMITH, "check", "lean", "--help"], "import typer"),
        "import z3 + solve": ([sys.executable, "-c", SOLVE, smt], "import z3 + solve"),
        "proofsmith check smt FILE": ([PROOFSMITH, "check", "smt", smt], "import z3 + solve"),
    }


def best(cmd: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        smt = Path(tmp) / "sat.smt2"
        smt.write_text(SCRIPT)
        table = commands(str(smt))
        seconds = {name: best(cmd, args.repeat) for name, (cmd, _) in table.items()}
    figures = {
        name: {
            "seconds": round(s, 3),
            "baseline": table[name][1],
            "ratio": round(s / seconds[table[name][1]], 2),
        }
        for name, s in seconds.items()
    }
    if args.json:
        print(json.dumps(figures))
        return
    for name, f in figures.items():
        print(f"{name:30} {f['seconds']:7.3f} s  {f['ratio']:5.2f}x {f['baseline']}")


if __name__ == "__main__":
    main()
