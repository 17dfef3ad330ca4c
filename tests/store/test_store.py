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
