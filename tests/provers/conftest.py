"""Doubles at the model and environment boundaries for testing the search algorithm itself.

- ``ScriptedProver``: fixed candidates with fixed log-probs per prompt (records every call).
- ``CountdownChecker``: a tiny stepping environment. The goal ``n = N`` is closed by reaching
  0; tactic ``sub K`` (K in 1..9) subtracts K, anything else fails. Different tactic orders
  reach the same state, which exercises duplicate merging; ``check`` replays a whole proof
  (tactics separated by ``;``) so a proof found by stepping is re-checked whole.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence

import pytest

from proofsmith.checkers.base import Proved, State, StepError
from proofsmith.checkers.verdict import Status, Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.provers.base import DEFAULT_SAMPLING, Candidate

_GOAL = re.compile(r"n = (-?\d+)")


class ScriptedProver:
    name = "scripted"

    def __init__(self, answer: Callable[[str], Sequence[tuple[str, float]]]) -> None:
        self.answer = answer
        self.calls: list[list[str]] = []
        self.lock = threading.Lock()

    def generate(self, prompts, params=DEFAULT_SAMPLING):
        n = params.n
        with self.lock:
            self.calls.append(list(prompts))
        out = []
        for prompt in prompts:
            cands = [
                Candidate(text, logprob, max(1, len(text.split())), prompt, "stop")
                for text, logprob in self.answer(prompt)
            ]
            out.append(cands[:n])
        return out

    def close(self) -> None:
        pass


class CountdownChecker:
    domain = "lean"

    def __init__(self, delay_s: float = 0.0, recheck: Status = Status.PROVED) -> None:
        self.delay_s = delay_s
        self.recheck = recheck
        self.steps_run = 0
        self.lock = threading.Lock()

    @staticmethod
    def _apply(n: int, tactic: str) -> int | str:
        match = re.fullmatch(r"sub ([1-9])", tactic.strip())
        if not match:
            return f"unknown tactic {tactic!r}"
        left = n - int(match.group(1))
        return left if left >= 0 else f"cannot subtract below zero from {n}"

    def start(self, problem: Problem) -> State:
        n = int(_GOAL.search(problem.statement).group(1))
        return State(key=n, goals=(f"n = {n}",), handle=n, problem_id=problem.id)

    def step(self, state: State, tactic: str, *, timeout_s: float | None = None):
        time.sleep(self.delay_s)
        with self.lock:
            self.steps_run += 1
        result = self._apply(state.handle, tactic)
        if isinstance(result, str):
            return StepError(result, tactic)
        steps = (*state.steps, tactic)
        if result == 0:
            proof = "; ".join(steps)
            verdict = Verdict(self.recheck, ("re-checked",), 0.0, proof)
            return Proved(steps, proof, verdict)
        return State(result, (f"n = {result}",), result, steps, state.problem_id)

    def check(self, problem: Problem, candidate: str, *, timeout_s: float | None = None):
        n = int(_GOAL.search(problem.statement).group(1))
        for tactic in filter(None, (t.strip() for t in candidate.split(";"))):
            n = self._apply(n, tactic)
            if isinstance(n, str):
                return Verdict(Status.REJECTED, (n,), 0.0, candidate)
        status = Status.PROVED if n == 0 else Status.REFUTED
        return Verdict(status, (), 0.0, candidate)


@pytest.fixture
def countdown_problem():
    return Problem(id="cd7", domain="lean", statement="theorem cd : n = 7 := by sorry")


@pytest.fixture
def scripted():
    return ScriptedProver


@pytest.fixture
def countdown():
    return CountdownChecker
