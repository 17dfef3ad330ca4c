"""The checker API: verdict statuses, time limits, routing, batches in order."""

from __future__ import annotations

import json

import psutil
import pytest

from proofsmith.checkers import Status, checker_for
from proofsmith.checkers.answer import check, check_many, check_records, label
from proofsmith.checkers.answer.checker import run_limited, verdict_from
from proofsmith.checkers.limits import LimitedPool
from proofsmith.datasets.problem import Problem
from proofsmith.errors import InputError


def test_three_way_verdict_and_details():
    equal = check(r"\frac{1}{2}", r"So the result is \boxed{0.5}.")
    assert equal.status is Status.PROVED and label(equal) == "equal"
    assert equal.checked_text == "0.5"
    assert equal.details["verdict"] == "equal"
    assert equal.details["gold"] == r"\frac{1}{2}" and equal.details["pred"] == "0.5"
    wrong = check("2", "3")
    assert wrong.status is Status.REFUTED and label(wrong) == "not_equal"
    unparsable = check("2", r"\frac{")
    assert unparsable.status is Status.ERROR and label(unparsable) == "unknown"
    assert "cannot parse" in unparsable.reason


def test_time_limit_gives_timeout_not_not_equal():
    from answer.answer_workers import slow_judge  # tests/ is on the workers' sys.path

    with LimitedPool(slow_judge, jobs=1) as pool:
        result = run_limited(pool, "2", "2", timeout_s=0.5, rel_tol=1e-6)
        pids = [w.process.pid for w in pool._all]
    verdict = verdict_from(result)
    assert verdict.status is Status.TIMEOUT and label(verdict) == "unknown"
    assert "timed out after 0.5 s" in verdict.reason
    assert not any(
        psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in pids
    )
    assert label(check("2", "2")) == "equal"


def test_routing_gives_the_answer_checker():
    checker = checker_for("answer", timeout_s=5)
    problem = Problem(id="p", domain="answer", statement="1+1?", reference="2")
    assert label(checker.check(problem, "The answer is 2.")) == "equal"
    assert label(checker.check(problem, "The answer is 3.")) == "not_equal"
    with pytest.raises(InputError, match="no reference"):
        checker.check(Problem(id="q", domain="answer", statement="?"), "1")


def test_batch_keeps_order():
    pairs = [(str(i), str(i if i % 3 else i + 1)) for i in range(30)]
    labels = [label(v) for v in check_many(pairs, jobs=2)]
    assert labels == ["equal" if i % 3 else "not_equal" for i in range(30)]


def test_records_survive_bad_lines():
    lines = [
        json.dumps({"id": 1, "answer": "1/2", "output": "0.5"}),
        "{not json",
        json.dumps({"id": 3, "answer": "2"}),
        json.dumps([1, 2]),
        "",
        json.dumps({"id": 5, "answer": "(1,2)", "output": "[1,2]"}),
    ]
    out = list(check_records(lines, gold_key="answer", pred_key="output", jobs=2))
    assert [r["verdict"] for r in out] == ["equal", "unknown", "unknown", "unknown", "not_equal"]
    assert out[0]["id"] == 1 and out[4]["id"] == 5 and "seconds" in out[0]
    assert "not JSON" in out[1]["reason"] and "lacks output" in out[2]["reason"]
