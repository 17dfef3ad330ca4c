# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/gj2007b (expected: true), translated to checked Python.

Source: S. Gulwani, N. Jojic, "Program Verification as Probabilistic Inference", POPL 2007; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; this is an independent translation of the published example. The\nnondeterministic choice is read from the list parameter ``coins``.
Invariants and measures are ours. ``*__mutant_*`` functions are wrong and must be refuted.
"""


def gj2007b(n: int, coins: list[int]) -> int:
    requires(n <= len(coins))
    ensures(n <= 0 or 0 <= result < n)
    x = 0
    m = 0
    while x < n:
        invariant(0 <= m and (m < x or m == 0) and 0 <= x and (x <= n or x == 0))
        decreases(n - x)
        if coins[x] != 0:
            m = x
        x = x + 1
    assert m >= 0 or n <= 0
    assert m < n or n <= 0
    return m


def gj2007b__mutant_off_by_one(n: int, coins: list[int]) -> int:
    requires(n <= len(coins))
    ensures(n <= 0 or 0 <= result < n)
    x = 0
    m = 0
    while x < n:
        invariant(0 <= m and (m < x or m == 0) and 0 <= x and (x <= n or x == 0))
        if coins[x] != 0:
            m = x + 1
        x = x + 1
    return m


def gj2007b__mutant_initial(n: int, coins: list[int]) -> int:
    requires(n <= len(coins))
    ensures(n <= 0 or 0 <= result < n)
    x = 0
    m = -1
    while x < n:
        invariant(0 <= m and (m < x or m == 0) and 0 <= x and (x <= n or x == 0))
        if coins[x] != 0:
            m = x
        x = x + 1
    return m
