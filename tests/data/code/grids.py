# ruff: noqa: F821  (requires/ensures/invariant/decreases are contract notation)
"""2-D lists (read-only list[list[int]] parameters): row sums, a cell search."""


def row_total(g: list[list[int]], r: int) -> int:
    requires(0 <= r < len(g))
    ensures(result == sum(g[r]))
    s = 0
    for j in range(len(g[r])):
        invariant(s == sum(g[r][k] for k in range(j)))
        s += g[r][j]
    return s


def has_negative(g: list[list[int]]) -> bool:
    ensures(result == any(g[i][j] < 0 for i in range(len(g)) for j in range(len(g[i]))))
    for i in range(len(g)):
        invariant(all(g[p][j] >= 0 for p in range(i) for j in range(len(g[p]))))
        for j in range(len(g[i])):
            invariant(all(g[p][q] >= 0 for p in range(i) for q in range(len(g[p]))))
            invariant(all(g[i][q] >= 0 for q in range(j)))
            if g[i][j] < 0:
                return True
    return False


def diagonal(g: list[list[int]]) -> list[int]:
    requires(all(len(g[i]) == len(g) for i in range(len(g))))
    ensures(len(result) == len(g))
    ensures(all(result[k] == g[k][k] for k in range(len(g))))
    out = []
    for i in range(len(g)):
        invariant(len(out) == i)
        invariant(all(out[k] == g[k][k] for k in range(i)))
        out.append(g[i][i])
    return out
