"""Many answer checks in parallel worker processes, results in input order.

:func:`check_many` takes (gold, prediction) pairs; :func:`check_records` takes JSONL
lines and yields each input record with ``verdict``, ``reason`` and ``seconds`` added. A
line that is not JSON or lacks the keys becomes an ``unknown`` record with the reason;
the run goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from proofsmith.checkers.answer.checker import (
    DEFAULT_TIMEOUT_S,
    MEMORY_MB,
    PRELOAD,
    _judge_item,
    unknown_result,
    verdict_from,
)
from proofsmith.checkers.limits import LimitedPool, Limits, default_jobs
from proofsmith.checkers.verdict import Verdict
from proofsmith.errors import CheckerError, CheckerTimeout

__all__ = ["check_many", "check_records", "summarize"]


def _results(
    items: Iterable[tuple[str, str, float] | dict[str, Any]], jobs: int, timeout_s: float
) -> Iterator[dict[str, Any]]:
    """Judge (gold, pred, rel_tol) items on a pool; a ready dict passes through in order."""
    with LimitedPool(
        _passthrough_or_judge,
        jobs=jobs,
        limits=Limits(timeout_s=timeout_s, memory_mb=MEMORY_MB),
        preload=PRELOAD,
    ) as pool:
        for result in pool.map(items, timeout_s):
            if isinstance(result, CheckerTimeout):
                yield unknown_result(f"timed out after {timeout_s:g} s", timeout=True)
            elif isinstance(result, CheckerError):
                yield unknown_result(f"checker failed: {result.message.splitlines()[0]}")
            else:
                yield result


def _passthrough_or_judge(item: tuple[str, str, float] | dict[str, Any]) -> dict[str, Any]:
    return item if isinstance(item, dict) else _judge_item(item)


def check_many(
    pairs: Iterable[tuple[str, str]],
    *,
    jobs: int | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    rel_tol: float = 1e-6,
) -> Iterator[Verdict]:
    """Check (gold, prediction) pairs on ``jobs`` workers; yield verdicts in input order."""
    items = ((str(gold), str(pred), rel_tol) for gold, pred in pairs)
    for result in _results(items, jobs or default_jobs(), timeout_s):
        yield verdict_from(result)


def _item(line: str, gold_key: str, pred_key: str, rel_tol: float):
    """(record, work item) for one JSONL line; the work item is a ready result if bad."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"line": line.rstrip("\n")}, unknown_result(f"line is not JSON: {exc.msg}")
    if not isinstance(record, dict):
        return {"line": record}, unknown_result("line is not a JSON object")
    missing = [k for k in (gold_key, pred_key) if record.get(k) is None]
    if missing:
        return record, unknown_result(f"record lacks {' and '.join(missing)}")
    return record, (str(record[gold_key]), str(record[pred_key]), rel_tol)


def check_records(
    lines: Iterable[str],
    *,
    gold_key: str = "gold",
    pred_key: str = "pred",
    jobs: int | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    rel_tol: float = 1e-6,
) -> Iterator[dict[str, Any]]:
    """Yield each JSONL record plus ``verdict``, ``reason``, ``seconds``, in input order."""
    records: list[dict[str, Any]] = []  # records whose results are still in flight

    def items():
        for line in lines:
            if not line.strip():
                continue
            record, item = _item(line, gold_key, pred_key, rel_tol)
            records.append(record)
            yield item

    for result in _results(items(), jobs or default_jobs(), timeout_s):
        record = records.pop(0)
        yield {
            **record,
            "verdict": result["verdict"],
            "reason": result.get("reason", ""),
            "seconds": round(result.get("seconds", 0.0), 6),
        }


def summarize(labels: Iterable[str]) -> dict[str, int]:
    """Counts of equal / not_equal / unknown."""
    counts = {"equal": 0, "not_equal": 0, "unknown": 0}
    for name in labels:
        counts[name] += 1
    return counts
