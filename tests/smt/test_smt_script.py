"""SMT-LIB text handling: tokens, commands, push/pop scoping (no z3 involved)."""

from __future__ import annotations

import pytest

from proofsmith.checkers.smt.script import check_points, parse_commands, parse_sexprs, render
from proofsmith.errors import InputError


def test_comments_strings_and_quoted_symbols_stay_single_tokens():
    text = '(echo "a ; (not a comment"" )") ; comment (assert false)\n(declare-const |x ) y| Int)'
    commands = parse_commands(text)
    assert [c.head for c in commands] == ["echo", "declare-const"]
    assert commands[0].args == ('"a ; (not a comment"" )"',)
    assert commands[1].args[0] == "|x ) y|"
    assert commands[1].symbol == "x ) y"  # |x| and x are one symbol
    assert commands[1].line == 2


def test_rendering_round_trips_structure():
    expr, _ = parse_sexprs("(assert (and (> x 1)\n  (< x 3)))  ; c")[0]
    assert render(expr) == "(assert (and (> x 1) (< x 3)))"


@pytest.mark.parametrize(
    "text, message",
    [
        ("(assert (> x 1)", "unbalanced '\\('"),
        ("(assert x))", "unbalanced '\\)'"),
        ('(echo "open)', "unterminated string"),
        ("(declare-const |x Int)", "unterminated |quoted"),
        ("assert", "expected a command"),
    ],
)
def test_malformed_text_is_an_input_error(text, message):
    with pytest.raises(InputError, match=message):
        parse_commands(text)


def test_push_pop_scopes_declarations_and_assertions():
    script = """
    (declare-const x Int) (assert (> x 0))
    (push 2) (declare-const y Int) (assert (= y x)) (check-sat)
    (pop 1) (check-sat)
    (pop 1) (assert (< x 5)) (check-sat-assuming ((= x 2)))
    (reset) (declare-const z Int) (check-sat) (exit) (check-sat)
    """
    points = check_points(parse_commands(script))
    assert [p.index for p in points] == [0, 1, 2, 3]
    assert [len(p.context) for p in points] == [4, 2, 3, 1]
    assert points[0].symbols == {"x", "y"}
    assert "(assert (= x 2))" in points[2].text
    assert points[3].text == "(declare-const z Int)"


def test_pop_below_the_base_and_unknown_commands_are_input_errors():
    with pytest.raises(InputError, match="pop 2"):
        check_points(parse_commands("(push 1) (pop 2)"))
    with pytest.raises(InputError, match="unsupported SMT-LIB command"):
        check_points(parse_commands("(frobnicate)"))


def test_script_without_check_sat_has_one_final_point():
    points = check_points(parse_commands("(declare-const x Int)(assert (> x 0))"), final=True)
    assert len(points) == 1 and len(points[0].context) == 2
