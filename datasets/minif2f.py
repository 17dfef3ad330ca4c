"""miniF2F in Lean 4: problems from a local copy or a Hugging Face dataset id.

Two lineages are recognised (../shared/datasets/minif2f-lean4/README.md):

- yangky11/miniF2F-lean4 (LeanDojo lineage): a directory with ``Test/*.lean`` and
  ``Valid/*.lean`` (one theorem per file ending ``:= by sorry``), or the derived JSONL with
  ``name, split, header, formal_statement``;
- DeepSeek-Prover-V1.5 ``minif2f.jsonl``: ``name, split, informal_prefix,
  formal_statement, goal, header``.

Each becomes ``Problem(domain="lean", statement=<theorem … := by>, header=<imports/opens>,
split="valid"|"test")``; lineage-specific fields go to ``metadata``. The statement keeps the
trailing ``:= by`` so whole-proof prompts can continue it; checkers drop the proof part.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from proofsmith.datasets.jsonl import read_json_lines
from proofsmith.datasets.loaders import hf_load_dataset
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError
from proofsmith.text.lean_source import split_header

__all__ = ["SPLITS", "load_minif2f", "problem_from_record", "split_lean_file"]

SPLITS = ("valid", "test")
_SORRY_TAIL = re.compile(r"\s*(?:by\s+)?sorry\s*$")


def _statement(text: str) -> str:
    """The theorem with any trailing ``sorry`` dropped, ending in ``:= by``."""
    text = _SORRY_TAIL.sub("", text.rstrip()).rstrip()
    if text.endswith(":="):
        text += " by"
    return text


def problem_from_record(record: Mapping[str, Any], *, source: str = "") -> Problem:
    """One miniF2F record (either lineage) as a Problem."""
    try:
        name = str(record["name"])
        statement = str(record["formal_statement"])
    except KeyError as exc:
        raise InputError(
            f"miniF2F record lacks {exc.args[0]!r}: {json.dumps(dict(record), ensure_ascii=False)[:160]}",
            hint="Records need name, split, header and formal_statement.",
        ) from exc
    split = str(record.get("split") or "").lower() or None
    lineage = (
        "deepseek-prover-v1.5" if "goal" in record or "informal_prefix" in record else "yangky11"
    )
    metadata = {
        k: v for k, v in record.items() if k not in ("name", "split", "formal_statement", "header")
    }
    metadata["lineage"] = lineage
    return Problem(
        id=name,
        domain="lean",
        statement=_statement(statement),
        header=str(record.get("header") or ""),
        split=split,
        source=source,
        metadata=metadata,
    )


def split_lean_file(text: str) -> tuple[str, str]:
    """``(header, theorem)`` of a one-theorem miniF2F ``.lean`` file (the one Lean splitter)."""
    header, body, _ = split_header(text)
    theorem = body.lstrip("\n")
    if not theorem.strip():
        raise InputError("no theorem in the Lean file", hint="miniF2F files hold one `theorem`.")
    return header + body[: len(body) - len(theorem)], theorem


def _from_directory(root: Path) -> list[dict[str, Any]]:
    records = []
    for split in SPLITS:
        for folder in (root / split.capitalize(), root / "MiniF2F" / split.capitalize()):
            for path in sorted(folder.glob("*.lean")):
                header, theorem = split_lean_file(path.read_text(encoding="utf-8"))
                records.append(
                    {
                        "name": path.stem,
                        "split": split,
                        "header": header,
                        "formal_statement": theorem,
                        "source_file": str(path.relative_to(root)),
                    }
                )
    return records


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return read_json_lines(path, hint="Records need name, split, header and formal_statement.")


def _from_hub(dataset_id: str, split: str | None) -> Iterable[Mapping[str, Any]]:
    loaded = hf_load_dataset(dataset_id)  # every split: the rows carry their own
    for hub_split, rows in loaded.items():
        for row in rows:
            row = dict(row)
            row.setdefault("split", "valid" if hub_split in ("validation", "valid") else hub_split)
            if split is None or str(row["split"]).lower() == split:
                yield row


def load_minif2f(source: str | Path, *, split: str | None = None) -> list[Problem]:
    """Problems from a directory, a JSONL file or (when no such path exists) a hub id."""
    if split is not None and split not in SPLITS:
        raise InputError(f"unknown miniF2F split {split!r}", hint="Use valid or test.")
    path = Path(source)
    if path.is_dir():
        jsonl = sorted(path.glob("*.jsonl"))
        records = _read_jsonl(jsonl[0]) if jsonl else _from_directory(path)
    elif path.is_file():
        records = _read_jsonl(path)
    else:
        records = list(_from_hub(str(source), split))
    if not records:
        raise InputError(f"no miniF2F problems found in {source}", hint="Point at a miniF2F copy.")
    problems = [problem_from_record(r, source=str(source)) for r in records]
    return [p for p in problems if split is None or p.split == split]
