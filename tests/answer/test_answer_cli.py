"""`proofsmith check answer` and `proofsmith check answers`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def test_check_answer_exit_codes(cli):
    assert cli(["check", "answer", r"\frac{1}{2}", "0.5"]).exit_code == 0
    assert cli(["check", "answer", "2", "3"]).exit_code == 1
    assert cli(["check", "answer", "2", r"\frac{"]).exit_code == 3


def test_check_answer_json(cli):
    result = cli(["check", "answer", "5", r"the answer is \boxed{5}", "--json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert record["verdict"] == "equal" and record["extracted"] == "5"


def test_check_answers_file(cli, tmp_path):
    src = tmp_path / "in.jsonl"
    rows = [{"gold": "1", "pred": "1"}, {"gold": "2", "pred": "x = 2"}, {"gold": "3", "pred": "4"}]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\nbroken line\n")
    dst = tmp_path / "out.jsonl"
    result = cli(["check", "answers", str(src), "--out", str(dst), "--jobs", "2", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"] == {"equal": 2, "not_equal": 1, "unknown": 1}
    out = [json.loads(line) for line in dst.read_text().splitlines()]
    assert [r["verdict"] for r in out] == ["equal", "equal", "not_equal", "unknown"]
    assert out[0]["gold"] == "1" and out[3]["line"] == "broken line"


def test_check_answers_keys_and_unknown_exit(cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"a": "1", "b": "1"}) + "\n" + json.dumps({"a": "1"}) + "\n")
    result = cli(["check", "answers", str(src), "--gold-key", "a", "--pred-key", "b", "--json"])
    assert result.exit_code == 3
    assert [json.loads(x)["verdict"] for x in result.stdout.splitlines()] == ["equal", "unknown"]


def test_unreadable_input_is_exit_2(cli, tmp_path):
    assert cli(["check", "answers", str(tmp_path / "missing.jsonl")]).exit_code == 2


def test_console_script_subprocess(tmp_path):
    script = Path(sys.executable).with_name("proofsmith")
    done = subprocess.run(
        [str(script), "check", "answer", r"\{1, 2\}", "x=2 or x=1", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "equal"


def test_readme_example(cli, repo_root):
    readme = (repo_root / "README.md").read_text()
    example = r"proofsmith check answer '\frac{1}{2}' 'so the answer is \boxed{0.5}'"
    assert example in readme
    result = cli(["check", "answer", r"\frac{1}{2}", r"so the answer is \boxed{0.5}"])
    assert result.exit_code == 0 and result.stdout.strip() == "equal"


AGREEMENT = [  # (gold, prediction, verdict): every path must give the same word
    ("5", r"the answer is \boxed{5}", "equal"),
    ("5", r"$-\boxed{5}$", "not_equal"),  # the box is an operand
    ("5", r"\boxed{5}?", "not_equal"),  # asked, not answered
    ("5", "\\boxed{5}. Hmm, actually the answer should be 7.", "not_equal"),
    ("5", r"x \approx 5", "not_equal"),  # an approximation of an integer
    (r"\frac{1}{3}", r"\boxed{\frac13} \approx 0.333", "equal"),
    ("5", r"\boxed{5} million", "not_equal"),
    ("5 km", r"\boxed{5} cm", "not_equal"),
]


def test_cli_batch_and_reward_agree(cli, tmp_path):
    """`check answer`, `check answers` and `answer_reward` judge the same pairs alike."""
    from proofsmith.rewards import answer_reward

    single = [
        json.loads(cli(["check", "answer", g, p, "--json"]).stdout)["verdict"]
        for g, p, _ in AGREEMENT
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"gold": g, "pred": p}) + "\n" for g, p, _ in AGREEMENT))
    batch = cli(["check", "answers", str(src), "--jobs", "2", "--json"]).stdout.splitlines()
    rewards = answer_reward([p for _, p, _ in AGREEMENT], [g for g, _, _ in AGREEMENT])
    expected = [v for _, _, v in AGREEMENT]
    assert single == expected
    assert [json.loads(line)["verdict"] for line in batch] == expected
    assert rewards == [1.0 if v == "equal" else 0.0 for v in expected]
