"""Tactic mode over the Lean REPL: proof states, steps, and replay after a restart.

:class:`TacticStepper` is the stepping half of
:class:`~proofsmith.checkers.lean.checker.LeanChecker` (which delegates ``start``/``step``
to it). The theorem with ``by sorry`` gives the first proof state; each tactic is one REPL
``{tactic, proofState}`` step; only ``proofStatus == "Completed"`` ends a proof, and the
assembled proof is re-checked whole with the checker's ``check`` before
:class:`~proofsmith.checkers.base.Proved` is returned. Proof-state ids live in one
process, so each header has its own stepping process (not lent to other callers); a
State from a process that has since died is rebuilt by replaying its steps on a new one.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from proofsmith.checkers.base import Proved, State, StepError, StepResult
from proofsmith.checkers.lean.pool import ReplPool, Session
from proofsmith.checkers.lean.protocol import (
    Command,
    CommandResponse,
    LeanError,
    ProofStep,
    ProofStepResponse,
)
from proofsmith.checkers.lean.soundness import forbidden_constructs, sorry_reasons
from proofsmith.checkers.lean.source import theorem_head
from proofsmith.checkers.verdict import Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.errors import CheckerError, CheckerTimeout, InputError

__all__ = ["LeanHandle", "TacticStepper", "goals_key", "proof_from_steps"]


def goals_key(goals: Sequence[str]) -> str:
    """Duplicate-merging key: goals with case tags dropped and whitespace collapsed."""
    parts = []
    for goal in goals:
        lines = goal.strip().split("\n")
        if lines and lines[0].startswith("case "):
            lines = lines[1:]
        parts.append("\n".join(" ".join(line.split()) for line in lines))
    return "\n\n".join(parts)


def proof_from_steps(statement: str, steps: Sequence[str]) -> str:
    """The theorem with ``steps`` as its tactic block (multi-line tactics indented)."""
    body = "\n".join("  " + line for step in steps for line in step.strip("\n").split("\n"))
    return f"{theorem_head(statement)} := by\n{body}"


@dataclass(frozen=True)
class LeanHandle:
    """Where a State lives: a proof-state id in the stepping process of a given generation."""

    proof_state: int
    generation: int
    header: str
    statement: str


@dataclass
class _StepSession:
    session: Session
    generation: int


class _Host(Protocol):
    """What the stepper needs from its checker."""

    timeout_s: float

    @property
    def pool(self) -> ReplPool: ...

    def check(
        self, problem: Problem, candidate: str, *, timeout_s: float | None = None
    ) -> Verdict: ...


class TacticStepper:
    """Stepping sessions of one checker: a REPL process per header, numbered by generation."""

    def __init__(self, host: _Host) -> None:
        self._host = host
        self._lock = threading.Lock()
        self._sessions: dict[str, _StepSession] = {}
        self._generation = 0  # bumped for every new stepping process

    def clear(self) -> None:
        """Forget the sessions (their processes are closed with the pool)."""
        with self._lock:
            self._sessions.clear()

    def _stepper(self, header: str) -> _StepSession:
        with self._lock:
            current = self._sessions.get(header)
            if current is not None and current.session.alive:
                return current
        session = self._host.pool.open_session(header)
        with self._lock:
            self._generation += 1
            current = _StepSession(session, self._generation)
            self._sessions[header] = current
        return current

    def start(self, problem: Problem) -> State:
        """The first proof state: the theorem with ``by sorry`` on top of the header env."""
        head = theorem_head(problem.statement)
        stepper = self._stepper(problem.header)
        reply = stepper.session.process.send(
            Command(cmd=f"{head} := by sorry", env=stepper.session.env),
            timeout_s=self._host.timeout_s,
        )
        if not isinstance(reply, CommandResponse) or reply.errors or not reply.sorries:
            raise InputError(
                f"the statement of {problem.id} does not elaborate: {reply}",
                hint="Check the statement and header against the Mathlib version in use.",
                problem_id=problem.id,
            )
        first = reply.sorries[0]
        if first.proof_state is None:
            raise CheckerError(f"the REPL gave no proofState for the statement's sorry: {reply}")
        goals = tuple(g for g in first.goal.split("\n\n") if g.strip()) or (first.goal,)
        handle = LeanHandle(
            first.proof_state, stepper.generation, problem.header, problem.statement
        )
        return State(goals_key(goals), goals, handle, (), problem.id)

    def step(self, state: State, tactic: str, *, timeout_s: float | None = None) -> StepResult:
        """Apply ``tactic``: a new State, Proved (after the whole re-check), or StepError."""
        handle = state.handle
        if not isinstance(handle, LeanHandle):
            raise InputError("this State did not come from LeanChecker.start")
        forbidden = forbidden_constructs(tactic)
        if forbidden:
            return StepError("; ".join(forbidden), tactic, {"status": "rejected"})
        timeout = self._host.timeout_s if timeout_s is None else timeout_s
        try:
            stepper, proof_state = self._locate(state)
            reply = stepper.session.process.send(
                ProofStep(tactic=tactic, proof_state=proof_state), timeout_s=timeout
            )
        except CheckerTimeout as exc:
            return StepError(exc.message, tactic, {"status": "timeout"})
        except CheckerError as exc:
            return StepError(str(exc), tactic, {"status": "error"})
        if isinstance(reply, LeanError):
            return StepError(reply.message, tactic, {"status": "refuted"})
        if not isinstance(reply, ProofStepResponse):
            return StepError(f"unexpected reply to a tactic: {reply}", tactic, {"status": "error"})
        problems = [m.data for m in reply.errors] + sorry_reasons(reply.messages, reply.sorries)
        status = reply.proof_status or ""
        if problems or status.startswith("Error") or "sorry" in status:
            return StepError(
                "; ".join(problems) or status, tactic, {"status": "refuted", "proof_status": status}
            )
        steps = (*state.steps, tactic)
        # an old REPL sends no proofStatus: no goals left then means "re-check the whole proof"
        if reply.completed or (reply.proof_status is None and not reply.goals):
            problem = Problem(
                id=state.problem_id or "step",
                domain="lean",
                statement=handle.statement,
                header=handle.header,
            )
            proof = proof_from_steps(handle.statement, steps)
            verdict = self._host.check(problem, proof, timeout_s=timeout)
            if verdict.proved:
                return Proved(steps, proof, verdict)
            return StepError(
                f"the assembled proof did not re-check ({verdict.status.value}): {verdict.reason}",
                tactic,
                {"status": verdict.status.value, "proof": proof},
            )
        if not reply.goals:
            return StepError(
                f"no goals left but the proof is not complete: {status}",
                tactic,
                {"status": "refuted"},
            )
        goals = tuple(reply.goals)
        if reply.proof_state is None:
            return StepError(f"the REPL gave no proofState: {reply}", tactic, {"status": "error"})
        new = LeanHandle(reply.proof_state, handle.generation, handle.header, handle.statement)
        return State(goals_key(goals), goals, new, steps, state.problem_id)

    def _locate(self, state: State) -> tuple[_StepSession, int]:
        """The process and proof-state id for ``state``, replaying its steps after a restart."""
        handle: LeanHandle = state.handle
        stepper = self._stepper(handle.header)
        if stepper.generation == handle.generation:
            return stepper, handle.proof_state
        problem = Problem(
            id=state.problem_id or "step",
            domain="lean",
            statement=handle.statement,
            header=handle.header,
        )
        current = self.start(problem)
        for tactic in state.steps:
            result = self.step(current, tactic)
            if not isinstance(result, State):
                raise CheckerError(f"replaying {tactic!r} after a REPL restart failed: {result}")
            current = result
        stepper = self._stepper(handle.header)
        return stepper, current.handle.proof_state
