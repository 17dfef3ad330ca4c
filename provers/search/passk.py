"""The unbiased pass@k estimator (Chen et al. 2021, "Evaluating Large Language Models …").

With ``n`` samples of which ``c`` are correct, the probability that at least one of ``k``
samples drawn without replacement is correct is ``1 - C(n-c, k) / C(n, k)``. The ratio is
computed as the product ``prod_{i=n-c+1}^{n} (1 - k/i)``, which never forms the huge
binomials and stays accurate for large ``n``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from proofsmith.errors import InputError

__all__ = ["mean_pass_at_k", "pass_at_k", "pass_at_k_curve"]


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


def mean_pass_at_k(counts: Iterable[tuple[int, int]], k: int) -> float | None:
    """Mean pass@k over problems given as ``(n, c)``; problems with ``n < k`` are left out.

    Returns None when no problem has ``k`` samples.
    """
    values = [pass_at_k(n, c, k) for n, c in counts if n >= k]
    return sum(values) / len(values) if values else None


def pass_at_k_curve(
    counts: Sequence[tuple[int, int]], ks: Sequence[int] | None = None
) -> dict[int, float]:
    """pass@k for each k (default: 1, 2, 4, … up to the largest n), skipping undefined ones."""
    if ks is None:
        top = max((n for n, _ in counts), default=0)
        ks = []
        k = 1
        while k <= top:
            ks.append(k)
            k *= 2
        if top and ks[-1] != top:
            ks.append(top)
    curve = {}
    for k in ks:
        value = mean_pass_at_k(counts, k)
        if value is not None:
            curve[k] = value
    return curve
