# ruff: noqa: F821  (requires/ensures/invariant are contract notation, read by the verifier)
"""List programs with contracts and correct invariants."""


def max_list(a: list[int]) -> int:
    requires(len(a) > 0)
    ensures(all(a[k] <= result for k in range(len(a))))
    ensures(result in a)
    m = a[0]
    for i in range(1, len(a)):
        invariant(all(a[k] <= m for k in range(i)))
        invariant(m in a)
        if a[i] > m:
            m = a[i]
    return m


def linear_search(a: list[int], x: int) -> int:
    ensures(-1 <= result < len(a))
    ensures(result == -1 or a[result] == x)
    ensures(result != -1 or all(a[k] != x for k in range(len(a))))
    for i in range(len(a)):
        invariant(all(a[k] != x for k in range(i)))
        if a[i] == x:
            return i
    return -1


def binary_search(a: list[int], x: int) -> int:
    requires(all(a[i] <= a[j] for i in range(len(a)) for j in range(i, len(a))))
    ensures(-1 <= result < len(a))
    ensures(result == -1 or a[result] == x)
    ensures(result != -1 or all(a[k] != x for k in range(len(a))))
    lo = 0
    hi = len(a)
    while lo < hi:
        invariant(0 <= lo <= hi <= len(a))
        invariant(all(a[k] < x for k in range(lo)))
        invariant(all(a[k] > x for k in range(hi, len(a))))
        decreases(hi - lo)
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        elif a[mid] > x:
            hi = mid
        else:
            return mid
    return -1


def insert_sorted(a: list[int], x: int) -> list[int]:
    requires(all(a[i] <= a[j] for i in range(len(a)) for j in range(i, len(a))))
    ensures(len(result) == len(a) + 1)
    ensures(x in result)
    ensures(all(result[i] <= result[j] for i in range(len(result)) for j in range(i, len(result))))
    i = 0
    while i < len(a) and a[i] < x:
        invariant(0 <= i <= len(a))
        invariant(all(a[k] < x for k in range(i)))
        i += 1
    res = list(a)
    res.insert(i, x)
    return res


def count_positive(a: list[int]) -> int:
    ensures(0 <= result <= len(a))
    c = 0
    for i in range(len(a)):
        invariant(0 <= c <= i)
        if a[i] > 0:
            c += 1
    return c


def fill(n: int, v: int) -> list[int]:
    requires(n >= 0)
    ensures(len(result) == n and all(result[k] == v for k in range(n)))
    out = []
    for i in range(n):
        invariant(len(out) == i and all(out[k] == v for k in range(i)))
        out.append(v)
    return out
