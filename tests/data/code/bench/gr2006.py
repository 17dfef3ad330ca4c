# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/gr2006 (expected: true), translated to checked Python.

Source: D. Gopan, T. Reps, "Lookahead Widening", CAV 2006; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; this is an independent translation of the published example.
Invariants and measures are ours. ``*__mutant_*`` functions are wrong and must be refuted.
"""


def gr2006() -> int:
    ensures(result == 100)
    x = 0
    y = 0
    while True:
        invariant(0 <= x <= 100)
        invariant((x <= 50 and y == x) or (x >= 50 and y == 100 - x))
        decreases(101 - x)
        if x < 50:
            y = y + 1
        else:
            y = y - 1
        if y < 0:
            break
        x = x + 1
    assert x == 100
    return x


def gr2006__mutant_off_by_one() -> int:
    ensures(result == 100)
    x = 0
    y = 0
    while True:
        invariant(0 <= x <= 100)
        invariant((x <= 50 and y == x) or (x >= 50 and y == 100 - x))
        decreases(101 - x)
        if x < 49:
            y = y + 1
        else:
            y = y - 1
        if y < 0:
            break
        x = x + 1
    return x


def gr2006__mutant_initial() -> int:
    ensures(result == 100)
    x = 0
    y = 1
    while True:
        invariant(0 <= x <= 100)
        invariant((x <= 50 and y == x) or (x >= 50 and y == 100 - x))
        if x < 50:
            y = y + 1
        else:
            y = y - 1
        if y < 0:
            break
        x = x + 1
    return x
