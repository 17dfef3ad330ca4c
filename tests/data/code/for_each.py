# ruff: noqa: F821  (requires/ensures/invariant/decreases/index are contract notation)
"""Loops over the elements of a list: for v in xs, with index(v) in the invariants."""


def max_of(a: list[int]) -> int:
    requires(len(a) > 0)
    ensures(all(a[k] <= result for k in range(len(a))))
    ensures(result in a)
    m = a[0]
    for v in a:
        invariant(all(a[k] <= m for k in range(index(v))))
        invariant(m in a)
        if v > m:
            m = v
    return m


def contains(a: list[int], x: int) -> bool:
    ensures(result == (x in a))
    for v in a:
        invariant(all(a[k] != x for k in range(index(v))))
        if v == x:
            return True
    return False


def count_negative_tail(a: list[int]) -> int:
    ensures(0 <= result < len(a) or result == 0)
    c = 0
    for v in a[1:]:
        invariant(0 <= c <= index(v))
        decreases(len(a) - index(v))
        if v < 0:
            c += 1
    return c


def positives(a: list[int]) -> list[int]:
    ensures(all(result[k] > 0 for k in range(len(result))))
    ensures(len(result) <= len(a))
    out = []
    for v in a:
        invariant(len(out) <= index(v))
        invariant(all(out[k] > 0 for k in range(len(out))))
        if v > 0:
            out.append(v)
    return out


def last_or(a: list[int], d: int) -> int:
    ensures(result == d if len(a) == 0 else result == a[len(a) - 1])
    v = d
    for v in a:  # noqa: B007  (v is the result: the last element, or d)
        pass
    return v
