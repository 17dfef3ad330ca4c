"""SMT candidates from a second adversarial review: none may prove the false unsat claim
of a satisfiable problem, and quoted symbols are the symbols they quote."""

from __future__ import annotations

import pytest

from proofsmith.checkers import Status
from proofsmith.checkers.smt import SmtChecker
from proofsmith.checkers.smt.script import parse_commands
from proofsmith.datasets.problem import Problem

# satisfiable (x = 4, y = 5): the claim "unsat" is false
PROBLEM = Problem(
    id="refutable",
    domain="smt",
    statement="(declare-const x Int)(declare-const y Int)(assert (> x 3))(assert (= y (+ x 1)))",
    reference="unsat",
)


@pytest.fixture(scope="module")
def checker():
    with SmtChecker(timeout_s=10, memory_mb=1024) as smt:
        yield smt


@pytest.mark.parametrize(
    "candidate",
    [
        # |x| is x (SMT-LIB 3.1): a redeclaration, however it is spelled
        "(declare-const |x| Bool) (assert |x|)",
        "(define-fun |y| () Int 0) (assert (= x |y|))",
        # builtins cannot be redefined with their own sorts (z3 refuses the script)
        "(define-fun not ((b Bool)) Bool false) (assert (< x 0))",
        "(define-fun = ((a Int) (b Int)) Bool false) (assert (= x 0))",
        "(declare-fun and (Bool Bool) Bool) (assert (and (< x 0) true))",
        # a backslash does not escape a quote: the lemma's string ends where we think
        '(assert (= (str.len "\\") 1)) (assert (not (= "\\" "(assert false)")))',
        '(declare-const s String) (assert (= s "a\\")) (assert (< x 0))',
    ],
)
def test_candidates_never_prove_a_false_unsat_claim(checker, candidate):
    verdict = checker.check(PROBLEM, candidate)
    assert verdict.status is not Status.PROVED, verdict


def test_quoted_symbols_are_the_problems_symbols(checker):
    verdict = checker.check(PROBLEM, "(declare-const |x| Bool) (assert |x|)")
    assert verdict.status is Status.REJECTED
    assert "redefines the problem's symbol x" in verdict.reason
    (cmd,) = parse_commands("(declare-datatypes ((|L| 0)) (((|nil|) (cons (hd Int)))))")
    assert set(cmd.declared()) == {"L", "nil", "cons", "hd"}
    # a claimed model may name the symbol quoted: it is the problem's x, and it is checked
    sat = Problem(id="s", domain="smt", statement=PROBLEM.statement, reference="sat")
    assert checker.check(sat, "(define-fun |x| () Int 4)").status is Status.PROVED
    assert checker.check(sat, "(define-fun |x| () Int 2)").status is Status.REFUTED


def test_backslashes_in_strings_mean_themselves(checker):
    """The lemma holds only if "a\\" is the two characters a and backslash, as z3 reads it."""
    verdict = checker.check(PROBLEM, '(assert (= (str.len "a\\") 2))')
    assert verdict.status is Status.REFUTED
    assert "the problem is sat" in verdict.reason  # the lemma itself was proven


def test_datatype_names_are_the_problems_and_assumptions_come_first(checker):
    statement = (
        "(declare-datatypes ((D 0)) (((A) (B))))(declare-const d D)(assert (= d A))"
        "(check-sat-assuming ((is-A d)))"
    )
    problem = Problem(id="d", domain="smt", statement=statement, reference="unsat")
    for name in ("A", "B", "D"):
        verdict = checker.check(problem, f"(declare-fun {name} (D) Bool)")
        assert verdict.status is Status.REJECTED, (name, verdict)
        assert f"the problem's symbol {name}" in verdict.reason
    # is-A is z3's tester, not a declared name: declaring it is allowed but cannot change
    # the problem's literal, which is placed before any candidate text
    verdict = checker.check(problem, "(declare-fun is-A (D) Bool) (assert (not (is-A d)))")
    assert verdict.status is Status.REFUTED, verdict
    (cmd,) = parse_commands("(define-funs-rec ((f ((k Int)) Int) (g ((k Int)) Int)) (0 1))")
    assert {"f", "g"} <= set(cmd.declared())


def test_a_flood_of_lemmas_runs_out_of_budget_not_for_hours():
    with SmtChecker(timeout_s=0.5, memory_mb=1024) as smt:
        verdict = smt.check(PROBLEM, "(assert (> x 0))" * 5000)
    assert verdict.status is Status.TIMEOUT, verdict
    assert "lemmas" in verdict.reason and verdict.seconds < 30


# SMT-LIB reads (define-fun-rec f (x) body) as the axiom "forall x, f x = body". z3 unfolds
# f only where the assertions use it, so it answered sat (and the claim "sat" came back
# PROVED) for scripts whose definitions have no solution at all.
_NO_SOLUTION = {
    "f x = not f x, f unused": (
        "(define-fun-rec f ((x Int)) Bool (not (f x)))(declare-const y Int)(assert (> y 0))",
        "(declare-fun f (Int) Bool)(assert (forall ((x Int)) (= (f x) (not (f x)))))",
    ),
    "f x = f x + 1, f unused": (
        "(define-fun-rec f ((x Int)) Int (+ (f x) 1))",
        "(declare-fun f (Int) Int)(assert (forall ((x Int)) (= (f x) (+ (f x) 1))))",
    ),
    "used only in a tautology": (
        "(define-fun-rec f ((x Int)) Bool (not (f x)))(declare-const y Int)"
        "(assert (or (f y) (not (f y))))",
        "(declare-fun f (Int) Bool)(declare-const y Int)"
        "(assert (forall ((x Int)) (= (f x) (not (f x)))))",
    ),
}


@pytest.mark.parametrize("name", list(_NO_SOLUTION))
def test_a_recursive_definition_without_solution_is_never_proved_sat(checker, name):
    script, axiom = _NO_SOLUTION[name]
    # the referee: the definition written as the SMT-LIB axiom it stands for is unsat
    assert [r["status"] for r in checker.solve_script(axiom + "(check-sat)")] == ["unsat"]
    problem = Problem(id=name, domain="smt", statement=script + "(check-sat)", reference="sat")
    verdict = checker.check(problem, "")
    assert verdict.status is not Status.PROVED, verdict
    assert "recursive definitions" in verdict.reason
    # the same with a candidate model for the declared constant (when there is one)
    if "declare-const y" in script:
        verdict = checker.check(problem, "(define-fun y () Int 1)")
        assert verdict.status is not Status.PROVED, verdict


def test_unsat_through_a_recursive_definition_is_still_proved(checker):
    fact = "(define-fun-rec fact ((n Int)) Int (ite (<= n 0) 1 (* n (fact (- n 1)))))"
    problem = Problem(
        id="fact",
        domain="smt",
        statement=fact + "(assert (= (fact 3) 7))(check-sat)",
        reference="unsat",
    )
    assert checker.check(problem, "").status is Status.PROVED
