"""The unbiased pass@k estimator against brute-force enumeration."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from proofsmith.errors import InputError
from proofsmith.provers.search import (
    mean_pass_at_k,
    pass_at_k,
    pass_at_k_curve,
    problem_pass_at_k,
)


def _enumerated(n: int, c: int, k: int) -> float:
    samples = [True] * c + [False] * (n - c)
    subsets = list(itertools.combinations(range(n), k))
    return sum(any(samples[i] for i in s) for s in subsets) / len(subsets)


@pytest.mark.parametrize("n", [1, 2, 5, 8])
def test_matches_enumeration_of_all_k_subsets(n):
    for c in range(n + 1):
        for k in range(1, n + 1):
            assert pass_at_k(n, c, k) == pytest.approx(_enumerated(n, c, k), abs=1e-12)


def test_stable_where_binomials_overflow_floats():
    n, c, k = 5000, 3, 100
    exact = 1 - math.comb(n - c, k) / math.comb(n, k)  # exact integers, then one division
    assert pass_at_k(n, c, k) == pytest.approx(exact, rel=1e-9)
    assert pass_at_k(5000, 0, 100) == 0.0 and pass_at_k(200, 150, 100) == 1.0


def test_problems_with_fewer_samples_count_with_all_their_samples():
    # n < k: every sample was drawn, so pass@k is "any correct" (also for n = 0)
    assert problem_pass_at_k(2, 1, 5) == 1.0 and problem_pass_at_k(2, 0, 5) == 0.0
    assert problem_pass_at_k(0, 0, 1) == 0.0
    counts = [(4, 1), (4, 0), (2, 2), (0, 0)]
    assert mean_pass_at_k(counts, 1) == pytest.approx((0.25 + 0 + 1 + 0) / 4)
    assert mean_pass_at_k(counts, 4) == pytest.approx((1 + 0 + 1 + 0) / 4)
    assert mean_pass_at_k(counts, 9) == pytest.approx(0.5)  # every problem still counts
    assert mean_pass_at_k([], 1) is None
    curve = pass_at_k_curve(counts)
    assert list(curve) == [1, 2, 4] and curve[4] == pytest.approx(0.5)


def test_the_demo_shape_that_used_to_go_down_is_monotone():
    # many problems with one sample, a few with more: averaging each k over only the
    # problems with n >= k gave @1=0.95 @2=0.83 @3=1.0
    counts = [(1, 1)] * 12 + [(0, 0)] * 2 + [(2, 2), (3, 1)]
    curve = pass_at_k_curve(counts)
    assert list(curve) == [1, 2, 3]
    assert curve[1] == pytest.approx((12 + 1 + 1 / 3) / 16)
    assert curve[3] == pytest.approx(14 / 16)
    assert list(curve.values()) == sorted(curve.values())


def test_curve_is_non_decreasing_in_k_for_random_problem_sets():
    rng = random.Random(6)
    for _ in range(300):
        counts = []
        for _ in range(rng.randint(1, 12)):
            n = rng.choice([0, 1, 1, 2, 3, 5, 8, 16, 100])
            counts.append((n, rng.randint(0, n)))
        top = max(n for n, _ in counts) + 3
        values = [mean_pass_at_k(counts, k) for k in range(1, top + 1)]
        assert values == sorted(values), counts
        assert values[-1] == sum(c > 0 for _, c in counts) / len(counts)


def test_rejects_impossible_counts():
    with pytest.raises(InputError, match="n=3, c=4"):
        pass_at_k(3, 4, 1)
    with pytest.raises(InputError, match="k=5"):
        pass_at_k(3, 1, 5)  # the estimator itself needs k <= n
    with pytest.raises(InputError, match="k=0"):
        problem_pass_at_k(3, 1, 0)
    with pytest.raises(InputError, match="n=1, c=2"):
        problem_pass_at_k(1, 2, 4)
