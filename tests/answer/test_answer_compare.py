"""Parsing and comparison, in-process (no worker): the three-way verdict of judge()."""

from __future__ import annotations

import json

import pytest
import sympy as sp

from proofsmith.checkers.answer import ParseFailure, judge, parse_answer
from proofsmith.checkers.answer.nodes import Ival, Mat, Seq, Text

EQUAL = [
    ("5", "5.0"),
    ("5", "x = 5"),
    (r"\frac{1}{2}", "0.5"),
    (r"\frac12", r"\dfrac{1}{2}"),
    (r"\frac{1}{2}", "1/2"),
    ("1000000", "1,000,000"),
    ("1000000", r"1{,}000{,}000"),
    ("3.5", "3,5"),
    (r"2\sqrt{2}", r"\sqrt8"),
    (r"\frac{\sqrt{2}}{2}", r"\frac{1}{\sqrt2}"),
    (r"\pi", "3.1416"),
    (r"\frac13", "0.333"),
    ("1500", r"1.5 \times 10^{3}"),
    ("0.0015", "1.5e-3"),
    ("e^2", r"\exp(2)"),
    (r"50\%", "0.5"),
    (r"50\%", "50"),
    # kept equal by the third review's fixes (percent scope, currency, domains, names, strikes)
    ("50.5", r"50 + 50\%"),
    ("(0.2, 0.3)", r"(20\%, 30\%)"),
    (r"\$5", r"5 \text{ dollars}"),
    (r"\$5", "5"),
    (r"\frac{\sqrt{x}}{x}", r"\frac{1}{\sqrt{x}}"),
    ("x = 2, y = 3", "(x, y) = (2, 3)"),
    ("y = 2x + 1", "2x - y + 1 = 0"),
    ("5", "The answer is ~~7~~ 5"),
    ("5", r"We get~$5$."),
    (r"\frac13", r"3.33 \cdot 10^{-1}"),
    ("0.5", r"50\%"),
    ("(1,2)", r"\left( 1, 2 \right)"),
    (r"\{1,2\}", "2, 1"),
    ("2, 3", "x=3 or x=2"),
    (r"\pm 2", r"x = \pm 2"),
    (r"1 \pm \sqrt{2}", r"1-\sqrt2, 1+\sqrt2"),
    (r"(3, \infty)", "x > 3"),
    (r"[2, 5)", r"2 \le x < 5"),
    (r"(-\infty, 1) \cup (2, \infty)", "x < 1 or x > 2"),
    (r"x^2 + 2x + 1", "(x+1)^2"),
    ("y = 2x + 1", "2x - y + 1 = 0"),
    (r"\begin{pmatrix}1 & 2\\3 & 4\end{pmatrix}", r"\begin{bmatrix}1&2\\3&4\end{bmatrix}"),
    ("10", r"10 \text{ cm}"),
    ("12", "12 apples"),
    (r"90^\circ", "90"),
    (r"\text{Monday}", "monday"),
    ("C", r"\text{(C)}"),
    (r"\sin^2 x + \cos^2 x", "1"),
    ("5", "The final answer is $5$."),
    (r"\begin{pmatrix}1 & 2\\3 & 4\end{pmatrix}", "[[1,2],[3,4]]"),
    (r"\begin{pmatrix}1 & 2\\3 & 4\end{pmatrix}", "Matrix([[1, 2], [3, 4]])"),
    (r"\begin{pmatrix}1\\2\\3\end{pmatrix}", "Matrix([1, 2, 3])"),
    ("[[1/2, 0], [0, 1]]", r"\begin{bmatrix}0.5 & 0\\0 & 1\end{bmatrix}"),
    ("[[1, 2, 3]]", r"\begin{pmatrix}1 & 2 & 3\end{pmatrix}"),
    ("5", "So the answer is 5 apples."),
    ("5", "There are 5 apples."),
    (r"\frac34", "The probability is 3/4."),
    ("(1,2)", "The point is (1,2)."),
    ("5", "The value of x is 5."),
    (r"\{1, 2\}", "The solutions are x = 1 or x = 2."),
    ("[[1,2],[3,4]]", "The matrix is [[1,2],[3,4]]."),
]
NOT_EQUAL = [
    ("5", "6"),
    (r"\frac{1}{3}", "0.33"),
    (r"\frac{1}{3}", "0.3334"),
    ("(1,2)", "[1,2]"),
    ("(1,2)", r"\{1,2\}"),
    (r"\{1,2\}", r"\{1,2,3\}"),
    ("(1,2)", "(2,1)"),
    ("50", r"50\%"),
    ("6", "The answer is 5 not 6"),
    ("[[1,2],[3,4]]", "[[1,2],[3]]"),  # a ragged matrix is a malformed prediction
    (r"\sqrt{5}", "I computed 3 then 12 over the course of a long argument without an answer"),
    (r"[2, 5)", r"[2, 5]"),
    (r"x^2 + 2x + 1", "(x+1)^3"),
    (r"\begin{pmatrix}1 & 2\end{pmatrix}", r"\begin{pmatrix}1\\2\end{pmatrix}"),
    ("2, 3", "2"),
    ("2", "2, 3"),
    (r"\sqrt{2}", "1.42"),
    (r"\infty", "1000"),
    ("x = 5", "y = 5"),
    (r"\text{Monday}", "Tuesday"),
    (r"10^{10^{10}}", "5"),
    (r"\begin{pmatrix}1 & 2\\3 & 4\end{pmatrix}", "[[1,3],[2,4]]"),
    (r"\begin{pmatrix}1 & 2 & 3\end{pmatrix}", "Matrix([1, 2, 3])"),  # a column, not a row
    ("[[1, 2, 3]]", "[[1], [2], [3]]"),
    ("[[1,2],[3,4]]", "[1, 2, 3, 4]"),
    ("[[1,2],[3,4]]", "(1, 2, 3, 4)"),
    ("4", "The probability is 3/4."),  # the last number is never half of a fraction
]
UNKNOWN = [
    (r"\frac{1}{2}", r"\frac{1}{"),
    ("5", "100!!!"),
    (r"9^{9^{9^9}}", r"9^{9^{9^9}} + 1"),
    ("", "5"),
    ("[[1,2],[3,4]]", "Matrix([[1,2],[3,4]]).det()"),
]


@pytest.mark.parametrize(("gold", "pred"), EQUAL)
def test_equal(gold, pred):
    result = judge(gold, pred)
    assert result["verdict"] == "equal", result


@pytest.mark.parametrize(("gold", "pred"), NOT_EQUAL)
def test_not_equal(gold, pred):
    result = judge(gold, pred)
    assert result["verdict"] == "not_equal", result


@pytest.mark.parametrize(("gold", "pred"), UNKNOWN)
def test_unknown_is_never_silently_not_equal(gold, pred):
    result = judge(gold, pred)
    assert result["verdict"] == "unknown", result
    assert result["reason"]


def test_structures_stay_distinct():
    assert parse_answer("(1, 2)").node == Seq("tuple", (1, 2), maybe_interval=True)
    assert parse_answer(r"\{1, 2\}").node == Seq("set", (1, 2))
    assert parse_answer("[1, 2)").node == Ival(1, 2, False, True)
    assert parse_answer(r"\begin{pmatrix}1\\2\end{pmatrix}").node.shape == (2, 1)
    assert isinstance(parse_answer(r"\begin{matrix}1&2\end{matrix}").node, Mat)
    assert parse_answer("yes").node == Text("yes")


def test_plain_text_matrices_keep_their_shape():
    assert parse_answer("[[1,2],[3,4]]").node == Mat(((1, 2), (3, 4)))
    assert parse_answer("Matrix([[1,2],[3,4]])").node == Mat(((1, 2), (3, 4)))
    assert parse_answer("[[1, 2, 3]]").node.shape == (1, 3)
    assert parse_answer("[[1], [2], [3]]").node.shape == (3, 1)
    assert parse_answer("Matrix([1, 2, 3])").node.shape == (3, 1)  # SymPy's flat list: a column
    assert parse_answer("[1, 2]").node == Ival(1, 2, False, False)  # one bracket: an interval
    with pytest.raises(ParseFailure, match="different lengths"):
        parse_answer("[[1, 2], [3]]")
    with pytest.raises(ParseFailure, match="too large"):
        parse_answer("[" + ",".join(["[" + ",".join(["1"] * 30) + "]"] * 30) + "]")


def test_two_letter_words_are_products_and_powers_bind_to_the_last_letter():
    a, b = sp.symbols("a b")
    assert parse_answer("3ab^2").node == 3 * a * b**2
    assert parse_answer("2ab").node == 2 * a * b
    assert parse_answer("ab").node == Text("ab")  # a lone word ("iv", "vi") is a word
    assert parse_answer("PQ + 1").node == sp.Symbol("PQ") + 1  # a segment, not P·Q


def test_number_formats():
    assert parse_answer("1,234,567").node == 1234567
    assert parse_answer("1 234 567").node == 1234567
    assert parse_answer("3,5").node * 2 == 7
    answer = parse_answer("2.50")
    assert (answer.decimals, answer.sig_digits) == (2, 3)
    assert parse_answer("1,5", commas="list").node == Seq("list", (1, 5))
    with pytest.raises(ParseFailure):
        parse_answer("12 34")  # two numbers side by side are not a product


def test_percent_is_kept_apart_from_the_value():
    answer = parse_answer(r"12.5\%")
    assert answer.percent and answer.node * 2 == 25


def test_labelled_pairs_have_no_false_positives(repo_root):
    lines = (repo_root / "tests/data/answer_pairs.jsonl").read_text().splitlines()
    pairs = [json.loads(line) for line in lines if line.strip()]
    assert len(pairs) >= 250
    false_positives = []
    correct = 0
    for pair in pairs:
        got = judge(pair["gold"], pair["pred"])["verdict"]
        if got == "equal" and pair["label"] == "not_equal":
            false_positives.append(pair)
        correct += got == pair["label"]
    assert false_positives == []
    assert correct / len(pairs) >= 0.99  # a regression of a few pairs fails here
