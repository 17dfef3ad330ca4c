"""PortfolioProver: the model-free prover, per domain a configurable list of strategies.

It fits the :class:`~proofsmith.provers.base.Prover` interface so search and sampling use
it like a model: prompts are rendered with the ``portfolio`` prompt format (the problem as
JSON, plus the tactic state in search), and ``generate`` returns the strategies'
candidates, at most ``n`` per prompt, each with ``logprob`` = the strategy's prior (a
configurable log-weight; by default earlier strategies score higher).

- ``lean``: automation tactics and short combinations, as whole proofs (one ``first | …``
  proof trying all of them, then each alone) or as tactics for a state;
- ``answer``: SymPy on machine-readable questions (in a time- and memory-limited worker);
- ``smt``: the empty candidate (z3 decides);
- ``code``: Houdini invariant synthesis against the code checker.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from proofsmith.datasets.problem import Problem
from proofsmith.errors import CheckerError, InputError
from proofsmith.provers.backends.portfolio import lean
from proofsmith.provers.backends.portfolio.smt import smt_candidates
from proofsmith.provers.base import DEFAULT_SAMPLING, Candidate, SamplingParams

__all__ = ["MARKER", "PortfolioConfig", "PortfolioProver", "decode_prompt"]

MARKER = "proofsmith-portfolio "


@dataclass(frozen=True)
class PortfolioConfig:
    """What the portfolio tries; every field has a working default."""

    lean_tactics: tuple[str, ...] = lean.DEFAULT_FINISHERS  # closers tried alone and in `first`
    domains: tuple[str, ...] = ("lean", "answer", "smt", "code")  # domains it attempts
    priors: Mapping[str, float] = field(default_factory=dict)  # strategy name → logprob
    rank_step: float = 0.05  # default prior of the k-th strategy: -rank_step * k
    answer_timeout_s: float = 10.0  # SymPy budget per question, seconds
    answer_memory_mb: int = 1024  # SymPy worker address-space cap, MiB
    code_timeout_s: float = 20.0  # code checker budget per Houdini round, seconds
    code_rounds: int = 12  # Houdini rounds at most


class PortfolioProver:
    """Strategies instead of a model; thread-safe."""

    name = "portfolio"

    def __init__(self, config: PortfolioConfig | None = None, **overrides: Any) -> None:
        base = config or PortfolioConfig()
        try:
            self.config = PortfolioConfig(**{**base.__dict__, **overrides})
        except TypeError as exc:
            raise InputError(f"unknown portfolio option: {exc}") from exc
        self._lock = threading.Lock()
        self._answer_pool: Any = None
        self._code_checker: Any = None
        self._code_cache: dict[str, str | None] = {}

    def generate(
        self, prompts: Sequence[str], params: SamplingParams = DEFAULT_SAMPLING
    ) -> list[list[Candidate]]:
        """Up to ``params.n`` strategy candidates per prompt (the rest of ``params`` is
        ignored)."""
        n = params.n
        out = []
        for prompt in prompts:
            problem, state = decode_prompt(prompt)
            pairs = self.strategies(problem, state)[:n]
            out.append(
                [
                    Candidate(
                        text=text,
                        logprob=self.prior(strategy, rank),
                        num_tokens=0,
                        prompt=prompt,
                        finish_reason="stop",
                    )
                    for rank, (strategy, text) in enumerate(pairs)
                ]
            )
        return out

    def prior(self, strategy: str, rank: int) -> float:
        """The log-weight of a strategy: configured, else ``-rank_step * rank``."""
        return float(self.config.priors.get(strategy, -self.config.rank_step * rank))

    def strategies(self, problem: Problem, state: str | None = None) -> list[tuple[str, str]]:
        """(strategy, candidate text) pairs for a problem (and a Lean state), best first."""
        if problem.domain not in self.config.domains:
            return []
        if problem.domain == "lean":
            if state is not None:
                return lean.tactics(state, self.config.lean_tactics)
            return lean.whole_proofs(problem.statement, self.config.lean_tactics)
        if problem.domain == "answer":
            return self._answer(problem.statement)
        if problem.domain == "smt":
            return smt_candidates(problem.statement)
        if problem.domain == "code":
            return self._code(problem)
        return []

    def close(self) -> None:
        """Stop the SymPy worker and the code checker."""
        with self._lock:
            if self._answer_pool is not None:
                self._answer_pool.close()
                self._answer_pool = None
            if self._code_checker is not None:
                self._code_checker.close()
                self._code_checker = None

    def __enter__(self) -> PortfolioProver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- domains with heavy helpers ------------------------------------------------------

    def _answer(self, question: str) -> list[tuple[str, str]]:
        from proofsmith.checkers.limits import LimitedPool, Limits
        from proofsmith.provers.backends.portfolio.answer import solve_question

        with self._lock:
            if self._answer_pool is None:
                limits = Limits(self.config.answer_timeout_s, self.config.answer_memory_mb)
                self._answer_pool = LimitedPool(
                    solve_question, limits=limits, preload=["sympy", "proofsmith.checkers.answer"]
                )
            pool = self._answer_pool
        try:
            return [tuple(p) for p in pool.run(question)]
        except CheckerError:
            return []  # too slow, too big, or SymPy failed: this strategy has nothing

    def _code(self, problem: Problem) -> list[tuple[str, str]]:
        from proofsmith.checkers.code import CodeChecker
        from proofsmith.provers.backends.portfolio.code import houdini

        key = json.dumps([problem.statement, problem.metadata.get("function")])
        with self._lock:
            if key in self._code_cache:
                found = self._code_cache[key]
                return [("code.houdini", found)] if found else []
            if self._code_checker is None:
                self._code_checker = CodeChecker(timeout_s=self.config.code_timeout_s)
            checker = self._code_checker
        try:
            found = houdini(
                problem.statement,
                problem.metadata.get("function"),
                checker,
                timeout_s=self.config.code_timeout_s,
                max_rounds=self.config.code_rounds,
            )
        except SyntaxError:
            found = None
        with self._lock:
            self._code_cache[key] = found
        return [("code.houdini", found)] if found else []


def decode_prompt(prompt: str) -> tuple[Problem, str | None]:
    """The problem and state of a prompt rendered with the ``portfolio`` format."""
    if not prompt.startswith(MARKER):
        raise InputError(
            f"the portfolio prover got a prompt it cannot read: {prompt[:80]!r}",
            hint="Render prompts for the portfolio with the 'portfolio' prompt format.",
        )
    try:
        payload = json.loads(prompt[len(MARKER) :])
    except json.JSONDecodeError as exc:
        raise InputError(f"portfolio prompt is not valid JSON: {exc}") from exc
    state = payload.pop("state", None)
    return Problem.from_dict(payload), state
