"""The program suite: each with correct invariants (verified), a wrong invariant and
wrong code (both a counterexample naming the failing obligation)."""

from __future__ import annotations

import pytest


def _source(repo_root, name):
    return (repo_root / "tests/data/code" / name).read_text()


# (file, function, wrong invariant (old, new), wrong code (old, new), obligation of each)
CASES = [
    (
        "arith.py",
        "sum_to",
        ("invariant(2 * s == i * (i + 1))", "invariant(2 * s == i * i)"),
        "invariant",
        ("s = s + i\n", "s = s + i + 1\n"),
        "invariant preserved",
    ),
    (
        "arith.py",
        "gcd",
        ("0 <= y <= max(a, b))", "0 <= y < max(a, b))"),
        "invariant on entry",
        ("x, y = y, x % y", "x, y = y + x, x % y"),
        "invariant preserved",
    ),
    (
        "arith.py",
        "isqrt",
        ("invariant(r * r <= n)", "invariant(r * r < n)"),
        "invariant on entry",
        ("while (r + 1) * (r + 1) <= n:", "while (r + 1) * (r + 1) < n:"),
        "postcondition",
    ),
    (
        "arith.py",
        "max3",
        ("ensures(result == a or result == b)\n", "ensures(result >= 0 or result < 0)\n"),
        "postcondition",
        ("return max2(max2(a, b), c)", "return max2(a, c)"),
        "postcondition",
    ),
    (
        "lists.py",
        "max_list",
        (
            "invariant(all(a[k] <= m for k in range(i)))",
            "invariant(all(a[k] <= m for k in range(i + 1)))",
        ),
        "invariant",
        ("if a[i] > m:", "if a[i] < m:"),
        "invariant preserved",
    ),
    (
        "lists.py",
        "linear_search",
        (
            "invariant(all(a[k] != x for k in range(i)))",
            "invariant(all(a[k] != x for k in range(i + 1)))",
        ),
        "invariant",
        (
            "        if a[i] == x:\n            return i",
            "        if a[i] == x:\n            return i + 1",
        ),
        "postcondition",
    ),
    (
        "lists.py",
        "binary_search",
        (
            "invariant(all(a[k] < x for k in range(lo)))",
            "invariant(all(a[k] <= x for k in range(lo + 1)))",
        ),
        "invariant",
        ("lo = mid + 1", "lo = mid + 2"),
        "invariant preserved",
    ),
    (
        "lists.py",
        "insert_sorted",
        (
            "invariant(all(a[k] < x for k in range(i)))",
            "invariant(all(a[k] > x for k in range(i)))",
        ),
        "invariant preserved",
        ("res.insert(i, x)", "res.insert(0, x)"),
        "postcondition",
    ),
    (
        "lists.py",
        "count_positive",
        ("invariant(0 <= c <= i)", "invariant(0 < c <= i)"),
        "invariant on entry",
        ("c += 1", "c += 2"),
        "invariant preserved",
    ),
    (
        "lists.py",
        "fill",
        ("invariant(len(out) == i and", "invariant(len(out) == i + 1 and"),
        "invariant on entry",
        ("out.append(v)", "out.append(v + 1)"),
        "invariant preserved",
    ),
]


def _only(source, function, old, new):
    assert source.count(old) == 1, f"{old!r} must occur once"
    return source.replace(old, new)


@pytest.mark.parametrize("case", CASES, ids=[c[1] for c in CASES])
def test_program_suite(checker, repo_root, case):
    file, function, wrong_inv, inv_kind, wrong_code, code_kind = case
    source = _source(repo_root, file)
    (good,) = checker.verify_source(source, function)
    assert good["status"] == "verified", good
    assert all(o["status"] == "proved" for o in good["obligations"])

    for (old, new), kind in ((wrong_inv, inv_kind), (wrong_code, code_kind)):
        (bad,) = checker.verify_source(_only(source, function, old, new), function)
        assert bad["status"] == "counterexample", (new, bad)
        failed = [o for o in bad["obligations"] if o["status"] == "failed"]
        assert failed and any(kind in o["kind"] for o in failed), (new, failed)
        first = failed[0]
        assert first["line"] > 0 and first["text"]
        assert "entry" in first["counterexample"]
        assert bad["message"].startswith(f"line {first['line']}:")


def test_every_function_of_the_suite_verifies(checker, repo_root):
    for name in ("arith.py", "lists.py"):
        reports = checker.verify_source(_source(repo_root, name))
        assert len(reports) >= 6
        assert {r["status"] for r in reports} == {"verified"}, [
            (r["function"], r["status"]) for r in reports
        ]


def test_counterexample_values_are_real_failing_inputs(checker):
    source = """
def halve(n: int) -> int:
    requires(n >= 0)
    ensures(2 * result == n)
    return n // 2
"""
    (report,) = checker.verify_source(source)
    assert report["status"] == "counterexample"
    n = report["obligations"][-1]["counterexample"]["entry"]["n"]
    assert n >= 0 and 2 * (n // 2) != n  # an odd n: a true counterexample
