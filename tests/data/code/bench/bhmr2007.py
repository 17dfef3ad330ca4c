# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/bhmr2007 (expected: true), translated to checked Python.

Source: D. Beyer, T. A. Henzinger, R. Majumdar, A. Rybalchenko, "Path Invariants",
PLDI 2007; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; independent translation. The nondeterministic choice
``__VERIFIER_nondet_int()`` is read from the list parameter ``coins`` (any values).
Invariants are ours. ``*__mutant_*`` functions are wrong and must be refuted.
"""


def bhmr2007(n: int, coins: list[int]) -> int:
    requires(0 <= n <= len(coins))
    ensures(result == 3 * n)
    i = 0
    a = 0
    b = 0
    while i < n:
        invariant(0 <= i <= n)
        invariant(a + b == 3 * i)
        decreases(n - i)
        if coins[i] != 0:
            a = a + 1
            b = b + 2
        else:
            a = a + 2
            b = b + 1
        i = i + 1
    assert a + b == 3 * n
    return a + b


def bhmr2007__mutant_operator(n: int, coins: list[int]) -> int:
    requires(0 <= n <= len(coins))
    ensures(result == 3 * n)
    i = 0
    a = 0
    b = 0
    while i < n:
        invariant(0 <= i <= n)
        invariant(a + b == 3 * i)
        if coins[i] != 0:
            a = a + 1
            b = b + 2
        else:
            a = a + 2
            b = b - 1
        i = i + 1
    return a + b


def bhmr2007__mutant_off_by_one(n: int, coins: list[int]) -> int:
    requires(0 <= n <= len(coins))
    ensures(result == 3 * n)
    i = 0
    a = 0
    b = 0
    while i <= n:
        invariant(0 <= i <= n + 1)
        invariant(a + b == 3 * i)
        if coins[i] != 0:
            a = a + 1
            b = b + 2
        else:
            a = a + 2
            b = b + 1
        i = i + 1
    return a + b
