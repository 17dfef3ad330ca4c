"""Store rows built from search results: one builder for every stage that writes a store.

:class:`Target` is a problem and the dataset it is filed under; :func:`sampled_attempt` and
:func:`sampled_record` turn a sampling result and a verified candidate into the
:class:`~proofsmith.datasets.store.Attempt` and
:class:`~proofsmith.datasets.store.ProofRecord` rows. :class:`~.attempt.Attempter` is their
one user: ``prove`` and every stage of ``iterate`` run through it, so their rows have the
same shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from proofsmith.datasets.problem import Problem
from proofsmith.datasets.store import Attempt, ProofRecord
from proofsmith.provers.search.sampling import CheckedCandidate, SampleResult

__all__ = ["Target", "sampled_attempt", "sampled_record"]


@dataclass(frozen=True)
class Target:
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


def sampled_record(target: Target, cand: CheckedCandidate, **details: Any) -> ProofRecord:
    """The store row of one verified sampled candidate (``details`` added to its own)."""
    info = {"logprob": cand.logprob, "round": cand.round, "method": "sample", **details}
    return target.record(cand.text, checked_text=cand.verdict.checked_text, details=info)


def sampled_attempt(target: Target, result: SampleResult, **details: Any) -> Attempt:
    """The store row of one problem's sampling (``details`` added to the timings)."""
    info = {
        "model_s": round(result.model_s, 4),
        "checker_s": round(result.checker_s, 4),
        "repaired": result.proved and result.correct == 0,
        "statuses": [c.verdict.status.value for c in result.checked],
        **details,
    }
    return target.attempt("sample", result.outcome, result.n, result.correct, result.seconds, info)
