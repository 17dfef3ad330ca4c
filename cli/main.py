"""The ``proofsmith`` command line: which module holds which command, imported on demand.

:data:`COMMANDS` is the one registry: a top-level command (or group) → the modules that
register it on the apps of :mod:`.apps`. ``proofsmith prove …`` imports only the prove
module, ``proofsmith check smt …`` only the SMT check module, ``proofsmith --version`` none;
``proofsmith --help`` (and the ``app`` attribute of this module) registers every command.
Heavy libraries (torch, z3, sympy) are imported inside commands, never at module level.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import typer

from proofsmith.cli.apps import check_app, datasets_app, lean_app

__all__ = ["COMMANDS", "app", "check_app", "datasets_app", "lean_app", "main", "register"]  # noqa: F822

COMMANDS: dict[str, tuple[str, ...]] = {
    "check": (
        "proofsmith.cli.check_answer",
        "proofsmith.cli.check_smt",
        "proofsmith.cli.check_code",
        "proofsmith.cli.check_lean",
    ),
    # a check command imports only its own module (the Lean one is heavy)
    "check answer": ("proofsmith.cli.check_answer",),
    "check answers": ("proofsmith.cli.check_answer",),
    "check smt": ("proofsmith.cli.check_smt",),
    "check code": ("proofsmith.cli.check_code",),
    "check lean": ("proofsmith.cli.check_lean",),
    "lean": ("proofsmith.cli.lean",),
    "serve": ("proofsmith.cli.serve",),
    "serve-checkers": ("proofsmith.cli.serve_checkers",),
    "mcp": ("proofsmith.cli.mcp",),
    "prove": ("proofsmith.cli.prove",),
    "datasets": ("proofsmith.cli.datasets",),
    "export": ("proofsmith.cli.export",),
    "report": ("proofsmith.cli.report",),
    "finetune": ("proofsmith.cli.finetune",),
    "iterate": ("proofsmith.cli.iterate",),
}


def register(commands: Iterable[str] | None = None) -> typer.Typer:
    """Import the modules of ``commands`` (every command when None); return the app."""
    from proofsmith.cli.apps import app as root

    names = [n for n in COMMANDS if " " not in n] if commands is None else commands
    for name in names:
        for module in COMMANDS[name]:
            importlib.import_module(module)
    return root


def _needed(argv: Sequence[str]) -> list[str] | None:
    """The commands a command line runs (None: all of them, e.g. for the help)."""
    if len(argv) > 1 and f"{argv[0]} {argv[1]}" in COMMANDS:
        return [f"{argv[0]} {argv[1]}"]
    if argv and argv[0] in COMMANDS:
        return [argv[0]]
    if "--version" in argv and not {"--help", "-h"} & set(argv):
        return []
    return None


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole app (tests, documentation tools)
        return register()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console-script entry point."""
    register(_needed(sys.argv[1:]))()
