"""proofsmith: prove and check with models and verifiers (Lean 4, Z3, SymPy).

Subpackages, imports pointing one way: ``cli`` → ``provers`` → ``checkers`` → ``datasets`` → ``text``.
The top-level names (``check``, ``prove``, ``load_prover``, ``Problem``, ``Verdict``,
``Status``) are imported on first use, so ``import proofsmith`` loads almost nothing.
"""

from __future__ import annotations

import importlib
from typing import Any

from proofsmith.errors import ProofsmithError

__version__ = "0.1.0"
__all__ = [
    "Problem",
    "ProofsmithError",
    "Status",
    "Verdict",
    "__version__",
    "check",
    "load_prover",
    "prove",
]

_LAZY = {
    "check": "proofsmith.api",
    "prove": "proofsmith.api",
    "load_prover": "proofsmith.provers.load",
    "Problem": "proofsmith.datasets.problem",
    "Verdict": "proofsmith.checkers.verdict",
    "Status": "proofsmith.checkers.verdict",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'proofsmith' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
