"""Constructs added to the subset: loop ``else``, recursion with ``decreases``, element
writes in ``for i in range`` loops; each with the wrong version refuted."""

from __future__ import annotations

import textwrap

import pytest

from proofsmith.errors import UnsupportedSyntax


def _src(text: str) -> str:
    return textwrap.dedent(text).lstrip()


@pytest.mark.parametrize("name", ["widened.py", "strings.py", "tuples.py", "sums.py", "grids.py"])
def test_the_widened_programs_verify_with_termination(checker, repo_root, name):
    source = (repo_root / "tests/data/code" / name).read_text()
    reports = checker.verify_source(source)
    assert len(reports) >= 3
    assert {(r["status"], r["termination"]) for r in reports} == {("verified", "proved")}


WRONG = {
    "else after break": (
        """
        def f(a: list[int]) -> int:
            ensures(result == 1)
            r = 0
            for v in a:
                if v < 0:
                    break
            else:
                r = 1
            return r
        """,
        "postcondition",
    ),
    "while else skipped by break": (
        """
        def f(n: int) -> int:
            requires(n >= 0)
            ensures(result == 1)
            r = 0
            i = 0
            while i < n:
                invariant(0 <= i <= n)
                if i == 3:
                    break
                i += 1
            else:
                r = 1
            return r
        """,
        "postcondition",
    ),
    "recursion that grows": (
        """
        def f(n: int) -> int:
            requires(n >= 0)
            ensures(result >= 0)
            decreases(n)
            if n == 0:
                return 0
            return f(n + 1)
        """,
        "termination",
    ),
    "string index past the end": (
        """
        def f(s: str) -> bool:
            ensures(True)
            return s[len(s) - 1] == s[0]
        """,
        "index in range",
    ),
    "string slice misread": (
        """
        def f(s: str) -> str:
            requires(len(s) >= 2)
            ensures(len(result) == 2)
            return s[-2:len(s) - 1]
        """,
        "postcondition",
    ),
    "string equality is not length equality": (
        """
        def f(s: str, t: str) -> bool:
            requires(len(s) == len(t))
            ensures(result)
            return s + "x" == t + "x"
        """,
        "postcondition",
    ),
    "tuple elements swapped": (
        """
        def f(a: int, b: int) -> tuple[int, int]:
            requires(b > 0)
            ensures(result[0] * b + result[1] == a)
            return a % b, a // b
        """,
        "postcondition",
    ),
    "tuple of a callee unpacked in the wrong order": (
        """
        def g(x: int) -> tuple[int, int]:
            ensures(result[0] <= result[1])
            return min(x, 0), max(x, 0)

        def f(x: int) -> int:
            ensures(result >= 0)
            hi, lo = g(x)
            return hi - lo
        """,
        "postcondition",
    ),
    "sum from the wrong start": (
        """
        def f(a: list[int]) -> int:
            ensures(result == sum(a))
            s = 0
            for i in range(1, len(a)):
                invariant(s == sum(a[k] for k in range(1, i)))
                s += a[i]
            return s
        """,
        "postcondition",
    ),
    "sum with a filter that counts too much": (
        """
        def f(a: list[int]) -> int:
            ensures(result == sum(1 for k in range(len(a)) if a[k] > 0))
            c = 0
            for v in a:
                invariant(c == sum(1 for k in range(index(v)) if a[k] > 0))
                if v >= 0:
                    c += 1
            return c
        """,
        "invariant preserved",
    ),
    "max of a possibly empty list": (
        """
        def f(a: list[int]) -> int:
            ensures(result <= max(a))
            return 0
        """,
        "non-empty range",
    ),
    "running minimum with the wrong comparison": (
        """
        def f(a: list[int]) -> int:
            requires(len(a) > 0)
            ensures(result == min(a))
            m = a[0]
            for i in range(1, len(a)):
                invariant(m == min(a[k] for k in range(i)))
                if a[i] > m:
                    m = a[i]
            return m
        """,
        "invariant preserved",
    ),
    "diagonal of a ragged 2-D list": (
        """
        def f(g: list[list[int]]) -> int:
            requires(len(g) > 1)
            ensures(True)
            return g[1][1]
        """,
        "index in range",
    ),
    "2-D row sum from the wrong row": (
        """
        def f(g: list[list[int]], r: int) -> int:
            requires(0 <= r < len(g) - 1)
            ensures(result == sum(g[r]))
            s = 0
            for j in range(len(g[r + 1])):
                invariant(s == sum(g[r + 1][k] for k in range(j)))
                s += g[r + 1][j]
            return s
        """,
        "postcondition",
    ),
    "element write off by one": (
        """
        def f(n: int) -> list[int]:
            requires(n >= 0)
            ensures(all(result[k] == 1 for k in range(n)))
            out = [0] * n
            for i in range(n):
                invariant(len(out) == n)
                invariant(all(out[k] == 1 for k in range(i)))
                out[i - 1] = 1
            return out
        """,
        "",
    ),
}


@pytest.mark.parametrize("name", sorted(WRONG))
def test_wrong_versions_are_refuted(checker, name):
    source, kind = WRONG[name]
    (report,) = checker.verify_source(_src(source), "f")
    assert report["status"] == "counterexample", report
    failed = [o["kind"] for o in report["obligations"] if o["status"] == "failed"]
    assert any(kind in k for k in failed), failed


def test_measured_recursion_through_another_function_is_partial(checker):
    source = _src(
        """
        def even(n: int) -> bool:
            requires(n >= 0)
            ensures(True)
            decreases(n)
            if n == 0:
                return True
            return odd(n - 1)

        def odd(n: int) -> bool:
            requires(n >= 0)
            ensures(True)
            decreases(n)
            if n == 0:
                return False
            return even(n - 1)
        """
    )
    by_name = {r["function"]: r for r in checker.verify_source(source)}
    assert by_name["even"]["verdict"] == "verified (partial: termination not proved)"
    assert "through other functions" in by_name["even"]["message"]


@pytest.mark.parametrize(
    "body, construct",
    [
        ("    return s < 'b'", "ordering comparison of str"),
        ("    return s == '\\U00030000'", "above U+2FFFF"),
        ("    for c in s:\n        pass\n    return True", "where a list is needed"),
        ("    t = (s, [1])\n    return True", "a tuple other than"),
    ],
)
def test_string_constructs_outside_the_subset_are_named(checker, body, construct):
    try:  # refused while parsing (raised) or while encoding (reported)
        (report,) = checker.verify_source(f"def f(s: str) -> bool:\n{body}\n")
    except UnsupportedSyntax as exc:
        report = {"status": "unsupported", "message": exc.message}
    assert report["status"] == "unsupported" and construct in report["message"]


@pytest.mark.parametrize(
    "body, construct",
    [
        ("    g[0][0] = 1\n    return 0", "not a plain local variable"),
        ("    row = g[0]\n    row.append(1)\n    return 0", "may alias"),
        ("    g[0].append(1)\n    return 0", "not a plain local variable"),
        ("    h = g\n    return 0", "list[list[int]] to a name"),
        ("    for row in g:\n        pass\n    return 0", "where a list is needed"),
        ("    return 1 if g == g else 0", "comparing list[list[int]]"),
    ],
)
def test_2d_lists_are_read_only_and_never_aliased(checker, body, construct):
    (report,) = checker.verify_source(f"def f(g: list[list[int]]) -> int:\n{body}\n")
    assert report["status"] == "unsupported" and construct in report["message"], report
