"""Fine-tuning pairs: rendering in prompt formats, round-trip, dedup, reading exports."""

from __future__ import annotations

import json

import pytest

from proofsmith.datasets.store import ProofRecord, Store
from proofsmith.errors import InputError
from proofsmith.provers.formats import get_format
from proofsmith.provers.training.sft_data import completion_for, read_proof_records, sft_examples

LEAN = {
    "problem_id": "t1",
    "domain": "lean",
    "kind": "proof",
    "statement": "theorem t1 : 1 + 1 = 2 := by sorry",
    "header": "import Mathlib",
    "proof": "norm_num",
}


@pytest.mark.parametrize(
    "name", ["answer-cot", "chat-whole-proof", "deepseek-prover-v1.5", "bfs-prover"]
)
def test_completion_parses_back_to_the_proof(name):
    fmt = get_format(name)
    for proof in ["42", "intro x\n  simp", "\\frac{1}{2}"]:
        assert fmt.parse(completion_for(fmt, proof)) == proof


def test_whole_proof_and_tactic_records_render_in_the_format():
    fmt = get_format("deepseek-prover-v1.5")
    (ex,) = sft_examples([LEAN], fmt)
    assert ex.prompt.endswith("theorem t1 : 1 + 1 = 2 := by\n") and "import Mathlib" in ex.prompt
    assert ex.completion == "norm_num" and ex.kind == "proof" and ex.problem_id == "t1"

    tactic = {**LEAN, "kind": "tactic", "state": "⊢ 1 + 1 = 2", "proof": "norm_num"}
    (step,) = sft_examples([tactic], get_format("bfs-prover"))
    assert (step.prompt, step.completion) == ("⊢ 1 + 1 = 2:::", "norm_num")
    assert sft_examples([tactic], get_format("bfs-prover"), kinds=("proof",)) == []


def test_duplicates_excluded_problems_and_unreadable_pairs_are_dropped():
    fmt = get_format("answer-cot")
    rec = {"problem_id": "a", "domain": "answer", "statement": "1+1?", "proof": "2"}
    other = {**rec, "problem_id": "b", "statement": "2+2?", "proof": "4"}
    assert len(sft_examples([rec, rec, other], fmt)) == 2
    assert [e.problem_id for e in sft_examples([rec, other], fmt, exclude_problems={"a"})] == ["b"]
    # a proof the boxed parser would read back differently is not trained on
    assert sft_examples([{**rec, "proof": "2}{3"}], fmt) == []
    ready = {"prompt": "P", "completion": "C", "problem_id": "z"}
    assert [(e.prompt, e.completion) for e in sft_examples([ready], fmt)] == [("P", "C")]


def test_reads_jsonl_store_and_hf_dir(tmp_path):
    path = tmp_path / "proofs.jsonl"
    path.write_text(json.dumps(LEAN) + "\n\n")
    assert read_proof_records(path) == [LEAN]

    with Store(tmp_path / "run.db") as store:
        run = store.start_run("d", "portfolio", {}, {})
        store.add_proof(run, ProofRecord("t1", "d", "lean", LEAN["statement"], "norm_num"))
    (rec,) = read_proof_records(tmp_path / "run.db")
    assert (rec.proof, rec.kind, rec.problem_id) == ("norm_num", "proof", "t1")

    from datasets import Dataset

    Dataset.from_list([LEAN]).save_to_disk(str(tmp_path / "hf"))
    assert read_proof_records(tmp_path / "hf") == [LEAN]

    path.write_text("{not json\n")
    with pytest.raises(InputError, match="not valid JSON"):
        read_proof_records(path)
    with pytest.raises(InputError, match="no such file"):
        read_proof_records(tmp_path / "missing.jsonl")
