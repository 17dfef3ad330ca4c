"""Generator expressions in contracts: ``all``/``any`` as quantifiers, and ``sum``,
``min``, ``max`` over a range or a list as recursive z3 functions (:func:`fold`).

Mixed into :class:`~proofsmith.checkers.code.encode.Encoder`, which supplies the
expression encoding (``typed``, ``cond``) and obligations.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

import z3

from proofsmith.checkers.code.parse import call_name, unsupported

if TYPE_CHECKING:
    from proofsmith.checkers.code.encode import Scope

__all__ = ["Comprehensions", "fold"]


_FOLDS: dict[tuple[int, str], Any] = {}


def fold(op: str) -> Any:
    """The z3 function folding ``f(k)`` for ``lo <= k < hi`` with ``op`` (one definition
    per z3 context): ``sum`` is 0 on an empty range; ``min``/``max`` are defined from
    ``f(lo)`` (an empty range is an error in Python, an obligation where it matters)."""
    ctx = z3.main_ctx()
    if (id(ctx), op) not in _FOLDS:
        arr = z3.ArraySort(z3.IntSort(), z3.IntSort())
        fn = z3.RecFunction(f"{op}Σ", arr, z3.IntSort(), z3.IntSort(), z3.IntSort())
        f, lo, hi = z3.Const("f", arr), z3.Int("lo"), z3.Int("hi")
        last, rest = f[hi - 1], fn(f, lo, hi - 1)
        if op == "sum":
            body = z3.If(hi <= lo, 0, rest + last)
        else:
            better = last < rest if op == "min" else last > rest
            body = z3.If(hi - 1 <= lo, f[lo], z3.If(better, last, rest))
        z3.RecAddDefinition(fn, [f, lo, hi], body)
        _FOLDS[(id(ctx), op)] = fn
    return _FOLDS[(id(ctx), op)]


def _bound(scope: Scope) -> Any:
    """The bound variable of a new fold: one name per nesting depth (not a fresh one), so
    equal sums are the same term, which z3 needs to match Σ(f, lo, i) with the unfolding
    of Σ(f, lo, i + 1). The depth is one past the deepest bound variable a name in scope
    holds, not their count: in ``sum(sum(sum(k for j …) for k …) for k …)`` the middle
    ``k`` hides the outer one, and a count would give ``j`` the middle ``k``'s variable
    (capturing it: the inner sum would read ``j`` where Python reads ``k``)."""
    depths = [
        int(str(v)[: -len("!Σ")])
        for v in scope.env.values()
        if z3.is_const(v) and str(v).endswith("!Σ")
    ]
    return z3.Int(f"{max(depths, default=-1) + 1}!Σ")


class Comprehensions:
    """``all``/``any``/``sum``/``min``/``max`` over generators (a mixin of Encoder)."""

    if TYPE_CHECKING:

        def typed(self, node: ast.expr, scope: Scope, kind: str) -> Any: ...
        def cond(self, node: ast.expr, scope: Scope) -> Any: ...
        def obligation(self, kind: str, node: ast.AST, goal: Any, scope: Scope) -> None: ...

    def _fold(self, node: ast.Call, op: str, arg: ast.expr, scope: Scope) -> Any:
        """``sum``/``min``/``max`` of ``e for k in range(a, b)`` or of a list, in contracts:
        a recursive function over the range (:func:`fold`), e.g. ``Σ(f, a, b) = 0 if
        b <= a else Σ(f, a, b-1) + f(b-1)``. ``min``/``max`` of an empty range raise in
        Python: where a contract is checked, a non-empty range is an obligation."""
        if not isinstance(arg, (ast.GeneratorExp, ast.ListComp)):  # sum(xs): over its indices
            # the list is evaluated once, here: rewriting sum(e) to sum(e[k] for k in …)
            # would read e with k bound (wrong for e = xs[k:] when k is a variable)
            lst = self.typed(arg, scope, "list")
            k = _bound(scope)
            if op != "sum" and scope.runtime:
                self.obligation(f"{op}() of a non-empty range", node, lst.n > 0, scope)
            # the element term as xs[k] encodes it, so sum(xs) is the same z3 term as an
            # invariant's sum(xs[k] for k in range(len(xs))) (z3 matches terms, not meaning)
            at = z3.If(k >= 0, k, lst.n + k)
            return fold(op)(z3.Lambda([k], lst.arr[at]), z3.IntVal(0), lst.n)
        if len(arg.generators) != 1 or arg.generators[0].is_async:
            raise unsupported(node, f"{op}(...) over more than one generator")
        g = arg.generators[0]
        if not isinstance(g.target, ast.Name) or call_name(g.iter) != "range":
            raise unsupported(g.iter, f"{op} over anything but range(...) or a list")
        bounds = [self.typed(a, scope, "int") for a in g.iter.args]  # type: ignore[attr-defined]
        if len(bounds) not in (1, 2):
            raise unsupported(g.iter, f"range with a step in {op}(...)")
        if op != "sum" and g.ifs:
            raise unsupported(g.iter, f"{op}(...) with an if filter")
        lo, hi = (z3.IntVal(0), bounds[0]) if len(bounds) == 1 else bounds
        k = _bound(scope)
        inner = scope.bind(g.target.id, k).guarded(z3.And(lo <= k, k < hi))
        conds = []
        for c in g.ifs:
            conds.append(self.cond(c, inner))
            inner = inner.guarded(conds[-1])
        term = self.typed(arg.elt, inner, "int")
        if conds:
            term = z3.If(z3.And(*conds), term, 0)
        if op != "sum" and scope.runtime:
            self.obligation(f"{op}() of a non-empty range", node, lo < hi, scope)
        return fold(op)(z3.Lambda([k], term), lo, hi)

    def _quantifier(self, node: ast.Call, name: str, gen: ast.expr, scope: Scope) -> Any:
        if not isinstance(gen, (ast.GeneratorExp, ast.ListComp)):
            raise unsupported(node, f"{name}(...) over anything but a generator")
        return self._gen(name, gen.elt, list(gen.generators), scope)

    def _gen(self, name: str, elt: ast.expr, gens: list[ast.comprehension], scope: Scope) -> Any:
        if not gens:
            return self.cond(elt, scope)
        g = gens[0]
        if not isinstance(g.target, ast.Name) or call_name(g.iter) != "range" or g.is_async:
            raise unsupported(g.iter, "generator over anything but range(...)")
        bounds = [self.typed(a, scope, "int") for a in g.iter.args]  # type: ignore[attr-defined]
        if len(bounds) not in (1, 2):
            raise unsupported(g.iter, "range with a step in a generator")
        lo, hi = (z3.IntVal(0), bounds[0]) if len(bounds) == 1 else bounds
        k = z3.FreshInt(g.target.id)
        inner = scope.bind(g.target.id, k).guarded(z3.And(lo <= k, k < hi))
        conds = [z3.And(lo <= k, k < hi)]
        for c in g.ifs:
            conds.append(self.cond(c, inner))
            inner = inner.guarded(conds[-1])
        body = self._gen(name, elt, gens[1:], inner)
        if name == "all":
            return z3.ForAll([k], z3.Implies(z3.And(*conds), body))
        return z3.Exists([k], z3.And(*conds, body))
