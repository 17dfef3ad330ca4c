"""Random checked programs against CPython (slow): whatever the checker says `verified`
must survive random inputs under CPython, and every counterexample it gives must replay as
a real failure. The programs mix what is easy to get subtly wrong: floor division and
modulo with negative operands, negative indices, clamped slices, insert/pop, tuple
assignment with element targets, string slicing, and loops with random invariants."""

from __future__ import annotations

import random

import pytest

pytestmark = pytest.mark.slow

_INT = [
    "x", "y", "len(ys)", "ys[0]", "ys[-1]", "ys[x]", "x // 2", "y % -3", "-x // 3",
    "len(s)", "len(s[x:y])", "len(ys[x:])", "min(x, y)", "abs(y)", "(x if y > 0 else -y)",
]  # fmt: skip
_STMTS = [
    ["ys.append({i})"],
    ["ys.insert({i}, {i})"],
    ["if len(ys) > 1:", "    ys.pop()"],
    ["ys[{i}] = {i}"],
    ["x = {i}"],
    ["y, x = x, {i}"],
    ["x, ys[x] = {i}, {i}"],
    ["ys = ys[{i}:] + [{i}]"],
    ["s = s + s[{i}:{i}]"],
    ["ys[{i}] += {i}"],
    ["if {i} > {i}:", "    y = {i}", "else:", "    x = {i}"],
]
_LOOP_INVS = ["0 <= i <= n", "acc >= 0", "acc == i", "acc <= i", "len(ys) == len(xs) + i"]
_LOOP_BODY = [
    ["acc += 1"],
    ["acc = acc + i"],
    ["ys.append(i)"],
    ["if i % 2 == 0:", "    continue"],
    ["if acc > 5:", "    break"],
    ["acc = acc - 1"],
    ["n = n - 1"],
]


def _straight(rng: random.Random, name: str) -> str:
    def fill(line: str) -> str:
        while "{i}" in line:
            line = line.replace("{i}", rng.choice(_INT), 1)
        return line

    body = ["    ys = list(xs)"]
    for _ in range(rng.randint(1, 5)):
        body += ["    " + fill(line) for line in rng.choice(_STMTS)]
    ret = rng.choice(_INT)
    claim = rng.choice([rng.choice(_INT), ret]).replace("ys", "xs")
    op = rng.choice(["==", ">=", "<=", "!="])
    return (
        f"def {name}(x: int, y: int, s: str, xs: list[int]) -> int:\n"
        f"    requires(len(xs) > 0)\n    ensures(result {op} {claim})\n"
        + "\n".join(body)
        + f"\n    return {ret}\n"
    )


def _loop(rng: random.Random, name: str) -> str:
    invs = [f"        invariant({v})" for v in rng.sample(_LOOP_INVS, rng.randint(0, 3))]
    body = ["        " + s for b in rng.sample(_LOOP_BODY, rng.randint(1, 3)) for s in b]
    head = ["    for i in range(n):"]
    if rng.random() < 0.5:
        head = ["    while i < n:"]
        invs += ["        decreases(n - i)"]
        body = ["        i += 1", *body]
    post = rng.choice(["result >= 0", "result == n", "result <= n", "result >= n"])
    return "\n".join(
        [
            f"def {name}(n: int, xs: list[int]) -> int:",
            "    requires(n >= 0 and len(xs) > 0)",
            f"    ensures({post})",
            "    acc = 0",
            "    i = 0",
            "    ys = list(xs)",
            *head,
            *invs,
            *body,
            f"    return {rng.choice(['acc', 'len(ys)', 'i'])}",
        ]
    )


@pytest.mark.parametrize("seed", range(3))
def test_random_programs_agree_with_cpython(checker, runner, seed):
    rng = random.Random(seed)
    seen: dict[str, int] = {}
    for k in range(60):
        name = f"f{k}"
        source = (_loop if k % 2 else _straight)(rng, name)
        (report,) = checker.verify_source(source, timeout_s=5)
        seen[report["status"]] = seen.get(report["status"], 0) + 1
        if report["status"] == "verified":
            out = runner.run(("fuzz", source, name, 200, seed, True), timeout_s=120)
            assert out["failure"] is None, (source, out)
        elif report["status"] == "counterexample" and k % 2 == 0:  # loop heads may be unreachable
            failed = next(o for o in report["obligations"] if o["status"] == "failed")
            entry = failed["counterexample"]["entry"]
            if any(isinstance(v, list) and "…" in v for v in entry.values()):
                continue
            replay = runner.run(("replay", source, name, list(entry.values())), timeout_s=60)
            assert replay["pre"] and replay["kind"] is not None, (source, entry, replay)
    assert seen.get("verified", 0) >= 1 and seen.get("counterexample", 0) >= 10, seen
