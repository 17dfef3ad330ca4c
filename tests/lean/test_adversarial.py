"""Adversarial candidates (tests/lean/adversarial/*.lean): none may come back `proved`.

Every file tries to prove the false ``theorem t : (2:ℕ) + 2 = 5`` by a cheat. The stand-in
REPL answers as real Lean would if the cheat had *worked* (no errors, no sorry, the
standard axioms, statement check passes), so only the checker's own rules stop them.
Each rejection names where the offending construct is (line:column) or what is missing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lean_helpers import script_command

from proofsmith.checkers.lean import LeanChecker
from proofsmith.checkers.verdict import Status
from proofsmith.datasets.problem import Problem

CASES = sorted((Path(__file__).parent / "adversarial").glob("*.lean"))
PROBLEM = Problem(
    id="t",
    domain="lean",
    statement="theorem t : (2:ℕ) + 2 = 5 := by sorry",
    header="import Mathlib\n",
)


def test_there_are_many_cases():
    assert len(CASES) >= 80


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_a_cheat_is_never_proved(stand_in, path):
    verdict = stand_in.check(PROBLEM, path.read_text(encoding="utf-8"))
    assert verdict.status in (Status.REJECTED, Status.REFUTED), (path.name, verdict)
    assert re.search(r"\d+:\d+|not declared|declared 2 times", verdict.reason), verdict.reason


FILE_CASES = [p for p in CASES if p.stem.startswith("file_")]


@pytest.mark.parametrize("path", FILE_CASES, ids=[p.stem for p in FILE_CASES])
@pytest.mark.parametrize("statement", ["", "theorem t : succ 2 = 1"])
def test_a_files_own_header_cannot_redirect_names(stand_in, path, statement):
    """`check lean FILE [--statement S]`: the header is the file's, and S is elaborated on it."""
    from proofsmith.text.lean_source import split_header

    text = path.read_text(encoding="utf-8")
    problem = Problem(id="f", domain="lean", statement=statement, header=split_header(text)[0])
    verdict = stand_in.check(problem, text)
    assert verdict.status is Status.REJECTED, verdict
    assert re.match(r"header 2:\d+: opens `(renaming|hiding)`", verdict.reason), verdict.reason


@pytest.mark.parametrize(
    "axioms",
    [["propext", "sorryAx"], ["Lean.ofReduceBool"], ["propext", "cheat"]],
)
def test_a_proof_that_leans_on_an_axiom_is_rejected_after_lean(tmp_path, axioms):
    checker = LeanChecker(repl_command=script_command(tmp_path, {"axioms": axioms}), timeout_s=10)
    with checker:
        verdict = checker.check(PROBLEM, "theorem t : (2:ℕ) + 2 = 5 := by native_decide")
    assert verdict.status is Status.REJECTED and verdict.details["stage"] == "axioms"


def test_a_changed_meaning_is_caught_by_the_statement_check(tmp_path):
    """Text equal, meaning not: Lean's statement check fails, so the verdict is rejected."""
    mismatch = {
        "severity": "error",
        "pos": {"line": 1, "column": 0},
        "data": "type mismatch\n  @t\nhas type\n  2 + 2 = 5 : Prop\nbut is expected to have type …",
    }
    script = {"commands": [{"contains": "type_of%", "reply": {"messages": [mismatch]}}]}
    with LeanChecker(repl_command=script_command(tmp_path, script), timeout_s=10) as checker:
        verdict = checker.check(PROBLEM, "theorem t : (2:ℕ) + 2 = 5 := by decide")
    assert verdict.status is Status.REJECTED and verdict.details["stage"] == "statement"


@pytest.mark.parametrize(
    ("printed", "why"),
    [
        (["'Evil.t' does not depend on any axioms"], "another constant"),
        (["'t' does not depend on any axioms", "'t' does not depend on any axioms"], "twice"),
        (["'tt' does not depend on any axioms"], "suffix-alike"),
        ([], "nothing"),
    ],
)
def test_axioms_are_read_for_the_exact_name_once(tmp_path, printed, why):
    messages = [{"severity": "info", "pos": {"line": 1, "column": 0}, "data": d} for d in printed]
    script = {"commands": [{"contains": "#print axioms", "reply": {"messages": messages}}]}
    with LeanChecker(repl_command=script_command(tmp_path, script), timeout_s=10) as checker:
        verdict = checker.check(PROBLEM, "theorem t : (2:ℕ) + 2 = 5 := by decide")
    assert verdict.status is Status.ERROR, why
    assert "print axioms" in verdict.reason


def test_the_threat_model_names_every_adversarial_file():
    threats = (Path(__file__).resolve().parents[2] / "checkers" / "lean" / "THREATS.md").read_text()
    cited = set(re.findall(r"`([a-z0-9_]+)`", threats))
    families = set(re.findall(r"`([a-z0-9_]+)_\*`", threats))
    for path in CASES:
        name = path.stem
        assert name in cited or any(name.startswith(f + "_") for f in families), name


@pytest.mark.parametrize(
    ("statement", "candidate"),
    [
        # under the header's `open Real`, a root `sqrt` would compete with `Real.sqrt`
        ("theorem s : sqrt 4 = 3", "def sqrt (_ : ℝ) : ℝ := 3\ntheorem s : sqrt 4 = 3 := rfl"),
        (
            "theorem s : sqrt 4 = 3",
            "def Evil.sqrt (_ : ℝ) : ℝ := 3\nopen Evil in\ntheorem s : sqrt 4 = 3 := rfl",
        ),
        (
            "theorem s : sqrt 4 = 3",
            "def _root_.sqrt (_ : ℝ) : ℝ := 3\ntheorem s : sqrt 4 = 3 := rfl",
        ),
        # `theorem A.B.s` reads its statement inside `A.B` and `A` (real Lean)
        (
            "theorem A.B.s : sqrt 4 = 3",
            "def A.sqrt (_ : ℝ) : ℝ := 3\ntheorem A.B.s : sqrt 4 = 3 := rfl",
        ),
        # the header's `open Real` makes a later `Real.sqrt'` answer to `sqrt'` (real Lean)
        (
            "theorem s : sqrt' 4 = 3",
            "def Real.sqrt' (_ : ℝ) : ℝ := 3\ntheorem s : sqrt' 4 = 3 := rfl",
        ),
    ],
    ids=["root-def", "open-own-namespace", "root-prefix", "target-namespace", "header-opened"],
)
def test_a_name_the_statement_uses_cannot_be_redeclared_or_reopened(stand_in, statement, candidate):
    problem = Problem(
        id="s",
        domain="lean",
        statement=statement + " := by sorry",
        header="import Mathlib\nopen Real\n",
    )
    verdict = stand_in.check(problem, candidate)
    assert verdict.status is Status.REJECTED and verdict.details["stage"] == "precheck"
    assert re.search(r"\d+:\d+: .*(statement uses|answer to a name)", verdict.reason), (
        verdict.reason
    )


@pytest.mark.parametrize(
    ("statement", "proof"),
    [
        (
            "theorem pre (f : ℕ → ℕ) (s : Set ℕ) : f ⁻¹' s = {x | f x ∈ s}",
            "by\n  ext x -- unfold\n  exact (Iff.rfl)-- done\n",
        ),
        (
            "theorem card (s : Finset ℕ) (h : #s = 3) : #s + 1 = 4",
            "by\n  open Finset in simp [h]\n",
        ),
        ('theorem str : s!"{1}" = "1"', "by decide"),
        (  # miniF2F: a top-level `|…|` is not an equation bar (the head was cut at it)
            "theorem ab (a b : ℝ) (h₀ : a^2 + b^2 = 1) : a * b + |a - b| ≤ 1",
            "by\n  nlinarith [sq_nonneg (a - b), abs_nonneg (a - b)]",
        ),
    ],
    ids=["preimage-prime", "card-hash", "interpolated", "abs-bars"],
)
def test_honest_mathlib_tokens_next_to_the_new_rules_are_proved(stand_in, statement, proof):
    problem = Problem(
        id="h", domain="lean", statement=statement + " := by sorry", header="import Mathlib\n"
    )
    verdict = stand_in.check(problem, f"{statement} := {proof}")
    assert verdict.status is Status.PROVED, verdict


@pytest.mark.parametrize(
    ("candidate", "start"),
    [
        (
            "import Mathlib\n\n-- a comment\ntheorem t : (2:ℕ) + 2 = 5 := by\n  stop\n",
            "5:2: uses `stop`",
        ),
        (
            (Path(__file__).parent / "adversarial" / "glued_comment_subtype.lean").read_text(),
            "4:18: ",
        ),
    ],
    ids=["word", "lexing"],
)
def test_precheck_positions_are_lines_of_the_users_text(stand_in, candidate, start):
    """A rejection names the line:column in the file the user gave, header lines included."""
    verdict = stand_in.check(PROBLEM, candidate)
    assert verdict.status is Status.REJECTED and verdict.reason.startswith(start), verdict


def test_a_statement_with_abs_bars_is_compared_whole(stand_in):
    """The head used to end at the first top-level `|`: a changed bound passed as equal."""
    problem = Problem(
        id="ab",
        domain="lean",
        statement="theorem ab (a b : ℝ) (h₀ : a^2 + b^2 = 1) : a * b + |a - b| ≤ 1 := by sorry",
        header="import Mathlib\n",
    )
    candidate = "theorem ab (a b : ℝ) (h₀ : a^2 + b^2 = 1) : a * b + |a - b| ≤ 2 := by nlinarith"
    verdict = stand_in.check(problem, candidate)
    assert verdict.status is Status.REJECTED and "differs" in verdict.reason, verdict
