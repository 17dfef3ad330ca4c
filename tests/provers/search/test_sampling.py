"""Whole-proof sampling over the real Z3 checker: counts for pass@k, on_proof, repair."""

from __future__ import annotations

import pytest

from proofsmith.checkers.smt import SmtChecker
from proofsmith.checkers.verdict import Status
from proofsmith.datasets.problem import Problem
from proofsmith.provers.search import SampleConfig, sample_proofs

SCRIPT = "(declare-const x Int)\n(assert (> x 3))\n(assert (< x 6))\n(check-sat)\n"
GOOD, BAD = "(define-fun x () Int 5)", "(define-fun x () Int 9)"


@pytest.fixture(scope="module")
def smt():
    with SmtChecker(timeout_s=10) as checker:
        yield checker


@pytest.fixture
def problem():
    return Problem(id="between", domain="smt", statement=SCRIPT, reference="sat")


def test_counts_every_sample_and_reports_each_proof_once(scripted, smt, problem):
    prover = scripted(lambda p: [(GOOD, -0.5), (BAD, -0.4), ("", -0.1), (GOOD, -0.5)])
    found = []
    result = sample_proofs(problem, prover, smt, config=SampleConfig(n=4), on_proof=found.append)

    assert (result.n, result.correct) == (4, 2)  # duplicates count: samples are i.i.d.
    statuses = [c.verdict.status for c in result.checked]
    assert statuses == [Status.PROVED, Status.REFUTED, Status.REJECTED, Status.PROVED]
    assert "no candidate" in result.checked[2].verdict.reason
    assert [c.text for c in found] == [GOOD] and found[0].verdict.proved
    assert [c.text for c in result.proofs] == [GOOD]
    assert result.outcome == "proved" and result.model_s <= result.seconds
    assert 0 < result.checker_s <= result.seconds


def test_repair_round_feeds_the_checker_messages_back(scripted, smt, problem):
    def answer(prompt):
        return [(GOOD, -1.0)] if "The checker said" in prompt else [(BAD, -0.2)] * 2

    prover = scripted(answer)
    config = SampleConfig(n=2, repair_rounds=1, repair_width=1, repair_n=1)
    result = sample_proofs(problem, prover, smt, config=config)

    assert (result.n, result.correct) == (2, 0)  # repairs never enter pass@k
    assert result.proved and result.proofs[0].round == 1
    repair_prompt = prover.calls[1][0]
    assert BAD in repair_prompt and "refuted" in repair_prompt
    assert SCRIPT.strip() in repair_prompt


def test_no_proof_is_failed(scripted, smt, problem):
    result = sample_proofs(problem, scripted(lambda p: [(BAD, -0.1)]), smt)
    assert not result.proved and result.outcome == "failed" and result.proofs == ()
