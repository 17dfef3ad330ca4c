"""Where an answer is defined: an equal verdict also needs the same (real) domain.

SymPy simplifies as it builds: ``\\frac{x^2}{x}`` becomes ``x``, ``\\frac{x}{x}`` and
``\\frac{\\sin x}{\\sin x}`` become 1, ``(\\sqrt{x})^2`` and ``e^{\\ln x}`` become ``x``,
and ``\\frac{x^2-1}{x-1}`` agrees with ``x+1`` at every random point. The parser records
the conditions the written form needs (:meth:`Cursor.condition`): a divisor is
``nonzero``, an even root's radicand ``nonneg``, a logarithm's argument ``pos``, an
arcsine's or arccosine's argument ``unit`` (in [-1, 1]). Conditions that hold for every
real value are dropped. When the remaining conditions of gold and prediction differ,
:func:`check_domains` looks for a point where one answer is defined and the other is not
(random real points and the points where a condition linear in one variable is on its
boundary, e.g. ``x = 1`` for ``x - 1 ≠ 0``): found, the answers are ``not_equal``;
otherwise ``unknown`` (the domains may differ where no point was drawn).
"""

from __future__ import annotations

import random

import sympy as sp

from proofsmith.checkers.answer.closed_form import constant_zero, digits_of, significant
from proofsmith.checkers.answer.cursor import DEG
from proofsmith.checkers.answer.identity import REAL_POINTS, draw_points, real_symbols

__all__ = ["check_domains"]

Result = tuple[bool | None, str]
Condition = tuple[str, sp.Expr]
_rng = random.SystemRandom()
_BOUNDARY = {"nonzero": (0,), "nonneg": (0,), "pos": (0,), "unit": (-1, 1)}


def _always(kind: str, expr: sp.Expr) -> bool:
    """Whether the condition holds for every real value of its variables (SymPy proves it)."""
    if kind == "nonzero":
        return expr.is_zero is False
    if kind == "nonneg":
        return bool(expr.is_nonnegative)
    if kind == "pos":
        return bool(expr.is_positive)
    return False


def _factors(expr: sp.Expr) -> list[sp.Expr]:
    """The factors of a ``nonzero`` condition that carry variables (signs and constants dropped)."""
    try:
        num, den = sp.fraction(sp.together(expr))
        found = []
        for part in (num, den):
            _, factors = sp.factor_list(part)
            found += [f for f, _ in factors if f.free_symbols]
        return found
    except (sp.PolynomialError, sp.polys.polyerrors.PolificationFailed, ValueError):
        return [expr]


def _normal(conditions: tuple) -> frozenset[Condition]:
    (_, *exprs), _ = real_symbols(sp.Integer(0), *(e for _, e in conditions))
    out = set()
    for (kind, _), expr in zip(conditions, exprs, strict=True):
        expr = expr.xreplace({s: sp.pi / 180 for s in expr.free_symbols if s.name == DEG.name})
        if not expr.free_symbols:
            continue
        parts = _factors(expr) if kind == "nonzero" else [expr]
        out |= {(kind, part) for part in parts if not _always(kind, part)}
    return frozenset(out)


def _holds(kind: str, expr: sp.Expr, point: dict) -> bool | None:
    value = expr.xreplace(point)
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return False
    zero, _, exact = constant_zero(value)
    if zero is True and exact:
        return kind == "nonneg"
    if zero is None or not exact:
        return None
    if kind == "nonzero":
        return True
    number = digits_of(value)
    if number is None:
        return None
    re, im = number.as_real_imag()
    if im != 0 and significant(im):
        return False  # not real: the written form is undefined on the reals here
    if not significant(re):
        return None
    if kind in ("nonneg", "pos"):
        return bool(re > 0)
    return bool(-1 <= re <= 1) if abs(abs(re) - 1) > 1e-20 else None


def _defined(conditions: frozenset[Condition], point: dict) -> bool | None:
    unknown = False
    for kind, expr in conditions:
        holds = _holds(kind, expr, point)
        if holds is False:
            return False
        unknown |= holds is None
    return None if unknown else True


def _boundary_points(conditions: frozenset[Condition], symbols: list) -> list[dict]:
    """Points where a condition linear in one variable sits on its boundary (x = 1 for x-1)."""
    points = []
    for kind, expr in conditions:
        for v in sorted(expr.free_symbols, key=lambda s: s.name):
            rest = {s: sp.Integer(_rng.randint(-20, 20)) for s in symbols if s != v}
            line = sp.expand(expr.xreplace(rest))
            if not line.is_polynomial(v) or sp.degree(line, v) != 1:
                continue
            slope, offset = line.coeff(v, 1), line.coeff(v, 0)
            if not (slope.is_Rational and offset.is_Rational) or slope == 0:
                continue
            for target in _BOUNDARY[kind]:
                points.append({**rest, v: (target - offset) / slope})
    return points


def check_domains(gold_conditions: tuple, pred_conditions: tuple) -> Result | None:
    """None when the two answers are written with the same domain; else not equal/unknown."""
    gold, pred = _normal(gold_conditions), _normal(pred_conditions)
    if gold == pred:
        return None
    symbols = sorted({s for _, e in gold | pred for s in e.free_symbols}, key=lambda s: s.name)
    both = gold | pred
    for point in _boundary_points(both, symbols) + draw_points(symbols, REAL_POINTS, integer=False):
        point = {s: point.get(s, sp.Integer(0)) for s in symbols}
        in_gold, in_pred = _defined(gold, point), _defined(pred, point)
        if in_gold is not None and in_pred is not None and in_gold != in_pred:
            where = ", ".join(f"{s}={v}" for s, v in point.items())
            side = "gold" if in_gold else "prediction"
            return False, f"defined on different domains: only the {side} is defined at {where}"
    return None, "the answers are written with different domains; no proof they agree"
