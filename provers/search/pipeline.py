"""The cross-problem sampler: many problems' requests in flight, checks overlapping generation.

:func:`sample_many` keeps the prover busy across problem boundaries. It renders prompts for
many problems, keeps up to ``concurrency`` *sequences* (``n`` per request) in flight, hands
every parsed candidate to a pool of checking threads as soon as its request returns, and
calls ``on_proof`` on the calling thread the moment a candidate is verified (so the store
commits it there, one thread, at once). When a problem's round is checked it either
finishes (``on_done``) or, with repair rounds, sends its repair prompts back to the queue.

How requests reach the prover depends on the backend:

- a prover that serves requests in parallel (``parallel_requests = True``, e.g. an HTTP
  server) gets one ``generate`` call per problem round, from a thread per request in flight;
- any other prover (a local model) gets one ``generate`` call at a time holding the prompts
  of many problems, up to ``concurrency`` sequences, batched by the backend.

The per-problem result is the same :class:`~.search.sampling.SampleResult` as
:func:`~.search.sampling.sample_proofs` gives (same counting rules: repair samples never
count in ``n``/``correct``; identical texts are checked once).
"""

from __future__ import annotations

import queue
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from proofsmith.checkers.base import Checker
from proofsmith.checkers.verdict import Status, Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError, ProofsmithError
from proofsmith.provers.base import Candidate, Prover, SamplingParams
from proofsmith.provers.formats.protocol import PromptFormat
from proofsmith.provers.search.budget import BusyClock
from proofsmith.provers.search.prompting import repair_prompt
from proofsmith.provers.search.sampling import (
    NO_PROOF,
    CheckedCandidate,
    SampleConfig,
    SampleResult,
    check_safely,
)

__all__ = ["DEFAULT_CONCURRENCY", "PipelineStats", "Tools", "sample_many"]

DEFAULT_CONCURRENCY = 64  # sequences in flight: what a vLLM server on one GPU keeps busy


@dataclass(frozen=True)
class Tools:
    """What one problem is attempted with (resolved per domain by the caller)."""

    checker: Checker
    fmt: PromptFormat
    config: SampleConfig


@dataclass
class PipelineStats:
    """How busy the prover was kept (for logs and the bench)."""

    requests: int = 0  # generate calls made
    sequences: int = 0  # sequences asked for
    max_in_flight: int = 0  # most sequences in flight at once
    max_requests_in_flight: int = 0  # most generate calls in flight at once


@dataclass
class _State:
    """One problem on its way through the pipeline."""

    index: int
    problem: Problem
    tools: Tools
    started: float = field(default_factory=time.perf_counter)
    model_s: float = 0.0
    checking: BusyClock = field(default_factory=BusyClock)
    checked: list[CheckedCandidate] = field(default_factory=list)
    n: int = 0
    correct: int = 0
    round: int = 0
    # the round being checked: its candidates, their parsed texts, verdicts by text
    cands: list[Candidate] = field(default_factory=list)
    texts: list[str | None] = field(default_factory=list)
    verdicts: dict[str, Verdict] = field(default_factory=dict)
    pending: int = 0
    reported: set[str] = field(default_factory=set)
    error: ProofsmithError | None = None


@dataclass(frozen=True)
class _Request:
    state: _State
    prompts: tuple[str, ...]
    n: int

    @property
    def sequences(self) -> int:
        return len(self.prompts) * self.n

    @property
    def params(self) -> SamplingParams:
        """How to sample it (requests with equal params can share one batched call)."""
        config = self.state.tools.config
        return SamplingParams(
            self.n, config.max_tokens, config.temperature, config.top_p, self.state.tools.fmt.stop
        )


def sample_many(
    problems: Iterable[Problem],
    prover: Prover,
    tools: Callable[[Problem], Tools],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    check_workers: int = 4,
    on_proof: Callable[[Problem, CheckedCandidate], None] | None = None,
    on_done: Callable[[Problem, SampleResult | ProofsmithError], None] | None = None,
    stats: PipelineStats | None = None,
) -> None:
    """Sample and check every problem; results arrive through the callbacks.

    ``on_done`` gets each problem's :class:`SampleResult`, or the ProofsmithError that
    stopped it (a server that refused its request); both callbacks run on this thread.
    Any other exception stops the whole run and is raised here.
    """
    if concurrency < 1 or check_workers < 1:
        raise InputError(
            f"need concurrency >= 1 and check workers >= 1, got {concurrency}, {check_workers}"
        )
    stats = stats if stats is not None else PipelineStats()
    parallel = bool(getattr(prover, "parallel_requests", False))
    source = iter(enumerate(problems))
    waiting: deque[_Request] = deque()  # requests ready to send
    events: queue.Queue[tuple[str, Any, Any]] = queue.Queue()
    active = 0  # problems started and not finished
    in_flight = 0  # sequences in flight
    requests_in_flight = 0
    exhausted = False
    gen_pool = ThreadPoolExecutor(
        max_workers=concurrency if parallel else 1, thread_name_prefix="generate"
    )
    check_pool = ThreadPoolExecutor(max_workers=check_workers, thread_name_prefix="check")

    def start_next() -> bool:
        nonlocal active, exhausted
        try:
            index, problem = next(source)
        except StopIteration:
            exhausted = True
            return False
        try:
            state = _State(index, problem, tools(problem))
            prompt = state.tools.fmt.render(problem=problem)
        except ProofsmithError as exc:  # no checker for it (a missing tool), a bad problem
            if on_done is not None:
                on_done(problem, exc)
            return True
        waiting.append(_Request(state, (prompt,), state.tools.config.n))
        active += 1
        return True

    def generate(batch: list[_Request]) -> None:
        t0 = time.perf_counter()
        try:
            prompts = [p for r in batch for p in r.prompts]
            out: Any = prover.generate(prompts, batch[0].params)
        except ProofsmithError as exc:
            out = exc
        except BaseException as exc:  # raised on the orchestrating thread
            events.put(("crash", exc, None))
            return
        events.put(("generated", batch, (out, time.perf_counter() - t0)))

    def fill() -> None:
        nonlocal in_flight, requests_in_flight
        while True:
            # keep enough problems started to fill the window (and a little more to check)
            while (
                not exhausted
                and sum(r.sequences for r in waiting) < concurrency
                and (active < 2 * concurrency)
            ):
                if not start_next():
                    break
            if not waiting:
                return
            if parallel:
                if in_flight and in_flight + waiting[0].sequences > concurrency:
                    return
                batch = [waiting.popleft()]
            else:
                if requests_in_flight:  # a local model: one call at a time
                    return
                batch = [waiting.popleft()]
                size = batch[0].sequences
                for req in list(waiting):
                    if size + req.sequences > concurrency:
                        break
                    if req.params == batch[0].params:
                        waiting.remove(req)
                        batch.append(req)
                        size += req.sequences
            sequences = sum(r.sequences for r in batch)
            in_flight += sequences
            requests_in_flight += 1
            stats.requests += 1
            stats.sequences += sequences
            stats.max_in_flight = max(stats.max_in_flight, in_flight)
            stats.max_requests_in_flight = max(stats.max_requests_in_flight, requests_in_flight)
            gen_pool.submit(generate, batch)

    def check(state: _State, text: str) -> None:
        tools_ = state.tools
        try:
            with state.checking:
                candidate = tools_.fmt.assemble(state.problem, text)
                verdict = check_safely(
                    tools_.checker, state.problem, candidate, tools_.config.timeout_s
                )
        except ProofsmithError as exc:  # the checker refused the problem: it ends in error
            events.put(("checked", state, (text, exc)))
            return
        except BaseException as exc:
            events.put(("crash", exc, None))
            return
        events.put(("checked", state, (text, verdict)))

    def finish(state: _State) -> None:
        nonlocal active
        active -= 1
        if on_done is None:
            return
        if state.error is not None:
            on_done(state.problem, state.error)
            return
        on_done(
            state.problem,
            SampleResult(
                problem_id=state.problem.id,
                n=state.n,
                correct=state.correct,
                checked=tuple(state.checked),
                seconds=time.perf_counter() - state.started,
                model_s=state.model_s,
                checker_s=state.checking.seconds,
            ),
        )

    def begin_round(state: _State, cands: list[Candidate]) -> None:
        fmt = state.tools.fmt
        state.cands = cands
        state.texts = [fmt.parse(c.text) for c in cands]
        state.verdicts = {}
        unique = list(dict.fromkeys(t for t in state.texts if t is not None))
        state.pending = len(unique)
        for text in unique:
            check_pool.submit(check, state, text)
        if not unique:
            end_round(state)

    def end_round(state: _State) -> None:
        if state.error is not None:
            finish(state)
            return
        round_ = state.round
        out = []
        for cand, text in zip(state.cands, state.texts, strict=True):
            if text is None:
                verdict = Verdict(Status.REJECTED, (NO_PROOF,), 0.0, cand.text)
                out.append(CheckedCandidate("", verdict, cand.logprob, cand.num_tokens, round_))
            else:
                verdict = state.verdicts[text]
                out.append(CheckedCandidate(text, verdict, cand.logprob, cand.num_tokens, round_))
        state.checked += out
        if round_ == 0:
            state.n, state.correct = len(out), sum(c.verdict.proved for c in out)
        config = state.tools.config
        if any(c.verdict.proved for c in state.checked) or round_ >= config.repair_rounds:
            finish(state)
            return
        failed = [c for c in state.checked if c.text and c.verdict.status.decided]
        failed = list({c.text: c for c in sorted(failed, key=lambda c: c.logprob)}.values())
        failed = sorted(failed, key=lambda c: -c.logprob)[: config.repair_width]
        if not failed:
            finish(state)
            return
        state.round += 1
        prompts = tuple(
            repair_prompt(state.tools.fmt, state.problem, c.text, c.verdict) for c in failed
        )
        waiting.appendleft(_Request(state, prompts, config.repair_n))  # finish started work first

    def on_generated(batch: list[_Request], out: Any, seconds: float) -> None:
        nonlocal in_flight, requests_in_flight
        in_flight -= sum(r.sequences for r in batch)
        requests_in_flight -= 1
        if isinstance(out, ProofsmithError):
            for req in batch:
                req.state.error = out
                finish(req.state)
            return
        rows = iter(out)
        for req in batch:
            req.state.model_s += seconds
            cands = [c for _ in req.prompts for c in next(rows)]
            begin_round(req.state, cands)

    def on_checked(state: _State, text: str, verdict: Verdict | ProofsmithError) -> None:
        if isinstance(verdict, ProofsmithError):
            state.error = state.error or verdict
        else:
            state.verdicts[text] = verdict
        if isinstance(verdict, Verdict) and verdict.proved and text not in state.reported:
            state.reported.add(text)
            source_ = state.cands[state.texts.index(text)]
            if on_proof is not None:
                on_proof(
                    state.problem,
                    CheckedCandidate(
                        text, verdict, source_.logprob, source_.num_tokens, state.round
                    ),
                )
        state.pending -= 1
        if state.pending == 0:
            end_round(state)

    try:
        fill()
        while active:
            kind, a, b = events.get()
            if kind == "crash":
                raise a
            if kind == "generated":
                on_generated(a, *b)
            else:
                on_checked(a, *b)
            fill()
    finally:
        gen_pool.shutdown(wait=False, cancel_futures=True)
        check_pool.shutdown(wait=True, cancel_futures=True)
