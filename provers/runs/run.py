"""Attempting a whole dataset: problems fanned out, results into the store, resume.

:func:`prove_dataset` loads the problems, opens the run database (``--out``), records the
run with every setting and tool version (:mod:`.run_config`), skips problems the database
already has a verified proof for (resume), Lean problems when ``lake`` is missing and, for
best-first search, problems whose checker cannot step; it attempts the rest with
:class:`~.attempt.Attempter`:

- in this process (``jobs=1``), or in local worker processes (``jobs>1``), each of which
  opens the same SQLite file and commits every verified proof the moment it is verified;
- or on a Ray cluster (``ray_address``; ``"local"`` starts a local Ray instance, see
  :mod:`.ray_run`): each actor holds its own prover and checker pools and returns each
  problem's proofs; the driver commits them to the one store as soon as they arrive.
"""

from __future__ import annotations

import ctypes
import logging
import math
import multiprocessing as mp
import os
import signal
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from proofsmith.checkers.base import Checker
from proofsmith.checkers.route import can_step
from proofsmith.datasets.loaders import load_problems
from proofsmith.datasets.problem import Problem
from proofsmith.datasets.store import Store
from proofsmith.errors import InputError, ProofsmithError
from proofsmith.provers.base import Prover
from proofsmith.provers.formats import get_format
from proofsmith.provers.formats.protocol import PromptFormat
from proofsmith.provers.load import check_prover_spec, load_prover
from proofsmith.provers.runs.attempt import Attempter, Outcome, prover_options, stopped
from proofsmith.provers.runs.config import RunConfig, lean_available, tool_versions
from proofsmith.provers.runs.report import sampled_counts
from proofsmith.provers.search.passk import pass_at_k_curve
from proofsmith.provers.search.pipeline import PipelineStats

# RunConfig and Outcome are re-exported: they are what prove_dataset takes and returns
__all__ = ["Outcome", "RunConfig", "RunSummary", "attempt_and_store", "chunks", "prove_dataset"]

log = logging.getLogger("proofsmith.run")


@dataclass(frozen=True)
class RunSummary:
    """What a run did, for the result table and the summary line."""

    run_id: int
    db: str
    outcomes: tuple[Outcome, ...]
    resumed: tuple[str, ...]  # already solved in the database: not attempted again
    skipped: tuple[tuple[str, str, str], ...]  # (problem id, domain, reason) not attempted
    seconds: float

    @property
    def solved(self) -> int:
        return sum(o.attempt.outcome == "proved" for o in self.outcomes)

    @property
    def pass_at_k(self) -> dict[int, float]:
        """Over every problem attempted by sampling in this run (see :mod:`.search.passk`)."""
        return pass_at_k_curve(sampled_counts(o.attempt for o in self.outcomes))


# -- local worker processes --------------------------------------------------------------

_WORKER: tuple[Attempter, Store, int] | None = None


def _die_with_parent() -> None:
    """Linux: SIGKILL this worker when the parent dies (a killed run leaves no orphans)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _init_worker(config: RunConfig, db: str, run_id: int) -> None:
    global _WORKER
    _die_with_parent()
    try:
        _WORKER = (Attempter(config), Store(db), run_id)
    except ProofsmithError as exc:  # one line, not the pool's traceback; the parent says more
        print(f"worker: {exc.message}", file=sys.stderr, flush=True)
        os._exit(exc.exit_code)


def attempt_and_store(
    attempter: Attempter,
    store: Store,
    run_id: int,
    problems: Sequence[Problem],
    on_outcome: Callable[[Outcome], None],
    stats: PipelineStats | None = None,
) -> None:
    """Attempt ``problems``; each verified proof is committed the moment it is verified and
    each problem's attempt row as the problem finishes."""

    def done(outcome: Outcome) -> None:
        store.add_attempt(run_id, outcome.attempt)
        on_outcome(outcome)

    attempter.attempt_many(
        problems, done, on_proof=lambda rec: store.add_proof(run_id, rec), stats=stats
    )


def _work(problems: list[Problem]) -> list[Outcome]:
    assert _WORKER is not None, "worker not initialised"
    outcomes: list[Outcome] = []
    attempt_and_store(*_WORKER, problems, outcomes.append)
    return outcomes


def chunks(problems: Sequence[Problem], workers: int) -> list[list[Problem]]:
    """``problems`` cut into pieces for ``workers`` processes: about four pieces each, so
    results stream back while every worker keeps a pipeline of many problems."""
    size = max(1, math.ceil(len(problems) / (4 * workers)))
    return [list(problems[i : i + size]) for i in range(0, len(problems), size)]


def _per_worker(config: RunConfig) -> RunConfig:
    """Each of ``jobs`` workers keeps its share of the run's sequences in flight."""
    return replace(config, concurrency=max(1, math.ceil(config.concurrency / config.jobs)))


def _plan(
    problems: Sequence[Problem], store: Store, config: RunConfig, in_run: set[str]
) -> tuple[list[Problem], tuple[str, ...], list[tuple[str, str, str]]]:
    """Split ``problems`` into (to attempt, resumed, skipped with domain and reason).

    Resumed are the problems of the same dataset the store already has a verified proof
    for (``resume="solved"``) or an attempt of (``"attempted"``); ``"none"`` resumes none.
    Problems in ``in_run`` (attempted by the run being continued) are resumed whatever the
    policy.
    """
    done: dict[str, set[str]] = {}
    for dataset in {p.source or config.dataset for p in problems}:
        if config.resume == "solved":
            done[dataset] = store.solved(dataset)
        elif config.resume == "attempted":
            done[dataset] = store.attempted(dataset)
        else:
            done[dataset] = set()
    is_done = [p.id in in_run or p.id in done[p.source or config.dataset] for p in problems]
    resumed = tuple(p.id for p, d in zip(problems, is_done, strict=True) if d)
    todo, skipped = [], []
    # Lean needs lake, unless the checker was given its own REPL command
    lake = lean_available() or "repl_command" in config.checker_options.get("lean", {})
    steps = {d: can_step(d) for d in {p.domain for p in problems}}
    for problem, already in zip(problems, is_done, strict=True):
        if already:
            continue
        if config.search == "bfs" and not steps[problem.domain]:
            reason = f"{problem.domain} has no step-by-step checker (use --search sample)"
            skipped.append((problem.id, problem.domain, reason))
        elif problem.domain == "lean" and not lake:
            reason = "lake not on PATH (see `proofsmith lean doctor`)"
            skipped.append((problem.id, problem.domain, reason))
        else:
            todo.append(problem)
    if config.limit is not None:
        todo = todo[: config.limit]
    return todo, resumed, skipped


def _check_prover(config: RunConfig) -> None:
    """Fail before a run is recorded when ``config.prover`` cannot be used by the workers.

    A model spec is checked without loading the model; a server is asked for its models.
    """
    check_prover_spec(config.prover)
    if config.prover.startswith(("http://", "https://")):
        probe = load_prover(config.prover, **prover_options(config))
        close = getattr(probe, "close", None)
        if callable(close):
            close()


def _open_run(
    store: Store,
    config: RunConfig,
    prover: str,
    problems: Sequence[Problem],
    run_key: Mapping[str, Any] | None,
    run_settings: Mapping[str, Any],
) -> tuple[int, set[str]]:
    """The run to record into and the problems it already attempted: a new run, or the
    earlier run of the dataset whose settings hold ``run_key`` (continued)."""
    if run_key is not None:
        for run in store.runs():
            if run.dataset == config.dataset and all(
                run.settings.get(k) == v for k, v in run_key.items()
            ):
                # a problem that ended in error (a refused request) is attempted again
                tried = {a.problem_id for a in store.attempts(run.id) if not stopped(a)}
                return run.id, tried
    settings = {**config.to_dict(), **run_settings, **(run_key or {})}
    versions = tool_versions(prover, lean=any(p.domain == "lean" for p in problems))
    return store.start_run(config.dataset, prover, settings, versions), set()


def prove_dataset(
    config: RunConfig,
    db: str | Path | Store,
    *,
    prover: Prover | None = None,
    make_prover: Callable[[], Prover] | None = None,
    fmt: PromptFormat | None = None,
    checker: Checker | None = None,
    run_key: Mapping[str, Any] | None = None,
    run_settings: Mapping[str, Any] | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    problems: Sequence[Problem] | None = None,
    stats: PipelineStats | None = None,
) -> RunSummary:
    """Attempt ``config.dataset`` and record everything in the run database ``db`` (a path,
    or an open :class:`Store` that stays open).

    ``prover``, ``fmt`` and ``checker`` (in-process runs only) are used instead of the ones
    ``config`` names; ``make_prover`` instead of ``prover`` builds it only when some problem
    is left to attempt (a resumed stage loads no model); ``run_key`` names the run: a run of the dataset whose settings hold it
    is continued (the problems it attempted are skipped) instead of a new one started;
    ``run_settings`` are saved with a new run besides ``config``. ``on_outcome`` is called
    as each problem finishes (for live output); ``stats`` (in-process runs) counts what
    was kept in flight.
    """
    started = time.perf_counter()
    if config.format is not None:
        get_format(config.format)  # an unknown name or a broken file stops the run here
    if problems is None:
        problems = load_problems(config.dataset, split=config.split)
    if config.domains:
        present = sorted({p.domain for p in problems})
        problems = [p for p in problems if p.domain in config.domains]
        if not problems:
            raise InputError(
                f"no {'/'.join(config.domains)} problems in {config.dataset}",
                hint=f"Domains present: {', '.join(present)}.",
            )
    attempter = None
    if make_prover is not None:
        pass  # in this process, once there is work
    elif config.ray_address is None and (config.jobs == 1 or prover is not None):
        # a prover that cannot load stops here
        attempter = Attempter(config, prover=prover, fmt=fmt, checker=checker)
    else:
        _check_prover(config)  # ... and before workers start
    own_store = not isinstance(db, Store)
    store = None if own_store else db
    path = str(db.path if isinstance(db, Store) else db)
    try:
        if store is None:
            store = Store(db)
        name = prover.name if prover is not None else config.prover
        run_id, in_run = _open_run(store, config, name, problems, run_key, run_settings or {})
        todo, resumed, skipped = _plan(problems, store, config, in_run)
        log.info(
            "run %d: %d to attempt, %d already solved, %d skipped",
            run_id,
            len(todo),
            len(resumed),
            len(skipped),
        )

        outcomes: list[Outcome] = []

        def done(outcome: Outcome) -> None:
            outcomes.append(outcome)
            if on_outcome is not None:
                on_outcome(outcome)

        if not todo:
            pass
        elif make_prover is not None:
            attempter = Attempter(config, prover=make_prover(), fmt=fmt, checker=checker)
            attempt_and_store(attempter, store, run_id, todo, done, stats)
        elif config.ray_address is not None:
            from proofsmith.provers.runs.on_ray import run_on_ray

            for outcome in run_on_ray(_per_worker(config), chunks(todo, config.jobs)):
                store.add_proofs(run_id, outcome.proofs)  # committed as the result arrives
                store.add_attempt(run_id, outcome.attempt)
                done(outcome)
        elif attempter is None:
            ctx = mp.get_context("forkserver")
            try:
                with ProcessPoolExecutor(
                    max_workers=config.jobs,
                    mp_context=ctx,
                    initializer=_init_worker,
                    initargs=(_per_worker(config), path, run_id),
                ) as pool:
                    for finished in pool.map(_work, chunks(todo, config.jobs)):
                        for outcome in finished:
                            done(outcome)
            except BrokenProcessPool as exc:
                raise ProofsmithError(
                    "a worker process died (its error, if any, is printed above)",
                    hint="Run again with --jobs 1 to see the problem in one process.",
                ) from exc
        else:
            attempt_and_store(attempter, store, run_id, todo, done, stats)
        store.finish_run(run_id)
        position = {(p.source or config.dataset, p.id): i for i, p in enumerate(todo)}
        outcomes.sort(key=lambda o: position.get((o.attempt.dataset, o.attempt.problem_id), -1))
    finally:
        if store is not None and own_store:
            store.close()
        if attempter is not None:
            attempter.close()
    return RunSummary(
        run_id, path, tuple(outcomes), resumed, tuple(skipped), time.perf_counter() - started
    )
