"""The checker interface: one verifier per domain, and tactic-level stepping for search.

Every checker answers ``check(problem, candidate) -> Verdict``; the candidate's text is
untrusted and the problem fixes what must be proved (soundness rules in DESIGN.md).
Checkers that support step-by-step search also implement :class:`SteppingChecker`.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from proofsmith.checkers.verdict import Verdict
from proofsmith.datasets.problem import Problem

__all__ = ["Checker", "Proved", "State", "StepError", "StepResult", "SteppingChecker"]


@dataclass(frozen=True)
class State:
    """A proof state reached by stepping.

    ``key`` identifies the state for duplicate merging (for Lean: the pretty-printed goals);
    ``handle`` is the checker's own reference (for Lean: the REPL proofState id);
    ``steps`` the tactics that led here from the start.
    """

    key: Hashable
    goals: tuple[str, ...]
    handle: Any = None
    steps: tuple[str, ...] = ()
    problem_id: str = ""

    @property
    def text(self) -> str:
        """The goals as one prompt-ready string."""
        return "\n\n".join(self.goals)


@dataclass(frozen=True)
class Proved:
    """Stepping closed every goal; ``verdict`` is the whole-proof re-check that makes it count."""

    steps: tuple[str, ...]
    proof: str
    verdict: Verdict


@dataclass(frozen=True)
class StepError:
    """The tactic failed (did not parse, did not apply, or left the proof unsound)."""

    message: str
    tactic: str = ""
    details: dict[str, Any] = field(default_factory=dict)


StepResult = State | Proved | StepError


@runtime_checkable
class Checker(Protocol):
    """Checks a candidate (whole proof, answer, invariant set …) against a problem."""

    domain: str

    def check(self, problem: Problem, candidate: str, *, timeout_s: float | None = None) -> Verdict:
        """Return the verdict on ``candidate`` for ``problem``; never raise for a wrong candidate."""
        ...


@runtime_checkable
class SteppingChecker(Checker, Protocol):
    """A checker that can also run a proof one step at a time."""

    def start(self, problem: Problem) -> State:
        """The initial state of ``problem``."""
        ...

    def step(self, state: State, tactic: str, *, timeout_s: float | None = None) -> StepResult:
        """Apply ``tactic`` to ``state``: a new State, Proved (re-checked whole), or StepError."""
        ...
