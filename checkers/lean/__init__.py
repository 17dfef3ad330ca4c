"""Lean 4 checking through the Lean REPL: protocol models, process driver, pool, checker."""

from proofsmith.checkers.lean.protocol import (
    Command,
    CommandResponse,
    LeanError,
    Message,
    Pos,
    ProofStep,
    ProofStepResponse,
    Sorry,
)
from proofsmith.checkers.lean.repl import DEFAULT_TIMEOUT_S, ReplProcess

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "Command",
    "CommandResponse",
    "LeanError",
    "Message",
    "Pos",
    "ProofStep",
    "ProofStepResponse",
    "ReplProcess",
    "Sorry",
]
