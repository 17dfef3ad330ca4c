"""Commands: ``datasets list`` and ``datasets show`` (bundled and known problem sets)."""

from __future__ import annotations

from typing import Annotated

import typer

from proofsmith.cli.apps import datasets_app
from proofsmith.cli.output import console, emit, handle_errors, out, short

__all__ = ["datasets_list", "datasets_show"]


@datasets_app.command("list")
def datasets_list(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per dataset.")] = False,
) -> None:
    """List bundled and known datasets."""
    from proofsmith.datasets.registry import REGISTRY

    if as_json:
        for entry in REGISTRY.values():
            emit(entry.to_dict())
        return
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("name", no_wrap=True)
    table.add_column("domains", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("description")
    for entry in REGISTRY.values():
        where = "bundled" if entry.bundled else "download"
        table.add_row(entry.name, ",".join(entry.domains), where, entry.description)
    out.print(table)
    console.print("`proofsmith datasets show NAME` tells where to get one.", highlight=False)


@datasets_app.command("show")
def datasets_show(
    name: Annotated[str, typer.Argument(help="A dataset name from `proofsmith datasets list`.")],
    limit: Annotated[int, typer.Option("--limit", help="Problems to show (bundled sets).")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="JSON output.")] = False,
) -> None:
    """Describe one dataset (and show problems of a bundled one)."""
    from proofsmith.datasets.registry import REGISTRY, lookup
    from proofsmith.errors import InputError

    with handle_errors():
        entry = lookup(name)
        if entry is None:
            raise InputError(f"unknown dataset {name!r}", hint=f"Known: {', '.join(REGISTRY)}.")
        problems = entry.load() if entry.bundled else []
    if as_json:
        emit(
            {
                **entry.to_dict(),
                "problems": [p.to_dict() for p in problems[:limit]],
                "count": len(problems) if entry.bundled else None,
            }
        )
        return

    def say(text: str) -> None:
        out.print(text, highlight=False, markup=False)

    say(f"{entry.name} — {entry.description}")
    say(f"domains: {', '.join(entry.domains)}")
    if entry.bundled:
        counts: dict[str, int] = {}
        for p in problems:
            counts[p.domain] = counts.get(p.domain, 0) + 1
        per_domain = ", ".join(f"{n} {domain}" for domain, n in counts.items())
        say(f"bundled: {len(problems)} problems ({per_domain})")
        for p in problems[:limit]:
            say(f"  {p.id} [{p.domain}] {short(p.statement, 70)}")
    else:
        say(f"needs download: {entry.hf_id or ''} {entry.url}".strip())
    if entry.notes:
        say(entry.notes)
