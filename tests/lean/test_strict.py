"""Strict mode: proved also needs an independent checker; a missing one is an error, never a downgrade."""

from __future__ import annotations

import json

import pytest
from lean_helpers import make_lake_project, script_command

from proofsmith.checkers.lean import LeanChecker
from proofsmith.checkers.lean.launch import clear_lake_env_cache
from proofsmith.checkers.verdict import Status
from proofsmith.datasets.problem import Problem
from proofsmith.errors import ToolNotFound

PROBLEM = Problem(
    id="foo",
    domain="lean",
    statement="theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by sorry",
    header="import Mathlib\n",
)
# a stand-in checker: copies what it was given, fails when the solution says so
TOOL = """#!/bin/sh
mkdir -p "{seen}"
cp *.lean "{seen}/" 2>/dev/null
[ -f config.json ] && cp config.json "{seen}/"
echo "$*" > "{seen}/args"
if grep -q REJECT_ME Solution.lean; then echo "kernel: declaration has wrong type"; exit 1; fi
echo ok
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    clear_lake_env_cache()
    made = make_lake_project(tmp_path, monkeypatch)
    yield made
    clear_lake_env_cache()


def _tool(tmp_path, name):
    path = tmp_path / "bin" / name
    path.write_text(TOOL.format(seen=tmp_path / "seen"))
    path.chmod(0o755)


def test_strict_without_a_tool_is_a_clear_error(project, tmp_path):
    with pytest.raises(ToolNotFound, match="comparator, lean4checker or leanchecker"):
        LeanChecker(repl_command=script_command(tmp_path, {}), project_dir=project, strict=True)
    _tool(tmp_path, "comparator")
    with pytest.raises(ToolNotFound, match="landrun and lean4export"):
        LeanChecker(repl_command=script_command(tmp_path, {}), project_dir=project, strict=True)


def test_strict_lean4checker_replays_the_solution_module(project, tmp_path):
    _tool(tmp_path, "lean4checker")
    command = script_command(tmp_path, {})
    with LeanChecker(repl_command=command, project_dir=project, strict=True) as checker:
        verdict = checker.check(PROBLEM, "simp [h]")
        assert verdict.status is Status.PROVED, verdict
        seen = tmp_path / "seen"
        assert (seen / "args").read_text().strip() == "Solution"
        challenge = (seen / "Challenge.lean").read_text()
        assert (
            challenge
            == "import Mathlib\n\ntheorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by sorry\n"
        )
        assert (seen / "Solution.lean").read_text().startswith("import Mathlib\n\ntheorem foo")
        rejected = checker.check(PROBLEM, "simp [h] -- REJECT_ME")
    assert rejected.status is Status.REJECTED and rejected.details["stage"] == "strict"
    assert "wrong type" in rejected.reason
    assert not list(project.glob("proofsmith-strict-*"))  # the scratch folder is removed


def test_strict_comparator_gets_the_challenge_the_solution_and_the_axioms(project, tmp_path):
    for name in ("comparator", "landrun", "lean4export"):
        _tool(tmp_path, name)
    command = script_command(tmp_path, {})
    with LeanChecker(repl_command=command, project_dir=project, strict=True) as checker:
        assert checker.check(PROBLEM, "simp [h]").status is Status.PROVED
    config = json.loads((tmp_path / "seen" / "config.json").read_text())
    assert config == {
        "challenge_module": "Challenge",
        "solution_module": "Solution",
        "theorem_names": ["foo"],
        "permitted_axioms": ["Classical.choice", "Quot.sound", "propext"],
    }
