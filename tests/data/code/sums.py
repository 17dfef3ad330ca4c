# ruff: noqa: F821  (requires/ensures/invariant/decreases are contract notation)
"""sum(...) over ranges and lists in contracts."""


def total(a: list[int]) -> int:
    ensures(result == sum(a))
    s = 0
    for i in range(len(a)):
        invariant(s == sum(a[k] for k in range(i)))
        s += a[i]
    return s


def count_pos(a: list[int]) -> int:
    ensures(result == sum(1 for k in range(len(a)) if a[k] > 0))
    c = 0
    for v in a:
        invariant(c == sum(1 for k in range(index(v)) if a[k] > 0))
        if v > 0:
            c += 1
    return c


def gauss(n: int) -> int:
    requires(n >= 0)
    ensures(result == sum(k for k in range(n + 1)))
    s = 0
    for i in range(n + 1):
        invariant(s == sum(k for k in range(i)))
        s += i
    return s
