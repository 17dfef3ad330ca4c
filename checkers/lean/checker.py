"""LeanChecker: whole-proof checking over the Lean REPL (tactic stepping in :mod:`.stepping`).

``check`` assembles the candidate (:mod:`.source`), holds it to the allowlist before Lean
runs (:mod:`.soundness`), then, in a pooled REPL (:mod:`.pool`) on the problem's header
env: elaborates the problem's statement alone as ``proofsmith_ref_<hash>`` (once per
process), runs the candidate on top of it, and reads the verdict: an error → refuted; a
sorry → rejected; ``example : type_of% @_root_.<ref> := @_root_.<name>`` failing →
rejected (the theorem does not have the problem's statement); ``#print axioms
_root_.<name>`` → rejected unless exactly one answer for that printed name lists only the
standard axioms. ``strict=True`` adds an out-of-process check (:mod:`.strict`). A timeout
is a ``timeout`` verdict, a dead or garbled REPL an ``error`` verdict. Message positions
are shifted back to the lines of the text the user gave. See THREATS.md.

``start``/``step`` implement :class:`~proofsmith.checkers.base.SteppingChecker` by
delegating to a :class:`~proofsmith.checkers.lean.stepping.TacticStepper`, which uses this
checker's pool and re-checks every finished proof with ``check``. By default the REPL is
the Lake project's binary, spawned directly in the environment ``lake env`` gives
(:mod:`.launch`), inside bubblewrap where the machine allows (:mod:`.sandbox`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from proofsmith.checkers.base import State, StepResult
from proofsmith.checkers.lean.launch import (
    default_project_dir,
    default_repl_command,
    lake_env,
    require_lake,
)
from proofsmith.checkers.lean.pool import ReplPool
from proofsmith.checkers.lean.protocol import Command, CommandResponse, LeanError, Message
from proofsmith.checkers.lean.repl import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S
from proofsmith.checkers.lean.sandbox import sandboxed
from proofsmith.checkers.lean.soundness import (
    NATIVE_AXIOMS,
    STANDARD_AXIOMS,
    axiom_reasons,
    header_reasons,
    lexing_reasons,
    parse_axioms,
    precheck,
    sorry_reasons,
)
from proofsmith.checkers.lean.source import (
    assemble,
    find_theorem,
    name_example,
    reference,
    theorem_head,
    theorem_name,
)
from proofsmith.checkers.lean.stepping import (
    LeanHandle,
    TacticStepper,
    goals_key,
    proof_from_steps,
)
from proofsmith.checkers.lean.strict import find_strict_tool, strict_check
from proofsmith.checkers.verdict import Status, Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.errors import CheckerError, CheckerTimeout, InputError
from proofsmith.text.lean_lex import line_col
from proofsmith.text.lean_source import printed_name, source_name, split_commands

__all__ = [
    "LeanChecker",
    "LeanHandle",
    "default_project_dir",
    "default_repl_command",
    "goals_key",
    "proof_from_steps",
]


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
        memory_mb: int = DEFAULT_MEMORY_MB,  # RLIMIT_AS per REPL process in MiB; 0 = none
        max_uses: int = 100,  # checks per process before it is recycled
        max_processes: int = 2,  # pooled REPL processes alive at once
        allow_native_decide: bool = False,  # accept Lean.ofReduceBool (trusts the compiler)
        strict: bool = False,  # proved also needs comparator/lean4checker (strict.py)
        sandbox: str = "auto",  # bubblewrap around the default REPL: auto/off/require (sandbox.py)
        recycle_rss_mb: float | None = None,  # retire a process above this RSS; None: 75 % of cap
    ) -> None:
        self.project_dir = Path(project_dir) if project_dir else None
        self._repl_command = list(repl_command) if repl_command else None
        self.timeout_s = timeout_s
        self.allow_native_decide = allow_native_decide
        self.strict_tool = find_strict_tool() if strict else None  # ToolNotFound: no downgrade
        self.sandbox = sandbox
        if sandbox == "require":
            sandboxed(["true"], sandbox)  # ToolNotFound now, not at the first check
        if recycle_rss_mb is None:
            recycle_rss_mb = 0.75 * memory_mb if memory_mb > 0 else 0.0
        self._pool_options: dict[str, Any] = {
            "recycle_rss_mb": recycle_rss_mb,
            "memory_mb": memory_mb,
            "max_uses": max_uses,
            "max_processes": max_processes,
            "header_timeout_s": header_timeout_s,
        }
        self._pool: ReplPool | None = None
        self._lock = threading.Lock()
        self._stepping = TacticStepper(self)

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
                    command = sandboxed(command, self.sandbox)
                else:  # a user's command runs as given, unless the sandbox is required
                    command, env, cwd = self._repl_command, None, self.project_dir
                    if _bare_binary_in_project(command, self.project_dir):
                        env = lake_env(self.project_dir)  # --repl at a binary: lake's env too
                    if self.sandbox == "require":
                        command = sandboxed(command, self.sandbox)
                self._pool = ReplPool(command, cwd=cwd, env=env, **self._pool_options)
            return self._pool

    def close(self) -> None:
        """Kill every REPL process this checker started."""
        with self._lock:
            pool, self._pool = self._pool, None
            self._stepping.clear()
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

        unreadable = lexing_reasons(candidate)  # before assembly: positions in the user's text
        if unreadable:
            return verdict(Status.REJECTED, unreadable, candidate, stage="precheck")
        try:
            built = assemble(problem.statement, candidate)
        except InputError as exc:
            return verdict(Status.REJECTED, [exc.message], candidate, stage="parse")
        # the candidate's own header opens its text: its positions need no shift
        reasons = header_reasons(built.candidate_header, problem.header)
        body_reasons = precheck(
            problem.statement, built.body, built.name, problem_header=problem.header
        )
        reasons += [_shift_reason(r, built.line_offset) for r in body_reasons]
        if built.proof_only and len(split_commands(built.body)) > 1:
            extra = split_commands(built.body)[1]
            line, col = line_col(built.body, extra.keyword_token.start)
            reasons.append(
                f"{line + built.line_offset}:{col}: the proof contains a command "
                f"(`{extra.keyword}`); give a proof or a whole file declaring `{built.name}`"
            )
        if reasons:
            return verdict(Status.REJECTED, reasons, built.body, stage="precheck")
        ref = reference(problem.statement, built.name) if problem.statement.strip() else None
        target = f"_root_.{source_name(built.name)}"
        try:
            with self.pool.session(problem.header) as session:
                deadline = time.monotonic() + timeout

                def send(cmd: str, env: int | None) -> CommandResponse:
                    left = max(1.0, deadline - time.monotonic())
                    reply = session.process.send(Command(cmd=cmd, env=env), timeout_s=left)
                    if isinstance(reply, LeanError) or not isinstance(reply, CommandResponse):
                        raise CheckerError(f"the Lean REPL refused the command: {reply}")
                    return reply

                env = session.env
                if ref is not None:
                    env = self._reference_env(session, ref, send)
                reply = send(built.body, env)
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
                if ref is not None:  # trusted: both names from the root, types fixed already
                    same = send(f"example : type_of% @_root_.{ref[0]} := @{target}", reply.env)
                    if same.errors or sorry_reasons(same.messages, same.sorries):
                        why = "; ".join(m.data for m in same.messages)[:300]
                        return verdict(
                            Status.REJECTED,
                            [f"`{built.name}` does not have the problem's statement: {why}"],
                            built.body,
                            messages=shown,
                            stage="statement",
                        )
                printed = send(f"#print axioms {target}", reply.env)
        except CheckerTimeout as exc:
            return verdict(Status.TIMEOUT, [exc.message], built.body, stage="lean")
        except (CheckerError, InputError) as exc:
            return verdict(Status.ERROR, [str(exc)], built.body, stage="lean")
        axioms = parse_axioms(printed.messages, printed_name(built.name))
        if axioms is None:
            return verdict(
                Status.ERROR,
                [f"no single `#print axioms` answer for {printed_name(built.name)}: {printed}"],
                built.body,
            )
        bad = axiom_reasons(axioms, allow_native_decide=self.allow_native_decide)
        if not bad and self.strict_tool is not None:
            passed, detail = self._strict(problem, built)
            if not passed:
                return verdict(Status.REJECTED, [detail], built.body, axioms=axioms, stage="strict")
        status = Status.REJECTED if bad else Status.PROVED
        return verdict(
            status, bad or rendered, built.body, messages=shown, axioms=axioms, stage="axioms"
        )

    def _strict(self, problem: Problem, built: Any) -> tuple[bool, str]:
        """The independent out-of-process check of a proof the REPL accepted."""
        assert self.strict_tool is not None
        statement = problem.statement.strip()
        if statement and not theorem_name(statement):
            statement = name_example(statement, built.name)
        head = (
            theorem_head(statement)
            if statement
            else theorem_head(built.body, max(0, find_theorem(built.body, built.name)))
        )
        allowed = sorted(STANDARD_AXIOMS | (NATIVE_AXIOMS if self.allow_native_decide else set()))
        return strict_check(
            self.strict_tool,
            project=(self.project_dir or default_project_dir()).resolve(),
            lake=require_lake(),
            header=problem.header,
            statement_head=head,
            solution=built.body,
            name=built.name,
            axioms=allowed,
            timeout_s=max(self.timeout_s, 60.0) * 4,
        )

    @staticmethod
    def _reference_env(session: Any, ref: tuple[str, str], send: Any) -> int:
        """The env holding the problem's statement, elaborated alone on the header env."""
        name, text = ref
        if text not in session.refs:
            reply = send(text, session.env)
            if reply.errors:
                raise InputError(
                    f"the problem's statement does not elaborate: {reply.errors[0].data}"
                )
            session.refs[text] = reply.env
        return session.refs[text]

    # ------------------------------------------------------------ stepping

    def start(self, problem: Problem) -> State:
        """The first proof state: the theorem with ``by sorry`` on top of the header env."""
        return self._stepping.start(problem)

    def step(self, state: State, tactic: str, *, timeout_s: float | None = None) -> StepResult:
        """Apply ``tactic``: a new State, Proved (after the whole re-check), or StepError."""
        return self._stepping.step(state, tactic, timeout_s=timeout_s)


def _bare_binary_in_project(command: Sequence[str], project: Path | None) -> bool:
    """A REPL binary (not `lake …`, not a script) given for a set-up Lake project."""
    if project is None or not command or Path(command[0]).name in ("lake", "env"):
        return False
    has_lakefile = (project / "lakefile.lean").is_file() or (project / "lakefile.toml").is_file()
    binary = Path(command[0])
    return has_lakefile and binary.is_file() and binary.read_bytes()[:4] == b"\x7fELF"


def _shift_reason(reason: str, offset: int) -> str:
    """A precheck reason ``L:C: …`` about the body, with ``L`` in the user's text."""
    line, sep, rest = reason.partition(":")
    if not sep or not line.isdigit() or not rest[:1].isdigit():
        return reason
    return f"{int(line) + offset}:{rest}"


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
