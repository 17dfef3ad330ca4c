"""Attacks from a second review: files that came back `verified` although CPython, running
the file exactly as written, violates the contract (or fails). Each one is run under
CPython in a limited worker (``differential.run(("plain", …))``: the file unchanged but
for its no-op ensures/invariant lines) to show the violation, and the checker must no
longer say verified: it refuses the file naming the construct, or finds a counterexample.
"""

from __future__ import annotations

import textwrap

import pytest

from proofsmith.errors import UnsupportedSyntax


def _src(text: str) -> str:
    return textwrap.dedent(text).lstrip()


def _verdicts(checker, source: str) -> dict[str, str]:
    """function -> status; {"*": "unsupported"} when the file is refused as a whole."""
    try:
        reports = checker.verify_source(source)
    except UnsupportedSyntax as exc:
        return {"*": f"unsupported: {exc.message}"}
    return {r["function"]: f"{r['status']}: {r.get('message', '')}" for r in reports}


_G = """
def g(x: int) -> int:
    ensures(result == x)
    return x
"""

# name -> (source, function, args, run as __main__, what CPython does, what the checker says)
ATTACKS = {
    "parameter named like a function": (
        _G + "\ndef f(g: int) -> int:\n    ensures(result == 3)\n    return g(3)\n",
        "f",
        [5],
        False,
        lambda out: out["kind"] == "TypeError",
        "binding the name 'g', which is a function of the file",
    ),
    "local assigned after the call (Python makes it local everywhere)": (
        _G
        + "\ndef f(x: int) -> int:\n    ensures(result == x)\n    y = g(x)\n    g = 0\n"
        + "    return y\n",
        "f",
        [5],
        False,
        lambda out: out["kind"] == "UnboundLocalError",
        "binding the name 'g'",
    ),
    "an import after the def rebinds the function": (
        _G
        + "\nfrom operator import neg as g\n\n"
        + "def f(x: int) -> int:\n    ensures(result == x)\n    return g(x)\n",
        "f",
        [5],
        False,
        lambda out: out["value"] == -5,
        "binding the name 'g'",
    ),
    "a contract name imported under a builtin's name": (
        "from proofsmith.checkers.code.runtime import old as abs\n\n"
        "def f(x: int) -> int:\n    ensures(result >= 0)\n    return abs(x)\n",
        "f",
        [-5],
        False,
        lambda out: out["value"] == -5,
        "binding the name 'abs'",
    ),
    "top-level code patches builtins without setattr": (
        "from operator import setitem, neg\nfrom builtins import __dict__ as B\n"
        "print(setitem(B, 'abs', neg))\n\n"
        "def f(x: int) -> int:\n    ensures(result >= 0)\n    return abs(x)\n",
        "f",
        [3],
        False,
        lambda out: out["value"] == -3,
        "call to setitem(...) in top-level code",
    ),
    "an attribute call at top level patches builtins": (
        "import builtins\nfrom operator import neg\n"
        "print(builtins.__dict__.update({'abs': neg}))\n\n"
        "def f(x: int) -> int:\n    ensures(result >= 0)\n    return abs(x)\n",
        "f",
        [3],
        False,
        lambda out: out["value"] == -3,
        "call to builtins.__dict__.update(...) in top-level code",
    ),
    "the main block patches builtins before calling": (
        "from operator import setitem, neg\nfrom builtins import __dict__ as B\n\n"
        "def f(x: int) -> int:\n    ensures(result >= 0)\n    return abs(x)\n\n"
        "if __name__ == '__main__':\n    setitem(B, 'abs', neg)\n",
        "f",
        [3],
        True,
        lambda out: out["value"] == -3,
        "call to setitem(...) in top-level code",
    ),
    "the main block stores into the builtins dict": (
        "from operator import neg\nfrom builtins import __dict__ as B\n\n"
        "def f(x: int) -> int:\n    ensures(result >= 0)\n    return abs(x)\n\n"
        "if __name__ == '__main__':\n    B['abs'] = neg\n",
        "f",
        [3],
        True,
        lambda out: out["value"] == -3,
        "assigning B['abs'] in top-level code",
    ),
    "a match pattern in the main block binds a builtin's name": (
        "from operator import neg\n\n"
        "def f(x: int) -> int:\n    ensures(result >= 0)\n    return abs(x)\n\n"
        "if __name__ == '__main__':\n    match neg:\n        case abs:\n            pass\n"
        "    print(f(3))\n",
        "f",
        [3],
        True,
        lambda out: out["value"] == -3,
        "binding the name 'abs'",
    ),
    "an imported exec runs as a sort key at top level": (
        "from builtins import exec as run\n"
        "print(sorted(['import builtins; builtins.abs = lambda x: -x'], key=run))\n\n"
        "def f(x: int) -> int:\n    ensures(result >= 0)\n    return abs(x)\n",
        "f",
        [3],
        False,
        lambda out: out["value"] == -3,
        "keyword arguments in top-level code",
    ),
    "z3 reads escapes in string literals": (
        'def f() -> int:\n    ensures(result == 1)\n    return len("\\\\u{41}")\n',
        "f",
        [],
        False,
        lambda out: out["value"] == 6,
        "counterexample",
    ),
    "sum(e) re-read e with the sum's own index bound": (
        "def f(xs: list[int], _k: int) -> int:\n"
        "    requires(_k == 1 and len(xs) == 3)\n"
        "    ensures(result == sum(xs[_k:]))\n"
        "    return xs[0] + xs[2]\n",
        "f",
        [[1, 2, 3], 1],
        False,
        lambda out: out["value"] == 4 and sum([2, 3]) == 5,
        "counterexample",
    ),
    "a variable changes type in a while loop (the head kept it an int)": (
        "def f(n: int) -> int:\n    requires(n >= 1)\n    ensures(result == 0)\n"
        "    x = 0\n    i = 0\n    while i < n:\n        invariant(0 <= i <= n)\n"
        "        decreases(n - i)\n        x = [1]\n        i += 1\n    return x * 0\n",
        "f",
        [1],
        False,
        lambda out: out["value"] == [],
        "x is an int at the loop head and a list after an iteration",
    ),
    "a variable changes type in a for loop, at a continue": (
        "def f(n: int) -> int:\n    requires(n >= 1)\n    ensures(result == 0)\n"
        "    x = 0\n    for i in range(n):\n        x = 'a'\n        if i >= 0:\n"
        "            continue\n        x = 0\n    return x * 0\n",
        "f",
        [1],
        False,
        lambda out: out["value"] == "",
        "x is an int at the loop head and a str after an iteration",
    ),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_cpython_violates_and_the_checker_does_not_verify(checker, plain, name):
    source, fn, args, main, violated, expected = ATTACKS[name]
    out = plain(source, fn, args, main)
    assert violated(out), out  # the contract really fails under CPython
    verdicts = _verdicts(checker, source)
    assert not any(v.startswith("verified") for k, v in verdicts.items() if k in ("*", fn))
    assert any(expected in v for v in verdicts.values()), verdicts


def test_star_imports_are_refused_and_numpy_shows_why(checker, plain):
    pytest.importorskip("numpy")
    source = _src(
        """
        from numpy import *

        def f(x: int) -> int:
            ensures(result == x * x)
            return abs(x) * abs(x)
        """
    )
    out = plain(source, "f", [2**32], False)
    assert out["value"] == "np.int64(0)" or out["value"] == "0", out  # int64 wrapped
    assert "star import" in _verdicts(checker, source)["*"]


@pytest.mark.parametrize(
    "source",
    [
        "from proofsmith.checkers.code.runtime import requires as ensures\n",
        "from proofsmith.checkers.code.runtime import *\n",
        "import requires\n",
        "from .runtime import requires\n",
        "print((lambda: 0)())\n",
        "print(__builtins__)\n",
        "if __name__ == '__main__':\n    print(g := 3)\n",
        "print(sorted([3, 1], key=abs))\n",
        "from builtins import exec as run\nprint(max(run, run))\n",
        "if __name__ == '__main__':\n    for B[0] in [1]:\n        pass\n",
        "if __name__ == '__main__':\n    class C:\n        pass\n",
        "if __name__ == '__main__':\n    @print\n    def h():\n        pass\n",
    ],
)
def test_contract_imports_and_top_level_code_are_narrow(source):
    from proofsmith.checkers.code import parse_module

    with pytest.raises(UnsupportedSyntax):
        parse_module(source + _G)


def test_plain_top_level_code_stays_accepted():
    from proofsmith.checkers.code import parse_module

    source = _src(
        """
        from proofsmith.checkers.code.runtime import requires, ensures
        import os

        def g(x: int) -> int:
            ensures(result == x)
            return x

        print(g(3), len([1, 2]), abs(-1))
        if __name__ == "__main__":
            print(g(max(1, 2)))
        """
    )
    assert list(parse_module(source)) == ["g"]


def test_strings_with_backslashes_have_python_lengths(checker, plain):
    source = _src(
        r"""
        def f() -> int:
            ensures(result == 6)
            return len("\\u{41}")

        def g(s: str) -> bool:
            ensures(result == (s == "\\x41"))
            return s == "\\x41" and "\\u0041" != "A"
        """
    )
    assert plain(source, "f", [], False)["value"] == 6
    assert plain(source, "g", ["\\x41"], False)["value"] is True
    verdicts = _verdicts(checker, source)
    assert verdicts["f"].startswith("verified") and verdicts["g"].startswith("verified"), verdicts


@pytest.mark.parametrize(
    "body",
    [
        "    if g(1):\n        return 2\n    return 1\n",
        "    assert not g(1)\n    return 1\n",
        "    y = g(1) if x > 0 else g(2)\n    return 1\n",
    ],
)
def test_the_value_of_a_none_function_is_refused_cleanly(checker, body):
    source = "def g(x: int) -> None:\n    return\n\ndef f(x: int) -> int:\n" + body
    (report,) = checker.verify_source(source, "f")
    assert report["status"] == "unsupported", report
    assert "returns None" in report["message"]


def test_choosing_between_grids_is_modelled_not_a_crash(checker):
    source = _src(
        """
        def f(g: list[list[int]], h: list[list[int]], c: bool) -> int:
            requires(len(g) == 2 and len(h) == 3)
            ensures(result == (2 if c else 3))
            return len(g if c else h)

        def wrong(g: list[list[int]], h: list[list[int]], c: bool) -> int:
            requires(len(g) == 2 and len(h) == 3)
            ensures(result == 2)
            return len(g if c else h)
        """
    )
    verdicts = _verdicts(checker, source)
    assert verdicts["f"].startswith("verified") and verdicts["wrong"].startswith("counter")


_FALSE = "def f(x: int) -> int:\n    ensures(result == 1)\n    return x\n"


@pytest.mark.parametrize("sep", ["\u2028", "\x0c", "\x0b", "\x1c", "\x85"])
def test_a_candidate_cannot_shift_the_splice_with_odd_line_breaks(checker, plain, sep):
    """str.splitlines breaks at these characters, Python's tokenizer does not: four of
    them in a docstring shifted the spliced lines onto a function inside the docstring,
    which was checked instead of the (compared, unchanged) real one."""
    from proofsmith.checkers import Status
    from proofsmith.datasets.problem import Problem

    assert plain(_FALSE, "f", [0])["value"] == 0  # the problem's contract is false
    problem = Problem(id="p", domain="code", statement=_FALSE, metadata={"function": "f"})
    hidden = "def f(x: int) -> int:\n    ensures(result == 1)\n    return 1\n"
    candidate = '"""' + sep * 4 + "\n" + hidden + '"""\n' + _FALSE
    verdict = checker.check(problem, candidate)
    assert verdict.status is Status.REFUTED, verdict
    assert "return x" in verdict.checked_text


def test_crlf_candidates_still_splice(checker):
    from proofsmith.checkers import Status
    from proofsmith.datasets.problem import Problem

    true = _FALSE.replace("return x", "return 1")
    problem = Problem(id="p", domain="code", statement=true, metadata={"function": "f"})
    candidate = true.replace("    return 1", "    assert 1 == 1\n    return 1")
    assert checker.check(problem, candidate.replace("\n", "\r\n")).status is Status.PROVED
    assert checker.check(problem, candidate.replace("\n", "\r")).status is Status.PROVED


def test_a_coding_declaration_other_than_utf8_is_refused(checker, plain):
    """The checker reads UTF-8; CPython decodes the file by its declaration: the two bytes
    of "é" are one character to one and two to the other."""
    body = '\ndef f() -> int:\n    ensures(result == 1)\n    return len("é")\n'
    data = ("# -*- coding: latin-1 -*-" + body).encode("utf-8")
    assert plain(data, "f", [])["value"] == 2  # CPython: "Ã©"
    verdicts = _verdicts(checker, data.decode("utf-8"))
    assert "coding declaration 'latin-1'" in verdicts["*"], verdicts
    # U+2028 is no line break to Python: the declaration is still on line 2
    data = ("# x\u2028y\n# -*- coding: latin-1 -*-" + body).encode("utf-8")
    assert plain(data, "f", [])["value"] == 2
    assert "coding declaration" in _verdicts(checker, data.decode("utf-8"))["*"]
    for ok in ("# coding: utf-8", "#!/usr/bin/env python3\n# -*- coding: UTF8 -*-", "# plain"):
        assert _verdicts(checker, ok + body)["f"].startswith("verified")
    late = "x = 1  # coding: latin-1" + body  # not a declaration: only lines 1-2 count
    assert "coding" not in _verdicts(checker, "import os\n" + late)["*"]


SEMANTICS = [  # each verifies, and CPython agrees on random inputs
    """
    def f(x: int, y: int) -> bool:
        ensures(result)
        return -7 // 2 == -4 and -7 % 2 == 1 and 7 % -2 == -1 and 7 // -2 == -4 and -7 % -2 == -1
    """,
    """
    def f(x: int, y: int) -> int:
        requires(y != 0)
        ensures(x == y * (x // y) + result and (result == 0 or (result > 0) == (y > 0)))
        return x % y
    """,
    """
    def f(n: int) -> int:
        ensures(result == max(n, 0))
        c = 0
        for i in range(n):
            invariant(c == i)
            n = n - 1
            c = c + 1
        return c
    """,
    """
    def f(xs: list[int], i: int, v: int) -> list[int]:
        ensures(len(result) == len(xs) + 1)
        ensures(i >= len(xs) or i < -len(xs) or result[i if i >= 0 else i - 1] == v)
        ys = list(xs)
        ys.insert(i, v)
        return ys
    """,
    """
    def f(xs: list[int], i: int) -> list[int]:
        requires(0 <= i < len(xs))
        ensures(result[0] == i)
        ys = list(xs)
        i, ys[i] = 0, i
        return ys
    """,
    """
    def f(s: str, a: int, b: int) -> int:
        ensures(0 <= result <= len(s))
        ensures(result == len(s[a:b]))
        return len(s[a:][: max(b - a, 0)]) if a >= 0 and b >= 0 else len(s[a:b])
    """,
]


@pytest.mark.parametrize("source", SEMANTICS, ids=[str(i) for i in range(len(SEMANTICS))])
def test_python_semantics_verify_and_cpython_agrees(checker, runner, source):
    source = _src(source)
    (report,) = checker.verify_source(source)
    assert report["status"] == "verified", report
    out = runner.run(("fuzz", source, "f", 150, 0, True), timeout_s=60)
    assert out["failure"] is None and out["valid"] > 10, out
