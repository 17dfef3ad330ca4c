"""The Typer app ``proofsmith`` and its sub-apps, before any command is registered.

Command modules add their commands to these objects; :mod:`.main` lists which module holds
which command and imports only the ones a command line needs.
"""

from __future__ import annotations

from typing import Annotated

import typer

from proofsmith import __version__

__all__ = ["app", "check_app", "datasets_app", "lean_app"]

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
