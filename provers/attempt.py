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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from proofsmith.checkers.base import Checker
from proofsmith.checkers.route import checker_for
from proofsmith.datasets.problem import Problem
from proofsmith.datasets.store import Attempt, ProofRecord
from proofsmith.errors import ProofsmithError, ToolNotFound
from proofsmith.provers.base import Prover
from proofsmith.provers.run_config import RunConfig
from proofsmith.provers.search.bestfirst import SearchConfig, best_first_search
from proofsmith.provers.search.sampling import (
    CheckedCandidate,
    SampleConfig,
    SampleResult,
    sample_proofs,
)

__all__ = ["DEFAULT_FORMATS", "Attempter", "Outcome"]

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


@dataclass(frozen=True)
class _Target:
    """The problem being attempted and the dataset it is filed under: the fields every
    Attempt and ProofRecord of it repeat."""

    problem: Problem
    dataset: str

    def attempt(
        self,
        method: str,
        outcome: str,
        n: int,
        correct: int,
        seconds: float,
        details: Mapping[str, Any],
    ) -> Attempt:
        p = self.problem
        return Attempt(
            p.id, self.dataset, p.domain, method, outcome, n, correct, seconds, p.split, details
        )

    def record(self, proof: str, **fields: Any) -> ProofRecord:
        p = self.problem
        return ProofRecord(
            problem_id=p.id,
            dataset=self.dataset,
            domain=p.domain,
            statement=p.statement,
            header=p.header,
            split=p.split,
            proof=proof,
            **fields,
        )


def _failure_reason(result: SampleResult, prover_name: str) -> str:
    """Why sampling found no proof, in words (never empty)."""
    last = next((c for c in reversed(result.checked) if not c.verdict.proved), None)
    if last is None:
        return f"{prover_name} had no candidate"
    verdict = last.verdict
    return (verdict.reason or f"{verdict.status.value}, without a message from the checker")[:300]


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
        target = _Target(problem, problem.source or self.config.dataset)
        found: list[ProofRecord] = []

        def record(rec: ProofRecord) -> None:
            found.append(rec)
            if on_proof is not None:
                on_proof(rec)

        try:
            if self.config.search == "bfs":
                attempt, message = self._search(target, record)
            else:
                attempt, message = self._sample(target, record)
        except ProofsmithError as exc:
            details = {"error": exc.message}
            attempt = target.attempt(self.config.search, "error", 0, 0, 0.0, details)
            message = exc.message
        attempt = replace(attempt, seconds=time.perf_counter() - started)
        best = found[0].proof if found else ""
        return Outcome(attempt, tuple(found), message, best)

    def _sample(
        self, target: _Target, record: Callable[[ProofRecord], None]
    ) -> tuple[Attempt, str]:
        """Whole-proof sampling (+ repair rounds); each verified candidate is recorded."""
        cfg, problem = self.config, target.problem
        config = SampleConfig(
            n=cfg.n,
            max_tokens=cfg.max_tokens,
            temperature=cfg.temperature,
            top_p=cfg.top_p,
            timeout_s=cfg.timeout_s,
            check_threads=1 if problem.domain == "lean" else 2,
            repair_rounds=cfg.repair_rounds,
        )

        def on_proof(cand: CheckedCandidate) -> None:
            details = {"logprob": cand.logprob, "round": cand.round, "method": "sample"}
            record(
                target.record(cand.text, checked_text=cand.verdict.checked_text, details=details)
            )

        result = sample_proofs(
            problem,
            self.prover,
            self.checker(problem.domain),
            fmt=self.format(problem.domain),
            config=config,
            on_proof=on_proof,
        )
        details = {
            "model_s": round(result.model_s, 4),
            "checker_s": round(result.checker_s, 4),
            "repaired": result.proved and result.correct == 0,
            "statuses": [c.verdict.status.value for c in result.checked],
        }
        n, correct, seconds = result.n, result.correct, result.seconds
        attempt = target.attempt("sample", result.outcome, n, correct, seconds, details)
        return attempt, "" if result.proved else _failure_reason(result, self.prover.name)

    def _search(
        self, target: _Target, record: Callable[[ProofRecord], None]
    ) -> tuple[Attempt, str]:
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
