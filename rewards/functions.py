"""Reward functions with the signatures RL trainers call, checked by proofsmith.

TRL's ``GRPOTrainer`` calls each of ``reward_funcs`` as ``f(prompts=…, completions=…,
completion_ids=…, **columns)`` where every other dataset column arrives as a list aligned
with ``completions``; a completion is a string or a chat message list
(``[{"role": "assistant", "content": …}]``). verl's reward manager calls
``compute_score(data_source=…, solution_str=…, ground_truth=…, extra_info=…)`` once per
response. Both get a float in [0, 1]: 1.0 when the checker's verdict is ``proved`` (for
answers: equal to the gold), 0.0 for anything else, undecided included.

Checks run on the process-wide warm runner (no start-up cost after the first call) or,
with ``url=`` (or PROOFSMITH_CHECK_URL), on a running ``proofsmith serve-checkers``.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError
from proofsmith.service.client import CheckClient
from proofsmith.service.records import CheckItem
from proofsmith.service.runner import shared_runner

__all__ = [
    "URL_ENV",
    "answer_reward",
    "close_clients",
    "code_reward",
    "completion_text",
    "compute_score",
    "lean_reward",
    "make_reward",
    "smt_reward",
]

URL_ENV = "PROOFSMITH_CHECK_URL"
# keyword arguments the trainers pass that are not dataset columns
_TRAINER_KEYS = {
    "prompts",
    "completions",
    "completion_ids",
    "trainer_state",
    "log_extra",
    "log_metric",
}
_clients: dict[tuple[str, str | None], CheckClient] = {}  # one warm client per server
_clients_lock = threading.Lock()


def close_clients() -> None:
    """Close the clients kept for ``url=`` checks (their keep-alive connections); done at
    exit too, so no connection is left for the interpreter's teardown to find open."""
    with _clients_lock:
        clients = list(_clients.values())
        _clients.clear()
    for client in clients:
        client.close()


atexit.register(close_clients)


def completion_text(completion: Any) -> str:
    """The text of a completion: a string, or the last assistant message of a chat."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, Mapping):
        return _content(completion.get("content"))
    if isinstance(completion, Sequence):
        for message in reversed(completion):
            if isinstance(message, Mapping) and message.get("role", "assistant") == "assistant":
                return _content(message.get("content"))
        return ""
    raise InputError(
        f"a completion must be a string or a message list, not {type(completion).__name__}"
    )


def _content(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence):  # multimodal parts: keep the text ones
        return "".join(p.get("text", "") for p in content if isinstance(p, Mapping))
    return str(content)


def _check(
    items: list[CheckItem], *, url: str | None, token: str | None, timeout_s: float | None
) -> list[dict[str, Any]]:
    url = url or os.environ.get(URL_ENV) or None
    if url is None:
        return shared_runner().run(items, timeout_s) or []
    with _clients_lock:
        client = _clients.get((url, token))
        if client is None:
            client = _clients[(url, token)] = CheckClient(url, token=token)
    return client.check(items, timeout_s=timeout_s)


def _scores(records: list[dict[str, Any]]) -> list[float]:
    return [1.0 if r["status"] == "proved" else 0.0 for r in records]


def _row(columns: Mapping[str, Any], index: int, count: int) -> dict[str, Any]:
    """Row ``index`` of the dataset columns (lists aligned with the completions)."""
    row = {}
    for key, value in columns.items():
        if key in _TRAINER_KEYS:
            continue
        if isinstance(value, list | tuple) and len(value) == count:
            row[key] = value[index]
    return row


def problem_from_row(domain: str, row: Mapping[str, Any], index: int = 0) -> Problem:
    """The Problem of one dataset row: a ``problem`` record column, or loose columns."""
    record = row.get("problem")
    if isinstance(record, str) and record.lstrip().startswith("{"):
        record = json.loads(record)
    if isinstance(record, Mapping):
        return Problem.from_dict({"domain": domain, "id": f"row-{index}", **record})
    if row.get("statement") is None:
        raise InputError(
            f"a {domain} reward needs the problem: a 'problem' column (a Problem record) or "
            f"a 'statement' column; this row has {', '.join(sorted(row)) or 'no columns'}"
        )
    metadata = {"function": row["function"]} if row.get("function") else {}
    reference = row.get("reference")
    return Problem(
        id=str(row.get("id") or row.get("problem_id") or f"row-{index}"),
        domain=domain,
        statement=str(row["statement"]),
        header=str(row.get("header") or ""),
        reference=None if reference is None else str(reference),
        metadata=metadata,
    )


def _problem_reward(
    domain: str, completions: Sequence[Any], columns: Mapping[str, Any], **options: Any
) -> list[float]:
    count = len(completions)
    items = [
        CheckItem(
            id=str(i),
            problem=problem_from_row(domain, _row(columns, i, count), i),
            candidate=completion_text(c),
        )
        for i, c in enumerate(completions)
    ]
    return _scores(_check(items, **options))


def _answer(completions: Sequence[Any], solution: Sequence[Any], **options: Any) -> list[float]:
    if len(solution) != len(completions):
        raise InputError(f"{len(completions)} completions but {len(solution)} solutions")
    items = [
        CheckItem(
            id=str(i),
            problem=Problem(id=f"row-{i}", domain="answer", statement="", reference=str(gold)),
            candidate=completion_text(c),
        )
        for i, (c, gold) in enumerate(zip(completions, solution, strict=True))
    ]
    return _scores(_check(items, **options))


def make_reward(
    domain: str = "answer",
    *,
    url: str | None = None,
    token: str | None = None,
    timeout_s: float | None = None,
) -> Callable[..., list[float]]:
    """A TRL reward function for ``domain``, bound to a server URL, token and time limit."""
    options = {"url": url, "token": token, "timeout_s": timeout_s}
    if domain == "answer":

        def reward(
            completions: Sequence[Any], solution: Sequence[Any], **kwargs: Any
        ) -> list[float]:
            return _answer(completions, solution, **options)

    else:

        def reward(completions: Sequence[Any], **kwargs: Any) -> list[float]:
            return _problem_reward(domain, completions, kwargs, **options)

    reward.__name__ = reward.__qualname__ = f"{domain}_reward"
    reward.__doc__ = f"1.0 where the {domain} checker proves the completion, else 0.0."
    return reward


def answer_reward(
    completions: Sequence[Any], solution: Sequence[Any], **kwargs: Any
) -> list[float]:
    """1.0 where a completion's answer equals the ``solution`` column's gold, else 0.0."""
    return _answer(completions, solution, url=None, token=None, timeout_s=None)


def lean_reward(completions: Sequence[Any], **kwargs: Any) -> list[float]:
    """1.0 where a completion is a checked Lean proof of the row's statement, else 0.0."""
    return _problem_reward("lean", completions, kwargs, url=None, token=None, timeout_s=None)


def smt_reward(completions: Sequence[Any], **kwargs: Any) -> list[float]:
    """1.0 where a completion (lemmas or a model) settles the row's SMT problem, else 0.0."""
    return _problem_reward("smt", completions, kwargs, url=None, token=None, timeout_s=None)


def code_reward(completions: Sequence[Any], **kwargs: Any) -> list[float]:
    """1.0 where a completion's invariants make the row's function verify, else 0.0."""
    return _problem_reward("code", completions, kwargs, url=None, token=None, timeout_s=None)


def compute_score(
    data_source: str,
    solution_str: str,
    ground_truth: Any,
    extra_info: Mapping[str, Any] | None = None,
    *,
    url: str | None = None,
    token: str | None = None,
    timeout_s: float | None = None,
    **kwargs: Any,
) -> float:
    """verl's custom reward: the score of one response.

    ``ground_truth`` is the gold answer (domain ``answer``), or a Problem record (a dict
    or its JSON); ``extra_info["domain"]`` with loose columns in ``extra_info`` works too.
    ``url``/``token``/``timeout_s`` come from verl's ``reward_kwargs`` when configured.
    """
    extra = dict(extra_info or {})
    if isinstance(ground_truth, str) and ground_truth.lstrip().startswith("{"):
        try:
            ground_truth = json.loads(ground_truth)
        except json.JSONDecodeError:
            pass
    if isinstance(ground_truth, Mapping):
        problem = problem_from_row(
            str(ground_truth.get("domain", "answer")), {"problem": ground_truth}
        )
    elif extra.get("domain", "answer") != "answer":
        problem = problem_from_row(str(extra["domain"]), {"reference": ground_truth, **extra})
    else:
        problem = Problem(
            id=str(data_source or "row-0"),
            domain="answer",
            statement="",
            reference=str(ground_truth),
        )
    item = CheckItem(id="0", problem=problem, candidate=completion_text(solution_str))
    (record,) = _check([item], url=url, token=token, timeout_s=timeout_s)
    return 1.0 if record["status"] == "proved" else 0.0
