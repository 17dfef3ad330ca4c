"""Command: ``report`` (solved/attempted, pass@k and times of a run database)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from proofsmith.cli.apps import app
from proofsmith.cli.output import console, emit, handle_errors

__all__ = ["report"]


@app.command()
def report(
    db: Annotated[Path, typer.Argument(help="A run database written by `proofsmith prove`.")],
    html_file: Annotated[
        Path | None, typer.Option("--html", help="Also write a self-contained HTML report.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as one JSON object.")] = False,
) -> None:
    """Solved/attempted per dataset, split and domain; pass@k; time per problem."""
    from proofsmith.datasets.store import Store
    from proofsmith.errors import InputError
    from proofsmith.provers.runs.report import render_html, render_text, summarize

    with handle_errors():
        if not db.is_file():
            raise InputError(f"no run database at {db}", hint="Pass the --out file of a prove run.")
        with Store(db) as store:
            data = summarize(store)
        if html_file is not None:
            try:
                html_file.parent.mkdir(parents=True, exist_ok=True)
                html_file.write_text(render_html(data), encoding="utf-8")
            except OSError as exc:
                raise InputError(
                    f"cannot write {html_file}: {exc.strerror or exc}",
                    hint="Pass --html a path you can write.",
                ) from exc
    if as_json:
        emit(data.to_dict())
    else:
        typer.echo(render_text(data))
    if html_file is not None:
        console.print(f"HTML report written to {html_file}", highlight=False)
