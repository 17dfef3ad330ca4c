"""SmtChecker: decide SMT-LIB problems and check candidates that support a claim.

A problem's ``statement`` is an SMT-LIB script; its assertions are fixed by the problem.
``reference`` is the claim: ``"sat"`` or ``"unsat"``, or one word per ``check-sat`` of a
push/pop script (``"sat unsat sat"``); ``None`` means "just decide it".

Candidate format (what a prover emits; plain SMT-LIB commands)
--------------------------------------------------------------
An empty candidate means: decide the problem and compare with the claim.

Otherwise the candidate addresses the problem's *last* ``check-sat`` (or its end when
it has none) and may contain only these commands:

- ``(declare-const h S)`` / ``(declare-fun h (S…) S)`` / ``(define-fun h (…) S body)`` (not ``define-fun-rec``)
  for NEW helper symbols (not declared by the problem);
- ``(assert L)`` — a lemma. For an ``unsat`` claim each lemma is proven implied by the
  problem's assertions (and the lemmas before it) before it is used; a lemma that is not
  implied refutes the candidate. The claim is then checked with the lemmas added.
- for a ``sat`` claim: ``(define-fun x () Int 5)`` for the problem's declared symbols —
  a claimed model. The problem is re-checked with those symbols defined, and the model
  z3 returns is validated by evaluating every assertion.
- ``(check-sat)``, ``(get-model)`` and comments are accepted and ignored.

Anything else is REJECTED with the reason: ``(assert false)``, ``(exit)``, ``(reset)``,
``(reset-assertions)``, ``(push)``, ``(pop)``, ``set-option``/``set-logic``/``set-info``,
new sorts or datatypes, and any (re)declaration of a symbol the problem declares (other
than a model definition under a ``sat`` claim). Nothing a candidate supplies can make the
problem's goal vacuous: lemmas are proven first, definitions are conservative, and the
problem's own assertions are parsed before any candidate text.

Verdicts: PROVED (claim holds), REFUTED (claim or candidate wrong, with a validated
model as counterexample when there is one), REJECTED (candidate breaks the rules or does
not parse), TIMEOUT (undecided: z3 unknown or a limit hit), ERROR (z3 misbehaved).
``details["results"]`` holds one answer per ``check-sat`` when deciding a script.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from proofsmith.checkers.smt.protocol import SmtAnswer, SmtQuery
from proofsmith.checkers.smt.runner import SmtRunner
from proofsmith.checkers.smt.script import (
    CheckPoint,
    Command,
    check_points,
    parse_commands,
    render,
)
from proofsmith.checkers.verdict import Status, Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError

__all__ = ["CheckResult", "SmtChecker", "parse_claims"]

_FORBIDDEN = {
    "exit": "(exit) would end the problem early",
    "reset": "(reset) would drop the problem's assertions",
    "reset-assertions": "(reset-assertions) would drop the problem's assertions",
    "push": "(push) changes the problem's assertion scopes",
    "pop": "(pop) would drop the problem's assertions",
    "set-option": "set-option may change the solver's semantics",
    "set-logic": "set-logic may change the problem's logic",
    "set-info": "set-info is reserved for the problem",
}
# define-fun-rec is left out on purpose: a recursive definition can be inconsistent
_HELPER = {"declare-const", "declare-fun", "define-fun", "define-const"}
_IGNORED = {"check-sat", "get-model"}


def parse_claims(reference: str | None, count: int) -> list[str | None]:
    """The expected answer per check-sat from a problem's ``reference`` (None = no claim)."""
    if reference is None or not reference.strip():
        return [None] * count
    words = reference.replace(",", " ").split()
    bad = [w for w in words if w not in ("sat", "unsat")]
    if bad:
        raise InputError(f"claim {reference!r} is not sat/unsat", hint="Use sat or unsat.")
    if len(words) == 1:
        return [words[0]] * count
    if len(words) != count:
        raise InputError(f"{len(words)} claims given for {count} check-sat commands")
    return list(words)


class CheckResult(dict):
    """One check-sat's outcome as a JSON-ready dict: index, line, status, claim, reason …"""


def _is_false(expr: Any) -> bool:
    while isinstance(expr, list) and len(expr) >= 2 and expr[0] == "!":
        expr = expr[1]
    return expr == "false"


class SmtChecker:
    """Checks SMT-LIB problems with z3 in limited worker processes.

    Thread-safe; the worker pool starts on first use. Use as a context manager or close().
    """

    domain = "smt"

    def __init__(
        self, *, timeout_s: float = 10.0, memory_mb: int = 2048, jobs: int = 1, rlimit: int = 0
    ) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.jobs = jobs
        self.rlimit = rlimit
        self._runner: SmtRunner | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> SmtChecker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None

    def ask(self, script: str, timeout_s: float | None = None) -> SmtAnswer:
        """Decide one context (declarations + assertions only) in a worker."""
        with self._lock:
            if self._runner is None:
                self._runner = SmtRunner(jobs=self.jobs, memory_mb=self.memory_mb)
            runner = self._runner
        query = SmtQuery(script=script, timeout_s=timeout_s or self.timeout_s, rlimit=self.rlimit)
        return runner.ask(query)

    # -- deciding whole scripts -------------------------------------------------------------

    def solve_script(self, script: str, *, timeout_s: float | None = None) -> list[CheckResult]:
        """One result per ``check-sat`` of ``script`` (InputError if it does not parse)."""
        points = check_points(parse_commands(script), final=True)
        results = []
        for point in points:
            answer = self.ask(point.text, timeout_s)
            results.append(_result(point, answer))
        return results

    def check(self, problem: Problem, candidate: str, *, timeout_s: float | None = None) -> Verdict:
        """The verdict on ``candidate`` for ``problem`` (see the module docstring)."""
        start = time.perf_counter()
        points = check_points(parse_commands(problem.statement), final=True)
        claims = parse_claims(problem.reference, len(points))
        if not candidate.strip():
            return self._decide(points, claims, start, timeout_s)
        try:
            commands = parse_commands(candidate)
        except InputError as exc:
            return _verdict(Status.REJECTED, [f"candidate does not parse: {exc.message}"], start)
        target = points[-1]
        problem_syms = {c.symbol: c for c in target.context if c.symbol}
        problem_names = target.symbols
        models = [c for c in commands if c.head in ("define-fun", "define-const")]
        claim = claims[-1] or ("sat" if any(c.symbol in problem_names for c in models) else "unsat")
        problem_why = _screen(commands, problem_syms, problem_names, claim)
        if problem_why:
            return _verdict(Status.REJECTED, [problem_why], start, text=candidate)
        if claim == "sat":
            return self._check_model(target, commands, problem_names, start, timeout_s)
        return self._check_lemmas(target, commands, start, timeout_s)

    def _decide(
        self,
        points: list[CheckPoint],
        claims: list[str | None],
        start: float,
        timeout_s: float | None,
    ) -> Verdict:
        results = []
        for point, claim in zip(points, claims, strict=True):
            result = _result(point, self.ask(point.text, timeout_s))
            result["claim"] = claim
            results.append(result)
        messages = [_describe(r) for r in results]
        statuses = [r["status"] for r in results]
        if any(
            r["claim"] and r["status"] in ("sat", "unsat") and r["status"] != r["claim"]
            for r in results
        ):
            status = Status.REFUTED
        elif "error" in statuses:
            status = Status.ERROR
        elif "unknown" in statuses:
            status = Status.TIMEOUT
        else:
            status = Status.PROVED
        text = "\n\n".join(p.text for p in points)
        return _verdict(status, messages, start, text=text, results=results)

    def _check_model(
        self,
        target: CheckPoint,
        commands: list[Command],
        problem_names: set[str],
        start: float,
        timeout_s: float | None,
    ) -> Verdict:
        defs = {c.symbol: c for c in commands if c.symbol in problem_names}
        rest = [c for c in commands if c.symbol not in problem_names and c.head not in _IGNORED]
        lines = [defs[c.symbol].text if c.symbol in defs else c.text for c in target.context]
        lines += [c.text for c in rest]
        lines += [f"(assert {render(a)})" for a in target.assumptions]
        text = "\n".join(lines)
        answer = self.ask(text, timeout_s)
        if answer.status == "sat":
            return _verdict(
                Status.PROVED, ["sat: model validated"], start, text=text, model=answer.model
            )
        if answer.status == "unsat":
            why = (
                "the claimed model violates the problem's assertions"
                if defs
                else "the candidate's assertions make the problem unsatisfiable"
            )
            return _verdict(Status.REFUTED, [why], start, text=text)
        if answer.status == "error" and "parse" in answer.reason:
            return _verdict(Status.REJECTED, [answer.reason], start, text=text)
        return _undecided(answer, start, text)

    def _check_lemmas(
        self, target: CheckPoint, commands: list[Command], start: float, timeout_s: float | None
    ) -> Verdict:
        base = [c.text for c in target.context]
        base += [c.text for c in commands if c.head in _HELPER]
        proven: list[str] = []
        lemmas = [c for c in commands if c.head == "assert"]
        for i, lemma in enumerate(lemmas, 1):
            goal = render(lemma.args[0])
            text = "\n".join([*base, *proven, f"(assert (not {goal}))"])
            answer = self.ask(text, timeout_s)
            if answer.status == "sat":
                return _verdict(
                    Status.REFUTED,
                    [f"lemma {i} (candidate line {lemma.line}) is not implied by the problem"],
                    start,
                    text=text,
                    model=answer.model,
                    lemma=i,
                )
            if answer.status == "error":
                status = Status.REJECTED if "parse" in answer.reason else Status.ERROR
                return _verdict(status, [f"lemma {i}: {answer.reason}"], start, text=text)
            if answer.status == "unknown":
                return _undecided(answer, start, text, f"lemma {i} undecided: ")
            proven.append(lemma.text)
        extra = [f"(assert {render(a)})" for a in target.assumptions]
        text = "\n".join([*base, *proven, *extra])
        answer = self.ask(text, timeout_s)
        if answer.status == "unsat":
            return _verdict(
                Status.PROVED, [f"unsat with {len(proven)} proven lemma(s)"], start, text=text
            )
        if answer.status == "sat":
            return _verdict(
                Status.REFUTED,
                ["the problem is sat: the unsat claim is wrong"],
                start,
                text=text,
                model=answer.model,
            )
        if answer.status == "error" and "parse" in answer.reason:
            return _verdict(Status.REJECTED, [answer.reason], start, text=text)
        return _undecided(answer, start, text)


def _screen(
    commands: list[Command], problem_syms: dict, problem_names: set[str], claim: str
) -> str | None:
    """Why the candidate's commands are not allowed, or None when they are."""
    seen: set[str] = set()
    for cmd in commands:
        where = f"candidate line {cmd.line}"
        if cmd.head in _FORBIDDEN:
            return f"{where}: ({cmd.head} …) is not allowed in a candidate: {_FORBIDDEN[cmd.head]}"
        if cmd.head in _IGNORED:
            continue
        if cmd.head == "assert":
            if len(cmd.args) != 1:
                return f"{where}: assert takes exactly one term"
            if _is_false(cmd.args[0]):
                return f"{where}: (assert false) would make the goal vacuous"
            continue
        if cmd.head not in _HELPER:
            return f"{where}: ({cmd.head} …) is not allowed in a candidate"
        name = cmd.symbol
        if name is None:
            return f"{where}: ({cmd.head} …) needs a symbol name"
        if name in seen:
            return f"{where}: symbol {name} is defined twice"
        seen.add(name)
        if name in problem_names:
            original = problem_syms.get(name)
            is_model = (
                claim == "sat"
                and cmd.head in ("define-fun", "define-const")
                and original is not None
                and original.head in ("declare-const", "declare-fun")
            )
            if not is_model:
                return f"{where}: ({cmd.head} {name} …) redefines the problem's symbol {name}"
            if _signature(cmd) != _signature(original):
                return (
                    f"{where}: the model gives {name} the sort {_signature(cmd)}, "
                    f"the problem declares {_signature(original)}"
                )
    return None


def _signature(cmd: Command) -> str:
    """``(S1 … Sn) S`` of a declaration or definition, for comparing model sorts."""
    args = list(cmd.args[1:])
    if cmd.head in ("declare-const", "define-const"):
        return f"() {render(args[0])}" if args else "?"
    if len(args) < 2:
        return "?"
    params = args[0]
    if cmd.head == "declare-fun":
        sorts = params if isinstance(params, list) else [params]
    else:  # define-fun: ((name sort) …)
        if not isinstance(params, list):
            return "?"
        sorts = [p[1] if isinstance(p, list) and len(p) == 2 else "?" for p in params]
    return f"{render(list(sorts))} {render(args[1])}"


def _result(point: CheckPoint, answer: SmtAnswer) -> CheckResult:
    return CheckResult(
        index=point.index,
        line=point.line,
        status=answer.status,
        reason=answer.reason,
        model=answer.model,
        seconds=round(answer.seconds, 6),
    )


def _describe(result: dict) -> str:
    text = f"check-sat #{result['index'] + 1} (line {result['line']}): {result['status']}"
    if result.get("claim"):
        text += f" (claimed {result['claim']})"
    if result["reason"]:
        text += f": {result['reason']}"
    return text


def _undecided(answer: SmtAnswer, start: float, text: str, prefix: str = "") -> Verdict:
    status = Status.ERROR if answer.status == "error" else Status.TIMEOUT
    return _verdict(status, [prefix + (answer.reason or answer.status)], start, text=text)


def _verdict(
    status: Status, messages: list[str], start: float, *, text: str = "", **details: Any
) -> Verdict:
    return Verdict(
        status=status,
        messages=tuple(messages),
        seconds=time.perf_counter() - start,
        checked_text=text,
        details=details,
    )
