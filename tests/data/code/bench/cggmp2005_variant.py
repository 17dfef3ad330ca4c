# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/cggmp2005_variant (expected: true), translated to checked Python.

Source: A. Costan, S. Gaubert, E. Goubault, M. Martel, S. Putot, "A Policy Iteration Algorithm\nfor Computing Fixed Points in Static Analysis of Programs", CAV 2005; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; this is an independent translation of the published example.
Invariants and measures are ours. ``*__mutant_*`` functions are wrong and must be refuted.
"""


def cggmp2005_variant(mid: int) -> int:
    requires(mid > 0)
    ensures(result == 0)
    m0 = mid
    lo = 0
    hi = 2 * mid
    while mid > 0:
        invariant(mid >= 0 and lo + mid == m0 and hi == m0 + mid)
        decreases(mid)
        lo = lo + 1
        hi = hi - 1
        mid = mid - 1
    assert lo == hi
    return lo - hi


def cggmp2005_variant__mutant_initial(mid: int) -> int:
    requires(mid > 0)
    ensures(result == 0)
    m0 = mid
    lo = 0
    hi = 2 * mid + 1
    while mid > 0:
        invariant(mid >= 0 and lo + mid == m0 and hi == m0 + mid)
        lo = lo + 1
        hi = hi - 1
        mid = mid - 1
    return lo - hi


def cggmp2005_variant__mutant_off_by_one(mid: int) -> int:
    requires(mid > 0)
    ensures(result == 0)
    m0 = mid
    lo = 0
    hi = 2 * mid
    while mid >= 0:
        invariant(mid >= -1 and lo + mid == m0 and hi == m0 + mid)
        lo = lo + 1
        hi = hi - 1
        mid = mid - 1
    return lo - hi
