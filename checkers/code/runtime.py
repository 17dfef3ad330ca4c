"""The runtime meaning of the contract notation: contracts as checks under CPython.

:func:`instrument` rewrites a checked file (already accepted by
:func:`~.parse.parse_module`) into plain Python in which every contract is a check that
raises :class:`Violation`: ``requires`` on entry, ``ensures`` at every return (parameters
and ``old(x)`` read their values on entry, ``result`` the returned value),
``invariant`` at every loop head (before each iteration and on normal exit; for ``for i
in range(lo, hi)`` with ``i`` the next index, for ``for v in xs`` with ``index(v)`` the
next position), ``decreases`` as "non-negative when an iteration starts, smaller at the
next head". ``assert`` stays a Python assert; a runtime error (``IndexError``,
``ZeroDivisionError`` …) is itself a failure. For each function ``f`` the rewrite adds
``f__pre(...)``: whether the arguments satisfy ``f``'s preconditions.

The rewritten text is only ever run in a limited worker (:mod:`.differential`), never
in the caller's process. Importing the names below makes a checked file runnable as is:
``requires``/``invariant`` check, ``ensures``/``decreases`` are accepted and ignored
(they need ``result`` or the previous iteration).
"""

from __future__ import annotations

import ast
import itertools
from typing import Any

from proofsmith.checkers.code.parse import CONTRACT, HINTS, call_name, hint_call, parse_module

__all__ = [
    "Violation",
    "decreases",
    "ensures",
    "index",
    "instrument",
    "invariant",
    "old",
    "requires",
]


class Violation(AssertionError):
    """A contract does not hold at run time: ``kind`` (precondition, postcondition, …)."""

    def __init__(self, kind: str, function: str, line: int) -> None:
        super().__init__(f"{function}: line {line}: {kind} violated")
        self.kind = kind
        self.function = function
        self.line = line


def requires(cond: Any) -> None:
    if not cond:
        raise Violation("precondition", "?", 0)


def invariant(cond: Any) -> None:
    if not cond:
        raise Violation("invariant", "?", 0)


def ensures(cond: Any) -> None:  # needs ``result``: checked only by :func:`instrument`
    return None


def decreases(measure: Any) -> None:  # needs the previous iteration: see :func:`instrument`
    return None


def old(value: Any) -> Any:
    return value


def index(value: Any) -> Any:  # pragma: no cover - only meaningful inside instrument()
    raise NameError("index(v) is only meaningful in the invariants of a for loop")


_IDS = itertools.count()


def _parse(text: str) -> list[ast.stmt]:
    return ast.parse(text).body


def _expr(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


class _Subst(ast.NodeTransformer):
    """Replace names (``result``, parameters in ``ensures``) and ``old(x)``/``index(v)``."""

    def __init__(self, names: dict[str, ast.expr], olds: dict[str, str] | None = None) -> None:
        self.names = names
        self.olds = olds

    def visit_Name(self, node: ast.Name) -> ast.expr:
        return self.names.get(node.id, node) if isinstance(node.ctx, ast.Load) else node

    def _comprehension(self, node: Any) -> ast.AST:
        """A name a generator binds is that generator's variable inside it (``x`` in
        ``all(x < 3 for x in range(n))`` is not the parameter ``x``); the first ``iter``
        is read in the enclosing scope, as Python reads it."""
        bound = {
            n.id for g in node.generators for n in ast.walk(g.target) if isinstance(n, ast.Name)
        }
        keep = {
            k: v
            for k, v in self.names.items()
            if k not in bound and k.removeprefix("index(").removesuffix(")") not in bound
        }
        inner = _Subst(keep, self.olds)
        for i, g in enumerate(node.generators):
            g.iter = (inner if i else self).visit(g.iter)
            g.ifs = [inner.visit(c) for c in g.ifs]
        for field in ("elt", "key", "value"):
            if hasattr(node, field):
                setattr(node, field, inner.visit(getattr(node, field)))
        return node

    visit_GeneratorExp = visit_ListComp = visit_SetComp = visit_DictComp = _comprehension

    def visit_Call(self, node: ast.Call) -> ast.AST:
        name = call_name(node)
        if name == "old" and self.olds is not None:
            return _Subst({k: _expr(v) for k, v in self.olds.items()}).visit(node.args[0])
        if name == "index" and isinstance(node.args[0], ast.Name):
            key = f"index({node.args[0].id})"
            if key in self.names:
                return self.names[key]
        return self.generic_visit(node)


def _check(kind: str, fn: str, cond: ast.expr, line: int) -> ast.stmt:
    text = f"if not ({ast.unparse(cond)}):\n    raise _Violation({kind!r}, {fn!r}, {line})"
    return _parse(text)[0]


class _Rewrite(ast.NodeTransformer):
    """Rewrites one function's body: returns, loops (see the module docstring)."""

    def __init__(self, fn: str, ensures: list[ast.expr], olds: dict[str, str]) -> None:
        self.fn = fn
        self.ensures = ensures
        self.olds = olds
        self.loop_names: dict[str, ast.expr] = {}  # index(v) -> hidden counter

    def _inv(self, invs: list[ast.expr], names: dict[str, ast.expr]) -> list[ast.stmt]:
        subst = {**self.loop_names, **names}
        return [_check("invariant", self.fn, _Subst(subst).visit(_copy(e)), e.lineno) for e in invs]

    def visit_Return(self, node: ast.Return) -> list[ast.stmt]:
        value = ast.unparse(node.value) if node.value is not None else "None"
        out = _parse(f"__result = {value}")
        names = {"result": _expr("__result"), **{k: _expr(v) for k, v in self.olds.items()}}
        for ens in self.ensures:
            cond = _Subst(names, self.olds).visit(_copy(ens))
            out.append(_check("postcondition", self.fn, cond, ens.lineno))
        out += _parse("return __result")
        return out

    def _split(self, body: list[ast.stmt]) -> tuple[list[ast.expr], ast.expr | None, list]:
        invs, measure, rest = [], None, list(body)
        while rest and (call := hint_call(rest[0], HINTS)) is not None:
            if call_name(call) == "invariant":
                invs.append(call.args[0])
            else:
                measure = call.args[0]
            rest.pop(0)
        return invs, measure, rest

    def _measure(self, measure: ast.expr | None, tag: str, line: int) -> tuple[list, list]:
        """Statements at the head (compare with the last iteration) and after the test."""
        if measure is None:
            return [], []
        now, prev = f"__m_{tag}", f"__mp_{tag}"
        head = _parse(f"{now} = {ast.unparse(_Subst(self.loop_names).visit(_copy(measure)))}")
        head.append(
            _check("measure decreases", self.fn, _expr(f"{prev} is None or {now} < {prev}"), line)
        )
        start = [_check("measure non-negative", self.fn, _expr(f"{now} >= 0"), line)]
        start += _parse(f"{prev} = {now}")
        return head, start

    def visit_While(self, node: ast.While) -> list[ast.stmt]:
        tag = str(next(_IDS))
        invs, measure, rest = self._split(node.body)
        head, start = self._measure(measure, tag, node.lineno)
        body = [self.visit(s) for s in rest]
        orelse = _flat([self.visit(s) for s in node.orelse])
        done = f"__done_{tag}"
        loop = ast.While(
            test=ast.Constant(True),
            body=[
                *self._inv(invs, {}),
                *head,
                _parse(f"if not ({ast.unparse(node.test)}):\n    {done} = True\n    break")[0],
                *start,
                *_flat(body),
            ],
            orelse=[],
        )
        after = [ast.If(test=_expr(done), body=orelse, orelse=[])] if orelse else []
        return [*_parse(f"__mp_{tag} = None\n{done} = False"), loop, *after]

    def visit_For(self, node: ast.For) -> list[ast.stmt]:
        tag = str(next(_IDS))
        var = node.target.id  # type: ignore[attr-defined]
        invs, measure, rest = self._split(node.body)
        if call_name(node.iter) == "range":
            args = node.iter.args  # type: ignore[attr-defined]
            lo, hi = ("0", ast.unparse(args[0])) if len(args) == 1 else map(ast.unparse, args)
            setup = _parse(f"__lo_{tag} = {lo}\n__hi_{tag} = {hi}\n__mp_{tag} = None")
            header = f"for {var} in range(__lo_{tag}, __hi_{tag}):\n    pass"
            at_exit = {var: _expr(f"max(__lo_{tag}, __hi_{tag})")}
        else:
            setup = _parse(f"__seq_{tag} = {ast.unparse(node.iter)}\n__mp_{tag} = None")
            header = f"for __k_{tag}, {var} in enumerate(__seq_{tag}):\n    pass"
            at_exit = {f"index({var})": _expr(f"len(__seq_{tag})")}
            self.loop_names[f"index({var})"] = _expr(f"__k_{tag}")
        head, start = self._measure(measure, tag, node.lineno)
        body = [self.visit(s) for s in rest]
        orelse = _flat([self.visit(s) for s in node.orelse])
        loop = _parse(header)[0]
        assert isinstance(loop, ast.For)
        loop.body = [*self._inv(invs, {}), *head, *start, *_flat(body)] or [ast.Pass()]
        loop.orelse = [*self._inv(invs, at_exit), *orelse]
        self.loop_names.pop(f"index({var})", None)
        return [*setup, loop]


def _copy(node: ast.expr) -> ast.expr:
    return _expr(ast.unparse(node))


def _flat(stmts: list[Any]) -> list[ast.stmt]:
    out: list[ast.stmt] = []
    for s in stmts:
        out.extend(s if isinstance(s, list) else [s])
    return out


def instrument(source: str) -> str:
    """``source`` with its contracts as runtime checks (see the module docstring)."""
    specs = parse_module(source)  # the subset only: refuses what it cannot read
    tree = ast.parse(source)
    body: list[ast.stmt] = _parse(
        "from proofsmith.checkers.code.runtime import Violation as _Violation"
    )
    for node in tree.body:
        if not isinstance(node, ast.FunctionDef):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                body.append(node)
            continue
        spec = specs[node.name]
        params = [p.name for p in spec.params]
        olds = {p: f"__old_{p}" for p in params}
        stmts = [s for s in node.body if hint_call(s, CONTRACT | {"decreases"}) is None]
        new: list[ast.stmt] = [*_parse("\n".join(f"{v} = _snap({k})" for k, v in olds.items()))]
        new += [_check("precondition", node.name, r, r.lineno) for r in spec.requires]
        if spec.measure is not None:  # the decrease per call is left to the time limit
            m = spec.measure
            new.append(
                _check(
                    "measure non-negative", node.name, _expr(f"({ast.unparse(m)}) >= 0"), m.lineno
                )
            )
        rewrite = _Rewrite(node.name, spec.ensures, olds)
        new += _flat([rewrite.visit(s) for s in stmts])
        if spec.returns == "none":
            new += _flat([rewrite.visit(ast.Return(value=None))])
        else:
            new += _parse(f"raise _Violation('missing return', {node.name!r}, {node.lineno})")
        node.body = new
        body.append(node)
        reqs = " and ".join(f"({ast.unparse(r)})" for r in spec.requires) or "True"
        pre = f"def {node.name}__pre({', '.join(params)}):\n    return bool({reqs})"
        body += _parse(pre)
    body += _parse("def _snap(v):\n    return list(v) if isinstance(v, list) else v")
    module = ast.Module(body=body, type_ignores=[])
    return ast.unparse(ast.fix_missing_locations(module))
