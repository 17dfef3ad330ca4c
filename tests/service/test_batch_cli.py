"""``check smt`` / ``check code`` batch mode: many files or a JSONL, one process, one JSON
line per item in input order, each the in-process checker's verdict."""

from __future__ import annotations

import json

from helpers_service import DATA, WRONG_CODE, comparable

from proofsmith.checkers.route import checker_for
from proofsmith.datasets.problem import Problem


def _lines(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_check_smt_many_files_and_a_jsonl(cli, tmp_path):
    sat, unsat = DATA / "smt" / "lia_sat.smt2", DATA / "smt" / "nra_unsat.smt2"
    jsonl = tmp_path / "problems.jsonl"
    records = [
        {"id": "claimed", "statement": unsat.read_text(), "reference": "sat"},
        {"id": "lemma", "statement": unsat.read_text(), "candidate": "(assert false)"},
    ]
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n{not json\n")
    missing = tmp_path / "missing.smt2"
    result = cli(["check", "smt", str(sat), str(unsat), str(missing), str(jsonl), "-j", "2"])
    out = _lines(result.stdout)
    assert [r["status"] for r in out] == [
        "proved",
        "proved",
        "error",
        "refuted",
        "rejected",
        "error",
    ]
    assert [r["file"] for r in out[:3]] == [str(sat), str(unsat), str(missing)]
    assert out[2]["messages"][0].startswith(f"cannot read {missing}")
    assert out[3]["line"] == 1 and out[5]["line"] == 3 and "not JSON" in out[5]["messages"][0]
    assert result.exit_code == 1  # something refuted
    with checker_for("smt") as checker:  # the same verdicts as the in-process checker
        want = checker.check(Problem(id="x", domain="smt", statement=sat.read_text()), "")
        lemma = checker.check(Problem.from_dict({**records[1], "domain": "smt"}), "(assert false)")
    assert comparable(out[0])["messages"] == list(want.messages)
    assert comparable(out[4])["details"] == comparable(lemma.to_dict())["details"]


def test_check_code_a_jsonl_of_problems(cli, tmp_path):
    arith = (DATA / "code" / "arith.py").read_text()
    jsonl = tmp_path / "code.jsonl"
    rows = [
        {"id": "ok", "statement": arith, "function": "sum_to"},
        {"id": "bad", "statement": WRONG_CODE},
        {"id": "smt", "domain": "smt", "statement": "(check-sat)"},
    ]
    jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = cli(["check", "code", str(jsonl), "--json"])
    out = _lines(result.stdout)
    assert [(r["id"], r["status"]) for r in out] == [
        ("ok", "proved"),
        ("bad", "refuted"),
        ("smt", "error"),
    ], out  # the records say why
    assert "a smt problem given to `check code`" in out[2]["messages"][0]
    assert result.exit_code == 1
    both = cli(["check", "code", str(DATA / "code" / "arith.py"), str(DATA / "code" / "lists.py")])
    assert [r["status"] for r in _lines(both.stdout)] == ["proved", "proved"]
    assert both.exit_code == 0


def test_batch_smt_reads_files_as_the_single_file_mode_does(cli, tmp_path):
    """Non-UTF-8 bytes in a comment are skipped (as z3 does) in batch mode too; outside a
    comment they are refused with the byte named."""
    ok, bad = tmp_path / "latin1.smt2", tmp_path / "bad.smt2"
    ok.write_bytes(b"; caf\xe9\n(declare-const x Int)\n(assert (> x 1))\n(check-sat)\n")
    bad.write_bytes(b"(declare-const x\xe9 Int)\n(check-sat)\n")
    out = _lines(cli(["check", "smt", str(ok), str(bad)]).stdout)
    assert [r["status"] for r in out] == ["proved", "error"]
    assert "0xe9" in " ".join(out[1]["messages"])
