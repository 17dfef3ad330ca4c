"""``proofsmith check lean FILE.lean``: check a Lean 4 proof with the REPL."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from proofsmith.cli.apps import check_app
from proofsmith.cli.output import console, emit, handle_errors, out, read_input

__all__ = ["check_lean"]


@check_app.command("lean")
def check_lean(
    file: Annotated[
        Path,
        typer.Argument(
            help="The Lean file: header (imports/opens), then the theorem and its proof."
        ),
    ],
    statement: Annotated[
        str | None,
        typer.Option(
            help="The theorem the file must prove, e.g. 'theorem t (x : ℕ) : x = x'; by default the file's last theorem."
        ),
    ] = None,
    header: Annotated[
        str | None,
        typer.Option(
            help="The header the statement is read under (e.g. 'import Mathlib'); by default "
            "the file's own. Give it when the file is untrusted: a file's `open` lines could "
            "change what the statement's names mean."
        ),
    ] = None,
    repl: Annotated[
        str | None,
        typer.Option(
            "--repl",
            envvar="PROOFSMITH_LEAN_REPL",
            help="REPL executable (or command line) to run instead of `lake env …/repl`.",
        ),
    ] = None,
    project: Annotated[
        Path | None,
        typer.Option(envvar="PROOFSMITH_LEAN_PROJECT", help="The Lake project to run the REPL in."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(min=0.01, help="Seconds for the check (the header import is apart)."),
    ] = 60.0,
    memory_mb: Annotated[
        int | None,
        typer.Option(
            envvar="PROOFSMITH_LEAN_MEMORY_MB",
            help="Address-space cap of each REPL process in MiB (0 = none; default: the "
            "checker's, 24 GiB).",
        ),
    ] = None,  # not the checker's constant here: importing it loads the Lean stack
    allow_native_decide: Annotated[
        bool,
        typer.Option("--allow-native-decide", help="Accept proofs that rely on Lean.ofReduceBool."),
    ] = False,
    sandbox: Annotated[
        str,
        typer.Option(
            help="Run the REPL in bubblewrap (no network, read-only files): auto, off or require."
        ),
    ] = "auto",
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Proved also needs comparator or lean4checker/leanchecker (for benchmark numbers).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object on stdout.")] = False,
) -> None:
    """Check FILE.lean: proved (exit 0), refuted/rejected (1), unreadable (2), timeout/error (3)."""
    import shlex

    from proofsmith.checkers.lean import LeanChecker
    from proofsmith.checkers.lean.source import split_header
    from proofsmith.datasets.problem import Problem

    with handle_errors():
        text = read_input(file, hint="Pass a readable UTF-8 .lean file.")
        if header is None:
            header, _, _ = split_header(text)
        problem = Problem(
            id=file.stem, domain="lean", statement=statement or "", header=header, source=str(file)
        )
        command = shlex.split(repl) if repl else None
        limits = {} if memory_mb is None else {"memory_mb": memory_mb}
        with LeanChecker(
            repl_command=command,
            project_dir=project,
            timeout_s=timeout,
            allow_native_decide=allow_native_decide,
            strict=strict,
            sandbox=sandbox,
            **limits,
        ) as checker:
            verdict = checker.check(problem, text)
    if as_json:
        emit({"file": str(file), **verdict.to_dict()})
    else:
        colour = {"proved": "green", "refuted": "red", "rejected": "red"}.get(
            verdict.status.value, "yellow"
        )
        out.print(
            f"[bold {colour}]{verdict.status.value}[/] {file} ({verdict.seconds:.2f} s)",
            highlight=False,
        )
        for line in verdict.messages:
            console.print(line, highlight=False, markup=False)
    raise typer.Exit(code=verdict.status.exit_code)
