# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/gj2007 (expected: true), translated to checked Python.

Source: S. Gulwani, N. Jojic, "Program Verification as Probabilistic Inference", POPL 2007; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; this is an independent translation of the published example.
Invariants and measures are ours. ``*__mutant_*`` functions are wrong and must be refuted.
"""


def gj2007() -> int:
    ensures(result == 100)
    x = 0
    y = 50
    while x < 100:
        invariant(0 <= x <= 100)
        invariant((x <= 50 and y == 50) or (x > 50 and y == x))
        decreases(100 - x)
        if x < 50:
            x = x + 1
        else:
            x = x + 1
            y = y + 1
    assert y == 100
    return y


def gj2007__mutant_off_by_one() -> int:
    ensures(result == 100)
    x = 0
    y = 50
    while x < 100:
        invariant(0 <= x <= 100)
        invariant((x <= 50 and y == 50) or (x > 50 and y == x))
        if x < 51:
            x = x + 1
        else:
            x = x + 1
            y = y + 1
    return y


def gj2007__mutant_initial() -> int:
    ensures(result == 100)
    x = 0
    y = 51
    while x < 100:
        invariant(0 <= x <= 100)
        invariant((x <= 50 and y == 50) or (x > 50 and y == x))
        if x < 50:
            x = x + 1
        else:
            x = x + 1
            y = y + 1
    return y
