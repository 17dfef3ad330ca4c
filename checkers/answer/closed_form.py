"""Is a closed-form number zero? Certified digits, exact proofs, and a guarded last resort.

:func:`constant_zero` evaluates a difference adaptively to ``SEARCH_DIGITS`` digits; a
result with significant digits proves it non-zero. One that looks like zero must be
proved: SymPy's assumptions (``is_zero``, which falls back on the minimal polynomial),
the minimal polynomial of an algebraic number (exact either way: ``√2+√3`` vs
``√(5+2√6)``), then ``radsimp``/``expand``/``simplify``/``equals``. The last resort —
zero to ``SEARCH_DIGITS`` digits with no proof — counts as equal only for tame
expressions (short; literals below 10^30; intermediate values within 10^±30; function
arguments within ±100, nested at most 3 deep), and the reason says so; otherwise the
answer is unknown. Used for numbers by :mod:`.compare` and for values at random points
by :mod:`.identity`.
"""

from __future__ import annotations

import sympy as sp

__all__ = ["MAX_PROOF_OPS", "SEARCH_DIGITS", "constant_zero", "digits_of", "significant"]

SEARCH_DIGITS = 1000  # a difference is searched for non-zero digits up to this precision
MAX_PROOF_OPS = 150  # simplify/equals are only tried on differences this small
TAME_OPS = 60  # last resort: at most this many operations,
TAME_DIGITS = 30  # rational literals below 10^30, intermediate values within 10^±30,
TAME_ARGUMENT = 100  # function arguments and radicands within ±100,
TAME_NESTING = 3  # and functions/radicals nested at most this deep


def digits_of(d: sp.Expr, digits: int = 30) -> sp.Expr | None:
    """``d`` to ``digits`` significant digits, searching up to SEARCH_DIGITS; None if it fails."""
    try:
        value = d.evalf(digits, maxn=SEARCH_DIGITS)
    except (TypeError, ValueError, ArithmeticError, RecursionError, AttributeError):
        return None
    if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not value.is_number or value.free_symbols:
        return None
    if not all(part.is_Number for part in value.as_real_imag()):
        return None
    return value


def significant(value: sp.Expr) -> bool:
    """Whether an evalf result has significant digits, i.e. is certainly non-zero."""
    return any(
        part != 0 and not (part.is_Float and part._prec <= 1) for part in value.as_real_imag()
    )


def _algebraic(d: sp.Expr) -> bool:
    for node in sp.preorder_traversal(d):
        if isinstance(node, (sp.Add, sp.Mul, sp.Rational)) or node is sp.I:
            continue
        if isinstance(node, sp.Pow) and node.exp.is_Rational:
            continue
        return False
    return True


def _proof(d: sp.Expr) -> tuple[bool | None, str]:
    """Try to decide ``d == 0`` exactly; (None, "") when no method applies."""
    zero = d.is_zero
    if zero is not None:
        return zero, "SymPy assumptions"
    if _algebraic(d):
        try:
            poly = sp.minimal_polynomial(d, sp.Dummy("t"))
        except (NotImplementedError, ValueError, ArithmeticError, sp.polys.polyerrors.PolyError):
            poly = None
        if poly is not None:
            return poly.is_Symbol, "minimal polynomial"
    for name, method in (("radsimp", sp.radsimp), ("expand", sp.expand)):
        if method(d) == 0:
            return True, name
    if sp.count_ops(d) <= MAX_PROOF_OPS:
        if sp.simplify(d) == 0:
            return True, "simplify"
        if d.equals(0) is True:
            return True, "equals"
    return None, ""


def _tame(d: sp.Expr) -> bool:
    """Whether a numeric zero of ``d`` may stand as equality (the last resort).

    Excluded are the known ways of making a non-zero difference smaller than 10^-1000
    with a short expression: long literals, huge or tiny intermediate values, functions
    evaluated far out where they saturate (``tanh(10^4)`` is 1 to 8000 digits) and deep
    nesting. Within these limits a perturbation shrinks by at most ~10^-87 per level.
    """
    if sp.count_ops(d) > TAME_OPS:
        return False
    return _tame_node(d, 0)


def _tame_node(node: sp.Expr, depth: int) -> bool:
    if isinstance(node, sp.Rational):
        limit = 10**TAME_DIGITS
        return abs(node.p) < limit and node.q < limit
    if not node.args:
        return True
    value = digits_of(node, 15)
    if value is None:
        return False
    size = abs(complex(value))
    if size and not 10.0**-TAME_DIGITS <= size <= 10.0**TAME_DIGITS:
        return False
    nested = isinstance(node, sp.Function) or (isinstance(node, sp.Pow) and not node.exp.is_Integer)
    if nested:
        depth += 1
        if depth > TAME_NESTING:
            return False
        for arg in node.args:
            arg_value = digits_of(arg, 15)
            if arg_value is None or abs(complex(arg_value)) > TAME_ARGUMENT:
                return False
    return all(_tame_node(arg, depth) for arg in node.args)


def _short(value: sp.Expr) -> str:
    if isinstance(value, sp.Rational) and abs(value.p) < 10**15 and value.q < 10**15:
        return str(value)
    return str(sp.N(value, 6))


def constant_zero(d: sp.Expr) -> tuple[bool | None, str, bool]:
    """Decide ``d == 0`` for a closed-form number: (answer, reason, exact).

    ``exact`` is False only for the numeric last resort (answer True, said in the reason).
    """
    if d == 0:
        return True, "exactly equal", True
    if d.is_Rational:
        return False, f"differ by {_short(d)}", True
    value = digits_of(d)
    if value is None:
        return None, "cannot evaluate the difference numerically", True
    if significant(value):
        return False, f"differ by {_short(value)}", True
    zero, method = _proof(d)
    if zero is True:
        return True, f"exactly equal (proved by {method})", True
    if zero is False:
        return False, f"non-zero by {method}, below 1e-{SEARCH_DIGITS}", True
    if _tame(d):
        return (
            True,
            (
                f"equal to {SEARCH_DIGITS} digits, no exact proof found "
                "(numeric last resort for small closed forms)"
            ),
            False,
        )
    return None, f"agree to {SEARCH_DIGITS} digits but no exact proof", True
