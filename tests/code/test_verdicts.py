"""What a verdict claims: candidates keep every obligation of the problem, partial vs
total correctness, trusted callees, and bad input (deep nesting) as exit 2."""

from __future__ import annotations

import textwrap

import pytest

from proofsmith.checkers import Status
from proofsmith.datasets.problem import Problem


def _src(text: str) -> str:
    return textwrap.dedent(text).lstrip()


LOOP = _src(
    """
    def count(n: int) -> int:
        requires(n >= 0)
        ensures(result == n)
        i = 0
        while i < n:
            invariant(0 <= i <= n)
            decreases(n - i)
            i += 1
        assert i == n
        return i
    """
)


def _problem(source: str, **metadata) -> Problem:
    return Problem(
        id="p", domain="code", statement=source, metadata={"function": "count", **metadata}
    )


@pytest.mark.parametrize(
    "old, new",
    [
        ("        decreases(n - i)\n", ""),  # drops the measure: termination unchecked
        ("    assert i == n\n", ""),  # drops the problem's own assert
        ("        invariant(0 <= i <= n)\n", ""),  # drops a given invariant
        ("decreases(n - i)", "decreases(n + 1 - i)"),  # changes the measure
    ],
)
def test_a_candidate_may_not_drop_the_problems_obligations(checker, old, new):
    candidate = LOOP.replace(old, new)
    assert candidate != LOOP
    verdict = checker.check(_problem(LOOP), candidate)
    assert verdict.status is Status.REJECTED, verdict.messages
    assert "may only add" in verdict.reason


def test_a_false_problem_assert_stays_checked(checker):
    problem = LOOP.replace("assert i == n", "assert i == n + 1")
    verdict = checker.check(_problem(problem), problem.replace("    assert i == n + 1\n", ""))
    assert verdict.status is Status.REJECTED
    assert checker.check(_problem(problem), problem).status is Status.REFUTED


def test_adding_asserts_and_invariants_is_allowed(checker):
    candidate = LOOP.replace("        i += 1\n", "        assert i < n\n        i += 1\n")
    candidate = candidate.replace("    return i", "    pass\n    return i")
    assert checker.check(_problem(LOOP), candidate).status is Status.PROVED


PARTIAL = LOOP.replace("        decreases(n - i)\n", "")


def test_partial_correctness_is_reported_as_such(checker):
    (report,) = checker.verify_source(PARTIAL)
    assert report["status"] == "verified" and report["termination"] == "not proved"
    assert report["verdict"] == "verified (partial: termination not proved)"
    assert "line 5" in report["message"] and "decreases" in report["message"]
    (total,) = checker.verify_source(LOOP)
    assert total["termination"] == "proved" and total["verdict"] == "verified"


def test_a_problem_can_require_total_correctness(checker):
    assert checker.check(_problem(PARTIAL), "").status is Status.PROVED
    verdict = checker.check(_problem(PARTIAL, total=True), "")
    assert verdict.status is Status.REJECTED and "total correctness" in verdict.reason
    candidate = PARTIAL.replace(
        "invariant(0 <= i <= n)\n", "invariant(0 <= i <= n)\n        decreases(n - i)\n"
    )
    assert checker.check(_problem(PARTIAL, total=True), candidate).status is Status.PROVED


RECURSIVE = _src(
    """
    def loop(n: int) -> int:
        ensures(result == 0)
        return loop(n)

    def count(n: int) -> int:
        requires(n >= 0)
        ensures(result == 0)
        return loop(n)
    """
)


def test_recursion_and_callees_without_measures_are_partial(checker):
    by_name = {r["function"]: r for r in checker.verify_source(RECURSIVE)}
    assert by_name["loop"]["verdict"] == "verified (partial: termination not proved)"
    assert "recursive" in by_name["loop"]["message"]
    assert "callee loop" in by_name["count"]["message"]


WRONG_CALLEE = _src(
    """
    def helper(x: int) -> int:
        ensures(result > x)
        return x

    def count(n: int) -> int:
        requires(n >= 0)
        ensures(result > n)
        return helper(n)
    """
)


def test_trusted_callees_are_named_and_check_verifies_them(checker):
    (report,) = checker.verify_source(WRONG_CALLEE, "count")
    assert report["trusted"] == ["helper"]
    assert report["verdict"] == "verified (assuming the unverified contracts of helper)"
    verdict = checker.check(_problem(WRONG_CALLEE), "")
    assert verdict.status is Status.REFUTED  # helper's false contract is checked too
    fixed = WRONG_CALLEE.replace("    return x\n", "    return x + 1\n")
    verdict = checker.check(_problem(fixed), "")
    assert verdict.status is Status.PROVED
    assert [r["trusted"] for r in verdict.details["reports"]] == [[], []]


def test_cli_names_trusted_callees_and_total_flag(cli, tmp_path):
    path = tmp_path / "p.py"
    path.write_text(WRONG_CALLEE)
    result = cli(["check", "code", str(path), "--function", "count"])
    assert result.exit_code == 0
    assert "assuming the unverified contracts of helper" in result.stdout
    partial = tmp_path / "partial.py"
    partial.write_text(PARTIAL)
    result = cli(["check", "code", str(partial)])
    assert result.exit_code == 0 and "partial: termination not proved" in result.stdout
    assert cli(["check", "code", str(partial), "--total"]).exit_code == 3
    total = tmp_path / "total.py"
    total.write_text(LOOP)
    assert cli(["check", "code", str(total), "--total"]).exit_code == 0


@pytest.mark.parametrize("depth", [150, 100_000])
def test_deep_nesting_exits_2_with_one_line(cli, tmp_path, checker, depth):
    path = tmp_path / "deep.py"
    source = "def count(n: int) -> int:\n    return " + "(" * 0 + "-" * depth + "n\n"
    path.write_text(source)
    result = cli(["check", "code", str(path), "--json"])
    assert result.exit_code == 2
    verdict = checker.check(_problem(LOOP), source)
    assert verdict.status is Status.REJECTED and "nested too deeply" in verdict.reason
    assert checker.check(_problem(source), "").status is Status.ERROR
    first = (result.stdout.strip() or result.stderr.strip()).splitlines()[0]
    assert first.startswith("error: ") and "nested too deeply" in first


def test_a_candidate_assert_may_not_call_the_files_functions(checker):
    # spin verifies partially with ensures(False); calling it from an added assert would
    # make everything after it "proved" while changing what the program does
    problem = _src(
        """
        def spin(x: int) -> int:
            ensures(False)
            while True:
                pass
            return 0

        def count(n: int) -> int:
            ensures(result == n + 1)
            return n
        """
    )
    candidate = problem.replace("    return n\n", "    assert spin(0) == 0\n    return n\n")
    verdict = checker.check(_problem(problem), candidate)
    assert verdict.status is Status.REJECTED, verdict.messages
    assert checker.check(_problem(problem), "").status is Status.REFUTED
