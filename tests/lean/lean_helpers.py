"""Helpers for the Lean tests: the fixture index and fake-REPL commands."""

from __future__ import annotations

import json
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
