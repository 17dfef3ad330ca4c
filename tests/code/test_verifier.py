"""Verifier edges: unsupported syntax, side obligations, aliasing, candidates, helpers."""

from __future__ import annotations

import textwrap

import pytest

from proofsmith.checkers import Status, checker_for
from proofsmith.checkers.code import CodeChecker, compare, loops, parse_module, with_invariants
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError, UnsupportedSyntax


def _src(text):
    return textwrap.dedent(text).lstrip()


@pytest.mark.parametrize(
    "body, construct, line",
    [
        ("    y = x / 2\n    return y", "true division", 2),
        ("    try:\n        pass\n    except Exception:\n        pass\n    return 0", "try", 2),
        ("    h = lambda z: z\n    return 0", "lambda", 2),
        ("    for v in range(0, 9, 3):\n        pass\n    return 0", "range with a step", 2),
        ("    for v, w in x:\n        pass\n    return 0", "single name", 2),
        ("    s = b'text'\n    return 0", "b'text'", 2),
        ("    y = 1.5\n    return 0", "1.5", 2),
        ("    del x\n    return 0", "del statement", 2),
        ("    y = x & 1\n    return y", "bitwise", 2),
        ("    invariant(x > 0)\n    return x", "outside a loop", 2),
        ("    for i in range(3):\n        i = 2\n    return 0", "loop variable", 3),
        (
            "    while x > 0:\n        x -= 1\n        invariant(x >= 0)\n    return 0",
            "invariant",
            4,
        ),
    ],
)
def test_unsupported_constructs_name_the_construct_and_line(body, construct, line):
    source = f"def f(x: int) -> int:\n{body}\n"
    with pytest.raises(UnsupportedSyntax) as info:
        parse_module(source)
    assert construct in info.value.message
    assert info.value.message.startswith(f"line {line}:")


def test_unsupported_types_and_decorators():
    with pytest.raises(UnsupportedSyntax, match="type 'float'"):
        parse_module("def f(x: float) -> int:\n    return 0\n")
    with pytest.raises(UnsupportedSyntax, match="decorator"):
        parse_module("@cache\ndef f(x: int) -> int:\n    return 0\n")
    with pytest.raises(InputError, match="syntax error"):
        parse_module("def f(:\n")


@pytest.mark.parametrize(
    "source, reason",
    [
        (
            "def f(a: list[int]) -> int:\n    b = list(a)\n    c = b\n    c[0] = 1\n    return b[0]\n",
            "alias",
        ),
        ("def f(a: list[int]) -> int:\n    a.append(1)\n    return 0\n", "read-only"),
        ("def f(a: list[int]) -> list[int]:\n    return a\n", "alias"),
        ("def f(x: int) -> int:\n    return y\n", "not defined"),
        ("def f(x: int) -> int:\n    return x + True\n", "Add on int and bool"),
        ("def f(x: int) -> bool:\n    return x\n", "returning a int"),
    ],
)
def test_encoding_refusals_are_reported_as_unsupported(checker, source, reason):
    (report,) = checker.verify_source(source)
    assert report["status"] == "unsupported" and reason in report["message"]


@pytest.mark.parametrize(
    "source, kind",
    [
        ("def f(a: list[int], i: int) -> int:\n    return a[i]\n", "index in range"),
        ("def f(x: int, y: int) -> int:\n    return x // y\n", "division by zero"),
        ("def f(x: int, y: int) -> int:\n    return x % y\n", "division by zero"),
        ("def f(x: int) -> int:\n    if x > 0:\n        return 1\n", "missing return"),
        ("def f(x: int) -> int:\n    assert x != 3\n    return x\n", "assertion"),
        (
            "def g(n: int) -> int:\n    requires(n >= 0)\n    return n\n\n"
            "def f(x: int) -> int:\n    return g(x - 5)\n",
            "precondition of g",
        ),
        ("def f() -> int:\n    a = []\n    a.pop()\n    return 0\n", "non-empty"),
    ],
)
def test_runtime_errors_are_obligations_with_counterexamples(checker, source, kind):
    reports = checker.verify_source(source, "f")
    failed = [o for o in reports[0]["obligations"] if o["status"] == "failed"]
    assert reports[0]["status"] == "counterexample" and failed
    assert kind in failed[0]["kind"]


def test_guarded_access_and_negative_indices_verify(checker):
    source = _src(
        """
        def f(a: list[int], i: int) -> int:
            requires(len(a) > 0)
            ensures(result == a[len(a) - 1])
            if 0 <= i and i < len(a) and a[i] > 0:
                pass
            return a[-1]
        """
    )
    (report,) = checker.verify_source(source)
    assert report["status"] == "verified", report


def test_break_continue_and_slices(checker):
    source = _src(
        """
        def first_neg(a: list[int]) -> int:
            ensures(result == -1 or a[result] < 0)
            ensures(result == -1 or all(a[k] >= 0 for k in range(result)))
            found = -1
            for i in range(len(a)):
                invariant(found == -1)
                invariant(all(a[k] >= 0 for k in range(i)))
                if a[i] >= 0:
                    continue
                found = i
                break
            return found

        def tail(a: list[int]) -> list[int]:
            requires(len(a) >= 1)
            ensures(len(result) == len(a) - 1)
            ensures(all(result[k] == a[k + 1] for k in range(len(result))))
            return a[1:]
        """
    )
    reports = checker.verify_source(source)
    assert [r["status"] for r in reports] == ["verified", "verified"], reports


def test_hard_time_limit_gives_unknown(checker):
    source = _src(
        """
        def gcd(a: int, b: int) -> int:
            requires(a > 0 and b >= 0)
            ensures(result > 0 and a % result == 0 and b % result == 0)
            x, y = a, b
            while y != 0:
                invariant(x > 0 and y >= 0)
                invariant(all(a % d == 0 and b % d == 0 for d in range(1, x + 1) if x % d == 0 and y % d == 0))
                x, y = y, x % y
            return x
        """
    )
    (report,) = checker.verify_source(source, timeout_s=1)
    assert report["status"] == "unknown"


# -- candidates ---------------------------------------------------------------------------

PROBLEM_SRC = _src(
    """
    def sum_to(n: int) -> int:
        requires(n >= 0)
        ensures(2 * result == n * (n + 1))
        s = 0
        i = 0
        while i < n:
            i = i + 1
            s = s + i
        return s
    """
)
PROBLEM = Problem(id="sum", domain="code", statement=PROBLEM_SRC, metadata={"function": "sum_to"})


def test_helpers_list_loops_and_add_invariants():
    (site,) = loops(PROBLEM_SRC, "sum_to")
    assert (site.line, site.kind, site.header, site.invariants) == (6, "while", "while i < n", ())
    annotated = with_invariants(PROBLEM_SRC, "sum_to", {6: ["0 <= i <= n", "2 * s == i * (i + 1)"]})
    assert loops(annotated, "sum_to")[0].invariants == ("0 <= i <= n", "2 * s == i * (i + 1)")
    assert compare(PROBLEM_SRC, annotated, "sum_to") is None
    with pytest.raises(InputError, match="no loop"):
        with_invariants(PROBLEM_SRC, "sum_to", {3: ["True"]})


def test_problem_without_invariants_fails_and_candidate_with_them_proves(checker):
    assert checker.check(PROBLEM, "").status is Status.REFUTED
    candidate = with_invariants(PROBLEM_SRC, "sum_to", {6: ["0 <= i <= n", "2 * s == i * (i + 1)"]})
    verdict = checker.check(PROBLEM, f"```python\n{candidate}\n```")
    assert verdict.status is Status.PROVED, verdict.messages
    assert "invariant(2 * s == i * (i + 1))" in verdict.checked_text


def test_wrong_candidate_invariant_is_refuted(checker):
    candidate = with_invariants(PROBLEM_SRC, "sum_to", {6: ["s == i"]})
    verdict = checker.check(PROBLEM, candidate)
    assert verdict.status is Status.REFUTED
    assert "invariant" in verdict.reason


@pytest.mark.parametrize(
    "old, new",
    [
        ("ensures(2 * result == n * (n + 1))", "ensures(result >= 0)"),  # weaker contract
        ("requires(n >= 0)", "requires(n == 0)"),  # stronger precondition
        ("        s = s + i\n", "        s = s + i\n        assert False\n"),  # still checked
        ("    return s", "    return n * (n + 1) // 2"),  # different body
    ],
)
def test_candidate_cannot_change_contract_or_body(checker, old, new):
    candidate = with_invariants(PROBLEM_SRC, "sum_to", {6: ["0 <= i <= n", "2 * s == i * (i + 1)"]})
    changed = candidate.replace(old, new)
    assert changed != candidate
    verdict = checker.check(PROBLEM, changed)
    assert not verdict.proved
    if "assert False" not in new:
        assert (
            verdict.status is Status.REJECTED and "changes the body or contract" in verdict.reason
        )


def test_candidate_adding_functions_or_not_parsing_is_rejected(checker):
    extra = PROBLEM_SRC + "\ndef helper(x: int) -> int:\n    return x\n"
    assert checker.check(PROBLEM, extra).status is Status.REJECTED
    assert checker.check(PROBLEM, "def sum_to(:").status is Status.REJECTED


def test_routing_builds_the_code_checker():
    code = checker_for("code", timeout_s=5)
    try:
        assert isinstance(code, CodeChecker) and code.timeout_s == 5
    finally:
        code.close()
