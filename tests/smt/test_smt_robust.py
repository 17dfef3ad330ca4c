"""SMT checker attacks: state leaking between queries in one worker, huge push counts,
deep nesting, non-UTF-8 bytes, and the optional cvc5 second opinion."""

from __future__ import annotations

import pytest

from proofsmith.checkers.smt import SmtChecker, check_points, parse_commands
from proofsmith.checkers.smt.script import decode_script, render
from proofsmith.checkers.smt.second import available
from proofsmith.errors import InputError

REC = """(define-fun-rec fact ((n Int)) Int (ite (<= n 0) 1 (* n (fact (- n 1)))))
(assert (= (fact 3) 7))(check-sat)"""


@pytest.fixture(scope="module")
def checker():
    with SmtChecker(timeout_s=10, memory_mb=1024, jobs=1) as smt:
        yield smt


def test_a_reused_worker_starts_every_query_from_a_fresh_context(checker):
    # one worker answers all of these: the recursive definition must not leak
    for _ in range(3):
        assert [r["status"] for r in checker.solve_script(REC)] == ["unsat"]
    other = "(declare-const fact Bool)(assert fact)(check-sat)"
    assert [r["status"] for r in checker.solve_script(other)] == ["sat"]


def test_huge_push_counts_allocate_nothing_and_pop_correctly():
    script = "(declare-const x Int)(push 1000000000)(assert (> x 0))(pop 999999999)(check-sat)"
    (point,) = check_points(parse_commands(script))
    assert "(> x 0)" not in point.text  # the assertion sat at the innermost level
    script = "(push 5)(declare-const x Int)(push 1)(assert (= x 1))(pop 1)(check-sat)(pop 1)"
    script += "(check-sat)"
    first, second = check_points(parse_commands(script))
    assert first.text == "(declare-const x Int)"  # declared at level 5, still open
    assert second.text == ""  # level 5 popped
    with pytest.raises(InputError, match="only 3"):
        check_points(parse_commands("(push 3)(pop 4)"))


def test_deep_nesting_is_handled_without_recursion():
    depth = 50_000
    term = "(not " * depth + "true" + ")" * depth
    (cmd,) = parse_commands(f"(assert {term})")
    assert render(list(cmd.args)[0]) == term


def test_non_utf8_bytes_are_accepted_in_comments_only(checker):
    data = b"; caf\xe9 \xff\n(declare-const x Int)(assert (> x 0))(check-sat)\n"
    text = decode_script(data)
    assert [r["status"] for r in checker.solve_script(text)] == ["sat"]
    with pytest.raises(InputError, match="line 1: not UTF-8 text outside a comment .byte 0xff."):
        parse_commands(decode_script(b'(assert (= "\xff" "a"))'))


def test_cli_reads_non_utf8_comments(cli, tmp_path):
    path = tmp_path / "latin1.smt2"
    path.write_bytes(b"; r\xe9sum\xe9\n(declare-const x Int)(assert (< x 0))(check-sat)\n")
    result = cli(["check", "smt", str(path), "--claim", "sat"])
    assert result.exit_code == 0, result.stdout
    bad = tmp_path / "bad.smt2"
    bad.write_bytes(b"(declare-const |x\xe9| Int)(check-sat)\n")
    assert cli(["check", "smt", str(bad)]).exit_code == 2


# z3 says sat, but its model leaves the quantified assertion unevaluated
QUANTIFIED = "(declare-sort U 0)(declare-fun f (U) U)(assert (forall ((x U)) (not (= (f x) x))))"


def test_unvalidated_sat_is_unknown_or_agreed_by_two_solvers(checker):
    (result,) = checker.solve_script(QUANTIFIED)
    if available():
        assert result["status"] == "sat"
        assert "two solvers agree" in result["reason"] and "not validated" in result["reason"]
    else:
        assert result["status"] == "unknown" and "does not evaluate" in result["reason"]


def test_second_opinion_disagreement_and_absence():
    pytest.importorskip("cvc5")
    from proofsmith.checkers.smt.second import second_opinion

    assert second_opinion(QUANTIFIED, 5) == "sat"
    unsat = "(declare-sort U 0)(declare-const a U)(declare-fun f (U) U)"
    unsat += "(assert (forall ((x U)) (= (f x) a)))(assert (not (= (f a) a)))"
    assert second_opinion(unsat, 5) == "unsat"
    assert second_opinion("(assert (", 5) is None
