"""Domain routing: the checker that fits a problem's domain.

Checker classes are imported on first use so that checking answers never loads z3 or
starts Lean.
"""

from __future__ import annotations

import importlib
from typing import Any

from proofsmith.checkers.base import Checker
from proofsmith.datasets.problem import DOMAINS
from proofsmith.errors import InputError

__all__ = ["CHECKERS", "can_step", "checker_for"]

# domain -> "module:Class"; each class takes keyword options and implements Checker
CHECKERS: dict[str, str] = {
    "answer": "proofsmith.checkers.answer:AnswerChecker",
    "smt": "proofsmith.checkers.smt:SmtChecker",
    "code": "proofsmith.checkers.code:CodeChecker",
    "lean": "proofsmith.checkers.lean:LeanChecker",
}


def _checker_class(domain: str) -> type:
    if domain not in CHECKERS:
        raise InputError(
            f"no checker for domain {domain!r}", hint=f"Known domains: {', '.join(DOMAINS)}."
        )
    module_name, class_name = CHECKERS[domain].split(":")
    return getattr(importlib.import_module(module_name), class_name)


def checker_for(domain: str, **options: Any) -> Checker:
    """Build the checker for ``domain`` with its options (timeouts, pools, paths)."""
    return _checker_class(domain)(**options)


def can_step(domain: str) -> bool:
    """Whether the checker of ``domain`` runs proofs step by step (``start``/``step``)."""
    cls = _checker_class(domain)
    return callable(getattr(cls, "start", None)) and callable(getattr(cls, "step", None))
