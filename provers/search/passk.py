"""The unbiased pass@k estimator (Chen et al. 2021, "Evaluating Large Language Models …").

With ``n`` samples of which ``c`` are correct, the probability that at least one of ``k``
samples drawn without replacement is correct is ``1 - C(n-c, k) / C(n, k)``. The ratio is
computed as the product ``prod_{i=n-c+1}^{n} (1 - k/i)``, which never forms the huge
binomials and stays accurate for large ``n``.

Averaged over a problem set, every attempted problem counts at every k, so the curve is
well defined and non-decreasing in k. A problem with fewer than ``k`` samples (the prover
ran out of distinct candidates, or gave none) has had all its samples drawn: its pass@k
is 1 if any sample is correct, else 0 — the same value as its pass@n, which the estimator
reaches at ``k = n``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from proofsmith.errors import InputError

__all__ = ["mean_pass_at_k", "pass_at_k", "pass_at_k_curve", "problem_pass_at_k"]


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one problem with ``n`` samples, ``c`` of them correct."""
    if not (0 <= c <= n) or k < 1 or k > n:
        raise InputError(
            f"pass@k needs 0 <= c <= n and 1 <= k <= n; got n={n}, c={c}, k={k}",
            hint="Sample at least k candidates per problem.",
        )
    if n - c < k:
        return 1.0
    ratio = 1.0
    for i in range(n - c + 1, n + 1):
        ratio *= 1.0 - k / i
    return 1.0 - ratio


def problem_pass_at_k(n: int, c: int, k: int) -> float:
    """pass@k of one attempted problem for any ``k >= 1``, also when ``n < k`` (even 0).

    ``n >= k``: the unbiased estimator; ``n < k``: every sample was drawn, so 1 if one of
    them is correct, else 0.
    """
    if k < 1:
        raise InputError(f"pass@k needs k >= 1; got k={k}")
    if n < k:
        if not 0 <= c <= n:
            raise InputError(f"pass@k needs 0 <= c <= n; got n={n}, c={c}")
        return 1.0 if c > 0 else 0.0
    return pass_at_k(n, c, k)


def mean_pass_at_k(counts: Iterable[tuple[int, int]], k: int) -> float | None:
    """Mean pass@k over every attempted problem, given as ``(n, c)``; None for no problems."""
    values = [problem_pass_at_k(n, c, k) for n, c in counts]
    return sum(values) / len(values) if values else None


def pass_at_k_curve(
    counts: Sequence[tuple[int, int]], ks: Sequence[int] | None = None
) -> dict[int, float]:
    """pass@k for each k (default: 1, 2, 4, … and the largest n); empty for no problems.

    Non-decreasing in k: each problem's pass@k is, and every problem counts at every k.
    """
    if not counts:
        return {}
    if ks is None:
        top = max(1, max(n for n, _ in counts))
        ks = []
        k = 1
        while k <= top:
            ks.append(k)
            k *= 2
        if ks[-1] != top:
            ks.append(top)
    return {k: sum(problem_pass_at_k(n, c, k) for n, c in counts) / len(counts) for k in ks}
