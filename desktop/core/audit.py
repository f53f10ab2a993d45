"""The audit trail: every look-up of a person's data made from this machine.

Each inquiry (single), bulk inquiry (its start and finish, and every row asked about),
redeem and offline verification is one record: the clerk, the agency, the time (UTC), the
case reference, the purpose, the kind, a digest of what was asked, a digest of the answer,
the server's reference and a short outcome code. Never a name or an ID in clear.

Records are hash-chained: each record's hash covers its fields and the hash of the record
before it, so an edited, inserted, removed or reordered record breaks the chain at that
place (see verify()). Removing the newest records leaves a shorter chain that is intact in
itself, so the head (count and hash) is also kept beside the database, in
``audit.sqlite3.anchor``; a log shorter than its anchor, or whose record at the anchor's count has
another hash, is reported as truncated or edited.

What this does not protect against, said plainly: the chain uses a public algorithm, so
someone with write access to the data directory who rewrites every later record *and*
the anchor produces a log that verifies. It catches an edit made with an SQLite browser,
a deleted line, a restored older copy of the database, not a determined forger with the
clerk's own rights. The record that cannot be rewritten here is the server's (the agency
listing of GET /v1/agency/inquiries): the history screen shows the two side by side.
The anchor is written after each commit, so a crash between the two leaves it one commit
behind, which verify() accepts (it then guards a slightly older head).

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
constructing an AuditLog touches no disk. Writers in several processes (the window and a
headless command) are serialised by SQLite's write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import enum
import getpass
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from desktop.core.paths import user_data_dir

DB_NAME = "audit.sqlite3"
KEY_NAME = "audit.key"
ANCHOR_SUFFIX = ".anchor"
SCHEMA_VERSION = 1
GENESIS = "0" * 64

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

# The chained fields, in hash order (seq and prev_hash are added around them).
_CHAINED = (
    "at",
    "kind",
    "clerk",
    "agency",
    "case_reference",
    "purpose",
    "subject",
    "result_digest",
    "server_ref",
    "outcome",
    "job",
)


class Kind(enum.StrEnum):
    # A request about to leave for the server, written before it is sent (its outcome
    # names the kind of request; the record of its answer follows).
    INTENT = "intent"
    INQUIRY = "inquiry"
    BATCH_START = "batch-start"
    BATCH_ROW = "batch-row"
    BATCH_FINISH = "batch-finish"
    REDEEM = "redeem"
    VERIFY = "verify"


#: Kinds that are a look-up of one person.
LOOKUPS = (Kind.INQUIRY, Kind.BATCH_ROW, Kind.REDEEM, Kind.VERIFY)


class Problem(enum.StrEnum):
    """What is wrong where a chain breaks."""

    EDITED = "edited"  # the record's fields no longer match its hash
    MISSING = "missing"  # the record with this number was removed
    REORDERED = "reordered"  # the record sits at another record's place
    INSERTED = "inserted"  # a record not made by the log was put in the chain
    TRUNCATED = "truncated"  # the newest records, from this number on, were removed
    NO_ANCHOR = "no-anchor"  # the head's anchor file is gone: truncation not checkable


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who looks: the clerk and their agency, and the MoU that allows it."""

    clerk: str
    agency: str = ""
    mou: str = ""

    @classmethod
    def of(cls, me: Any) -> Actor:
        """From the signed-in clerk (api_client.Me)."""
        return cls(me.username, me.agency.id, me.mou.number)

    @classmethod
    def local(cls, me: Any | None = None) -> Actor:
        """The signed-in clerk if there is one, else this computer's login (offline)."""
        if me is not None:
            return cls.of(me)
        try:
            login = getpass.getuser()
        except (KeyError, OSError):
            login = "unknown"
        return cls(f"os:{login}")

    def purpose(self, kind: Kind, given: str | None = None) -> str:
        """The purpose sent with the inquiry, or else the MoU that allows this kind of use.

        The contract's purpose field is optional and the screens do not ask for it: the
        MoU number names the legal ground for every look-up an agency makes.
        """
        if given and given.strip():
            return given.strip()
        return f"MoU {self.mou}: {kind.value}" if self.mou else kind.value


@dataclasses.dataclass(frozen=True)
class Entry:
    seq: int
    at: dt.datetime
    kind: Kind
    clerk: str
    agency: str
    case_reference: str
    purpose: str
    subject: str
    result_digest: str
    server_ref: str
    outcome: str
    job: int | None
    prev_hash: str
    hash: str
    # From the details table when it is still kept; None once purged (or never had one).
    national_id: str | None = None
    has_details: bool = False


@dataclasses.dataclass(frozen=True)
class NewEntry:
    """One record to write (see AuditLog.record for the fields)."""

    kind: Kind
    actor: Actor
    case_reference: str = ""
    purpose: str = ""
    national_id: str | None = None
    result: Any = None
    server_ref: str = ""
    outcome: str = ""
    job: int | None = None
    details: Mapping[str, Any] | None = None


@dataclasses.dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    first_bad: int | None = None
    problem: Problem | None = None
    detail: str = ""

    def sentence(self) -> str:
        """One sentence for a terminal or a support ticket."""
        if self.ok:
            return f"Audit trail intact: {self.count:,} records."
        return f"Audit trail broken at record {self.first_bad}: {self.detail}"

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "count": self.count,
            "first_bad": self.first_bad,
            "problem": self.problem.value if self.problem else None,
            "detail": self.detail,
        }


def canonical(value: Any) -> bytes:
    """JSON with sorted keys and no spaces: the same answer always gives the same bytes."""
    return json.dumps(
        value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode()


def default_path() -> Path:
    return user_data_dir() / DB_NAME


def _utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _chain_hash(seq: int, prev_hash: str, fields: Sequence[Any]) -> str:
    """SHA-256 over the fields, each length-prefixed (so no two records share an input),
    None written apart from "". Plain string work: a bulk run hashes thousands of these."""
    text = "".join(
        "-;" if v is None else f"{len(t := str(v))}:{t};" for v in (seq, prev_hash, *fields)
    )
    return hashlib.sha256(text.encode()).hexdigest()


class AuditLog:
    def __init__(self, path: Path | None = None) -> None:
        self._path = Path(path) if path is not None else None
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._key: bytes | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = default_path()
        return self._path

    @property
    def anchor_path(self) -> Path:
        return self.path.with_name(self.path.name + ANCHOR_SUFFIX)

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

    def __enter__(self) -> AuditLog:
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

    # -- digests -----------------------------------------------------------------------

    def subject_digest(self, national_id: str) -> str:
        """The keyed digest of a (normalised, Latin-digit) national ID."""
        return hmac.new(self._secret(), national_id.encode(), hashlib.sha256).hexdigest()

    # -- writing -----------------------------------------------------------------------

    def record(
        self,
        kind: Kind,
        actor: Actor,
        *,
        case_reference: str = "",
        purpose: str = "",
        national_id: str | None = None,
        result: Any = None,
        server_ref: str = "",
        outcome: str = "",
        job: int | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> Entry:
        """Write one record. `result` is the answer (digested into the chain, kept in
        clear in the details); `details` adds other personal data to the details."""
        return self.record_many(
            [
                NewEntry(
                    kind,
                    actor,
                    case_reference,
                    purpose,
                    national_id,
                    result,
                    server_ref,
                    outcome,
                    job,
                    details,
                )
            ]
        )[0]

    def record_many(self, new: Sequence[NewEntry]) -> list[Entry]:
        """Write many records in one transaction (a bulk job's chunk)."""
        if not new:
            return []
        key = self._secret()
        now = dt.datetime.now(dt.UTC)
        at = _utc_text(now)
        prepared = []
        for n in new:
            answer = canonical(n.result) if n.result is not None else None
            subject = (
                hmac.new(key, n.national_id.encode(), hashlib.sha256).hexdigest()
                if n.national_id
                else ""
            )
            fields = (
                at,
                n.kind.value,
                n.actor.clerk,
                n.actor.agency,
                n.case_reference,
                n.purpose or n.actor.purpose(n.kind),
                subject,
                hashlib.sha256(answer).hexdigest() if answer is not None else "",
                n.server_ref,
                n.outcome,
                n.job,
            )
            extra = json.dumps(n.details, ensure_ascii=False, default=str) if n.details else None
            kept = n.national_id is not None or answer is not None or extra is not None
            detail = (n.national_id, answer.decode() if answer else None, extra) if kept else None
            prepared.append((n, fields, detail))
        entries: list[Entry] = []
        with self._tx() as conn:
            head = conn.execute(
                "SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            seq, prev = (head["seq"], head["hash"]) if head else (0, GENESIS)
            records, details = [], []
            for n, fields, detail in prepared:
                seq += 1
                digest = _chain_hash(seq, prev, fields)
                records.append((seq, *fields, prev, digest))
                if detail is not None:
                    details.append((seq, at, *detail))
                entries.append(
                    Entry(
                        seq,
                        now,
                        n.kind,
                        *fields[2:],
                        prev_hash=prev,
                        hash=digest,
                        national_id=n.national_id,
                        has_details=detail is not None,
                    )
                )
                prev = digest
            conn.executemany(
                f"INSERT INTO records (seq, {', '.join(_CHAINED)}, prev_hash, hash) "
                f"VALUES ({', '.join('?' * (len(_CHAINED) + 3))})",
                records,
            )
            conn.executemany("INSERT INTO details VALUES (?, ?, ?, ?, ?)", details)
        self._write_anchor(seq, prev)
        return entries

    def _write_anchor(self, count: int, head: str) -> None:
        path = self.anchor_path
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps({"count": count, "hash": head}))
        os.replace(tmp, path)

    def _read_anchor(self) -> tuple[int, str] | None:
        try:
            data = json.loads(self.anchor_path.read_text())
            return int(data["count"]), str(data["hash"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            return (-1, "")  # a damaged anchor is reported, never ignored

    # -- reading -----------------------------------------------------------------------

    def search(
        self,
        *,
        national_id: str | None = None,
        case_reference: str | None = None,
        clerk: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        kinds: Iterable[Kind] | None = None,
        limit: int | None = 1000,
    ) -> list[Entry]:
        """Records matching every filter given, newest first. `national_id` must be
        normalised (Latin digits); `case_reference` matches a part, ignoring case;
        `until` is exclusive. Intents are left out unless `kinds` names them: each is
        followed by the record of its answer or failure."""
        where, params = [], []
        if national_id:
            where.append("r.subject = ?")
            params.append(self.subject_digest(national_id))
        if case_reference:
            where.append("instr(lower(r.case_reference), lower(?)) > 0")
            params.append(case_reference.strip())
        if clerk:
            where.append("lower(r.clerk) = lower(?)")
            params.append(clerk.strip())
        if since is not None:
            where.append("r.at >= ?")
            params.append(_utc_text(since))
        if until is not None:
            where.append("r.at < ?")
            params.append(_utc_text(until))
        if kinds is None:
            kinds = [k for k in Kind if k is not Kind.INTENT]
        if kinds is not None:
            chosen = [Kind(k).value for k in kinds]
            where.append(f"r.kind IN ({', '.join('?' * len(chosen))})")
            params.extend(chosen)
        sql = (
            "SELECT r.*, d.national_id AS d_national_id, d.seq IS NOT NULL AS d_kept "
            "FROM records r LEFT JOIN details d ON d.seq = r.seq"
            + (f" WHERE {' AND '.join(where)}" if where else "")
            + " ORDER BY r.seq DESC"
            + (" LIMIT ?" if limit is not None else "")
        )
        if limit is not None:
            params.append(limit)
        with self._lock:
            rows = self._connection().execute(sql, params).fetchall()
        return [_row_entry(r) for r in rows]

    def details(self, seq: int) -> dict[str, Any] | None:
        """The personal data kept with a record; None when purged or never kept."""
        with self._lock:
            row = (
                self._connection()
                .execute("SELECT national_id, answer, extra FROM details WHERE seq = ?", (seq,))
                .fetchone()
            )
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row["extra"]) if row["extra"] else {}
        if row["answer"] is not None:
            data["answer"] = json.loads(row["answer"])
        data["national_id"] = row["national_id"]
        return data

    def clerks(self) -> list[str]:
        """Everyone who has a record, for the history screen's filter."""
        with self._lock:
            rows = self._connection().execute("SELECT DISTINCT clerk FROM records").fetchall()
        return sorted(r[0] for r in rows)

    # -- retention ---------------------------------------------------------------------

    def purge_details(self, before: dt.datetime) -> int:
        """Drop the personal details of records made before `before` (aware datetime);
        the chained records stay. Returns how many were dropped."""
        if before.tzinfo is None:
            raise ValueError("before must be timezone-aware")
        return self._drop_details("DELETE FROM details WHERE at < ?", (_utc_text(before),))

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

    # -- checking ----------------------------------------------------------------------

    def verify(self) -> ChainReport:
        """Walk the chain from the first record; report the first place it breaks."""
        # The anchor first: a commit by another process in between then only makes the
        # log longer than its anchor, which is fine, never shorter.
        anchor = self._read_anchor()
        with self._lock:
            rows = self._connection().execute("SELECT * FROM records ORDER BY seq").fetchall()
        count = len(rows)
        prev = GENESIS
        for position, row in enumerate(rows, start=1):
            fields = [row[name] for name in _CHAINED]
            if row["seq"] != position:
                return _broken(count, position, Problem.MISSING, "the record is missing")
            if _chain_hash(position, row["prev_hash"], fields) != row["hash"]:
                if row["prev_hash"] == prev:
                    return _broken(count, position, Problem.EDITED, "its fields were changed")
                return _misplaced(rows, position, prev, count)
            if row["prev_hash"] != prev:
                return _broken(
                    count, position, Problem.INSERTED, "it does not follow the record before it"
                )
            prev = row["hash"]
        if anchor is None:
            if count:
                return _broken(
                    count,
                    count,
                    Problem.NO_ANCHOR,
                    f"the anchor file {self.anchor_path.name} is missing, so removal of "
                    "the newest records cannot be ruled out",
                )
            return ChainReport(True, 0)
        anchored, head = anchor
        if anchored < 0:
            return _broken(count, count, Problem.NO_ANCHOR, "the anchor file is damaged")
        if count < anchored:
            return _broken(
                count,
                count + 1,
                Problem.TRUNCATED,
                f"the newest records were removed ({anchored - count:,} of {anchored:,} are gone)",
            )
        if anchored and rows[anchored - 1]["hash"] != head:
            return _broken(
                count,
                anchored,
                Problem.EDITED,
                "the chain was rewritten: it does not match its anchor",
            )
        return ChainReport(True, count)


def _broken(count: int, seq: int, problem: Problem, what: str) -> ChainReport:
    return ChainReport(False, count, seq, problem, f"{what} ({problem.value}).")


def _misplaced(rows: Sequence[sqlite3.Row], position: int, prev: str, count: int) -> ChainReport:
    """The record at `position` is not the one the chain expects: the expected one is
    elsewhere (reordered) or nowhere (removed, later ones renumbered)."""
    for other, row in enumerate(rows, start=1):
        if other != position and row["prev_hash"] == prev:
            fields = [row[name] for name in _CHAINED]
            if _chain_hash(position, row["prev_hash"], fields) == row["hash"]:
                return _broken(
                    count,
                    position,
                    Problem.REORDERED,
                    f"it was swapped with record {other}",
                )
    return _broken(count, position, Problem.MISSING, "the record is missing")


def _entry(
    seq: int,
    fields: Sequence[Any],
    prev: str,
    digest: str,
    national_id: str | None,
    kept: bool,
) -> Entry:
    values = dict(zip(_CHAINED, fields, strict=True))
    return Entry(
        seq=seq,
        at=dt.datetime.fromisoformat(values["at"]),
        kind=Kind(values["kind"]),
        clerk=values["clerk"],
        agency=values["agency"],
        case_reference=values["case_reference"],
        purpose=values["purpose"],
        subject=values["subject"],
        result_digest=values["result_digest"],
        server_ref=values["server_ref"],
        outcome=values["outcome"],
        job=values["job"],
        prev_hash=prev,
        hash=digest,
        national_id=national_id,
        has_details=kept,
    )


def _row_entry(row: sqlite3.Row) -> Entry:
    return _entry(
        row["seq"],
        [row[name] for name in _CHAINED],
        row["prev_hash"],
        row["hash"],
        row["d_national_id"],
        bool(row["d_kept"]),
    )


def mask(national_id: str | None) -> str:
    """A national ID shown with only its first three and last two digits."""
    if not national_id:
        return ""
    return national_id[:3] + "*" * max(0, len(national_id) - 5) + national_id[-2:]


def error_outcome(error: BaseException) -> str:
    """A short, non-personal outcome for a failed look-up: the problem's slug or status."""
    slug = getattr(error, "slug", None)
    if slug:
        return f"error:{slug}"
    status = getattr(error, "status", None)
    return f"error:http-{status}" if status else f"error:{type(error).__name__}"


def inquiry_entry(
    actor: Actor,
    kind: Kind,
    national_id: str,
    case_reference: str,
    *,
    purpose: str | None = None,
    answer: Mapping[str, Any] | None = None,
    outcome: str = "",
    job: int | None = None,
) -> NewEntry:
    """One person asked about (single inquiry or a bulk job's row): the answer as the
    server gave it (StatusResult.to_json()), or the outcome code of its failure."""
    if answer is not None:
        server_ref, outcome = str(answer.get("inquiry_id") or ""), str(answer.get("status"))
    else:
        server_ref = ""
    return NewEntry(
        kind,
        actor,
        case_reference,
        actor.purpose(kind, purpose),
        national_id,
        answer,
        server_ref,
        outcome,
        job,
    )


def verification_entry(
    actor: Actor,
    kind: Kind,
    verification: Any,
    *,
    case_reference: str = "",
    details: Mapping[str, Any] | None = None,
) -> NewEntry:
    """A certificate proven (redeemed or checked offline): the person is the one its
    claims name; the outcome is the verdict, the reference its serial."""
    claims = verification.claims or {}
    national_id = claims.get("national_id")
    return NewEntry(
        kind,
        actor,
        case_reference,
        actor.purpose(kind),
        str(national_id) if national_id else None,
        verification.to_json(),
        str(claims.get("serial") or ""),
        str(verification.verdict),
        None,
        details,
    )


def record_verifications(log: AuditLog, actor: Actor, verifications: Iterable[Any]) -> None:
    """Offline checks of certificate files, in one transaction (a folder's worth)."""
    log.record_many([verification_entry(actor, Kind.VERIFY, v) for v in verifications])
