"""Command ``proofsmith check code`` (Python functions verified against their contracts by z3).

Exit codes: 0 every function verified (with ``--total``: terminating too), 1 a
counterexample, 2 unreadable input or unsupported syntax, 3 undecided (unknown, timeout).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from proofsmith.checkers.verdict import Status
from proofsmith.cli.apps import check_app
from proofsmith.cli.check_batch import JobsOpt, JsonFlag, MemoryOpt, is_batch, run_batch
from proofsmith.cli.output import emit, handle_errors, out, read_input
from proofsmith.errors import InputError

__all__ = ["check_code"]

_CODE_STATUS = {"verified": Status.PROVED, "counterexample": Status.REFUTED}


def _code_status(report: dict[str, Any], total: bool) -> Status:
    """One function's report as a verdict status: verified is proved (with ``total``, only
    when termination is proved too), a counterexample refuted, anything else undecided."""
    status = _CODE_STATUS.get(report["status"], Status.ERROR)
    if total and status is Status.PROVED and report.get("termination") != "proved":
        return Status.ERROR  # partial correctness only: termination is undecided
    return status


def _code_exit(reports: list[dict[str, Any]], total: bool = False) -> int:
    """Unsupported syntax is bad input (exit 2); otherwise the verdicts' exit code."""
    if any(r["status"] == "unsupported" for r in reports):
        return InputError.exit_code
    return Status.overall(_code_status(r, total) for r in reports).exit_code


@check_app.command("code")
def check_code(
    files: Annotated[
        list[Path],
        typer.Argument(help="Python file(s) with requires/ensures/invariant, or a JSONL."),
    ],
    function: Annotated[
        str | None, typer.Option(help="Verify only this function (default: all).")
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(min=0.01, envvar="PROOFSMITH_TIMEOUT", help="Seconds per function."),
    ] = 20.0,
    memory_mb: MemoryOpt = 2048,
    json_output: JsonFlag = False,
    jobs: JobsOpt = 0,
    total: Annotated[
        bool, typer.Option("--total", help="Require termination too (else exit 3).")
    ] = False,
) -> None:
    """Verify the functions of FILE against their contracts with z3.

    Several files or a JSONL: one process, one JSON line per problem (batch mode).
    """
    with handle_errors():
        if is_batch(files):
            code = run_batch(
                "code",
                files,
                claim=None,
                function=function,
                timeout_s=timeout,
                memory_mb=memory_mb,
                jobs=jobs,
            )
            raise typer.Exit(code=code)
        (file,) = files
        from proofsmith.checkers.code import CodeChecker

        text = read_input(file, hint="Pass a Python file with requires/ensures contracts.")
        with CodeChecker(timeout_s=timeout, memory_mb=memory_mb) as checker:
            reports = checker.verify_source(text, function)
        if not reports:
            raise InputError(
                f"no function to verify in {file}",
                hint="Write functions with requires(...)/ensures(...) contracts "
                "(see proofsmith/checkers/code/contracts.py).",
            )
        for report in reports:
            report["file"] = str(file)
            if json_output:
                emit(report)
                continue
            name = report["function"]
            message = report.get("message", "").removeprefix(f"{name}: ")
            out.print(
                f"{file}:{report['line']}: {name}: {report.get('verdict', report['status'])} "
                f"— {message}",
                highlight=False,
                soft_wrap=True,
                markup=False,
            )
            for ob in report["obligations"]:
                if ob["status"] == "proved":
                    continue
                out.print(
                    f"  line {ob['line']}: {ob['kind']}: {ob['text']}: {ob['status']}",
                    highlight=False,
                    soft_wrap=True,
                    markup=False,
                )
                if "counterexample" in ob:
                    out.print(
                        f"    counterexample: {ob['counterexample']}", markup=False, soft_wrap=True
                    )
        raise typer.Exit(code=_code_exit(reports, total))
