# ruff: noqa: F821  (requires/ensures/invariant/decreases are contract notation)
"""Tuples as results and values: divmod, min-max in one pass, swapping."""


def div_mod(a: int, b: int) -> tuple[int, int]:
    requires(a >= 0 and b > 0)
    ensures(result[0] * b + result[1] == a and 0 <= result[1] < b)
    q = 0
    r = a
    while r >= b:
        invariant(q * b + r == a and r >= 0)
        decreases(r)
        q += 1
        r -= b
    return q, r


def min_max(a: list[int]) -> tuple[int, int]:
    requires(len(a) > 0)
    ensures(result[0] <= result[1])
    ensures(all(result[0] <= a[k] <= result[1] for k in range(len(a))))
    lo = a[0]
    hi = a[0]
    for i in range(1, len(a)):
        invariant(lo <= hi)
        invariant(all(lo <= a[k] <= hi for k in range(i)))
        lo = min(lo, a[i])
        hi = max(hi, a[i])
    return lo, hi


def spread(a: list[int]) -> int:
    requires(len(a) > 0)
    ensures(result >= 0)
    lo, hi = min_max(a)
    return hi - lo


def ordered(p: tuple[int, int]) -> tuple[int, int]:
    ensures(result[0] <= result[1])
    ensures(result == p or result == (p[1], p[0]))
    x, y = p
    if x > y:
        x, y = y, x
    return x, y
