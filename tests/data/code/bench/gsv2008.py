# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/gsv2008 (expected: true), translated to checked Python.

Source: S. Gulwani, S. Srivastava, R. Venkatesan, "Program Analysis as Constraint Solving",
PLDI 2008; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; this is an independent translation of the published example. LARGE_INT is
1000000. Termination is not claimed (no measure): the verdict is partial correctness.
Invariants and measures are ours. ``*__mutant_*`` functions are wrong and must be refuted.
"""


def gsv2008(y: int) -> int:
    requires(-1000 < y < 1000000)
    ensures(result > 0)
    x = -50
    while x < 0:
        invariant(x < 0 or y > 0)
        x = x + y
        y = y + 1
    assert y > 0
    return y


def gsv2008__mutant_initial(y: int) -> int:
    requires(-1000 < y < 1000000)
    ensures(result > 0)
    x = 50
    while x < 0:
        invariant(x < 0 or y > 0)
        x = x + y
        y = y + 1
    return y


def gsv2008__mutant_operator(y: int) -> int:
    requires(-1000 < y < 1000000)
    ensures(result > 0)
    x = -50
    while x < 0:
        invariant(x < 0 or y > 0)
        x = x - y
        y = y + 1
    return y
