"""Every command shown in README.md runs here, as written, with its exit code and output checked.

`EXAMPLES` maps each command line of README's code blocks to the test that backs it; a README
example without an entry (or an entry without its README line) fails
`test_every_readme_command_is_backed`. Commands that need lake, a GPU, vLLM or a download
run as far as they can here: they must fail with one error line, a hint and exit 2.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
PROOFSMITH = str(Path(sys.executable).with_name("proofsmith"))
HERE = "tests/test_readme_examples.py::"
SERVING = "tests/service/test_readme_serving.py::"

EXAMPLES: dict[str, str] = {
    "make demo": HERE + "test_two_commands",
    "make test": HERE + "test_two_commands",
    r"proofsmith check answer '\frac{1}{2}' 'so the answer is \boxed{0.5}'": HERE
    + "test_check_answer",
    "proofsmith check answers preds.jsonl --out checked.jsonl --jobs 4 --gold-key answer "
    "--pred-key output": HERE + "test_check_answers",
    "python bench/answers.py": HERE + "test_benches",
    'proofsmith check smt tests/data/smt/pushpop.smt2 --claim "sat unsat sat" --json': HERE
    + "test_check_smt_in_a_subprocess",
    "proofsmith check code tests/data/code/lists.py --function binary_search": HERE
    + "test_check_code",
    "python bench/smt.py": HERE + "test_benches",
    "python bench/pipeline.py": HERE + "test_benches",
    "proofsmith lean setup": HERE + "test_lean_without_lake",
    "proofsmith lean doctor": HERE + "test_lean_without_lake",
    "proofsmith check lean proof.lean --statement 'theorem two (x : ℕ) (h : x = 2) : x + 0 = 2' "
    "--json": HERE + "test_lean_without_lake",
    "proofsmith serve ./my-checkpoint --port 8000 --dtype bfloat16": HERE + "test_serve",
    "proofsmith serve ./smollm2 --gguf-file SmolLM2-135M-Instruct.Q4_1.gguf --port 8001": HERE
    + "test_serve",
    "vllm serve deepseek-ai/DeepSeek-Prover-V1.5-RL --port 8000": "external: vLLM on a GPU",
    "python -m sglang.launch_server --model-path deepseek-ai/DeepSeek-Prover-V1.5-RL "
    "--port 30000": "external: SGLang on a GPU",
    "proofsmith prove demo": HERE + "test_proving_section",
    "proofsmith prove problems.jsonl --prover http://localhost:8000/v1 -n 16 --concurrency 128 "
    "--out runs/a.db --json": HERE + "test_proving_section",
    "proofsmith prove minif2f-lean4 --prover MODEL --search bfs --format bfs-prover "
    "--budget expansions=64,wall_s=60,step_timeout_s=10": HERE + "test_prove_minif2f_offline",
    "proofsmith prove demo --jobs 2": HERE + "test_prove_demo_jobs",
    "proofsmith datasets list": HERE + "test_datasets",
    "proofsmith datasets show demo": HERE + "test_datasets",
    "proofsmith export runs/a.db --out pairs.jsonl --hf-dir pairs_hf": HERE
    + "test_proving_section",
    "proofsmith report runs/a.db --html report.html": HERE + "test_proving_section",
    # fine-tuning needs torch and a model: the tiny-model tests of tests/provers/training run these
    "proofsmith finetune proofs.jsonl --model deepseek-ai/DeepSeek-Prover-V1.5-SFT --out ft "
    "--lora --merge --epochs 2": "tests/provers/training/test_cli.py::test_finetune_command_trains_on_an_export",
    "proofsmith iterate problems.jsonl --model ./base --rounds 3 --out run --format answer-cot "
    "--eval test": "tests/provers/training/test_cli.py::test_iterate_command_prints_one_line_per_round",
    "python bench/iterate.py": "tests/provers/training/test_learning_demo.py::"
    "test_heldout_solve_rate_rises_every_round",
    "proofsmith serve-checkers --port 8100 --jobs 4": SERVING
    + "test_serve_checkers_and_the_curl_examples",
    "curl -s localhost:8100/health": SERVING + "test_serve_checkers_and_the_curl_examples",
    r"""curl -s localhost:8100/v1/check -d '{"items": [{"id": "a", "problem": {"id": "half", "domain": "answer", "statement": "1/2 as a decimal?", "reference": "\\frac{1}{2}"}, "candidate": "so the answer is \\boxed{0.5}"}]}'""": SERVING
    + "test_serve_checkers_and_the_curl_examples",
    r"""curl -s localhost:8100/v1/check -d '{"items": [{"id": "s", "problem": {"id": "gap", "domain": "smt", "statement": "(declare-const x Int) (assert (> x 2)) (assert (< x 3)) (check-sat)", "reference": "unsat"}, "candidate": ""}]}'""": SERVING
    + "test_serve_checkers_and_the_curl_examples",
    r"""curl -s localhost:8100/v1/check -d '{"items": [{"id": "c", "problem": {"id": "double", "domain": "code", "statement": "def double(n: int) -> int:\n requires(n >= 0)\n ensures(result == 2 * n)\n return n + n\n"}, "candidate": ""}]}'""": SERVING
    + "test_serve_checkers_and_the_curl_examples",
    r"""curl -s localhost:8100/v1/check -d '{"items": [{"id": "l", "problem": {"id": "two", "domain": "lean", "statement": "theorem two : 1 + 1 = 2"}, "candidate": "by sorry"}]}'""": SERVING
    + "test_serve_checkers_and_the_curl_examples",
    "proofsmith check smt tests/data/smt/*_sat.smt2 --json": SERVING
    + "test_check_smt_batch_and_the_bench",
    "python bench/serve_checkers.py": SERVING + "test_check_smt_batch_and_the_bench",
}


def readme_commands(text: str) -> list[str]:
    """Command lines of the ```sh/```bash blocks: continuations joined, comments dropped."""
    commands = []
    for block in re.findall(r"```(?:sh|bash)\n(.*?)```", text, flags=re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            if line:
                commands.append(" ".join(line.split()))
    return commands


def _args(command: str, **replace: str) -> list[str]:
    """The README command as argv for the in-process app (``proofsmith`` dropped)."""
    for old, new in replace.items():
        command = command.replace(old, new)
    argv = shlex.split(command)
    assert argv[0] == "proofsmith"
    return argv[1:]


def _example(start: str) -> str:
    (found,) = [c for c in EXAMPLES if c.startswith(start)]
    return found


def _json_lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def _error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_every_readme_command_is_backed():
    commands = readme_commands(README.read_text(encoding="utf-8"))
    assert sorted(set(commands)) == sorted(EXAMPLES)
    for backing in set(EXAMPLES.values()):
        if backing.startswith("external:"):
            continue
        path, name = backing.split("::")
        assert f"def {name}(" in (REPO / path).read_text(encoding="utf-8"), backing


def test_two_commands():
    for target, expected in (("demo", "proofsmith prove demo"), ("test", "pytest")):
        done = subprocess.run(
            ["make", "-n", target], cwd=REPO, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert expected in done.stdout  # what the target runs is tested below


def test_check_answer(cli):
    result = cli(_args(_example("proofsmith check answer ")))
    assert result.exit_code == 0
    assert result.stdout == "equal\n"


def test_check_answers(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = [
        {"answer": "1/2", "output": r"so the answer is \boxed{0.5}"},
        {"answer": "3", "output": "The final answer is 4."},
        {"answer": "x + 1", "output": "(x + 1)^2 - x^2 - x"},
    ]
    Path("preds.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = cli(_args(_example("proofsmith check answers ")))
    assert result.exit_code == 1  # one line is not equal
    assert result.stdout == ""  # results went to --out
    checked = _json_lines(Path("checked.jsonl").read_text())
    assert [r["verdict"] for r in checked] == ["equal", "not_equal", "equal"]
    assert checked[1]["answer"] == "3" and checked[1]["reason"]
    assert "3 checked: 2 equal, 1 not equal, 0 unknown" in result.stderr


def test_check_smt_in_a_subprocess():
    argv = shlex.split(_example("proofsmith check smt tests/data/smt/pushpop"))
    done = subprocess.run(
        [PROOFSMITH, *argv[1:]], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    lines = _json_lines(done.stdout)
    assert [(r["status"], r["claim"]) for r in lines] == [
        ("sat", "sat"),
        ("unsat", "unsat"),
        ("sat", "sat"),
    ]


def test_check_code(cli, monkeypatch):
    monkeypatch.chdir(REPO)
    result = cli(_args(_example("proofsmith check code ")))
    assert result.exit_code == 0
    assert result.stdout.startswith("tests/data/code/lists.py:")
    assert "binary_search: verified" in result.stdout


def test_benches(tmp_path):
    """The two README benchmarks, on a few of their inputs (the full runs take a minute)."""
    pairs = tmp_path / "pairs.jsonl"
    lines = (REPO / "tests/data/answer_pairs.jsonl").read_text().splitlines()
    pairs.write_text("\n".join(lines[:4]) + "\n")
    smt_dir = tmp_path / "smt"
    smt_dir.mkdir()
    shutil.copy(REPO / "tests/data/smt/uf_unsat.smt2", smt_dir)
    runs = {
        "answers": ["--pairs", str(pairs), "--repeat", "1", "--jobs", "1", "--json"],
        "smt": [str(smt_dir), "--repeat", "1", "--json"],
        "pipeline": ["--problems", "8", "--capacity", "8", "--latency", "0.3"]
        + ["--baseline-problems", "2", "--json"],
    }
    for name, extra in runs.items():
        assert f"python bench/{name}.py" in EXAMPLES
        done = subprocess.run(
            [sys.executable, f"bench/{name}.py", *extra],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        if name == "pipeline":
            assert report["proved"] == 8 and report["max_sequences_in_flight"] == 8
            # the 8 requests (32 sequences <= the default 64) are sent without waiting for
            # each other: more at once than the server runs (2 of n=4); it queues the rest
            assert report["max_requests_in_flight"] >= 4
        elif name == "answers":
            assert report["proofsmith"]["accuracy"] == 1.0
            assert report["proofsmith"]["false_positives"] == 0
        else:
            assert report["verdicts"] == {"unsat": 1} and report["answers_agree_with_z3"]


@pytest.mark.skipif(shutil.which("lake") is not None, reason="lake is installed here")
def test_lean_without_lake(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("proof.lean").write_text(
        "theorem two (x : ℕ) (h : x = 2) : x + 0 = 2 := by\n  simp [h]\n", encoding="utf-8"
    )
    setup = cli(_args("proofsmith lean setup"))
    assert setup.exit_code == 2 and "lake not found" in _error_line(setup)
    doctor = cli(_args("proofsmith lean doctor"))
    assert doctor.exit_code == 3  # not ready; it says what to run next
    assert "MISSING (not on PATH)" in doctor.stdout and "next, run:" in doctor.stdout
    check = cli(_args(_example("proofsmith check lean ")))
    assert check.exit_code == 2 and check.stdout == ""
    assert "lake not found" in _error_line(check)


def test_serve(cli, tmp_path, monkeypatch):
    """Without the model folders, serve stops at once; tests/provers/backends/test_serve_cli.py serves."""
    monkeypatch.chdir(tmp_path)
    for start, folder in (
        ("proofsmith serve ./my", "./my-checkpoint"),
        ("proofsmith serve ./s", "./smollm2"),
    ):
        result = cli(_args(_example(start)))
        assert result.exit_code == 2
        assert f"no model at {folder}" in _error_line(result)


def test_proving_section(cli, tmp_path, monkeypatch):
    """prove demo, prove a JSONL file against a served model, export, report: in order."""
    from proofsmith.provers.backends.openai.server import CompletionServer
    from proofsmith.provers.load import load_prover

    monkeypatch.chdir(tmp_path)
    demo = cli(_args("proofsmith prove demo"))
    assert demo.exit_code == 0
    assert "answer/add" in demo.stdout and "proved" in demo.stdout  # the result table
    assert re.search(r"solved \d+/\d+ in", demo.stderr)
    db = re.search(r"saved to (\S+\.db)", demo.stderr).group(1)
    Path("runs").mkdir(exist_ok=True)
    shutil.copy(db, "runs/a.db")  # the export/report examples read runs/a.db

    listed = cli(["datasets", "show", "demo", "--json", "--limit", "3"])
    problems = [p for p in json.loads(listed.stdout)["problems"]]
    Path("problems.jsonl").write_text("".join(json.dumps(p) + "\n" for p in problems))
    with CompletionServer(load_prover("portfolio"), port=0) as server:
        command = _example("proofsmith prove problems.jsonl")
        result = cli(_args(command, **{"http://localhost:8000/v1": server.url}))
    assert result.exit_code == 0, result.stderr
    rows = _json_lines(result.stdout)  # only JSON on stdout
    assert rows == []  # all three were solved by `prove demo` into runs/a.db: resumed
    assert "3 already solved in runs/a.db" in result.stderr

    export = cli(_args(_example("proofsmith export ")))
    assert export.exit_code == 0
    pairs = _json_lines(Path("pairs.jsonl").read_text())
    assert {p["problem_id"] for p in pairs} >= {p["id"] for p in problems}
    assert Path("pairs_hf/dataset_info.json").is_file()

    report = cli(_args(_example("proofsmith report ")))
    assert report.exit_code == 0
    assert "pass@k" in report.stdout and "demo" in report.stdout
    assert Path("report.html").read_text().lstrip().lower().startswith("<!doctype html")


def test_prove_a_jsonl_file_against_a_served_model(cli, tmp_path, monkeypatch):
    """The same README command on a fresh database: each problem is attempted over HTTP."""
    from proofsmith.provers.backends.openai.server import CompletionServer
    from proofsmith.provers.load import load_prover

    monkeypatch.chdir(tmp_path)
    listed = cli(["datasets", "show", "demo", "--json", "--limit", "2"])
    problems = json.loads(listed.stdout)["problems"]
    Path("problems.jsonl").write_text("".join(json.dumps(p) + "\n" for p in problems))
    with CompletionServer(load_prover("portfolio"), port=0) as server:
        command = _example("proofsmith prove problems.jsonl") + " --format portfolio"
        result = cli(_args(command, **{"http://localhost:8000/v1": server.url}))
        assert server.requests_served >= 2
    assert result.exit_code == 0, result.stderr
    rows = _json_lines(result.stdout)
    assert sorted(r["problem_id"] for r in rows) == sorted(p["id"] for p in problems)
    assert all(r["outcome"] == "proved" and r["proof"] for r in rows)


def test_prove_minif2f_offline(cli, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = cli(_args(_example("proofsmith prove minif2f-lean4")))
    assert result.exit_code == 2 and result.stdout == ""
    assert "minif2f-lean4" in _error_line(result)


def test_prove_demo_jobs(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli(_args("proofsmith prove demo --jobs 2"))
    assert result.exit_code == 0
    assert "code/sum_to" in result.stdout and "proved" in result.stdout


def test_datasets(cli):
    listed = cli(_args("proofsmith datasets list"))
    assert listed.exit_code == 0
    for name in ("demo", "minif2f-lean4", "leandojo-benchmark-4", "math-500"):
        assert name in listed.stdout
    shown = cli(_args("proofsmith datasets show demo"))
    assert shown.exit_code == 0
    assert shown.stdout.startswith("demo — ") and "answer/add [answer]" in shown.stdout


def test_readme_commands_parser():
    text = "```sh\nproofsmith a \\\n    --b 1   # note\n\npython x.py\n```\n```toml\nx = 1\n```\n"
    assert readme_commands(text) == ["proofsmith a --b 1", "python x.py"]


def test_json_stdout_is_only_json_lines_through_a_pipe(tmp_path):
    """`--json` output parses line by line when piped (talk stays on stderr)."""
    parse = "import json, sys; print(len([json.loads(line) for line in sys.stdin]))"
    script = (
        f"{shlex.quote(PROOFSMITH)} prove demo --json --out r.db"
        f" | {shlex.quote(sys.executable)} -c {shlex.quote(parse)}"
    )
    done = subprocess.run(
        ["sh", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) == 19  # one line per demo problem, skipped ones too
