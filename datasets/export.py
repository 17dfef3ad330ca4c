"""Export verified proofs from a run database as fine-tuning pairs (JSONL, HF on disk).

Two kinds of pair, both prompt-independent (the fine-tuning step renders them in the
prompt format of the model it trains):

- ``kind="proof"``: statement → whole proof (or answer / candidate), with its header;
- ``kind="tactic"``: proof state → tactic, one per step of a proof found by search
  (``state`` holds the state's goals, ``statement`` the theorem it belongs to).

One type, :class:`TrainingPair`, is written here and read back by fine-tuning
(:mod:`proofsmith.provers.training.sft_data`) from a JSONL export, a run database or an HF dataset.
Fields: ``statement``, ``header``, ``state``, ``proof``, ``domain``, ``problem_id``,
``kind``, ``dataset``, ``split``. Pairs are de-duplicated on (kind, statement, state, proof).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from proofsmith.datasets.jsonl import read_json_lines
from proofsmith.datasets.store import ProofRecord, Store
from proofsmith.errors import InputError

__all__ = [
    "EXPORT_FIELDS",
    "TrainingPair",
    "export_pairs",
    "iter_pairs",
    "write_hf",
    "write_jsonl",
]


@dataclass(frozen=True)
class TrainingPair:
    """A verified statement→proof or state→tactic pair, independent of any prompt format."""

    statement: str
    proof: str  # the whole proof, answer or candidate; for kind "tactic", the tactic
    kind: str = "proof"  # "proof" | "tactic"
    state: str = ""  # kind "tactic": the proof state (goals) the tactic was applied to
    header: str = ""
    domain: str = "answer"
    problem_id: str = ""
    dataset: str = ""
    split: str | None = None

    @classmethod
    def of(cls, record: ProofRecord) -> TrainingPair:
        """The pair of one stored proof record."""
        return cls(
            statement=record.statement,
            proof=record.proof,
            kind=record.kind,
            state=record.state,
            header=record.header,
            domain=record.domain,
            problem_id=record.problem_id,
            dataset=record.dataset,
            split=record.split,
        )

    @classmethod
    def from_dict(cls, row: Mapping[str, Any]) -> TrainingPair:
        """A pair from an exported row (unknown keys ignored; ``id``/``tactic`` accepted for
        ``problem_id``/``proof``). Rows of older exports carried a tactic's state in
        ``statement`` and had no ``state``: they are read that way."""
        kind = str(row.get("kind") or "proof")
        statement = str(row.get("statement") or "")
        state = str(row.get("state") or "")
        if kind == "tactic" and "state" not in row:
            statement, state = "", statement
        split = row.get("split")
        return cls(
            statement=statement,
            proof=str(row.get("proof") or row.get("tactic") or ""),
            kind=kind,
            state=state,
            header=str(row.get("header") or ""),
            domain=str(row.get("domain") or "answer"),
            problem_id=str(row.get("problem_id") or row.get("id") or ""),
            dataset=str(row.get("dataset") or ""),
            split=None if split is None else str(split),
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


EXPORT_FIELDS = tuple(f.name for f in fields(TrainingPair))


def iter_pairs(store: Store, *, kind: str | None = None) -> Iterator[dict[str, Any]]:
    """Distinct fine-tuning pairs from ``store`` (as exported rows), oldest first."""
    for record in store.distinct_proofs(kind):  # de-duplicated and streamed by the store
        yield TrainingPair.of(record).to_dict()


def write_jsonl(pairs: Iterable[dict[str, Any]], path: str | Path) -> dict[str, int]:
    """Write ``pairs`` one JSON object a line, atomically (temp file, then rename), as they
    come; return the count of each kind."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    counts: dict[str, int] = {"proof": 0, "tactic": 0}
    with tmp.open("w", encoding="utf-8") as handle:
        for pair in pairs:
            handle.write(json.dumps(pair, ensure_ascii=False) + "\n")
            counts[pair["kind"]] = counts.get(pair["kind"], 0) + 1
    os.replace(tmp, path)
    return counts


def write_hf(pairs: list[dict[str, Any]], directory: str | Path) -> None:
    """Save ``pairs`` as a Hugging Face ``datasets.Dataset`` (``save_to_disk``)."""
    try:
        import datasets as hf_datasets
    except ImportError as exc:
        raise InputError(
            "--hf-dir needs the Hugging Face `datasets` package",
            hint="pip install 'proofsmith[models]'",
        ) from exc
    from datasets.utils import (
        are_progress_bars_disabled,
        disable_progress_bars,
        enable_progress_bars,
    )

    columns = {name: [p[name] for p in pairs] for name in EXPORT_FIELDS}
    features = hf_datasets.Features({name: hf_datasets.Value("string") for name in EXPORT_FIELDS})
    quiet = not sys.stderr.isatty() and not are_progress_bars_disabled()  # bars on a TTY only
    if quiet:
        disable_progress_bars()
    try:
        hf_datasets.Dataset.from_dict(columns, features=features).save_to_disk(str(directory))
    finally:
        if quiet:
            enable_progress_bars()


def export_pairs(
    db: str | Path,
    out: str | Path,
    *,
    hf_dir: str | Path | None = None,
    kind: str | None = None,
) -> dict[str, int]:
    """Export the run database ``db`` to ``out`` (and ``hf_dir``); return counts by kind."""
    if kind not in (None, "proof", "tactic"):
        raise InputError(f"unknown pair kind {kind!r}", hint="Use --kind proof or --kind tactic.")
    if not Path(db).is_file():
        raise InputError(f"no run database at {db}", hint="Pass the --out file of a prove run.")
    try:
        with Store(db) as store:  # streamed from the store into the file
            counts = write_jsonl(iter_pairs(store, kind=kind), out)
        if hf_dir is not None:  # the HF dataset is built in memory, from the file
            write_hf(read_json_lines(out), hf_dir)
    except OSError as exc:
        where = exc.filename or out
        raise InputError(
            f"cannot write {where}: {exc.strerror or exc}",
            hint="Pass --out/--hf-dir paths you can write.",
        ) from exc
    return counts
