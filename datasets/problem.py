"""The Problem record: what every loader produces and every checker and prover consumes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from proofsmith.errors import InputError

__all__ = ["DOMAINS", "Domain", "Problem"]

Domain = Literal["lean", "smt", "code", "answer"]
DOMAINS: tuple[str, ...] = ("lean", "smt", "code", "answer")


@dataclass(frozen=True)
class Problem:
    """One thing to prove or check.

    The fields by domain:

    - ``lean``: ``statement`` is the theorem (``theorem name … := by sorry`` or without the
      proof), ``header`` the import/open block it is checked under.
    - ``smt``: ``statement`` is the SMT-LIB script with the problem's own assertions;
      ``reference`` the claimed result (``"sat"`` / ``"unsat"``) when there is one.
    - ``code``: ``statement`` is the Python source with contracts; ``metadata["function"]``
      names the function to verify when the file holds several.
    - ``answer``: ``statement`` is the question, ``reference`` the gold answer.
    """

    id: str
    domain: str
    statement: str
    header: str = ""
    reference: str | None = None
    split: str | None = None
    source: str | None = None  # dataset name or path the problem was loaded from
    metadata: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.domain not in DOMAINS:
            raise InputError(
                f"problem {self.id!r} has unknown domain {self.domain!r}",
                hint=f"Use one of: {', '.join(DOMAINS)}.",
                problem_id=self.id,
            )
        if not self.id:
            raise InputError("a problem needs a non-empty id")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the JSONL record format)."""
        data = asdict(self)
        data["metadata"] = dict(self.metadata)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Problem:
        """Build a problem from a JSONL record; unknown keys go into ``metadata``."""
        known = {"id", "domain", "statement", "header", "reference", "split", "source", "metadata"}
        missing = [k for k in ("id", "domain", "statement") if k not in data]
        if missing:
            raise InputError(
                f"problem record lacks {', '.join(missing)}: {json.dumps(dict(data))[:200]}",
                hint="Each record needs at least id, domain and statement.",
            )
        extra = {k: v for k, v in data.items() if k not in known}
        metadata = {**dict(data.get("metadata") or {}), **extra}
        return cls(
            id=str(data["id"]),
            domain=str(data["domain"]),
            statement=str(data["statement"]),
            header=str(data.get("header") or ""),
            reference=None if data.get("reference") is None else str(data["reference"]),
            split=data.get("split"),
            source=data.get("source"),
            metadata=metadata,
        )
