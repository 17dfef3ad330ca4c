# ruff: noqa: F821  (requires/ensures/invariant are contract notation, read by the verifier)
"""Integer programs with contracts and correct invariants."""


def sum_to(n: int) -> int:
    """1 + 2 + ... + n."""
    requires(n >= 0)
    ensures(2 * result == n * (n + 1))
    s = 0
    i = 0
    while i < n:
        invariant(0 <= i <= n)
        invariant(2 * s == i * (i + 1))
        i = i + 1
        s = s + i
    return s


def gcd(a: int, b: int) -> int:
    requires(a > 0 and b >= 0)
    ensures(0 < result <= max(a, b))
    x, y = a, b
    while y != 0:
        invariant(0 < x <= max(a, b) and 0 <= y <= max(a, b))
        x, y = y, x % y
    return x


def isqrt(n: int) -> int:
    requires(n >= 0)
    ensures(result * result <= n < (result + 1) * (result + 1))
    r = 0
    while (r + 1) * (r + 1) <= n:
        invariant(r >= 0)
        invariant(r * r <= n)
        r = r + 1
    return r


def max2(a: int, b: int) -> int:
    ensures(result >= a and result >= b)
    ensures(result == a or result == b)
    if a >= b:
        return a
    return b


def max3(a: int, b: int, c: int) -> int:
    ensures(result >= a and result >= b and result >= c)
    ensures(result == a or result == b or result == c)
    return max2(max2(a, b), c)


def floor_semantics(x: int) -> bool:
    ensures(result)
    assert -7 // 2 == -4 and -7 % 2 == 1 and 7 % -2 == -1 and 7 // -2 == -4
    assert x % 3 >= 0 and (x // 3) * 3 + x % 3 == x
    return True
