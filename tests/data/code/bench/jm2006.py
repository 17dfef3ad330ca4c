# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/jm2006 (expected: true), translated to checked Python.

Source: credited to Anubhav Gupta; appears in R. Jhala, K. McMillan, "A Practical and Complete
Approach to Predicate Refinement", TACAS 2006; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; this is an independent translation of the published example. We add
``requires(i >= 0 and j >= 0)``: with unbounded ints the loop never ends for a negative i.
Invariants and measures are ours. ``*__mutant_*`` functions are wrong and must be refuted.
"""


def jm2006(i: int, j: int) -> int:
    requires(i >= 0 and j >= 0)
    ensures(i != j or result == 0)
    x = i
    y = j
    while x != 0:
        invariant(x - y == i - j and x >= 0)
        decreases(x)
        x = x - 1
        y = y - 1
    return y


def jm2006__mutant_operator(i: int, j: int) -> int:
    requires(i >= 0 and j >= 0)
    ensures(i != j or result == 0)
    x = i
    y = j
    while x != 0:
        invariant(x - y == i - j and x >= 0)
        x = x - 1
        y = y + 1
    return y


def jm2006__mutant_initial(i: int, j: int) -> int:
    requires(i >= 0 and j >= 0)
    ensures(i != j or result == 0)
    x = i
    y = j + 1
    while x != 0:
        invariant(x - y == i - j and x >= 0)
        x = x - 1
        y = y - 1
    return y
