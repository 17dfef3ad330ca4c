# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/hhk2008 (expected: true), translated to checked Python.

Source: T. A. Henzinger, T. Hottelier, L. Kovács, "Valigator: A Verification Tool with Bound and Invariant Generation", LPAR 2008; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; this is an independent translation of the published example.
Invariants and measures are ours. ``*__mutant_*`` functions are wrong and must be refuted.
"""


def hhk2008(a: int, b: int) -> int:
    requires(a <= 1000000 and 0 <= b <= 1000000)
    ensures(result == a + b)
    res = a
    cnt = b
    while cnt > 0:
        invariant(res + cnt == a + b and cnt >= 0)
        decreases(cnt)
        cnt = cnt - 1
        res = res + 1
    assert res == a + b
    return res


def hhk2008__mutant_operator(a: int, b: int) -> int:
    requires(a <= 1000000 and 0 <= b <= 1000000)
    ensures(result == a + b)
    res = a
    cnt = b
    while cnt > 0:
        invariant(res + cnt == a + b and cnt >= 0)
        cnt = cnt - 1
        res = res + 2
    return res


def hhk2008__mutant_off_by_one(a: int, b: int) -> int:
    requires(a <= 1000000 and 0 <= b <= 1000000)
    ensures(result == a + b)
    res = a
    cnt = b
    while cnt >= 0:
        invariant(res + cnt == a + b and cnt >= -1)
        cnt = cnt - 1
        res = res + 1
    return res


def hhk2008__mutant_initial(a: int, b: int) -> int:
    requires(a <= 1000000 and 0 <= b <= 1000000)
    ensures(result == a + b)
    res = a + 1
    cnt = b
    while cnt > 0:
        invariant(res + cnt == a + b and cnt >= 0)
        cnt = cnt - 1
        res = res + 1
    return res
