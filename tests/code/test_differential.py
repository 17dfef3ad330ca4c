"""The encoder against CPython: what verifies must survive random inputs, and what is
refuted must fail when its counterexample is replayed.

Programs run in a limited worker (:mod:`proofsmith.checkers.code.differential`), never in
the pytest process; contracts are runtime checks there (:mod:`.runtime`).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")

DATA_DIRS = ("tests/data/code", "tests/data/code/bench")


ROOT = Path(__file__).parents[2]
FILES = sorted(p for d in DATA_DIRS for p in (ROOT / d).glob("*.py"))


def test_the_data_is_there():
    assert len(FILES) >= 14


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_every_verified_program_survives_random_inputs(checker, runner, path):
    source = path.read_text()
    checked = verified = 0
    for report in checker.verify_source(source):
        if report["status"] != "verified":
            continue
        verified += 1
        total = report["termination"] == "proved"
        request = ("fuzz", source, report["function"], 80, 7, total)
        found = runner.run(request, timeout_s=120)
        assert found["failure"] is None, (path.name, report["function"], found)
        checked += found["valid"] > 0
    assert checked >= min(verified, 1)  # some inputs met the preconditions


# (program, function): refuted, and the counterexample's entry values really fail
REFUTED = [
    (
        """
        def halve(n: int) -> int:
            requires(n >= 0)
            ensures(2 * result == n)
            return n // 2
        """,
        "postcondition",
    ),
    (
        """
        def last(a: list[int], i: int) -> int:
            requires(len(a) > 0 and i < len(a))
            ensures(True)
            return a[i]
        """,
        "IndexError",
    ),
    (
        """
        def ratio(x: int, y: int) -> int:
            requires(x >= y)
            ensures(True)
            return 10 % (x - y)
        """,
        "ZeroDivisionError",
    ),
    (
        """
        def drop(a: list[int], k: int) -> int:
            requires(k >= 0)
            ensures(True)
            b = list(a)
            for i in range(k):
                b.pop()
            return len(b)
        """,
        "IndexError",
    ),
    (
        """
        def absdiff(x: int, y: int) -> int:
            ensures(result >= 0)
            d = x - y
            if d < 0 and x > 3:
                d = -d
            return d
        """,
        "postcondition",
    ),
    (
        """
        def count(a: list[int]) -> int:
            ensures(result <= len(a))
            c = 0
            for v in a:
                invariant(c <= index(v) + 1)
                if v >= 0:
                    c += 2
            return c
        """,
        "",
    ),
]


@pytest.mark.parametrize("source, kind", REFUTED, ids=[str(i) for i in range(len(REFUTED))])
def test_counterexamples_replay_as_failures_under_cpython(checker, runner, source, kind):
    source = textwrap.dedent(source).lstrip()
    (report,) = checker.verify_source(source)
    assert report["status"] == "counterexample", report
    failed = next(o for o in report["obligations"] if o["status"] == "failed")
    entry = failed["counterexample"]["entry"]
    args = [entry[name] for name in entry]
    replay = runner.run(("replay", source, report["function"], args), timeout_s=30)
    assert replay["pre"], (entry, replay)
    if kind:
        assert replay["kind"] == kind, (failed, replay)
    else:  # a loop invariant refuted at the head: CPython fails somewhere on that input
        assert replay["kind"] is not None, (failed, replay)
