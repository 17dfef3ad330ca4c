# ruff: noqa: F821  (requires/ensures/invariant/decreases are contract notation)
"""Constructs added to the subset: recursion with decreases, loop else, element writes
inside for-range loops, break out of a for loop."""


def fact(n: int) -> int:
    requires(n >= 0)
    ensures(result >= 1)
    decreases(n)
    if n == 0:
        return 1
    return n * fact(n - 1)


def search(a: list[int], x: int, i: int) -> bool:
    requires(0 <= i <= len(a))
    ensures(result == any(a[k] == x for k in range(i, len(a))))
    decreases(len(a) - i)
    if i == len(a):
        return False
    if a[i] == x:
        return True
    return search(a, x, i + 1)


def first_negative(a: list[int]) -> int:
    ensures(-1 <= result < len(a))
    ensures(result == -1 or a[result] < 0)
    ensures(result != -1 or all(a[k] >= 0 for k in range(len(a))))
    found = -1
    for i in range(len(a)):
        invariant(found == -1)
        invariant(all(a[k] >= 0 for k in range(i)))
        if a[i] < 0:
            found = i
            break
    else:
        found = -1
    return found


def countdown(n: int) -> int:
    requires(n >= 0)
    ensures(result == 0)
    k = n
    while k > 0:
        invariant(k >= 0)
        decreases(k)
        k -= 1
    else:
        assert k == 0
    return k


def squares(n: int) -> list[int]:
    requires(n >= 0)
    ensures(len(result) == n)
    ensures(all(result[k] == k * k for k in range(n)))
    out = [0] * n
    for i in range(n):
        invariant(len(out) == n)
        invariant(all(out[k] == k * k for k in range(i)))
        out[i] = i * i
    return out
