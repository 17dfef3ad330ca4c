# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/mcmillan2006 (expected: true), translated to checked Python.

Source: K. McMillan, "Lazy Abstraction With Interpolants", CAV 2006; as collected in
sv-benchmarks (github.com/sosy-lab/sv-benchmarks, c/loop-lit). Licence: the
sv-benchmarks file carries no licence header and is not GPL-marked; independent
translation. ``malloc`` becomes a list of ``n`` (garbage) values; the second loop's
``__VERIFIER_assert`` becomes ``assert``. Invariants are ours.
``*__mutant_*`` functions are wrong and must be refuted.
"""


def mcmillan2006(n: int, garbage: int) -> int:
    requires(0 <= n <= 1000)
    ensures(result == n)
    x = [garbage] * n
    for i in range(n):
        invariant(len(x) == n)
        invariant(all(x[k] == 0 for k in range(i)))
        x[i] = 0
    for i in range(n):
        invariant(len(x) == n)
        invariant(all(x[k] == 0 for k in range(n)))
        assert x[i] == 0
    return len(x)


def mcmillan2006__mutant_off_by_one(n: int, garbage: int) -> int:
    requires(0 <= n <= 1000)
    ensures(result == n)
    x = [garbage] * n
    for i in range(n - 1):
        invariant(len(x) == n)
        invariant(all(x[k] == 0 for k in range(i)))
        x[i] = 0
    for i in range(n):
        invariant(len(x) == n)
        invariant(all(x[k] == 0 for k in range(i)))
        assert x[i] == 0
    return len(x)


def mcmillan2006__mutant_value(n: int, garbage: int) -> int:
    requires(0 <= n <= 1000)
    ensures(result == n)
    x = [garbage] * n
    for i in range(n):
        invariant(len(x) == n)
        invariant(all(x[k] == 0 for k in range(i)))
        x[i] = i
    for i in range(n):
        invariant(len(x) == n)
        invariant(all(x[k] == 0 for k in range(i)))
        assert x[i] == 0
    return len(x)
