"""LeanDojo Benchmark 4 records: theorems as Problems and traced tactics as training pairs.

The benchmark (../shared/fixtures/leandojo/README.md) ships ``random/`` and
``novel_premises/`` folders with ``train.json``/``val.json``/``test.json`` (JSON arrays of
``{url, commit, file_path, full_name, start, end, traced_tactics}``). A traced tactic is
``{tactic, annotated_tactic, state_before, state_after}``; ``state_after == "no goals"``
closes the goal.

Records carry no statement text, so a Problem's ``statement`` is empty and the initial
goal (the first ``state_before``) is kept in ``metadata["goal"]``; the repository, commit
and file locate the theorem for LeanDojo itself. lean-dojo is not imported here:
constructing its ``LeanGitRepo`` contacts GitHub, and these loaders must work offline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError

__all__ = ["TacticPair", "load_leandojo", "problem_from_theorem", "read_records", "tactic_pairs"]

SPLIT_FILES = {"train": "train.json", "val": "val.json", "valid": "val.json", "test": "test.json"}
NO_GOALS = "no goals"


@dataclass(frozen=True)
class TacticPair:
    """One (state, tactic) training example from a traced proof."""

    theorem: str  # full name of the theorem the tactic comes from
    state: str  # pretty-printed goals before the tactic
    tactic: str
    state_after: str  # "no goals" when the tactic finished the proof
    premises: tuple[str, ...] = ()  # full names of premises the tactic uses

    def to_dict(self) -> dict[str, Any]:
        return {
            "theorem": self.theorem,
            "state": self.state,
            "tactic": self.tactic,
            "state_after": self.state_after,
            "premises": list(self.premises),
        }


def read_records(path: str | Path, *, split: str | None = None) -> list[dict[str, Any]]:
    """Theorem records from a benchmark folder (``random``/``novel_premises``), a JSON file
    (an array, or one record), or a JSONL file."""
    path = Path(path)
    if path.is_dir():
        if split is None:
            raise InputError(f"{path} is a benchmark folder: pass a split (train, val, test)")
        if split not in SPLIT_FILES:
            raise InputError(f"unknown LeanDojo split {split!r}", hint="Use train, val or test.")
        path = path / SPLIT_FILES[split]
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot read {path}: {exc}", hint="Pass a LeanDojo Benchmark 4 file."
        ) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise InputError(f"{path} is neither JSON nor JSONL ({exc.msg})") from exc
    records = data if isinstance(data, list) else [data]
    for record in records:
        if not isinstance(record, dict) or "full_name" not in record:
            raise InputError(
                f"{path}: not a LeanDojo theorem record: {str(record)[:160]}",
                hint="Records need full_name, file_path and traced_tactics.",
            )
    return records


def problem_from_theorem(
    record: Mapping[str, Any], *, split: str | None = None, source: str = ""
) -> Problem:
    """A theorem record as a Problem (statement empty: the goal is in metadata)."""
    tactics = record.get("traced_tactics") or []
    goal = next((t["state_before"] for t in tactics if t.get("state_before") != NO_GOALS), "")
    return Problem(
        id=str(record["full_name"]),
        domain="lean",
        statement="",
        header="",
        split=split,
        source=source,
        metadata={
            "goal": goal,
            "url": record.get("url"),
            "commit": record.get("commit"),
            "file_path": record.get("file_path"),
            "start": record.get("start"),
            "end": record.get("end"),
            "num_tactics": len(tactics),
        },
    )


def tactic_pairs(records: list[Mapping[str, Any]]) -> Iterator[TacticPair]:
    """Every traced tactic as a (state, tactic) pair; states of ``no goals`` are skipped."""
    for record in records:
        for traced in record.get("traced_tactics") or []:
            state = traced.get("state_before", "")
            if not state or state == NO_GOALS:
                continue
            annotated = traced.get("annotated_tactic") or ["", []]
            premises = tuple(p["full_name"] for p in (annotated[1] if len(annotated) > 1 else []))
            yield TacticPair(
                theorem=str(record["full_name"]),
                state=state,
                tactic=traced["tactic"],
                state_after=traced.get("state_after", ""),
                premises=premises,
            )


def load_leandojo(
    path: str | Path, *, split: str | None = None
) -> tuple[list[Problem], list[TacticPair]]:
    """Problems and training pairs from LeanDojo Benchmark 4 records."""
    records = read_records(path, split=split)
    problems = [problem_from_theorem(r, split=split, source=str(path)) for r in records]
    return problems, list(tactic_pairs(records))
