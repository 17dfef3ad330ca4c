"""SMT strategy of the portfolio: hand the problem to z3 as it is.

The SMT checker reads an empty candidate as "decide the problem and compare with the
claim" (see :mod:`proofsmith.checkers.smt.checker`), which is the whole model-free
strategy: z3 is the prover.
"""

from __future__ import annotations

__all__ = ["smt_candidates"]


def smt_candidates(statement: str) -> list[tuple[str, str]]:
    """(strategy, candidate) pairs for an SMT-LIB problem."""
    return [("smt.decide", "")]
