"""Reports on a run database: solved/attempted by dataset, split and domain, pass@k, times.

:func:`summarize` reads the store into a :class:`Report` (the latest attempt of each
problem counts; a problem is solved when the store holds a verified proof for it).
:func:`render_text` gives plain-text tables, :func:`render_html` one self-contained page
with inline SVG plots (pass@k curve, time distribution, solved by domain) and no external
resources.
"""

from __future__ import annotations

import html
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from proofsmith.datasets.store import Attempt, AttemptSummary, Store
from proofsmith.provers.search.passk import pass_at_k_curve

__all__ = ["GroupRow", "Report", "render_html", "render_text", "sampled_counts", "summarize"]


@dataclass(frozen=True)
class GroupRow:
    """Solved/attempted for one (dataset, split, domain)."""

    dataset: str
    split: str
    domain: str
    attempted: int
    solved: int
    mean_s: float

    @property
    def rate(self) -> float:
        return self.solved / self.attempted if self.attempted else 0.0


@dataclass(frozen=True)
class Report:
    db: str
    runs: int
    groups: tuple[GroupRow, ...]
    pass_at_k: dict[int, float]  # over every problem attempted by sampling (see passk)
    sampled: int  # problems attempted by sampling (the denominator of pass@k)
    pass_at_k_by_domain: dict[str, dict[int, float]]
    seconds: tuple[float, ...]  # wall seconds per problem (latest attempt)
    attempted: int
    solved: int
    proofs: int
    tactic_pairs: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "db": self.db,
            "runs": self.runs,
            "attempted": self.attempted,
            "solved": self.solved,
            "proofs": self.proofs,
            "tactic_pairs": self.tactic_pairs,
            "pass_at_k": {str(k): v for k, v in self.pass_at_k.items()},
            "sampled": self.sampled,
            "groups": [
                {**g.__dict__, "rate": round(g.rate, 4), "mean_s": round(g.mean_s, 4)}
                for g in self.groups
            ],
            "seconds": {
                "mean": statistics.fmean(self.seconds) if self.seconds else 0.0,
                "median": statistics.median(self.seconds) if self.seconds else 0.0,
                "max": max(self.seconds, default=0.0),
            },
        }


def sampled_counts(attempts: Iterable[Attempt | AttemptSummary]) -> list[tuple[int, int]]:
    """``(n, correct)`` of every attempt made by sampling: the inputs of pass@k.

    Attempts that produced no candidate (or failed before checking) count with ``n = 0``:
    they were attempted and not solved.
    """
    return [(a.n, a.correct) for a in attempts if a.method == "sample"]


@dataclass
class _Group:
    attempted: int = 0
    solved: int = 0
    seconds: float = 0.0


def summarize(store: Store) -> Report:
    """Aggregate the whole database (every run) into a report.

    The store streams each problem's latest attempt with its solved flag (aggregated in
    SQL); neither proofs nor attempt details are loaded, so memory stays bounded by the
    number of problems, not by the size of the database.
    """
    groups: dict[tuple[str, str, str], _Group] = defaultdict(_Group)
    counts: list[tuple[int, int]] = []
    domain_counts: dict[str, list[tuple[int, int]]] = defaultdict(list)
    seconds: list[float] = []
    attempted = solved = 0
    for a in store.latest_attempts():
        group = groups[(a.dataset, a.split or "-", a.domain)]
        group.attempted += 1
        group.solved += a.solved
        group.seconds += a.seconds
        attempted += 1
        solved += a.solved
        seconds.append(a.seconds)
        if a.method == "sample":
            counts.append((a.n, a.correct))
            domain_counts[a.domain].append((a.n, a.correct))
    rows = tuple(
        GroupRow(dataset, split, domain, g.attempted, g.solved, g.seconds / g.attempted)
        for (dataset, split, domain), g in sorted(groups.items())
    )
    curve = pass_at_k_curve(counts)
    by_domain = {  # at the same k as the whole set, so the curves share an axis
        domain: pass_at_k_curve(domain_counts[domain], ks=list(curve))
        for domain in sorted(domain_counts)
    }
    kinds = store.proof_counts()
    return Report(
        db=str(store.path),
        runs=len(store.runs()),
        groups=rows,
        pass_at_k=curve,
        sampled=len(counts),
        pass_at_k_by_domain=by_domain,
        seconds=tuple(seconds),
        attempted=attempted,
        solved=solved,
        proofs=kinds["proof"],
        tactic_pairs=kinds["tactic"],
    )


def render_text(report: Report) -> str:
    """Plain-text tables (what ``proofsmith report`` prints)."""
    lines = [f"{report.db}: {report.runs} run(s), solved {report.solved}/{report.attempted}"]
    head = f"{'dataset':<16} {'split':<8} {'domain':<8} {'solved':>8} {'rate':>7} {'mean s':>8}"
    lines += ["", head, "-" * len(head)]
    for g in report.groups:
        lines.append(
            f"{g.dataset:<16} {g.split:<8} {g.domain:<8} {f'{g.solved}/{g.attempted}':>8} "
            f"{g.rate:>7.1%} {g.mean_s:>8.2f}"
        )
    if report.pass_at_k:
        lines += [
            "",
            "pass@k  " + "  ".join(f"@{k}={v:.3f}" for k, v in report.pass_at_k.items()),
            f"  over the {report.sampled} problem(s) attempted by sampling",
        ]
    if report.seconds:
        s = report.seconds
        lines.append(
            f"time per problem: mean {statistics.fmean(s):.2f} s, "
            f"median {statistics.median(s):.2f} s, max {max(s):.2f} s"
        )
    lines.append(f"verified proofs: {report.proofs}, state→tactic pairs: {report.tactic_pairs}")
    return "\n".join(lines)


# -- SVG plots ------------------------------------------------------------------------------

_W, _H, _PAD = 420, 240, 40
_COLORS = ("#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280")


def _frame(title: str, body: str, x_label: str, y_label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_W}" height="{_H}" '
        f'viewBox="0 0 {_W} {_H}" role="img" aria-label="{html.escape(title)}">'
        f'<rect width="{_W}" height="{_H}" fill="#fff"/>'
        f'<line x1="{_PAD}" y1="{_H - _PAD}" x2="{_W - 10}" y2="{_H - _PAD}" stroke="#444"/>'
        f'<line x1="{_PAD}" y1="10" x2="{_PAD}" y2="{_H - _PAD}" stroke="#444"/>'
        f'<text x="{_W / 2}" y="{_H - 6}" font-size="11" text-anchor="middle">'
        f"{html.escape(x_label)}</text>"
        f'<text x="12" y="{_H / 2}" font-size="11" text-anchor="middle" '
        f'transform="rotate(-90 12 {_H / 2})">{html.escape(y_label)}</text>{body}</svg>'
    )


def _passk_svg(curves: dict[str, dict[int, float]]) -> str:
    ks = sorted({k for curve in curves.values() for k in curve})
    if not ks:
        return "<p>No sampled attempts: no pass@k.</p>"
    legend_w = 70  # the names of the curves sit right of the plot, never on a line
    right = _W - 10 - legend_w
    span_x, span_y = right - _PAD - 10, _H - _PAD - 20

    def x(k: int) -> float:
        return _PAD + (ks.index(k) / max(1, len(ks) - 1)) * span_x

    def y(v: float) -> float:
        return _H - _PAD - v * span_y

    body = "".join(
        f'<text x="{_PAD - 4}" y="{y(v) + 4:.1f}" font-size="10" text-anchor="end">{v:.1f}</text>'
        f'<line x1="{_PAD}" y1="{y(v):.1f}" x2="{right}" y2="{y(v):.1f}" stroke="#eee"/>'
        for v in (0.0, 0.5, 1.0)
    )
    body += "".join(
        f'<text x="{x(k):.1f}" y="{_H - _PAD + 14}" font-size="10" text-anchor="middle">{k}</text>'
        for k in ks
    )
    for i, (name, curve) in enumerate(curves.items()):
        color = _COLORS[i % len(_COLORS)]
        points = " ".join(f"{x(k):.1f},{y(v):.1f}" for k, v in sorted(curve.items()))
        body += f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>'
        body += "".join(
            f'<circle cx="{x(k):.1f}" cy="{y(v):.1f}" r="3" fill="{color}"/>'
            for k, v in curve.items()
        )
        body += (
            f'<line x1="{right + 8}" y1="{20 + 14 * i}" x2="{right + 20}" y2="{20 + 14 * i}" '
            f'stroke="{color}" stroke-width="2"/>'
            f'<text x="{right + 24}" y="{24 + 14 * i}" font-size="11" fill="{color}">'
            f"{html.escape(name)}</text>"
        )
    return _frame("pass@k", body, "k (samples)", "pass@k")


def _histogram_svg(seconds: tuple[float, ...], bins: int = 10) -> str:
    if not seconds:
        return "<p>No attempts.</p>"
    top = max(seconds) or 1.0
    counts = [0] * bins
    for s in seconds:
        counts[min(bins - 1, int(s / top * bins))] += 1
    peak = max(counts)
    width = (_W - _PAD - 20) / bins
    body = ""
    for i, count in enumerate(counts):
        height = count / peak * (_H - _PAD - 20)
        left = _PAD + i * width
        body += (
            f'<rect x="{left + 1:.1f}" y="{_H - _PAD - height:.1f}" width="{width - 2:.1f}" '
            f'height="{height:.1f}" fill="#2b6cb0"><title>{count} problem(s)</title></rect>'
        )
        if count:
            body += (
                f'<text x="{left + width / 2:.1f}" y="{_H - _PAD - height - 3:.1f}" '
                f'font-size="10" text-anchor="middle">{count}</text>'
            )
    for i in (0, bins // 2, bins):
        body += (
            f'<text x="{_PAD + i * width:.1f}" y="{_H - _PAD + 14}" font-size="10" '
            f'text-anchor="middle">{top * i / bins:.2g}</text>'
        )
    return _frame("time per problem", body, "seconds per problem", "problems")


def _domain_svg(groups: tuple[GroupRow, ...]) -> str:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for g in groups:
        totals[g.domain][0] += g.solved
        totals[g.domain][1] += g.attempted
    if not totals:
        return "<p>No attempts.</p>"
    peak = max(t[1] for t in totals.values())
    width = (_W - _PAD - 20) / len(totals)
    body = ""
    for i, (domain, (solved, attempted)) in enumerate(sorted(totals.items())):
        left = _PAD + i * width
        for value, color in ((attempted, "#cbd5e0"), (solved, "#2f855a")):
            height = value / peak * (_H - _PAD - 30)
            body += (
                f'<rect x="{left + width * 0.2:.1f}" y="{_H - _PAD - height:.1f}" '
                f'width="{width * 0.6:.1f}" height="{height:.1f}" fill="{color}"/>'
            )
        body += (
            f'<text x="{left + width / 2:.1f}" y="{_H - _PAD + 14}" font-size="11" '
            f'text-anchor="middle">{html.escape(domain)}</text>'
            f'<text x="{left + width / 2:.1f}" y="{_H - _PAD - attempted / peak * (_H - _PAD - 30) - 4:.1f}" '
            f'font-size="11" text-anchor="middle">{solved}/{attempted}</text>'
        )
    return _frame("solved by domain", body, "domain (green: solved, grey: attempted)", "problems")


def render_html(report: Report) -> str:
    """One self-contained HTML page (inline CSS and SVG, no scripts, no external files)."""
    rows = "".join(
        f"<tr><td>{html.escape(g.dataset)}</td><td>{html.escape(g.split)}</td>"
        f"<td>{html.escape(g.domain)}</td><td>{g.solved}/{g.attempted}</td>"
        f"<td>{g.rate:.1%}</td><td>{g.mean_s:.2f}</td></tr>"
        for g in report.groups
    )
    passk = "".join(f"<td>{v:.3f}</td>" for v in report.pass_at_k.values())
    passk_head = "".join(f"<th>@{k}</th>" for k in report.pass_at_k)
    curves = {"all": report.pass_at_k, **report.pass_at_k_by_domain}
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>proofsmith report</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em; color: #1a202c; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
td, th {{ border: 1px solid #cbd5e0; padding: 4px 10px; text-align: right; }}
th {{ background: #edf2f7; }} td:first-child, th:first-child {{ text-align: left; }}
.groups td:nth-child(-n+3), .groups th:nth-child(-n+3) {{ text-align: left; }}
.plots {{ display: flex; flex-wrap: wrap; gap: 1.5em; }}
figure {{ margin: 0; }} figcaption {{ font-weight: 600; margin-bottom: 4px; }}
</style></head><body>
<h1>proofsmith report</h1>
<p>{html.escape(report.db)} &middot; {report.runs} run(s) &middot;
solved <b>{report.solved}/{report.attempted}</b> &middot; {report.proofs} verified proofs,
{report.tactic_pairs} state&rarr;tactic pairs</p>
<h2>Solved by dataset, split and domain</h2>
<table class="groups"><tr><th>dataset</th><th>split</th><th>domain</th><th>solved</th><th>rate</th>
<th>mean s</th></tr>{rows}</table>
<h2>pass@k (unbiased estimator)</h2>
<p>Over all {report.sampled} problem(s) attempted by sampling; a problem with fewer than k
samples counts as solved when one of its samples is.</p>
<table><tr><th>k</th>{passk_head}</tr><tr><td>pass@k</td>{passk}</tr></table>
<div class="plots">
<figure><figcaption>pass@k curve</figcaption>{_passk_svg(curves)}</figure>
<figure><figcaption>Time per problem</figcaption>{_histogram_svg(report.seconds)}</figure>
<figure><figcaption>Solved by domain</figcaption>{_domain_svg(report.groups)}</figure>
</div></body></html>
"""
