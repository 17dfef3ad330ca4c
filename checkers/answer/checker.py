"""The answer checker: gold vs prediction → Verdict, under a hard time limit.

:func:`judge` is the pure comparison (extract, parse, compare) and runs anywhere;
:func:`check` runs it in a worker process of a shared :class:`LimitedPool`, so a runaway
SymPy call is killed at the deadline from any thread. :class:`AnswerChecker` is the
Checker-protocol face used by domain routing (``problem.reference`` is the gold).
"""

from __future__ import annotations

import dataclasses
import re
import threading
import time
from typing import Any

from proofsmith.checkers.answer.nodes import Seq, Text
from proofsmith.checkers.limits import LimitedPool, Limits, default_jobs
from proofsmith.checkers.verdict import Status, Verdict
from proofsmith.datasets.problem import Problem
from proofsmith.errors import CheckerError, CheckerTimeout, InputError

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "LABELS",
    "AnswerChecker",
    "check",
    "judge",
    "label",
    "verdict_from",
]

DEFAULT_TIMEOUT_S = 5.0  # wall-clock seconds per answer check
MEMORY_MB = 1024  # address-space cap of each checking worker
LABELS = {"equal": Status.PROVED, "not_equal": Status.REFUTED, "unknown": Status.ERROR}
PRELOAD = ("sympy", "proofsmith.checkers.answer.checker")
_WORDY = re.compile(r"[^\W\d_]{3,}")  # a word: the "bare answer" was really a sentence


def judge(gold: str, pred: str, *, rel_tol: float = 0.0) -> dict[str, Any]:
    """Compare in this process, with no time limit: a dict with verdict, reason and forms.

    SymPy is imported here, on the first judgement, never by merely importing the checker.
    """
    from proofsmith.checkers.answer.extract import extract
    from proofsmith.checkers.answer.parse import parse_answer

    start = time.perf_counter()
    out: dict[str, Any] = {"verdict": "unknown", "reason": "", "extracted": ""}
    try:
        if any(mark in gold for mark in ("\\boxed", "\\fbox", "####")):
            gold = extract(gold).answer or gold  # a gold solution (MATH box, GSM8K ####)
        gold_answer = parse_answer(gold, commas="gold")
        out["gold"] = gold_answer.source
        plain_number = bool(getattr(gold_answer.node, "is_Number", False))
        found = extract(pred, number_fallback=plain_number)
        out["extracted"], out["extraction"] = found.answer, found.how
        hedge = found.hedge(gold)
        if not found.answer.strip():
            out["verdict"], out["reason"] = "not_equal", "no answer found"
        elif hedge is not None:
            out["verdict"] = "not_equal"
            out["reason"] = (
                hedge if found.flag else f"the answer is negated, bounded or hedged ({hedge!r})"
            )
        else:
            same, reason = _compare_all(gold_answer, pred, found, plain_number, rel_tol, out)
            out["verdict"] = {True: "equal", False: "not_equal", None: "unknown"}[same]
            out["reason"] = reason
    except InputError as exc:
        side = "prediction" if "gold" in out else "gold"
        out["reason"] = f"cannot parse the {side}: {exc.message}"
    except (RecursionError, OverflowError, MemoryError) as exc:
        out["reason"] = f"comparison gave up: {type(exc).__name__}"
    except (TypeError, ValueError, ArithmeticError, AttributeError) as exc:  # SymPy internals
        out["reason"] = f"comparison failed inside SymPy: {type(exc).__name__}: {exc}"
    out["seconds"] = time.perf_counter() - start
    return out


def _compare_all(gold_answer, pred: str, found, plain_number: bool, rel_tol: float, out: dict):
    """The committed answer against the gold; earlier differing commitments must agree too."""
    from proofsmith.checkers.answer.compare import Options, compare
    from proofsmith.checkers.answer.cursor import Malformed
    from proofsmith.checkers.answer.parse import parse_answer

    commas = "list" if isinstance(gold_answer.node, Seq) else "auto"
    if gold_answer.decimals and "," not in gold_answer.source:
        commas = "decimal"
    extracted, how = found.answer, found.how
    clock = isinstance(gold_answer.node, Text) and gold_answer.node.text.startswith("time ")
    try:
        pred_answer = parse_answer(extracted, commas=commas, clock=clock)
    except Malformed as exc:
        return False, f"the prediction is malformed: {exc.message}"
    except InputError as exc:
        if how == "whole" and _WORDY.search(extracted):  # prose, and nothing committed to
            return False, f"no answer found ({exc.message})"
        if _WORDY.search(extracted) and not re.search(r"[\d\\^=<>+*/()\[\]{}|]", extracted):
            return False, "no answer found"  # prose without a number or any mathematics
        prose = _WORDY.search(re.sub(r"\\[A-Za-z]+", " ", extracted))
        if how not in ("bare", "phrase", "sentence") or not prose:
            raise
        last_number = how in ("bare", "sentence") and plain_number
        pred_answer, extracted, how = _reread(
            pred, extracted, commas, last_number, gold_answer.source
        )
        out["extracted"], out["extraction"] = extracted, how
        if pred_answer is None:  # "double(5)": the number is no committed answer
            return False, how
    out["pred"] = pred_answer.source
    if found.approximate and not pred_answer.approx:  # "about 5": an approximation
        pred_answer = dataclasses.replace(pred_answer, approx=True)
    options = Options(rel_tol=rel_tol)
    same, reason = compare(gold_answer, pred_answer, options)
    for other in found.others:
        if same is False:
            break
        try:
            again, why = compare(gold_answer, parse_answer(other, commas=commas), options)
        except InputError:
            again, why = False, f"an earlier committed answer {other!r} does not parse"
        if again is not True:
            same = False if again is False or same else None
            reason = f"several different committed answers; {other!r}: {why}"
    return same, reason


def _reread(
    pred: str, sentence: str, commas: str, last_number: bool, gold: str
) -> tuple[Any, str, str]:
    """After a sentence failed to parse: its tail, then (if allowed) the last number.

    (None, text, reason) when the last number is no committed answer.

    The last number must itself be committed (no hedge around it) and no argument of a
    word the parser did not know (``double(5)``, ``\\operatorname{foo}(5)``).
    """
    from proofsmith.checkers.answer.extract import extract, sentence_tail
    from proofsmith.checkers.answer.parse import parse_answer

    tail = sentence_tail(sentence)
    if tail is not None and tail != sentence:
        try:
            return parse_answer(tail, commas=commas), tail, "sentence"
        except InputError:
            pass
    if not last_number:
        return parse_answer(sentence, commas=commas), sentence, "whole"  # raises again
    found = extract(pred, number_fallback=True, allow_bare=False)
    hedge = found.hedge(gold)
    if hedge is not None or re.search(r"[A-Za-z}]\s*\($", found.before.rstrip()):
        return None, found.answer, f"the last number is not committed ({hedge or 'an argument'})"
    return parse_answer(found.answer, commas=commas), found.answer, found.how


def _judge_item(item: tuple[str, str, float]) -> dict[str, Any]:
    gold, pred, rel_tol = item
    return judge(gold, pred, rel_tol=rel_tol)


def verdict_from(result: dict[str, Any], seconds: float | None = None) -> Verdict:
    """Turn a :func:`judge` dict into a Verdict (status, label in details["verdict"])."""
    details = {k: v for k, v in result.items() if k != "seconds"}
    status = LABELS[result["verdict"]]
    if result.get("timeout"):
        status = Status.TIMEOUT
    return Verdict(
        status=status,
        messages=(result["reason"],) if result.get("reason") else (),
        seconds=result.get("seconds", 0.0) if seconds is None else seconds,
        checked_text=result.get("extracted", ""),
        details=details,
    )


def unknown_result(reason: str, *, timeout: bool = False) -> dict[str, Any]:
    """The judge-shaped dict for a check that never ran to the end."""
    return {"verdict": "unknown", "reason": reason, "extracted": "", "timeout": timeout}


def label(verdict: Verdict) -> str:
    """``"equal"``, ``"not_equal"`` or ``"unknown"`` for an answer verdict."""
    if verdict.status is Status.PROVED:
        return "equal"
    if verdict.status is Status.REFUTED:
        return "not_equal"
    return "unknown"


_pool: LimitedPool | None = None
_pool_lock = threading.Lock()


def _shared_pool() -> LimitedPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = LimitedPool(
                _judge_item,
                jobs=default_jobs(),
                limits=Limits(timeout_s=DEFAULT_TIMEOUT_S, memory_mb=MEMORY_MB),
                preload=PRELOAD,
            )
        return _pool


def run_limited(pool: LimitedPool, gold: str, pred: str, timeout_s: float, rel_tol: float) -> dict:
    """Run one judge call in ``pool``; a timeout or crash becomes an unknown result."""
    try:
        return pool.run((gold, pred, rel_tol), timeout_s)
    except CheckerTimeout:
        return unknown_result(f"timed out after {timeout_s:g} s", timeout=True)
    except CheckerError as exc:
        return unknown_result(f"checker failed: {exc.message.splitlines()[0]}")


def check(
    gold: str, pred: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, rel_tol: float = 0.0
) -> Verdict:
    """Is ``pred`` (a bare answer or a whole solution) equal to ``gold``?

    PROVED = equal, REFUTED = not equal, TIMEOUT/ERROR = unknown; ``label(verdict)`` gives
    the word. Runs in a worker process killed after ``timeout_s`` seconds.
    """
    start = time.perf_counter()
    result = run_limited(_shared_pool(), gold, pred, timeout_s, rel_tol)
    return verdict_from(result, seconds=time.perf_counter() - start)


class AnswerChecker:
    """Checker protocol for domain ``answer``: the candidate is compared to problem.reference."""

    domain = "answer"

    def __init__(self, *, timeout_s: float = DEFAULT_TIMEOUT_S, rel_tol: float = 0.0) -> None:
        self.timeout_s = timeout_s
        self.rel_tol = rel_tol

    def check(self, problem: Problem, candidate: str, *, timeout_s: float | None = None) -> Verdict:
        if problem.reference is None:
            raise InputError(
                f"problem {problem.id!r} has no reference answer",
                hint="Answer problems need the gold answer in `reference`.",
                problem_id=problem.id,
            )
        limit = self.timeout_s if timeout_s is None else timeout_s
        return check(problem.reference, candidate, timeout_s=limit, rel_tol=self.rel_tol)
