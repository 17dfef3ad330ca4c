"""Verifiers, one per domain, behind one interface; domain routing."""

from proofsmith.checkers.base import Checker, Proved, State, StepError, SteppingChecker, StepResult
from proofsmith.checkers.route import checker_for
from proofsmith.checkers.verdict import Status, Verdict

__all__ = [
    "Checker",
    "Proved",
    "State",
    "Status",
    "StepError",
    "StepResult",
    "SteppingChecker",
    "Verdict",
    "checker_for",
]
