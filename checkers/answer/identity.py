"""Are two expressions the same function? Randomized identity tests and symbolic proofs.

Soundness first: ``equal`` needs exact evidence; numeric agreement alone gives
``unknown``. Values at points are decided by
:func:`~proofsmith.checkers.answer.closed_form.constant_zero`, and only its exact
answers count here (never its numeric last resort).

Expressions with variables (:func:`same_function`) are read as real functions:

- rational functions (``+ − × ÷`` and integer powers): both sides are evaluated exactly
  at ``SZ_POINTS`` random integer points drawn fresh per check from ±2^62 (points where
  a side is undefined are redrawn). Two different rational functions of total degree D
  agree at such a point with probability ≤ D/2^63 (Schwartz–Zippel), so equality at all
  points is a proof up to a stated error bound, and any difference refutes.
- anything else (roots, ``|x|``, logs, trig …): random real points can refute (a
  certified difference where both sides are real) but never prove — an adversary can
  make ``√((x-a)²)`` and ``x-a`` agree wherever we happen to sample. Equality needs a
  symbolic proof (``expand``/``cancel``/``simplify`` reaching 0); otherwise ``unknown``.

:func:`proportional` decides whether ``g = 0`` and ``p = 0`` are the same equation.
"""

from __future__ import annotations

import random

import sympy as sp

from proofsmith.checkers.answer.closed_form import (
    MAX_PROOF_OPS,
    constant_zero,
    digits_of,
    significant,
)

__all__ = ["SZ_POINTS", "draw_points", "proportional", "real_symbols", "same_function"]

Result = tuple[bool | None, str]

SZ_POINTS = 3  # random points of the exact (Schwartz–Zippel) test
SZ_BITS = 62  # points are integers in [-2^SZ_BITS, 2^SZ_BITS]
MAX_SZ_DEGREE = 100_000  # above this degree bound, no exact evaluation (unknown instead)
REAL_POINTS = 6  # random real points used to refute non-rational expressions
_REDRAWS = 20  # attempts to find a point where both sides are defined

_rng = random.SystemRandom()  # fresh, unpredictable points for every check


def draw_points(symbols: list[sp.Symbol], count: int, *, integer: bool) -> list[dict]:
    """``count`` random points: integers in ±2^62, or real rationals of both signs."""
    points = []
    for k in range(count):
        if integer:
            values = [_rng.randint(-(2**SZ_BITS), 2**SZ_BITS) for _ in symbols]
            points.append({s: sp.Integer(v) for s, v in zip(symbols, values, strict=True)})
            continue
        point = {}
        for j, s in enumerate(symbols):  # alternate signs so each variable meets both
            scale = (1, 4, 32)[(k // 2 + j) % 3]
            magnitude = sp.Rational(_rng.randint(1, scale * 2**40), 2**40)
            point[s] = magnitude if (k + j) % 2 == 0 else -magnitude
        points.append(point)
    return points


def _degree(expr: sp.Expr, symbols: set) -> int:
    """A bound on the degree of numerator and denominator of a rational expression."""
    if expr in symbols:
        return 1
    if not expr.free_symbols & symbols:
        return 0
    if isinstance(expr, sp.Pow):
        return abs(int(expr.exp)) * _degree(expr.base, symbols)
    return sum(_degree(arg, symbols) for arg in expr.args)


def _rational(expr: sp.Expr, symbols: list) -> bool:
    return not expr.free_symbols or expr.is_rational_function(*symbols)


def _at(expr: sp.Expr, point: dict) -> sp.Expr | None:
    value = expr.xreplace(point)
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
        return None
    return value


def _defined_points(exprs: list[sp.Expr], symbols: list, count: int) -> list[tuple]:
    """``count`` random integer points where every expr is defined, with the values."""
    found = []
    for _ in range(_REDRAWS):
        if len(found) == count:
            break
        point = draw_points(symbols, 1, integer=True)[0]
        values = [_at(e, point) for e in exprs]
        if all(v is not None for v in values):
            found.append((point, values))
    return found


def _schwartz_zippel(g: sp.Expr, p: sp.Expr, symbols: list) -> Result:
    degree = _degree(g, set(symbols)) + _degree(p, set(symbols))
    if degree > MAX_SZ_DEGREE:
        return None, f"degree bound {degree} too high for exact evaluation"
    points = _defined_points([g, p], symbols, SZ_POINTS)
    if len(points) < SZ_POINTS:
        return None, "cannot find points where both sides are defined"
    for point, (gv, pv) in points:
        zero, reason, exact = constant_zero(sp.Add(gv, -pv))
        if zero is False:
            return False, f"expressions differ at {_show(point)}"
        if zero is None or not exact:
            return None, f"cannot decide the values at a random point: {reason}"
    bound = (degree / 2 ** (SZ_BITS + 1)) ** SZ_POINTS
    return True, (
        f"identical at {SZ_POINTS} random points in exact arithmetic "
        f"(chance of a false match < {max(bound, 1e-300):.0e})"
    )


def _show(point: dict) -> str:
    return ", ".join(f"{s}={v}" for s, v in point.items())


def _real_value(expr: sp.Expr) -> complex | None:
    value = digits_of(expr)
    return None if value is None else complex(value)


def _refute(g: sp.Expr, p: sp.Expr, symbols: list) -> tuple[Result | None, bool]:
    """A certified difference at a random real point where both sides are real.

    Also reports whether a difference was seen only where a side is not real.
    """
    off_domain = False
    for point in draw_points(symbols, REAL_POINTS, integer=False):
        gv, pv = _at(g, point), _at(p, point)
        if gv is None or pv is None:
            continue
        diff = digits_of(sp.Add(gv, -pv))
        if diff is None or not significant(diff):
            continue
        gn, pn = _real_value(gv), _real_value(pv)
        if gn is None or pn is None or gn.imag or pn.imag:
            off_domain = True
            continue
        reason = f"expressions differ at {_show(point)}: {gn.real:.6g} vs {pn.real:.6g}"
        return (False, reason), off_domain
    return None, off_domain


def _simplifies_to_zero(d: sp.Expr) -> str | None:
    for name, method in (("expand", sp.expand), ("cancel", sp.cancel)):
        if method(d) == 0:
            return name
    if sp.count_ops(d) > MAX_PROOF_OPS:
        return None
    for name, method in (("trigsimp", sp.trigsimp), ("simplify", sp.simplify)):
        if method(d) == 0:
            return name
    return "equals" if d.equals(0) is True else None


def real_symbols(*exprs: sp.Expr) -> tuple[list[sp.Expr], list[sp.Symbol]]:
    """The expressions with every free symbol made real, and those symbols sorted by name."""
    names = sorted({s.name for e in exprs for s in e.free_symbols})
    real = {n: sp.Symbol(n, real=True) for n in names}
    out = [e.xreplace({s: real[s.name] for s in e.free_symbols}) for e in exprs]
    return out, [real[n] for n in names]


def same_function(g: sp.Expr, p: sp.Expr) -> Result:
    """Are ``g`` and ``p`` the same function of their (real) variables?"""
    (g, p), symbols = real_symbols(g, p)
    if g == p:
        return True, "identical once parsed"
    if _rational(g, symbols) and _rational(p, symbols):
        return _schwartz_zippel(g, p, symbols)
    refuted, off_domain = _refute(g, p, symbols)
    if refuted is not None:
        return refuted
    method = _simplifies_to_zero(sp.Add(g, -p))
    if method is not None:
        return True, f"the difference is 0 by {method}"
    if off_domain:
        return None, "equal where both are real, different elsewhere; no exact proof"
    return None, f"agree numerically at {REAL_POINTS} random points; no exact proof"


def proportional(g: sp.Expr, p: sp.Expr) -> Result:
    """Are ``g = 0`` and ``p = 0`` the same equation, i.e. ``g = c·p`` for a constant c ≠ 0?"""
    (g, p), symbols = real_symbols(g, p)
    if not symbols:
        return None, "equations without variables"
    if g == p or g == -p:
        return True, "the same equation"
    if _rational(g, symbols) and _rational(p, symbols):
        points = _defined_points([g, p], symbols, 1)
        if not points or points[0][1][1] == 0:
            return None, "cannot find a point to scale the equations at"
        gv, pv = points[0][1]
        scale = sp.cancel(gv / pv)
        if scale == 0:
            return False, "equations differ"
        same, _ = _schwartz_zippel(g, sp.Mul(scale, p), symbols)
        if same is None:
            return None, "cannot decide whether the equations are proportional"
        return same, "equations differ by a constant factor" if same else "equations differ"
    ratios = []
    for point in draw_points(symbols, REAL_POINTS, integer=False):
        gv, pv = _at(g, point), _at(p, point)
        ratio = None if gv is None or pv is None or pv == 0 else digits_of(gv / pv)
        if ratio is not None and significant(ratio) and not complex(ratio).imag:
            ratios.append(gv / pv)
    if len(ratios) >= 2 and significant(digits_of(ratios[0] - ratios[1]) or sp.Integer(0)):
        return False, "equations differ (their ratio is not constant)"
    if sp.count_ops(g) + sp.count_ops(p) <= MAX_PROOF_OPS:
        ratio = sp.simplify(g / p)
        if not ratio.free_symbols and ratio != 0 and ratio.is_finite:
            return True, "equations differ by a constant factor (simplify)"
    return None, "cannot prove the equations proportional"
