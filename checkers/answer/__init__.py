"""The SymPy answer checker: is a model's final answer equal to the gold answer?

Conventions and their sources: ``POLICY.md`` beside this file. Boxes, answer markers and
``<think>`` are found by :mod:`proofsmith.text.answers`; SymPy is imported only when a
judgement runs (``compare``/``parse`` are loaded lazily from this package).

``check(gold, pred) -> Verdict`` (PROVED equal, REFUTED not equal, TIMEOUT/ERROR unknown;
``label(verdict)`` gives the word), ``check_many`` for batches, ``AnswerChecker`` for
domain routing. Modules: ``extract`` (final answer from a solution), ``lex`` (clean-up,
tokens), ``parse`` (grammar core) with ``cursor`` (state, guarded arithmetic),
``commands`` (LaTeX commands, functions, words) and ``structures`` (tuples, intervals,
sets, matrices) — text and LaTeX → SymPy without eval; ``numeric`` (size guards),
``shapes`` (normal forms: intervals, chains, named values), ``compare`` (equivalence), ``closed_form`` (is a number zero: exact
proofs), ``identity`` (same function: randomized identity tests), ``checker`` (limits, verdicts), ``batch``
(parallel, ordered).
"""

from proofsmith.checkers.answer.batch import check_many, check_records, summarize
from proofsmith.checkers.answer.checker import (
    DEFAULT_TIMEOUT_S,
    AnswerChecker,
    check,
    judge,
    label,
)

_LAZY = {  # these import SymPy: loaded on first use, so a CLI that never judges stays light
    "Options": "compare",
    "compare": "compare",
    "extract_answer": "extract",
    "ParseFailure": "parse",
    "parse_answer": "parse",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f"proofsmith.checkers.answer.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_TIMEOUT_S",
    "AnswerChecker",
    "Options",
    "ParseFailure",
    "check",
    "check_many",
    "check_records",
    "compare",
    "extract_answer",
    "judge",
    "label",
    "parse_answer",
    "summarize",
]
