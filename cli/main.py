"""The ``proofsmith`` Typer app and its command groups.

Each command lives in its own module and registers itself on the app or group defined
here; :data:`COMMAND_MODULES` lists them so the app is complete when ``app`` is built.
Heavy libraries (torch, z3, sympy) are imported inside commands, never at module level.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from proofsmith import __version__

__all__ = ["app", "main"]

app = typer.Typer(
    name="proofsmith",
    help="Prove and check: prover models, Lean 4 / Z3 / SymPy verifiers, proof search.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
check_app = typer.Typer(
    help="Check candidates with the verifier of their domain.", no_args_is_help=True
)
lean_app = typer.Typer(help="Set up and inspect the Lean toolchain.", no_args_is_help=True)
datasets_app = typer.Typer(help="List and show bundled and known datasets.", no_args_is_help=True)
app.add_typer(check_app, name="check")
app.add_typer(lean_app, name="lean")
app.add_typer(datasets_app, name="datasets")

COMMAND_MODULES = (
    "proofsmith.cli.check_answer",
    "proofsmith.cli.check_smt",
    "proofsmith.cli.check_lean",
    "proofsmith.cli.lean",
    "proofsmith.cli.serve",
    "proofsmith.cli.serve_checkers",
    "proofsmith.cli.mcp",
    "proofsmith.cli.prove",
    "proofsmith.cli.iterate",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"proofsmith {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """proofsmith proves and checks."""


for _name in COMMAND_MODULES:
    importlib.import_module(_name)


def main() -> None:
    """Console-script entry point."""
    app()
