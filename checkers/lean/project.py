"""The Lake project proofsmith runs Lean in: what it pins, what is built, how to set it up.

:func:`inspect_project` reports the toolchain, the Mathlib revision (from
``lake-manifest.json``) and the REPL binary path (``proofsmith lean doctor``);
:func:`setup_project` fetches the Mathlib cache and builds the REPL and the header
library, streaming lake's output to a callback (``proofsmith lean setup``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from proofsmith.checkers.lean.launch import (
    REPL_BINARY,
    default_project_dir,
    require_lake,
)
from proofsmith.checkers.lean.source import split_header
from proofsmith.errors import InputError, ProofsmithError

__all__ = [
    "ProjectInfo",
    "default_header",
    "inspect_project",
    "require_lake",
    "setup_commands",
    "setup_project",
]


@dataclass(frozen=True)
class ProjectInfo:
    """What ``proofsmith lean doctor`` shows."""

    project_dir: str
    lakefile: bool  # lakefile.lean or lakefile.toml present
    toolchain: str | None  # contents of lean-toolchain
    lake: str | None  # lake on PATH
    lean_version: str | None  # `lake env lean --version`, when lake runs
    mathlib_rev: str | None  # mathlib commit in lake-manifest.json (None before setup)
    repl_path: str
    repl_built: bool
    repl_command: list[str]  # spawned directly, in the environment `lake env` gives

    @property
    def ready(self) -> bool:
        return bool(self.lake and self.lakefile and self.repl_built)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ready": self.ready}


def default_header(project_dir: str | Path | None = None) -> str:
    """The default header text: the import/set_option/open lines of lean/Proofsmith/Header.lean."""
    path = Path(project_dir or default_project_dir()) / "lean" / "Proofsmith" / "Header.lean"
    text = path.read_text(encoding="utf-8")
    lines = [ln for ln in text.split("\n") if ln.startswith(("import ", "open ", "set_option "))]
    header, _, _ = split_header("\n".join(lines) + "\n")
    return header


def _mathlib_rev(project: Path) -> str | None:
    manifest = project / "lake-manifest.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    for package in data.get("packages", []):
        if package.get("name") == "mathlib":
            return package.get("rev")
    return None


def inspect_project(project_dir: str | Path | None = None) -> ProjectInfo:
    """Look at the project without changing anything."""
    project = Path(project_dir or default_project_dir()).resolve()
    toolchain_file = project / "lean-toolchain"
    toolchain = toolchain_file.read_text().strip() if toolchain_file.is_file() else None
    lake = shutil.which("lake")
    lean_version = None
    if lake and project.is_dir():
        try:
            done = subprocess.run(
                [lake, "env", "lean", "--version"],
                cwd=project,
                capture_output=True,
                text=True,
                timeout=120,
            )
            lean_version = done.stdout.strip() or None
        except (OSError, subprocess.TimeoutExpired):
            lean_version = None
    repl = project / REPL_BINARY
    return ProjectInfo(
        project_dir=str(project),
        lakefile=(project / "lakefile.lean").is_file() or (project / "lakefile.toml").is_file(),
        toolchain=toolchain,
        lake=lake,
        lean_version=lean_version,
        mathlib_rev=_mathlib_rev(project),
        repl_path=str(repl),
        repl_built=repl.is_file(),
        repl_command=[str(repl)],
    )


def setup_commands(project_dir: str | Path | None = None) -> list[tuple[str, list[str], Path]]:
    """``(label, argv, cwd)`` of each setup step, in order."""
    project = Path(project_dir or default_project_dir()).resolve()
    return [
        ("fetch the Mathlib build cache", ["lake", "exe", "cache", "get"], project),
        ("build the Lean REPL", ["lake", "build"], project / ".lake" / "packages" / "REPL"),
        ("build the proofsmith header", ["lake", "build", "Proofsmith"], project),
    ]


def setup_project(
    project_dir: str | Path | None = None,
    *,
    on_step: Callable[[str], None] = lambda label: None,
    on_line: Callable[[str], None] = lambda line: None,
) -> ProjectInfo:
    """Run the setup steps, streaming lake's output; ProofsmithError when one fails."""
    lake = require_lake()
    project = Path(project_dir or default_project_dir()).resolve()
    if not ((project / "lakefile.lean").is_file() or (project / "lakefile.toml").is_file()):
        raise InputError(
            f"{project} has no lakefile.lean",
            hint="Pass --project DIR pointing at the proofsmith Lake project.",
        )
    for label, argv, cwd in setup_commands(project):
        on_step(label)
        with subprocess.Popen(
            [lake, *argv[1:]],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        ) as proc:
            assert proc.stdout is not None
            for line in proc.stdout:
                on_line(line.rstrip("\n"))
            code = proc.wait()
        if code != 0:
            raise ProofsmithError(
                f"`{' '.join(argv)}` failed in {cwd} (exit code {code})",
                hint="Read lake's output above; `lake clean` and a rerun often help after a "
                "toolchain change.",
            )
    return inspect_project(project)
