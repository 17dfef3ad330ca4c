"""The commands: datasets list/show, export, report (prove itself: test_cli_prove.py)."""

from __future__ import annotations

import json

from proofsmith.datasets.store import Attempt, ProofRecord, Store


def _db(tmp_path):
    db = tmp_path / "run.db"
    with Store(db) as store:
        run = store.start_run("demo", "portfolio", {"n": 2}, {})
        store.add_attempt(
            run, Attempt("a", "demo", "answer", "sample", "proved", 2, 1, 0.5, "test")
        )
        store.add_attempt(run, Attempt("b", "demo", "smt", "sample", "failed", 2, 0, 1.5, "test"))
        store.add_proof(run, ProofRecord("a", "demo", "answer", "1+1?", "2", split="test"))
        store.add_proof(
            run, ProofRecord("c", "demo", "lean", "t", "simp", kind="tactic", state="⊢ p")
        )
    return db


def test_datasets_list_and_show(cli):
    listed = cli(["datasets", "list", "--json"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    names = {r["name"]: r for r in rows}
    assert listed.exit_code == 0 and names["demo"]["bundled"] is True
    assert names["minif2f-lean4"]["needs_download"] is True
    shown = cli(["datasets", "show", "demo", "--json", "--limit", "2"])
    data = json.loads(shown.stdout)
    assert data["count"] >= 16 and len(data["problems"]) == 2
    human = cli(["datasets", "show", "proofnet"])
    assert human.exit_code == 0 and "needs download" in human.stdout
    missing = cli(["datasets", "show", "nope"])
    assert missing.exit_code == 2 and "unknown dataset" in missing.stderr


def test_export_and_report(cli, tmp_path):
    db = _db(tmp_path)
    exported = cli(["export", str(db), "--out", str(tmp_path / "pairs.jsonl"), "--json"])
    assert exported.exit_code == 0
    assert json.loads(exported.stdout) == {
        "out": str(tmp_path / "pairs.jsonl"),
        "hf_dir": None,
        "proof": 1,
        "tactic": 1,
    }
    kinds = [json.loads(x)["kind"] for x in (tmp_path / "pairs.jsonl").read_text().splitlines()]
    assert kinds == ["proof", "tactic"]

    page = tmp_path / "report.html"
    text = cli(["report", str(db), "--html", str(page)])
    assert text.exit_code == 0 and "solved 1/2" in text.stdout and "pass@k" in text.stdout
    assert page.read_text().count("<svg") == 3
    as_json = json.loads(cli(["report", str(db), "--json"]).stdout)
    assert as_json["solved"] == 1 and as_json["pass_at_k"] == {"1": 0.25, "2": 0.5}
    assert cli(["report", str(tmp_path / "none.db")]).exit_code == 2


def test_result_table_is_one_line_per_problem_within_the_terminal():
    from rich.console import Console

    from proofsmith.cli.prove import _first_line, _result_table

    proof = "def sum_to(n: int) -> int:\n    requires(n >= 0)\n    ensures(result == n)\n"
    rows = [
        ("code/sum_to", "code", "proved", "1/1", "0.30", _first_line(proof)),
        ("answer/word", "answer", "failed", "0/0", "0.00", "portfolio had no candidate"),
        ("lean/[x]", "lean", "proved", "1/2", "1.00", "simp [add_comm] at h"),  # not markup
    ]
    skipped = [("lean/add_comm_nat", "lean", "lake not on PATH (run `proofsmith lean setup`)")]
    for width in (80, 140):
        console = Console(width=width, record=True, color_system=None)
        console.print(_result_table(console, "t", rows, skipped))
        lines = console.export_text().rstrip("\n").splitlines()
        assert max(len(line.rstrip()) for line in lines) <= width
        body = [line for line in lines if line.startswith(("code/", "answer/", "lean/"))]
        assert len(body) == 4  # no row wraps onto a second line
        assert "lean/[x]" in body[2] and "simp [add_comm] at h" in body[2]
        del body[2]
        assert body[0].split()[0] == "code/sum_to" and "def sum_to(n: int)" in body[0]
        assert "requires" not in "".join(lines)
        assert "portfolio had no cand" in body[1]
        assert body[2].split()[0] == "lean/add_comm_nat"
        if width == 80:  # the last column is cut, visibly
            assert body[2].rstrip().endswith("…") and "lake not on PATH" in body[2]
    assert "lake not on PATH (run `proofsmith lean setup`)" in body[2]  # fits at 140


def test_proof_cell_is_the_first_line_and_never_empty():
    from proofsmith.cli.prove import _proof_or_reason
    from proofsmith.provers.runs.run import Outcome

    def outcome(result: str, proof: str = "", message: str = "") -> Outcome:
        attempt = Attempt("p", "d", "code", "sample", result, 1, int(result == "proved"), 0.1)
        return Outcome(attempt, (), message, proof)

    assert _proof_or_reason(outcome("proved", "def f():\n    return 1\n")) == "def f(): …"
    assert _proof_or_reason(outcome("proved", "\n  x + 1  \n")) == "x + 1"
    assert _proof_or_reason(outcome("proved")) == "(as given)"  # the problem decides alone
    assert _proof_or_reason(outcome("failed", message="refuted:\nx = 3")) == "refuted: …"
    assert _proof_or_reason(outcome("error")) == "error, no reason recorded"
