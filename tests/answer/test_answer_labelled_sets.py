"""The labelled sets of issue 14: other graders' conventions and the false-"equal" attacks.

Every pair is judged in-process. The adversarial file holds one class of false "equal"
per ``class`` field (negations, hedges, boxes, names, rounding, units, precedence, and/or,
words, matrices, separators, huge numbers, chains, base-n, no answer): none may be
``equal``. The conventions file cites its ``source`` and ``convention`` per pair.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from proofsmith.checkers.answer import judge

DATA = Path(__file__).resolve().parents[1] / "data"


def _load(name: str) -> list[dict]:
    return [json.loads(x) for x in (DATA / name).read_text().splitlines() if x.strip()]


ADVERSARIAL = _load("answer_pairs_adversarial.jsonl")
CONVENTIONS = _load("answer_pairs_conventions.jsonl")
UNDECIDED = {  # not equal, but the checker may fairly stop at unknown
    ("(2, 3)", "y = 2, x = 3"),  # names out of order against an unnamed pair
    ("(2, 3)", "(y, x) = (2, 3)"),  # the same, written as a tuple assignment
    ("2", r"km\frac{1}{2}\begin{pmatrix}]\\/\boxed{"),  # garbage LaTeX, found by fuzzing
    ("1", r"\frac{\sin x}{\sin x}"),  # undefined only where sin x = 0: no point drawn there
}


@pytest.mark.parametrize("pair", ADVERSARIAL, ids=lambda p: f"{p['class']}:{p['pred'][:30]}")
def test_attack_is_never_equal(pair):
    result = judge(pair["gold"], pair["pred"])
    allowed = (
        {"not_equal", "unknown"} if (pair["gold"], pair["pred"]) in UNDECIDED else {"not_equal"}
    )
    assert result["verdict"] in allowed, result


def test_adversarial_file_covers_every_class_of_the_issue():
    classes = {p["class"] for p in ADVERSARIAL}
    assert classes >= {
        "negation", "qualifier", "hedge", "boxes", "names", "rounding", "units",
        "precedence", "and-or", "words", "matrix", "separators", "huge", "no-answer",
    }  # fmt: skip
    assert all(p["label"] == "not_equal" for p in ADVERSARIAL)


@pytest.mark.parametrize("pair", CONVENTIONS, ids=lambda p: f"{p['convention']}:{p['pred'][:30]}")
def test_others_conventions(pair):
    assert pair["source"] and pair["convention"]
    result = judge(pair["gold"], pair["pred"])
    assert result["verdict"] == pair["label"], result


def test_conventions_file_has_both_labels_and_cites_several_graders():
    labels = {p["label"] for p in CONVENTIONS}
    assert labels == {"equal", "not_equal"}
    assert len({p["source"] for p in CONVENTIONS}) >= 5


@pytest.mark.parametrize(
    ("gold", "pred"),
    [
        ("5", "The answer is $5$, not $7$"),  # the negation is of another value
        ("5", r"Since x is not 3, the answer is \boxed{5}."),  # a negation in another clause
        ("0.05", r"\boxed{5}\%"),  # the sign right after the box belongs to it
        (r"5\text{ km}", r"\boxed{5}\text{ km}"),
        (r"(-\infty, 1) \cup (3, \infty)", r"x < 1 \text{ or } x > 3"),
        (r"\{1, 2\}", r"\{1, 2, 2\}"),
        (r"30^\circ", r"\frac{\pi}{6}"),
        ("0,25", "0.25"),  # a gold decimal comma with a leading zero
        ("6", r"The answer is $\boxed{6}$."),  # the phrase and the box are one commitment
        ("She sold 48 + 24 = 72 clips.\n#### 72", "72"),  # a GSM8K gold solution
        ("18", "So 9 * 2 = 18. Therefore she makes $18 a day. See problem 2."),  # conclusion
        (r"So the area is $\boxed{\frac{1}{2}}$.", "0.5"),  # a MATH gold solution
    ],
)
def test_equal_beside_the_attacks(gold, pred):
    result = judge(gold, pred)
    assert result["verdict"] == "equal", result
