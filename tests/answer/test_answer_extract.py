"""Final-answer extraction from whole solutions."""

from __future__ import annotations

import pytest

from proofsmith.checkers.answer import extract_answer
from proofsmith.checkers.answer.extract import sentence_tail


@pytest.mark.parametrize(
    ("text", "answer", "how"),
    [
        (r"We find $x=3$, so the answer is \boxed{\frac{1}{2}}.", r"\frac{1}{2}", "boxed"),
        (r"\boxed{1} first, then \boxed{2}", "2", "boxed"),
        (r"nested \boxed{\boxed{7}}", "7", "boxed"),
        (r"boxed without braces \boxed 5", "5", "boxed"),
        (r"\fbox{x+1}", "x+1", "boxed"),
        ("Some work.\nThe final answer is $42$. I hope it is correct.", "42", "phrase"),
        ("Therefore, the answer is 17.", "17", "phrase"),
        ("Answer: 3/4", "3/4", "phrase"),
        ("Donc la réponse est 12.", "12", "phrase"),
        ("Por lo tanto, la respuesta es 8.", "8", "phrase"),
        ("Also ist die Antwort lautet 9", "9", "phrase"),
        ("Quindi la risposta è 4.", "4", "phrase"),
        ("Portanto, a resposta é 6.", "6", "phrase"),
        ("Ответ: 15", "15", "phrase"),
        ("所以答案是 21。", "21", "phrase"),
        ("最终答案：\\frac{3}{5}", "\\frac{3}{5}", "phrase"),
        ("Working...\n\\[ x = \\pi \\]\nDone with the computation here.", "x = \\pi", "display"),
        ("x = 2 or x = 3", "x = 2 or x = 3", "bare"),
        ("12 apples", "12 apples", "bare"),
        ("First we compute things and then we get $4$ and finally $5$ as result", "5", "inline"),
    ],
)
def test_extracts_the_final_answer(text, answer, how):
    assert extract_answer(text) == (answer, how)


def test_last_number_only_when_asked():
    text = "We compute many things and the total comes to 1,250 in the end after all"
    assert extract_answer(text)[1] == "whole"
    assert extract_answer(text, number_fallback=True) == ("1,250", "last number")


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("There are 5 apples.", "5 apples"),
        ("We get x = 2.", "x = 2"),
        ("The value of x is 5.", "5"),
        ("The probability is 3/4.", "3/4"),
        ("I think it is 7", "7"),
        ("The matrix is [[1,2],[3,4]].", "[[1,2],[3,4]]"),
        ("5 apples", None),  # nothing to drop: the bare reading already covers it
        ("The answer is 5 not 6", None),  # prose after the mathematics: no guess
        ("first line\nThe value is 5.", None),  # not one sentence
    ],
)
def test_sentence_tail(text, tail):
    assert sentence_tail(text) == tail


def test_sentence_is_read_before_the_last_number():
    text = "In the end, after all this, the probability is 3/4."
    assert extract_answer(text, number_fallback=True) == ("3/4", "sentence")
    text = "We compute many things and the total comes to 3/4\nso that is it, in the end"
    assert extract_answer(text, number_fallback=True) == ("3/4", "last number")
