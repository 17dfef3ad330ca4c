"""Best-first search over the real LeanChecker driving the fake REPL's scripted proof tree."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from proofsmith.checkers.lean import LeanChecker
from proofsmith.datasets.problem import Problem
from proofsmith.datasets.store import Store
from proofsmith.provers.formats import get_format
from proofsmith.provers.runs.run import RunConfig, prove_dataset
from proofsmith.provers.search import NodeStatus, SearchConfig, best_first_search

FAKE_REPL = Path(__file__).resolve().parents[2] / "lean" / "fake_repl.py"
ROOT_GOAL = "x : ℕ\nh : x = 2\n⊢ x + 0 = 2"
TREE = {
    "goal": ROOT_GOAL,
    "tactics": {
        "0": {
            "subst h": {"proofState": 2, "goals": ["⊢ 2 + 0 = 2"]},
            "cases h": {"proofState": 3, "goals": ["⊢ 2 + 0 = 2"]},  # same state: merged
            "exact?": {"message": "Lean error:\n`exact?` could not close the goal."},
        },
        "2": {
            "oops": {"message": "Lean error:\nunknown identifier 'oops'"},
            "rfl": {"proofState": 5, "goals": []},
        },
    },
}
PROBLEM = Problem(
    id="foo",
    domain="lean",
    statement="theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by sorry",
    header="import Mathlib\n",
    source="lean-mini",
)


def _tactics(prompt: str):
    if ROOT_GOAL in prompt:
        return [("exact?", -0.1), ("subst h", -0.4), ("cases h", -0.5), ("nonsense", -0.05)]
    if "⊢ 2 + 0 = 2" in prompt:
        return [("oops", -0.1), ("rfl", -0.3)]
    return []


@pytest.fixture
def repl_command(tmp_path):
    script = tmp_path / "tree.json"
    script.write_text(json.dumps(TREE, ensure_ascii=False), encoding="utf-8")
    return [sys.executable, str(FAKE_REPL), "--script", str(script)]


def test_search_proves_through_the_lean_checker(repl_command, scripted):
    prover = scripted(_tactics)
    with_checker = LeanChecker(repl_command=repl_command, timeout_s=10)
    try:
        result = best_first_search(
            PROBLEM,
            prover,
            with_checker,
            fmt=get_format("bfs-prover"),
            config=SearchConfig(nodes_per_batch=2, tactics_per_node=4, strict_order=True),
        )
    finally:
        with_checker.close()
    assert result.proved and result.steps == ("subst h", "rfl")
    assert result.verdict.proved and result.proof.endswith("subst h\n  rfl")
    assert result.tactic_pairs == ((ROOT_GOAL, "subst h"), ("⊢ 2 + 0 = 2", "rfl"))
    assert result.duplicates == 1 and result.nodes == 2  # cases h merged into subst h's state
    assert prover.calls[0] == [f"{ROOT_GOAL}:::"]  # the bfs-prover prompt shape
    result.tree.check_invariants()
    assert result.tree.root.status is NodeStatus.PROVED


def test_bfs_run_stores_the_proof_and_its_state_tactic_pairs(repl_command, scripted, tmp_path):
    path = tmp_path / "lean.jsonl"
    path.write_text(json.dumps(PROBLEM.to_dict(), ensure_ascii=False) + "\n")
    config = RunConfig(
        dataset=str(path),
        search="bfs",
        n=4,
        format="bfs-prover",
        checker_options={"lean": {"repl_command": repl_command}},
    )
    summary = prove_dataset(config, tmp_path / "run.db", prover=scripted(_tactics))
    (outcome,) = summary.outcomes
    assert outcome.attempt.outcome == "proved" and outcome.attempt.method == "bfs"
    with Store(tmp_path / "run.db") as store:
        (whole,) = store.proofs(kind="proof")
        tactics = store.proofs(kind="tactic")
    assert whole.proof.endswith("rfl") and whole.header == "import Mathlib\n"
    assert [(t.state, t.proof) for t in tactics] == [(ROOT_GOAL, "subst h"), ("⊢ 2 + 0 = 2", "rfl")]
