"""Commands ``proofsmith check answer GOLD PRED`` and ``proofsmith check answers IN.jsonl``.

Exit codes: 0 equal (batch: every line equal), 1 not equal (batch: any line not equal),
3 unknown (batch: some line unknown and none not equal), 2 unreadable input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from proofsmith.cli.main import check_app
from proofsmith.cli.output import console, emit, handle_errors, out, progress
from proofsmith.errors import InputError

__all__ = ["check_answer", "check_answers"]

STYLE = {"equal": "green", "not_equal": "red", "unknown": "yellow"}

JsonOpt = Annotated[bool, typer.Option("--json", help="One JSON object per result on stdout.")]
TimeoutOpt = Annotated[
    float, typer.Option("--timeout", min=0.01, help="Seconds per check before it is unknown.")
]
TolOpt = Annotated[
    float,
    typer.Option(
        "--rel-tol",
        min=0.0,
        help="Opt-in relative tolerance between values (never for an integer gold; default off).",
    ),
]


def _count_lines(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


@check_app.command("answer")
def check_answer(
    gold: Annotated[str, typer.Argument(help="The gold answer (LaTeX or plain text).")],
    pred: Annotated[
        str,
        typer.Argument(help="The prediction: a bare answer or a whole solution; - reads stdin."),
    ],
    timeout: TimeoutOpt = 5.0,
    rel_tol: TolOpt = 0.0,
    json_out: JsonOpt = False,
) -> None:
    """Is PRED equal to GOLD? Exit 0 equal, 1 not equal, 3 unknown."""
    from proofsmith.checkers.answer import check, label

    with handle_errors():
        text = sys.stdin.read() if pred == "-" else pred
        verdict = check(gold, text, timeout_s=timeout, rel_tol=rel_tol)
    name = label(verdict)
    if json_out:
        details = dict(verdict.details)
        emit(
            {
                "gold": gold,
                "pred": text,
                "verdict": name,
                "reason": verdict.reason,
                "seconds": round(verdict.seconds, 6),
                "extracted": verdict.checked_text,
                "gold_form": details.get("gold"),
                "pred_form": details.get("pred"),
            }
        )
    else:
        out.print(f"[{STYLE[name]}]{name}[/]", highlight=False)
        console.print(f"{verdict.reason} ({verdict.seconds:.3f} s)", highlight=False, markup=False)
    raise typer.Exit(code=verdict.status.exit_code)


@check_app.command("answers")
def check_answers(
    in_path: Annotated[
        Path, typer.Argument(help="JSONL file, one gold/prediction pair a line; - is stdin.")
    ],
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Write result lines here (default: stdout).")
    ] = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=0, help="Worker processes (0: all cores).")
    ] = 0,
    gold_key: Annotated[str, typer.Option("--gold-key", help="Key of the gold answer.")] = "gold",
    pred_key: Annotated[str, typer.Option("--pred-key", help="Key of the prediction.")] = "pred",
    timeout: TimeoutOpt = 5.0,
    rel_tol: TolOpt = 0.0,
    json_out: JsonOpt = False,
) -> None:
    """Check every line of a JSONL file in parallel; output keeps input order.

    Each output line is the input record plus verdict (equal|not_equal|unknown), reason,
    seconds. Exit 0 if all equal, 1 if any not equal, 3 if some unknown and none not equal.
    """
    import json

    from proofsmith.checkers.answer import check_records, summarize
    from proofsmith.checkers.answer.checker import LABELS
    from proofsmith.checkers.verdict import Status

    with handle_errors():
        try:
            source = sys.stdin if str(in_path) == "-" else in_path.open(encoding="utf-8")
        except OSError as exc:
            raise InputError(
                f"cannot read {in_path}: {exc.strerror}", hint="Pass an existing JSONL file."
            ) from exc
        try:
            if out_path:
                out_path.parent.mkdir(parents=True, exist_ok=True)
            sink = out_path.open("w", encoding="utf-8") if out_path else None
        except OSError as exc:
            if source is not sys.stdin:
                source.close()
            raise InputError(
                f"cannot write {out_path}: {exc.strerror}", hint="Pass --out a path you can write."
            ) from exc
        labels: list[str] = []
        with source:
            total = None if source is sys.stdin else _count_lines(in_path)
            records = check_records(
                source,
                gold_key=gold_key,
                pred_key=pred_key,
                jobs=jobs or None,
                timeout_s=timeout,
                rel_tol=rel_tol,
            )
            try:
                for record in progress(records, total=total, label="checking answers"):
                    labels.append(record["verdict"])
                    line = json.dumps(record, ensure_ascii=False, default=str)
                    if sink:
                        sink.write(line + "\n")
                    else:  # result lines are JSON with or without --json
                        emit(record)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"cannot read {in_path}: not UTF-8 text", hint="Pass a UTF-8 JSONL file."
                ) from exc
            finally:
                if sink:
                    sink.close()
    counts = summarize(labels)
    if json_out and sink:
        emit({"summary": counts, "total": len(labels), "out": str(out_path)})
    else:
        console.print(
            f"{len(labels)} checked: {counts['equal']} equal, {counts['not_equal']} not equal, "
            f"{counts['unknown']} unknown",
            highlight=False,
        )
    raise typer.Exit(code=Status.overall(LABELS[name] for name in labels).exit_code)
