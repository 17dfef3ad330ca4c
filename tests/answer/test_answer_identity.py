"""Soundness of equality: adversarial answers that agree numerically are never ``equal``.

Polynomials built to vanish at many points (including the fixed points an older version
used), near-equal constants, tiny differences, piecewise functions that agree wherever
one samples: each must come out ``not_equal`` or ``unknown``. True identities must still
be ``equal``, and the reason says what backs the verdict.
"""

from __future__ import annotations

import pytest
import sympy as sp

from proofsmith.checkers.answer import judge
from proofsmith.checkers.answer.closed_form import constant_zero
from proofsmith.checkers.answer.identity import draw_points, proportional, same_function

x, y = sp.symbols("x y")
_OLD_POINTS = [r"\frac{7}{13}", r"\frac{29}{17}", r"\frac{5}{11}", r"\frac{41}{19}"]


def _vanishing(roots: list[str], var: str = "x") -> str:
    return "".join(f"({var}-{r})" for r in roots)


ADVERSARIAL = [  # (gold, prediction, verdicts allowed) — never "equal"
    ("x", "x + (x-a)(x-b)(x-c)(x-d)", {"not_equal"}),
    ("x", "x + " + _vanishing(_OLD_POINTS), {"not_equal"}),
    ("x", "x + " + _vanishing([str(k) for k in range(1, 41)]), {"not_equal"}),
    ("x", "x + " + _vanishing([rf"\frac{{{k}}}{{{k + 1}}}" for k in range(30)]), {"not_equal"}),
    ("x^2 + y^2", "x^2 + y^2 + (x-y)(x+y-1)(x-2y)", {"not_equal"}),
    ("x", "x + 10^{-1000}(x-1)", {"not_equal"}),
    (r"\frac{1}{x}", r"\frac{1}{x} + \frac{(x-1)(x-2)}{10^{30} x}", {"not_equal"}),
    ("y = 2x + 1", "y = 2x + 1 + (x-1)(x-2)(x-3)(y-4)", {"not_equal"}),
    (r"\pi", r"\frac{355}{113}", {"not_equal"}),
    (r"e^{\pi} - \pi", "20", {"not_equal"}),
    ("20", r"e^{\pi} - \pi", {"not_equal"}),
    ("262537412640768744", r"e^{\pi\sqrt{163}}", {"not_equal"}),
    ("1", "1 + 10^{-12}", {"not_equal"}),
    ("1", r"\frac{10^{12} + 1}{10^{12}}", {"not_equal"}),
    ("1", "1 + e^{-1000}", {"not_equal"}),
    ("2", r"\sqrt{4 + e^{-999999}}", {"not_equal", "unknown"}),
    (r"\sqrt{2}", r"\frac{141421356237}{100000000000}", {"not_equal"}),
    (r"\frac{\pi}{2}", r"\arctan(10^{40}) + \arctan(10^{-40})", {"unknown"}),  # not tame
    ("1", r"\tanh(10000)", {"unknown", "not_equal"}),  # 1 to 8000 digits: saturated
    ("1", r"\tanh(10^{29})", {"unknown", "not_equal"}),
    ("1", r"\tanh(100)", {"not_equal"}),
    (
        r"\tanh(25+\tanh(25+\tanh(25)))",
        r"\tanh(25+\tanh(25+\tanh(25+10^{-29})))",
        {"not_equal"},
    ),
    ("x", r"\sqrt{x^2}", {"not_equal"}),
    ("x", "|x|", {"not_equal"}),
    ("x + 10^{20}", r"\sqrt{(x+10^{20})^2}", {"unknown", "not_equal"}),  # agrees where we look
    ("x + 100", "|x + 100|", {"unknown", "not_equal"}),
    (r"2\ln x", r"\ln(x^2)", {"unknown", "not_equal"}),
    ("1", r"(((x+1)^{200})^{200})^{200}", {"unknown", "not_equal"}),
]


@pytest.mark.parametrize(("gold", "pred", "allowed"), ADVERSARIAL)
def test_adversarial_answers_are_never_equal(gold, pred, allowed):
    result = judge(gold, pred)
    assert result["verdict"] in allowed, result
    assert result["reason"]


IDENTITIES = [  # (gold, prediction, a word the reason must contain)
    ("x^2 + 2x + 1", "(x+1)^2", "random points in exact arithmetic"),
    (r"\frac{1}{x-1} - \frac{1}{x+1}", r"\frac{2}{x^2-1}", "random points"),
    ("(a+b)^3", "a^3 + 3a^2b + 3ab^2 + b^3", "random points"),
    (r"\frac{1}{\sqrt{x}}", r"\frac{\sqrt{x}}{x}", "identical"),  # same domain x > 0
    (r"\frac{1}{x}", r"\frac{2}{2x}", "identical"),
    ("1", r"\lim_{x \to 0} \frac{\sin x}{x}", "identical"),  # a bound variable: no domain
    (r"\sqrt{2} x + x", r"(1+\sqrt{2})x", "identical"),
    (r"(\sqrt2+\sqrt3) x", r"\sqrt{5+2\sqrt6}\, x", "random points"),
    (r"\sin^2 x + \cos^2 x", "1", "the difference is 0"),
    (r"\sin(2x)", r"2\sin x \cos x", "the difference is 0"),
    (r"\sqrt{2}+\sqrt{3}", r"\sqrt{5+2\sqrt{6}}", "exactly equal"),
    (r"\frac{1}{2}", r"\cos\frac{\pi}{7}+\cos\frac{3\pi}{7}+\cos\frac{5\pi}{7}", "exactly equal"),
    (r"3\ln 2", r"\ln 8", "exactly equal"),
    (r"\sqrt[3]{-8}", "-2", ""),
    ("1", r"\sqrt[3]{2-\sqrt5}+\sqrt[3]{2+\sqrt5}", "exactly equal"),
    ("y = 2x + 1", "4x - 2y + 2 = 0", "constant factor"),
]


@pytest.mark.parametrize(("gold", "pred", "why"), IDENTITIES)
def test_identities_are_equal_with_the_evidence_named(gold, pred, why):
    result = judge(gold, pred)
    assert result["verdict"] == "equal", result
    assert why in result["reason"]


@pytest.mark.parametrize(
    ("gold", "pred"),
    [
        (r"\pi", r"\arctan 1 + \arctan 2 + \arctan 3"),
        (r"\frac{\pi}{4}", r"4\arctan\frac15 - \arctan\frac{1}{239}"),  # Machin
    ],
)
def test_numeric_last_resort_says_so(gold, pred):
    result = judge(gold, pred)
    assert result["verdict"] == "equal"
    assert "no exact proof" in result["reason"] and "last resort" in result["reason"]


def test_rounding_of_an_exact_value_is_the_only_approximate_equality():
    assert judge("1", "1.000000000001")["verdict"] == "not_equal"  # integer gold: exact
    assert judge("1", "1.000000000001", rel_tol=1e-6)["verdict"] == "not_equal"
    assert judge("1.5", "1.5000001", rel_tol=1e-6)["reason"].startswith("within relative")
    assert judge("1.5", "1.5000001")["verdict"] == "not_equal"  # two decimals: exact
    assert judge(r"\pi", "3.1416")["reason"] == "gold rounded to 4 decimals"


def test_points_are_fresh_for_every_check():
    first = draw_points([x, y], 3, integer=True)
    second = draw_points([x, y], 3, integer=True)
    assert first != second
    assert all(abs(v) <= 2**62 for point in first for v in point.values())
    real = draw_points([x], 6, integer=False)
    assert {v > 0 for point in real for v in point.values()} == {True, False}


def test_same_function_and_proportional_directly():
    assert same_function(x**2 - 1, (x - 1) * (x + 1))[0] is True
    assert same_function(x, x + (x - 1) * (x - 2) * (x - 3))[0] is False
    assert same_function(sp.sqrt(x**2), sp.Abs(x))[0] is True  # variables are real
    assert proportional(y - 2 * x - 1, 3 * y - 6 * x - 3)[0] is True
    assert proportional(y - 2 * x - 1, y - 2 * x + 1)[0] is False
    assert proportional(y - sp.sin(x), y - sp.cos(x))[0] is False


def test_constant_zero_is_exact_where_sympy_can_be():
    assert constant_zero(sp.sqrt(2) + sp.sqrt(3) - sp.sqrt(5 + 2 * sp.sqrt(6)))[::2] == (True, True)
    assert constant_zero(sp.pi - sp.Rational(355, 113))[0] is False
    assert constant_zero(sp.exp(-1000))[0] is False  # below 1e-400, still certified non-zero
    zero, reason, exact = constant_zero(sp.atan(1) + sp.atan(2) + sp.atan(3) - sp.pi)
    assert (zero, exact) == (True, False) and "last resort" in reason
