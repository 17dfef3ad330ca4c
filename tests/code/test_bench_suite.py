"""The suite translated from public verification benchmarks (tests/data/code/bench).

Every function named ``*__mutant_*`` is a deliberately wrong variant (off-by-one, wrong
operator, wrong initial value) and must be refuted, as must ``*__false`` (the source
suite's own expected failures); every other function is a faithful translation with our
invariants and must verify. No mutant may ever verify (soundness);
the share of right verdicts is the accuracy inside the subset (target at least 90 %).
Each mutant is also run under CPython (in a limited worker) to confirm it really fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def _wrong(function: str) -> bool:
    """A mutant, or a program the source suite itself marks as failing (``*__false``)."""
    return "__mutant_" in function or function.endswith("__false")


def _suite(repo_root):
    return sorted((repo_root / "tests/data/code/bench").glob("*.py"))


def _verdicts(checker, repo_root):
    out = []
    for path in _suite(repo_root):
        source = path.read_text()
        for report in checker.verify_source(source):
            expected = "counterexample" if _wrong(report["function"]) else "verified"
            out.append((path, source, report, expected))
    return out


def test_suite_accuracy_and_no_mutant_verifies(checker, repo_root):
    results = _verdicts(checker, repo_root)
    mutants = [r for r in results if r[3] == "counterexample"]
    assert len(_suite(repo_root)) >= 13 and len(mutants) >= 25
    verified_mutants = [r[2]["function"] for r in mutants if r[2]["status"] == "verified"]
    assert verified_mutants == []
    right = sum(r[2]["status"] == r[3] for r in results)
    accuracy = right / len(results)
    wrong = [(r[2]["function"], r[2]["status"]) for r in results if r[2]["status"] != r[3]]
    print(f"benchmark suite: {right}/{len(results)} right ({accuracy:.0%}); wrong: {wrong}")
    assert accuracy >= 0.9, wrong


SUITE = sorted((Path(__file__).parents[1] / "data/code/bench").glob("*.py"))


@pytest.mark.parametrize("path", SUITE, ids=[p.stem for p in SUITE])
def test_every_mutant_really_fails_under_cpython(checker, runner, path):
    pytest.importorskip("hypothesis")
    source = path.read_text()
    for report in checker.verify_source(source):
        if not _wrong(report["function"]):
            continue
        # a contract violation or runtime error, not merely a slow run
        found = runner.run(("fuzz", source, report["function"], 100, 3, False), timeout_s=120)
        assert found["failure"] is not None, (path.name, report["function"], found)
