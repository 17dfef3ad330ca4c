"""The `proofsmith finetune` and `proofsmith iterate` commands."""

from __future__ import annotations

import json

from proofsmith.datasets.store import Store
from proofsmith.provers.tiny import QA_FORMAT, arithmetic_problems


def test_finetune_command_trains_on_an_export(cli, tiny_model, tmp_path):
    export = tmp_path / "proofs.jsonl"
    rows = [
        {
            "problem_id": p.id,
            "domain": "answer",
            "kind": "proof",
            "statement": p.statement,
            "header": "",
            "proof": p.reference,
        }
        for p in arithmetic_problems(6, 0, max_operand=9)
    ]
    export.write_text("".join(json.dumps(r) + "\n" for r in rows))
    fmt = tmp_path / "qa.toml"
    fmt.write_text(QA_FORMAT)
    args = [
        "finetune",
        str(export),
        "--model",
        str(tiny_model),
        "--out",
        str(tmp_path / "ft"),
        "--format",
        str(fmt),
        "--max-steps",
        "3",
        "--batch-size",
        "2",
        "--json",
    ]
    result = cli(args)
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    summary = json.loads(line)
    assert summary["examples"] == 6 and summary["steps"] == 3
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
