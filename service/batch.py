"""Many SMT or code problems in one process: files or JSONL records in, one record each out.

``check smt`` and ``check code`` hand their arguments here when given more than one file
or a ``.jsonl`` file. Each file is one problem (its text the statement, ``--claim`` /
``--function`` applying to all); each JSONL line is a Problem record (its domain defaults
to the command's) with an optional ``candidate``. Items run concurrently on one
:class:`BatchRunner` (warm workers); records come back in input order, each the result
record plus ``file`` (and ``line`` for JSONL). An unreadable file or a bad JSONL line
becomes an ``error`` record and the run goes on.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from proofsmith.checkers.smt.script import decode_script
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError
from proofsmith.service.records import CheckItem, error_record
from proofsmith.service.runner import BatchRunner, RunnerOptions

__all__ = ["check_files", "read_items"]


def _jsonl(domain: str, path: Path, text: str) -> Iterator[tuple[dict, CheckItem | dict]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = {"file": str(path), "line": number}
        item_id = f"{path}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise InputError("the line is not a JSON object")
            item_id = str(record.get("id") or item_id)
            candidate = record.pop("candidate", "") or ""
            if not isinstance(candidate, str):
                raise InputError("'candidate' must be a string")
            record.setdefault("domain", domain)
            record.setdefault("id", item_id)
            problem = Problem.from_dict(record)
            if problem.domain != domain:
                raise InputError(f"a {problem.domain} problem given to `check {domain}`")
        except json.JSONDecodeError as exc:
            yield where, error_record(item_id, InputError(f"line is not JSON: {exc.msg}"))
        except InputError as exc:
            yield where, error_record(item_id, exc)
        else:
            yield where, CheckItem(id=problem.id, problem=problem, candidate=candidate)


def read_items(
    domain: str, paths: Iterable[Path], *, claim: str | None = None, function: str | None = None
) -> Iterator[tuple[dict, CheckItem | dict]]:
    """(where, item) per problem; the item is a ready error record when it cannot be read."""
    for path in paths:
        where = {"file": str(path)}
        try:
            data = path.read_bytes()
            if domain == "smt" and path.suffix != ".jsonl":
                text = decode_script(data)  # z3 skips non-UTF-8 bytes in comments; so do we
            else:
                text = data.decode("utf-8-sig")  # a leading byte-order mark skipped
        except (OSError, UnicodeDecodeError) as exc:
            why = "not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror
            yield where, error_record(str(path), InputError(f"cannot read {path}: {why}"))
            continue
        if path.suffix == ".jsonl":
            yield from _jsonl(domain, path, text)
            continue
        metadata = {"function": function} if function else {}
        problem = Problem(
            id=str(path), domain=domain, statement=text, reference=claim, metadata=metadata
        )
        yield where, CheckItem(id=str(path), problem=problem, candidate="")


def check_files(
    domain: str,
    paths: Iterable[Path],
    *,
    claim: str | None = None,
    function: str | None = None,
    options: RunnerOptions | None = None,
) -> Iterator[dict[str, Any]]:
    """One result record per problem, in input order, checked concurrently."""
    with BatchRunner(options) as runner:
        window: deque[tuple[dict, Future | dict]] = deque()
        for where, item in read_items(domain, paths, claim=claim, function=function):
            work = runner.submit(item) if isinstance(item, CheckItem) else item
            window.append((where, work))
            if len(window) >= runner.jobs * 4:
                yield _finish(*window.popleft())
        while window:
            yield _finish(*window.popleft())


def _finish(where: dict, work: Future | dict) -> dict[str, Any]:
    record = work.result() if isinstance(work, Future) else work
    return {**where, **record}
