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
import logging
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

from desktop.core.audit_chain import ChainReport, Head, Seal, walk
from desktop.core.files import private_file
from desktop.core.paths import user_data_dir
from desktop.core.secrets import SecretStore, TokenStore
from desktop.core.storage import open_database, write_transaction

log = logging.getLogger(__name__)

#: Seconds between two keyring calls of one process's sealer (see _seal_while_due).
SEAL_INTERVAL = 0.5

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
    """The trail's file: opened on first use, one connection behind a lock; its chain
    sealed after each commit and checked on demand; its details purged by retention."""

    # The last check's data_version and report (see check()).
    _checked: tuple[int, ChainReport] | None = None

    def __init__(self, path: Path | None = None, *, keyring: TokenStore | None = None) -> None:
        self._path = Path(path) if path is not None else None
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._key: bytes | None = None
        # Where the head's seal key lives (see desktop.core.audit_chain.Seal).
        self._keyring: TokenStore = keyring if keyring is not None else SecretStore()
        self._seal: Seal | None = None
        # The head is kept in the keyring off the recording thread (a keyring call takes
        # tens of ms): one sealer thread at a time, started when a commit asks for it,
        # ending once none is due; not a daemon, so an exiting process keeps its last.
        self._sealing = threading.Condition()
        self._seals_asked = 0  # commits that asked for a seal
        self._seals_made = 0  # of those, how many a finished seal covers
        self._hurry = False  # someone waits in flush_seal()
        self._sealer: threading.Thread | None = None

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
            private_file(self.path)
            # NORMAL: a commit survives a killed process; a power cut may lose the last
            # one, which the anchor (written after it) then also does not claim.
            conn = open_database(
                self.path, SCHEMA, SCHEMA_VERSION, synchronous="NORMAL", busy_ms=10000
            )
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
        self.flush_seal()
        # The sealer, hurried, ends now rather than after its pause between two seals,
        # which a process on its way out would wait for.
        with self._sealing:
            self._hurry = True
            self._sealing.notify_all()
            sealer = self._sealer
        if sealer is not None:
            sealer.join()
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
        with self._lock, write_transaction(self._connection()) as conn:
            yield conn

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

    def _request_seal(self) -> None:
        """After a commit: anchor the head now, and have it kept in the keyring soon."""
        self._anchor_head()
        with self._sealing:
            self._seals_asked += 1
            if self._sealer is None:
                self._sealer = threading.Thread(target=self._seal_while_due, name="audit seal")
                self._sealer.start()

    def _seal_while_due(self) -> None:
        last = 0.0
        while True:
            with self._sealing:
                # At most one keyring call per interval while a bulk run commits chunk
                # after chunk (each call is tens of ms of D-Bus and encryption, taken
                # from the run); a waiting flush_seal() cuts the pause short.
                pause = last + SEAL_INTERVAL - time.monotonic()
                if pause > 0 and not self._hurry:
                    self._sealing.wait_for(lambda: self._hurry, timeout=pause)
                self._hurry = False
                asked = self._seals_asked
                if asked == self._seals_made:
                    self._sealer = None
                    return
            last = time.monotonic()
            try:
                self._seal_head()
            except Exception:
                # Never fatal to recording: verify() reports the newest records as not
                # sealed yet, and the next commit tries again.
                log.exception("could not seal the audit trail's head")
            with self._sealing:
                self._seals_made = asked
                self._sealing.notify_all()

    def flush_seal(self) -> None:
        """Wait until every commit made so far is covered by a seal (not for commits
        made meanwhile: a running bulk inquiry does not hold a check up)."""
        with self._sealing:
            asked = self._seals_asked
            self._hurry = True
            self._sealing.notify_all()
            self._sealing.wait_for(lambda: self._seals_made >= asked)

    def _anchor_head(self) -> None:
        """After a commit, in a write transaction of its own: writers in several
        processes anchor in turn, each the head as it is at that moment, so the anchor
        never moves back. A crash before it leaves the anchor one commit behind, which
        verify() accepts and reports (the newest records not sealed yet)."""
        with self._tx() as conn:
            newest = conn.execute(
                "SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            if newest is not None:
                self.seal.anchor(Head(newest["seq"], newest["hash"]))

    def _seal_head(self) -> None:
        """Keep the head as it is now in the keyring (the sealer thread): the commits
        made since the last time are all covered at once. Two processes doing so together
        may leave the keyring a commit behind the trail, never ahead of it nor on another
        chain (see Seal.advance); the anchor file, sealed in turn, covers the rest."""
        with self._lock:
            newest = (
                self._connection()
                .execute("SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1")
                .fetchone()
            )
        if newest is not None:
            self.seal.advance(Head(newest["seq"], newest["hash"]), self._hash_at)

    # -- checking ----------------------------------------------------------------------

    def verify(self) -> ChainReport:
        """Walk the chain from the first record, then hold its head against the seal;
        report the first place it breaks, or how far it can be trusted."""
        self.flush_seal()  # this process's own commits are judged sealed, as they will be
        state = self.seal.state()
        with self._lock:
            conn = self._connection()
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            rows = conn.execute("SELECT * FROM records ORDER BY seq").fetchall()
        report = self.seal.judge(walk(rows), state, self._hash_at)
        self._checked = (version, report)
        return report

    def check(self) -> ChainReport:
        """verify(), walking only the records added since the last intact walk when
        nothing but this log's own appends changed the file in between (SQLite's
        data_version tells another connection's commit); the head is always held against
        the seal again."""
        last = self._checked
        self.flush_seal()
        state = self.seal.state()
        with self._lock:
            conn = self._connection()
            version = conn.execute("PRAGMA data_version").fetchone()[0]
            base = last[1].head if last is not None and last[0] == version and last[1].ok else None
            if base is not None:
                rows = conn.execute(
                    "SELECT * FROM records WHERE seq > ? ORDER BY seq", (base.count,)
                ).fetchall()
        if base is None:
            return self.verify()
        report = self.seal.judge(walk(rows, base), state, self._hash_at)
        self._checked = (version, report)
        return report

    def _hash_at(self, seq: int) -> str | None:
        with self._lock:
            row = (
                self._connection()
                .execute("SELECT hash FROM records WHERE seq = ?", (seq,))
                .fetchone()
            )
        return row[0] if row is not None else None
