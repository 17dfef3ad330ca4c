"""Against a real Lean REPL: run when `lake` is on PATH and the REPL is built, skip otherwise."""

from __future__ import annotations

import shutil

import pytest

from proofsmith.checkers.base import Proved, State, StepError
from proofsmith.checkers.lean import LeanChecker
from proofsmith.checkers.lean.project import inspect_project
from proofsmith.checkers.verdict import Status
from proofsmith.datasets.problem import Problem

pytestmark = pytest.mark.live

if shutil.which("lake") is None:
    pytest.skip(
        "lake is not on PATH (install elan to run live Lean tests)", allow_module_level=True
    )
if not inspect_project().repl_built:
    pytest.skip("the REPL is not built: run `proofsmith lean setup`", allow_module_level=True)

AND = Problem(
    id="and_intro",
    domain="lean",
    statement="theorem and_intro (p q : Prop) (hp : p) (hq : q) : p ∧ q := by sorry",
)


@pytest.fixture(scope="module")
def checker():
    with LeanChecker(timeout_s=120) as lean:
        yield lean


def test_live_verdicts(checker):
    assert checker.check(AND, "exact ⟨hp, hq⟩").status is Status.PROVED
    assert checker.check(AND, "exact ⟨hq, hp⟩").status is Status.REFUTED


def test_live_native_decide_needs_permission(checker):
    problem = Problem(id="n", domain="lean", statement="theorem n : 2 ^ 10 = 1024 := by sorry")
    verdict = checker.check(problem, "native_decide")
    assert verdict.status is Status.REJECTED and "ofReduceBool" in verdict.reason


def test_live_stepping(checker):
    root = checker.start(AND)
    assert root.goals[0].endswith("⊢ p ∧ q")
    assert isinstance(checker.step(root, "no_such_tactic"), StepError)
    split = checker.step(root, "constructor")
    assert isinstance(split, State) and len(split.goals) == 2
    left = checker.step(split, "exact hp")
    done = checker.step(left, "exact hq")
    assert isinstance(done, Proved) and done.verdict.proved
