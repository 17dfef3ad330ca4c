"""``proofsmith lean setup`` and ``proofsmith lean doctor``: the Lake project for Lean checking."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from proofsmith.cli.main import lean_app
from proofsmith.cli.output import console, emit, handle_errors, out

__all__ = ["doctor", "setup"]

ProjectOption = Annotated[
    Path | None,
    typer.Option(
        envvar="PROOFSMITH_LEAN_PROJECT",
        help="The Lake project (default: the one shipped with proofsmith).",
    ),
]


@lean_app.command("setup")
def setup(
    project: ProjectOption = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON object on stdout at the end.")
    ] = False,
) -> None:
    """Fetch the Mathlib cache and build the Lean REPL (needs elan/lake)."""
    from proofsmith.checkers.lean.project import setup_project

    with handle_errors():
        info = setup_project(
            project,
            on_step=lambda label: console.print(f"[bold]→ {label}[/]"),
            on_line=lambda line: console.print(line, markup=False, highlight=False),
        )
    if as_json:
        emit(info.to_dict())
    else:
        out.print(f"ready: REPL at {info.repl_path}", highlight=False)


@lean_app.command("doctor")
def doctor(
    project: ProjectOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Report the toolchain, Mathlib revision and REPL path proofsmith would use (exit 3 if not ready)."""
    from proofsmith.checkers.lean.project import inspect_project

    with handle_errors():
        info = inspect_project(project)
    if as_json:
        emit(info.to_dict())
    else:
        rows = [
            ("project", info.project_dir),
            ("lakefile", "yes" if info.lakefile else "MISSING"),
            ("lean-toolchain", info.toolchain or "MISSING"),
            (
                "lake",
                info.lake or "not on PATH — install elan (https://github.com/leanprover/elan)",
            ),
            ("lean", info.lean_version or "unknown"),
            ("mathlib", info.mathlib_rev or "not fetched — run `proofsmith lean setup`"),
            ("repl", f"{info.repl_path} ({'built' if info.repl_built else 'not built'})"),
        ]
        for key, value in rows:
            out.print(f"{key:15} {value}", highlight=False, markup=False)
    raise typer.Exit(code=0 if info.ready else 3)
