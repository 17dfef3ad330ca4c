"""Equivalence of two parsed answers: ``True`` equal, ``False`` not equal, ``None`` unknown.

Rules, in the order they are applied:

- ``\\pm`` expands to a list of both signs; ``x = 5`` (an assignment to a bare symbol)
  is compared by its right side; an inequality in one variable becomes an interval.
- Shapes must agree: a tuple is not a set, an ordered pair is not an interval unless the
  other side is an interval and the pair is written ``(a, b)``; matrices keep their shape.
  A bare list of solutions (``2, 3`` or ``x=2 or x=3``) matches a list or set in any order.
- Numbers are equal when their difference is proved zero (:mod:`.closed_form`: exact
  arithmetic, minimal polynomials, simplification; a numeric last resort only for small
  closed forms, named in the reason) and differ when it is certainly non-zero. A decimal
  literal on one side is also equal when it is the other side rounded to the decimals
  shown (it needs ``min_sig_digits``), or within ``rel_tol``. Expressions with variables
  are equal by exact randomized identity testing (rational functions) or a symbolic
  proof (:mod:`.identity`); numeric agreement alone is unknown.
- ``x%`` means ``x/100`` only when the gold carries ``%``; otherwise ``%`` is a unit.
- Huge numbers (towers) compare by structure, then by magnitude; else unknown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import sympy as sp

from proofsmith.checkers.answer.closed_form import constant_zero
from proofsmith.checkers.answer.cursor import PM
from proofsmith.checkers.answer.identity import proportional, same_function
from proofsmith.checkers.answer.nodes import Answer, Ival, Mat, Node, Rel, Seq, Text, UnionOf
from proofsmith.checkers.answer.numeric import Undecidable, log10_abs

__all__ = ["Options", "compare"]

Result = tuple[bool | None, str]
_INF = (sp.oo, -sp.oo, sp.zoo)


@dataclass(frozen=True)
class Options:
    rel_tol: float = 1e-6  # relative tolerance between a decimal literal and the other side
    min_sig_digits: int = 3  # a rounded decimal needs this many significant digits to count


def _expand_pm(node: Node) -> Node:
    if isinstance(node, sp.Basic) and node.has(PM):
        return Seq("list", (node.subs(PM, 1), node.subs(PM, -1)))
    if isinstance(node, Rel) and any(isinstance(t, sp.Basic) and t.has(PM) for t in node.terms):
        return Seq(
            "list", tuple(Rel(node.ops, tuple(_sub(t, s) for t in node.terms)) for s in (1, -1))
        )
    return node


def _sub(term: Node, sign: int) -> Node:
    return term.subs(PM, sign) if isinstance(term, sp.Basic) else term


def _is_var(node: Node) -> bool:
    if isinstance(node, sp.Symbol):
        return True
    return isinstance(node, Seq) and bool(node.items) and all(_is_var(i) for i in node.items)


def _is_equation(node: Node) -> bool:
    return (
        isinstance(node, Rel)
        and node.ops == ("=",)
        and all(isinstance(t, sp.Basic) and not t.has(PM) for t in node.terms)
    )


def _as_interval(rel: Rel) -> Node:
    """``a < x <= b`` / ``x > 3`` / ``3 > x`` → Ival; anything else unchanged."""
    if "=" in rel.ops or "!=" in rel.ops or len(rel.terms) not in (2, 3):
        return rel
    flip = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}
    terms, ops = list(rel.terms), list(rel.ops)
    if len(terms) == 2 and not isinstance(terms[0], sp.Symbol) and isinstance(terms[1], sp.Symbol):
        terms, ops = terms[::-1], [flip[ops[0]]]
    if len(terms) == 2 and isinstance(terms[0], sp.Symbol):
        bound = terms[1]
        if not isinstance(bound, sp.Basic) or bound.free_symbols:
            return rel
        if ops[0] in "<=":
            return Ival(-sp.oo, bound, True, ops[0] == "<")
        return Ival(bound, sp.oo, ops[0] == ">", True)
    ascending, descending = set(ops) <= {"<", "<="}, set(ops) <= {">", ">="}
    if len(terms) == 3 and isinstance(terms[1], sp.Symbol) and (ascending or descending):
        lo, hi = terms[0], terms[2]
        if not all(isinstance(t, sp.Basic) and not t.free_symbols for t in (lo, hi)):
            return rel
        if ops[0] in (">", ">="):
            return Ival(hi, lo, ops[1] == ">", ops[0] == ">")
        return Ival(lo, hi, ops[0] == "<", ops[1] == "<")
    return rel


def _shape(node: Node) -> Node:
    node = _expand_pm(node)
    if isinstance(node, Rel):
        if node.ops == ("=",) and _is_var(node.terms[0]):
            return _shape(node.terms[1])
        return _as_interval(node)
    if isinstance(node, Seq):
        items: list[Node] = []
        for item in node.items:
            shaped = _shape(item)
            if node.kind == "list" and isinstance(shaped, Seq) and shaped.kind == "list":
                items.extend(shaped.items)
            else:
                items.append(shaped)
        if node.kind == "list" and items and all(isinstance(i, (Ival, UnionOf)) for i in items):
            return UnionOf(tuple(items))
        return Seq(node.kind, tuple(items), node.maybe_interval)
    if isinstance(node, UnionOf):
        parts: list[Node] = []
        for part in map(_shape, node.parts):
            parts.extend(part.parts if isinstance(part, UnionOf) else [part])
        if all(isinstance(part, Seq) and part.kind == "set" for part in parts):
            items = [item for part in parts for item in part.items]
            return Seq("set", tuple(dict.fromkeys(items)))  # {1,3} ∪ {2,4} = {1,2,3,4}
        return UnionOf(tuple(parts))
    return node


def _num(expr: sp.Expr) -> complex | None:
    try:
        out = complex(expr.evalf(40))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None
    if math.isnan(out.real) or math.isnan(out.imag) or math.isinf(abs(out)):
        return None
    return out


def _rounds_to(exact: float, shown: float, decimals: int) -> bool:
    scale = 10.0**decimals
    return abs(math.floor(exact * scale + 0.5) / scale - shown) <= 0.5 / scale * 1e-6


class _Comparer:
    def __init__(self, gold: Answer, pred: Answer, options: Options) -> None:
        self.gold, self.pred, self.opts = gold, pred, options

    def top(self) -> Result:
        g, p = self.gold.node, self.pred.node
        if _is_equation(g) and _is_equation(p):
            return self.equation(g.terms[0] - g.terms[1], p.terms[0] - p.terms[1])
        g, p = _shape(g), _shape(p)
        if self.gold.percent and isinstance(g, sp.Basic) and isinstance(p, sp.Basic):
            first = self.expr(g, p)
            if first[0] or self.pred.percent:
                return first
            return self.expr(g / 100, p)
        return self.node(g, p)

    def node(self, g: Node, p: Node) -> Result:
        if isinstance(p, Seq) and p.kind == "list" and len(p.items) == 1:
            p = p.items[0]
        if isinstance(g, Seq) and g.kind == "list" and len(g.items) == 1:
            g = g.items[0]
        if isinstance(g, Text) or isinstance(p, Text):
            if isinstance(g, Text) and isinstance(p, Text):
                return (g.text == p.text, "text " + ("matches" if g.text == p.text else "differs"))
            return False, "one answer is text, the other mathematics"
        if isinstance(g, sp.Basic) and isinstance(p, sp.Basic):
            return self.expr(g, p)
        if isinstance(p, Seq) and p.maybe_interval and isinstance(g, (Ival, UnionOf)):
            p = Ival(p.items[0], p.items[1], True, True)
        if isinstance(g, Seq) and g.maybe_interval and isinstance(p, (Ival, UnionOf)):
            g = Ival(g.items[0], g.items[1], True, True)
        if isinstance(g, Ival) and isinstance(p, UnionOf) and len(p.parts) == 1:
            p = p.parts[0]
        if isinstance(p, Ival) and isinstance(g, UnionOf) and len(g.parts) == 1:
            g = g.parts[0]
        if isinstance(g, Seq) and isinstance(p, Seq):
            return self.seq(g, p)
        if isinstance(g, Ival) and isinstance(p, Ival):
            if (g.lo_open, g.hi_open) != (p.lo_open, p.hi_open):
                return False, "interval ends differ in openness"
            return self.all_of([(g.lo, p.lo), (g.hi, p.hi)], "interval")
        if isinstance(g, UnionOf) and isinstance(p, UnionOf):
            return self.unordered(g.parts, p.parts, "union")
        if isinstance(g, Mat) and isinstance(p, Mat):
            if g.shape != p.shape:
                return False, f"matrix shapes differ: {g.shape} vs {p.shape}"
            pairs = [
                (a, b)
                for ra, rb in zip(g.rows, p.rows, strict=True)
                for a, b in zip(ra, rb, strict=True)
            ]
            return self.all_of(pairs, "matrix")
        if isinstance(g, Rel) and isinstance(p, Rel):
            return self.relation(g, p)
        return False, f"gold is {_kind(g)}, prediction is {_kind(p)}"

    def seq(self, g: Seq, p: Seq) -> Result:
        if {g.kind, p.kind} == {"tuple", "set"}:
            return False, f"gold is {_kind(g)}, prediction is {_kind(p)}"
        if len(g.items) != len(p.items):
            return False, f"{len(g.items)} items in gold, {len(p.items)} in prediction"
        if "tuple" in (g.kind, p.kind):
            return self.all_of(list(zip(g.items, p.items, strict=True)), "tuple")
        return self.unordered(g.items, p.items, "list")

    def all_of(self, pairs: list[tuple[Node, Node]], what: str) -> Result:
        unknown = None
        for a, b in pairs:
            same, reason = self.node(a, b)
            if same is False:
                return False, f"{what} items differ: {reason}"
            if same is None:
                unknown = reason
        if unknown is not None:
            return None, unknown
        return True, f"{what} items equal"

    def unordered(self, gold: tuple, pred: tuple, what: str) -> Result:
        if len(gold) != len(pred):
            return False, f"{len(gold)} items in gold, {len(pred)} in prediction"
        left = list(pred)
        unknown = None
        for a in gold:
            results = [self.node(a, b) for b in left]
            hit = next((i for i, r in enumerate(results) if r[0]), None)
            if hit is not None:
                left.pop(hit)
            elif any(r[0] is None for r in results):
                unknown = next(r[1] for r in results if r[0] is None)
            else:
                return False, f"{what}: gold item {a} has no match"
        if unknown is not None:
            return None, unknown
        return True, f"{what} items equal in some order"

    def relation(self, g: Rel, p: Rel) -> Result:
        if (
            g.ops == ("=",)
            and p.ops == ("=",)
            and all(isinstance(t, sp.Basic) for t in g.terms + p.terms)
        ):
            return self.equation(g.terms[0] - g.terms[1], p.terms[0] - p.terms[1])
        if g.ops != p.ops or len(g.terms) != len(p.terms):
            return False, "relations differ"
        return self.all_of(list(zip(g.terms, p.terms, strict=True)), "relation")

    def equation(self, g: sp.Expr, p: sp.Expr) -> Result:
        """``g = 0`` and ``p = 0`` are the same equation when g/p is a non-zero constant."""
        return proportional(g, p)

    def expr(self, g: sp.Expr, p: sp.Expr) -> Result:
        if g == p:
            return True, "identical once parsed"
        if g in _INF or p in _INF or g.has(sp.zoo, sp.nan) or p.has(sp.zoo, sp.nan):
            return False, "infinities differ"
        if self.gold.huge or self.pred.huge:
            return self.huge(g, p)
        if g.free_symbols or p.free_symbols:
            return self.symbolic(g, p)
        diff = sp.Add(g, -p)
        if diff == 0:
            return True, "exactly equal"
        gv, pv = _num(g), _num(p)
        if gv is None or pv is None:
            return None, f"cannot evaluate {g if gv is None else p} numerically"
        zero, reason, _ = constant_zero(diff)
        if zero:
            return True, reason
        if zero is False:
            return self.tolerance(gv, pv, reason)
        if self.gold.decimals is not None or self.pred.decimals is not None:
            within = self.tolerance(gv, pv)
            if within[0]:
                return within
        return None, reason

    def tolerance(self, gv: complex, pv: complex, why: str = "") -> Result:
        gold, pred, opts = self.gold, self.pred, self.opts
        if gold.decimals is None and pred.decimals is None:
            return False, f"values differ: {_fmt(gv)} vs {_fmt(pv)}" + (f" ({why})" if why else "")
        if abs(gv - pv) <= opts.rel_tol * max(abs(gv), 1e-300):
            return True, f"within relative tolerance {opts.rel_tol:g}"
        if gv.imag or pv.imag:
            return False, "complex values differ"
        g, p = gv.real, pv.real
        if pred.decimals is not None and (gold.decimals is None or pred.decimals <= gold.decimals):
            if gold.decimals is None and (pred.sig_digits or 0) < opts.min_sig_digits:
                return False, f"{p:g} has too few significant digits to stand for {g:.12g}"
            if _rounds_to(g, p, pred.decimals):
                return True, f"gold rounded to {pred.decimals} decimals"
        elif gold.decimals is not None and _rounds_to(p, g, gold.decimals):
            return True, f"prediction rounded to {gold.decimals} decimals"
        return False, f"values differ: {g:.12g} vs {p:.12g}"

    def symbolic(self, g: sp.Expr, p: sp.Expr) -> Result:
        return same_function(g, p)

    def huge(self, g: sp.Expr, p: sp.Expr) -> Result:
        if g.free_symbols or p.free_symbols:
            return None, "huge symbolic expression differs structurally"
        try:
            lg, lp = log10_abs(g), log10_abs(p)
        except Undecidable as exc:
            return None, f"huge number: {exc}"
        if math.isinf(lg) and math.isinf(lp):
            return None, "both numbers are too large to compare"
        if math.isinf(lg) != math.isinf(lp):
            return False, "one number is astronomically larger than the other"
        if abs(lg - lp) > 1e-9 * max(1.0, abs(lg), abs(lp)):
            return False, f"magnitudes differ: 10^{lg:.6g} vs 10^{lp:.6g}"
        return None, "huge numbers of equal magnitude"


def _fmt(value: complex) -> str:
    return f"{value.real:.12g}" if value.imag == 0 else f"{value:.12g}"


def _kind(node: Node) -> str:
    if isinstance(node, Seq):
        return {"tuple": "a tuple", "set": "a set", "list": "a list"}[node.kind]
    names = {Ival: "an interval", UnionOf: "a union", Mat: "a matrix", Rel: "a relation"}
    return names.get(type(node), "an expression")


def compare(gold: Answer, pred: Answer, options: Options | None = None) -> Result:
    """Compare two parsed answers: (True|False|None, reason)."""
    return _Comparer(gold, pred, options or Options()).top()
