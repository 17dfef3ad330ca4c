"""Verifying Python functions with contracts: notation, parsing, VC generation, z3.

The notation is documented in :mod:`proofsmith.checkers.code.contracts`.
"""

from proofsmith.checkers.code.checker import CodeChecker, Report, verify_function
from proofsmith.checkers.code.contracts import (
    LoopSite,
    compare,
    loops,
    normalized,
    with_invariants,
)
from proofsmith.checkers.code.parse import FunctionSpec, Param, parse_module

__all__ = [
    "CodeChecker",
    "FunctionSpec",
    "LoopSite",
    "Param",
    "Report",
    "compare",
    "loops",
    "normalized",
    "parse_module",
    "verify_function",
    "with_invariants",
]
