"""Attempt a whole dataset: every problem through sampling or search, results into the store.

:func:`prove_dataset` loads the problems, opens the run database (``--out``), records the
run with every setting and tool version, skips problems the database already has a
verified proof for (resume), and attempts the rest:

- in this process (``jobs=1``), or in local worker processes (``jobs>1``), each of which
  opens the same SQLite file and commits every verified proof the moment it is verified;
- or on a Ray cluster (``ray_address``; ``"local"`` starts a local Ray instance): each Ray
  actor holds its own prover and checker pools, returns each problem's proofs, and the
  driver commits them to the one store as soon as that problem's result arrives.

:class:`Attempter` is the per-process part: one prover, one checker per domain, and the
prompt format for each domain; :meth:`Attempter.attempt` does one problem.
"""

from __future__ import annotations

import ctypes
import importlib.metadata
import logging
import multiprocessing as mp
import platform
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from proofsmith.checkers.base import Checker
from proofsmith.checkers.route import checker_for
from proofsmith.datasets.loaders import load_problems
from proofsmith.datasets.problem import Problem
from proofsmith.datasets.store import Attempt, ProofRecord, Store
from proofsmith.errors import InputError, ProofsmithError, ToolNotFound
from proofsmith.provers.base import Prover
from proofsmith.provers.report import sampled_counts
from proofsmith.provers.search.bestfirst import SearchConfig, best_first_search
from proofsmith.provers.search.budget import SearchBudget
from proofsmith.provers.search.passk import pass_at_k_curve
from proofsmith.provers.search.sampling import SampleConfig, SampleResult, sample_proofs

__all__ = ["Attempter", "Outcome", "RunConfig", "RunSummary", "prove_dataset", "tool_versions"]

log = logging.getLogger("proofsmith.run")

# prompt format per domain when none is named: (whole-proof sampling, step search)
DEFAULT_FORMATS = {
    "answer": ("answer-cot", "answer-cot"),
    "smt": ("smt-lemmas", "smt-lemmas"),
    "code": ("code-invariants", "code-invariants"),
    "lean": ("deepseek-prover-v1.5", "bfs-prover"),
}


@dataclass(frozen=True)
class RunConfig:
    """Every setting of a run (saved with it in the store)."""

    dataset: str  # bundled/known name, path, or HF id
    prover: str = "portfolio"  # "portfolio" | model id or path | http(s) URL
    format: str | None = None  # prompt format name or .toml path; None: per domain default
    search: str = "sample"  # "sample" (whole proofs, pass@k) | "bfs" (best-first, stepping)
    n: int = 8  # candidates per problem (sample) / tactics per node (bfs)
    max_tokens: int = 512
    temperature: float = 1.0
    top_p: float = 0.95
    timeout_s: float = 10.0  # checker seconds per candidate
    repair_rounds: int = 0
    budget: SearchBudget = SearchBudget()  # bfs only
    nodes_per_batch: int = 4  # bfs only
    jobs: int = 1  # problems attempted at once (worker processes when > 1)
    ray_address: str | None = None  # None: local workers; "local": a local Ray; else an address
    split: str | None = None
    limit: int | None = None  # attempt at most this many problems (after resume skips)
    domains: tuple[str, ...] = ()  # only these domains (empty: all)
    prover_options: dict[str, Any] = field(default_factory=dict)
    checker_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # per domain

    def __post_init__(self) -> None:
        if self.search not in ("sample", "bfs"):
            raise InputError(f"unknown search {self.search!r}", hint="Use --search sample or bfs.")
        if self.n < 1 or self.jobs < 1:
            raise InputError(f"need n >= 1 and jobs >= 1, got n={self.n}, jobs={self.jobs}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Outcome:
    """What attempting one problem produced (picklable: it crosses processes and Ray)."""

    attempt: Attempt
    proofs: tuple[ProofRecord, ...] = ()  # every verified record (already stored when local)
    message: str = ""  # why it failed or was skipped, in words
    best_proof: str = ""  # the first verified proof, for display


def lean_available() -> bool:
    return shutil.which("lake") is not None


def tool_versions(prover_name: str = "") -> dict[str, Any]:
    """Versions of everything a result depends on (None when not installed/known)."""

    def dist(name: str) -> str | None:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return None

    versions: dict[str, Any] = {
        "python": platform.python_version(),
        "proofsmith": dist("proofsmith"),
        "z3": dist("z3-solver"),
        "sympy": dist("sympy"),
        "torch": dist("torch"),
        "transformers": dist("transformers"),
        "model": prover_name or None,
        "lean": None,
        "mathlib": None,
        "repl": None,
    }
    if lean_available():
        try:
            done = subprocess.run(
                ["lake", "--version"], capture_output=True, text=True, timeout=20, check=False
            )
            versions["lean"] = done.stdout.strip() or None
        except (OSError, subprocess.TimeoutExpired):
            pass
    return versions


class Attempter:
    """One prover, one checker per domain and a prompt format per domain, in one process."""

    def __init__(self, config: RunConfig, prover: Prover | None = None) -> None:
        from proofsmith.provers.load import load_prover

        self.config = config
        self._owns_prover = prover is None
        if prover is None:
            try:
                prover = load_prover(config.prover, **config.prover_options)
            except ImportError as exc:
                raise ToolNotFound(
                    f"prover {config.prover!r} cannot be loaded: {exc}",
                    hint="Install the missing package, or choose another --prover.",
                ) from exc
        self.prover = prover
        self._checkers: dict[str, Checker] = {}
        self._formats: dict[str, Any] = {}

    def close(self) -> None:
        for checker in self._checkers.values():
            close = getattr(checker, "close", None)
            if callable(close):
                close()
        self._checkers.clear()
        close = getattr(self.prover, "close", None)
        if self._owns_prover and callable(close):
            close()

    def checker(self, domain: str) -> Checker:
        if domain not in self._checkers:
            options = {"timeout_s": self.config.timeout_s}
            options.update(self.config.checker_options.get(domain, {}))
            self._checkers[domain] = checker_for(domain, **options)
        return self._checkers[domain]

    def format(self, domain: str) -> Any:
        if domain not in self._formats:
            from proofsmith.provers.formats import get_format

            name = self.config.format
            if name is None:
                name = (
                    "portfolio"
                    if self.config.prover == "portfolio"
                    else DEFAULT_FORMATS[domain][self.config.search == "bfs"]
                )
            self._formats[domain] = get_format(name)
        return self._formats[domain]

    def attempt(
        self, problem: Problem, on_proof: Callable[[ProofRecord], None] | None = None
    ) -> Outcome:
        """Attempt one problem; ``on_proof`` gets each verified record the moment it exists."""
        started = time.perf_counter()
        dataset = problem.source or self.config.dataset
        base = Attempt(
            problem.id,
            dataset,
            problem.domain,
            self.config.search,
            "error",
            0,
            0,
            0.0,
            split=problem.split,
        )
        found: list[ProofRecord] = []

        def record(rec: ProofRecord) -> None:
            found.append(rec)
            if on_proof is not None:
                on_proof(rec)

        try:
            if self.config.search == "bfs":
                attempt, message = self._search(problem, dataset, record)
            else:
                attempt, message = self._sample(problem, dataset, record)
        except ProofsmithError as exc:
            attempt, message = replace(base, details={"error": exc.message}), exc.message
        attempt = replace(attempt, seconds=time.perf_counter() - started)
        best = found[0].proof if found else ""
        return Outcome(attempt, tuple(found), message, best)

    def _sample(self, problem: Problem, dataset: str, record: Callable) -> tuple[Attempt, str]:
        cfg = self.config
        config = SampleConfig(
            n=cfg.n,
            max_tokens=cfg.max_tokens,
            temperature=cfg.temperature,
            top_p=cfg.top_p,
            timeout_s=cfg.timeout_s,
            check_threads=1 if problem.domain == "lean" else 2,
            repair_rounds=cfg.repair_rounds,
        )

        def on_proof(cand: Any) -> None:
            record(
                ProofRecord(
                    problem_id=problem.id,
                    dataset=dataset,
                    domain=problem.domain,
                    statement=problem.statement,
                    proof=cand.text,
                    header=problem.header,
                    split=problem.split,
                    checked_text=cand.verdict.checked_text,
                    details={"logprob": cand.logprob, "round": cand.round, "method": "sample"},
                )
            )

        result = sample_proofs(
            problem,
            self.prover,
            self.checker(problem.domain),
            fmt=self.format(problem.domain),
            config=config,
            on_proof=on_proof,
        )
        message = "" if result.proved else _failure_reason(result, self.prover.name)
        details = {
            "model_s": round(result.model_s, 4),
            "checker_s": round(result.checker_s, 4),
            "repaired": result.proved and result.correct == 0,
            "statuses": [c.verdict.status.value for c in result.checked],
        }
        attempt = Attempt(
            problem.id,
            dataset,
            problem.domain,
            "sample",
            result.outcome,
            result.n,
            result.correct,
            result.seconds,
            split=problem.split,
            details=details,
        )
        return attempt, message

    def _search(self, problem: Problem, dataset: str, record: Callable) -> tuple[Attempt, str]:
        cfg = self.config
        config = SearchConfig(
            budget=cfg.budget,
            nodes_per_batch=cfg.nodes_per_batch,
            tactics_per_node=cfg.n,
            max_tokens=cfg.max_tokens,
            temperature=cfg.temperature,
            top_p=cfg.top_p,
        )
        result = best_first_search(
            problem,
            self.prover,
            self.checker(problem.domain),  # type: ignore[arg-type]
            fmt=self.format(problem.domain),
            config=config,
        )
        if result.proved and result.proof is not None:
            common = dict(
                problem_id=problem.id,
                dataset=dataset,
                domain=problem.domain,
                statement=problem.statement,
                header=problem.header,
                split=problem.split,
            )
            record(
                ProofRecord(
                    **common,
                    proof=result.proof,
                    details={"method": "bfs"},
                    checked_text=result.verdict.checked_text if result.verdict else "",
                )
            )
            for index, (state, tactic) in enumerate(result.tactic_pairs):
                record(
                    ProofRecord(
                        **common, proof=tactic, kind="tactic", state=state, details={"step": index}
                    )
                )
        details = {
            "reason": result.reason,
            "expansions": result.expansions,
            "nodes": result.nodes,
            "duplicates": result.duplicates,
            "model_s": round(result.model_s, 4),
            "checker_s": round(result.checker_s, 4),
        }
        outcome = (
            "proved"
            if result.proved
            else ("timeout" if result.status == "out of budget" else "failed")
        )
        attempt = Attempt(
            problem.id,
            dataset,
            problem.domain,
            "bfs",
            outcome,
            result.steps_checked,
            int(result.proved),
            result.wall_s,
            split=problem.split,
            details=details,
        )
        return attempt, "" if result.proved else result.reason


def _failure_reason(result: SampleResult, prover_name: str) -> str:
    """Why sampling found no proof, in words (never empty)."""
    last = next((c for c in reversed(result.checked) if not c.verdict.proved), None)
    if last is None:
        return f"{prover_name} had no candidate"
    verdict = last.verdict
    return (verdict.reason or f"{verdict.status.value}, without a message from the checker")[:300]


@dataclass(frozen=True)
class RunSummary:
    """What a run did, for the result table and the summary line."""

    run_id: int
    db: str
    outcomes: tuple[Outcome, ...]
    resumed: tuple[str, ...]  # already solved in the database: not attempted again
    skipped: tuple[tuple[str, str], ...]  # (problem id, reason) not attempted
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
    _WORKER = (Attempter(config), Store(db), run_id)


def _work(problem: Problem) -> Outcome:
    assert _WORKER is not None, "worker not initialised"
    attempter, store, run_id = _WORKER
    outcome = attempter.attempt(problem, on_proof=lambda rec: store.add_proof(run_id, rec))
    store.add_attempt(run_id, outcome.attempt)
    return outcome


def prove_dataset(
    config: RunConfig,
    db: str | Path,
    *,
    prover: Prover | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    problems: Sequence[Problem] | None = None,
) -> RunSummary:
    """Attempt ``config.dataset`` and record everything in the run database ``db``.

    ``prover`` (in-process runs only) overrides ``config.prover``; ``on_outcome`` is called
    as each problem finishes (for live output).
    """
    started = time.perf_counter()
    if problems is None:
        problems = load_problems(config.dataset, split=config.split)
    if config.domains:
        problems = [p for p in problems if p.domain in config.domains]
    store = Store(db)
    try:
        name = prover.name if prover is not None else config.prover
        run_id = store.start_run(config.dataset, name, config.to_dict(), tool_versions(name))
        solved = store.solved()
        resumed = tuple(p.id for p in problems if p.id in solved)
        todo, skipped = [], []
        # Lean needs lake, unless the checker was given its own REPL command
        lake = lean_available() or "repl_command" in config.checker_options.get("lean", {})
        for problem in problems:
            if problem.id in solved:
                continue
            if problem.domain == "lean" and not lake:
                skipped.append((problem.id, "lake not on PATH (run `proofsmith lean setup`)"))
                continue
            todo.append(problem)
        if config.limit is not None:
            todo = todo[: config.limit]
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

        if config.ray_address is not None:
            from proofsmith.provers.ray_run import run_on_ray

            for outcome in run_on_ray(config, todo):
                for rec in outcome.proofs:  # committed the moment the result arrives
                    store.add_proof(run_id, rec)
                store.add_attempt(run_id, outcome.attempt)
                done(outcome)
        elif config.jobs > 1 and prover is None:
            ctx = mp.get_context("forkserver")
            with ProcessPoolExecutor(
                max_workers=config.jobs,
                mp_context=ctx,
                initializer=_init_worker,
                initargs=(config, str(db), run_id),
            ) as pool:
                for outcome in pool.map(_work, todo):
                    done(outcome)
        else:
            attempter = Attempter(config, prover=prover)
            try:
                for problem in todo:
                    outcome = attempter.attempt(
                        problem, on_proof=lambda rec: store.add_proof(run_id, rec)
                    )
                    store.add_attempt(run_id, outcome.attempt)
                    done(outcome)
            finally:
                attempter.close()
        store.finish_run(run_id)
    finally:
        store.close()
    return RunSummary(
        run_id, str(db), tuple(outcomes), resumed, tuple(skipped), time.perf_counter() - started
    )
