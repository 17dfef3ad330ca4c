"""Equivalence of two parsed answers: ``True`` equal, ``False`` not equal, ``None`` unknown.

The rules and their sources are in ``POLICY.md``; normal forms come from :mod:`.shapes`.
In order: units differ → not equal; a degree sign is read as 1, then as pi/180; equations
compare when proportional; named values by name; a prediction's equation chain by its last
value, a gold relation by its right side; ``x%`` is ``x/100`` on the prediction (a gold
with ``%`` also takes the bare number). Shapes must agree (tuple ≠ set; a set equals a list
with repeats). Numbers are equal when their difference is proved zero (:mod:`.closed_form`);
decimals are definite values, and the one approximate equality is a decimal (3+ significant
digits) that is an exact non-integer value rounded to the places shown (``rounding``).
Expressions with variables are equal by exact randomized identity tests or a symbolic proof
(:mod:`.identity`). Huge numbers compare by structure, then by magnitude; else unknown.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import sympy as sp

from proofsmith.checkers.answer.closed_form import constant_zero, digits_of
from proofsmith.checkers.answer.cursor import DEG
from proofsmith.checkers.answer.domain import check_domains
from proofsmith.checkers.answer.identity import proportional, same_function
from proofsmith.checkers.answer.nodes import (
    Answer,
    Ival,
    Mat,
    Node,
    Rel,
    Seq,
    Text,
    UnionOf,
)
from proofsmith.checkers.answer.numeric import Undecidable, log10_abs
from proofsmith.checkers.answer.shapes import (
    has_symbol,
    inexact_chain,
    is_equation,
    is_name,
    last_value,
    names,
    shape,
    spread_names,
    subject,
    substitute,
)

__all__ = ["Options", "compare"]

Result = tuple[bool | None, str]
_INF = (sp.oo, -sp.oo, sp.zoo)


@dataclass(frozen=True)
class Options:
    rel_tol: float = 0.0  # opt-in relative tolerance (never for an integer gold)
    min_sig_digits: int = 3  # a rounded decimal needs this many significant digits to count


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
        if self.gold.members and self.pred.members and self.gold.members != self.pred.members:
            return False, "the answers are about different variables (x \\in … vs y \\in …)"
        verdict = self.verdict()
        if verdict[0] and (self.gold.conditions or self.pred.conditions):
            domains = check_domains(self.gold.conditions, self.pred.conditions)
            if domains is not None:
                return domains
        return verdict

    def verdict(self) -> Result:
        g, p = self.gold.node, self.pred.node
        if self.gold.units and self.pred.units and self.gold.units != self.pred.units:
            return (
                False,
                f"units differ: {' '.join(self.gold.units)} vs {' '.join(self.pred.units)}",
            )
        if has_symbol(g, DEG) or has_symbol(p, DEG):  # 90° is 90 (degrees) or pi/2 (radians)
            first = self.main(substitute(g, DEG, 1), substitute(p, DEG, 1))
            if first[0]:
                return first
            second = self.main(substitute(g, DEG, sp.pi / 180), substitute(p, DEG, sp.pi / 180))
            return second if second[0] is not False else first
        return self.main(g, p)

    def main(self, g: Node, p: Node) -> Result:
        g, p = spread_names(g), spread_names(p)  # (y, x) = (2, 3) says y = 2, x = 3
        about = subject(g), subject(p)
        if None not in about and about[0] != about[1]:  # x > 2 vs y > 2; y = 2x+1 vs x = …
            return False, f"the answers are about different variables: {about[0]} vs {about[1]}"
        if is_equation(g) and is_equation(p):
            return self.equation(g.terms[0] - g.terms[1], p.terms[0] - p.terms[1])
        named = self.named(g, p)
        if named is not None:
            return named
        if not isinstance(g, Rel):
            if inexact_chain(p) and last_value(p) is not p:  # "4.99 = 5" rounds: approximate
                self.pred = dataclasses.replace(self.pred, approx=True)
            p = last_value(p)
        elif not isinstance(p, Rel) and g.ops == ("=",) and is_name(g.terms[0]):
            left, g = g.terms  # gold "g(t) = 3t-1", "|PQ| = 2": its right side is the answer
            named = _symbols(left) - _symbols(g)  # A_1:A_2 = 3:5 holds no condition of 3:5
            kept = tuple(c for c in self.gold.conditions if not c[1].free_symbols <= named)
            self.gold = dataclasses.replace(self.gold, conditions=kept)
        g, p = shape(g), shape(p)
        if isinstance(g, sp.Basic) and isinstance(p, sp.Basic):
            if self.pred.percent and not self.gold.percent:
                return self.expr(g, p / 100)  # 20% is 0.2, never 20
            if self.gold.percent and not self.pred.percent:
                first = self.expr(g, p)  # a gold 20% takes 20 (the sign dropped) or 0.2
                return first if first[0] else self.expr(g / 100, p)
        return self.node(g, p)

    def named(self, g: Node, p: Node) -> Result | None:
        """``x = 2, y = 3``: values compared by their names, or in order against bare values."""
        gn, pn = names(g), names(p)
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
        written = gn if gn is not None else pn
        if [str(n) for n in written] != sorted(str(n) for n in written):
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
        if self.pred.approx and not self.gold.approx:
            approximation = self.approximation(g, p)
            if approximation is not None:
                return approximation
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

    def approximation(self, g: sp.Expr, p: sp.Expr) -> Result | None:
        """A prediction written as an approximation (``\\approx 5``, "about 0.333").

        It commits to no exact value, so it is equal only through :meth:`rounding` (a
        decimal standing for an exact non-integer gold) or as the same decimal as a decimal
        gold. Anything else, an integer gold above all, is not equal. None: go on comparing.
        """
        decimal = _decimal(self.pred, p)
        if decimal and (_decimal(self.gold, g) or not (g.is_Integer or g.free_symbols)):
            return None
        return False, "an approximate value does not commit to the exact answer"

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
        places = max(answer.decimals or 0, _places(shown))  # 3.34·10^-1 shows 0.334
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


def _symbols(node: Node) -> set:
    return set(node.free_symbols) if isinstance(node, sp.Basic) else set()


def _decimal(answer: Answer, value: sp.Expr) -> bool | None:
    """True when the answer is one plain decimal literal (``0.333``, ``-1.5``), else None.

    The value must be a terminating decimal (``\\frac{1.00}{3.00}`` is none).
    """
    if answer.decimals is None or not value.is_Rational or answer.percent:
        return None
    return True if _places(value) is not None else None


def _places(value: sp.Rational) -> int | None:
    """The decimal places a terminating decimal needs (0.334: 3), None if it does not end."""
    q, twos, fives = int(value.q), 0, 0
    while q % 2 == 0:
        q, twos = q // 2, twos + 1
    while q % 5 == 0:
        q, fives = q // 5, fives + 1
    return max(twos, fives) if q == 1 else None


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
