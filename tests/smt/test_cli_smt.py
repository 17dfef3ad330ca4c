"""`proofsmith check smt`: exit codes, --json lines, claims."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _lines(result):
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_decides_every_check_sat_of_a_push_pop_script(cli, repo_root):
    path = repo_root / "tests/data/smt/pushpop.smt2"
    result = cli(["check", "smt", str(path), "--json"])
    assert result.exit_code == 0
    assert [r["status"] for r in _lines(result)] == ["sat", "unsat", "sat"]
    assert cli(["check", "smt", str(path), "--claim", "sat unsat sat"]).exit_code == 0
    wrong = cli(["check", "smt", str(path), "--claim", "sat sat sat", "--json"])
    assert wrong.exit_code == 1
    assert [r["claim"] for r in _lines(wrong)] == ["sat", "sat", "sat"]


def test_claims_and_exit_codes(cli, repo_root):
    sat = repo_root / "tests/data/smt/bv_sat.smt2"
    assert cli(["check", "smt", str(sat), "--claim", "sat"]).exit_code == 0
    assert cli(["check", "smt", str(sat), "--claim", "unsat"]).exit_code == 1
    human = cli(["check", "smt", str(sat), "--claim", "sat"])
    assert "sat ✓" in human.stdout


def test_timeout_is_exit_3_and_bad_input_exit_2(cli, tmp_path):
    hard = tmp_path / "hard.smt2"
    hard.write_text(
        "(declare-const x (_ BitVec 64))(declare-const y (_ BitVec 64))"
        "(assert (bvugt x #x0000000000000001))(assert (bvugt y #x0000000000000001))"
        "(assert (bvult x #x00000000ffffffff))(assert (bvult y #x00000000ffffffff))"
        "(assert (= (bvmul x y) #x00d3a7b2c4e5f1a7))(check-sat)"
    )
    result = cli(["check", "smt", str(hard), "--timeout", "0.3", "--claim", "unsat", "--json"])
    assert result.exit_code == 3 and _lines(result)[0]["status"] == "unknown"
    broken = tmp_path / "broken.smt2"
    broken.write_text("(assert (> x 1)")
    assert cli(["check", "smt", str(broken)]).exit_code == 2
    assert cli(["check", "smt", str(tmp_path / "missing.smt2")]).exit_code == 2
    assert cli(["check", "smt", str(hard), "--claim", "maybe"]).exit_code == 2


def test_parse_error_inside_z3_is_undecided_not_a_verdict(cli, tmp_path):
    path = tmp_path / "undeclared.smt2"
    path.write_text("(assert (> y 1))(check-sat)")
    result = cli(["check", "smt", str(path), "--json"])
    assert result.exit_code == 3 and _lines(result)[0]["status"] == "error"


def test_real_subprocess_run(repo_root):
    path = repo_root / "tests/data/smt/lia_unsat.smt2"
    done = subprocess.run(
        [str(Path(sys.executable).parent / "proofsmith"), "check", "smt", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd="/",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "unsat"
