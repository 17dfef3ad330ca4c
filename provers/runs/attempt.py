"""Attempting one problem: sampling or best-first search, turned into store records.

:class:`Attempter` is the per-process part of a run (:mod:`.run` fans problems out to
one per worker process or Ray actor): one prover, one checker per domain and a prompt
format per domain, all built once. :meth:`Attempter.attempt` runs the search the
:class:`~.run_config.RunConfig` names on one problem and returns an :class:`Outcome`: the
:class:`~proofsmith.datasets.store.Attempt` row, every verified
:class:`~proofsmith.datasets.store.ProofRecord` (each also handed to ``on_proof`` the
moment it is verified, so the caller can commit it at once), and why it failed, in words.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from proofsmith.checkers.base import Checker
from proofsmith.checkers.route import checker_for
from proofsmith.datasets.problem import Problem
from proofsmith.datasets.store import Attempt, ProofRecord
from proofsmith.errors import ProofsmithError, ToolNotFound
from proofsmith.provers.base import Prover
from proofsmith.provers.formats.protocol import PromptFormat
from proofsmith.provers.runs.config import RunConfig, sampling_settings
from proofsmith.provers.runs.records import Target, sampled_attempt, sampled_record
from proofsmith.provers.search.bestfirst import SearchConfig, best_first_search
from proofsmith.provers.search.pipeline import PipelineStats, Tools, sample_many
from proofsmith.provers.search.sampling import CheckedCandidate, SampleConfig, SampleResult

__all__ = ["DEFAULT_FORMATS", "Attempter", "Outcome", "prover_options", "stopped"]

# prompt format per domain when none is named: (whole-proof sampling, step search)
DEFAULT_FORMATS = {
    "answer": ("answer-cot", "answer-cot"),
    "smt": ("smt-lemmas", "smt-lemmas"),
    "code": ("code-invariants", "code-invariants"),
    "lean": ("deepseek-prover-v1.5", "bfs-prover"),
}


@dataclass(frozen=True)
class Outcome:
    """What attempting one problem produced (picklable: it crosses processes and Ray)."""

    attempt: Attempt
    proofs: tuple[ProofRecord, ...] = ()  # every verified record (already stored when local)
    message: str = ""  # why it failed, in words (never empty unless proved)
    best_proof: str = ""  # the first verified proof, for display

    @property
    def stopped(self) -> bool:
        """Whether the attempt stopped before any verdict (a refused request, a missing
        tool: :func:`_error_outcome`), rather than ending undecided."""
        return stopped(self.attempt)


def stopped(attempt: Attempt) -> bool:
    """Whether ``attempt`` stopped with an error before any verdict (its details say which)."""
    return attempt.outcome == "error" and "error" in attempt.details


def _error_outcome(
    target: Target, method: str, exc: ProofsmithError, found: tuple[ProofRecord, ...]
) -> Outcome:
    """A problem whose attempt stopped with ``exc`` (a server refusal, a missing tool)."""
    attempt = target.attempt(method, "error", 0, 0, 0.0, {"error": exc.message})
    return Outcome(attempt, found, exc.message, found[0].proof if found else "")


def _failure_reason(result: SampleResult, prover_name: str) -> str:
    """Why sampling found no proof, in words (never empty)."""
    last = next((c for c in reversed(result.checked) if not c.verdict.proved), None)
    if last is None:
        return f"{prover_name} had no candidate"
    verdict = last.verdict
    return (verdict.reason or f"{verdict.status.value}, without a message from the checker")[:300]


def prover_options(config: RunConfig) -> dict[str, Any]:
    """The backend options of ``config.prover``: a server gets as many connections as the
    run keeps sequences in flight (unless the options say otherwise)."""
    options = dict(config.prover_options)
    if config.prover.startswith(("http://", "https://")):
        options.setdefault("max_concurrency", config.concurrency)
    return options


class Attempter:
    """One prover, one checker per domain and a prompt format per domain, in one process.

    ``prover``, ``fmt`` and ``checker`` (each optional) are used instead of the ones
    ``config`` names, for every domain; the caller keeps them (they are not closed here).
    """

    def __init__(
        self,
        config: RunConfig,
        prover: Prover | None = None,
        *,
        fmt: PromptFormat | None = None,
        checker: Checker | None = None,
    ) -> None:
        from proofsmith.provers.load import load_prover

        self.config = config
        self._owns_prover = prover is None
        if prover is None:
            try:
                prover = load_prover(config.prover, **prover_options(config))
            except ImportError as exc:
                raise ToolNotFound(
                    f"prover {config.prover!r} cannot be loaded: {exc}",
                    hint="Install the missing package, or choose another --prover.",
                ) from exc
        self.prover = prover
        self._fmt, self._checker = fmt, checker
        self._checkers: dict[str, Checker] = {}
        self._formats: dict[str, Any] = {}

    def close(self) -> None:
        for checker in self._checkers.values():
            close = getattr(checker, "close", None)
            if callable(close):
                close()
        self._checkers.clear()
        if self._owns_prover:
            self.prover.close()

    def checker(self, domain: str) -> Checker:
        if self._checker is not None:
            return self._checker
        if domain not in self._checkers:
            options = {"timeout_s": self.config.timeout_s}
            options.update(self.config.checker_options.get(domain, {}))
            self._checkers[domain] = checker_for(domain, **options)
        return self._checkers[domain]

    def format(self, domain: str) -> PromptFormat:
        if self._fmt is not None:
            return self._fmt
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
        if self.config.search != "bfs":
            outcomes: list[Outcome] = []
            self.attempt_many([problem], outcomes.append, on_proof)
            return outcomes[0]
        started = time.perf_counter()
        target = self.target(problem)
        found: list[ProofRecord] = []

        def record(rec: ProofRecord) -> None:
            found.append(rec)
            if on_proof is not None:
                on_proof(rec)

        try:
            attempt, message = self._search(target, record)
        except ProofsmithError as exc:
            return _error_outcome(target, "bfs", exc, tuple(found))
        attempt = replace(attempt, seconds=time.perf_counter() - started)
        best = found[0].proof if found else ""
        return Outcome(attempt, tuple(found), message, best)

    def sample_config(self, problem: Problem) -> SampleConfig:
        return SampleConfig(**sampling_settings(self.config))

    def tools(self, problem: Problem) -> Tools:
        """The checker, prompt format and sampling settings ``problem`` is sampled with."""
        domain = problem.domain
        return Tools(self.checker(domain), self.format(domain), self.sample_config(problem))

    def attempt_many(
        self,
        problems: Iterable[Problem],
        on_outcome: Callable[[Outcome], None],
        on_proof: Callable[[ProofRecord], None] | None = None,
        stats: PipelineStats | None = None,
    ) -> None:
        """Attempt every problem; sampling runs them through one pipeline
        (:func:`~.pipeline.sample_many`), best-first search one after another.

        ``on_proof`` gets each verified record the moment it is verified and ``on_outcome``
        each problem's :class:`Outcome` as it finishes, both on this thread.
        """
        if self.config.search == "bfs":
            for problem in problems:
                on_outcome(self.attempt(problem, on_proof))
            return
        found: dict[int, list[ProofRecord]] = {}

        def proof(problem: Problem, cand: CheckedCandidate) -> None:
            rec = sampled_record(self.target(problem), cand)
            found.setdefault(id(problem), []).append(rec)
            if on_proof is not None:
                on_proof(rec)

        def done(problem: Problem, result: SampleResult | ProofsmithError) -> None:
            target = self.target(problem)
            records = tuple(found.pop(id(problem), ()))
            if isinstance(result, ProofsmithError):
                on_outcome(_error_outcome(target, self.config.search, result, records))
                return
            attempt = sampled_attempt(target, result)
            message = "" if result.proved else _failure_reason(result, self.prover.name)
            best = records[0].proof if records else ""
            on_outcome(Outcome(attempt, records, message, best))

        sample_many(
            problems,
            self.prover,
            self.tools,
            concurrency=self.config.concurrency,
            check_workers=self.config.check_workers,
            on_proof=proof,
            on_done=done,
            stats=stats,
        )

    def target(self, problem: Problem) -> Target:
        return Target(problem, problem.source or self.config.dataset)

    def _search(self, target: Target, record: Callable[[ProofRecord], None]) -> tuple[Attempt, str]:
        """Best-first search; a found proof is recorded whole and as state→tactic pairs."""
        cfg, problem = self.config, target.problem
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
            checked = result.verdict.checked_text if result.verdict else ""
            record(target.record(result.proof, checked_text=checked, details={"method": "bfs"}))
            for index, (state, tactic) in enumerate(result.tactic_pairs):
                record(target.record(tactic, kind="tactic", state=state, details={"step": index}))
        details = {
            "reason": result.reason,
            "expansions": result.expansions,
            "nodes": result.nodes,
            "duplicates": result.duplicates,
            "model_s": round(result.model_s, 4),
            "checker_s": round(result.checker_s, 4),
        }
        if result.proved:
            outcome = "proved"
        else:
            outcome = "timeout" if result.status == "out of budget" else "failed"
        n, correct = result.steps_checked, int(result.proved)
        attempt = target.attempt("bfs", outcome, n, correct, result.wall_s, details)
        return attempt, "" if result.proved else result.reason
