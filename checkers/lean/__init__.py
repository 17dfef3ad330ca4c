"""Lean 4 checking through the Lean REPL: protocol models, process driver, pool, checker."""

from proofsmith.checkers.lean.checker import LeanChecker
from proofsmith.checkers.lean.launch import (
    Launch,
    default_project_dir,
    default_repl_command,
    detect_launch,
    lake_env,
)
from proofsmith.checkers.lean.pool import ReplPool, Session
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
from proofsmith.checkers.lean.stepping import (
    LeanHandle,
    TacticStepper,
    goals_key,
    proof_from_steps,
)

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "Launch",
    "LeanChecker",
    "LeanHandle",
    "ReplPool",
    "Session",
    "default_project_dir",
    "default_repl_command",
    "detect_launch",
    "lake_env",
    "goals_key",
    "proof_from_steps",
    "Command",
    "CommandResponse",
    "LeanError",
    "Message",
    "Pos",
    "ProofStep",
    "ProofStepResponse",
    "ReplProcess",
    "Sorry",
    "TacticStepper",
]
