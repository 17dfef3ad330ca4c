"""`proofsmith check lean`, `proofsmith lean setup` and `proofsmith lean doctor`."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys

import pytest
from lean_helpers import MATHLIB_REV, make_lake_project, script_command

from proofsmith.checkers.lean.launch import clear_lake_env_cache, default_project_dir
from proofsmith.checkers.lean.project import ELAN_ENV, ELAN_INSTALL

FILE = """import Mathlib
open Real

theorem two (x : ℕ) (h : x = 2) : x + 0 = 2 := by
  simp [h]
"""


def _repl(tmp_path, script=None):
    return shlex.join(script_command(tmp_path, script or {}, log=False))


def test_check_lean_proves_a_file_and_prints_one_json_line(cli, tmp_path):
    path = tmp_path / "two.lean"
    path.write_text(FILE)
    result = cli(["check", "lean", str(path), "--repl", _repl(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    record = json.loads(line)
    assert record["status"] == "proved" and record["file"] == str(path)
    assert record["details"]["axioms"] == ["propext", "Classical.choice", "Quot.sound"]


def test_check_lean_statement_mismatch_is_rejected(cli, tmp_path):
    path = tmp_path / "two.lean"
    path.write_text(FILE)
    statement = "theorem two (x : ℕ) (h : x = 3) : x + 0 = 3"
    result = cli(
        ["check", "lean", str(path), "--statement", statement, "--repl", _repl(tmp_path), "--json"]
    )
    assert result.exit_code == 1
    assert json.loads(result.stdout)["status"] == "rejected"


def test_check_lean_error_line_is_the_files_line(cli, tmp_path):
    path = tmp_path / "two.lean"
    path.write_text(FILE.replace("simp [h]", "linarith"))
    error = {"severity": "error", "pos": {"line": 3, "column": 2}, "data": "linarith failed"}
    script = {"commands": [{"contains": "linarith", "reply": {"messages": [error]}}]}
    result = cli(["check", "lean", str(path), "--repl", _repl(tmp_path, script)])
    assert result.exit_code == 1
    assert "5:2: error: linarith failed" in result.output  # header (2 lines) split off


def test_check_lean_timeout_exits_3(cli, tmp_path):
    path = tmp_path / "two.lean"
    path.write_text(FILE)
    script = {"commands": [{"contains": "simp", "sleep_s": 60}]}
    result = cli(
        [
            "check",
            "lean",
            str(path),
            "--repl",
            _repl(tmp_path, script),
            "--timeout",
            "0.5",
            "--json",
        ]
    )
    assert result.exit_code == 3
    assert json.loads(result.stdout)["status"] == "timeout"


def test_missing_lake_names_elan(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / "two.lean"
    path.write_text(FILE)
    result = cli(["check", "lean", str(path), "--json"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "Install elan (https://github.com/leanprover/elan)" in result.stderr
    result = cli(["lean", "setup"])
    assert result.exit_code == 2 and "lake not found" in result.stderr


def test_unreadable_file_exits_2(cli, tmp_path):
    result = cli(["check", "lean", str(tmp_path / "missing.lean"), "--repl", "x"])
    assert result.exit_code == 2 and "cannot read" in result.stderr


def test_doctor_reports_pins_of_a_project(cli, tmp_path, monkeypatch, repo_root):
    monkeypatch.setenv("PATH", str(tmp_path))
    project = tmp_path / "proj"
    project.mkdir()
    (project / "lakefile.lean").write_text((repo_root / "lakefile.lean").read_text())
    (project / "lean-toolchain").write_text((repo_root / "lean-toolchain").read_text())
    manifest = {
        "packages": [{"name": "mathlib", "rev": "51e6992efd06126df61a496bebf8f49482a4e129"}]
    }
    (project / "lake-manifest.json").write_text(json.dumps(manifest))
    result = cli(["lean", "doctor", "--project", str(project), "--json"])
    assert result.exit_code == 3  # no lake, no REPL: not ready
    info = json.loads(result.stdout)
    assert info["toolchain"] == "leanprover/lean4:v4.33.0-rc2"
    assert info["mathlib_rev"].startswith("51e6992e")
    assert info["repl_path"].endswith(".lake/packages/REPL/.lake/build/bin/repl")
    assert info["lake"] is None and info["ready"] is False


def test_lakefile_pins_match_the_toolchain(repo_root):
    lakefile = (repo_root / "lakefile.lean").read_text()
    toolchain = (repo_root / "lean-toolchain").read_text().strip()
    version = toolchain.split(":")[1]
    assert '"v4.33.0-rc2"' in lakefile and version == "v4.33.0-rc2"
    assert "8948401ab4924499421c94b7facdfca5ff27d81d" in lakefile
    assert (repo_root / "lean" / "Proofsmith" / "Header.lean").is_file()


def test_check_lean_in_a_real_subprocess(tmp_path, repo_root):
    path = tmp_path / "two.lean"
    path.write_text(FILE)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "proofsmith",
            "check",
            "lean",
            str(path),
            "--repl",
            _repl(tmp_path),
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] == "proved"


def _bare_project(tmp_path, repo_root):
    project = tmp_path / "proj"
    project.mkdir()
    for name in ("lakefile.lean", "lean-toolchain"):
        (project / name).write_text((repo_root / name).read_text())
    return project


def test_doctor_with_nothing_installed_says_what_is_missing_and_what_to_run(
    cli, tmp_path, monkeypatch, repo_root
):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    project = _bare_project(tmp_path, repo_root)
    result = cli(["lean", "doctor", "--project", str(project)])
    assert result.exit_code == 3
    lines = result.stdout.splitlines()
    missing = lines[lines.index("missing:") + 1 : lines.index("next, run:")]
    assert [m.split(":")[0] for m in missing] == ["  - lake", "  - Mathlib", "  - the Lean REPL"]
    commands = [line.strip() for line in lines[lines.index("next, run:") + 1 :]]
    assert commands == [ELAN_INSTALL, ELAN_ENV, f"proofsmith lean setup --project {project}"]
    info = json.loads(cli(["lean", "doctor", "--project", str(project), "--json"]).stdout)
    assert info["ready"] is False and info["next_steps"] == commands
    assert info["lake"] is None and info["lean_version"] is None and info["lean_path"] is None


def test_doctor_of_the_shipped_project_needs_no_project_flag(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    info = json.loads(cli(["lean", "doctor", "--json"]).stdout)
    assert info["project_dir"] == str(default_project_dir())
    assert info["next_steps"][:2] == [ELAN_INSTALL, ELAN_ENV]
    assert all("--project" not in step for step in info["next_steps"])


def test_doctor_without_a_lakefile_points_at_the_shipped_project(cli, tmp_path):
    result = cli(["lean", "doctor", "--project", str(tmp_path), "--json"])
    assert result.exit_code == 3
    info = json.loads(result.stdout)
    assert "no lakefile.lean" in info["missing"][0]
    assert info["next_steps"] == [f"proofsmith lean doctor --project {default_project_dir()}"]


def test_doctor_of_a_set_up_project_is_ready(cli, tmp_path, monkeypatch):
    clear_lake_env_cache()
    project = make_lake_project(tmp_path, monkeypatch)
    result = cli(["lean", "doctor", "--project", str(project), "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.stdout)
    assert info["ready"] and info["missing"] == [] and info["next_steps"] == []
    assert info["mathlib_rev"] == MATHLIB_REV and info["lean_version"].startswith("Lean (version")
    assert info["lean_path"] == "/fake/mathlib/.lake/build/lib/lean:/fake/toolchain/lib/lean"
    assert info["repl_command"] == [info["repl_path"]]
    text = cli(["lean", "doctor", "--project", str(project)])
    assert text.exit_code == 0 and "2 entries from `lake env`" in text.stdout
    assert "missing:" not in text.stdout
    clear_lake_env_cache()


@pytest.mark.parametrize(
    "header",
    ["set_option debug.skipKernelTC true\n", "set_option «debug».skipKernelTC true\n"],
)
def test_check_lean_rejects_a_file_whose_header_skips_the_kernel(cli, tmp_path, header):
    path = tmp_path / "two.lean"
    path.write_text(header + FILE)
    result = cli(["check", "lean", str(path), "--repl", _repl(tmp_path), "--json"])
    assert result.exit_code == 1, result.output
    record = json.loads(result.stdout)
    assert record["status"] == "rejected" and "debug.skipKernelTC" in record["messages"][0]


@pytest.mark.parametrize(
    ("header", "opened"),
    [("open IO FS\n", "IO"), ("open Lean Elab Command\n", "Lean"), ("open System\n", "System")],
)
def test_check_lean_rejects_a_file_whose_header_opens_io_or_meta_roots(
    cli, tmp_path, header, opened
):
    """With the root opened in the file's own header, `FS.writeFile` names IO unseen."""
    path = tmp_path / "io.lean"
    body = (
        'def run : Bool := match FS.writeFile "/tmp/x" "y" () with\n'
        "  | .ok _ _ => true\n  | .error _ _ => false\n"
        "theorem t : run = true := by native_decide\n"
    )
    path.write_text("import Mathlib\n" + header + body)
    result = cli(["check", "lean", str(path), "--repl", _repl(tmp_path), "--json"])
    assert result.exit_code == 1, result.output
    record = json.loads(result.stdout)
    assert record["status"] == "rejected" and record["details"]["stage"] == "precheck"
    assert record["messages"][0].startswith("header 2:5: opening it uses"), record
    assert opened in ("IO", "System") or "meta-programming" in record["messages"][0]


def test_check_lean_header_option_reads_the_statement_under_the_users_header(cli, tmp_path):
    """With --header the file cannot bring its own `open` in to change what the statement's
    names mean: the extra header line is candidate text, and top-level `open` is refused."""
    path = tmp_path / "two.lean"
    path.write_text(FILE.replace("open Real\n", "open Real\nopen Nat\n"))
    statement = "theorem two (x : ℕ) (h : x = 2) : x + 0 = 2"
    args = ["check", "lean", str(path), "--statement", statement, "--repl", _repl(tmp_path)]
    trusted = cli([*args, "--header", "import Mathlib\nopen Real", "--json"])
    assert trusted.exit_code == 1, trusted.output
    record = json.loads(trusted.stdout)
    assert record["status"] == "rejected"
    assert record["messages"][0].startswith(
        "3:0: candidate header line `open Nat`"
    )  # the file's line
    honest = tmp_path / "honest.lean"
    honest.write_text(FILE)
    args[2] = str(honest)
    assert cli([*args, "--header", "import Mathlib\nopen Real"]).exit_code == 0
