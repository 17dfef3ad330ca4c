"""Command: ``export`` (verified proofs of a run database as fine-tuning pairs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from proofsmith.cli.apps import app
from proofsmith.cli.output import console, emit, handle_errors

__all__ = ["export"]


@app.command()
def export(
    db: Annotated[Path, typer.Argument(help="A run database written by `proofsmith prove`.")],
    out_file: Annotated[Path, typer.Option("--out", help="JSONL file of fine-tuning pairs.")],
    hf_dir: Annotated[
        Path | None, typer.Option("--hf-dir", help="Also save a Hugging Face dataset here.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="Only 'proof' or 'tactic' pairs.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Export verified proofs as statement→proof and state→tactic pairs."""
    from proofsmith.datasets.export import export_pairs

    with handle_errors():
        counts = export_pairs(db, out_file, hf_dir=hf_dir, kind=kind)
    if as_json:
        emit({"out": str(out_file), "hf_dir": str(hf_dir) if hf_dir else None, **counts})
    else:
        console.print(
            f"wrote {counts['proof']} statement→proof and {counts['tactic']} state→tactic "
            f"pairs to {out_file}" + (f" and {hf_dir}" if hf_dir else ""),
            highlight=False,
        )
