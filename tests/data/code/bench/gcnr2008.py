# ruff: noqa: F821  (contract notation, read by the verifier)
"""SV-COMP c/loop-lit/gcnr2008 (expected: false), translated to checked Python.

Source: B. S. Gulavani, S. Chakraborty, A. V. Nori, S. K. Rajamani, "Automatically Refining\nAbstract Interpretations", TACAS 2008; as collected in sv-benchmarks (github.com/sosy-lab/sv-benchmarks,
c/loop-lit). Licence: the sv-benchmarks file carries no licence header and is not
GPL-marked; this is an independent translation of the published example. The\nsuite's own expected failure: the assertion can fail. The nondeterministic loop guard is\nthe length of ``choices``; each iteration's branch is chosen by ``choices[w]``.
Invariants and measures are ours. ``*__mutant_*`` and ``*__false`` functions must be refuted.
"""


def gcnr2008__false(choices: list[int]) -> int:
    ensures(True)
    x = 0
    y = 0
    z = 0
    w = 0
    while w < len(choices) and y < 10000:
        invariant(w >= 0)
        decreases(len(choices) - w)
        if choices[w] == 0:
            x = x + 1
            y = y + 100
        elif choices[w] == 1:
            if x >= 4:
                x = x + 1
                y = y + 1
        elif y > 10 * w and z >= 100 * x:
            y = -y
        w = w + 1
        z = z + 10
    assert x >= 4 and y <= 2
    return x
