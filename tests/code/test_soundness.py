"""Attacks: programs CPython runs to a contract violation must never come back verified.

Each source below was `verified` at some point (aliasing through expressions, shadowed
builtins, ignored runtime errors); now each is refused with a message naming the
construct (exit 2) or refuted with a counterexample.
"""

from __future__ import annotations

import textwrap

import pytest

from proofsmith.errors import InputError, UnsupportedSyntax


def _src(text: str) -> str:
    return textwrap.dedent(text).lstrip()


ALIASING = {
    "conditional expression": (
        """
        def f(c: bool) -> int:
            ensures(result == 0)
            a = [0]
            b = a if c else a
            b[0] = 1
            return a[0]
        """,
        "alias",
    ),
    "chained assignment": (
        """
        def f() -> int:
            ensures(result == 0)
            a = b = [0]
            b[0] = 1
            return a[0]
        """,
        "alias",
    ),
    "callee returns its parameter through an expression": (
        """
        def g(xs: list[int], c: bool) -> list[int]:
            ensures(len(result) == len(xs))
            return xs if c else xs

        def f() -> int:
            ensures(result == 0)
            a = [0]
            b = g(a, True)
            b[0] = 1
            return a[0]
        """,
        "alias",
    ),
    "callee mutates its parameter": (
        """
        def g(xs: list[int]) -> int:
            ensures(result == 0)
            ys = xs if True else xs
            ys.append(1)
            return 0

        def f() -> int:
            ensures(result == 1)
            a = [0]
            z = g(a)
            return len(a)
        """,
        "alias",
    ),
    "for-each over an aliased list while appending": (
        """
        def f(c: bool) -> int:
            ensures(result == 1)
            xs = [1]
            n = 0
            for v in (xs if c else xs):
                n += 1
                if n < 3:
                    xs.append(v)
            return n
        """,
        "inside a loop over it",
    ),
    "tuple assignment of one list to two names": (
        """
        def f() -> int:
            ensures(result == 0)
            a, b = [0], [0]
            c, d = a, a
            d[0] = 1
            return c[0]
        """,
        "alias",
    ),
}


@pytest.mark.parametrize("name", sorted(ALIASING))
def test_aliasing_is_refused_or_modelled(checker, name):
    source, reason = ALIASING[name]
    reports = checker.verify_source(_src(source), "f")
    assert [r["status"] for r in reports] != ["verified"]
    statuses = {r["status"] for r in reports}
    assert statuses <= {"unsupported", "counterexample"}, reports
    if "unsupported" in statuses:
        assert reason in " ".join(r["message"] for r in reports)


SHADOWED = [
    ("def abs(x: int) -> int:\n    return 5\n", "abs"),
    ("len = 3\n", "len"),
    ("range = 3\n", "range"),
    ("list = 3\n", "list"),
    ("from os import path as min\n", "min"),
    ("import builtins\nbuiltins.abs = 3\n", "builtins.abs"),
    ("def g(len: int) -> int:\n    return len\n", "len"),
    ("def g(x: int) -> int:\n    max = x\n    return max\n", "max"),
    ("import builtins\nsetattr(builtins, 'abs', len)\n", "setattr"),
    ("import builtins\nprint(setattr(builtins, 'abs', len))\n", "setattr"),
    ("if __name__ == '__main__':\n    exec('abs = len')\n", "exec"),
    ("limit = 3\n", "top-level statement Assign"),
    ("for len in range(3):\n    pass\n", "len"),
]


def test_harmless_top_level_code_is_accepted():
    from proofsmith.checkers.code import parse_module

    source = _src(
        """
        import os

        def f(x: int) -> int:
            ensures(result >= 0)
            return abs(x)

        print(f(-3))
        if __name__ == "__main__":
            print(f(3))
        """
    )
    assert list(parse_module(source)) == ["f"]


@pytest.mark.parametrize("binding, name", SHADOWED)
def test_shadowed_builtins_are_refused_naming_the_binding(binding, name):
    from proofsmith.checkers.code import parse_module

    source = binding + _src(
        """
        def f(x: int) -> int:
            ensures(result >= 0)
            return abs(x)
        """
    )
    with pytest.raises(UnsupportedSyntax) as info:
        parse_module(source)
    assert name in info.value.message


RUNTIME = [
    ("def f(a: list[int]) -> int:\n    ensures(True)\n    return a[len(a)]\n", "index"),
    ("def f(a: list[int]) -> int:\n    ensures(True)\n    return a[-len(a) - 1]\n", "index"),
    ("def f(x: int) -> int:\n    ensures(True)\n    return 7 // x\n", "division"),
    ("def f(x: int) -> int:\n    ensures(True)\n    return 7 % x\n", "division"),
    (
        "def f(a: list[int]) -> int:\n    ensures(True)\n    b = list(a)\n    b.pop()\n    return 0\n",
        "pop",
    ),
    (
        "def f(n: int) -> list[int]:\n    requires(n >= 0)\n    ensures(result[n] == 0)\n"
        "    return [0] * n\n",
        "contract",
    ),
    (
        "def f(x: int) -> int:\n    ensures(result // x == result // x)\n    return 1\n",
        "contract",
    ),
]


@pytest.mark.parametrize("source, kind", RUNTIME)
def test_runtime_errors_are_obligations(checker, source, kind):
    (report,) = checker.verify_source(source, "f")
    assert report["status"] == "counterexample", report
    failed = [ob for ob in report["obligations"] if ob["status"] == "failed"]
    assert any(kind in ob["kind"] for ob in failed), failed


def test_negative_indices_have_python_meaning(checker):
    source = _src(
        """
        def f(a: list[int]) -> int:
            requires(len(a) >= 2)
            ensures(result == a[len(a) - 1])
            return a[-1]

        def g(a: list[int]) -> int:
            requires(len(a) >= 2)
            ensures(result == a[0])
            return a[-1]
        """
    )
    by_name = {r["function"]: r["status"] for r in checker.verify_source(source)}
    assert by_name == {"f": "verified", "g": "counterexample"}


@pytest.mark.parametrize("depth", [200, 5000, 100_000])
def test_deep_nesting_is_an_input_error(depth):
    from proofsmith.checkers.code import parse_module

    source = "def f(x: int) -> int:\n    return " + "(" * 0 + "-" * depth + "x\n"
    with pytest.raises(InputError, match="nest"):
        parse_module(source)
