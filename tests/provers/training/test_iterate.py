"""Expert iteration end to end: tiny model, real answer checker, real portfolio, real store."""

from __future__ import annotations

import json

import pytest

from proofsmith.datasets.store import Store
from proofsmith.errors import InputError
from proofsmith.provers.formats import load_format_file
from proofsmith.provers.search.sampling import SampleConfig
from proofsmith.provers.training.finetune import FinetuneConfig
from proofsmith.provers.training.iterate import IterateConfig, iterate
from proofsmith.provers.training.tiny import QA_FORMAT, arithmetic_problems

TINY_ROUND = IterateConfig(
    rounds=1,
    sampling=SampleConfig(n=2, max_tokens=4, temperature=1.0, top_p=1.0, timeout_s=10),
    finetune=FinetuneConfig(epochs=2, learning_rate=3e-3, batch_size=16, logging_steps=10**6),
    seed_limit=12,
    chunk=16,
    prover_options={"batch_size": 64},
)


@pytest.fixture
def qa_format(tmp_path):
    path = tmp_path / "qa.toml"
    path.write_text(QA_FORMAT)
    return load_format_file(path)


def test_one_round_end_to_end_then_resume(tiny_model, tmp_path, qa_format):
    problems = arithmetic_problems(24, 6, max_operand=20)
    out = tmp_path / "run"
    seen = []
    (report,) = iterate(problems, tiny_model, out, qa_format, TINY_ROUND, on_round=seen.append)
    assert seen == [report] and report.round == 0
    assert (report.train_total, report.heldout_total) == (24, 6)
    # the portfolio seeded 12 verified answers; a random model adds next to nothing
    assert 12 <= report.train_solved <= 24 and report.examples == report.train_solved
    assert (out / "round-0" / "model" / "finetune.json").is_file()
    assert json.loads((out / "rounds.jsonl").read_text())["heldout_total"] == 6
    assert "| 0 | " in (out / "report.md").read_text()
    assert (out / "solved.svg").read_text().startswith("<svg")

    with Store(out / "store.db") as store:
        proofs = store.proofs()
        stages = [r.settings["iterate"] for r in store.runs()]
    assert {p.split for p in proofs} <= {"train", "test"}
    train_proofs = [p for p in proofs if p.split == "train"]
    assert all(
        p.proof == next(q.reference for q in problems if q.id == p.problem_id) for p in proofs
    )
    assert len({p.problem_id for p in train_proofs}) == report.train_solved
    assert {"round": -1, "stage": "portfolio"} in stages and {"round": 0, "stage": "eval"} in stages

    # re-running the finished run does no work and reports the same round
    again = iterate(problems, tiny_model, out, qa_format, TINY_ROUND)
    assert again == [report]
    with Store(out / "store.db") as store:
        assert len(store.runs()) == len(stages)


@pytest.mark.parametrize("from_base", [True, False])
def test_rounds_start_from_the_base_and_evaluate_with_one_seed(
    tiny_model, tmp_path, qa_format, from_base
):
    from proofsmith.provers.load import load_prover

    loads = []

    def load(spec, **options):
        loads.append((spec, options.get("seed")))
        return load_prover(spec, **options)

    config = IterateConfig(
        **{
            **TINY_ROUND.__dict__,
            "rounds": 2,
            "seed_limit": 6,
            "seed": 5,
            "from_base": from_base,
            "eval_sampling": SampleConfig(n=1, max_tokens=4, temperature=0.0),
            "finetune": FinetuneConfig(max_steps=2, batch_size=4, logging_steps=10**6),
        }
    )
    out = tmp_path / "run"
    problems = arithmetic_problems(12, 4, max_operand=9)
    reports = iterate(problems, tiny_model, out, qa_format, config, load=load)
    assert [r.round for r in reports] == [0, 1]
    started = json.loads((out / "round-1" / "model" / "finetune.json").read_text())["base_model"]
    expected = tiny_model.resolve() if from_base else (out / "round-0" / "model").resolve()
    assert started == str(expected)
    model_loads = [(spec, seed) for spec, seed in loads if spec != "portfolio"]
    round0, round1 = str(out / "round-0" / "model"), str(out / "round-1" / "model")
    # training samples: a new seed per round; held-out: the same seed and budget every round
    assert model_loads == [(str(tiny_model), 6), (round0, 5), (round0, 7), (round1, 5)]
    with Store(out / "store.db") as store:
        for run in store.runs():
            if run.settings["iterate"]["stage"] == "eval":
                assert {a.n for a in store.attempts(run.id)} == {1}  # greedy, one candidate


def test_dropping_portfolio_problems_leaves_nothing_to_learn(tiny_model, tmp_path, qa_format):
    problems = arithmetic_problems(8, 2, max_operand=9)
    config = IterateConfig(
        **{**TINY_ROUND.__dict__, "seed_limit": None, "drop_portfolio_solved": True}
    )
    with pytest.raises(InputError, match="no verified training proofs"):
        iterate(problems, tiny_model, tmp_path / "run", qa_format, config)


def test_missing_training_split_is_a_usage_error(tiny_model, tmp_path, qa_format):
    problems = arithmetic_problems(0, 3, max_operand=9)
    with pytest.raises(InputError, match="no problems in the training split"):
        iterate(problems, tiny_model, tmp_path / "run", qa_format, TINY_ROUND)
