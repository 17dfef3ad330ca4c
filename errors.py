"""The one exception hierarchy of proofsmith.

An exception means "could not do what was asked"; it never carries a verdict. A checker
API returns ``refuted``/``rejected``/``timeout`` as a :class:`~proofsmith.checkers.Verdict`
and raises only when it cannot check at all.

    ProofsmithError                 base of everything proofsmith raises (exit 1 unless set)
    ├── InputError                  a file, record or option the user gave is unusable (exit 2)
    │   └── UnsupportedSyntax       checked code uses a construct the verifier does not know
    ├── ToolNotFound                an external tool (lake, the REPL, vLLM) is missing (exit 2)
    ├── CheckerError                a checker could not reach a verdict (exit 3)
    │   ├── CheckerTimeout          the time limit ran out (reported as a `timeout` verdict)
    │   ├── CheckerCrashed          the checker process died (signal, memory limit, bug)
    │   └── ProtocolError           a tool answered something we cannot parse
    ├── ProverError                 a prover could not produce candidates (exit 1)
    │   ├── ServerUnreachable       nothing answers at the server URL (exit 2: fix the URL)
    │   └── ServerRejected          the server answered with an error (bad model name, 4xx/5xx)
    └── StoreError                  the run database is unreadable or from another version

Each class has an ``exit_code`` so the CLI maps errors to exit codes in one place, and
takes keyword context (``problem_id``, ``text``, ``stderr_tail``, ``raw``) that is kept on
the exception for callers and shown in ``str()`` when it helps the user.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CheckerCrashed",
    "CheckerError",
    "CheckerTimeout",
    "InputError",
    "ProofsmithError",
    "ProtocolError",
    "ProverError",
    "ServerRejected",
    "ServerUnreachable",
    "StoreError",
    "ToolNotFound",
    "UnsupportedSyntax",
]


class ProofsmithError(Exception):
    """Base class of every error proofsmith raises."""

    exit_code: int = 1

    def __init__(self, message: str, *, hint: str | None = None, **context: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.context = context
        for key, value in context.items():
            setattr(self, key, value)

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n{self.hint}"
        return self.message


class InputError(ProofsmithError):
    """A file, record or option given by the user cannot be used."""

    exit_code = 2


class UnsupportedSyntax(InputError):
    """Checked code uses a construct the verifier does not support (names it and the line)."""


class ToolNotFound(ProofsmithError):
    """An external tool proofsmith needs is not installed or not on PATH."""

    exit_code = 2


class CheckerError(ProofsmithError):
    """A checker could not reach a verdict."""

    exit_code = 3


class CheckerTimeout(CheckerError):
    """The time limit of a check ran out."""


class CheckerCrashed(CheckerError):
    """The process doing the check died (signal, memory limit, internal bug)."""


class ProtocolError(CheckerError):
    """An external tool answered with something that cannot be parsed."""


class ProverError(ProofsmithError):
    """A prover could not produce candidates."""


class ServerUnreachable(ProverError):
    """Nothing answers at the configured server URL."""

    exit_code = 2  # the URL the user gave is unusable, like a missing file


class ServerRejected(ProverError):
    """The server answered with an error (unknown model name, bad request, 5xx)."""


class StoreError(ProofsmithError):
    """The run database cannot be read or written."""

    exit_code = 2
