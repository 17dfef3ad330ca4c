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
    """Report the toolchain, Mathlib, REPL and limits proofsmith would use, what is missing
    and the commands to run next (exit 0 when ready, 3 when not)."""
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
            ("lake", info.lake or "MISSING (not on PATH)"),
            ("lean", info.lean_version or "unknown (needs lake)"),
            ("mathlib", info.mathlib_rev or "not fetched"),
            ("repl", f"{info.repl_path} ({'built' if info.repl_built else 'not built'})"),
            ("lean path", _count_paths(info.lean_path)),
            ("memory cap", info.memory_cap),
            ("orphan repls", info.orphan_repls),
            ("sandbox", info.sandbox),
        ]
        for key, value in rows:
            out.print(f"{key:15} {value}", highlight=False, markup=False, soft_wrap=True)
        if info.ready:
            out.print("ready           proofsmith check lean FILE.lean", highlight=False)
        else:
            out.print("\nmissing:", highlight=False)
            for item in info.missing:
                out.print(f"  - {item}", highlight=False, markup=False, soft_wrap=True)
            out.print("next, run:", highlight=False)
            for command in info.next_steps:
                out.print(f"  {command}", highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(code=0 if info.ready else 3)


def _count_paths(lean_path: str | None) -> str:
    if lean_path is None:
        return "unknown (resolved from `lake env` once the REPL is built)"
    entries = [p for p in lean_path.split(":") if p]
    return f"{len(entries)} entries from `lake env`"
