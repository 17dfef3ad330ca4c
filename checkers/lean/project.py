"""The Lake project proofsmith runs Lean in: what it pins, what is built, how to set it up.

:func:`inspect_project` reports the toolchain, the Mathlib revision (from
``lake-manifest.json``), the REPL binary path, how REPL processes are limited, and —
when something is missing — what and the exact commands to run next
(``proofsmith lean doctor``);
:func:`setup_project` fetches the Mathlib cache and builds the REPL and the header
library, streaming lake's output to a callback (``proofsmith lean setup``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from proofsmith.checkers.lean.launch import (
    REPL_BINARY,
    default_project_dir,
    detect_launch,
    lake_env,
    require_lake,
)
from proofsmith.checkers.lean.sandbox import detect_sandbox
from proofsmith.checkers.lean.source import split_header
from proofsmith.errors import InputError, ProofsmithError, ToolNotFound

__all__ = [
    "ELAN_INSTALL",
    "ProjectInfo",
    "default_header",
    "inspect_project",
    "require_lake",
    "setup_commands",
    "setup_project",
]


# elan's documented installer, non-interactive; toolchains come later from lean-toolchain
ELAN_INSTALL = (
    "curl https://raw.githubusercontent.com/leanprover/elan/master/elan-init.sh -sSf"
    " | sh -s -- -y --default-toolchain none"
)
ELAN_ENV = 'source "$HOME/.elan/env"'


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
    lean_path: str | None  # LEAN_PATH from `lake env` (resolved only once the REPL is built)
    memory_cap: str  # how RLIMIT_AS reaches the REPL on this machine
    orphan_repls: str  # what happens to a REPL whose Python process is killed
    sandbox: str  # what confines the REPL (bubblewrap: no network, read-only files) or why none
    missing: list[str]  # what stops checking from working, in the order to fix it
    next_steps: list[str]  # the exact commands to run, in order

    @property
    def ready(self) -> bool:
        return not self.missing

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
    """Look at the project without changing anything (runs lake only when it is there)."""
    project = Path(project_dir or default_project_dir()).resolve()
    toolchain_file = project / "lean-toolchain"
    toolchain = toolchain_file.read_text().strip() if toolchain_file.is_file() else None
    lakefile = (project / "lakefile.lean").is_file() or (project / "lakefile.toml").is_file()
    lake = shutil.which("lake")
    # read-only: `lake env` would fetch missing dependencies, so only ask once they are there
    fetched = (project / ".lake" / "packages").is_dir() or not mathlib_needed(project)
    lean_version = _lean_version(lake, project) if lake and lakefile and fetched else None
    repl = project / REPL_BINARY
    mathlib = _mathlib_rev(project)
    lean_path = env_problem = None
    if lake and lakefile and repl.is_file():
        try:
            lean_path = lake_env(project).get("LEAN_PATH", "")
        except ToolNotFound as exc:
            env_problem = exc.message
    missing, steps = _diagnose(project, lakefile, lake, mathlib, repl.is_file(), env_problem)
    return ProjectInfo(
        project_dir=str(project),
        lakefile=lakefile,
        toolchain=toolchain,
        lake=lake,
        lean_version=lean_version,
        mathlib_rev=mathlib,
        repl_path=str(repl),
        repl_built=repl.is_file(),
        repl_command=[str(repl)],
        lean_path=lean_path,
        **detect_launch().describe(),
        sandbox=detect_sandbox().describe(),
        missing=missing,
        next_steps=steps,
    )


def mathlib_needed(project: Path) -> bool:
    """Whether the project's lakefile requires packages (then `lake env` may fetch them)."""
    for name in ("lakefile.lean", "lakefile.toml"):
        path = project / name
        if path.is_file() and re.search(r"\brequire\b|\[\[require\]\]", path.read_text()):
            return True
    return False


def _lean_version(lake: str, project: Path) -> str | None:
    try:
        done = subprocess.run(
            [lake, "env", "lean", "--version"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None


def _diagnose(
    project: Path,
    lakefile: bool,
    lake: str | None,
    mathlib: str | None,
    repl_built: bool,
    env_problem: str | None,
) -> tuple[list[str], list[str]]:
    """What is missing, and the commands that fix it, in order."""
    flag = "" if project == default_project_dir() else f" --project {project}"
    if not lakefile:
        return (
            [f"a Lake project: no lakefile.lean in {project}"],
            [f"proofsmith lean doctor --project {default_project_dir()}"]
            if flag
            else ["reinstall proofsmith from a source checkout (the Lake project ships with it)"],
        )
    missing: list[str] = []
    steps: list[str] = []
    if lake is None:
        missing.append("lake: not on PATH (it comes with elan, the Lean toolchain manager)")
        steps += [ELAN_INSTALL, ELAN_ENV]
    if mathlib is None:
        missing.append("Mathlib: not fetched (no lake-manifest.json entry)")
    if not repl_built:
        missing.append(f"the Lean REPL: not built at {project / REPL_BINARY}")
    if env_problem:
        missing.append(f"a working `lake env`: {env_problem}")
    if mathlib is None or not repl_built or env_problem:
        steps.append(f"proofsmith lean setup{flag}")
    return missing, steps


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
