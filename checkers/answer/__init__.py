"""The SymPy answer checker: is a model's final answer equal to the gold answer?

``check(gold, pred) -> Verdict`` (PROVED equal, REFUTED not equal, TIMEOUT/ERROR unknown;
``label(verdict)`` gives the word), ``check_many`` for batches, ``AnswerChecker`` for
domain routing. Modules: ``extract`` (final answer from a solution), ``lex`` (clean-up,
tokens), ``parse`` (grammar core) with ``cursor`` (state, guarded arithmetic),
``commands`` (LaTeX commands, functions, words) and ``structures`` (tuples, intervals,
sets, matrices) — text and LaTeX → SymPy without eval; ``numeric`` (size guards),
``compare`` (equivalence of structures), ``closed_form`` (is a number zero: exact
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
from proofsmith.checkers.answer.compare import Options, compare
from proofsmith.checkers.answer.extract import extract_answer
from proofsmith.checkers.answer.parse import ParseFailure, parse_answer

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
