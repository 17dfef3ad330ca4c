"""text/answers.py: boxes with balanced braces, markers, <think>, and linear work.

Work is counted, not timed: ``Scan.steps`` must stay proportional to the input for
inputs built to make naive extraction quadratic (25,000 unclosed ``\\[``, nested boxes).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from proofsmith.checkers.answer.extract import extract
from proofsmith.text.answers import (
    Scan,
    all_boxed,
    gsm8k_answer,
    last_boxed,
    phrase_answer,
    strip_think,
)


def test_boxes_keep_balanced_braces_and_unwrap_nesting():
    text = r"so \boxed{\frac{1}{\sqrt{2}}} and \boxed{\boxed{ 5 }} then \fbox{x} \boxed 7"
    assert [b.content for b in all_boxed(text)] == [r"\frac{1}{\sqrt{2}}", "5", "x", "7"]
    assert last_boxed(r"\boxed{\{1, 2\}}") == r"\{1, 2\}"  # escaped braces are not groups
    assert last_boxed(r"\boxed{\boxed{x} + 1}") == r"\boxed{x} + 1"  # not a lone nested box
    assert last_boxed(r"\boxed{unclosed") is None
    assert last_boxed("no box") is None


def test_markers_think_and_phrases():
    assert gsm8k_answer("She sold 48.\n#### 1,200\n") == "1,200"
    assert gsm8k_answer("#### \n") is None
    assert strip_think("<think>\\boxed{5}</think> The answer is 7") == " The answer is 7"
    assert strip_think("<think>still thinking \\boxed{5}") == ""
    assert phrase_answer("Final Answer: The final answer is $17$. I hope")[0] == "17"
    assert phrase_answer(r"The answer is \boxed{3}.")[0] == "3"
    assert phrase_answer("答案是 12。")[0] == "12"


@pytest.mark.parametrize(
    "unit",
    ["\\[", "\\(", "$", "$$", "{", "\\boxed{", "\\boxed", "\\fbox{x", "}"],
)
def test_scan_work_is_linear(unit):
    steps = []
    for n in (5_000, 10_000, 20_000):
        scan = Scan(unit * n)
        scan.boxes()
        scan.last_pair("\\[", "\\]")
        scan.last_pair("\\(", "\\)")
        scan.last_pair("$", "$", pair=True)
        scan.last_pair("$$", "$$", pair=True)
        steps.append(scan.steps)
    assert steps[1] <= 2 * steps[0] + 8 and steps[2] <= 2 * steps[1] + 8, steps
    assert steps[2] <= 8 * 20_000 * len(unit)


def test_nested_boxes_are_unwrapped_in_linear_work():
    n = 20_000
    scan = Scan("\\boxed{" * n + "5" + "}" * n)
    boxes = scan.boxes()
    assert [b.content for b in boxes] == ["5"]
    assert scan.steps <= 8 * n  # three marks per level, each visited a bounded number of times


def test_25000_unclosed_display_openers_are_no_answer_quickly():
    found = extract("\\[" * 25_000, number_fallback=True)
    assert found.how == "whole"


def test_sympy_is_imported_only_where_a_judgement_runs():
    code = (
        "import sys\n"
        "from proofsmith.cli.main import app\n"
        "import proofsmith.cli.check_answer\n"
        "from proofsmith.checkers.answer import check, check_records, label\n"
        "from proofsmith.checkers.answer.extract import extract\n"
        "import proofsmith.text.answers\n"
        "assert 'sympy' not in sys.modules, 'imported sympy without judging'\n"
        "from proofsmith.checkers.answer import judge\n"
        "assert judge('1', '1')['verdict'] == 'equal'\n"
        "assert 'sympy' in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
