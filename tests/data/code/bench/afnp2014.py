# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/afnp2014 (expected: true), translated to checked Python.

Source: E. De Angelis, F. Fioravanti, J. A. Navas, M. Proietti, "Verification of Programs by
Combining Iterated Specialization with Interpolation", HCVS 2014; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; this is an independent translation of the published example. The nondeterministic loop guard reads the list parameter ``coins``.
Invariants and measures are ours. ``*__mutant_*`` functions are wrong and must be refuted.
"""


def afnp2014(coins: list[int]) -> int:
    ensures(result >= 0)
    x = 1
    y = 0
    while y < 1000 and y < len(coins) and coins[y] != 0:
        invariant(x >= 1 and x >= y and 0 <= y <= 1000)
        decreases(1000 - y)
        x = x + y
        y = y + 1
    assert x >= y
    return x - y


def afnp2014__mutant_initial(coins: list[int]) -> int:
    ensures(result >= 0)
    x = 0
    y = 0
    while y < 1000 and y < len(coins) and coins[y] != 0:
        invariant(x >= 1 and x >= y and 0 <= y <= 1000)
        x = x + y
        y = y + 1
    return x - y


def afnp2014__mutant_operator(coins: list[int]) -> int:
    ensures(result >= 0)
    x = 1
    y = 0
    while y < 1000 and y < len(coins) and coins[y] != 0:
        invariant(x >= 1 and x >= y and 0 <= y <= 1000)
        x = x - y
        y = y + 1
    return x - y
