"""The SQLite run store: round trips, de-duplication, resume data, concurrent writers, errors."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from dataclasses import replace

import pytest

from proofsmith.datasets.store import Attempt, ProofRecord, Store
from proofsmith.errors import StoreError


def _proof(pid: str, proof: str = "2", kind: str = "proof", state: str = "") -> ProofRecord:
    return ProofRecord(
        problem_id=pid,
        dataset="demo",
        domain="answer",
        statement=f"question {pid}",
        proof=proof,
        kind=kind,
        state=state,
        split="test",
        details={"logprob": -1.5},
    )


def test_runs_attempts_and_proofs_round_trip(tmp_path):
    with Store(tmp_path / "run.db") as store:
        run = store.start_run("demo", "portfolio", {"n": 4, "search": "sample"}, {"z3": "4.13"})
        details = {"statuses": ["proved", "refuted"], "model_s": 0.5}
        attempt = Attempt("p1", "demo", "answer", "sample", "proved", 4, 1, 0.25, "test", details)
        store.add_attempt(run, attempt)
        assert store.add_proof(run, _proof("p1")) is True
        step = replace(
            _proof("p1", "simp", "tactic", "⊢ 1 + 1 = 2"), header="import Mathlib", split=None
        )
        step = replace(step, checked_text="theorem t : 1 + 1 = 2 := by simp")
        assert store.add_proof(run, step) is True
        store.finish_run(run)

    with Store(tmp_path / "run.db") as store:
        (info,) = store.runs()
        assert info.id == run and info.settings == {"n": 4, "search": "sample"}
        assert info.versions == {"z3": "4.13"} and info.finished is not None
        (back,) = store.attempts(run)
        assert back == replace(attempt, run_id=run)
        assert store.proofs() == [replace(_proof("p1"), run_id=run), replace(step, run_id=run)]
        assert store.solved() == {"p1"} and store.solved("other") == set()
        mode = store._db.execute("PRAGMA journal_mode").fetchone()[0]
        assert mode == "wal"


def test_identical_proofs_are_stored_once_and_tactics_do_not_count_as_solved(tmp_path):
    with Store(tmp_path / "run.db") as store:
        run = store.start_run("demo", "p", {}, {})
        assert store.add_proof(run, _proof("p1")) is True
        assert store.add_proof(run, _proof("p1")) is False
        assert store.add_proof(run, _proof("p1", "3")) is True
        store.add_proof(run, _proof("p2", "simp", kind="tactic", state="⊢ x = x"))
        assert len(store.proofs()) == 3
        assert [p.proof for p in store.proofs(kind="tactic")] == ["simp"]
        assert store.solved() == {"p1"}
        with pytest.raises(StoreError, match="unknown proof kind"):
            store.add_proof(run, _proof("p3", kind="lemma"))
        with pytest.raises(StoreError, match="correct=3 > n=2"):
            store.add_attempt(run, Attempt("p", "demo", "answer", "sample", "proved", 2, 3, 0.1))


_WRITER = """
import sys
from dataclasses import replace
from proofsmith.datasets.store import ProofRecord, Store
store = Store(sys.argv[1])
run = store.start_run("demo", "w" + sys.argv[2], {}, {})
for i in range(40):
    store.add_proof(run, ProofRecord(f"w{sys.argv[2]}-p{i}", "demo", "answer", "q", "2"))
store.close()
"""


def test_several_processes_write_one_database(tmp_path):
    path = str(tmp_path / "run.db")
    Store(path).close()
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, path, str(w)]) for w in range(3)]
    assert [p.wait(60) for p in procs] == [0, 0, 0]
    with Store(path) as store:
        assert len(store.solved()) == 120 and len(store.runs()) == 3


def test_unreadable_or_foreign_database_is_a_store_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open run database"):
        Store(junk)
    future = tmp_path / "future.db"
    Store(future).close()
    db = sqlite3.connect(future)
    db.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="schema version 99"):
        Store(future)


def test_the_dataset_is_part_of_a_proofs_identity_and_batches_commit_together(tmp_path):
    with Store(tmp_path / "run.db") as store:
        run = store.start_run("demo", "p", {}, {})
        other = replace(_proof("p1"), dataset="other")
        assert store.add_proofs(run, [_proof("p1"), _proof("p1"), other, _proof("p2")]) == 3
        assert store.add_proofs(run, [_proof("p2")]) == 0  # already stored
        assert store.solved("demo") == {"p1", "p2"} and store.solved("other") == {"p1"}
        with pytest.raises(StoreError, match="unknown proof kind"):
            store.add_proofs(run, [_proof("p3"), replace(_proof("p4"), kind="lemma")])
        assert "p3" not in store.solved()  # a bad batch writes nothing


def test_a_version_1_database_is_migrated_keeping_its_rows(tmp_path):
    from proofsmith.datasets import store as store_module

    path = tmp_path / "v1.db"
    old_schema = store_module._SCHEMA.replace(
        "UNIQUE (run_id, dataset, problem_id)", "UNIQUE (run_id, problem_id)"
    ).replace(
        "UNIQUE (dataset, problem_id, kind, state, proof)",
        "UNIQUE (problem_id, kind, state, proof)",
    )
    db = sqlite3.connect(path)
    db.executescript(old_schema)
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    db.execute("INSERT INTO runs VALUES (1, 0, NULL, 'demo', 'p', '{}', '{}')")
    db.execute(
        "INSERT INTO proofs (run_id, problem_id, dataset, split, domain, kind, statement, header,"
        " state, proof, checked_text, details, created) VALUES"
        " (1, 'p1', 'demo', 'test', 'answer', 'proof', 'q', '', '', '2', '', '{}', 0)"
    )
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.solved("demo") == {"p1"}
        run = store.start_run("other", "p", {}, {})
        assert store.add_proof(run, replace(_proof("p1"), dataset="other"))  # v1 refused this
    version = sqlite3.connect(path).execute("SELECT value FROM meta").fetchone()[0]
    assert version == str(store_module.SCHEMA_VERSION)
