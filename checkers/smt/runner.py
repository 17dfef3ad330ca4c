"""Running z3 on an :class:`~.protocol.SmtQuery`, in a limited worker process.

:func:`solve` is the function the worker runs (it imports z3 and must stay picklable by
name); :class:`SmtRunner` owns a :class:`~proofsmith.checkers.limits.LimitedPool` of such
workers and turns every failure into an answer: a hard time limit or a dead worker gives
``unknown``, never a wrong ``sat``/``unsat``. ``z3.Z3Exception`` is translated here and
only here.
"""

from __future__ import annotations

import time

from proofsmith.checkers.limits import LimitedPool, Limits
from proofsmith.checkers.smt.protocol import SmtAnswer, SmtQuery
from proofsmith.checkers.smt.second import second_opinion
from proofsmith.errors import CheckerCrashed, CheckerError, CheckerTimeout

__all__ = ["GRACE_S", "SmtRunner", "solve"]

GRACE_S = 2.0  # seconds the worker gets beyond z3's own timeout before it is killed


def _model_dict(model) -> dict[str, str]:
    out: dict[str, str] = {}
    for decl in model.decls():
        if "!" in decl.name():  # z3's auxiliary symbols (array interpretations, skolems)
            continue
        if decl.arity() == 0:
            out[decl.name()] = model.eval(decl(), model_completion=True).sexpr()
        else:
            out[decl.name()] = str(model[decl])
    return out


def solve(query: SmtQuery) -> SmtAnswer:
    """Decide ``query`` with z3 in this process (called inside a worker)."""
    import z3

    start = time.perf_counter()
    if query.memory_mb:
        z3.set_param("memory_max_size", query.memory_mb)
    # z3's parser keeps recursive definitions in its context ("recursive function f
    # already defined" for the next script that defines f); nothing else of a script
    # survives it. A fresh context costs ~7 ms, so only scripts with one get it.
    fresh = _recursive(query.script)
    ctx = z3.Context() if fresh else z3.main_ctx()
    try:
        assertions = z3.parse_smt2_string(query.script, ctx=ctx)
    except z3.Z3Exception as exc:
        return SmtAnswer(status="error", reason=f"z3 cannot parse the script: {_msg(exc)}")
    solver = z3.Solver(ctx=ctx)
    solver.set("timeout", max(1, int(query.timeout_s * 1000)))
    if query.rlimit:
        solver.set("rlimit", query.rlimit)
    try:
        solver.add(assertions)
        result = solver.check()
        if result == z3.unsat:
            return SmtAnswer(status="unsat", seconds=time.perf_counter() - start)
        if result == z3.unknown:
            return SmtAnswer(
                status="unknown",
                reason=solver.reason_unknown(),
                seconds=time.perf_counter() - start,
            )
        model = solver.model()
        for i, assertion in enumerate(assertions):
            value = model.eval(assertion, model_completion=True)
            if z3.is_false(value):
                return SmtAnswer(
                    status="error",
                    reason=f"z3 said sat but assertion #{i + 1} is false under its model: "
                    f"{assertion.sexpr()[:200]}",
                    seconds=time.perf_counter() - start,
                )
            if not z3.is_true(value):
                why = f"z3 said sat but assertion #{i + 1} does not evaluate under its model"
                return _unvalidated(query, why, start)
        if fresh:
            # SMT-LIB reads (define-fun-rec f … body) as the axiom "for all x, f x = body";
            # z3 only unfolds f where the assertions use it, so it says sat for a script
            # whose definition has no solution at all ((define-fun-rec f ((x Int)) Bool
            # (not (f x))) is unsat). Its model does not show the axiom holds.
            why = "z3 said sat but does not check that the recursive definitions have a solution"
            return _unvalidated(query, why, start)
        found = _model_dict(model) if query.want_model else {}
        return SmtAnswer(status="sat", model=found, seconds=time.perf_counter() - start)
    except z3.Z3Exception as exc:
        text = _msg(exc)
        status = "unknown" if ("memory" in text or "canceled" in text) else "error"
        return SmtAnswer(status=status, reason=f"z3 failed: {text}")


def _recursive(script: str) -> bool:
    """Whether the script may define recursive functions (a word in a comment or a
    string literal counts too: that only costs a fresh context and a second opinion)."""
    return "define-fun-rec" in script or "define-funs-rec" in script


def _unvalidated(query: SmtQuery, why: str, start: float) -> SmtAnswer:
    """z3 said sat but its model does not show it (``why``): unknown, unless a second
    solver (cvc5, when installed) also says sat."""
    left = max(0.1, query.timeout_s - (time.perf_counter() - start))
    other = second_opinion(query.script, left)
    seconds = time.perf_counter() - start
    if other == "sat":
        return SmtAnswer(
            status="sat",
            reason="two solvers agree (z3, cvc5); model not validated",
            seconds=seconds,
        )
    if other == "unsat":
        why += "; cvc5 says unsat: the solvers disagree"
    elif other is not None:
        why += f"; cvc5 says {other}"
    return SmtAnswer(status="unknown", reason=f"{why}; not reported as sat", seconds=seconds)


def _msg(exc: Exception) -> str:
    value = exc.args[0] if exc.args else exc
    if isinstance(value, bytes):
        value = value.decode(errors="replace")
    return str(value).strip()


class SmtRunner:
    """A pool of z3 workers with hard time and memory limits. Thread-safe; close when done."""

    def __init__(self, *, jobs: int = 1, memory_mb: int = 2048) -> None:
        self.memory_mb = memory_mb
        self._pool = LimitedPool(
            solve,
            jobs=jobs,
            limits=Limits(timeout_s=10.0, memory_mb=memory_mb),
            preload=["z3", "proofsmith.checkers.smt.runner"],
        )

    def __enter__(self) -> SmtRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.close()

    def ask(self, query: SmtQuery) -> SmtAnswer:
        """Decide ``query`` in a worker; limits and crashes become ``unknown`` answers."""
        start = time.perf_counter()
        if self.memory_mb and not query.memory_mb:
            # z3 stops cleanly below the hard cap, leaving room for the interpreter
            query = query.model_copy(update={"memory_mb": max(64, self.memory_mb * 3 // 4)})
        try:
            return self._pool.run(query, timeout_s=query.timeout_s + GRACE_S)
        except CheckerTimeout:
            reason = f"hard time limit of {query.timeout_s:g} s reached; z3 was killed"
        except CheckerCrashed as exc:
            reason = f"z3 worker died: {exc.message}"
        except CheckerError as exc:
            return SmtAnswer(
                status="error", reason=exc.message, seconds=time.perf_counter() - start
            )
        return SmtAnswer(status="unknown", reason=reason, seconds=time.perf_counter() - start)
