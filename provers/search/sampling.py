"""Whole-proof sampling: n candidates per problem, each checked, pass@k from the counts.

One algorithm for every domain — the candidate is whatever the domain's checker takes:
a whole Lean proof, an answer/solution, an SMT lemma set or model, an invariant-annotated
function. The prompt format renders the problem and parses each completion; the checker
decides. Verified candidates are handed to ``on_proof`` the moment they are verified (the
store commits them there). An optional repair round feeds the checker's messages for a
failed candidate back into the prompt and samples again; repair samples never count in
the ``n``/``correct`` used for pass@k, which must stay i.i.d. first-round samples.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from proofsmith.checkers.base import Checker
from proofsmith.checkers.verdict import Status, Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.errors import CheckerError, CheckerTimeout, InputError, ProofsmithError
from proofsmith.provers.base import Prover
from proofsmith.provers.formats.protocol import PromptFormat
from proofsmith.provers.search.prompting import PlainFormat

__all__ = [
    "NO_PROOF",
    "CheckedCandidate",
    "SampleConfig",
    "SampleResult",
    "check_safely",
    "sample_proofs",
]


@dataclass(frozen=True)
class SampleConfig:
    """How many candidates to sample and how to check them."""

    n: int = 8  # first-round candidates per problem (the n of pass@k), >= 1
    max_tokens: int = 512  # generated tokens per candidate
    temperature: float = 1.0  # 0 = greedy (then n > 1 only repeats itself)
    top_p: float = 0.95
    timeout_s: float = 10.0  # checker seconds per candidate
    check_threads: int = 2  # candidates checked at once (the checker must be thread-safe)
    repair_rounds: int = 0  # rounds of "here is what the checker said, try again", >= 0
    repair_width: int = 2  # failed candidates repaired per round (most likely first)
    repair_n: int = 2  # samples per repair prompt

    def __post_init__(self) -> None:
        if self.n < 1 or self.repair_rounds < 0 or self.check_threads < 1:
            raise InputError(
                f"sampling needs n >= 1, repair_rounds >= 0, check_threads >= 1; got "
                f"n={self.n}, repair_rounds={self.repair_rounds}, "
                f"check_threads={self.check_threads}"
            )


@dataclass(frozen=True)
class CheckedCandidate:
    """One sampled candidate and the checker's verdict on it."""

    text: str  # the parsed candidate ("" when the format found none); verdict.checked_text
    # holds the exact text checked (e.g. statement + proof)
    verdict: Verdict
    logprob: float
    num_tokens: int
    round: int = 0  # 0 = first sampling round, r >= 1 = repair round r


@dataclass(frozen=True)
class SampleResult:
    """The outcome of sampling one problem."""

    problem_id: str
    n: int  # first-round candidates checked
    correct: int  # first-round candidates verified (duplicates counted: samples are i.i.d.)
    checked: tuple[CheckedCandidate, ...]  # every candidate, first round then repairs
    seconds: float  # wall seconds
    model_s: float  # seconds inside prover.generate
    checker_s: float  # seconds during which at least one check ran

    @property
    def proofs(self) -> tuple[CheckedCandidate, ...]:
        """Verified candidates, one per distinct text, in the order they were sampled."""
        seen: set[str] = set()
        found = []
        for c in self.checked:
            if c.verdict.proved and c.text not in seen:
                seen.add(c.text)
                found.append(c)
        return tuple(found)

    @property
    def proved(self) -> bool:
        return any(c.verdict.proved for c in self.checked)

    @property
    def outcome(self) -> str:
        """``proved``, ``failed`` (some candidate decided wrong) or ``timeout``/``error``."""
        if self.proved:
            return "proved"
        statuses = {c.verdict.status for c in self.checked}
        if not statuses or any(s.decided for s in statuses):
            return "failed"
        return "timeout" if Status.TIMEOUT in statuses else "error"


def check_safely(checker: Checker, problem: Problem, text: str, timeout_s: float) -> Verdict:
    """``checker.check`` with "could not check" turned into an undecided verdict."""
    started = time.perf_counter()
    try:
        return checker.check(problem, text, timeout_s=timeout_s)
    except CheckerTimeout as exc:
        status, message = Status.TIMEOUT, str(exc)
    except CheckerError as exc:
        status, message = Status.ERROR, str(exc)
    return Verdict(status, (message,), time.perf_counter() - started, text)


NO_PROOF = "the prompt format found no candidate in the completion"


def sample_proofs(
    problem: Problem,
    prover: Prover,
    checker: Checker,
    *,
    fmt: PromptFormat | None = None,
    config: SampleConfig = SampleConfig(),
    on_proof: Callable[[CheckedCandidate], None] | None = None,
) -> SampleResult:
    """Sample ``config.n`` candidates for ``problem``, check each, repair if asked.

    ``on_proof`` is called with each verified candidate as soon as its verdict arrives.
    Identical candidate texts are checked once and share the verdict. One problem through
    the run layer's pipeline (:func:`proofsmith.provers.search.pipeline.sample_many`); a prover
    error is raised here.
    """
    from proofsmith.provers.search.pipeline import Tools, sample_many

    tools = Tools(checker, fmt or PlainFormat(), config)
    results: list[SampleResult | ProofsmithError] = []
    sample_many(
        [problem],
        prover,
        lambda _problem: tools,
        concurrency=config.n,
        check_workers=config.check_threads,
        on_proof=None if on_proof is None else (lambda _problem, cand: on_proof(cand)),
        on_done=lambda _problem, result: results.append(result),
    )
    (result,) = results
    if isinstance(result, ProofsmithError):
        raise result
    return result
