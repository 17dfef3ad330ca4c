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

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from proofsmith.checkers.base import Checker
from proofsmith.checkers.verdict import Status, Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.errors import CheckerError, CheckerTimeout, InputError
from proofsmith.provers.base import Candidate, Prover
from proofsmith.provers.search.budget import BusyClock
from proofsmith.provers.search.prompting import PlainFormat, PromptFormat, assemble, repair_prompt

__all__ = ["CheckedCandidate", "SampleConfig", "SampleResult", "check_safely", "sample_proofs"]


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

    ``on_proof`` is called (from a checking thread) with each verified candidate as soon as
    its verdict arrives. Identical candidate texts are checked once and share the verdict.
    """
    fmt = fmt or PlainFormat()
    stop = tuple(getattr(fmt, "stop", ()) or ())
    started = time.perf_counter()
    checking = BusyClock()
    model_s = 0.0
    reported: set[str] = set()
    report_lock = threading.Lock()

    def generate(prompts: Sequence[str], n: int) -> list[list[Candidate]]:
        nonlocal model_s
        t0 = time.perf_counter()
        try:
            return prover.generate(
                prompts,
                n=n,
                max_tokens=config.max_tokens,
                temperature=config.temperature,
                top_p=config.top_p,
                stop=stop,
            )
        finally:
            model_s += time.perf_counter() - t0

    def check_all(cands: Sequence[Candidate], round_: int) -> list[CheckedCandidate]:
        texts = [fmt.parse(c.text) for c in cands]
        unique = list(dict.fromkeys(t for t in texts if t is not None))

        def one(text: str) -> Verdict:
            with checking:
                verdict = check_safely(
                    checker, problem, assemble(fmt, problem, text), config.timeout_s
                )
            if verdict.proved and on_proof is not None:
                with report_lock:
                    first = text not in reported
                    reported.add(text)
                if first:
                    source = cands[texts.index(text)]
                    on_proof(
                        CheckedCandidate(text, verdict, source.logprob, source.num_tokens, round_)
                    )
            return verdict

        with ThreadPoolExecutor(max_workers=config.check_threads) as pool:
            verdicts = dict(zip(unique, pool.map(one, unique), strict=True))
        out = []
        for cand, text in zip(cands, texts, strict=True):
            if text is None:
                verdict = Verdict(Status.REJECTED, (NO_PROOF,), 0.0, cand.text)
                out.append(CheckedCandidate("", verdict, cand.logprob, cand.num_tokens, round_))
            else:
                out.append(
                    CheckedCandidate(text, verdicts[text], cand.logprob, cand.num_tokens, round_)
                )
        return out

    (first,) = generate([fmt.render(problem=problem)], config.n)
    checked = check_all(first, 0)
    n, correct = len(checked), sum(c.verdict.proved for c in checked)

    for round_ in range(1, config.repair_rounds + 1):
        if any(c.verdict.proved for c in checked):
            break
        failed = [c for c in checked if c.text and c.verdict.status.decided]
        failed = list({c.text: c for c in sorted(failed, key=lambda c: c.logprob)}.values())
        failed = sorted(failed, key=lambda c: -c.logprob)[: config.repair_width]
        if not failed:
            break
        prompts = [repair_prompt(fmt, problem, c.text, c.verdict) for c in failed]
        batches = generate(prompts, config.repair_n)
        checked += check_all([c for batch in batches for c in batch], round_)

    return SampleResult(
        problem_id=problem.id,
        n=n,
        correct=correct,
        checked=tuple(checked),
        seconds=time.perf_counter() - started,
        model_s=model_s,
        checker_s=checking.seconds,
    )
