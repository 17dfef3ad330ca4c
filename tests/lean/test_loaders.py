"""miniF2F (two lineages) and LeanDojo Benchmark 4 loaders on the shared data."""

from __future__ import annotations

import json
import shutil

import pytest

from proofsmith.checkers.lean.source import theorem_head, theorem_name
from proofsmith.datasets.leandojo import load_leandojo, read_records, tactic_pairs
from proofsmith.datasets.minif2f import load_minif2f
from proofsmith.errors import InputError


@pytest.fixture
def minif2f(shared_dir):
    return shared_dir / "datasets" / "minif2f-lean4"


def test_yangky11_lineage_loads_both_splits(minif2f):
    problems = load_minif2f(minif2f / "yangky11-miniF2F-lean4")
    assert len(problems) == 488
    assert sum(p.split == "test" for p in problems) == 244
    first = problems[0]
    assert first.domain == "lean" and first.header.startswith("import Mathlib\n")
    assert "open BigOperators Real Nat Topology Rat" in first.header
    for p in problems:
        assert p.statement.endswith(":= by") and theorem_name(p.statement) == p.id
        assert p.metadata["lineage"] == "yangky11"
    assert len(load_minif2f(minif2f / "yangky11-miniF2F-lean4", split="valid")) == 244


def test_lean_files_and_the_derived_jsonl_give_the_same_problems(minif2f, tmp_path):
    source = minif2f / "yangky11-miniF2F-lean4"
    names = sorted(p.name for p in (source / "Test").glob("*.lean"))[:5]
    (tmp_path / "Test").mkdir()
    for name in names:
        shutil.copy(source / "Test" / name, tmp_path / "Test" / name)
    from_files = {p.id: p for p in load_minif2f(tmp_path)}
    from_jsonl = {p.id: p for p in load_minif2f(source, split="test")}
    assert len(from_files) == 5
    for pid, problem in from_files.items():
        assert problem.split == "test"
        assert problem.header == from_jsonl[pid].header
        assert " ".join(problem.statement.split()) == " ".join(from_jsonl[pid].statement.split())


def test_deepseek_lineage_keeps_goal_and_informal_prefix(minif2f):
    problems = load_minif2f(minif2f / "deepseek-prover-v1.5" / "minif2f.jsonl", split="test")
    assert len(problems) == 244
    p = problems[0]
    assert "import Aesop" in p.header
    assert p.metadata["lineage"] == "deepseek-prover-v1.5"
    assert "⊢" in p.metadata["goal"] and p.metadata["informal_prefix"].startswith("/--")
    assert theorem_head(p.statement + " sorry").startswith("theorem " + p.id)


def test_a_hub_dataset_path_goes_through_hugging_face(minif2f, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "cache"))
    rows = (minif2f / "deepseek-prover-v1.5" / "minif2f.jsonl").read_text().splitlines()[:6]
    (tmp_path / "hub").mkdir()
    (tmp_path / "hub" / "test.jsonl").write_text("\n".join(rows) + "\n")
    from proofsmith.datasets.minif2f import _from_hub, problem_from_record

    problems = [problem_from_record(r) for r in _from_hub(str(tmp_path / "hub"), None)]
    assert [p.id for p in problems] == [json.loads(r)["name"] for r in rows]
    assert all(p.metadata["lineage"] == "deepseek-prover-v1.5" for p in problems)
    with pytest.raises(InputError, match="cannot load the Hugging Face dataset"):
        load_minif2f("no-such-owner/no-such-minif2f-dataset")


def test_bad_inputs_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="split"):
        load_minif2f(tmp_path, split="train")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"name": "x"}\n')
    with pytest.raises(InputError, match="formal_statement"):
        load_minif2f(bad)


def test_leandojo_records_give_problems_and_training_pairs(shared_dir, tmp_path):
    fixtures = shared_dir / "fixtures" / "leandojo"
    record = json.loads((fixtures / "theorem_record_partial_example.json").read_text())
    closing = {
        "full_name": "Nat.x",
        "url": record["url"],
        "commit": record["commit"],
        "file_path": "X.lean",
        "traced_tactics": [
            {
                "tactic": "rfl",
                "annotated_tactic": ["rfl", []],
                "state_before": "⊢ 1 = 1",
                "state_after": "no goals",
            },
            {
                "tactic": "skip",
                "annotated_tactic": ["skip", []],
                "state_before": "no goals",
                "state_after": "no goals",
            },
        ],
    }
    (tmp_path / "random").mkdir()
    (tmp_path / "random" / "train.json").write_text(json.dumps([record, closing]))
    problems, pairs = load_leandojo(tmp_path / "random", split="train")
    assert [p.id for p in problems] == ["Algebra.intTrace_eq_trace", "Nat.x"]
    assert problems[0].metadata["commit"] == "29dcec074de168ac2bf835a77ef68bbe069194c5"
    assert problems[0].metadata["goal"].startswith("case h.a\nA : Type u_1")
    assert [pair.tactic for pair in pairs] == [record["traced_tactics"][0]["tactic"], "rfl"]
    assert pairs[0].premises == (
        "Algebra.algebraMap_intTrace_fractionRing",
        "Algebra.trace_localization",
    )
    assert pairs[1].state_after == "no goals"
    single = read_records(fixtures / "theorem_record_partial_example.json")
    assert len(list(tactic_pairs(single))) == 1
    with pytest.raises(InputError, match="not a LeanDojo theorem record"):
        read_records(fixtures / "traced_tactic_example.json")
    with pytest.raises(InputError, match="split"):
        read_records(tmp_path / "random")


def test_a_folder_problem_with_set_option_in_is_provable(tmp_path):
    """The header splitter is the checker's: a ``set_option … in`` stays with the theorem."""
    from lean_helpers import script_command, sent

    from proofsmith.checkers.lean import LeanChecker
    from proofsmith.checkers.verdict import Status
    from proofsmith.datasets.loaders import load_folder

    folder = tmp_path / "probs"
    folder.mkdir()
    (folder / "foo.lean").write_text(
        "import Mathlib\nopen Real\n\nset_option maxHeartbeats 400000 in\n"
        "theorem foo (x : ℕ) (h : x = 2) : x + 0 = 2 := by\n  sorry\n"
    )
    (problem,) = load_folder(folder)
    assert problem.header == "import Mathlib\nopen Real"
    assert problem.statement.startswith("set_option maxHeartbeats 400000 in\ntheorem foo")
    assert theorem_name(problem.statement) == "foo"
    with LeanChecker(repl_command=script_command(tmp_path, {}), timeout_s=10) as checker:
        verdict = checker.check(problem, "simp [h]")
        whole = checker.check(problem, problem.statement.replace("sorry", "simp [h]"))
    assert verdict.status is Status.PROVED and whole.status is Status.PROVED, verdict
    assert sent(tmp_path)[0] == {"cmd": "import Mathlib\nopen Real"}  # nothing dangling
