"""The small top-level API: check one candidate, prove a dataset or a list of problems.

    from proofsmith import Problem, check, prove
    verdict = check(Problem(id="p", domain="answer", statement="1+1?", reference="2"), "2")
    summary = prove("demo", out="runs/demo.db")              # portfolio prover
    summary = prove(problems, out="run.db", prover="http://127.0.0.1:8000/v1", n=16)

Everything here is reached lazily through ``proofsmith.__getattr__`` so ``import
proofsmith`` stays light; each function imports what it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from proofsmith.checkers.verdict import Verdict
    from proofsmith.datasets.problem import Problem
    from proofsmith.provers.runs.run import RunSummary

__all__ = ["check", "prove"]


def check(
    problem: Problem, candidate: str, *, timeout_s: float | None = None, **options: Any
) -> Verdict:
    """The verdict of ``problem``'s domain checker on ``candidate`` (the checker is closed
    afterwards; ``options`` go to the checker's constructor)."""
    from proofsmith.checkers.route import checker_for

    checker = checker_for(problem.domain, **options)
    try:
        return checker.check(problem, candidate, timeout_s=timeout_s)
    finally:
        close = getattr(checker, "close", None)
        if callable(close):
            close()


def prove(
    dataset: str | Sequence[Problem],
    *,
    out: str | Path,
    prover: str = "portfolio",
    **settings: Any,
) -> RunSummary:
    """Attempt a dataset (a name or path, as ``proofsmith prove`` takes) or a list of
    problems; every verified proof goes to the run database ``out``. ``settings`` are
    :class:`~proofsmith.provers.runs.config.RunConfig` fields (``n``, ``concurrency``, …)."""
    from proofsmith.provers.runs.run import RunConfig, prove_dataset

    if isinstance(dataset, str):
        return prove_dataset(RunConfig(dataset=dataset, prover=prover, **settings), out)
    problems = list(dataset)
    config = RunConfig(dataset="problems", prover=prover, **settings)
    return prove_dataset(config, out, problems=problems)
