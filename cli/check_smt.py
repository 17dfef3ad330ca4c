"""Commands ``proofsmith check smt`` and ``proofsmith check code`` (Z3-backed checks).

Exit codes: 0 the claim holds / every function verified (or, with no claim, every
check-sat decided), 1 refuted / counterexample, 2 unreadable input or unsupported
syntax, 3 undecided (unknown, timeout, a sat model that failed validation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from proofsmith.cli.apps import check_app
from proofsmith.cli.check_batch import is_batch, run_batch
from proofsmith.cli.output import emit, handle_errors, out, read_input
from proofsmith.errors import InputError

__all__ = ["check_code", "check_smt"]

JsonFlag = Annotated[bool, typer.Option("--json", help="One JSON object per result on stdout.")]
MemoryOpt = Annotated[
    int,
    typer.Option(
        "--memory-mb", envvar="PROOFSMITH_MEMORY_MB", help="Memory cap of the z3 worker (MiB)."
    ),
]

JobsOpt = Annotated[
    int, typer.Option("--jobs", "-j", min=0, help="Batch mode: workers (0: all cores).")
]


def _smt_code(results: list[dict[str, Any]]) -> int:
    if any(
        r["claim"] and r["status"] in ("sat", "unsat") and r["status"] != r["claim"]
        for r in results
    ):
        return 1
    if any(r["status"] in ("unknown", "error") for r in results):
        return 3
    return 0


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
        raise typer.Exit(code=_smt_code(results))


def _code_exit(reports: list[dict[str, Any]], total: bool = False) -> int:
    statuses = {r["status"] for r in reports}
    if "unsupported" in statuses:
        return 2
    if "counterexample" in statuses:
        return 1
    if total and any(r.get("termination") != "proved" for r in reports):
        return 3  # partial correctness only: termination is undecided
    return 0 if statuses <= {"verified"} else 3


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
