"""Loaders: problems from JSONL files, folders of .lean/.smt2/.py files, Hugging Face ids.

:func:`load_problems` takes what a user types after ``proofsmith prove``: a bundled or
known dataset name (see :mod:`.registry`), a path, or a Hugging Face dataset id. Every
loader returns a list of :class:`~proofsmith.datasets.problem.Problem` with ``source`` set.

Hugging Face rows are mapped by their fields: ``domain``+``statement`` (our own format),
``formal_statement`` (+``header``: Lean, as in miniF2F ports), ``problem``/``question`` with
``answer`` or a ``solution`` ending in ``\\boxed{…}`` (MATH/GSM8K style answer sets).
``datasets`` (Hugging Face) is imported only when an HF id is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from proofsmith.datasets.jsonl import read_json_lines
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError
from proofsmith.text.answers import last_boxed
from proofsmith.text.lean_source import split_header

__all__ = [
    "hf_load_dataset",
    "load_folder",
    "load_hf",
    "load_jsonl",
    "load_problems",
    "problem_from_file",
    "problem_from_row",
]

FILE_DOMAINS = {".lean": "lean", ".smt2": "smt", ".py": "code"}
_SMT_STATUS = re.compile(r"\(set-info\s+:status\s+(sat|unsat|unknown)\s*\)")


def load_jsonl(path: str | Path, *, source: str | None = None) -> list[Problem]:
    """One problem record per line (``Problem.to_dict`` format); blank lines are skipped."""
    path = Path(path)
    records = read_json_lines(
        path, hint="Each line must be one JSON object with id, domain and statement."
    )
    problems = []
    for record in records:
        problem = Problem.from_dict(record)
        if problem.source is None:
            problem = _with_source(problem, source or path.stem)
        problems.append(problem)
    return problems


def _with_source(problem: Problem, source: str) -> Problem:
    data = problem.to_dict()
    data["source"] = source
    return Problem.from_dict(data)


def _split_lean(text: str) -> tuple[str, str]:
    """Leading header commands (the header) and the rest (the statement).

    One splitter for the whole package (:func:`proofsmith.text.lean_source.split_header`):
    a ``set_option … in`` line scopes the theorem after it, so it stays with the statement.
    """
    header, body, _ = split_header(text)
    return header.strip(), body.strip()


def problem_from_file(path: Path, *, root: Path | None = None, source: str = "") -> Problem:
    """A problem from one .lean / .smt2 / .py file (id = path below ``root``, no suffix)."""
    domain = FILE_DOMAINS.get(path.suffix)
    if domain is None:
        raise InputError(
            f"{path} is not a problem file",
            hint=f"Use files ending in {', '.join(FILE_DOMAINS)}.",
        )
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    ident = str(path.relative_to(root).with_suffix("")) if root else path.stem
    split = (
        path.relative_to(root).parts[0].lower()
        if root and len(path.relative_to(root).parts) > 1
        else None
    )
    header, statement, reference = "", text, None
    if domain == "lean":
        header, statement = _split_lean(text)
    elif domain == "smt":
        found = _SMT_STATUS.search(text)
        reference = found.group(1) if found and found.group(1) != "unknown" else None
    return Problem(
        id=ident,
        domain=domain,
        statement=statement,
        header=header,
        reference=reference,
        split=split,
        source=source or (root.name if root else path.parent.name),
        metadata={"path": str(path)},
    )


def load_folder(path: str | Path) -> list[Problem]:
    """Every .lean/.smt2/.py file below ``path`` (sorted; first sub-folder = split)."""
    root = Path(path)
    files = sorted(p for p in root.rglob("*") if p.suffix in FILE_DOMAINS and p.is_file())
    files = [p for p in files if ".lake" not in p.parts and "__pycache__" not in p.parts]
    if not files:
        raise InputError(
            f"no .lean, .smt2 or .py files below {root}",
            hint="Point at a folder of problem files, a .jsonl file or a dataset name.",
        )
    return [problem_from_file(p, root=root, source=root.name) for p in files]


def problem_from_row(
    row: Mapping[str, Any], index: int, *, source: str, split: str | None
) -> Problem:
    """Map one Hugging Face row to a problem (see the module docstring)."""
    ident = str(row.get("id") or row.get("name") or row.get("unique_id") or f"{source}-{index}")
    if "domain" in row and "statement" in row:
        return Problem.from_dict({"split": split, "source": source, **row, "id": ident})
    if row.get("formal_statement"):
        return Problem(
            id=ident,
            domain="lean",
            statement=str(row["formal_statement"]),
            header=str(row.get("header") or ""),
            split=str(row.get("split") or split or "") or None,
            source=source,
            metadata={k: v for k, v in row.items() if k in ("informal_prefix", "nl_statement")},
        )
    question = row.get("problem") or row.get("question")
    if question:
        answer = row.get("answer")
        if answer is None and row.get("solution"):
            answer = last_boxed(str(row["solution"]))
        if isinstance(answer, str) and "####" in answer:  # GSM8K: reasoning #### final
            answer = answer.rsplit("####", 1)[1].strip()
        return Problem(
            id=ident,
            domain="answer",
            statement=str(question),
            reference=None if answer is None else str(answer),
            split=split,
            source=source,
        )
    raise InputError(
        f"cannot tell what row {index} of {source} is: fields {sorted(row)}",
        hint="Rows need domain+statement, formal_statement, or problem/question with an answer.",
    )


def hf_load_dataset(name: str, *, split: str | None = None, config: str | None = None) -> Any:
    """``datasets.load_dataset(name, config, split=split)``; its failures as one InputError."""
    try:
        import datasets as hf_datasets
    except ImportError as exc:
        raise InputError(
            "loading a Hugging Face dataset needs the `datasets` package",
            hint="pip install 'proofsmith[models]'",
        ) from exc
    try:
        return hf_datasets.load_dataset(name, config, split=split)
    except Exception as exc:  # the one seam: hub, network, cache and format errors
        raise InputError(
            f"cannot load the Hugging Face dataset {name!r}: {type(exc).__name__}: {exc}",
            hint="Check the id, download it while online (HF_HUB_OFFLINE unset), "
            "or give a local .jsonl / folder path.",
        ) from exc


def load_hf(name: str, *, split: str | None = None, config: str | None = None) -> list[Problem]:
    """A Hugging Face dataset by id (must be cached locally when offline)."""
    loaded = hf_load_dataset(name, split=split, config=config)
    parts: Iterable[tuple[str | None, Any]]
    parts = loaded.items() if hasattr(loaded, "items") else [(split, loaded)]
    problems = []
    for part_split, rows in parts:
        for index, row in enumerate(rows):
            problems.append(problem_from_row(row, index, source=name, split=part_split))
    return problems


def load_problems(spec: str, *, split: str | None = None) -> list[Problem]:
    """Problems named by ``spec``: a bundled/known dataset, a path, or an HF id (owner/name).

    ``split`` keeps only problems of that split (when the problems have splits).
    """
    from proofsmith.datasets.registry import lookup

    entry = lookup(spec)
    path = Path(spec).expanduser()
    if entry is not None:
        problems = entry.load(split=split)
    elif path.is_dir():
        problems = load_folder(path)
    elif path.is_file() and path.suffix == ".jsonl":
        problems = load_jsonl(path)
    elif path.is_file():
        problems = [problem_from_file(path, source=path.parent.name)]
    elif path.suffix or spec.startswith((".", "/", "~")):
        raise InputError(
            f"no such file or folder: {spec}",
            hint="Give a dataset name (`proofsmith datasets list`), a .jsonl file or a folder.",
        )
    elif "/" not in spec:  # not a path, not ours, and Hugging Face ids are owner/name
        from proofsmith.datasets.registry import REGISTRY

        raise InputError(
            f"unknown dataset {spec!r}",
            hint=f"Known: {', '.join(REGISTRY)}; or a .jsonl file, a folder, "
            "or a Hugging Face id (owner/name).",
        )
    else:
        problems = load_hf(spec, split=split)
    if not problems:
        raise InputError(
            f"no problems in {spec}",
            hint="Each JSONL line is one JSON object with id, domain and statement.",
        )
    if split is not None:
        kept = [p for p in problems if p.split == split]
        if not kept:
            present = sorted({p.split or "(none)" for p in problems})
            raise InputError(
                f"no problems of split {split!r} in {spec}",
                hint=f"Splits present: {', '.join(present)}.",
            )
        problems = kept
    return problems
