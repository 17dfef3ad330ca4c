# ruff: noqa: F821  (requires/ensures/invariant/decreases are contract notation)
"""String programs: length, indexing, equality, slicing, concatenation."""


def is_palindrome(s: str) -> bool:
    ensures(result == all(s[k] == s[len(s) - 1 - k] for k in range(len(s))))
    i = 0
    j = len(s) - 1
    while i < j:
        invariant(0 <= i and j == len(s) - 1 - i)
        invariant(all(s[k] == s[len(s) - 1 - k] for k in range(i)))
        decreases(j - i)
        if s[i] != s[j]:
            return False
        i += 1
        j -= 1
    return True


def count_char(s: str, c: str) -> int:
    requires(len(c) == 1)
    ensures(0 <= result <= len(s))
    n = 0
    for i in range(len(s)):
        invariant(0 <= n <= i)
        if s[i] == c:
            n += 1
    return n


def strip_prefix(s: str, p: str) -> str:
    ensures(len(result) <= len(s))
    ensures(s[: len(p)] != p or p + result == s)
    if s[: len(p)] == p:
        return s[len(p) :]
    return s


def last_char(s: str) -> str:
    requires(len(s) > 0)
    ensures(len(result) == 1 and result == s[len(s) - 1])
    return s[-1]
