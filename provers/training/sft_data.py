"""Fine-tuning pairs from verified proofs, rendered in a prover's prompt format.

A verified proof record (exported JSONL, a run database, or a Hugging Face dataset saved
with ``save_to_disk``) is read as one
:class:`~proofsmith.datasets.export.TrainingPair` — the prompt-independent parts, the same
type ``proofsmith export`` writes. :func:`sft_examples` renders each as the prompt the prover will see and the
completion the format parses back to the proof (:func:`completion_for`), drops pairs that do
not round-trip, and removes duplicates. Records that already carry ``prompt`` and
``completion`` are used as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from proofsmith.datasets.export import TrainingPair
from proofsmith.datasets.jsonl import read_json_lines
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError
from proofsmith.provers.formats.protocol import PromptFormat
from proofsmith.provers.training.finetune import SftExample

__all__ = ["completion_for", "read_proof_records", "sft_examples"]


def completion_for(fmt: PromptFormat, proof: str) -> str:
    """The completion text that ``fmt.parse`` turns back into ``proof``."""
    mode = getattr(fmt, "parse_mode", "raw")
    if mode == "fenced":
        languages = tuple(getattr(fmt, "languages", ()) or ())
        return f"```{languages[0] if languages else ''}\n{proof.strip()}\n```"
    if mode == "boxed":
        return f"The answer is \\boxed{{{proof.strip()}}}."
    return proof


def sft_examples(
    records: Iterable[TrainingPair | Mapping[str, Any]],
    fmt: PromptFormat,
    *,
    kinds: Sequence[str] = ("proof", "tactic"),
    exclude_problems: Iterable[str] = (),
) -> list[SftExample]:
    """Render ``records`` (pairs, or exported rows) as deduplicated (prompt, completion)
    pairs in ``fmt``."""
    excluded = set(exclude_problems)
    seen: set[tuple[str, str]] = set()
    examples = []
    for record in records:
        example = _example(record, fmt)
        if example is None or example.kind not in kinds or example.problem_id in excluded:
            continue
        key = (example.prompt, example.completion)
        if key not in seen:
            seen.add(key)
            examples.append(example)
    return examples


def _example(record: TrainingPair | Mapping[str, Any], fmt: PromptFormat) -> SftExample | None:
    if isinstance(record, TrainingPair):
        pair = record
    elif "prompt" in record and "completion" in record:
        kind = str(record.get("kind") or "proof")
        problem_id = str(record.get("problem_id") or record.get("id") or "")
        return SftExample(str(record["prompt"]), str(record["completion"]), problem_id, kind)
    else:
        pair = TrainingPair.from_dict(record)
    if not pair.proof.strip():
        return None
    problem = Problem(
        id=pair.problem_id or "record",
        domain=pair.domain,
        statement=pair.statement,
        header=pair.header,
    )
    if pair.kind == "tactic":
        prompt = fmt.render(problem=problem, state=pair.state)
    else:
        prompt = fmt.render(problem=problem)
    completion = completion_for(fmt, pair.proof)
    if (fmt.parse(completion) or "").strip() != pair.proof.strip():
        return None  # the format would not read this proof back: training on it would mislead
    return SftExample(prompt, completion, pair.problem_id, pair.kind)


def read_proof_records(path: str | Path) -> list[TrainingPair] | list[dict[str, Any]]:
    """Verified proof records from a JSONL file or an HF dataset dir (rows, which may carry
    their own ``prompt``/``completion``), or a run database (``.db``: pairs)."""
    source = Path(path)
    if source.is_dir():
        return _read_hf_dir(source)
    if not source.is_file():
        raise InputError(
            f"no such file: {source}",
            hint="Pass an exported JSONL file, a run .db or a dataset dir.",
        )
    if source.suffix in (".db", ".sqlite", ".sqlite3"):
        return _read_store(source)
    hint = "Each line must be one JSON object (as written by `proofsmith export`)."
    return read_json_lines(source, hint=hint)


def _read_store(path: Path) -> list[TrainingPair]:
    from proofsmith.datasets.store import Store

    with Store(path) as store:
        return [TrainingPair.of(r) for r in store.distinct_proofs()]


def _read_hf_dir(path: Path) -> list[dict[str, Any]]:
    try:
        from datasets import load_from_disk
    except ImportError as exc:  # pragma: no cover - datasets is a models extra
        raise InputError(
            "reading a dataset directory needs the `datasets` package",
            hint="pip install 'proofsmith[models]'",
        ) from exc
    try:
        data = load_from_disk(str(path))
    except (FileNotFoundError, ValueError) as exc:
        raise InputError(f"{path} is not a saved Hugging Face dataset: {exc}") from exc
    if hasattr(data, "keys") and not hasattr(data, "column_names"):  # a DatasetDict
        data = data[next(iter(data.keys()))]
    return [dict(row) for row in data]
