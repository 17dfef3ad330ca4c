"""Reward functions called exactly as TRL's GRPOTrainer and verl's reward manager call them
(keyword names, per-column lists, chat completions, return types), locally and through
a running serve-checkers."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from helpers_service import DATA, WRONG_CODE, serving

from proofsmith.errors import InputError
from proofsmith.rewards import (
    answer_reward,
    close_clients,
    code_reward,
    compute_score,
    lean_reward,
    make_reward,
    smt_reward,
)
from proofsmith.service import RunnerOptions, shared_runner


def grpo_call(reward_func, rows: list[dict], completions: list, conversational: bool = False):
    """Call ``reward_func`` the way GRPOTrainer does: every dataset column but the prompt
    as a keyword list aligned with the completions, plus prompts, completion ids and state."""
    if conversational:
        prompts = [[{"role": "user", "content": r["prompt"]}] for r in rows]
        completions = [[{"role": "assistant", "content": c}] for c in completions]
    else:
        prompts = [r["prompt"] for r in rows]
    keys = [k for k in rows[0] if k not in ("prompt", "completion", "completion_ids")]
    columns = {k: [r[k] for r in rows] for k in keys}
    out = reward_func(
        prompts=prompts,
        completions=completions,
        completion_ids=[[1, 2, 3] for _ in completions],
        trainer_state=SimpleNamespace(global_step=7),
        **columns,
    )
    assert isinstance(out, list) and all(type(x) is float for x in out)
    return out


ANSWER_ROWS = [
    {"prompt": "What is 1/2 as a decimal?", "solution": "0.5", "level": "1"},
    {"prompt": "Compute 2^10.", "solution": "1024", "level": "2"},
    {"prompt": "Simplify 6/4.", "solution": "\\frac{3}{2}", "level": "1"},
]
ANSWER_COMPLETIONS = [
    "Half is \\boxed{\\frac{1}{2}}.",
    "2^10 = 1000, so \\boxed{1000}.",
    "The answer is 1.5",
]


@pytest.mark.parametrize("conversational", [False, True])
def test_answer_reward_as_grpo_calls_it(conversational):
    got = grpo_call(answer_reward, ANSWER_ROWS, ANSWER_COMPLETIONS, conversational)
    assert got == [1.0, 0.0, 1.0]
    runner = shared_runner()
    checker = runner.checker("answer")
    grpo_call(answer_reward, ANSWER_ROWS, ANSWER_COMPLETIONS)
    assert shared_runner() is runner and runner.checker("answer") is checker  # stays warm


def test_problem_rewards_take_the_problem_from_the_columns():
    nra = (DATA / "smt" / "nra_unsat.smt2").read_text()
    smt_rows = [{"prompt": "p", "statement": nra, "reference": "unsat"}] * 2
    assert grpo_call(smt_reward, smt_rows, ["", "(assert false)"]) == [1.0, 0.0]
    arith = (DATA / "code" / "arith.py").read_text()
    code_rows = [
        {"prompt": "p", "problem": {"id": "c1", "statement": arith, "function": "sum_to"}},
        {"prompt": "p", "problem": json.dumps({"id": "c2", "statement": WRONG_CODE})},
    ]
    assert grpo_call(code_reward, code_rows, ["", ""], conversational=True) == [1.0, 0.0]
    lean_rows = [{"prompt": "p", "statement": "theorem t : 1 + 1 = 2", "header": ""}]
    assert grpo_call(lean_reward, lean_rows, ["by sorry"]) == [0.0]
    with pytest.raises(InputError, match="'statement' column"):
        grpo_call(smt_reward, [{"prompt": "p", "claim": "sat"}], [""])


def test_compute_score_as_verl_calls_it():
    score = compute_score(
        data_source="math",
        solution_str="so \\boxed{42}",
        ground_truth="42",
        extra_info={"index": 0},
    )
    assert type(score) is float and score == 1.0
    assert compute_score(data_source="math", solution_str="41", ground_truth="42") == 0.0
    smt = (DATA / "smt" / "lia_sat.smt2").read_text()
    record = {"id": "s", "domain": "smt", "statement": smt, "reference": "sat"}
    assert compute_score("smt", "", json.dumps(record), None) == 1.0
    assert compute_score("smt", "", "unsat", {"domain": "smt", "statement": smt}) == 0.0


@pytest.fixture(scope="module")
def server():
    with serving(RunnerOptions(jobs=1)) as srv:
        yield srv


def test_rewards_through_a_running_server(server, monkeypatch):
    reward = make_reward("answer", url=server.url)
    assert reward.__name__ == "answer_reward"
    assert grpo_call(reward, ANSWER_ROWS, ANSWER_COMPLETIONS, True) == [1.0, 0.0, 1.0]
    assert server.runner.stats["checked"] == 3  # the server did the checking
    monkeypatch.setenv("PROOFSMITH_CHECK_URL", server.url)
    nra = (DATA / "smt" / "nra_unsat.smt2").read_text()
    assert grpo_call(smt_reward, [{"prompt": "p", "statement": nra}], [""]) == [1.0]
    assert compute_score("math", "\\boxed{7}", "7") == 1.0
    assert server.runner.stats["checked"] == 5
    # the warm client kept for url= checks is closed on request (and at exit)
    from proofsmith.rewards import functions

    (client,) = functions._clients.values()
    close_clients()
    assert not functions._clients and client._http.is_closed
