"""The job store's database file: its schema, its version, and how it is opened so that
no answer is lost.

Durability: the database runs in WAL mode with synchronous=FULL. In WAL mode a commit
has written its frames to the log file before it returns, so even synchronous=NORMAL
survives a killed process (kill -9): the frames are in the operating system's cache and
reach the disk without us. FULL adds an fsync of the log per commit, which also survives
a power cut or an OS crash. With one commit per batch of hundreds of rows that costs a
few milliseconds per batch, and an answer lost after the server charged for it is worth
more: after the server's 24-hour idempotency window it could only be bought again.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.core.storage import open_database

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,              -- Unix time; retention of personal data counts from it
    source_path TEXT NOT NULL,
    source_name TEXT NOT NULL,
    source_sha256 TEXT NOT NULL,        -- of the bytes imported: finds the job for a file again
    sheet TEXT,                         -- NULL for CSV and pasted text
    id_column TEXT NOT NULL,
    id_column_index INTEGER NOT NULL,   -- 0-based, in the file's rows
    headers TEXT NOT NULL,              -- JSON list of the header row's cells
    case_reference TEXT,                -- NULL when every row names its own
    server_url TEXT NOT NULL,
    username TEXT NOT NULL,
    agency TEXT,                        -- the clerk's agency; NULL when not known (a command)
    state TEXT NOT NULL
        CHECK (state IN ('ready', 'running', 'paused', 'done', 'cancelled')),
    state_reason TEXT                   -- why it is paused: a stable code, not a sentence
);
CREATE INDEX IF NOT EXISTS jobs_by_source ON jobs (source_sha256, state);
CREATE TABLE IF NOT EXISTS job_rows (
    job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    row INTEGER NOT NULL,               -- 1-based, as the spreadsheet program numbers it
    raw TEXT NOT NULL,
    national_id TEXT,
    import_status TEXT NOT NULL,        -- valid | invalid | duplicate | empty
    import_reason TEXT,
    duplicate_of INTEGER,
    cells TEXT NOT NULL,                -- JSON list: the whole row as the file has it
    case_reference TEXT,
    idempotency_key TEXT,               -- set once at creation for valid rows, never changed
    state TEXT NOT NULL CHECK (state IN ('pending', 'answered', 'failed', 'skipped')),
    status TEXT,                        -- the answer's status, for counting without JSON
    result TEXT,                        -- the StatusResult JSON
    error_code TEXT,                    -- problem slug or error class; never a sentence
    error_detail TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    answered_at REAL,
    PRIMARY KEY (job_id, row)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS job_rows_by_state ON job_rows (job_id, state);
"""


def connect(path: Path) -> sqlite3.Connection:
    """The database at `path`, durable as above, its schema made current; RuntimeError
    when a newer version of the app wrote it."""
    conn = open_database(path, SCHEMA, SCHEMA_VERSION, synchronous="FULL", busy_ms=5000)
    conn.execute("PRAGMA foreign_keys=ON")
    columns = {c["name"] for c in conn.execute("PRAGMA table_info(jobs)")}
    if "agency" not in columns:  # written by version 1: its jobs' agency is not known
        conn.execute("ALTER TABLE jobs ADD COLUMN agency TEXT")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return conn
