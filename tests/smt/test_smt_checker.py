"""SmtChecker with real z3 in worker processes: deciding scripts, claims, candidates."""

from __future__ import annotations

import re

import pytest

from proofsmith.checkers import Status, checker_for
from proofsmith.checkers.smt import SmtChecker, SmtQuery, solve
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError

EXPECTED = {"pushpop.smt2": ["sat", "unsat", "sat"]}

# 64-bit factoring of a semiprime: far beyond a fraction of a second for z3
HARD = """(declare-const x (_ BitVec 64))(declare-const y (_ BitVec 64))
(assert (bvugt x #x0000000000000001))(assert (bvugt y #x0000000000000001))
(assert (bvult x #x00000000ffffffff))(assert (bvult y #x00000000ffffffff))
(assert (= (bvmul x y) #x00d3a7b2c4e5f1a7))(check-sat)"""


@pytest.fixture(scope="module")
def checker():
    with SmtChecker(timeout_s=10, memory_mb=1024) as smt:
        yield smt


def _expected(path):
    if path.name in EXPECTED:
        return EXPECTED[path.name]
    return re.findall(r":status (\w+)", path.read_text())


def test_every_data_file_gets_its_expected_answers(checker, repo_root):
    files = sorted((repo_root / "tests/data/smt").glob("*.smt2"))
    assert len(files) >= 10
    for path in files:
        results = checker.solve_script(path.read_text())
        assert [r["status"] for r in results] == _expected(path), path.name


def test_sat_answers_carry_a_model_that_satisfies_the_script(checker, repo_root):
    script = (repo_root / "tests/data/smt/lia_sat.smt2").read_text()
    (result,) = checker.solve_script(script)
    model = {k: int(v.replace("(- ", "-").rstrip(")")) for k, v in result["model"].items()}
    x, y, z = model["x"], model["y"], model["z"]
    assert 3 * x + 2 * y - z == 1 and 2 * x - 2 * y + 4 * z == -2 and -x + 2 * y - z == -3


def test_solve_in_process_reports_parse_errors_as_error_answers():
    answer = solve(SmtQuery(script="(assert (> undeclared 1))", timeout_s=1))
    assert answer.status == "error" and "undeclared" in answer.reason


def test_time_limit_gives_unknown_never_a_verdict(checker):
    (result,) = checker.solve_script(HARD, timeout_s=0.3)
    assert result["status"] == "unknown"
    problem = Problem(id="hard", domain="smt", statement=HARD, reference="unsat")
    verdict = checker.check(problem, "", timeout_s=0.3)
    assert verdict.status is Status.TIMEOUT and verdict.status.exit_code == 3


def test_claims_per_check_sat(checker, repo_root):
    script = (repo_root / "tests/data/smt/pushpop.smt2").read_text()
    good = Problem(id="pp", domain="smt", statement=script, reference="sat unsat sat")
    wrong = Problem(id="pp", domain="smt", statement=script, reference="sat sat sat")
    assert checker.check(good, "").status is Status.PROVED
    verdict = checker.check(wrong, "")
    assert verdict.status is Status.REFUTED
    assert [r["status"] for r in verdict.details["results"]] == ["sat", "unsat", "sat"]
    with pytest.raises(InputError, match="2 claims"):
        checker.check(Problem(id="pp", domain="smt", statement=script, reference="sat unsat"), "")


# a refutable problem: x > 3 is satisfiable, so an "unsat" claim about it is false
SAT_PROBLEM = Problem(
    id="refutable",
    domain="smt",
    statement="(declare-const x Int)(declare-const y Int)(assert (> x 3))(assert (= y (+ x 1)))",
    reference="unsat",
)


@pytest.mark.parametrize(
    "candidate, reason",
    [
        ("(assert false)", "vacuous"),
        ("(assert (! false :named f))", "vacuous"),
        ("(exit)", "exit"),
        ("(reset)", "reset"),
        ("(reset-assertions)", "reset-assertions"),
        ("(pop 1)", "pop"),
        ("(push 1) (assert (< x 0))", "push"),
        ("(declare-const x Int) (assert (< x 0))", "redefines the problem's symbol x"),
        ("(define-fun x () Int 0)", "redefines the problem's symbol x"),
        ("(declare-fun y () Bool)", "redefines the problem's symbol y"),
        ("(set-option :smt.arith.solver 0)", "set-option"),
        ("(set-logic QF_BV)", "set-logic"),
        ("(set-info :status unsat)", "set-info"),
        ("(declare-sort U 0)", "not allowed"),
        ("(define-fun-rec f ((k Int)) Int (+ (f k) 1)) (assert (< x 0))", "not allowed"),
        ("(declare-const h Int) (declare-const h Int)", "defined twice"),
    ],
)
def test_forbidden_candidate_commands_are_rejected_and_never_prove(checker, candidate, reason):
    verdict = checker.check(SAT_PROBLEM, candidate)
    assert verdict.status is Status.REJECTED
    assert reason in verdict.reason


@pytest.mark.parametrize(
    "candidate",
    [
        "(assert (< x 0))",  # false lemma
        "(declare-const h Int) (assert (= h 0)) (assert (= x h))",  # lemma about a fresh helper
        "(assert (not (= y (+ x 1))))",  # contradicts the problem
        "(define-fun h () Int 0) (assert (> x h)) (assert (< x h))",
    ],
)
def test_unproven_lemmas_cannot_turn_a_refutable_problem_into_proved(checker, candidate):
    verdict = checker.check(SAT_PROBLEM, candidate)
    assert verdict.status is Status.REFUTED
    assert "lemma" in verdict.reason and "not implied" in verdict.reason


def test_true_lemmas_are_proven_then_the_false_claim_is_refuted(checker):
    verdict = checker.check(SAT_PROBLEM, "(assert (> y 4))")
    assert verdict.status is Status.REFUTED and "claim is wrong" in verdict.reason
    assert int(verdict.details["model"]["x"]) > 3


def test_lemmas_support_a_true_unsat_claim(checker):
    problem = Problem(
        id="u",
        domain="smt",
        statement="(declare-const a Int)(declare-const b Int)"
        "(assert (> a b))(assert (> b a))(check-sat)",
        reference="unsat",
    )
    verdict = checker.check(problem, "(declare-const d Int)(assert (> a b)) (check-sat)")
    assert verdict.status is Status.PROVED
    assert "(assert (> a b))" in verdict.checked_text


def test_claimed_models_are_validated(checker):
    problem = Problem(
        id="m",
        domain="smt",
        statement="(declare-const x Int)(declare-fun f (Int) Int)"
        "(assert (> (f x) 10))(assert (< x 0))",
        reference="sat",
    )
    good = "(define-fun x () Int (- 1))\n(define-fun f ((k Int)) Int (- 20 k))"
    assert checker.check(problem, good).status is Status.PROVED
    bad = "(define-fun x () Int 3)"
    assert checker.check(problem, bad).status is Status.REFUTED
    wrong_sort = "(define-fun x () Bool true)"
    verdict = checker.check(problem, wrong_sort)
    assert verdict.status is Status.REJECTED and "sort" in verdict.reason
    garbage = "(define-fun x () Int (+ 1"
    assert checker.check(problem, garbage).status is Status.REJECTED


def test_ill_typed_lemma_is_rejected(checker):
    verdict = checker.check(SAT_PROBLEM, "(assert (+ x true))")
    assert verdict.status is Status.REJECTED


def test_routing_builds_the_smt_checker():
    smt = checker_for("smt", timeout_s=3)
    try:
        assert isinstance(smt, SmtChecker) and smt.timeout_s == 3
    finally:
        smt.close()


def test_closing_the_checker_leaves_no_worker_alive():
    import psutil

    smt = SmtChecker(timeout_s=2)
    smt.solve_script("(declare-const x Int)(assert (> x 0))(check-sat)")
    pids = [w.process.pid for w in smt._runner._pool._all]
    smt.close()
    for pid in pids:
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_candidates_for_multi_check_sat_problems_are_rejected_never_proved(checker, repo_root):
    # the last check-sat is sat with x = 1, y = -1; the first claim (unsat) is wrong.
    script = (repo_root / "tests/data/smt/pushpop.smt2").read_text()
    problem = Problem(id="pp", domain="smt", statement=script, reference="unsat unsat sat")
    for candidate in (
        "(define-fun x () Int 1)(define-fun y () Int (- 1))",  # a true model of the last one
        "(assert (> x 0))",  # a true lemma
    ):
        verdict = checker.check(problem, candidate)
        assert verdict.status is Status.REJECTED
        assert "3 check-sat commands" in verdict.reason and "empty candidate" in verdict.reason
    # an empty candidate, or one holding only (check-sat), decides every check-sat
    for candidate in ("", "(check-sat) ; nothing to add\n(get-model)"):
        verdict = checker.check(problem, candidate)
        assert verdict.status is Status.REFUTED
        assert [r["status"] for r in verdict.details["results"]] == ["sat", "unsat", "sat"]


def test_single_check_sat_problems_still_take_candidates(checker):
    problem = Problem(
        id="one",
        domain="smt",
        statement="(declare-const x Int)(assert (> x 2))(check-sat)",
        reference="sat",
    )
    assert checker.check(problem, "(define-fun x () Int 3)").status is Status.PROVED
    assert checker.check(problem, "(define-fun x () Int 2)").status is Status.REFUTED
