"""Z3 checking of SMT-LIB scripts and of candidates (lemmas, models) for SMT problems."""

from proofsmith.checkers.smt.checker import CheckResult, SmtChecker, parse_claims
from proofsmith.checkers.smt.protocol import SmtAnswer, SmtQuery, SmtStatus
from proofsmith.checkers.smt.runner import SmtRunner, solve
from proofsmith.checkers.smt.script import CheckPoint, Command, check_points, parse_commands

__all__ = [
    "CheckPoint",
    "CheckResult",
    "Command",
    "SmtAnswer",
    "SmtChecker",
    "SmtQuery",
    "SmtRunner",
    "SmtStatus",
    "check_points",
    "parse_claims",
    "parse_commands",
    "solve",
]
