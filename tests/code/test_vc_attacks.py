"""Attacks on the VC generator from a third review: control flow that skips or reorders
what a loop invariant, a measure or an assignment means. Each program runs under CPython
as written (the ``plain`` worker) to show its contract really fails, and the checker
must answer with a counterexample at the obligation named (never ``verified``)."""

from __future__ import annotations

import textwrap

import pytest

# name -> (source, function, args, CPython's value or error kind, failing obligation)
ATTACKS = {
    # break leaves the loop without the invariant (nor the condition) holding
    "break skips the invariant": (
        """
        def f(n: int) -> int:
            requires(n >= 0)
            ensures(result <= n)
            i = 0
            while i < n:
                invariant(i <= n)
                decreases(n - i)
                i = i + 1
                if i == 3:
                    i = n + 5
                    break
            return i
        """,
        [5],
        10,
        "postcondition may fail: result <= n",
    ),
    # continue ends an iteration: the invariant must hold there too
    "continue must re-establish the invariant": (
        """
        def f(n: int) -> int:
            requires(n >= 0)
            ensures(result == n)
            i = 0
            while i < n:
                invariant(i <= n)
                decreases(n - i)
                i = i + 1
                if i == 2:
                    i = i + 100
                    continue
            return i
        """,
        [5],
        102,
        "invariant preserved may fail: i <= n",
    ),
    # the measure must decrease on the continue path (CPython loops forever)
    "continue must decrease the measure": (
        """
        def f(n: int) -> int:
            requires(n >= 0)
            ensures(result == 0)
            i = 0
            while i < n:
                invariant(i >= 0)
                decreases(n - i)
                if i == 1:
                    continue
                i = i + 1
            return 0
        """,
        [3],
        "timeout",
        "measure decreases may fail: n - i",
    ),
    # the inner loop changes i, which the outer invariant and the exit both read
    "inner loop modifies an outer variable": (
        """
        def f(n: int) -> int:
            requires(n >= 2)
            ensures(result == 0)
            i = 0
            while i < n:
                invariant(0 <= i and i <= n)
                decreases(n - i)
                j = 0
                while j < 2:
                    decreases(2 - j)
                    j = j + 1
                    i = i + 1
            return i - n
        """,
        [3],
        1,
        "invariant preserved may fail: 0 <= i and i <= n",
    ),
    # an inner invariant over an outer accumulator, broken on one inner path
    "inner invariant over the outer accumulator": (
        """
        def f(n: int) -> int:
            requires(n == 3)
            ensures(result == 9)
            t = 0
            for i in range(n):
                invariant(t == 3 * i)
                for j in range(n):
                    invariant(t == 3 * i + j)
                    t = t + 1
                    if j == 1:
                        t = t + 1
            return t
        """,
        [3],
        12,
        "invariant preserved may fail: t == 3 * i + j",
    ),
    "return from inside nested loops": (
        """
        def f(n: int) -> int:
            requires(n >= 2)
            ensures(result == 0)
            for i in range(n):
                for j in range(n):
                    if j == 1:
                        return i + j
            return 0
        """,
        [3],
        1,
        "postcondition may fail: result == 0",
    ),
    # an inner break does not skip the outer loop's else
    "inner break and the outer else": (
        """
        def f(n: int) -> int:
            requires(n >= 2)
            ensures(result == 0)
            r = 0
            for i in range(n):
                for j in range(n):
                    break
            else:
                r = 1
            return r
        """,
        [3],
        1,
        "postcondition may fail: result == 0",
    ),
    "while else after continue on the last iteration": (
        """
        def f(n: int) -> int:
            requires(n >= 1)
            ensures(result == 0)
            i = 0
            r = 0
            while i < n:
                invariant(0 <= i and i <= n)
                decreases(n - i)
                i = i + 1
                continue
            else:
                r = 1
            return r
        """,
        [3],
        1,
        "postcondition may fail: result == 0",
    ),
    # after a break the loop variable is the value at the break, not the last index
    "for variable after break": (
        """
        def f(n: int) -> int:
            requires(n >= 5)
            ensures(result == n - 1)
            i = -1
            for i in range(n):
                if i == 2:
                    break
            return i
        """,
        [6],
        2,
        "postcondition may fail: result == n - 1",
    ),
    "index(v) after break": (
        """
        def f(xs: list[int]) -> int:
            requires(len(xs) == 3)
            ensures(result == 3)
            c = 0
            for v in xs:
                invariant(c == index(v))
                c = c + 1
                if c == 2:
                    break
            return c
        """,
        [[1, 2, 3]],
        2,
        "postcondition may fail: result == 3",
    ),
    # targets are assigned left to right: the second store wins
    "two stores to one element": (
        """
        def f() -> int:
            ensures(result == 1)
            ys = [0, 0]
            ys[0], ys[0] = 1, 2
            return ys[0]
        """,
        [],
        2,
        "postcondition may fail: result == 1",
    ),
    # insert(-1, v) puts v before the last element
    "insert at a negative index": (
        """
        def f() -> int:
            ensures(result == 9)
            ys = [1, 2, 3]
            ys.insert(-1, 9)
            return ys[3]
        """,
        [],
        3,
        "postcondition may fail: result == 9",
    ),
    # range(len(ys)) is evaluated once; the body shrinks ys
    "range(len(ys)) while ys shrinks": (
        """
        def f(xs: list[int]) -> int:
            requires(len(xs) >= 2)
            ensures(result == 0)
            ys = list(xs)
            for i in range(len(ys)):
                ys[i] = 0
                ys.pop()
            return 0
        """,
        [[1, 2]],
        "IndexError",
        "index in range may fail: ys[i]",
    ),
    "modulo by a negative divisor": (
        """
        def f(a: int) -> int:
            ensures(result >= 0)
            return a % -3
        """,
        [7],
        -2,
        "postcondition may fail: result >= 0",
    ),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_cpython_violates_and_the_checker_finds_it(checker, plain, name):
    text, args, cpython, obligation = ATTACKS[name]
    source = textwrap.dedent(text).lstrip()
    out = plain(source, "f", args)
    if isinstance(cpython, str):
        assert out["kind"] == cpython, out
    else:
        assert out["kind"] is None and out["value"] == cpython, out
    (report,) = checker.verify_source(source)
    assert report["status"] == "counterexample", report
    assert obligation in report["message"], report


# A fold's bound variable was named by counting the bound variables in scope: when the
# middle generator's k hides the outer k, the count gave the inner j the middle k's
# variable, and the inner sum read j where Python reads k (verified: Σ = 0; CPython: 1).
_NESTED = {
    "ints": ("n: int", "sum(sum(sum(k for j in range(1)) for k in range(2)) for k in range(1))"),
    "list": ("xs: list[int]", "sum(sum(sum(xs[k:k + 1]) for k in range(2)) for k in range(1))"),
}


@pytest.mark.parametrize("name", list(_NESTED))
def test_a_shadowed_generator_variable_is_not_captured(checker, plain, name):
    param, total = _NESTED[name]
    arg = [0, 1] if name == "list" else 0
    value = plain(f"def g({param}) -> int:\n    return {total}\n", "g", [arg])
    assert value == {"value": 1, "kind": None, "message": ""}, value
    head = f"def f({param}) -> int:\n"
    if name == "list":
        head += "    requires(len(xs) == 2 and xs[0] == 0 and xs[1] == 1)\n"
    head += f"    ensures(result == {total})\n"
    (wrong,) = checker.verify_source(head + "    return 0\n")
    assert wrong["status"] == "counterexample", wrong
    (right,) = checker.verify_source(head + "    return 1\n")
    assert right["status"] == "verified", right


def test_the_runtime_reads_a_generator_variable_not_the_parameter_it_hides(checker, runner):
    """The referee (``instrument``) replaced the parameter ``x`` by its entry value inside
    ``all(x < 3 for x in range(n))`` too: it reported a violation CPython does not have."""
    source = textwrap.dedent(
        """
        def f(x: int, n: int) -> int:
            requires(x == 5 and n == 3)
            ensures(result == x and all(x < 3 for x in range(n)))
            return x
        """
    ).lstrip()
    assert runner.run(("replay", source, "f", [5, 3])) == {"pre": True, "kind": None, "message": ""}
    (report,) = checker.verify_source(source)
    assert report["status"] == "verified", report
    wrong = source.replace("x < 3 for", "x < 2 for")
    assert runner.run(("replay", wrong, "f", [5, 3]))["kind"] == "postcondition"
