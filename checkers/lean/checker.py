"""LeanChecker: whole-proof checking and tactic stepping over the Lean REPL.

``check`` assembles the candidate (:mod:`.source`), rejects unsound text before Lean runs
(:mod:`.soundness`), elaborates it on top of the problem's header env in a pooled REPL
(:mod:`.pool`), then reads the verdict from the reply: an error message → refuted; a sorry
→ rejected; then ``#print axioms`` → rejected unless only the standard axioms remain.
A timeout is a ``timeout`` verdict, a dead or garbled REPL an ``error`` verdict.

``start``/``step`` implement :class:`~proofsmith.checkers.base.SteppingChecker`: the
theorem with ``by sorry`` gives the first proof state; each tactic is one REPL step;
only ``proofStatus == "Completed"`` ends a proof, and the assembled proof is re-checked
whole with ``check`` before :class:`~proofsmith.checkers.base.Proved` is returned.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proofsmith.checkers.base import Proved, State, StepError, StepResult
from proofsmith.checkers.lean.launch import default_project_dir, default_repl_command, lake_env
from proofsmith.checkers.lean.pool import ReplPool, Session
from proofsmith.checkers.lean.protocol import (
    Command,
    CommandResponse,
    LeanError,
    Message,
    ProofStep,
    ProofStepResponse,
)
from proofsmith.checkers.lean.repl import DEFAULT_TIMEOUT_S
from proofsmith.checkers.lean.soundness import (
    axiom_reasons,
    forbidden_constructs,
    parse_axioms,
    precheck,
    sorry_reasons,
)
from proofsmith.checkers.lean.source import assemble, theorem_head
from proofsmith.checkers.verdict import Status, Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.errors import CheckerError, CheckerTimeout, InputError

__all__ = [
    "LeanChecker",
    "LeanHandle",
    "default_project_dir",
    "default_repl_command",
    "goals_key",
    "proof_from_steps",
]


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


class LeanChecker:
    """Checks Lean 4 proofs and steps tactics through a pool of REPL processes."""

    domain = "lean"

    def __init__(
        self,
        *,
        repl_command: Sequence[str] | None = None,  # default: <project>/…/repl in lake's env
        project_dir: str | Path | None = None,  # the Lake project (cwd of the REPL)
        timeout_s: float = DEFAULT_TIMEOUT_S,  # per check / per step, seconds
        header_timeout_s: float = 600.0,  # elaborating a header (import Mathlib), seconds
        memory_mb: int = 0,  # RLIMIT_AS per REPL process in MiB; 0 = none
        max_uses: int = 100,  # checks per process before it is recycled
        max_processes: int = 2,  # pooled REPL processes alive at once
        allow_native_decide: bool = False,  # accept Lean.ofReduceBool (trusts the compiler)
    ) -> None:
        self.project_dir = Path(project_dir) if project_dir else None
        self._repl_command = list(repl_command) if repl_command else None
        self.timeout_s = timeout_s
        self.allow_native_decide = allow_native_decide
        self._pool_options: dict[str, Any] = {
            "memory_mb": memory_mb,
            "max_uses": max_uses,
            "max_processes": max_processes,
            "header_timeout_s": header_timeout_s,
        }
        self._pool: ReplPool | None = None
        self._lock = threading.Lock()
        self._steppers: dict[str, _StepSession] = {}
        self._generation = 0

    # ------------------------------------------------------------ plumbing

    @property
    def repl_command(self) -> list[str]:
        """The REPL command line (default: the project's REPL binary, run in lake's env)."""
        if self._repl_command is None:
            self._repl_command = default_repl_command(self.project_dir)
        return self._repl_command

    @property
    def pool(self) -> ReplPool:
        with self._lock:
            if self._pool is None:
                if self._repl_command is None:  # the project's REPL, spawned directly
                    project = self.project_dir or default_project_dir()
                    command = default_repl_command(project)
                    env, cwd = lake_env(project), project
                    self._repl_command = command
                else:
                    command, env, cwd = self._repl_command, None, self.project_dir
                self._pool = ReplPool(command, cwd=cwd, env=env, **self._pool_options)
            return self._pool

    def close(self) -> None:
        """Kill every REPL process this checker started."""
        with self._lock:
            pool, self._pool = self._pool, None
            self._steppers.clear()
        if pool is not None:
            pool.close()

    def __enter__(self) -> LeanChecker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ whole proofs

    def check(self, problem: Problem, candidate: str, *, timeout_s: float | None = None) -> Verdict:
        """The verdict on ``candidate`` (a whole file, a theorem, or a proof) for ``problem``."""
        started = time.monotonic()
        timeout = self.timeout_s if timeout_s is None else timeout_s

        def verdict(status: Status, lines: Sequence[str], text: str = "", /, **details: Any):
            details.setdefault("problem_id", problem.id)
            return Verdict(status, tuple(lines), time.monotonic() - started, text, details)

        try:
            built = assemble(problem.statement, candidate)
        except InputError as exc:
            return verdict(Status.REJECTED, [exc.message], candidate, stage="parse")
        reasons = precheck(
            problem.statement,
            built.body,
            built.name,
            header=built.candidate_header,
            problem_header=problem.header,
        )
        if reasons:
            return verdict(Status.REJECTED, reasons, built.body, stage="precheck")
        try:
            with self.pool.session(problem.header) as session:
                deadline = time.monotonic() + timeout
                reply = session.process.send(
                    Command(cmd=built.body, env=session.env), timeout_s=timeout
                )
                if isinstance(reply, LeanError) or not isinstance(reply, CommandResponse):
                    raise CheckerError(f"the Lean REPL refused the command: {reply}")
                shown = [_shift(m, built.line_offset) for m in reply.messages]
                rendered = [_render(m) for m in shown]
                if reply.errors:
                    errors = [_render(m) for m in shown if m["severity"] == "error"]
                    return verdict(Status.REFUTED, errors, built.body, messages=shown, stage="lean")
                sorry = sorry_reasons(reply.messages, reply.sorries)
                if sorry:
                    return verdict(
                        Status.REJECTED, sorry, built.body, messages=shown, stage="sorry"
                    )
                left = max(1.0, deadline - time.monotonic())
                printed = session.process.send(
                    Command(cmd=f"#print axioms {built.name}", env=reply.env), timeout_s=left
                )
        except CheckerTimeout as exc:
            return verdict(Status.TIMEOUT, [exc.message], built.body, stage="lean")
        except (CheckerError, InputError) as exc:
            return verdict(Status.ERROR, [str(exc)], built.body, stage="lean")
        axioms = parse_axioms(getattr(printed, "messages", []), built.name)
        if axioms is None:
            return verdict(
                Status.ERROR, [f"no `#print axioms` output for {built.name}: {printed}"], built.body
            )
        bad = axiom_reasons(axioms, allow_native_decide=self.allow_native_decide)
        status = Status.REJECTED if bad else Status.PROVED
        return verdict(
            status, bad or rendered, built.body, messages=shown, axioms=axioms, stage="axioms"
        )

    # ------------------------------------------------------------ stepping

    def _stepper(self, header: str) -> _StepSession:
        with self._lock:
            current = self._steppers.get(header)
            if current is not None and current.session.alive:
                return current
        pool = self.pool
        session = pool.open_session(header)
        with self._lock:
            self._generation += 1
            current = _StepSession(session, self._generation)
            self._steppers[header] = current
        return current

    def start(self, problem: Problem) -> State:
        """The first proof state: the theorem with ``by sorry`` on top of the header env."""
        head = theorem_head(problem.statement)
        stepper = self._stepper(problem.header)
        reply = stepper.session.process.send(
            Command(cmd=f"{head} := by sorry", env=stepper.session.env), timeout_s=self.timeout_s
        )
        if not isinstance(reply, CommandResponse) or reply.errors or not reply.sorries:
            raise InputError(
                f"the statement of {problem.id} does not elaborate: {reply}",
                hint="Check the statement and header against the Mathlib version in use.",
                problem_id=problem.id,
            )
        first = reply.sorries[0]
        goals = tuple(g for g in first.goal.split("\n\n") if g.strip()) or (first.goal,)
        handle = LeanHandle(
            first.proof_state or 0, stepper.generation, problem.header, problem.statement
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
        timeout = self.timeout_s if timeout_s is None else timeout_s
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
        if reply.completed:
            problem = Problem(
                id=state.problem_id or "step",
                domain="lean",
                statement=handle.statement,
                header=handle.header,
            )
            proof = proof_from_steps(handle.statement, steps)
            verdict = self.check(problem, proof, timeout_s=timeout)
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


def _shift(message: Message, offset: int) -> dict[str, Any]:
    """A message as a dict with line numbers in the user's text."""

    def line(pos):
        return None if pos is None or pos.line == 0 else pos.line + offset

    return {
        "severity": message.severity,
        "line": line(message.pos),
        "column": message.pos.column if message.pos else None,
        "end_line": line(message.end_pos),
        "end_column": message.end_pos.column if message.end_pos else None,
        "data": message.data,
    }


def _render(m: dict[str, Any]) -> str:
    where = f"{m['line']}:{m['column']}: " if m["line"] is not None else ""
    return f"{where}{m['severity']}: {m['data']}"
