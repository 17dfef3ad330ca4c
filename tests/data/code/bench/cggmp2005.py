# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/cggmp2005 (expected: true), translated to checked Python.

Source: A. Costan, S. Gaubert, E. Goubault, M. Martel, S. Putot, "A Policy Iteration
Algorithm for Computing Fixed Points in Static Analysis of Programs", CAV 2005; as
collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks, c/loop-lit). Licence:
the sv-benchmarks file carries no licence header and is not GPL-marked; this is an
independent translation of the published example. Invariants and measure are ours.
Functions named ``*__mutant_*`` are deliberately wrong and must be refuted.
"""


def cggmp2005() -> int:
    ensures(result == 6)
    i = 1
    j = 10
    while j >= i:
        invariant(i + 2 * j == 21)
        invariant(j >= 6)
        decreases(j - i + 3)
        i = i + 2
        j = -1 + j
    assert j == 6
    return j


def cggmp2005__mutant_initial() -> int:
    ensures(result == 6)
    i = 1
    j = 11
    while j >= i:
        invariant(i + 2 * j == 23)
        invariant(j >= 7)
        i = i + 2
        j = -1 + j
    assert j == 6
    return j


def cggmp2005__mutant_operator() -> int:
    ensures(result == 6)
    i = 1
    j = 10
    while j > i:
        invariant(i + 2 * j == 21)
        invariant(j >= 6)
        i = i + 2
        j = -1 + j
    assert j == 6
    return j
