"""The wire records of ``POST /v1/check``: parsing a request, shaping a result.

A request is ``{"items": [{"id", "problem": <Problem record>, "candidate"}], "timeout_s"}``;
a response is ``{"results": [{"id", "status", "messages", "seconds", "checked_text",
"details"}]}`` in item order. :func:`parse_request` turns untrusted JSON bytes into
:class:`CheckItem` values or raises :class:`RequestError` carrying the HTTP status and a
one-line reason that names the offending item. :func:`result_record` and
:func:`error_record` shape one result; nothing here runs a checker.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from proofsmith.checkers.verdict import Verdict
from proofsmith.datasets.problem import DOMAINS, Problem
from proofsmith.errors import InputError, ProofsmithError

__all__ = [
    "CheckItem",
    "RequestError",
    "error_record",
    "parse_items",
    "parse_request",
    "result_record",
]


class RequestError(Exception):
    """A request the server refuses: ``status`` is the HTTP code, ``reason`` one line."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = " ".join(reason.split())


@dataclass(frozen=True)
class CheckItem:
    """One thing to check: a problem and an (untrusted) candidate text."""

    id: str
    problem: Problem
    candidate: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "problem": self.problem.to_dict(), "candidate": self.candidate}


def _item(index: int, raw: Any) -> CheckItem:
    where = f"item {index}"
    if not isinstance(raw, Mapping):
        raise RequestError(422, f"{where}: not a JSON object")
    if raw.get("id") is not None:
        where = f"item {index} (id {str(raw['id'])[:80]!r})"
    problem = raw.get("problem")
    if not isinstance(problem, Mapping):
        raise RequestError(422, f"{where}: missing field 'problem' (a Problem record)")
    candidate = raw.get("candidate", "")
    if not isinstance(candidate, str):
        raise RequestError(422, f"{where}: field 'candidate' must be a string")
    domain = problem.get("domain")
    if domain not in DOMAINS:
        raise RequestError(422, f"{where}: unknown domain {domain!r} (known: {', '.join(DOMAINS)})")
    for key in ("id", "statement"):
        if problem.get(key) is None:
            raise RequestError(422, f"{where}: problem lacks field {key!r}")
    if not isinstance(problem.get("statement"), str):
        raise RequestError(422, f"{where}: problem field 'statement' must be a string")
    if problem.get("metadata") is not None and not isinstance(problem["metadata"], Mapping):
        raise RequestError(422, f"{where}: problem field 'metadata' must be an object")
    try:
        parsed = Problem.from_dict(problem)
    except (InputError, TypeError, ValueError) as exc:
        raise RequestError(422, f"{where}: {getattr(exc, 'message', exc)}") from None
    item_id = str(raw["id"]) if raw.get("id") is not None else parsed.id
    return CheckItem(id=item_id, problem=parsed, candidate=candidate)


def parse_items(raw_items: Any) -> list[CheckItem]:
    """Validate a JSON ``items`` list (RequestError names the first bad item)."""
    if not isinstance(raw_items, list):
        raise RequestError(422, "field 'items' must be a list of check items")
    return [_item(index, raw) for index, raw in enumerate(raw_items)]


def parse_request(body: bytes, *, max_items: int) -> tuple[list[CheckItem], float | None]:
    """The items and the per-item time limit of a ``/v1/check`` body."""
    try:
        data = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise RequestError(400, "malformed JSON: the body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise RequestError(
            400, f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise RequestError(400, "malformed JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise RequestError(400, "the body must be a JSON object with an 'items' list")
    if "items" not in data:
        raise RequestError(422, "missing field 'items'")
    if isinstance(data["items"], list) and len(data["items"]) > max_items:
        raise RequestError(
            413, f"{len(data['items'])} items; this server takes at most {max_items} a request"
        )
    timeout_s = data.get("timeout_s")
    if timeout_s is not None:
        if isinstance(timeout_s, bool) or not isinstance(timeout_s, int | float):
            raise RequestError(422, "field 'timeout_s' must be a number of seconds")
        if not math.isfinite(timeout_s) or timeout_s <= 0:
            raise RequestError(422, f"field 'timeout_s' must be positive, not {timeout_s}")
        timeout_s = float(timeout_s)
    return parse_items(data["items"]), timeout_s


def result_record(item_id: str, verdict: Verdict) -> dict[str, Any]:
    """The response record of one checked item."""
    return {"id": item_id, **verdict.to_dict()}


def error_record(item_id: str, exc: BaseException, seconds: float = 0.0) -> dict[str, Any]:
    """The response record of an item whose check could not run (status ``error``).

    A proofsmith error keeps its one-line message and hint, as the CLI prints them; any
    other exception is named by its type only (its text may hold internals).
    """
    if isinstance(exc, ProofsmithError):
        messages = [exc.message, *([exc.hint] if exc.hint else [])]
        details = {"error": type(exc).__name__, "exit_code": exc.exit_code}
    else:
        messages = [f"internal error: {type(exc).__name__}"]
        details = {"error": type(exc).__name__}
    return {
        "id": item_id,
        "status": "error",
        "messages": messages,
        "seconds": round(seconds, 6),
        "checked_text": "",
        "details": details,
    }
