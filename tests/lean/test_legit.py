"""Honest proofs in the shapes provers write them: every one must come back `proved`.

The theorems and proofs are the recorded valid ones of the upstream Mathlib transcript
``H20231020`` (each answered ``{"env": n}``, no messages, by real Lean); the stand-in REPL
answers them the same way. The variants are rewrites a prover's output shows: prefixes,
repeated headers, in-closure imports, ASCII notation, other line breaks, primes,
guillemets, ``example``.
"""

from __future__ import annotations

import json

import pytest
from fake_repl import read_requests
from lean_helpers import FIXTURES, script_command, sent

from proofsmith.checkers.lean import LeanChecker
from proofsmith.checkers.verdict import Status
from proofsmith.datasets.problem import Problem
from proofsmith.text.lean_source import (
    printed_name,
    proof_text,
    source_name,
    theorem_head,
    theorem_name,
)

HEADER = "import Mathlib\nopen BigOperators Real Nat Topology\n"
RECORDED = FIXTURES / "test" / "Mathlib" / "test" / "H20231020.in"


def _recorded_theorems() -> list[str]:
    with RECORDED.open("rb") as f:
        requests = [json.loads(r) for r in read_requests(f)]
    return [r["cmd"] for r in requests if "env" in r]


THEOREMS = _recorded_theorems()
VARIANTS = {
    "as_recorded": lambda t: t,
    "header_repeated": lambda t: HEADER + "\n" + t,
    "import_aesop": lambda t: (
        "import Mathlib\nimport Aesop\nopen BigOperators Real Nat Topology\n\n" + t
    ),
    "open_in": lambda t: "open Real in\n" + t,
    "max_heartbeats_in": lambda t: "set_option maxHeartbeats 400000 in\n" + t,
    "both_prefixes": lambda t: "open Finset in\nset_option maxHeartbeats 0 in\n" + t,
    "header_max_heartbeats": lambda t: HEADER + "set_option maxHeartbeats 400000\n\n" + t,
    "line_breaks": lambda t: t.replace(" (", "\n    (", 1).replace(" :=", "\n    :=", 1),
    "ascii_arrows": lambda t: t.replace("→", "->").replace("∀ n,", "forall n,"),
    "lemma": lambda t: "lemma" + t[len("theorem") :],
    "proof_only": lambda t: proof_text(t),
    "helper_lemma": lambda t: "lemma helper_aux : True := trivial\n\n" + t,
    "simp_helper": lambda t: "@[simp] private lemma helper_aux : (1 : ℕ) = 1 := rfl\n" + t,
    "doc_comment": lambda t: "/-- The problem, proved. -/\n" + t,
    "comment_in_statement": lambda t: t.replace(" :", " /- the goal -/ :", 1),
    "same_line_helper": lambda t: "def helper_aux : ℕ := 1 " + t,
    "semicolons_and_spaces": lambda t: t.replace(":=", "  :=  ", 1),
    "open_scoped_in": lambda t: "open scoped BigOperators in\n" + t,
    "module_doc_after": lambda t: t + "\n\n/-! Solved. -/\n",
}


def _problem(theorem: str, header: str = HEADER) -> Problem:
    statement = theorem_head(theorem) + " := by sorry"
    return Problem(id=theorem_name(statement), domain="lean", statement=statement, header=header)


def test_the_recording_has_the_valid_proofs():
    assert len(THEOREMS) == 3 and all(t.startswith("theorem mathd_") for t in THEOREMS)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("index", range(3))
def test_an_honest_variant_is_proved(stand_in, variant, index):
    theorem = THEOREMS[index]
    candidate = VARIANTS[variant](theorem)
    verdict = stand_in.check(_problem(theorem), candidate)
    assert verdict.status is Status.PROVED, (variant, verdict)


@pytest.mark.parametrize(
    ("statement", "candidate", "printed"),
    [
        (
            "theorem gcd_188' : Nat.gcd 180 168 = 12 := by sorry",
            "theorem gcd_188' : Nat.gcd 180 168 = 12 := by norm_num",
            "gcd_188'",
        ),
        (
            "theorem «mathd numbertheory 188» : Nat.gcd 180 168 = 12 := by sorry",
            "theorem «mathd numbertheory 188» : Nat.gcd 180 168 = 12 := by norm_num",
            "«mathd numbertheory 188»",
        ),
        (
            "theorem st_demo (ST : Finset ℕ) (h : ST = ∅) : ST.card = 0 := by sorry",
            "theorem st_demo (ST : Finset ℕ) (h : ST = ∅) : ST.card = 0 := by simp [h]",
            "st_demo",
        ),
        (
            "theorem ge_demo (x : ℕ) : x + 1 ≥ x := by sorry",
            "theorem ge_demo (x : ℕ) : x + 1 >= x := by omega",
            "ge_demo",
        ),
        (
            "theorem le_demo (x : ℕ) (h : 0 ≤ x) : x ≤ x + 1 ∧ x ≠ x + 1 := by sorry",
            "theorem le_demo (x : ℕ) (h : 0 <= x) : x <= x + 1 /\\ x != x + 1 := by omega",
            "le_demo",
        ),
    ],
    ids=["prime", "guillemets", "variable-named-ST", "ge", "le-and-ne"],
)
def test_primes_guillemets_and_ascii_notation_are_proved(tmp_path, statement, candidate, printed):
    problem = Problem(id="p", domain="lean", statement=statement, header=HEADER)
    with LeanChecker(repl_command=script_command(tmp_path, {}), timeout_s=10) as checker:
        verdict = checker.check(problem, candidate)
    assert verdict.status is Status.PROVED, verdict
    name = theorem_name(statement)
    assert sent(tmp_path)[-1]["cmd"] == f"#print axioms _root_.{source_name(name)}"
    assert printed_name(name) == printed  # what the axioms reply is read for


def test_an_example_target_is_checked_under_a_fresh_name(tmp_path):
    """The recorded ``example`` of H20231110 (answered ``{"env": 1}`` by real Lean)."""
    with (RECORDED.parent / "H20231110.in").open("rb") as f:
        header, example = (json.loads(r)["cmd"] for r in read_requests(f))
    problem = Problem(
        id="ex",
        domain="lean",
        statement=theorem_head(example) + " := by sorry",
        header=header,
    )
    with LeanChecker(repl_command=script_command(tmp_path, {}), timeout_s=10) as checker:
        whole = checker.check(problem, example)
        proof = checker.check(problem, proof_text(example))
    assert whole.status is Status.PROVED and proof.status is Status.PROVED
    axioms = [r["cmd"] for r in sent(tmp_path) if r["cmd"].startswith("#print axioms")]
    assert axioms and all(a.startswith("#print axioms _root_.«proofsmith_example_") for a in axioms)
    assert whole.checked_text.startswith("theorem proofsmith_example_")
