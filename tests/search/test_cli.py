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
