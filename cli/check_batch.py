"""Batch mode of ``check smt`` and ``check code``: many files or a JSONL, one JSON line each
(and the options both commands share).

The work is :func:`proofsmith.service.batch.check_files` (one process, warm workers);
this module only prints its records and picks the exit code (0 all proved, 1 any
refuted/rejected, 3 some undecided).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from proofsmith.cli.output import console, emit

__all__ = ["JobsOpt", "JsonFlag", "MemoryOpt", "is_batch", "run_batch"]

# options ``check smt`` and ``check code`` share
JsonFlag = Annotated[bool, typer.Option("--json", help="One JSON object per result on stdout.")]
MemoryOpt = Annotated[
    int,
    typer.Option(
        "--memory-mb", envvar="PROOFSMITH_MEMORY_MB", help="Memory cap of the z3 worker (MiB)."
    ),
]

JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", min=0, help="Batch mode: workers (0: all cores).")
]


def is_batch(paths: list[Path]) -> bool:
    """True when the arguments call for batch mode: several files, or a JSONL file."""
    return len(paths) != 1 or paths[0].suffix == ".jsonl"


def run_batch(
    domain: str,
    paths: list[Path],
    *,
    claim: str | None,
    function: str | None,
    timeout_s: float,
    memory_mb: int,
    jobs: int,
) -> int:
    """Check every problem of ``paths``; print one JSON line per item; return the exit code."""
    from proofsmith.checkers.verdict import Status
    from proofsmith.service.batch import check_files  # (loads httpx: lazily)
    from proofsmith.service.runner import RunnerOptions

    options = RunnerOptions(jobs=jobs, timeout_s=timeout_s, memory_mb=memory_mb)
    statuses = []
    for record in check_files(domain, paths, claim=claim, function=function, options=options):
        statuses.append(record["status"])
        emit(record)
    counts = {s: statuses.count(s) for s in dict.fromkeys(statuses)}
    console.print(
        f"{len(statuses)} checked: " + ", ".join(f"{n} {s}" for s, n in counts.items()),
        highlight=False,
    )
    return Status.overall(map(Status, statuses)).exit_code
