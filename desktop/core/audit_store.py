"""Where the audit trail is kept: one SQLite file in the per-user data directory.

Personal data — the national ID in clear and the full answer — lives in a separate
``details`` table keyed by the record's sequence number and NOT covered by the chain, so
retention can purge it (purge_details, wipe_details) without breaking anything. What the
chain keeps instead is a keyed digest: HMAC-SHA256 of the national ID under a random
per-installation key. A plain SHA-256 of a 10-digit number with a check digit is reversed
by trying the billion candidates in seconds; the keyed digest cannot be reversed without
the key, and searching by national ID computes the same digest.

Where the key lives: a file ``audit.key`` (32 random bytes, owner-only) in the per-user
data directory, beside the log. Not the OS keyring, because the digest must be
computable whenever the log is written or searched — headless on a server with no Secret
Service, with the keyring locked, after a keyring reset — and a key that changed or
vanished would make every earlier record unsearchable by ID. The key guards the digests
wherever they travel without it (a copy of the database, ``audit verify --json``, a
supervisor's export); it does not guard against someone holding the whole data
directory, who has the details table anyway until retention purges it.

Qt-free and thread-safe (one connection behind a lock); the file opens on first use, so
constructing a store touches no disk. Writers in several processes (the window and a
headless command) are serialised by SQLite's write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

from desktop.core.audit_chain import Seal
from desktop.core.paths import user_data_dir
from desktop.core.secrets import SecretStore, TokenStore

DB_NAME = "audit.sqlite3"
KEY_NAME = "audit.key"
ANCHOR_SUFFIX = ".anchor"
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    seq INTEGER PRIMARY KEY,           -- 1, 2, 3... with no gaps
    at TEXT NOT NULL,                  -- UTC, ISO 8601 with microseconds
    kind TEXT NOT NULL,
    clerk TEXT NOT NULL,               -- the username, or os:<login> offline
    agency TEXT NOT NULL,              -- the agency id; empty offline
    case_reference TEXT NOT NULL,
    purpose TEXT NOT NULL,
    subject TEXT NOT NULL,             -- keyed digest of the national ID asked about
    result_digest TEXT NOT NULL,       -- SHA-256 of the answer's canonical JSON
    server_ref TEXT NOT NULL,          -- inquiry id, certificate serial, job number
    outcome TEXT NOT NULL,             -- a status, verdict or error code; never personal
    job INTEGER,                       -- the bulk job a row belongs to
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_subject ON records (subject);
CREATE INDEX IF NOT EXISTS records_at ON records (at);
CREATE TABLE IF NOT EXISTS details (
    seq INTEGER PRIMARY KEY,           -- the record's; outside the chain, so purgeable
    at TEXT NOT NULL,
    national_id TEXT,
    answer TEXT,                       -- the answer's canonical JSON (its digest is chained)
    extra TEXT                         -- JSON: other personal data (a tracking code...)
);
"""


def default_path() -> Path:
    return user_data_dir() / DB_NAME


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


class AuditStore:
    """The trail's file: opened on first use, one connection behind a lock."""

    def __init__(self, path: Path | None = None, *, keyring: TokenStore | None = None) -> None:
        self._path = Path(path) if path is not None else None
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._key: bytes | None = None
        # Where the head's seal key lives (see desktop.core.audit_chain.Seal).
        self._keyring: TokenStore = keyring if keyring is not None else SecretStore()
        self._seal: Seal | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = default_path()
        return self._path

    @property
    def anchor_path(self) -> Path:
        return self.path.with_name(self.path.name + ANCHOR_SUFFIX)

    @property
    def seal(self) -> Seal:
        if self._seal is None:
            self._seal = Seal(self.path, self.anchor_path, self._keyring)
        return self._seal

    @property
    def key_path(self) -> Path:
        return self.path.with_name(KEY_NAME)

    # -- opening -----------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            # NORMAL: a commit survives a killed process; a power cut may lose the last
            # one, which the anchor (written after it) then also does not claim.
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=10000")
            # Purged details are overwritten on disk, not just unlinked from the b-tree.
            conn.execute("PRAGMA secure_delete=ON")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                raise RuntimeError(f"{self.path} was written by a newer version of the app")
            conn.executescript(SCHEMA)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._conn = conn
        return self._conn

    def _secret(self) -> bytes:
        if self._key is None:
            path = self.key_path
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                # O_EXCL: two processes starting at once cannot both create a key.
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                key = path.read_bytes()
            else:
                key = secrets.token_bytes(32)
                with os.fdopen(fd, "wb") as f:
                    f.write(key)
            if len(key) != 32:
                raise RuntimeError(f"{path} is damaged: the audit key must be 32 bytes")
            self._key = key
        return self._key

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # -- retention ---------------------------------------------------------------------

    def purge_details(self, before: dt.datetime) -> int:
        """Drop the personal details of records made before `before` (aware datetime);
        the chained records stay. Returns how many were dropped."""
        if before.tzinfo is None:
            raise ValueError("before must be timezone-aware")
        return self._drop_details("DELETE FROM details WHERE at < ?", (utc_text(before),))

    def wipe_details(self) -> int:
        """Drop every record's personal details; returns how many were dropped."""
        return self._drop_details("DELETE FROM details", ())

    def _drop_details(self, sql: str, params: tuple[Any, ...]) -> int:
        with self._tx() as conn:
            dropped = conn.execute(sql, params).rowcount
        if dropped:
            # The old pages also live in the write-ahead log until a checkpoint: copy
            # them back (overwritten, see secure_delete) and empty the log now.
            with self._lock:
                self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return dropped
