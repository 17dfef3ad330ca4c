"""The unbiased pass@k estimator against brute-force enumeration."""

from __future__ import annotations

import itertools
import math

import pytest

from proofsmith.errors import InputError
from proofsmith.provers.search import mean_pass_at_k, pass_at_k, pass_at_k_curve


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


def test_mean_and_curve_skip_problems_with_too_few_samples():
    counts = [(4, 1), (4, 0), (2, 2)]
    assert mean_pass_at_k(counts, 1) == pytest.approx((0.25 + 0 + 1) / 3)
    assert mean_pass_at_k(counts, 4) == pytest.approx(0.5)  # the n=2 problem is left out
    assert mean_pass_at_k(counts, 5) is None
    curve = pass_at_k_curve(counts)
    assert list(curve) == [1, 2, 4] and curve[4] == pytest.approx(0.5)
    assert list(curve.values()) == sorted(curve.values())


def test_rejects_impossible_counts():
    with pytest.raises(InputError, match="n=3, c=4"):
        pass_at_k(3, 4, 1)
    with pytest.raises(InputError, match="k=5"):
        pass_at_k(3, 1, 5)
