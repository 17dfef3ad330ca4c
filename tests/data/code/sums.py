# ruff: noqa: F821  (requires/ensures/invariant/decreases are contract notation)
"""sum(...), min(...) and max(...) over ranges and lists in contracts."""


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


def max_of(a: list[int]) -> int:
    requires(len(a) > 0)
    ensures(result == max(a))
    m = a[0]
    for i in range(1, len(a)):
        invariant(m == max(a[k] for k in range(i)))
        if a[i] > m:
            m = a[i]
    return m


def min_of(a: list[int]) -> int:
    requires(len(a) > 0)
    ensures(result == min(a[k] for k in range(len(a))))
    m = a[0]
    for v in a[1:]:
        invariant(m == min(a[k] for k in range(index(v) + 1)))
        m = min(m, v)
    return m
