"""Robustness of the Lean driver: old REPLs, missing ids, bare --repl binaries, read-only doctor."""

from __future__ import annotations

import json
import os
import sys

import pytest
from lean_helpers import FAKE_REPL, make_lake_project, script_command

from proofsmith.checkers.base import Proved, StepError
from proofsmith.checkers.lean import LeanChecker
from proofsmith.checkers.lean.launch import clear_lake_env_cache
from proofsmith.checkers.lean.project import inspect_project
from proofsmith.datasets.problem import Problem
from proofsmith.errors import CheckerError

PROBLEM = Problem(
    id="foo",
    domain="lean",
    statement="theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by sorry",
    header="import Mathlib\n",
)
GOAL = "x : ℕ\nh : x = 2\n⊢ x + 0 = 2"


def test_a_repl_without_proof_status_falls_back_to_the_whole_proof_recheck(tmp_path):
    tree = {
        "goal": GOAL,
        "tactics": {"0": {"simp [h]": {"proofState": 1, "goals": [], "proofStatus": None}}},
    }
    with LeanChecker(repl_command=script_command(tmp_path, tree), timeout_s=10) as checker:
        assert isinstance(checker.step(checker.start(PROBLEM), "simp [h]"), Proved)
    error = {"severity": "error", "pos": {"line": 2, "column": 2}, "data": "simp failed"}
    tree["commands"] = [{"contains": "simp [h]", "reply": {"messages": [error]}}]
    with LeanChecker(repl_command=script_command(tmp_path, tree), timeout_s=10) as checker:
        result = checker.step(checker.start(PROBLEM), "simp [h]")
    assert isinstance(result, StepError) and result.details["status"] == "refuted"


def test_a_missing_proof_state_raises_instead_of_guessing_zero(tmp_path):
    script = {"goal": GOAL, "start_proof_state": None}
    with LeanChecker(repl_command=script_command(tmp_path, script), timeout_s=10) as checker:
        with pytest.raises(CheckerError, match="proofState"):
            checker.start(PROBLEM)


def test_a_bare_repl_binary_still_runs_in_the_projects_lake_env(tmp_path, monkeypatch):
    clear_lake_env_cache()
    project = make_lake_project(tmp_path, monkeypatch)
    python = os.path.realpath(sys.executable)  # an ELF binary, as a built REPL is
    command = [
        python,
        str(FAKE_REPL),
        "--script",
        str(tmp_path / "script.json"),
        "--report",
        str(tmp_path / "reports" / "{pid}.json"),
    ]
    with LeanChecker(repl_command=command, project_dir=project, timeout_s=10) as checker:
        assert checker.check(PROBLEM, "simp [h]").proved
    (report,) = (tmp_path / "reports").glob("*.json")
    env = json.loads(report.read_text())["env"]
    assert env["LEAN_PATH"].startswith("/fake/mathlib")
    clear_lake_env_cache()


def test_doctor_does_not_fetch_dependencies_of_an_unset_project(tmp_path, monkeypatch):
    make_lake_project(tmp_path, monkeypatch)  # puts the logging fake lake on PATH
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "lakefile.lean").write_text('require mathlib from git "https://x/mathlib4"\n')
    (bare / "lean-toolchain").write_text("leanprover/lean4:v4.33.0-rc2\n")
    info = inspect_project(bare)
    log = tmp_path / "lake.log"
    assert not log.exists() or "env" not in log.read_text()  # `lake env` would clone mathlib
    assert info.missing and info.lean_version is None
    assert info.sandbox.startswith(("bubblewrap", "none: bwrap"))  # what confines the REPL
