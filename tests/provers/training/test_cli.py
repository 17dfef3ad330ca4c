"""The `proofsmith finetune` and `proofsmith iterate` commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from proofsmith.datasets.problem import Problem
from proofsmith.datasets.store import Store
from proofsmith.provers.base import DEFAULT_SAMPLING, Candidate
from proofsmith.provers.formats import get_format
from proofsmith.provers.runs.run import RunConfig, prove_dataset
from proofsmith.provers.training.sft_data import read_proof_records, sft_examples
from proofsmith.provers.training.tiny import QA_FORMAT, arithmetic_problems

FAKE_REPL = Path(__file__).resolve().parents[2] / "lean" / "fake_repl.py"
GOAL = "x : ℕ\nh : x = 2\n⊢ x + 0 = 2"
TREE = {
    "goal": GOAL,
    "tactics": {
        "0": {"subst h": {"proofState": 2, "goals": ["⊢ 2 + 0 = 2"]}},
        "2": {"rfl": {"proofState": 5, "goals": []}},
    },
}


class _Tactics:
    """A tactic prover double: the right tactic for each state of TREE."""

    name = "tactics"

    def generate(self, prompts, params=DEFAULT_SAMPLING):
        def tactic(prompt: str) -> str:
            return "subst h" if GOAL in prompt else "rfl"

        return [[Candidate(tactic(p), -0.1, 2, p)] for p in prompts]

    def close(self) -> None:
        pass


def test_finetune_command_trains_on_an_export(cli, tiny_model, tmp_path):
    """prove (best-first, the real Lean checker on a scripted REPL) → export → finetune:
    every state→tactic pair is trained on a prompt that holds its state."""
    tree = tmp_path / "tree.json"
    tree.write_text(json.dumps(TREE, ensure_ascii=False), encoding="utf-8")
    problem = Problem(
        id="foo",
        domain="lean",
        statement="theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by sorry",
        header="import Mathlib\n",
    )
    data = tmp_path / "lean.jsonl"
    data.write_text(json.dumps(problem.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
    repl = [sys.executable, str(FAKE_REPL), "--script", str(tree)]
    config = RunConfig(
        dataset=str(data),
        search="bfs",
        n=1,
        format="bfs-prover",
        checker_options={"lean": {"repl_command": repl}},
    )
    summary = prove_dataset(config, tmp_path / "run.db", prover=_Tactics())
    assert summary.solved == 1

    export = tmp_path / "pairs.jsonl"
    done = cli(["export", str(tmp_path / "run.db"), "--out", str(export), "--kind", "tactic"])
    assert done.exit_code == 0, done.output
    examples = sft_examples(read_proof_records(export), get_format("bfs-prover"))
    assert [(e.prompt, e.completion) for e in examples] == [
        (f"{GOAL}:::", "subst h"),
        ("⊢ 2 + 0 = 2:::", "rfl"),
    ]
    args = ["finetune", str(export), "--model", str(tiny_model), "--out", str(tmp_path / "ft")]
    args += ["--format", "bfs-prover", "--kinds", "tactic", "--max-steps", "2", "--json"]
    result = cli(args)
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    summary_ft = json.loads(line)
    assert summary_ft["examples"] == 2 and summary_ft["steps"] == 2
    assert (tmp_path / "ft" / "model.safetensors").is_file()


def test_finetune_command_bad_input_exits_2(cli, tiny_model, tmp_path):
    result = cli(
        [
            "finetune",
            str(tmp_path / "none.jsonl"),
            "--model",
            str(tiny_model),
            "--out",
            str(tmp_path / "ft"),
        ]
    )
    assert result.exit_code == 2 and "no such file" in result.output


def test_iterate_command_prints_one_line_per_round(cli, tiny_model, tmp_path):
    data = tmp_path / "arith.jsonl"
    problems = arithmetic_problems(10, 4, max_operand=9)
    data.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in problems))
    fmt = tmp_path / "qa.toml"
    fmt.write_text(QA_FORMAT)
    args = [
        "iterate",
        str(data),
        "--model",
        str(tiny_model),
        "--rounds",
        "1",
        "--out",
        str(tmp_path / "run"),
        "--format",
        str(fmt),
        "--samples",
        "2",
        "--max-tokens",
        "4",
        "--seed-limit",
        "5",
        "--epochs",
        "1",
        "--lr",
        "1e-3",
        "--min-steps",
        "3",
        "--eval-samples",
        "1",
        "--eval-temperature",
        "0",
    ]
    result = cli(args)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().splitlines() == [
        line for line in result.stdout.strip().splitlines() if line.startswith("round 0 ")
    ]
    assert "heldout_solved=" in result.stdout and "/4" in result.stdout
    ft = json.loads((tmp_path / "run" / "round-0" / "model" / "finetune.json").read_text())
    assert ft["steps"] == 3  # one epoch of a few pairs is one step: raised to --min-steps
    with Store(tmp_path / "run" / "store.db") as store:
        (evaluation,) = [r for r in store.runs() if r.settings["iterate"]["stage"] == "eval"]
        assert {a.n for a in store.attempts(evaluation.id)} == {1}  # greedy held-out budget
    again = cli([*args, "--json"])
    report = json.loads(again.stdout.strip().splitlines()[-1])
    assert report["round"] == 0 and report["train_total"] == 10
