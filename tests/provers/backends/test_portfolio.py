"""The portfolio prover: strategies per domain, checked by the real checkers."""

from __future__ import annotations

import pytest

from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError
from proofsmith.provers.backends.portfolio import PortfolioProver
from proofsmith.provers.backends.portfolio.code import guess_invariants
from proofsmith.provers.backends.portfolio.lean import context_of_state, context_of_statement
from proofsmith.provers.base import Prover, SamplingParams
from proofsmith.provers.formats import get_format
from proofsmith.provers.load import load_prover

FMT = get_format("portfolio")
SUM_TO = """
def sum_to(n: int) -> int:
    requires(n >= 0)
    ensures(2 * result == n * (n + 1))
    s = 0
    i = 0
    while i < n:
        i = i + 1
        s = s + i
    return s
"""


@pytest.fixture(scope="module")
def portfolio():
    with PortfolioProver() as prover:
        yield prover


def _candidates(prover, problem, state=None, n=64):
    (cands,) = prover.generate([FMT.render(problem=problem, state=state)], SamplingParams(n=n))
    return [FMT.parse(c.text) for c in cands], cands


@pytest.mark.parametrize(
    ("statement", "variables", "hypotheses", "goal"),
    [
        # a keyword inside a comment is no declaration; the real one comes after it
        (
            "/- theorem fake (z : ℕ) : z = z -/ lemma real (n : ℕ) (hn : 0 < n) : n ≠ 0",
            ("n",),
            ("hn",),
            "n ≠ 0",
        ),
        (
            "theorem «odd : name» (a : ℤ) (h₀ : a = 2) : a * a = 4 := by",
            ("a",),
            ("h₀",),
            "a * a = 4",
        ),
        ("set_option maxHeartbeats 400000 in\nexample (x : ℝ) : x = x := rfl", ("x",), (), "x = x"),
    ],
)
def test_a_statements_context_is_read_with_leans_tokens(statement, variables, hypotheses, goal):
    ctx = context_of_statement(statement)
    assert (ctx.variables, ctx.hypotheses, ctx.goal) == (variables, hypotheses, goal)


def test_lean_whole_proofs_and_tactics(portfolio):
    assert isinstance(portfolio, Prover) and portfolio.name == "portfolio"
    statement = "theorem t (a b : ℝ) (h₀ : 0 < a) (f : ℕ → ℕ) : a * b ≤ (a + b) ^ 2 := by sorry"
    ctx = context_of_statement(statement)
    assert ctx.variables == ("a", "b") and ctx.hypotheses == ("h₀",)
    assert ctx.goal == "a * b ≤ (a + b) ^ 2"
    problem = Problem(id="t", domain="lean", statement=statement)
    texts, cands = _candidates(portfolio, problem)
    assert texts[0].startswith("first\n  | (norm_num; done)")
    assert {"norm_num", "linarith", "nlinarith", "omega", "positivity", "decide", "aesop"} <= set(
        texts
    )
    assert "nlinarith [sq_nonneg (a - b), sq_nonneg (a + b), sq_nonneg a, sq_nonneg b]" in texts
    assert "norm_num [h₀] at *" in texts
    logprobs = [c.logprob for c in cands]
    assert logprobs == sorted(logprobs, reverse=True) and logprobs[0] == 0.0
    # as whole proofs they assemble under the statement
    whole = FMT.assemble(problem, texts[1])
    assert whole == "norm_num"
    # tactic candidates read the state
    state = "x : ℕ\nh : x > 0\n⊢ ∀ y : ℕ, y + x > y ∧ True"
    assert context_of_state(state).hypotheses == ("h",)
    tactics, _ = _candidates(portfolio, problem, state=state)
    assert {"intro", "constructor", "assumption", "omega"} <= set(tactics)
    few, _ = _candidates(portfolio, problem, state=state, n=3)
    assert few == tactics[:3]


def test_priors_and_options_are_configurable():
    prover = PortfolioProver(priors={"lean.omega": 1.5}, lean_tactics=("omega", "simp"))
    problem = Problem(id="t", domain="lean", statement="theorem t : 1 + 1 = 2 := by sorry")
    texts, cands = _candidates(prover, problem)
    assert texts[:3] == ["first\n  | (omega; done)\n  | (simp; done)", "omega", "simp"]
    assert cands[1].logprob == 1.5
    with pytest.raises(InputError, match="unknown portfolio option"):
        PortfolioProver(bogus=1)
    with pytest.raises(InputError, match="cannot read"):
        prover.generate(["theorem t : True := by"])


@pytest.mark.parametrize(
    ("question", "gold"),
    [
        ("What is 2^10 + 3?", "1027"),
        ("Solve for x: 2x + 3 = 7", "2"),
        ("Solve x^2 - 5x + 6 = 0.", "2, 3"),
        ("Compute $\\sqrt{2}\\cdot\\sqrt{8}$.", "4"),
        ("Simplify \\frac{x^2-1}{x-1}", "x+1"),
        ("Solve the system x + y = 3, x - y = 1", "x = 2, y = 1"),
    ],
)
def test_answer_strategies_are_accepted_by_the_answer_checker(portfolio, question, gold):
    from proofsmith.checkers.answer import check

    problem = Problem(id="q", domain="answer", statement=question, reference=gold)
    texts, _ = _candidates(portfolio, problem)
    assert texts, question
    assert any(check(gold, t).proved for t in texts), texts


def test_answer_gives_nothing_for_prose(portfolio):
    problem = Problem(
        id="q", domain="answer", statement="Who wrote Hamlet?", reference="Shakespeare"
    )
    assert _candidates(portfolio, problem)[0] == []


def test_smt_empty_candidate_lets_z3_decide(portfolio):
    from proofsmith.checkers.smt import SmtChecker

    script = "(declare-const x Int)\n(assert (> x 3))\n(assert (< x 2))\n(check-sat)\n"
    problem = Problem(id="s", domain="smt", statement=script, reference="unsat")
    texts, _ = _candidates(portfolio, problem)
    assert texts == [""]
    assert SmtChecker().check(problem, texts[0], timeout_s=20).proved


def test_code_houdini_finds_inductive_invariants(portfolio):
    from proofsmith.checkers.code import CodeChecker

    guesses = guess_invariants(SUM_TO)
    (loop_guesses,) = guesses.values()
    assert "i <= n" in loop_guesses and "2 * s == i * (i + 1)" in loop_guesses
    problem = Problem(id="c", domain="code", statement=SUM_TO, metadata={"function": "sum_to"})
    texts, _ = _candidates(portfolio, problem)
    assert len(texts) == 1 and "invariant(2 * s == i * (i + 1))" in texts[0]
    assert "invariant(i >= 1)" not in texts[0]  # not inductive on entry: dropped
    with CodeChecker(timeout_s=20) as checker:
        assert checker.check(problem, texts[0]).proved


def test_load_prover_portfolio():
    prover = load_prover("portfolio", rank_step=0.5)
    assert isinstance(prover, PortfolioProver) and prover.config.rank_step == 0.5
    prover.close()


ABS = """
def abs_value(x: int) -> int:
    ensures(result >= 0)
    if x < 0:
        return -x
    return x
"""


def test_code_without_loops_is_proposed_as_given_only_when_it_verifies(portfolio):
    from proofsmith.checkers.code import CodeChecker

    problem = Problem(id="a", domain="code", statement=ABS, metadata={"function": "abs_value"})
    texts, _ = _candidates(portfolio, problem)
    assert len(texts) == 1
    with CodeChecker(timeout_s=20) as checker:
        assert checker.check(problem, texts[0]).proved
    wrong = ABS.replace("return -x", "return x")
    problem = Problem(id="w", domain="code", statement=wrong, metadata={"function": "abs_value"})
    assert _candidates(portfolio, problem)[0] == []
