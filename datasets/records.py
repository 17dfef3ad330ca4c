"""The rows of the run store as typed records, and their conversion to and from columns.

:class:`RunInfo` (a run), :class:`Attempt` (one problem in one run), :class:`ProofRecord`
(a verified proof or tactic step) and :class:`AttemptSummary` (the light view reports
stream). :mod:`.store` writes and reads them; export and fine-tuning read ProofRecords
through :class:`~proofsmith.datasets.export.TrainingPair`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple, TypeVar

__all__ = ["Attempt", "AttemptSummary", "ProofRecord", "RunInfo", "from_row", "row_values"]

T = TypeVar("T")


@dataclass(frozen=True)
class RunInfo:
    """One row of ``runs``."""

    id: int
    created: float
    finished: float | None
    dataset: str
    prover: str
    settings: Mapping[str, Any]
    versions: Mapping[str, Any]


@dataclass(frozen=True)
class Attempt:
    """The outcome of attempting one problem in one run."""

    problem_id: str
    dataset: str
    domain: str
    method: str  # "sample" | "bfs"
    outcome: str  # "proved" | "failed" | "timeout" | "error"
    n: int  # candidates checked, >= 0
    correct: int  # candidates verified, 0 <= correct <= n
    seconds: float  # wall seconds spent on the problem
    split: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)
    run_id: int = 0  # filled when read back


@dataclass(frozen=True)
class ProofRecord:
    """A verified proof (``kind="proof"``) or one verified step of it (``kind="tactic"``)."""

    problem_id: str
    dataset: str
    domain: str
    statement: str
    proof: str
    kind: str = "proof"
    header: str = ""
    state: str = ""
    split: str | None = None
    checked_text: str = ""
    details: Mapping[str, Any] = field(default_factory=dict)
    run_id: int = 0  # filled when read back


class AttemptSummary(NamedTuple):
    """The figures of one attempt a report needs (see :meth:`Store.latest_attempts`)."""

    dataset: str
    problem_id: str
    split: str | None
    domain: str
    method: str
    n: int
    correct: int
    seconds: float
    solved: bool  # the store holds a verified whole proof of the problem


_JSON_COLUMNS = frozenset({"details", "settings", "versions"})  # dicts stored as JSON text


def _loads(text: str) -> dict[str, Any]:
    return json.loads(text) if text else {}


def row_values(record: Attempt | ProofRecord) -> dict[str, Any]:
    """Column → value for ``record`` (every field but ``run_id``; dicts as JSON)."""
    values = {}
    for f in fields(record):
        if f.name != "run_id":
            value = getattr(record, f.name)
            values[f.name] = (
                json.dumps(dict(value), default=str) if f.name in _JSON_COLUMNS else value
            )
    return values


def from_row(cls: type[T], row: sqlite3.Row) -> T:
    """The dataclass ``cls`` from a row whose columns include each of its fields."""
    return cls(
        **{
            f.name: _loads(row[f.name]) if f.name in _JSON_COLUMNS else row[f.name]
            for f in fields(cls)  # type: ignore[arg-type]
        }
    )
