"""Start-up of the command line: `proofsmith --version` and `prove --help` against `import typer`.

Each command runs ``--repeat`` times in a fresh interpreter; the best wall time counts.
Printed: seconds of each and the ratio to ``python -c "import typer"`` (target for
``--version``: <= 3x).

    .venv/bin/python bench/startup.py [--repeat 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

PROOFSMITH = str(Path(sys.executable).with_name("proofsmith"))
COMMANDS = {
    "import typer": [sys.executable, "-c", "import typer"],
    "proofsmith --version": [PROOFSMITH, "--version"],
    "proofsmith prove --help": [PROOFSMITH, "prove", "--help"],
    "proofsmith --help": [PROOFSMITH, "--help"],
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
    seconds = {name: best(cmd, args.repeat) for name, cmd in COMMANDS.items()}
    base = seconds["import typer"]
    figures = {
        name: {"seconds": round(s, 3), "vs_import_typer": round(s / base, 2)}
        for name, s in seconds.items()
    }
    if args.json:
        print(json.dumps(figures))
        return
    for name, f in figures.items():
        print(f"{name:26} {f['seconds']:7.3f} s  {f['vs_import_typer']:5.2f}x import typer")


if __name__ == "__main__":
    main()
