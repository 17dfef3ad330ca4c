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

from proofsmith.checkers.answer.closed_form import constant_zero, digits_of
from proofsmith.checkers.answer.cursor import DEG, PM
from proofsmith.checkers.answer.identity import proportional, same_function
from proofsmith.checkers.answer.nodes import (
    Answer,
    Inter,
    Ival,
    Mat,
    Node,
    Rel,
    Seq,
    Text,
    UnionOf,
)
from proofsmith.checkers.answer.numeric import Undecidable, log10_abs

__all__ = ["Options", "compare"]

Result = tuple[bool | None, str]
_INF = (sp.oo, -sp.oo, sp.zoo)


@dataclass(frozen=True)
class Options:
    rel_tol: float = 0.0  # opt-in relative tolerance (never for an integer gold)
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


def _rel_var(node: Node) -> str | None:
    """The one variable of an inequality (``x`` of ``1 < x``, ``|w|`` counts as w), else None."""
    if not isinstance(node, Rel) or "=" in node.ops:
        return None
    names = {s.name for t in node.terms if isinstance(t, sp.Basic) for s in t.free_symbols}
    return names.pop() if len(names) == 1 else "several" if names else None


def _abs_interval(rel: Rel) -> Node:
    """``2 <= |w| <= 3`` → ``[-3,-2] ∪ [2,3]``; ``|x| < 3`` → ``(-3, 3)``; else unchanged."""
    terms, ops = rel.terms, rel.ops
    if len(terms) == 2 and isinstance(terms[0], sp.Abs) and ops[0] in ("<", "<="):
        terms, ops = (sp.Integer(0), terms[0], terms[1]), ("<=", ops[0])
    if len(terms) != 3 or not set(ops) <= {"<", "<="} or not isinstance(terms[1], sp.Abs):
        return rel
    if not isinstance(terms[1].args[0], sp.Symbol):
        return rel
    lo, hi = terms[0], terms[2]
    if not all(isinstance(t, sp.Basic) and t.is_number and t.is_real for t in (lo, hi)):
        return rel
    lo_open, hi_open = ops[0] == "<", ops[1] == "<"
    if (lo < 0) is sp.true or lo == 0 and not lo_open:
        return Ival(-hi, hi, hi_open, hi_open)
    return UnionOf((Ival(-hi, -lo, hi_open, lo_open), Ival(lo, hi, lo_open, hi_open)))


def _to_set(node: Node):
    """An interval/union/intersection with real numeric ends as a SymPy set, else None."""
    if isinstance(node, Ival):
        ends = (node.lo, node.hi)
        if not all(isinstance(e, sp.Basic) and (e.is_real or e in (sp.oo, -sp.oo)) for e in ends):
            return None
        return sp.Interval(node.lo, node.hi, node.lo_open, node.hi_open)
    if isinstance(node, (UnionOf, Inter)):
        parts = [_to_set(part) for part in node.parts]
        if any(part is None for part in parts):
            return None
        return sp.Union(*parts) if isinstance(node, UnionOf) else sp.Intersection(*parts)
    return None


def _from_set(value) -> Node | None:
    if isinstance(value, sp.Interval):
        return Ival(value.start, value.end, bool(value.left_open), bool(value.right_open))
    if isinstance(value, sp.Union) and all(isinstance(a, sp.Interval) for a in value.args):
        return UnionOf(tuple(_from_set(a) for a in value.args))
    if value is sp.S.EmptySet:
        return Seq("set", ())
    return None


def _canonical_set(node: Node) -> Node:
    """Adjacent intervals merged, intersections worked out: ``[1,2) ∪ [2,3]`` → ``[1,3]``."""
    value = _to_set(node)
    found = _from_set(value) if value is not None else None
    return node if found is None else found


def _shape(node: Node) -> Node:
    node = _expand_pm(node)
    if isinstance(node, Inter):
        if len({_rel_var(part) for part in node.parts}) != 1:
            return node  # "x > 1 and y < 3": two variables, no interval
        return _canonical_set(Inter(tuple(_shape(part) for part in node.parts)))
    if isinstance(node, Rel):
        if node.ops == ("=",) and _is_var(node.terms[0]):
            return _shape(node.terms[1])
        shaped = _abs_interval(node)
        return _canonical_set(shaped) if shaped is not node else _as_interval(node)
    if isinstance(node, Seq) and len({v for v in map(_rel_var, node.items) if v}) > 1:
        return node  # "x < 1 or y > 3" is no set of numbers: kept as written
    if isinstance(node, Seq):
        items: list[Node] = []
        for item in node.items:
            shaped = _shape(item)
            if node.kind == "list" and isinstance(shaped, Seq) and shaped.kind == "list":
                items.extend(shaped.items)
            else:
                items.append(shaped)
        if node.kind == "list" and items and all(isinstance(i, (Ival, UnionOf)) for i in items):
            return _canonical_set(UnionOf(tuple(items)))
        return Seq(node.kind, tuple(items), node.maybe_interval)
    if isinstance(node, UnionOf):
        parts: list[Node] = []
        for part in map(_shape, node.parts):
            parts.extend(part.parts if isinstance(part, UnionOf) else [part])
        if all(isinstance(part, Seq) and part.kind == "set" for part in parts):
            items = [item for part in parts for item in part.items]
            return Seq("set", tuple(dict.fromkeys(items)))  # {1,3} ∪ {2,4} = {1,2,3,4}
        return _canonical_set(UnionOf(tuple(parts)))
    if isinstance(node, Ival):
        return _canonical_set(node)
    return node


def _num(expr: sp.Expr) -> complex | None:
    try:
        out = complex(expr.evalf(40))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None
    if math.isnan(out.real) or math.isnan(out.imag) or math.isinf(abs(out)):
        return None
    return out


class _Comparer:
    def __init__(self, gold: Answer, pred: Answer, options: Options) -> None:
        self.gold, self.pred, self.opts = gold, pred, options

    def top(self) -> Result:
        g, p = self.gold.node, self.pred.node
        if self.gold.units and self.pred.units and self.gold.units != self.pred.units:
            return (
                False,
                f"units differ: {' '.join(self.gold.units)} vs {' '.join(self.pred.units)}",
            )
        if _has(g, DEG) or _has(p, DEG):  # 90° is 90 (degrees) or pi/2 (radians)
            first = self.main(_subs(g, DEG, 1), _subs(p, DEG, 1))
            if first[0]:
                return first
            second = self.main(_subs(g, DEG, sp.pi / 180), _subs(p, DEG, sp.pi / 180))
            return second if second[0] is not False else first
        return self.main(g, p)

    def main(self, g: Node, p: Node) -> Result:
        if _is_equation(g) and _is_equation(p):
            return self.equation(g.terms[0] - g.terms[1], p.terms[0] - p.terms[1])
        named = self.named(g, p)
        if named is not None:
            return named
        if not isinstance(g, Rel):
            p = _last_value(p)
        elif not isinstance(p, Rel) and g.ops == ("=",) and _is_name(g.terms[0]):
            g = g.terms[1]  # gold "g(t) = 3t-1", "|PQ| = 2": its right side is the answer
        g, p = _shape(g), _shape(p)
        if isinstance(g, sp.Basic) and isinstance(p, sp.Basic):
            if self.pred.percent and not self.gold.percent:
                return self.expr(g, p / 100)  # 20% is 0.2, never 20
            if self.gold.percent and not self.pred.percent:
                first = self.expr(g, p)  # a gold 20% takes 20 (the sign dropped) or 0.2
                return first if first[0] else self.expr(g / 100, p)
        return self.node(g, p)

    def named(self, g: Node, p: Node) -> Result | None:
        """``x = 2, y = 3``: values compared by their names, or in order against bare values."""
        gn, pn = _names(g), _names(p)
        if gn is None and pn is None:
            return None
        gi = g.items if isinstance(g, Seq) else (g,)
        pi = p.items if isinstance(p, Seq) else (p,)
        if gn is not None and pn is not None:
            if sorted(map(str, gn)) != sorted(map(str, pn)):
                return False, "the named values have different names"
            by_name = {str(k): v for k, v in zip(pn, (i.terms[1] for i in pi), strict=True)}
            pairs = [(i.terms[1], by_name[str(k)]) for k, i in zip(gn, gi, strict=True)]
            return self.all_of(pairs, "named values")
        if (
            len(gi) != len(pi)
            or len(gi) < 2
            or any(isinstance(i, Rel) for i in (gi if gn is None else pi))
        ):
            return None
        names = gn if gn is not None else pn
        if [str(n) for n in names] != sorted(str(n) for n in names):
            return None, "named values out of alphabetical order against an unnamed answer"
        gv = [i.terms[1] if gn is not None else i for i in gi]
        pv = [i.terms[1] if pn is not None else i for i in pi]
        return self.all_of(list(zip(gv, pv, strict=True)), "values in order")

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
        if "set" in (g.kind, p.kind) and "tuple" not in (g.kind, p.kind):
            g = Seq(g.kind, tuple(dict.fromkeys(g.items)))  # a set lists each member once
            p = Seq(p.kind, tuple(dict.fromkeys(p.items)))
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
        if diff.is_Rational and g.is_Rational and p.is_Rational:
            rounded = self.rounding(g, p)
            return rounded or (False, f"values differ by {_short(diff)}")
        gv, pv = _num(g), _num(p)
        if gv is None or pv is None:
            return None, f"cannot evaluate {g if gv is None else p} numerically"
        zero, reason, _ = constant_zero(diff)
        if zero:
            return True, reason
        rounded = self.rounding(g, p)
        if rounded is not None:
            return rounded
        if zero is False:
            return False, f"values differ: {_fmt(gv)} vs {_fmt(pv)} ({reason})"
        return None, reason

    def rounding(self, g: sp.Expr, p: sp.Expr) -> Result | None:
        """The one approximate equality: an exact value and a decimal that rounds it.

        Applies only when exactly one side is a plain decimal literal (``0.333``) with at
        least ``min_sig_digits`` significant digits, the other is exact and not an integer
        (``\\frac13``, ``\\sqrt2``, ``\\pi``), and the decimal is that value rounded to the
        places shown: ``|exact - decimal| <= 0.5·10^-places``. Two decimals are definite
        values and compare exactly (0.45 ≠ 0.5). ``rel_tol`` (off by default) is opt-in.
        None when the rule does not apply.
        """
        gd, pd = _decimal(self.gold, g), _decimal(self.pred, p)
        if gd == pd:  # both decimals, or neither
            return self.relative(g, p)
        exact, shown, answer = (p, g, self.gold) if gd else (g, p, self.pred)
        if exact.is_Integer:
            return False, f"{shown} is not the integer {exact}"
        if (answer.sig_digits or 0) < self.opts.min_sig_digits:
            return False, f"{shown} has too few significant digits to stand for {exact}"
        places = answer.decimals or 0
        gap = digits_of(sp.Abs(exact - shown) * sp.Integer(10) ** places * 2, 30)
        if gap is not None and gap.is_real and gap < 1 + sp.Rational(1, 10**12):
            side = "gold" if exact is g else "prediction"
            return True, f"{side} rounded to {places} decimals"
        return False, f"{shown} is not {exact} rounded to {places} decimals"

    def relative(self, g: sp.Expr, p: sp.Expr) -> Result | None:
        """The opt-in ``rel_tol``: never for an integer gold."""
        tol = self.opts.rel_tol
        if not tol or g.is_Integer:
            return None
        gv, pv = _num(g), _num(p)
        if gv is not None and pv is not None and abs(gv - pv) <= tol * max(abs(gv), 1e-300):
            return True, f"within relative tolerance {tol:g}"
        return None

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


def _has(node: Node, symbol: sp.Symbol) -> bool:
    if isinstance(node, sp.Basic):
        return node.has(symbol)
    if isinstance(node, (Seq, UnionOf, Inter)):
        children = node.items if isinstance(node, Seq) else node.parts
        return any(_has(c, symbol) for c in children)
    if isinstance(node, Rel):
        return any(_has(t, symbol) for t in node.terms)
    if isinstance(node, Ival):
        return _has(node.lo, symbol) or _has(node.hi, symbol)
    return False


def _subs(node: Node, symbol: sp.Symbol, value: sp.Expr) -> Node:
    if isinstance(node, sp.Basic):
        return node.xreplace({symbol: value})
    if isinstance(node, Seq):
        return Seq(
            node.kind, tuple(_subs(i, symbol, value) for i in node.items), node.maybe_interval
        )
    if isinstance(node, (UnionOf, Inter)):
        return type(node)(tuple(_subs(i, symbol, value) for i in node.parts))
    if isinstance(node, Rel):
        return Rel(node.ops, tuple(_subs(t, symbol, value) for t in node.terms))
    if isinstance(node, Ival):
        return Ival(
            _subs(node.lo, symbol, value), _subs(node.hi, symbol, value), node.lo_open, node.hi_open
        )
    return node


def _is_name(node: Node) -> bool:
    """``x``, ``g(t)`` (read g·t), ``|PQ|``, ``A_1/A_2``: letters only, no sums or numbers."""
    if not isinstance(node, sp.Basic) or not node.free_symbols or node.has(PM):
        return False
    if any(isinstance(n, sp.Add) for n in sp.preorder_traversal(node)):
        return False
    return all(abs(n) == 1 for n in node.atoms(sp.Number))


def _names(node: Node) -> tuple | None:
    """The names of a list of distinct assignments (``x = 2, y = 3``), else None."""
    items = node.items if isinstance(node, Seq) and node.kind in ("list", "tuple") else None
    if not items or len(items) < 2:
        return None
    if not all(isinstance(i, Rel) and i.ops == ("=",) and _is_name(i.terms[0]) for i in items):
        return None
    names = tuple(i.terms[0] for i in items)
    return names if len(set(names)) == len(names) else None


def _last_value(node: Node) -> Node:
    """The value an equation chain ends in when the gold is a value.

    ``\\sqrt{9} = 3``, ``y = 2+3+4 = 9``, ``\\pi \\approx 3.14``: every term before the
    last is a constant or (first only) a name. ``2x = 10`` stays a relation.
    """
    if not isinstance(node, Rel) or set(node.ops) != {"="} or len(node.terms) < 2:
        return node
    if not all(isinstance(t, sp.Basic) and not t.has(PM) for t in node.terms):
        return node
    first, *middle, last = node.terms
    if not all(not t.free_symbols for t in middle):
        return node
    if first.free_symbols and not _is_name(first):
        return node
    return last


def _decimal(answer: Answer, value: sp.Expr) -> bool | None:
    """True when the answer is one plain decimal literal (``0.333``, ``-1.5``), else None."""
    if answer.decimals is None or not value.is_Rational or answer.percent:
        return None
    return True


def _short(value: sp.Expr) -> str:
    if abs(value.p) < 10**15 and value.q < 10**15:
        return str(value)
    return f"about 2^{max(abs(value.p).bit_length() - value.q.bit_length(), 0)}"


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
