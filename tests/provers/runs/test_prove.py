"""Attempting a dataset: the store gets every proof, resume skips solved problems, reports."""

from __future__ import annotations

import json
import re

import pytest

from proofsmith.datasets.store import Store
from proofsmith.provers.runs.report import render_html, render_text, summarize
from proofsmith.provers.runs.run import RunConfig, prove_dataset

ROWS = [
    {
        "id": "a1",
        "domain": "answer",
        "statement": "What is 2+3?",
        "reference": "5",
        "split": "test",
    },
    {
        "id": "a2",
        "domain": "answer",
        "statement": "What is 7*6?",
        "reference": "42",
        "split": "test",
    },
    {
        "id": "a3",
        "domain": "answer",
        "statement": "What is 9-9?",
        "reference": "0",
        "split": "valid",
    },
    {
        "id": "s1",
        "domain": "smt",
        "statement": "(declare-const x Int)\n(assert (> x 3))\n(assert (< x 5))\n(check-sat)\n",
        "reference": "sat",
        "split": "test",
    },
]


def _answers(prompt: str):
    """A prover double that can add and multiply the numbers in the question, sometimes."""
    numbers = [int(x) for x in re.findall(r"\d+", prompt)]
    if "define" in prompt or "declare-const" in prompt:
        return [
            ("```smt2\n(define-fun x () Int 4)\n```", -0.2),
            ("```smt2\n(define-fun x () Int 9)\n```", -0.3),
        ]
    if "+" in prompt:
        return [(f"\\boxed{{{sum(numbers)}}}", -0.1), ("\\boxed{0}", -0.5)]
    if "*" in prompt:
        return [("\\boxed{13}", -0.2), (f"\\boxed{{{numbers[0] * numbers[1]}}}", -0.4)]
    return [("no idea", -1.0), ("\\boxed{1}", -2.0)]


@pytest.fixture
def dataset(tmp_path):
    path = tmp_path / "mini.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n")
    return path


def test_run_stores_proofs_resumes_and_reports(tmp_path, dataset, scripted):
    db = tmp_path / "run.db"
    config = RunConfig(dataset=str(dataset), prover="scripted", n=2, format=None)
    seen = []
    prover = scripted(_answers)
    fmt_config = RunConfig(**{**config.__dict__, "format": "answer-cot", "domains": ("answer",)})
    first = prove_dataset(fmt_config, db, prover=prover, on_outcome=seen.append)
    assert sorted(o.attempt.problem_id for o in seen) == ["a1", "a2", "a3"]  # as they finish
    assert [o.attempt.problem_id for o in first.outcomes] == ["a1", "a2", "a3"]  # input order
    assert len(prover.calls[0]) == 3  # a local prover gets the problems' prompts in one call
    assert {o.attempt.problem_id: o.attempt.outcome for o in first.outcomes} == {
        "a1": "proved",
        "a2": "proved",
        "a3": "failed",
    }
    assert (first.outcomes[1].attempt.n, first.outcomes[1].attempt.correct) == (2, 1)
    assert first.pass_at_k[1] == pytest.approx((0.5 + 0.5 + 0) / 3)
    with Store(db) as store:
        assert store.solved() == {"a1", "a2"}
        (run,) = store.runs()
        assert run.settings["n"] == 2 and run.versions["z3"] and run.versions["sympy"]
        assert {p.proof for p in store.proofs()} == {"5", "42"}

    # resume: solved problems are not attempted again; the smt one is new
    smt_config = RunConfig(dataset=str(dataset), prover="scripted", n=2, format="smt-lemmas")
    second = prove_dataset(smt_config, db, prover=scripted(_answers))
    assert set(second.resumed) == {"a1", "a2"}
    assert {o.attempt.problem_id for o in second.outcomes} == {"a3", "s1"}

    with Store(db) as store:
        report = summarize(store)
    assert (report.attempted, report.solved, report.runs) == (4, 3, 2)
    groups = {(g.split, g.domain): (g.solved, g.attempted) for g in report.groups}
    assert groups == {
        ("test", "answer"): (2, 2),
        ("valid", "answer"): (0, 1),
        ("test", "smt"): (1, 1),
    }
    text = render_text(report)
    assert "solved 3/4" in text and "pass@k" in text
    page = render_html(report)
    assert page.count("<svg") == 3 and "solved 3/4" in page.replace("<b>", "").replace("</b>", "")
    # self-contained: no scripts, no external resources
    assert "<script" not in page and not re.search(r'(src|href)="http', page)


def test_problems_the_checker_cannot_run_become_error_attempts(tmp_path, scripted):
    rows = [{"id": "bad", "domain": "smt", "statement": "(this is not smt", "reference": "sat"}]
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(rows[0]) + "\n")
    config = RunConfig(dataset=str(path), prover="scripted", n=1, format="smt-lemmas")
    summary = prove_dataset(
        config,
        tmp_path / "r.db",
        prover=scripted(lambda p: [("```smt2\n(assert true)\n```", -1.0)]),
    )
    (outcome,) = summary.outcomes
    assert outcome.attempt.outcome == "error" and outcome.message


def test_a_failure_always_says_why(tmp_path, dataset, scripted):
    def answer(prompt: str):
        if "2+3" in prompt:
            return []  # the prover has nothing to offer
        if "7*6" in prompt:
            return [("I would rather not say", -1.0)]  # no boxed answer: nothing to check
        return [("\\boxed{1}", -1.0)]

    config = RunConfig(
        dataset=str(dataset), prover="scripted", n=1, format="answer-cot", domains=("answer",)
    )
    summary = prove_dataset(config, tmp_path / "r.db", prover=scripted(answer))
    messages = {o.attempt.problem_id: (o.attempt.n, o.message) for o in summary.outcomes}
    assert messages["a1"] == (0, "scripted had no candidate")
    assert messages["a2"][0] == 1 and "no candidate in the completion" in messages["a2"][1]
    assert messages["a3"][0] == 1 and messages["a3"][1]


@pytest.mark.parametrize(
    ("resume", "second_attempts"),
    [("solved", {"a1"}), ("attempted", set()), ("none", {"a1", "a2"})],
)
def test_resume_is_per_dataset_and_follows_the_policy(tmp_path, scripted, resume, second_attempts):
    """Two datasets share --out and the id a1: each resumes only from its own rows."""
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    one.write_text(json.dumps({**ROWS[0], "source": "one"}) + "\n")  # a1: 2+3, solved
    rows = [{**ROWS[0], "statement": "What is 9?", "source": "two"}, {**ROWS[1], "source": "two"}]
    two.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = tmp_path / "run.db"
    base = {"prover": "scripted", "n": 2, "format": "answer-cot"}
    first = prove_dataset(RunConfig(dataset=str(one), **base), db, prover=scripted(_answers))
    assert first.solved == 1
    # dataset two: its a1 is not dataset one's a1, so it is attempted (and fails)
    config = RunConfig(dataset=str(two), **base)
    second = prove_dataset(config, db, prover=scripted(_answers))
    assert {o.attempt.problem_id for o in second.outcomes} == {"a1", "a2"}
    assert second.resumed == ()
    # again, with the policy: solved skips a2 (proved), attempted skips both, none neither
    config = RunConfig(dataset=str(two), resume=resume, **base)
    third = prove_dataset(config, db, prover=scripted(_answers))
    assert {o.attempt.problem_id for o in third.outcomes} == second_attempts
    with Store(db) as store:
        assert store.solved("one") == {"a1"} and store.solved("two") == {"a2"}


def test_a_named_run_is_continued_and_loads_its_prover_only_for_work(tmp_path, dataset, scripted):
    """What ``iterate``'s stages rely on: the run named by ``run_key`` is continued (its
    attempted problems skipped, a refused one attempted again), the prover is built only
    when a problem is left, and another name with ``resume="none"`` attempts everything."""
    from proofsmith.errors import ServerRejected

    def refusing(prompt: str):
        if "7*6" in prompt:
            raise ServerRejected("the server refused the request")
        return _answers(prompt)

    built = []

    def make(answer):
        def build():
            built.append(answer)
            return scripted(answer)

        return build

    config = RunConfig(
        dataset=str(dataset),
        n=2,
        format="answer-cot",
        domains=("answer",),
        resume="none",
        concurrency=2,
    )
    db = tmp_path / "run.db"
    key = {"stage": {"round": 0, "name": "eval"}}
    first = prove_dataset(config, db, make_prover=make(refusing), run_key=key)
    outcomes = {o.attempt.problem_id: o for o in first.outcomes}
    assert outcomes["a2"].stopped and not outcomes["a1"].stopped
    assert "refused" in outcomes["a2"].message and outcomes["a3"].attempt.outcome == "failed"

    second = prove_dataset(config, db, make_prover=make(_answers), run_key=key)
    assert second.run_id == first.run_id and set(second.resumed) == {"a1", "a3"}
    assert [o.attempt.problem_id for o in second.outcomes] == ["a2"]
    assert second.outcomes[0].attempt.outcome == "proved"

    third = prove_dataset(config, db, make_prover=make(_answers), run_key=key)
    assert third.run_id == first.run_id and third.outcomes == ()
    assert len(built) == 2  # nothing left: no prover built

    other = {"stage": {"round": 1, "name": "eval"}}
    fourth = prove_dataset(config, db, make_prover=make(_answers), run_key=other)
    assert fourth.run_id != first.run_id and len(fourth.outcomes) == 3  # re-attempted
    with Store(db) as store:
        runs = store.runs()
    assert [r.settings["stage"] for r in runs] == [key["stage"], other["stage"]]
