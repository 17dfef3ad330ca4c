"""The run store: an embedded SQLite database (WAL) of runs, attempts and verified proofs.

Three tables:

- ``runs``: one row per ``proofsmith prove`` invocation (or expert-iteration round), with
  every setting and the versions of the tools involved (z3, sympy, torch, transformers,
  Lean/Mathlib/REPL when known, the model).
- ``attempts``: one row per (run, problem): how many candidates were tried, how many were
  verified (``n``/``correct``, the inputs of unbiased pass@k), the outcome and the seconds.
- ``proofs``: each verified proof, committed the moment it is verified. ``kind`` is
  ``"proof"`` (statement → whole proof / answer / candidate) or ``"tactic"`` (proof state →
  tactic, one row per step of a proof found by search). Identical rows are stored once.

Every write is its own transaction, and WAL mode with ``synchronous=NORMAL`` keeps each
committed transaction across a SIGKILL of the writer, so killing a run loses nothing that was
committed and leaves a readable database. Several processes may write to one file at once
(each opens its own :class:`Store`); a busy timeout makes them wait for each other.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from proofsmith.datasets.records import (
    Attempt,
    AttemptSummary,
    ProofRecord,
    RunInfo,
    from_row,
    row_values,
)
from proofsmith.errors import StoreError

__all__ = [
    "SCHEMA_VERSION",
    "Attempt",
    "AttemptSummary",
    "ProofRecord",
    "RunInfo",
    "Store",
]

SCHEMA_VERSION = 2  # 2: the dataset is part of each row's identity

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,
    finished REAL,
    dataset TEXT NOT NULL,
    prover TEXT NOT NULL,
    settings TEXT NOT NULL,     -- JSON: every option the run was started with
    versions TEXT NOT NULL      -- JSON: tool and library versions
);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    problem_id TEXT NOT NULL,
    dataset TEXT NOT NULL,
    split TEXT,
    domain TEXT NOT NULL,
    method TEXT NOT NULL,       -- "sample" | "bfs"
    outcome TEXT NOT NULL,      -- "proved" | "failed" | "timeout" | "error"
    n INTEGER NOT NULL,         -- candidates checked
    correct INTEGER NOT NULL,   -- candidates verified
    seconds REAL NOT NULL,
    details TEXT NOT NULL,      -- JSON: search statistics, last checker messages
    created REAL NOT NULL,
    UNIQUE (run_id, dataset, problem_id)
);
CREATE TABLE IF NOT EXISTS proofs (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    problem_id TEXT NOT NULL,
    dataset TEXT NOT NULL,
    split TEXT,
    domain TEXT NOT NULL,
    kind TEXT NOT NULL,         -- "proof" (statement -> proof) | "tactic" (state -> tactic)
    statement TEXT NOT NULL,
    header TEXT NOT NULL,
    state TEXT NOT NULL,        -- the proof state for kind="tactic", else ""
    proof TEXT NOT NULL,        -- the whole proof, answer or candidate; or the tactic
    checked_text TEXT NOT NULL,
    details TEXT NOT NULL,      -- JSON: logprob, step index, checker details
    created REAL NOT NULL,
    UNIQUE (dataset, problem_id, kind, state, proof)
);
CREATE INDEX IF NOT EXISTS proofs_problem ON proofs (dataset, problem_id);
CREATE INDEX IF NOT EXISTS attempts_problem ON attempts (dataset, problem_id);
"""


def _statements(script: str) -> Iterator[str]:
    """The SQL statements of ``script`` one by one (``executescript`` would commit)."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending
            pending = ""


class Store:
    """A run database. Thread-safe; one instance per process (processes may share a file)."""

    def __init__(self, path: str | Path, *, busy_timeout_s: float = 30.0) -> None:
        self.path = Path(path)
        try:
            if not self.path.parent.is_dir():  # mkdir raises when a file is in the way
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                str(self.path),
                timeout=busy_timeout_s,
                isolation_level=None,  # autocommit; explicit BEGIN for multi-statement writes
                check_same_thread=False,
            )
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
            self._db.executescript(_SCHEMA)
            self._check_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open run database {self.path}: {exc}",
                hint="Use a run database written by `proofsmith prove --out FILE` "
                "(or a new file name for --out).",
            ) from exc
        except OSError as exc:  # the folder cannot be made
            raise StoreError(
                f"cannot create run database {self.path}: {exc.strerror or exc}",
                hint="Pass --out a path you can write.",
            ) from exc
        self._lock = threading.Lock()

    def _check_version(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None:
            self._db.execute(
                "INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),)
            )
        elif int(row[0]) == 1:
            self._migrate_from_1()
        elif int(row[0]) != SCHEMA_VERSION:
            raise StoreError(
                f"run database {self.path} has schema version {row[0]}, this proofsmith "
                f"reads version {SCHEMA_VERSION}",
                hint="Write to a new --out file.",
            )

    def _migrate_from_1(self) -> None:
        """Version 1 keyed proofs and attempts without the dataset: rebuild both tables with
        the dataset in their unique keys (rows are kept), in one transaction."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            if int(row[0]) == 1:  # another process may have migrated while we waited
                for table in ("attempts", "proofs"):
                    db.execute(f"ALTER TABLE {table} RENAME TO {table}_v1")
                db.execute("DROP INDEX IF EXISTS proofs_problem")
                db.execute("DROP INDEX IF EXISTS attempts_problem")
                for statement in _statements(_SCHEMA):
                    db.execute(statement)
                for table in ("attempts", "proofs"):
                    db.execute(f"INSERT OR IGNORE INTO {table} SELECT * FROM {table}_v1")
                    db.execute(f"DROP TABLE {table}_v1")
                db.execute(
                    "UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION),)
                )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # -- lifetime ---------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        try:
            with self._lock:
                return self._db.execute(sql, tuple(params))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"run database {self.path}: {exc}") from exc

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        try:
            with self._lock:
                return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"run database {self.path}: {exc}") from exc

    def _insert(
        self, verb: str, table: str, run_id: int, record: Attempt | ProofRecord
    ) -> sqlite3.Cursor:
        """``verb`` (e.g. ``INSERT OR IGNORE``) one row of ``record``'s fields into ``table``."""
        values = {"run_id": run_id, **row_values(record), "created": time.time()}
        columns = ", ".join(values)
        marks = ", ".join("?" * len(values))
        return self._execute(f"{verb} INTO {table} ({columns}) VALUES ({marks})", values.values())

    # -- runs -------------------------------------------------------------------------

    def start_run(
        self,
        dataset: str,
        prover: str,
        settings: Mapping[str, Any],
        versions: Mapping[str, Any],
    ) -> int:
        """Record a new run; return its id."""
        cur = self._execute(
            "INSERT INTO runs (created, dataset, prover, settings, versions) VALUES (?,?,?,?,?)",
            (
                time.time(),
                dataset,
                prover,
                json.dumps(dict(settings), default=str),
                json.dumps(dict(versions), default=str),
            ),
        )
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int) -> None:
        self._execute("UPDATE runs SET finished=? WHERE id=?", (time.time(), run_id))

    def runs(self) -> list[RunInfo]:
        return [from_row(RunInfo, r) for r in self._query("SELECT * FROM runs ORDER BY id")]

    # -- attempts ---------------------------------------------------------------------

    def add_attempt(self, run_id: int, attempt: Attempt) -> None:
        """Record (or replace) the attempt of one problem in ``run_id``."""
        if not 0 <= attempt.correct <= attempt.n:
            raise StoreError(
                f"attempt of {attempt.problem_id!r} has correct={attempt.correct} > n={attempt.n}"
            )
        self._insert("INSERT OR REPLACE", "attempts", run_id, attempt)

    def attempts(self, run_id: int | None = None) -> list[Attempt]:
        """Attempts of one run, or of all runs (oldest first)."""
        where, params = ("WHERE run_id=?", (run_id,)) if run_id is not None else ("", ())
        rows = self._query(f"SELECT * FROM attempts {where} ORDER BY id", params)
        return [from_row(Attempt, r) for r in rows]

    # -- proofs -----------------------------------------------------------------------

    def add_proof(self, run_id: int, record: ProofRecord) -> bool:
        """Commit one verified proof at once; False when the same proof was already stored."""
        if record.kind not in ("proof", "tactic"):
            raise StoreError(f"unknown proof kind {record.kind!r}; use 'proof' or 'tactic'")
        return self._insert("INSERT OR IGNORE", "proofs", run_id, record).rowcount == 1

    def add_proofs(self, run_id: int, records: Iterable[ProofRecord]) -> int:
        """Commit many verified proofs in one transaction; return how many were new."""
        rows = []
        for record in records:
            if record.kind not in ("proof", "tactic"):
                raise StoreError(f"unknown proof kind {record.kind!r}; use 'proof' or 'tactic'")
            rows.append({"run_id": run_id, **row_values(record), "created": time.time()})
        if not rows:
            return 0
        columns = ", ".join(rows[0])
        marks = ", ".join("?" * len(rows[0]))
        sql = f"INSERT OR IGNORE INTO proofs ({columns}) VALUES ({marks})"
        try:
            with self._lock:
                before = self._db.total_changes
                self._db.execute("BEGIN")
                try:
                    self._db.executemany(sql, [tuple(r.values()) for r in rows])
                    self._db.execute("COMMIT")
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                return self._db.total_changes - before
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"run database {self.path}: {exc}") from exc

    def proofs(self, *, kind: str | None = None, dataset: str | None = None) -> list[ProofRecord]:
        """Stored proofs, oldest first, optionally of one kind and/or dataset."""
        clauses, params = [], []
        if kind is not None:
            clauses.append("kind=?")
            params.append(kind)
        if dataset is not None:
            clauses.append("dataset=?")
            params.append(dataset)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._query(f"SELECT * FROM proofs {where} ORDER BY id", params)
        return [from_row(ProofRecord, r) for r in rows]

    def attempted(self, dataset: str | None = None) -> set[str]:
        """Ids of problems with an attempt of any outcome (in any run)."""
        if dataset is None:
            rows = self._query("SELECT DISTINCT problem_id FROM attempts")
        else:
            rows = self._query(
                "SELECT DISTINCT problem_id FROM attempts WHERE dataset=?", (dataset,)
            )
        return {r[0] for r in rows}

    def latest_attempts(self, chunk: int = 5000) -> Iterator[AttemptSummary]:
        """The latest attempt of every (dataset, problem), light and streamed (for reports),
        with whether the store holds a verified whole proof of the problem."""
        sql = """
            SELECT a.dataset, a.problem_id, a.split, a.domain, a.method, a.n, a.correct,
                   a.seconds,
                   EXISTS (SELECT 1 FROM proofs p WHERE p.kind = 'proof'
                           AND p.dataset = a.dataset AND p.problem_id = a.problem_id)
            FROM attempts a
            JOIN (SELECT MAX(id) AS id FROM attempts GROUP BY dataset, problem_id) m
              ON a.id = m.id
            ORDER BY a.id
        """
        yield from (AttemptSummary(*row[:8], bool(row[8])) for row in self._stream(sql, (), chunk))

    def proof_counts(self) -> dict[str, int]:
        """Stored rows by kind (``proof``, ``tactic``)."""
        rows = self._query("SELECT kind, COUNT(*) FROM proofs GROUP BY kind")
        return {"proof": 0, "tactic": 0, **{r[0]: r[1] for r in rows}}

    def distinct_proofs(self, kind: str | None = None, chunk: int = 1000) -> Iterator[ProofRecord]:
        """Stored rows, oldest first, one per (kind, statement, state, proof), streamed."""
        where, params = ("WHERE kind=?", (kind,)) if kind is not None else ("", ())
        sql = (
            "SELECT * FROM proofs WHERE id IN (SELECT MIN(id) FROM proofs "
            f"{where} GROUP BY kind, statement, state, proof) ORDER BY id"
        )
        yield from (from_row(ProofRecord, r) for r in self._stream(sql, params, chunk))

    def _stream(self, sql: str, params: Iterable[Any], chunk: int) -> Iterator[sqlite3.Row]:
        """Rows of ``sql`` ``chunk`` at a time (never the whole result in memory)."""
        try:
            with self._lock:
                cursor = self._db.cursor()
                cursor.execute(sql, tuple(params))
            while True:
                with self._lock:
                    rows = cursor.fetchmany(chunk)
                if not rows:
                    return
                yield from rows
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"run database {self.path}: {exc}") from exc

    def solved(self, dataset: str | None = None) -> set[str]:
        """Ids of problems with at least one verified whole proof (in any run)."""
        if dataset is None:
            rows = self._query("SELECT DISTINCT problem_id FROM proofs WHERE kind='proof'")
        else:
            rows = self._query(
                "SELECT DISTINCT problem_id FROM proofs WHERE kind='proof' AND dataset=?",
                (dataset,),
            )
        return {r[0] for r in rows}
