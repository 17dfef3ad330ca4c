"""Untrusted text runs nothing, and huge expressions cannot hang or exhaust memory."""

from __future__ import annotations

import pytest
import sympy

from proofsmith.checkers.answer import check, judge, label

INJECTIONS = [
    "__import__('os').system('touch {marker}')",
    '__import__("os").system("touch {marker}")',
    r"\boxed{__import__('os').system('touch {marker}')}",
    r"\frac{__import__('os').system('touch {marker}')}{2}",
    r"$\text{__import__('os').system('touch {marker}')}$",
    "The answer is eval(\"__import__('os').system('touch {marker}')\")",
    "exec(\"import os; os.system('touch {marker}')\")",
    "lambda: __import__('os').system('touch {marker}')",
    r"\sqrt{x}.__class__.__init__.__globals__",
    "Matrix([[__import__('os').system('touch {marker}')]])",
    "[[__import__('os').system('touch {marker}'), 1]]",
    "Matrix([[1]]).__class__.__init__.__globals__['os'].system('touch {marker}')",
]


@pytest.mark.parametrize("template", INJECTIONS)
def test_injection_runs_nothing(template, tmp_path, monkeypatch):
    marker = tmp_path / "pwned"

    def forbidden(*args, **kwargs):
        raise AssertionError("untrusted text reached sympify/parse_expr")

    monkeypatch.setattr(sympy, "sympify", forbidden)
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", forbidden)
    text = template.replace("{marker}", str(marker))
    for gold, pred in ((r"\frac{1}{2}", text), (text, "5"), (text, text)):
        result = judge(gold, pred)
        assert result["verdict"] in ("unknown", "not_equal"), result
    assert not marker.exists()


def test_injection_through_the_worker_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    verdict = check(r"\sqrt{2}", f"__import__('os').system('touch {marker}')")
    assert label(verdict) == "not_equal"  # prose with no committed answer: no answer found
    assert not marker.exists()


@pytest.mark.parametrize(
    ("gold", "pred", "allowed"),
    [
        (r"10^{10^{10}}", r"10^{10^{10}}", {"equal"}),
        (r"10^{10^{10}}", "5", {"not_equal"}),
        (r"9^{9^{9^9}}", "3", {"not_equal"}),
        (r"9^{9^{9^9}}", r"9^{9^{9^9}}", {"equal"}),
        (r"9^{9^{9^9}}", r"3^{2 \cdot 9^{9^9}}", {"unknown", "equal"}),
        ("100!!!", "5", {"unknown"}),
        ("((100!)!)!", "7", {"not_equal"}),
        ("((100!)!)!", "((100!)!)!", {"equal"}),
        (r"x^{10^{10}}", r"x^{10^{10}} + 1", {"unknown", "not_equal"}),
        (r"(x+1)^{10^{6}}", r"(x+1)^{10^{6}}", {"equal"}),
        ("x", "(" * 5000 + "x" + ")" * 5000, {"unknown"}),
        ("2", "(" * 90 + "2" + ")" * 90, {"unknown", "equal"}),
        ("2", "9" * 5000, {"unknown", "not_equal"}),
        ("1", r"\sin(10^{10^{10}})", {"unknown", "not_equal"}),
        ("1", "2^" * 300 + "2", {"unknown", "not_equal"}),
    ],
)
def test_huge_expressions_end_in_time(gold, pred, allowed):
    verdict = check(gold, pred, timeout_s=10)
    assert label(verdict) in allowed, verdict
