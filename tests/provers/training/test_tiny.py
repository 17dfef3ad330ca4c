"""The arithmetic questions of the learning demo: distinct, correct gold, mixed lengths."""

from __future__ import annotations

import pytest

from proofsmith.errors import InputError
from proofsmith.provers.training.tiny import arithmetic_problems


def test_mixed_length_sums_are_distinct_and_their_gold_is_the_sum():
    problems = arithmetic_problems(300, 50, max_operand=9, terms=(2, 6), seed=3)
    assert [p.split for p in problems] == ["train"] * 300 + ["test"] * 50
    assert len({p.statement for p in problems}) == 350
    for p in problems:
        operands = [int(x) for x in p.statement.removeprefix("What is ").rstrip("?").split("+")]
        assert p.reference == str(sum(operands)) and p.metadata["terms"] == len(operands)
    assert {p.metadata["terms"] for p in problems} == {2, 3, 4, 5, 6}
    assert arithmetic_problems(300, 50, max_operand=9, terms=(2, 6), seed=3) == problems


def test_easy_first_orders_only_the_training_split():
    mixed = arithmetic_problems(200, 40, max_operand=9, terms=(2, 5), seed=1)
    ordered = arithmetic_problems(200, 40, max_operand=9, terms=(2, 5), easy_first=True, seed=1)
    lengths = [p.metadata["terms"] for p in ordered[:200]]
    assert lengths == sorted(lengths) and lengths != [p.metadata["terms"] for p in mixed[:200]]
    assert sorted(p.id for p in ordered[:200]) == sorted(p.id for p in mixed[:200])
    assert ordered[200:] == mixed[200:]  # the held-out split keeps its random mixture


def test_asking_for_more_questions_than_exist_is_a_usage_error():
    with pytest.raises(InputError, match="only 100 exist"):
        arithmetic_problems(90, 20, max_operand=9)
    with pytest.raises(InputError, match="terms"):
        arithmetic_problems(1, 1, terms=(3, 2))
