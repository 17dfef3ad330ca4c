"""Lean through serve-checkers, with the scripted fake REPL of tests/lean standing in for
Lean: the server's verdicts equal an in-process LeanChecker's on the same REPL."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from helpers_service import comparable, item, serving

from proofsmith.checkers.lean import LeanChecker
from proofsmith.datasets.problem import Problem
from proofsmith.service import CheckClient, RunnerOptions

FAKE_REPL = Path(__file__).resolve().parents[1] / "lean" / "fake_repl.py"
HEADER = "import Mathlib\n"
STATEMENT = "theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by sorry"
ERROR = {"severity": "error", "pos": {"line": 3, "column": 2}, "data": "linarith failed"}
SCRIPT = {"commands": [{"contains": "nlinarith", "reply": {"messages": [ERROR]}}]}


@pytest.fixture(scope="module")
def repl(tmp_path_factory):
    path = tmp_path_factory.mktemp("repl") / "script.json"
    path.write_text(json.dumps(SCRIPT), encoding="utf-8")
    return [sys.executable, str(FAKE_REPL), "--script", str(path)]


@pytest.fixture(scope="module")
def server(repl):
    with serving(RunnerOptions(jobs=2, lean={"repl_command": repl})) as srv:
        yield srv


def test_lean_verdicts_equal_the_in_process_checkers(server, repl):
    cases = {
        "simp [h]": "proved",
        "intro\nnlinarith": "refuted",
        "sorry": "rejected",
        "exact (by native_decide : 2 = 2) ▸ rfl\naxiom bad : False": "rejected",
    }
    raws = [item(f"l{i}", "lean", STATEMENT, proof, header=HEADER) for i, proof in enumerate(cases)]
    with CheckClient(server.url) as client:
        results = client.check(raws)
    with LeanChecker(repl_command=repl) as checker:
        for raw, got, expected in zip(raws, results, cases.values(), strict=True):
            want = checker.check(Problem.from_dict(raw["problem"]), raw["candidate"])
            assert got["status"] == expected
            assert comparable(got) == comparable({"id": raw["id"], **want.to_dict()})
