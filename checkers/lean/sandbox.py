"""The REPL's sandbox: no network, the whole file system read-only (bubblewrap).

Candidate text is elaborated by the REPL, and elaboration can run code (tactics are
programs). The allowlist keeps meta code out of candidates (THREATS.md); the sandbox is
the second wall: with ``bwrap`` (Debian/Ubuntu package ``bubblewrap``) the REPL runs with

- ``--unshare-net``: no network, only a private loopback;
- ``--ro-bind / /``: every path read-only, the Lake project and /tmp included (the REPL
  writes nothing unless asked to pickle);
- ``--dev /dev``, ``--proc /proc``: device nodes and a /proc for the new namespaces;
- ``--die-with-parent``, ``--unshare-ipc``, ``--unshare-uts``.

:func:`detect_sandbox` probes once whether bwrap works here (it needs unprivileged user
namespaces); the mode ``auto`` (default) uses it for the project's REPL when it does,
``off`` never, ``require`` always (a ``--repl`` command too) and raises ToolNotFound when it
cannot. ``lean doctor`` reports what is in force.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from proofsmith.errors import InputError, ToolNotFound

__all__ = ["SANDBOX_MODES", "Sandbox", "detect_sandbox", "sandboxed"]

SANDBOX_MODES = ("auto", "off", "require")
BWRAP_ARGS = (
    "--unshare-net",
    "--unshare-ipc",
    "--unshare-uts",
    "--die-with-parent",
    "--ro-bind",
    "/",
    "/",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
)
HINT = "Install bubblewrap (`apt-get install bubblewrap`) and allow unprivileged user namespaces."


@dataclass(frozen=True)
class Sandbox:
    """What this machine allows: ``bwrap`` is its path when it works, else None (``why``)."""

    bwrap: str | None
    why: str

    def describe(self) -> str:
        if self.bwrap:
            return f"bubblewrap ({self.bwrap}): no network, file system read-only"
        return f"none: {self.why} ({HINT})"


@cache
def detect_sandbox() -> Sandbox:
    """Probe once whether ``bwrap`` can start a process here."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return Sandbox(None, "bwrap is not on PATH")
    try:
        done = subprocess.run(
            [bwrap, *BWRAP_ARGS, "--", "true"], capture_output=True, text=True, timeout=20
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Sandbox(None, f"bwrap does not start: {exc}")
    if done.returncode != 0:
        return Sandbox(None, f"bwrap fails here: {done.stderr.strip()[:200]}")
    return Sandbox(bwrap, "")


def sandboxed(command: Sequence[str], mode: str, sandbox: Sandbox | None = None) -> list[str]:
    """``command`` inside the sandbox that ``mode`` asks for (see the module docstring)."""
    if mode not in SANDBOX_MODES:
        raise InputError(f"unknown sandbox mode {mode!r}", hint=f"Use one of {SANDBOX_MODES}.")
    if mode == "off":
        return list(command)
    sandbox = sandbox or detect_sandbox()
    if sandbox.bwrap is None:
        if mode == "require":
            raise ToolNotFound(f"no sandbox for the Lean REPL: {sandbox.why}", hint=HINT)
        return list(command)
    return [sandbox.bwrap, *BWRAP_ARGS, "--", *command]
