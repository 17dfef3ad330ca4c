# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/css2003 (expected: true), translated to checked Python.

Source: M. Colón, S. Sankaranarayanan, H. Sipma, "Linear Invariant Generation Using Non-linear Constraint Solving", CAV 2003; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; this is an independent translation of the published example. LARGE_INT is 1000 here
(SV-COMP: 1000000) so CPython replays stay fast; the proof does not depend on it.
Invariants and measures are ours. ``*__mutant_*`` functions are wrong and must be refuted.
"""


def css2003(k: int) -> int:
    requires(0 <= k <= 1)
    ensures(1 <= result <= 2)
    i = 1
    j = 1
    while i < 1000:
        invariant(1 <= i + k <= 2 and 1 <= i <= 1000)
        decreases(1000 - i)
        i = i + 1
        j = j + k
        k = k - 1
        assert 1 <= i + k <= 2 and i >= 1
    return i + k


def css2003__mutant_operator(k: int) -> int:
    requires(0 <= k <= 1)
    ensures(1 <= result <= 2)
    i = 1
    j = 1
    while i < 1000:
        invariant(1 <= i + k <= 2 and 1 <= i <= 1000)
        i = i + 1
        j = j + k
        k = k - 2
        assert 1 <= i + k <= 2 and i >= 1
    return i + k


def css2003__mutant_initial(k: int) -> int:
    requires(0 <= k <= 1)
    ensures(1 <= result <= 2)
    i = 0
    j = 1
    while i < 1000:
        invariant(1 <= i + k <= 2 and 0 <= i <= 1000)
        i = i + 1
        j = j + k
        k = k - 1
        assert 1 <= i + k <= 2 and i >= 1
    return i + k
