"""SmtChecker: decide SMT-LIB problems and check candidates that support a claim.

A problem's ``statement`` is an SMT-LIB script; its assertions are fixed by the problem.
``reference`` is the claim: ``"sat"`` or ``"unsat"``, or one word per ``check-sat`` of a
push/pop script (``"sat unsat sat"``); ``None`` means "just decide it".

Candidates
----------
An empty candidate means: decide the problem and compare with the claim. A non-empty
one (lemmas for an ``unsat`` claim, a claimed model for ``sat``) follows the format in
:mod:`proofsmith.checkers.smt.candidate`; it is accepted only for a problem with at most
one ``check-sat`` (a script with several gets REJECTED: one candidate cannot support
several claims).

Verdicts: PROVED (claim holds), REFUTED (claim or candidate wrong, with a validated
model as counterexample when there is one), REJECTED (candidate breaks the rules or does
not parse), TIMEOUT (undecided: z3 unknown or a limit hit), ERROR (z3 misbehaved).
``details["results"]`` holds one answer per ``check-sat`` when deciding a script.

A ``sat`` is reported only when z3's model satisfies every assertion, or a second solver
agrees. For a script with ``define-fun-rec``/``define-funs-rec`` z3's model does not show
that the definitions (SMT-LIB: universally quantified equations) have a solution, so its
``sat`` there is ``unknown`` unless cvc5 also says sat; ``unsat`` is unaffected.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from proofsmith.checkers.smt.candidate import HELPER, IGNORED, screen
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

LEMMA_BUDGET = 3  # all of a candidate's lemmas together: this many times the time limit


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
        raise InputError(
            f"{len(words)} claims given for {count} check-sat commands",
            hint="Give one sat/unsat for every check-sat, or one per check-sat in order.",
        )
    return list(words)


class CheckResult(dict):
    """One check-sat's outcome as a JSON-ready dict: index, line, status, claim, reason …"""


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
        if all(c.head in IGNORED for c in commands):  # only (check-sat)/(get-model): empty
            return self._decide(points, claims, start, timeout_s)
        if len(points) > 1:
            why = (
                f"the problem has {len(points)} check-sat commands; a candidate (lemmas or a "
                "model) is accepted only for a problem with one check-sat — send an empty "
                "candidate to decide each"
            )
            return _verdict(Status.REJECTED, [why], start, text=candidate)
        (target,) = points
        problem_syms = {c.symbol: c for c in target.context if c.symbol}
        problem_names = target.symbols
        models = [c for c in commands if c.head in ("define-fun", "define-const")]
        claim = claims[0] or ("sat" if any(c.symbol in problem_names for c in models) else "unsat")
        problem_why = screen(commands, problem_syms, problem_names, claim)
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
        rest = [c for c in commands if c.symbol not in problem_names and c.head not in IGNORED]
        lines = [defs[c.symbol].text if c.symbol in defs else c.text for c in target.context]
        # the problem's check-sat-assuming literals before any candidate text: a helper
        # declared first could change which symbol a literal names (z3 overloads)
        lines += [f"(assert {render(a)})" for a in target.assumptions]
        lines += [c.text for c in rest]
        text = "\n".join(lines)
        answer = self.ask(text, timeout_s)
        if answer.status == "sat":
            how = f"sat: {answer.reason}" if answer.reason else "sat: model validated"
            return _verdict(Status.PROVED, [how], start, text=text, model=answer.model)
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
        # the check-sat-assuming literals belong to the problem: they come before any
        # candidate text (a helper declared first could change which symbol one names)
        base += [f"(assert {render(a)})" for a in target.assumptions]
        base += [c.text for c in commands if c.head in HELPER]
        proven: list[str] = []
        lemmas = [c for c in commands if c.head == "assert"]
        # one budget for the whole candidate: each lemma is a query of its own, and a
        # candidate of 20 000 trivial lemmas would otherwise run for hours
        budget = (timeout_s or self.timeout_s) * LEMMA_BUDGET
        for i, lemma in enumerate(lemmas, 1):
            goal = render(lemma.args[0])
            text = "\n".join([*base, *proven, f"(assert (not {goal}))"])
            left = budget - (time.perf_counter() - start)
            if left <= 0:
                why = f"time budget of {budget:g} s used up after {i - 1} of {len(lemmas)} lemmas"
                return _verdict(Status.TIMEOUT, [why], start, text=text)
            answer = self.ask(text, min(timeout_s or self.timeout_s, left))
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
        text = "\n".join([*base, *proven])
        answer = self.ask(text, timeout_s)  # the claim itself always gets its full time
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
