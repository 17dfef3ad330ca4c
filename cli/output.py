"""Rendering shared by every command: stdout is data, stderr is talk.

- ``emit(obj)`` writes one JSON object per line to stdout (the ``--json`` contract).
- ``console`` writes human text to stderr; ``out`` writes tables/results to stdout.
- ``progress(items, total, label)`` shows a bar on stderr only when stderr is a TTY.
- ``handle_errors()`` turns a ProofsmithError into one line + hint and its exit code.
- ``read_input(path, hint)`` reads a user's text file or raises one InputError saying why.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from proofsmith.errors import InputError, ProofsmithError

__all__ = ["console", "emit", "handle_errors", "out", "progress", "read_input", "short"]

# soft_wrap: a long message stays one line in a log or pipe (the terminal wraps it)
console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)
T = TypeVar("T")


def short(text: str, width: int = 48) -> str:
    """``text`` on one line, cut to ``width`` with "…"."""
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "…"


def emit(obj: Any) -> None:
    """Write one JSON object as one line on stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def read_input(path: Path, hint: str) -> str:
    """The UTF-8 text of ``path`` (a leading byte-order mark skipped, as CPython and Lean do);
    an InputError names the file and the reason in one line."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"cannot read {path}: not UTF-8 text", hint=hint) from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", hint=hint) from exc


def progress(items: Iterable[T], total: int | None = None, label: str = "working") -> Iterator[T]:
    """Yield ``items``, drawing a progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Map proofsmith's errors to a one-line message, a hint and the class's exit code."""
    try:
        yield
    except ProofsmithError as exc:
        console.print(f"[bold red]error:[/] {escape(exc.message)}", highlight=False)
        if exc.hint:
            console.print(exc.hint, highlight=False, markup=False)
        raise typer.Exit(code=exc.exit_code) from None
    except KeyboardInterrupt:
        console.print("interrupted")
        raise typer.Exit(code=130) from None
