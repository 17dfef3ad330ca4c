"""Loaders (JSONL, folders, HF rows), the registry and the bundled demo set, and export."""

from __future__ import annotations

import json

import pytest

from proofsmith.datasets.export import export_pairs
from proofsmith.datasets.jsonl import read_json_lines
from proofsmith.datasets.loaders import load_problems, problem_from_row
from proofsmith.datasets.registry import REGISTRY, lookup
from proofsmith.datasets.store import ProofRecord, Store
from proofsmith.errors import InputError


def test_bundled_demo_covers_every_domain_and_known_sets_need_downloads():
    problems = load_problems("demo")
    assert {p.domain for p in problems} == {"answer", "smt", "code", "lean"}
    assert len({p.id for p in problems}) == len(problems)
    assert all(p.source == "demo" for p in problems)
    assert lookup("DEMO") is REGISTRY["demo"] and not REGISTRY["demo"].needs_download
    for name in ("minif2f-lean4", "proofnet", "leandojo-benchmark-4", "math-500", "smt-lib"):
        assert REGISTRY[name].needs_download
    with pytest.raises(InputError, match="needs a download"):
        REGISTRY["smt-lib"].load()


def test_jsonl_and_split_filter(tmp_path):
    path = tmp_path / "set.jsonl"
    rows = [
        {"id": "a", "domain": "answer", "statement": "1+1?", "reference": "2", "split": "train"},
        {"id": "b", "domain": "answer", "statement": "2+2?", "reference": "4", "split": "test"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    assert [p.id for p in load_problems(str(path))] == ["a", "b"]
    assert [p.id for p in load_problems(str(path), split="test")] == ["b"]
    assert load_problems(str(path))[0].source == "set"
    path.write_text('{"id": "a", "domain": "answer"\n')
    with pytest.raises(InputError, match=r"set.jsonl:1 is not valid JSON") as bad:
        load_problems(str(path))
    assert "id, domain and statement" in bad.value.hint


def test_json_lines_name_the_line_that_is_wrong(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('\n{"a": 1}\n  \n{"b": [2]}\n')
    assert read_json_lines(path) == [{"a": 1}, {"b": [2]}]
    path.write_text('{"a": 1}\n\n[1, 2]\n')
    with pytest.raises(InputError, match=r"x.jsonl:3 is a JSON list, not an object") as bad:
        read_json_lines(path, hint="One record per line.")
    assert bad.value.hint == "One record per line."
    path.write_bytes(b"\xff\xfe{}")
    with pytest.raises(InputError, match="cannot read"):
        read_json_lines(path)
    with pytest.raises(InputError, match="cannot read"):
        read_json_lines(tmp_path / "missing.jsonl")


def test_folder_of_problem_files(tmp_path):
    (tmp_path / "test").mkdir()
    (tmp_path / "test" / "t1.lean").write_text(
        "import Mathlib\nopen Real\n\ntheorem t1 : (1:ℕ) + 1 = 2 := by sorry\n"
    )
    (tmp_path / "q.smt2").write_text(
        "(set-info :status unsat)\n(declare-const x Int)\n(assert (< x x))\n(check-sat)\n"
    )
    (tmp_path / "f.py").write_text("def f(x: int) -> int:\n    return x\n")
    (tmp_path / "notes.txt").write_text("ignored")
    problems = {p.id: p for p in load_problems(str(tmp_path))}
    assert set(problems) == {"test/t1", "q", "f"}
    lean = problems["test/t1"]
    assert lean.domain == "lean" and lean.split == "test"
    assert lean.header == "import Mathlib\nopen Real"
    assert lean.statement.startswith("theorem t1")
    assert problems["q"].reference == "unsat" and problems["f"].domain == "code"
    with pytest.raises(InputError, match="no such file"):
        load_problems(str(tmp_path / "missing.jsonl"))


def test_hf_rows_are_mapped_by_their_fields():
    lean = problem_from_row(
        {
            "name": "mathd_1",
            "formal_statement": "theorem x : True := by sorry",
            "header": "import Mathlib",
            "split": "valid",
        },
        0,
        source="minif2f",
        split="train",
    )
    assert (lean.id, lean.domain, lean.header, lean.split) == (
        "mathd_1",
        "lean",
        "import Mathlib",
        "valid",
    )
    math = problem_from_row(
        {"problem": "1+1?", "solution": "It is $\\boxed{\\frac{1}{2}}$."},
        3,
        source="m",
        split="test",
    )
    assert (math.id, math.domain, math.reference) == ("m-3", "answer", "\\frac{1}{2}")
    gsm = problem_from_row({"question": "q", "answer": "think #### 72"}, 0, source="g", split=None)
    assert gsm.reference == "72"
    with pytest.raises(InputError, match="cannot tell what row 5"):
        problem_from_row({"text": "?"}, 5, source="x", split=None)


def test_export_writes_distinct_pairs_of_both_kinds(tmp_path):
    db = tmp_path / "run.db"
    with Store(db) as store:
        run = store.start_run("demo", "p", {}, {})
        for record in (
            ProofRecord("p1", "demo", "lean", "theorem t : 1 = 1 := by", "rfl", header="import X"),
            ProofRecord(
                "p1", "demo", "lean", "theorem t : 1 = 1 := by", "rfl", header="import X", split="x"
            ),
            ProofRecord("p1", "demo", "lean", "theorem t", "rfl", kind="tactic", state="⊢ 1 = 1"),
        ):
            store.add_proof(run, record)
    counts = export_pairs(db, tmp_path / "out" / "pairs.jsonl", hf_dir=tmp_path / "hf")
    assert counts == {"proof": 1, "tactic": 1}
    lines = [json.loads(x) for x in (tmp_path / "out" / "pairs.jsonl").read_text().splitlines()]
    assert lines[0] == {
        "statement": "theorem t : 1 = 1 := by",
        "header": "import X",
        "state": "",
        "proof": "rfl",
        "domain": "lean",
        "problem_id": "p1",
        "kind": "proof",
        "dataset": "demo",
        "split": None,
    }
    assert (lines[1]["statement"], lines[1]["state"]) == ("theorem t", "⊢ 1 = 1")
    assert lines[1]["kind"] == "tactic"
    import datasets

    loaded = datasets.load_from_disk(str(tmp_path / "hf"))
    assert loaded.num_rows == 2 and loaded[1]["proof"] == "rfl"
