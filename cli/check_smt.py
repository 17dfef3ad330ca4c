"""Command ``proofsmith check smt`` (SMT-LIB 2 scripts decided by z3).

Exit codes: 0 the claim holds (or, with no claim, every check-sat decided), 1 refuted,
2 unreadable input or unsupported syntax, 3 undecided (unknown, timeout, a sat model that
failed validation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from proofsmith.checkers.verdict import Status
from proofsmith.cli.apps import check_app
from proofsmith.cli.check_batch import JobsOpt, JsonFlag, MemoryOpt, is_batch, run_batch
from proofsmith.cli.output import emit, handle_errors, out
from proofsmith.errors import InputError

__all__ = ["check_smt"]


def _smt_status(result: dict[str, Any]) -> Status:
    """One check-sat as a verdict status: a decided answer is proved when it matches the
    claim (or there is none) and refuted when it does not; unknown/error are undecided."""
    if result["status"] in ("sat", "unsat"):
        claim = result["claim"]
        return Status.PROVED if not claim or result["status"] == claim else Status.REFUTED
    return Status.TIMEOUT if result["status"] == "unknown" else Status.ERROR


@check_app.command("smt")
def check_smt(
    files: Annotated[
        list[Path], typer.Argument(help="SMT-LIB 2 script(s) (.smt2), or a JSONL of problems.")
    ],
    claim: Annotated[
        str | None,
        typer.Option(help="Expected answer: sat or unsat, or one per check-sat ('sat unsat')."),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            min=0.01, envvar="PROOFSMITH_TIMEOUT", help="Seconds per check-sat (z3 and hard)."
        ),
    ] = 10.0,
    memory_mb: MemoryOpt = 2048,
    json_output: JsonFlag = False,
    jobs: JobsOpt = 0,
) -> None:
    """Decide every check-sat of FILE with z3; sat answers are validated against the model.

    Several files or a JSONL: one process, one JSON line per problem (batch mode).
    """
    with handle_errors():
        if is_batch(files):
            code = run_batch(
                "smt",
                files,
                claim=claim,
                function=None,
                timeout_s=timeout,
                memory_mb=memory_mb,
                jobs=jobs,
            )
            raise typer.Exit(code=code)
        (file,) = files
        from proofsmith.checkers.smt import SmtChecker, check_points, parse_claims, parse_commands
        from proofsmith.checkers.smt.script import decode_script

        try:  # not read_input: z3 accepts non-UTF-8 bytes in comments, so do we
            text = decode_script(file.read_bytes())
        except OSError as exc:
            raise InputError(
                f"cannot read {file}: {exc.strerror or exc}", hint="Pass an SMT-LIB 2 script."
            ) from exc
        claims = parse_claims(claim, len(check_points(parse_commands(text), final=True)))
        with SmtChecker(timeout_s=timeout, memory_mb=memory_mb) as checker:
            results = checker.solve_script(text)
        for result, expected in zip(results, claims, strict=True):
            result["claim"] = expected
            result["file"] = str(file)
        for r in results:
            if json_output:
                emit(r)
            else:
                mark = "" if not r["claim"] else (" ✓" if r["status"] == r["claim"] else " ✗")
                why = f"  ({r['reason']})" if r["reason"] else ""
                out.print(
                    f"{file}:{r['line']}: {r['status']}{mark}{why}",
                    highlight=False,
                    markup=False,
                    soft_wrap=True,
                )
        raise typer.Exit(code=Status.overall(map(_smt_status, results)).exit_code)
