"""SQLite state that survives a restart: accounts, sessions, quotas, audit, outbox.

One connection guarded by a lock serves every uvicorn worker thread; each public
method is one short transaction.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS agencies (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,
    mou_number TEXT NOT NULL, mou_valid_from TEXT NOT NULL, mou_valid_until TEXT NOT NULL,
    scopes TEXT NOT NULL, daily_quota INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY, full_name TEXT NOT NULL, agency_id TEXT NOT NULL,
    phone TEXT NOT NULL, password_salt BLOB NOT NULL, password_hash BLOB NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0, locked_until REAL NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS challenges (
    id TEXT PRIMARY KEY, username TEXT NOT NULL, code TEXT NOT NULL,
    created_at REAL NOT NULL, expires_at REAL NOT NULL,
    wrong_attempts INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'open'  -- open | used | locked
);
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY, username TEXT NOT NULL, created_at REAL NOT NULL,
    revoked_at REAL
);
CREATE TABLE IF NOT EXISTS refresh_tokens (
    token_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL, issued_at REAL NOT NULL,
    expires_at REAL NOT NULL, rotated_at REAL
);
CREATE TABLE IF NOT EXISTS access_tokens (
    token_hash TEXT PRIMARY KEY, session_id TEXT NOT NULL, expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS quota_usage (
    agency_id TEXT NOT NULL, day TEXT NOT NULL, used INTEGER NOT NULL,
    PRIMARY KEY (agency_id, day)
);
CREATE TABLE IF NOT EXISTS idempotency (
    agency_id TEXT NOT NULL, key TEXT NOT NULL, request_digest TEXT NOT NULL,
    response TEXT NOT NULL, created_at REAL NOT NULL,
    PRIMARY KEY (agency_id, key)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, inquiry_id TEXT NOT NULL UNIQUE,
    username TEXT NOT NULL, agency_id TEXT NOT NULL, national_id TEXT NOT NULL,
    case_reference TEXT NOT NULL, purpose TEXT, status TEXT NOT NULL,
    idempotency_key TEXT, answered_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL, code TEXT NOT NULL,
    challenge_id TEXT NOT NULL, sent_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""

STAT_COUNTERS = (
    "inquiries_answered",
    "inquiries_replayed",
    "logins",
    "rate_limited",
    "failures_injected",
    "inquiry_requests",
    "faults_5xx",
    "faults_timeout",
    "faults_drop",
    "faults_after_work",
)


class Store:
    def __init__(self, path: Path) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        # isolation_level=None: transactions are opened explicitly in tx().
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextlib.contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, serialised with every other use of the connection."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def one(self, sql: str, *params: Any) -> sqlite3.Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def all(self, sql: str, *params: Any) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    # counters -------------------------------------------------------------------------

    @staticmethod
    def bump(conn: sqlite3.Connection, name: str, by: int = 1) -> int:
        row = conn.execute(
            "INSERT INTO counters (name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value RETURNING value",
            (name, by),
        ).fetchone()
        return int(row[0])

    def increment(self, name: str, by: int = 1) -> int:
        with self.tx() as conn:
            return self.bump(conn, name, by)

    def stats(self) -> dict[str, int]:
        rows = self.all("SELECT name, value FROM counters")
        values = {r["name"]: int(r["value"]) for r in rows}
        return {name: values.get(name, 0) for name in STAT_COUNTERS}

    # idempotency ----------------------------------------------------------------------

    @staticmethod
    def stored_answer(
        conn: sqlite3.Connection, agency_id: str, key: str, not_before: float
    ) -> tuple[str, dict[str, Any]] | None:
        row = conn.execute(
            "SELECT request_digest, response FROM idempotency "
            "WHERE agency_id = ? AND key = ? AND created_at >= ?",
            (agency_id, key, not_before),
        ).fetchone()
        if row is None:
            return None
        return row["request_digest"], json.loads(row["response"])
