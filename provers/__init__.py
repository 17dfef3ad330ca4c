"""Prover models and what is built on them, in rooms that import one way:

``backends/`` (local transformers, an OpenAI-compatible server, the portfolio) →
``formats/`` (prompt formats as data) → ``search/`` (sampling, the cross-problem pipeline,
best-first search, pass@k) → ``runs/`` (proving a dataset into a run database, reports) →
``training/`` (fine-tuning pairs, fine-tuning, expert iteration).

The names below are imported on first use, so ``import proofsmith.provers`` pulls in
neither httpx/pydantic nor torch.
"""

from __future__ import annotations

import importlib
from typing import Any

from proofsmith.provers.base import Candidate, Prover, SamplingParams
from proofsmith.provers.load import load_prover

__all__ = [
    "Candidate",
    "LocalProver",
    "OpenAIProver",
    "PortfolioProver",
    "PromptFormat",
    "Prover",
    "SamplingParams",
    "get_format",
    "load_prover",
]

_LAZY = {
    "LocalProver": "proofsmith.provers.backends.local",
    "OpenAIProver": "proofsmith.provers.backends.openai.client",
    "PortfolioProver": "proofsmith.provers.backends.portfolio",
    "PromptFormat": "proofsmith.provers.formats",
    "get_format": "proofsmith.provers.formats",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'proofsmith.provers' has no attribute {name!r}")
