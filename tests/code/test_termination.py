"""decreases(...) measures: correct ones verify, wrong ones fail with real counterexamples."""

from __future__ import annotations

import re

import pytest

from proofsmith.checkers import Status
from proofsmith.checkers.code import compare, loops, parse_module, with_invariants
from proofsmith.datasets.problem import Problem
from proofsmith.errors import UnsupportedSyntax

NON_NEGATIVE = "termination: measure non-negative"
DECREASES = "termination: measure decreases"


@pytest.fixture(scope="module")
def source(repo_root):
    return (repo_root / "tests/data/code/terminating.py").read_text()


def test_correct_measures_verify_with_termination_obligations(checker, source):
    reports = checker.verify_source(source)
    assert len(reports) >= 6
    assert {r["status"] for r in reports} == {"verified"}, [(r["function"], r) for r in reports]
    for report in reports:
        kinds = [o["kind"] for o in report["obligations"]]
        assert NON_NEGATIVE in kinds and DECREASES in kinds, report["function"]


# (function, correct measure line, wrong measure line, failing obligation)
WRONG = [
    ("gcd", "decreases(y)", "decreases(x)", DECREASES),
    ("isqrt", "decreases(n - r)", "decreases(r)", DECREASES),
    ("binary_search", "decreases(hi - lo)", "decreases(hi)", DECREASES),
    ("skip_evens", "decreases(n - i)", "decreases(i - n)", NON_NEGATIVE),
    ("collatz_steps_bounded", "decreases(limit - k)", "decreases(m)", DECREASES),
]


@pytest.mark.parametrize("function, good, bad, kind", WRONG, ids=[w[0] for w in WRONG])
def test_wrong_measure_is_refuted_with_a_counterexample(checker, source, function, good, bad, kind):
    start = source.index(f"def {function}(")
    end = source.find("\ndef ", start + 1)
    end = len(source) if end < 0 else end
    assert source[start:end].count(good) == 1
    changed = source[:start] + source[start:end].replace(good, bad) + source[end:]
    (report,) = checker.verify_source(changed, function)
    assert report["status"] == "counterexample", report
    failed = [o for o in report["obligations"] if o["status"] == "failed"]
    ob = next(o for o in failed if o["kind"] == kind)
    assert {o["kind"] for o in failed} <= {NON_NEGATIVE, DECREASES}
    measure = bad.removeprefix("decreases(").removesuffix(")")
    assert ob["text"] == measure and ob["line"] > 0
    assert report["message"].startswith(f"line {ob['line']}: termination")
    ce = ob["counterexample"]
    if kind == NON_NEGATIVE:
        assert ce[bad] < 0  # the measure's value where an iteration starts
    else:
        assert ce[f"{bad} after"] >= ce[f"{bad} before"]


def test_a_loop_that_does_not_progress_is_refuted_whatever_the_measure(checker):
    source = (
        "def spin(n: int) -> int:\n"
        "    requires(n >= 0)\n"
        "    i = 0\n"
        "    while i < n:\n"
        "        invariant(0 <= i <= n)\n"
        "        decreases(n - i)\n"
        "        if i % 2 == 0:\n"
        "            continue\n"  # i = 0 is even: stuck forever
        "        i += 1\n"
        "    return i\n"
    )
    (report,) = checker.verify_source(source)
    (ob,) = [o for o in report["obligations"] if o["status"] == "failed"]
    assert ob["kind"] == DECREASES and ob["line"] == 6
    assert ob["counterexample"]["i"] % 2 == 0


def test_measures_on_for_loops_are_read_at_the_loop_head(checker):
    good = (
        "def f(n: int) -> int:\n"
        "    s = 0\n"
        "    for i in range(n):\n"
        "        decreases(n - i)\n"
        "        s += i\n"
        "    return s\n"
    )
    assert checker.verify_source(good)[0]["status"] == "verified"
    (bad,) = checker.verify_source(good.replace("n - i", "i"))
    assert [o["kind"] for o in bad["obligations"] if o["status"] == "failed"] == [DECREASES]


@pytest.mark.parametrize(
    "body, message",
    [
        (
            "    while x > 0:\n        decreases(x)\n        decreases(x + 1)\n        x -= 1\n",
            "second decreases",
        ),
        ("    x += 1\n    decreases(x)\n", "decreases(...) outside a loop"),
        ("    decreases(x)\n    decreases(x)\n", "second decreases(...) in f"),
        ("    while x > 0:\n        x -= 1\n        decreases(x)\n", "decreases(...) here"),
    ],
)
def test_misplaced_measures_are_unsupported(body, message):
    with pytest.raises(UnsupportedSyntax, match=re.escape(message)):
        parse_module(f"def f(x: int) -> int:\n{body}    return 0\n")


def test_a_bool_measure_is_unsupported(checker):
    source = "def f(x: int) -> int:\n    while x > 0:\n        decreases(x > 0)\n        x -= 1\n    return x\n"
    (report,) = checker.verify_source(source)
    assert report["status"] == "unsupported" and "int is needed" in report["message"]


def test_candidates_may_add_measures_and_they_are_checked(checker):
    problem_src = (
        "def down(n: int) -> int:\n"
        "    requires(n >= 0)\n"
        "    ensures(result == 0)\n"
        "    while n > 0:\n"
        "        invariant(n >= 0)\n"
        "        n = n - 1\n"
        "    return n\n"
    )
    problem = Problem(id="down", domain="code", statement=problem_src)
    good = with_invariants(problem_src, "down", {}, decreases={4: "n"})
    (site,) = loops(good, "down")
    assert (site.invariants, site.decreases) == (("n >= 0",), "n")
    assert compare(problem_src, good, "down") is None
    assert checker.check(problem, good).status is Status.PROVED
    bad = with_invariants(problem_src, "down", {}, decreases={4: "-n"})
    verdict = checker.check(problem, bad)
    assert verdict.status is Status.REFUTED and NON_NEGATIVE in verdict.reason
