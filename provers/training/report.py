"""The per-round report of expert iteration: a Markdown table and a self-contained SVG plot.

``write_report(DIR, rounds)`` (re)writes ``DIR/report.md`` and ``DIR/solved.svg`` after every
round: solved counts of the training split (cumulative, verified so far) and of the held-out
split (this round's checkpoint), as fractions per round.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

__all__ = ["RoundReport", "render_svg", "render_table", "write_report"]


@dataclass(frozen=True)
class RoundReport:
    """What one round achieved."""

    round: int
    train_solved: int  # training problems with a verified proof so far (all rounds)
    train_total: int
    heldout_solved: int  # held-out problems the round's checkpoint solved
    heldout_total: int
    examples: int  # fine-tuning pairs the round trained on
    train_loss: float | None
    model: str  # the round's checkpoint directory
    seconds: float

    def line(self) -> str:
        """``round R train_solved=X/N heldout_solved=Y/M``."""
        return (
            f"round {self.round} train_solved={self.train_solved}/{self.train_total} "
            f"heldout_solved={self.heldout_solved}/{self.heldout_total}"
        )


def _pct(solved: int, total: int) -> str:
    return f"{100 * solved / total:.1f}%" if total else "-"


def render_table(rounds: Sequence[RoundReport]) -> str:
    """A Markdown table, one row per round."""
    lines = [
        "| round | train solved | held-out solved | fine-tuning pairs | train loss | seconds |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rounds:
        loss = "-" if r.train_loss is None else f"{r.train_loss:.3f}"
        lines.append(
            f"| {r.round} | {r.train_solved}/{r.train_total} ({_pct(r.train_solved, r.train_total)})"
            f" | {r.heldout_solved}/{r.heldout_total} ({_pct(r.heldout_solved, r.heldout_total)})"
            f" | {r.examples} | {loss} | {r.seconds:.1f} |"
        )
    return "\n".join(lines) + "\n"


def render_svg(rounds: Sequence[RoundReport], width: int = 480, height: int = 300) -> str:
    """Solved fraction per round, train and held-out, as a standalone SVG document."""
    left, right, top, bottom = 50, 20, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    last = max((r.round for r in rounds), default=0)

    def x(round_: int) -> float:
        return left + (plot_w * round_ / last if last else plot_w / 2)

    def y(fraction: float) -> float:
        return top + plot_h * (1 - fraction)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="18" font-size="13">Solved per round (fraction of split)</text>',
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{left + plot_w}" y2="{y(tick):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.2f}</text>'
        )
    for r in rounds:
        parts.append(
            f'<text x="{x(r.round):.1f}" y="{top + plot_h + 16}" text-anchor="middle">'
            f"{r.round}</text>"
        )
    parts.append(
        f'<text x="{left + plot_w / 2}" y="{height - 6}" text-anchor="middle">round</text>'
    )
    series = [
        (
            "train (verified so far)",
            "#1f77b4",
            [(r.round, r.train_solved, r.train_total) for r in rounds],
        ),
        ("held-out", "#d62728", [(r.round, r.heldout_solved, r.heldout_total) for r in rounds]),
    ]
    for index, (label, colour, points) in enumerate(series):
        coords = [(x(rd), y(s / t)) for rd, s, t in points if t]
        if coords:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>'
            )
            parts += [
                f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>' for px, py in coords
            ]
        legend_y = top + 14 * index + 4
        parts.append(
            f'<rect x="{left + 8}" y="{legend_y - 8}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + 22}" y="{legend_y + 1}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def write_report(out_dir: str | Path, rounds: Sequence[RoundReport]) -> None:
    """Write ``report.md`` and ``solved.svg`` into ``out_dir`` (each replaced atomically)."""
    out = Path(out_dir)
    text = "# Expert iteration\n\n" + render_table(rounds) + "\n![solved per round](solved.svg)\n"
    for name, content in (("report.md", text), ("solved.svg", render_svg(rounds))):
        tmp = out / f".{name}.tmp"
        tmp.write_text(content)
        os.replace(tmp, out / name)
