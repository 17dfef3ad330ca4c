"""CodeChecker: verify Python functions with contracts, in a limited z3 worker.

:func:`verify_function` is what a worker runs: parse, generate the obligations
(:mod:`.vcgen`), and ask z3 whether each is valid within one time budget. It returns a
plain dict (a :data:`Report`) so nothing z3 crosses the process boundary:

    {"function", "line", "status": verified|counterexample|unknown|unsupported,
     "message", "obligations": [{"kind", "line", "text", "status", "counterexample",
     "seconds"}], "seconds"}

A counterexample gives the values of the program variables at the failing point and the
parameters on entry (``"entry"``). :class:`CodeChecker` checks a candidate (the problem's
function with invariants/asserts added; see :mod:`.contracts`) and returns a Verdict.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from proofsmith.checkers.code.calls import callees, termination_gaps
from proofsmith.checkers.code.contracts import (
    compare,
    function_source,
    same_function,
    source_lines,
)
from proofsmith.checkers.code.parse import parse_module
from proofsmith.checkers.limits import LimitedPool, Limits
from proofsmith.checkers.verdict import Status, Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.errors import (
    CheckerCrashed,
    CheckerError,
    CheckerTimeout,
    InputError,
    ProofsmithError,
    UnsupportedSyntax,
)
from proofsmith.text.fences import unfence

__all__ = ["CodeChecker", "Report", "verify_function"]

Report = dict[str, Any]
GRACE_S = 2.0
_LIST_SHOWN = 12  # list elements shown in a counterexample


def _value(model: Any, value: Any) -> Any:
    import z3

    from proofsmith.checkers.code.values import GridV, ListV, TupleV, python_string

    if value is None:
        return None
    if isinstance(value, GridV):
        n = model.eval(value.n, model_completion=True).as_long()
        rows = [_value(model, value.row(z3.IntVal(i))) for i in range(min(max(n, 0), 6))]
        return rows + ["…"] if n > 6 else rows
    if isinstance(value, TupleV):
        return [_value(model, v) for v in value.items]
    if isinstance(value, ListV):
        n = model.eval(value.n, model_completion=True).as_long()
        items = [
            model.eval(value.arr[i], model_completion=True).as_long()
            for i in range(min(max(n, 0), _LIST_SHOWN))
        ]
        return items + ["…"] if n > _LIST_SHOWN else items
    got = model.eval(value, model_completion=True)
    if isinstance(got, z3.SeqRef) and got.is_string():
        return python_string(got)
    if z3.is_bool(got):
        return z3.is_true(got)
    return got.as_long() if z3.is_int_value(got) else str(got)


def verify_function(payload: tuple[str, str, float]) -> Report:
    """Verify one function of a source text; runs in a worker (imports z3)."""
    import z3

    from proofsmith.checkers.code.vcgen import FunctionVC

    source, name, budget_s = payload
    start = time.perf_counter()
    report: Report = {"function": name, "line": 0, "obligations": []}
    try:
        functions = parse_module(source)
        spec = functions[name]
        report["line"] = spec.line
        for callee in callees(name, functions):  # their shape matters to the caller too
            if callee != name:
                try:
                    FunctionVC(functions[callee], functions).run()
                except UnsupportedSyntax as exc:
                    raise UnsupportedSyntax(f"in the callee {callee}: {exc.message}") from exc
        vc = FunctionVC(spec, functions)
        obligations = vc.run()
    except UnsupportedSyntax as exc:
        report.update(status="unsupported", message=exc.message, seconds=0.0)
        return report
    except RecursionError:
        message = f"{name}: the function is nested too deeply to verify"
        report.update(status="unsupported", message=message, seconds=0.0)
        return report
    gaps = termination_gaps(name, functions)
    report["termination"] = "not proved" if gaps else "proved"
    report["termination_gaps"] = gaps
    entry_names = [p.name for p in spec.params]
    status = "verified"
    first_failure = ""
    for ob in obligations:
        left = budget_s - (time.perf_counter() - start)
        item: dict[str, Any] = {"kind": ob.kind, "line": ob.line, "text": ob.text}
        if left <= 0:
            item.update(status="unknown", reason="time budget used up", seconds=0.0)
            report["obligations"].append(item)
            status = "unknown" if status == "verified" else status
            continue
        t0 = time.perf_counter()
        answer, reason, solver = _decide(ob, left)
        item["seconds"] = round(time.perf_counter() - t0, 6)
        if answer == z3.unsat:
            item["status"] = "proved"
        elif answer == z3.sat:
            model = solver.model()
            item["status"] = "failed"
            item["counterexample"] = {
                **{k: _value(model, v) for k, v in ob.env.items()},
                "entry": {k: _value(model, vc.entry[k]) for k in entry_names},
            }
            if status != "counterexample":
                first_failure = f"line {ob.line}: {ob.kind} may fail: {ob.text}"
            status = "counterexample"
        else:
            item.update(status="unknown", reason=reason)
            if status == "verified":
                status = "unknown"
        report["obligations"].append(item)
    report["status"] = status
    partial = f"; termination not proved: {'; '.join(gaps)}" if gaps else ""
    report["message"] = first_failure or {
        "verified": f"{name}: all {len(obligations)} obligations proved{partial}",
        "unknown": f"{name}: some obligations undecided",
    }.get(status, "")
    report["seconds"] = round(time.perf_counter() - start, 6)
    return report


def _solvers(left: float) -> list[tuple[Any, float]]:
    """The attempts on one obligation: z3's default solver with most of the time, then
    (only if it answers unknown) the usual preprocessing tactics in front of the SMT core,
    which often helps with quantified ``%``/``//`` facts. An ``unsat`` from either is a
    proof; a ``sat`` from either is a counterexample (its model is read the same way)."""
    import z3

    tactic = z3.Then("simplify", "propagate-values", "solve-eqs", "elim-uncnstr", "smt")
    return [(z3.Solver(), left * 0.6), (tactic.solver(), left * 0.4)]


def _decide(ob: Any, left: float) -> tuple[Any, str, Any]:
    """z3's answer on "hyps and not goal", the reason when unknown, and the solver."""
    import z3

    answer, reason, solver = z3.unknown, "", None
    for solver, share in _solvers(left):
        solver.set("timeout", max(1, int(share * 1000)))
        solver.add(*ob.hyps)
        solver.add(z3.Not(ob.goal))
        try:
            answer = solver.check()
        except z3.Z3Exception as exc:
            answer, reason = z3.unknown, str(exc)
            continue
        reason = solver.reason_unknown() if answer == z3.unknown else ""
        if answer != z3.unknown:
            break
    return answer, reason, solver


class CodeChecker:
    """Verifies contract-annotated Python in z3 worker processes. Thread-safe; close() it."""

    domain = "code"

    def __init__(self, *, timeout_s: float = 20.0, memory_mb: int = 2048, jobs: int = 1) -> None:
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb
        self.jobs = jobs
        self._pool: LimitedPool | None = None
        self._lock = threading.Lock()

    def __enter__(self) -> CodeChecker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def _run(self, source: str, name: str, timeout_s: float) -> Report:
        with self._lock:
            if self._pool is None:
                self._pool = LimitedPool(
                    verify_function,
                    jobs=self.jobs,
                    limits=Limits(timeout_s=timeout_s + GRACE_S, memory_mb=self.memory_mb),
                    preload=["z3", "proofsmith.checkers.code.vcgen"],
                )
            pool = self._pool
        try:
            return pool.run((source, name, timeout_s), timeout_s=timeout_s + GRACE_S)
        except CheckerTimeout:
            message = f"{name}: hard time limit of {timeout_s:g} s reached"
        except CheckerCrashed as exc:
            message = f"{name}: verifier worker died: {exc.message}"
        except CheckerError as exc:
            return {
                "function": name,
                "status": "error",
                "message": exc.message,
                "obligations": [],
                "line": 0,
                "seconds": 0.0,
            }
        return {
            "function": name,
            "status": "unknown",
            "message": message,
            "obligations": [],
            "line": 0,
            "seconds": timeout_s,
        }

    def verify_source(
        self, source: str, function: str | None = None, *, timeout_s: float | None = None
    ) -> list[Report]:
        """One report per function (or only ``function``); UnsupportedSyntax/InputError raised."""
        functions = parse_module(source)
        if function is not None and function not in functions:
            raise InputError(
                f"no function {function!r} in the source",
                hint=f"Functions found: {', '.join(functions) or 'none'}.",
            )
        names = [function] if function else list(functions)
        budget = timeout_s or self.timeout_s
        reports = [self._run(source, name, budget) for name in names]
        for report in reports:
            reached = callees(report["function"], functions)
            report["trusted"] = [c for c in reached if c not in names]
            report["verdict"] = verdict_text(report)
        return reports

    def check(self, problem: Problem, candidate: str, *, timeout_s: float | None = None) -> Verdict:
        """Verify the problem's function(s) with the candidate's invariants and asserts."""
        start = time.perf_counter()
        source = problem.statement
        target = problem.metadata.get("function")
        try:
            functions = parse_module(source)
        except ProofsmithError as exc:
            return _verdict(Status.ERROR, [f"problem: {exc.message}"], start, source)
        text = unfence(candidate.strip())
        checked = source
        if text:
            try:
                offered = parse_module(text)
            except ProofsmithError as exc:
                return _verdict(Status.REJECTED, [f"candidate: {exc.message}"], start, text)
            extra = sorted(set(offered) - set(functions))
            if extra:
                return _verdict(
                    Status.REJECTED, [f"candidate adds function(s) {', '.join(extra)}"], start, text
                )
            for name in sorted(offered, key=lambda n: -functions[n].line):
                why = compare(source, text, name)
                if why:
                    return _verdict(Status.REJECTED, [why], start, text)
                checked = _replace(checked, text, name)
            if any(not same_function(checked, text, name) for name in offered):
                why = "the candidate's functions could not be placed in the problem as written"
                return _verdict(Status.REJECTED, [why], start, text)
            if target is None and len(offered) == 1:
                target = next(iter(offered))
        try:
            names = [target, *callees(target, functions)] if target else list(functions)
            reports = [
                r
                for name in dict.fromkeys(names)  # the target and every callee it trusts
                for r in self.verify_source(checked, name, timeout_s=timeout_s)
            ]
        except ProofsmithError as exc:
            return _verdict(Status.REJECTED, [exc.message], start, checked)
        checked_names = {r["function"] for r in reports}
        for r in reports:  # callees verified in this same check are not trusted
            r["trusted"] = [c for c in r.get("trusted", []) if c not in checked_names]
            r["verdict"] = verdict_text(r)
        statuses = {r["status"] for r in reports}
        partial = [r for r in reports if r.get("termination", "proved") != "proved"]
        if problem.metadata.get("total") and partial and statuses <= {"verified"}:
            why = [f"{r['function']}: total correctness required; {r['message']}" for r in partial]
            return _verdict(Status.REJECTED, why, start, checked, reports=reports)
        if "unsupported" in statuses:
            status = Status.REJECTED
        elif "counterexample" in statuses:
            status = Status.REFUTED
        elif statuses <= {"verified"}:
            status = Status.PROVED
        elif "error" in statuses:
            status = Status.ERROR
        else:
            status = Status.TIMEOUT
        messages = [r["message"] for r in reports if r.get("message")]
        return _verdict(status, messages, start, checked, reports=reports)


def verdict_text(report: Report) -> str:
    """The status as a user reads it: what was proved, and what was assumed."""
    text = report["status"]
    if text != "verified":
        return text
    if report.get("termination", "proved") != "proved":
        text += " (partial: termination not proved)"
    if report.get("trusted"):
        text += f" (assuming the unverified contracts of {', '.join(report['trusted'])})"
    return text


def _replace(source: str, candidate: str, name: str) -> str:
    """``source`` with function ``name`` replaced by the candidate's text of it."""
    s_start, s_end = function_source(source, name)
    c_start, c_end = function_source(candidate, name)
    lines = source_lines(source)
    new = source_lines(candidate)[c_start - 1 : c_end]
    if new and not new[-1].endswith(("\n", "\r")):
        new[-1] += "\n"
    return "".join(lines[: s_start - 1] + new + lines[s_end:])


def _verdict(
    status: Status, messages: list[str], start: float, text: str, **details: Any
) -> Verdict:
    return Verdict(status, tuple(messages), time.perf_counter() - start, text, details)
