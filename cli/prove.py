"""Command: ``prove`` (attempt a dataset into a run database).

Thin: parse options, call :mod:`proofsmith.provers.runs.run`, render. Exit codes: 0 the run
completed (its table says what was solved), 2 bad usage or unreadable input (also a server
URL where nothing answers), 1 a prover failed (e.g. the server rejected the model name).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from proofsmith.cli.apps import app
from proofsmith.cli.output import console, emit, handle_errors, out, short

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

__all__ = ["prove"]


def _default_out(dataset: str) -> Path:
    stem = Path(dataset).stem if ("/" in dataset or "." in dataset) else dataset
    stem = stem.replace("/", "_") or "run"
    return Path("runs") / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.db"


_COMMENT = ("#", "--", ";")  # Python, Lean, SMT-LIB line comments


def _first_line(text: str, width: int = 60) -> str:
    """The first non-blank line that is not a comment, ellipsised when cut or when more
    lines follow."""
    lines = [line for line in text.splitlines() if line.strip()]
    code = [i for i, line in enumerate(lines) if not line.lstrip().startswith(_COMMENT)]
    if not lines:
        return ""
    start = code[0] if code else 0
    first = short(lines[start], width)
    return first if start == len(lines) - 1 or first.endswith("…") else first + " …"


def _proof_or_reason(outcome) -> str:
    """The table cell: a proof's first line, or why there is none (never empty)."""
    if outcome.attempt.outcome == "proved":
        return _first_line(outcome.best_proof) or "(as given)"
    return _first_line(outcome.message) or f"{outcome.attempt.outcome}, no reason recorded"


def _result_table(
    console: Console,
    title: str,
    rows: list[tuple[str, ...]],
    skipped: Sequence[tuple[str, str, str]],
) -> Table:
    """One line per problem, no wider than ``console`` when it can be helped.

    The fact columns keep their width; when the table would not fit, the last column's
    proofs and reasons are cut with "…" (full proofs are in ``--json`` and ``proofsmith export``).
    """
    from rich import box
    from rich.markup import escape
    from rich.measure import Measurement
    from rich.table import Table

    facts = [row[:5] for row in rows] + [(pid, dom, "skipped", "-", "-") for pid, dom, _ in skipped]
    lasts = [row[5] for row in rows] + [reason for _, _, reason in skipped]
    style = {"proved": "green", "failed": "red", "skipped": "dim"}

    def make(texts: list[str]) -> Table:
        table = Table(
            title=title,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            collapse_padding=True,
        )
        for i, head in enumerate(("problem", "domain", "result", "verified/n", "seconds")):
            table.add_column(head, justify="right" if i >= 3 else "left", no_wrap=True)
        table.add_column("proof or reason", no_wrap=True)
        for (pid, domain, result, counts, seconds), text in zip(facts, texts, strict=True):
            result = f"[{style.get(result, 'yellow')}]{result}[/]"
            table.add_row(escape(pid), domain, result, counts, seconds, escape(text))
        return table

    table = make(lasts)
    # measured unclamped (a measurement is capped at the width it is given)
    natural = Measurement.get(console, console.options.update_width(100_000), table).maximum
    if natural > console.width and lasts:
        head = len("proof or reason")
        room = max(head, max(map(len, lasts)) - (natural - console.width))
        table = make([short(text, room) for text in lasts])
    return table


@app.command()
def prove(
    dataset: Annotated[
        str,
        typer.Argument(help="Bundled/known dataset name, a .jsonl file or folder, or an HF id."),
    ],
    prover: Annotated[
        str,
        typer.Option(
            "--prover", envvar="PROOFSMITH_PROVER", help="portfolio | model id/path | http(s) URL."
        ),
    ] = "portfolio",
    fmt: Annotated[
        str | None, typer.Option("--format", help="Prompt format name or .toml path.")
    ] = None,
    search: Annotated[
        str, typer.Option("--search", help="sample (whole proofs, pass@k) | bfs (best-first).")
    ] = "sample",
    n: Annotated[
        int,
        typer.Option("--n", "-n", min=1, help="Candidates per problem (bfs: tactics per node)."),
    ] = 8,
    budget: Annotated[
        str,
        typer.Option(
            "--budget",
            help="bfs budget, e.g. expansions=64,wall_s=30,step_timeout_s=5,max_depth=20",
        ),
    ] = "",
    out_db: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Run database (default: runs/DATASET-TIME.db); the same file again resumes.",
        ),
    ] = None,
    concurrency: Annotated[
        int,
        typer.Option(
            "--concurrency",
            "-c",
            min=1,
            help="Sequences in flight to the prover, across problems (a served model: "
            "what the server runs at once; a local model: its batch).",
        ),
    ] = 64,
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", min=1, help="Worker processes, each with its own checkers."),
    ] = 1,
    resume: Annotated[
        str,
        typer.Option(
            "--resume",
            help="Skip problems the --out database already has: solved | attempted | none.",
        ),
    ] = "solved",
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="ADDRESS",
            help="Fan out over Ray: 'local' starts a local instance; else a cluster address "
            "(auto, ray://HOST:10001).",
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", min=0.01, help="Checker seconds per candidate.")
    ] = 10.0,
    temperature: Annotated[
        float, typer.Option("--temperature", min=0.0, help="Sampling temperature.")
    ] = 1.0,
    max_tokens: Annotated[
        int, typer.Option("--max-tokens", min=1, help="Tokens per candidate.")
    ] = 512,
    repair: Annotated[
        int, typer.Option("--repair", min=0, help="Repair rounds feeding checker messages back.")
    ] = 0,
    split: Annotated[str | None, typer.Option("--split", help="Only this split.")] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="At most this many problems.")
    ] = None,
    domain: Annotated[
        list[str] | None, typer.Option("--domain", help="Only these domains (repeatable).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per problem.")] = False,
) -> None:
    """Attempt every problem of DATASET; verified proofs go to the run database at once."""
    from proofsmith.provers.runs.run import RunConfig, prove_dataset
    from proofsmith.provers.search.budget import SearchBudget

    with handle_errors():
        config = RunConfig(
            dataset=dataset,
            prover=prover,
            format=fmt,
            search=search,
            n=n,
            max_tokens=max_tokens,
            temperature=temperature,
            timeout_s=timeout,
            repair_rounds=repair,
            budget=SearchBudget.parse(budget) if budget else SearchBudget(),
            concurrency=concurrency,
            jobs=jobs,
            resume=resume,
            ray_address=ray,
            split=split,
            limit=limit,
            domains=tuple(domain or ()),
        )
        db = out_db or _default_out(dataset)
        rows: list[tuple[str, ...]] = []

        def show(outcome) -> None:
            a = outcome.attempt
            if as_json:
                emit(
                    {
                        "problem_id": a.problem_id,
                        "dataset": a.dataset,
                        "split": a.split,
                        "domain": a.domain,
                        "method": a.method,
                        "outcome": a.outcome,
                        "n": a.n,
                        "correct": a.correct,
                        "seconds": round(a.seconds, 4),
                        "proof": outcome.best_proof,
                        "message": outcome.message,
                    }
                )
            else:
                console.print(f"{a.problem_id}: {a.outcome}", highlight=False, markup=False)
            rows.append(
                (
                    a.problem_id,
                    a.domain,
                    a.outcome,
                    f"{a.correct}/{a.n}",
                    f"{a.seconds:.2f}",
                    _proof_or_reason(outcome),
                )
            )

        summary = prove_dataset(config, db, on_outcome=show)
        if as_json:  # every problem has its line, the skipped ones too
            for pid, dom, reason in summary.skipped:
                emit(
                    {
                        "problem_id": pid,
                        "dataset": dataset,
                        "domain": dom,
                        "method": search,
                        "outcome": "skipped",
                        "n": 0,
                        "correct": 0,
                        "seconds": 0.0,
                        "proof": "",
                        "message": reason,
                    }
                )

    if not as_json:
        out.print(_result_table(out, f"proofsmith prove {dataset}", rows, summary.skipped))
    attempted = len(summary.outcomes)
    line = f"solved {summary.solved}/{attempted} in {summary.seconds:.1f} s"
    if summary.resumed:
        line += f"; {len(summary.resumed)} already solved in {db} (not attempted again)"
    if summary.skipped:
        reasons = sorted({reason for _, _, reason in summary.skipped})
        line += f"; {len(summary.skipped)} skipped: {'; '.join(reasons)}"
    if summary.pass_at_k:
        line += "; pass@k " + " ".join(f"@{k}={v:.3f}" for k, v in summary.pass_at_k.items())
    console.print(line, highlight=False)
    console.print(f"run {summary.run_id} saved to {db}", highlight=False)
