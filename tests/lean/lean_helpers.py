"""Helpers for the Lean tests: the fixture index and fake-REPL commands."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

FAKE_REPL = Path(__file__).resolve().parent / "fake_repl.py"
FIXTURES = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "lean-repl"
SKIPPED = {"pickle_scoped_notation.in", "pickle_scoped_notation_2.in", "H20231214.in"}


def transcripts() -> list[Path]:
    """Every recorded request stream with an expected output (top-level and Mathlib/)."""
    test = FIXTURES / "test"
    found = sorted(test.glob("*.in")) + sorted((test / "Mathlib" / "test").glob("*.in"))
    return [p for p in found if p.name not in SKIPPED]


def expected_for(path: Path) -> Path:
    return path.with_name(path.name[: -len(".in")] + ".expected.out")


def transcript_command(path: Path) -> list[str]:
    return [sys.executable, str(FAKE_REPL), "--transcript", str(path), str(expected_for(path))]


def script_command(tmp_path: Path, script: dict, log: bool = True) -> list[str]:
    """Write ``script`` to a file and return the fake-REPL command serving it."""
    path = tmp_path / f"script{len(list(tmp_path.glob('script*.json')))}.json"
    path.write_text(json.dumps(script, ensure_ascii=False), encoding="utf-8")
    cmd = [sys.executable, str(FAKE_REPL), "--script", str(path)]
    if log:
        cmd += ["--log", str(tmp_path / "requests.log")]
    return cmd


def sent(tmp_path: Path) -> list[dict]:
    """The requests the fake REPL received (needs ``log=True``)."""
    log = tmp_path / "requests.log"
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


FAKE_LAKE = """#!/bin/sh
# a stand-in for lake: `lake env CMD ARGS` runs CMD with Lake's variables set
echo "$*" >> "{log}"
[ "$1" = env ] || exit 2
shift
LEAN_PATH=/fake/mathlib/.lake/build/lib/lean:/fake/toolchain/lib/lean
LEAN_SYSROOT=/fake/toolchain
PATH=/fake/toolchain/bin:$PATH
export LEAN_PATH LEAN_SYSROOT PATH
exec "$@"
"""
FAKE_LEAN = "#!/bin/sh\necho 'Lean (version 4.33.0-rc2, x86_64-unknown-linux-gnu, Release)'\n"
MATHLIB_REV = "51e6992efd06126df61a496bebf8f49482a4e129"


def make_lake_project(tmp_path: Path, monkeypatch) -> Path:
    """A set-up Lake project under ``tmp_path/proj`` whose REPL binary is the fake REPL.

    ``tmp_path/bin`` (fake ``lake`` and ``lean``) goes first on PATH; lake logs its calls to
    ``tmp_path/lake.log``; each REPL writes its start report to ``tmp_path/reports/<pid>.json``.
    """
    bin_dir, project, reports = tmp_path / "bin", tmp_path / "proj", tmp_path / "reports"
    for folder in (bin_dir, project, reports):
        folder.mkdir()
    for name, text in (("lake", FAKE_LAKE.format(log=tmp_path / "lake.log")), ("lean", FAKE_LEAN)):
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    (project / "lakefile.lean").write_text("-- fake\n")
    (project / "lean-toolchain").write_text("leanprover/lean4:v4.33.0-rc2\n")
    manifest = {"packages": [{"name": "mathlib", "rev": MATHLIB_REV}]}
    (project / "lake-manifest.json").write_text(json.dumps(manifest))
    script = tmp_path / "script.json"
    script.write_text("{}")
    repl = project / ".lake/packages/REPL/.lake/build/bin/repl"
    repl.parent.mkdir(parents=True)
    repl.write_text(
        f"#!/bin/sh\nexec {sys.executable} {FAKE_REPL} --script {script} "
        f"--report {reports}/{{pid}}.json\n"
    )
    repl.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return project
