"""Size guards for building numbers, and magnitude estimates for numbers too big to build.

:func:`guarded_pow` and :func:`guarded_factorial` evaluate only when the result stays
small (``MAX_RESULT_BITS``); otherwise they return an unevaluated node and report it as
huge. :func:`log10_abs` bounds such a node's size with floats, without evaluating it, so
``10^{10^{10}}`` can still be told apart from ``5``.
"""

from __future__ import annotations

import math

import sympy as sp

__all__ = [
    "MAX_FACTORIAL",
    "MAX_RESULT_BITS",
    "Undecidable",
    "guarded_factorial",
    "guarded_pow",
    "log10_abs",
]

MAX_RESULT_BITS = 200_000  # evaluate a numeric power only if its result fits in this many bits
MAX_FACTORIAL = 2_000  # evaluate n! only up to this n
MAX_SYMBOLIC_EXPONENT = 200  # (x+1)^n with larger n is never expanded


class Undecidable(Exception):
    """A magnitude cannot be bounded safely (cancellation, sign of a huge power)."""


def _bits(r: sp.Rational) -> int:
    return max(abs(int(r.p)).bit_length(), int(r.q).bit_length())


def guarded_pow(base: sp.Expr, exp: sp.Expr, huge: bool) -> tuple[sp.Expr, bool]:
    """``base ** exp``, evaluated only when small; returns (expr, is_huge)."""
    if huge:
        return sp.Pow(base, exp, evaluate=False), True
    if isinstance(base, sp.Rational) and isinstance(exp, sp.Rational):
        if base in (0, 1, -1) and exp.is_Integer:
            return sp.Pow(base, exp), False
        if exp.is_Integer:
            if abs(int(exp)) * _bits(base) <= MAX_RESULT_BITS:
                return sp.Pow(base, exp), False
            return sp.Pow(base, exp, evaluate=False), True
        if abs(int(exp.p)) * _bits(base) <= MAX_RESULT_BITS and int(exp.q) <= 1000:
            return sp.Pow(base, exp), False
        return sp.Pow(base, exp, evaluate=False), True
    if base.free_symbols and exp.is_Integer and abs(int(exp)) > MAX_SYMBOLIC_EXPONENT:
        return sp.Pow(base, exp, evaluate=False), True
    if isinstance(exp, sp.Rational) and abs(int(exp.p)) > 10**6:
        return sp.Pow(base, exp, evaluate=False), True
    return sp.Pow(base, exp), False


def guarded_factorial(arg: sp.Expr, double: bool, huge: bool) -> tuple[sp.Expr, bool]:
    """``arg!`` (or ``arg!!``), evaluated only for small non-negative integers."""
    fn = sp.factorial2 if double else sp.factorial
    if not huge and arg.is_Integer and 0 <= int(arg) <= MAX_FACTORIAL:
        return fn(arg), False
    if huge or (arg.is_Number and not arg.free_symbols):
        return fn(arg, evaluate=False), True
    return fn(arg), False


_LN10 = math.log(10)


def _log10_int(n: int) -> float:
    n = abs(n)
    if n == 0:
        return -math.inf
    bits = n.bit_length()
    if bits < 1000:
        return math.log10(n)
    shift = bits - 64
    return math.log10(n >> shift) + shift * math.log10(2)


def _value(expr: sp.Expr) -> float:
    """A float value of a (possibly huge) positive-or-negative number; ±inf when it overflows."""
    magnitude = log10_abs(expr)
    sign = _sign(expr)
    if magnitude > 300:
        return math.copysign(math.inf, sign)
    return sign * 10.0**magnitude


def _sign(expr: sp.Expr) -> int:
    if isinstance(expr, sp.Rational):
        return 1 if expr >= 0 else -1
    if isinstance(expr, sp.Mul):
        sign = 1
        for arg in expr.args:
            sign *= _sign(arg)
        return sign
    if isinstance(expr, sp.Pow):
        if _sign(expr.base) > 0:
            return 1
        raise Undecidable("sign of a power of a negative base")
    if isinstance(expr, (sp.factorial, sp.factorial2)) or expr in (sp.pi, sp.E):
        return 1
    raise Undecidable(f"sign of {type(expr).__name__}")


def log10_abs(expr: sp.Expr) -> float:
    """log10 of ``|expr|`` for a closed-form number, possibly ``inf``; never evaluates it."""
    if isinstance(expr, sp.Rational):
        return _log10_int(int(expr.p)) - _log10_int(int(expr.q))
    if expr is sp.pi:
        return math.log10(math.pi)
    if expr is sp.E:
        return 1 / _LN10
    if isinstance(expr, sp.Mul):
        return sum(log10_abs(arg) for arg in expr.args)
    if isinstance(expr, sp.Pow):
        base_log = log10_abs(expr.base)
        if base_log == 0:
            return 0.0
        exponent = _value(expr.exp)
        result = exponent * base_log
        if math.isnan(result):
            raise Undecidable("indeterminate power")
        return result
    if isinstance(expr, sp.factorial):
        n = _value(expr.args[0])
        if n < 0:
            raise Undecidable("factorial of a negative number")
        if math.isinf(n):
            return math.inf
        return math.lgamma(n + 1) / _LN10
    raise Undecidable(f"cannot bound the size of {type(expr).__name__}")
