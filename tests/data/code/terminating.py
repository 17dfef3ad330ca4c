# ruff: noqa: F821  (requires/ensures/invariant/decreases are contract notation)
"""Loops with decreases(...) measures: total correctness."""


def gcd(a: int, b: int) -> int:
    requires(a > 0 and b >= 0)
    ensures(result > 0)
    x, y = a, b
    while y != 0:
        invariant(x > 0 and y >= 0)
        decreases(y)
        x, y = y, x % y
    return x


def isqrt(n: int) -> int:
    requires(n >= 0)
    ensures(result * result <= n < (result + 1) * (result + 1))
    r = 0
    while (r + 1) * (r + 1) <= n:
        invariant(r >= 0)
        invariant(r * r <= n)
        decreases(n - r)
        r = r + 1
    return r


def binary_search(a: list[int], x: int) -> int:
    requires(all(a[i] <= a[j] for i in range(len(a)) for j in range(i, len(a))))
    ensures(result == -1 or a[result] == x)
    lo = 0
    hi = len(a)
    while lo < hi:
        invariant(0 <= lo <= hi <= len(a))
        decreases(hi - lo)
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        elif a[mid] > x:
            hi = mid
        else:
            return mid
    return -1


def skip_evens(n: int) -> int:
    requires(n >= 0)
    ensures(result == n)
    i = 0
    while i < n:
        invariant(0 <= i <= n)
        decreases(n - i)
        i = i + 1
        if i % 2 == 0:
            continue
    return i


def pairs(n: int) -> int:
    requires(n >= 0)
    ensures(result >= 0)
    c = 0
    i = 0
    while i < n:
        invariant(0 <= i <= n and c >= 0)
        decreases(n - i)
        j = i
        while j < n:
            invariant(i <= j <= n and c >= 0)
            decreases(n - j)
            c += 1
            j += 1
        i += 1
    return c


def collatz_steps_bounded(n: int, limit: int) -> int:
    requires(n >= 1 and limit >= 0)
    ensures(0 <= result <= limit)
    k = 0
    m = n
    while m != 1 and k < limit:
        invariant(0 <= k <= limit)
        decreases(limit - k)
        if m % 2 == 0:
            m = m // 2
        else:
            m = 3 * m + 1
        k += 1
    return k
