"""JSON Lines files: one JSON object per line, read with errors that name the file and line.

Every reader of JSONL in proofsmith (problem files here, exported proofs in
:mod:`proofsmith.provers.training.sft_data`, …) wants the same thing: skip blank lines, turn an
unreadable file, a line that is not JSON, or a line that is not an object into an
:class:`~proofsmith.errors.InputError` saying where, with the caller's hint on what a line
should hold.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from proofsmith.errors import InputError

__all__ = ["read_json_lines"]


def read_json_lines(path: str | Path, *, hint: str = "") -> list[dict[str, Any]]:
    """The objects of a JSONL file, in order (blank lines skipped).

    ``hint`` (what each line must be) goes with the error for a malformed line.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number} is not valid JSON: {exc.msg}", hint=hint) from exc
        if not isinstance(record, dict):
            raise InputError(
                f"{path}:{number} is a JSON {type(record).__name__}, not an object", hint=hint
            )
        records.append(record)
    return records
