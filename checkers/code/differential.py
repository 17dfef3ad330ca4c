"""Running checked programs under CPython, in a limited worker: the encoder's referee.

:func:`run` is what a :class:`~proofsmith.checkers.limits.LimitedPool` worker runs (the
program text is test data or a candidate: it never runs in the caller's process). Two
requests:

- ``("fuzz", source, function, examples, seed, total)``: call ``function`` (rewritten by
  :func:`~.runtime.instrument` so its contracts are checks) on random arguments that
  satisfy its preconditions (Hypothesis; ints in [-40, 40], lists of up to 8 such ints).
  Returns ``{"valid": n, "failure": None | {"args", "kind", "message"}}``: the first
  failing arguments found (not shrunk). A call running past ``CALL_S`` or recursing too
  deep counts as a failure only when ``total`` (termination was proved).
- ``("replay", source, function, args)``: one call; ``{"pre": bool, "kind", "message"}``
  where ``kind`` is None when nothing failed.
- ``("plain", source, function, args, as_main)``: the file exactly as written (not
  instrumented, not even required to be inside the subset: the referee for programs the
  checker refuses; ``bytes`` are decoded as CPython decodes a file, by its coding
  declaration) but for its ``ensures``/``invariant``/``decreases`` lines (no-ops at
  run time that may name ``result``), run as module ``checked_program`` (or
  ``__main__``), then one call; ``{"value", "kind", "message"}``; ``requires`` checks.
  Whatever the file does to ``builtins`` is undone afterwards. The test states the
  contract the value violates.
"""

from __future__ import annotations

import ast
import signal
from typing import Any

from proofsmith.checkers.code.parse import call_name, parse_module
from proofsmith.checkers.code.runtime import Violation, instrument

__all__ = ["run"]

CALL_S = 0.25  # seconds one call of the program may run
LOAD_S = 10.0  # seconds a plain file's top-level code (its imports) may run


class _Slow(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Slow


def _load(source: str, function: str) -> tuple[Any, Any, list[str]]:
    namespace: dict[str, Any] = {"__name__": "checked_program"}
    exec(compile(instrument(source), "<checked program>", "exec"), namespace)  # noqa: S102 - limited worker
    kinds = [p.kind for p in parse_module(source)[function].params]
    return namespace[function], namespace[f"{function}__pre"], kinds


def _call(fn: Any, args: list[Any]) -> tuple[str | None, str]:
    """(kind of failure or None, message) of one call, under a per-call time limit."""
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, CALL_S)
    try:
        fn(*[_copy(a) for a in args])
    except Violation as exc:
        return exc.kind, str(exc)
    except _Slow:
        return "timeout", f"still running after {CALL_S} s"
    except RecursionError:
        return "timeout", "recursion too deep"
    except Exception as exc:  # a runtime error of the program is a failure too
        return type(exc).__name__, str(exc)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return None, ""


def _copy(value: Any) -> Any:
    return [_copy(v) for v in value] if isinstance(value, list) else value


def _pre(pre: Any, args: list[Any]) -> bool:
    try:
        return bool(pre(*[_copy(a) for a in args]))
    except Exception:  # a precondition that cannot be evaluated does not hold
        return False


def _fuzz(source: str, function: str, examples: int, seed: int, total: bool) -> dict:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hyp_seed
    from hypothesis import strategies as st

    fn, pre, kinds = _load(source, function)
    small = st.integers(-40, 40)
    by_kind = {
        "int": small,
        "bool": st.booleans(),
        "str": st.text(alphabet="ab\u00e9", max_size=6),
        "list": st.lists(small, max_size=8),
        "grid": st.lists(st.lists(small, max_size=4), max_size=4),
    }
    found: dict[str, Any] = {"valid": 0, "failure": None}

    def strategy(kind: str) -> Any:
        if kind.startswith("tuple["):
            return st.tuples(*[by_kind[k] for k in kind[6:-1].split(",")])
        return by_kind[kind]

    @hyp_seed(seed)
    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],  # the first failure is enough: no shrinking
        suppress_health_check=list(HealthCheck),
    )
    @given(st.tuples(*[strategy(k) for k in kinds]))
    def prop(args: tuple) -> None:
        if not _pre(pre, list(args)):
            return
        found["valid"] += 1
        kind, message = _call(fn, list(args))
        if kind is None or (kind == "timeout" and not total):
            return
        found["failure"] = {"args": list(args), "kind": kind, "message": message}
        raise AssertionError(message)

    try:
        prop()
    except AssertionError:
        pass
    return found


class _Inert(ast.NodeTransformer):
    """Drops ``ensures``/``invariant``/``decreases`` statements (``pass`` where a block
    would be empty)."""

    def visit_Expr(self, node: ast.Expr) -> ast.stmt:
        if call_name(node.value) in ("ensures", "invariant", "decreases"):
            return ast.copy_location(ast.Pass(), node)
        return node


def _plain(source: str, function: str, args: list[Any], as_main: bool) -> dict:
    import builtins

    from proofsmith.checkers.code import runtime

    saved = dict(builtins.__dict__)
    namespace: dict[str, Any] = {
        "__name__": "__main__" if as_main else "checked_program",
        "requires": runtime.requires,
        "ensures": runtime.ensures,
        "invariant": runtime.invariant,
        "decreases": runtime.decreases,
        "old": runtime.old,
        "index": runtime.old,
    }
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, LOAD_S)
    out: dict[str, Any] = {"value": None, "kind": None, "message": ""}
    try:
        tree = _Inert().visit(ast.parse(source))  # bytes: decoded as CPython decodes files
        code = compile(ast.fix_missing_locations(tree), "<plain program>", "exec")
        exec(code, namespace)  # noqa: S102 - limited worker
        signal.setitimer(signal.ITIMER_REAL, CALL_S)
        value = namespace[function](*[_copy(a) for a in args])
        out["value"] = (
            value if isinstance(value, (int, str, list, tuple, type(None))) else repr(value)
        )
    except _Slow:
        out.update(kind="timeout", message=f"still running after {CALL_S} s")
    except (Exception, SystemExit) as exc:  # any failure of the program is the answer
        out.update(kind=type(exc).__name__, message=str(exc))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        builtins.__dict__.clear()
        builtins.__dict__.update(saved)
    return out


def run(request: tuple) -> dict:
    """Serve one request (see the module docstring)."""
    if request[0] == "plain":
        return _plain(*request[1:])
    if request[0] == "fuzz":
        _, source, function, examples, seed, total = request
        return _fuzz(source, function, examples, seed, total)
    _, source, function, args = request
    fn, pre, _ = _load(source, function)
    if not _pre(pre, args):
        return {"pre": False, "kind": None, "message": ""}
    kind, message = _call(fn, args)
    return {"pre": True, "kind": kind, "message": message}
