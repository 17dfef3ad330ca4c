"""What a first-time user hits at the edges of the CLI: bad input is one line + hint + exit 2.

Each test names the behaviour; none needs lake, a model or the network.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import typer

from proofsmith.errors import InputError, ServerUnreachable
from proofsmith.provers.base import SamplingParams

DATA = Path(__file__).resolve().parent / "data"


def _one_error(result) -> str:
    """The error line; asserts it is one line followed by at most one hint line."""
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and len(lines) <= 2, result.stderr
    assert "Traceback" not in result.stderr
    return errors[0]


def _problems(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "problems.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


ANSWERS = [
    {"id": "a", "domain": "answer", "statement": "1 + 1?", "reference": "2", "split": "test"},
    {"id": "b", "domain": "answer", "statement": "2 + 2?", "reference": "4", "split": "test"},
]


def test_long_error_stays_one_line_and_brackets_survive(cli, tmp_path):
    missing = tmp_path / ("[red]" + "x" * 90 + ".jsonl")
    result = cli(["check", "answers", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in _one_error(result)  # no wrap at 80 columns, no markup eaten


def test_check_code_without_functions_is_bad_input(cli, tmp_path):
    path = tmp_path / "script.py"
    path.write_text("import os\nprint('top-level statements are never run')\n")
    result = cli(["check", "code", str(path)])
    assert result.exit_code == 2
    assert "no function to verify" in _one_error(result)


def test_check_code_line_names_the_function_once(cli):
    path = DATA / "code" / "lists.py"
    result = cli(["check", "code", str(path), "--function", "binary_search"])
    assert result.exit_code == 0
    assert "binary_search: verified — all " in result.stdout
    assert result.stdout.count("binary_search") == 1


def test_smt_claim_count_mismatch_has_a_hint(cli):
    result = cli(["check", "smt", str(DATA / "smt" / "pushpop.smt2"), "--claim", "sat unsat"])
    assert result.exit_code == 2
    assert "2 claims given for 3 check-sat" in _one_error(result)
    assert "one per check-sat" in result.stderr


def test_unreadable_files_say_why_in_one_line(cli, tmp_path):
    binary = tmp_path / "blob.smt2"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = cli(["check", "smt", str(binary)])
    assert result.exit_code == 2 and "not UTF-8 text" in _one_error(result)
    result = cli(["check", "code", str(tmp_path / "missing.py")])
    assert result.exit_code == 2
    assert _one_error(result).endswith("No such file or directory")  # no "[Errno 2] …" repr


def test_check_answers_creates_the_out_folder(cli, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"gold": "1", "pred": "1"}) + "\n")
    dst = tmp_path / "new" / "dir" / "out.jsonl"
    result = cli(["check", "answers", str(src), "--out", str(dst), "-j", "1"])
    assert result.exit_code == 0
    assert json.loads(dst.read_text())["verdict"] == "equal"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--split", "train"], "no problems of split 'train'"),
        (["--domain", "geometry"], "unknown domain 'geometry'"),
        (["--domain", "smt"], "no smt problems in"),
        (["--format", "no-such-format"], "unknown prompt format 'no-such-format'"),
        (["--budget", "expansions=inf"], "is not a whole number"),
        (["--budget", "wall_s=nan"], "is not finite"),
        (["--budget", "expansions"], "cannot read budget item"),
        (["--prover", "ftp://host/model"], "unsupported prover URL"),
        (["--prover", "./no-such-checkpoint"], "no model at ./no-such-checkpoint"),
        (["--jobs", "2", "--prover", "./no-such-checkpoint"], "no model at"),
    ],
)
def test_prove_rejects_bad_options_before_running(cli, tmp_path, args, message):
    dataset = _problems(tmp_path, ANSWERS)
    db = tmp_path / "run.db"
    result = cli(["prove", str(dataset), "--out", str(db), *args])
    assert result.exit_code == 2, result.stderr
    assert message in _one_error(result)
    assert result.stdout == "" and not db.exists()  # nothing ran, no empty run recorded


def test_a_worker_that_cannot_start_is_one_error_not_a_traceback(cli, tmp_path):
    dataset = _problems(tmp_path, ANSWERS)
    args = ["--jobs", "2", "--prover", "nobody/not-a-cached-model"]  # HF_HUB_OFFLINE=1
    result = cli(["prove", str(dataset), "--out", str(tmp_path / "r.db"), *args])
    assert result.exit_code == 1
    assert "a worker process died" in _one_error(result)
    assert "Run again with --jobs 1" in result.stderr


def test_prove_empty_file_is_bad_input(cli, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    result = cli(["prove", str(empty), "--out", str(tmp_path / "r.db")])
    assert result.exit_code == 2 and "no problems in" in _one_error(result)


def test_prove_counts_are_checked_by_the_parser(cli, tmp_path):
    dataset = _problems(tmp_path, ANSWERS)
    for option in (["-n", "0"], ["--jobs", "0"], ["--limit", "0"]):
        result = cli(["prove", str(dataset), "--out", str(tmp_path / "r.db"), *option])
        assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_bfs_skips_domains_without_stepping_with_a_reason(cli, tmp_path):
    dataset = _problems(tmp_path, ANSWERS)
    result = cli(["prove", str(dataset), "--search", "bfs", "--out", str(tmp_path / "r.db")])
    assert result.exit_code == 0
    assert "2 skipped: answer has no step-by-step checker (use --search sample)" in result.stderr
    lines = [json.loads(line) for line in _json_run(cli, dataset, tmp_path, "--search", "bfs")]
    assert [(r["problem_id"], r["outcome"]) for r in lines] == [("a", "skipped"), ("b", "skipped")]
    assert all(r["domain"] == "answer" and "step-by-step" in r["message"] for r in lines)


def _json_run(cli, dataset: Path, tmp_path: Path, *args: str) -> list[str]:
    result = cli(["prove", str(dataset), "--out", str(tmp_path / "j.db"), "--json", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_can_step_names_the_stepping_domains():
    from proofsmith.checkers.route import can_step

    assert can_step("lean")
    assert not any(can_step(d) for d in ("answer", "smt", "code"))


def test_unreachable_server_is_exit_2_with_a_hint():
    from proofsmith.cli.output import handle_errors
    from proofsmith.provers.backends.openai.client import OpenAIProver, RetryPolicy

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(typer.Exit) as exit_info, handle_errors():
        OpenAIProver(f"http://127.0.0.1:{port}/v1", retry=RetryPolicy(retries=0))
    assert exit_info.value.exit_code == 2 == ServerUnreachable.exit_code


def test_datasets_show_keeps_bracketed_text(cli):
    result = cli(["datasets", "show", "demo"])
    assert result.exit_code == 0
    assert "answer/add [answer] What is 37 + 45?" in result.stdout
    assert "answer, " in result.stdout and "{'" not in result.stdout  # counts, not a dict repr


def test_export_rejects_an_unknown_kind_and_is_quiet_off_a_tty(cli, tmp_path):
    db = tmp_path / "run.db"
    dataset = _problems(tmp_path, ANSWERS)
    assert cli(["prove", str(dataset), "--out", str(db), "-n", "1"]).exit_code == 0
    bad = cli(["export", str(db), "--out", str(tmp_path / "p.jsonl"), "--kind", "lemma"])
    assert bad.exit_code == 2 and "unknown pair kind 'lemma'" in _one_error(bad)
    good = cli(
        ["export", str(db), "--out", str(tmp_path / "p.jsonl"), "--hf-dir", str(tmp_path / "hf")]
    )
    assert good.exit_code == 0
    assert "Saving the dataset" not in good.stderr and "%|" not in good.stderr
    assert good.stderr.strip().startswith("wrote 2 statement→proof")


def test_not_a_database_hint_fits_report_too(cli, tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("not sqlite")
    result = cli(["report", str(bogus)])
    assert result.exit_code == 2
    assert "file is not a database" in _one_error(result)
    assert "proofsmith prove --out" in result.stderr


def test_lean_native_decide_is_a_plain_flag(cli):
    result = cli(["check", "lean", "--help"])
    assert "--allow-native-decide" in result.stdout and "--no-allow" not in result.stdout


def test_load_problems_names_the_splits_present():
    from proofsmith.datasets.loaders import load_problems

    with pytest.raises(InputError, match="no problems of split 'dev' in demo") as info:
        load_problems("demo", split="dev")
    assert info.value.hint == "Splits present: test."


def test_an_unknown_bare_name_is_not_sent_to_the_hub(cli):
    result = cli(["prove", "no-such-set"])
    assert result.exit_code == 2
    assert "unknown dataset 'no-such-set'" in _one_error(result)
    assert "owner/name" in result.stderr


def test_a_missing_repl_points_at_the_repl_option(cli, tmp_path):
    path = tmp_path / "t.lean"
    path.write_text("theorem t : 1 = 1 := rfl\n")
    result = cli(["check", "lean", str(path), "--repl", str(tmp_path / "no-repl")])
    assert result.exit_code == 2
    assert "cannot start the Lean REPL" in _one_error(result)
    assert result.stderr.strip().splitlines()[1].startswith("Check the path given with --repl")


def test_minif2f_files_share_the_jsonl_reader_and_the_hub_seam(tmp_path, monkeypatch):
    from proofsmith.datasets.minif2f import load_minif2f

    path = tmp_path / "minif2f.jsonl"
    path.write_text('{"name": "a", "formal_statement": "theorem a : True := by"}\n{oops\n')
    with pytest.raises(InputError, match=r"minif2f.jsonl:2 is not valid JSON") as info:
        load_minif2f(path)
    assert "formal_statement" in info.value.hint
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(InputError, match="cannot load the Hugging Face dataset") as info:
        load_minif2f("no-such-owner/no-such-set")
    assert "HF_HUB_OFFLINE" in info.value.hint


def test_replies_that_do_not_fit_the_api_are_rejected_with_the_raw_body():
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from proofsmith.errors import ServerRejected
    from proofsmith.provers.backends.openai.client import OpenAIProver, RetryPolicy

    models = {"object": "list", "data": [{"id": "m", "object": "model"}]}
    replies = {"GET": {"data": "weird"}}

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            body = json.dumps(replies[self.command]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _answer

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        with pytest.raises(ServerRejected, match="/models answered .* not a ModelList") as info:
            OpenAIProver(url, retry=RetryPolicy(retries=0))
        assert '"weird"' in info.value.raw
        replies.update(GET=models, POST={"choices": "none"})
        prover = OpenAIProver(url, retry=RetryPolicy(retries=0))
        try:
            with pytest.raises(ServerRejected, match="/completions answered .* CompletionReply"):
                prover.generate(["x"], SamplingParams(n=1))
        finally:
            prover.close()
    finally:
        server.shutdown()
        server.server_close()


def test_prove_help_says_where_the_run_goes_and_what_sampling_options_mean():
    import typer.main

    from proofsmith.cli.main import app

    prove = typer.main.get_command(app).commands["prove"]
    helps = {param.name: param.help or "" for param in prove.params}
    assert "default: runs/DATASET-TIME.db" in helps["out_db"]
    assert helps["temperature"] and helps["max_tokens"]


def test_equal_forms_say_they_are_identical_once_parsed(cli):
    result = cli(["check", "answer", r"\frac{1}{2}", r"so the answer is \boxed{0.5}", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["reason"] == "identical once parsed"  # not as text


def test_the_proof_cell_skips_leading_comments():
    from proofsmith.cli.prove import _first_line

    code = "# ruff: noqa: F821\n\ndef f(x: int) -> int:\n    return x\n"
    assert _first_line(code) == "def f(x: int) -> int: …"
    assert _first_line("-- a Lean comment\nsimp") == "simp"
    assert _first_line("; only a comment") == "; only a comment"


def test_unwritable_outputs_are_one_error_line(cli, tmp_path):
    """Outputs below a regular file cannot be made (even as root): exit 2, no traceback."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    db = tmp_path / "run.db"
    dataset = _problems(tmp_path, ANSWERS)
    assert cli(["prove", str(dataset), "--out", str(db), "-n", "1"]).exit_code == 0
    src = tmp_path / "pairs.jsonl"
    src.write_text(json.dumps({"gold": "1", "pred": "1"}) + "\n")
    runs = {
        "cannot create run database": ["prove", str(dataset), "--out", f"{blocker}/r.db"],
        "cannot write": ["export", str(db), "--out", f"{blocker}/p.jsonl"],
        f"cannot write {blocker}": [
            "export",
            str(db),
            "--out",
            str(tmp_path / "p.jsonl"),
            "--hf-dir",
            f"{blocker}/hf",
        ],
        f"cannot write {blocker}/r.html": ["report", str(db), "--html", f"{blocker}/r.html"],
        f"cannot write {blocker}/o.jsonl": [
            "check",
            "answers",
            str(src),
            "--out",
            f"{blocker}/o.jsonl",
        ],
    }
    for message, args in runs.items():
        result = cli(args)
        assert result.exit_code == 2, (args, result.stderr)
        assert message in _one_error(result), args


def test_binary_input_and_zero_timeouts_are_usage_errors(cli, tmp_path):
    blob = tmp_path / "blob.jsonl"
    blob.write_bytes(b'{"gold": "1", "pred": "1"}\n\xff\xfe\x00\n')
    result = cli(["check", "answers", str(blob), "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 2 and "not UTF-8 text" in _one_error(result)
    smt = str(DATA / "smt" / "lia_sat.smt2")
    for args in (["check", "smt", smt], ["check", "code", smt], ["prove", "demo"]):
        result = cli([*args, "--timeout", "0"])
        assert result.exit_code == 2 and "Traceback" not in result.stderr
        assert "--timeout" in result.stderr


def test_a_folder_without_a_model_is_named_before_loading(cli, tmp_path, monkeypatch):
    from proofsmith.provers.load import check_prover_spec

    (tmp_path / "notes").mkdir()
    result = cli(["serve", str(tmp_path / "notes")])
    assert result.exit_code == 2 and "the folder has no config.json" in _one_error(result)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "portfolio").mkdir()  # a folder called portfolio does not shadow the prover
    check_prover_spec("portfolio")


_MODULES = """
import atexit, sys
def show():
    print(" ".join(sorted(sys.modules)), file=sys.__stdout__, flush=True)
atexit.register(show)
sys.argv = ["proofsmith", *sys.argv[1:]]
from proofsmith.cli.main import main
main()
"""


@pytest.mark.parametrize(
    ("argv", "absent"),
    [
        (["--version"], ["proofsmith.cli.prove", "proofsmith.checkers", "pydantic", "rich.table"]),
        (["prove", "--help"], ["proofsmith.cli.check_lean", "proofsmith.checkers.lean", "torch"]),
        (["export", "--help"], ["proofsmith.cli.prove", "proofsmith.provers", "sympy", "z3"]),
        (["check", "smt", "--help"], ["proofsmith.cli.check_lean", "proofsmith.cli.check_code"]),
        (["check", "code", "--help"], ["proofsmith.cli.check_smt", "proofsmith.checkers.lean"]),
        (["--help"], ["proofsmith.checkers.lean", "pydantic", "torch", "z3", "sympy"]),
        (["check", "lean", "--help"], ["proofsmith.checkers.lean", "torch"]),
    ],
)
def test_a_command_line_imports_only_the_commands_it_runs(argv, absent):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _MODULES, *argv], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "proofsmith.cli.apps" in loaded
    assert not loaded & set(absent), loaded & set(absent)


def test_check_lean_help_names_the_checkers_memory_cap():
    """The option's default is left to the checker (importing its constant loads the Lean
    stack); the help's figure must stay the checker's."""
    from proofsmith.checkers.lean.repl import DEFAULT_MEMORY_MB

    assert DEFAULT_MEMORY_MB == 24 * 1024


@pytest.mark.parametrize(
    ("statuses", "code"),
    [
        ((), 0),
        (("proved", "proved"), 0),
        (("proved", "timeout"), 3),
        (("error", "refuted", "timeout"), 1),
        (("rejected", "proved"), 1),
    ],
)
def test_many_verdicts_make_one_exit_code(statuses, code):
    """Every check command's exit code comes from Status.overall(...).exit_code: any wrong
    verdict is 1, else any undecided one is 3, else 0."""
    from proofsmith.checkers.verdict import Status

    assert Status.overall(map(Status, statuses)).exit_code == code
