"""Reports: pass@k counts every problem attempted by sampling, at every k, in text and HTML."""

from __future__ import annotations

import re

import pytest

from proofsmith.datasets.store import Attempt, Store
from proofsmith.provers.runs.report import render_html, render_text, summarize


def _attempt(pid: str, method: str, n: int, correct: int, domain: str = "answer") -> Attempt:
    outcome = "proved" if correct else "failed"
    return Attempt(pid, "mini", domain, method, outcome, n, correct, 0.1, "test")


def test_pass_at_k_counts_every_sampled_problem_and_rises_with_k(tmp_path):
    with Store(tmp_path / "r.db") as store:
        run = store.start_run("mini", "portfolio", {}, {})
        for attempt in (
            _attempt("one-right", "sample", 1, 1),
            _attempt("no-candidate", "sample", 0, 0),
            _attempt("one-of-three", "sample", 3, 1, "smt"),
            _attempt("two-wrong", "sample", 2, 0),
            _attempt("searched", "bfs", 5, 1),  # best-first: not a pass@k sample
        ):
            store.add_attempt(run, attempt)
        report = summarize(store)

    assert report.sampled == 4
    assert list(report.pass_at_k) == [1, 2, 3]
    assert report.pass_at_k[1] == pytest.approx((1 + 0 + 1 / 3 + 0) / 4)
    assert report.pass_at_k[2] == pytest.approx((1 + 0 + 2 / 3 + 0) / 4)
    assert report.pass_at_k[3] == pytest.approx(2 / 4)
    assert report.pass_at_k_by_domain == {
        "answer": {1: pytest.approx(1 / 3), 2: pytest.approx(1 / 3), 3: pytest.approx(1 / 3)},
        "smt": {1: pytest.approx(1 / 3), 2: pytest.approx(2 / 3), 3: 1.0},
    }

    text = render_text(report)
    assert "pass@k  @1=0.333  @2=0.417  @3=0.500" in text
    assert "over the 4 problem(s) attempted by sampling" in text
    page = render_html(report)
    row = re.search(r"<td>pass@k</td>((?:<td>[\d.]+</td>)+)</tr>", page)
    assert row is not None
    assert re.findall(r"[\d.]+", row.group(1)) == ["0.333", "0.417", "0.500"]
    assert "Over all 4 problem(s) attempted by sampling" in page
