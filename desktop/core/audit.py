"""The audit trail: every look-up of a person's data made from this machine.

Each inquiry (single), bulk inquiry (its start and finish, and every row asked about),
redeem and offline verification is one record: the clerk, the agency, the time (UTC), the
case reference, the purpose, the kind, a digest of what was asked, a digest of the answer,
the server's reference and a short outcome code. Never a name or an ID in clear.

Records are hash-chained and their head is sealed with a key in the OS keyring (see
desktop.core.audit_chain, which also says what that does and does not prove); where the
records, the personal details and the digest key are kept: desktop.core.audit_store.

Qt-free and thread-safe (one connection behind a lock); the file opens on first use, so
constructing an AuditLog touches no disk. Writers in several processes (the window and a
headless command) are serialised by SQLite's write lock (BEGIN IMMEDIATE).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import getpass
import hashlib
import hmac
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from desktop.api_client.models import StatusResult, canonical_json
from desktop.core.audit_chain import (
    CHAINED,
    GENESIS,
    ChainReport,
    Problem,
    Protection,
    chain_hash,
)
from desktop.core.audit_store import (
    ANCHOR_SUFFIX,
    DB_NAME,
    KEY_NAME,
    AuditStore,
    default_path,
    utc_text,
)

__all__ = [
    "ANCHOR_SUFFIX",
    "DB_NAME",
    "GENESIS",
    "KEY_NAME",
    "Actor",
    "AuditLog",
    "ChainReport",
    "Entry",
    "Kind",
    "NewEntry",
    "Problem",
    "Protection",
    "canonical",
    "default_path",
    "error_outcome",
    "inquiry_entry",
    "mask",
    "record_verifications",
    "verification_entry",
]


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


def canonical(value: Any) -> bytes:
    """JSON with sorted keys and no spaces: the same answer always gives the same bytes."""
    return canonical_json(value).encode()


def _answer_text(result: Any) -> str:
    # An inquiry's answer brings its canonical JSON, made once and kept by the job store too.
    return result.json_text if isinstance(result, StatusResult) else canonical_json(result)


class AuditLog(AuditStore):
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
        at = utc_text(now)
        prepared = []
        for n in new:
            answer = _answer_text(n.result) if n.result is not None else None
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
                hashlib.sha256(answer.encode()).hexdigest() if answer is not None else "",
                n.server_ref,
                n.outcome,
                n.job,
            )
            extra = json.dumps(n.details, ensure_ascii=False, default=str) if n.details else None
            kept = n.national_id is not None or answer is not None or extra is not None
            detail = (n.national_id, answer, extra) if kept else None
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
                digest = chain_hash(seq, prev, fields)
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
                f"INSERT INTO records (seq, {', '.join(CHAINED)}, prev_hash, hash) "
                f"VALUES ({', '.join('?' * (len(CHAINED) + 3))})",
                records,
            )
            conn.executemany("INSERT INTO details VALUES (?, ?, ?, ?, ?)", details)
        self._request_seal()
        return entries

    # -- reading -----------------------------------------------------------------------

    def search(
        self,
        *,
        national_id: str | None = None,
        case_reference: str | None = None,
        clerk: str | None = None,
        agency: str | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        kinds: Iterable[Kind] | None = None,
        limit: int | None = 1000,
    ) -> list[Entry]:
        """Records matching every filter given, newest first. `national_id` must be
        normalised (Latin digits); `case_reference` matches a part, ignoring case;
        `until` is exclusive. Intents are left out unless `kinds` names them: each is
        followed by the record of its answer or failure."""
        filters = [
            ("r.subject = ?", self.subject_digest(national_id) if national_id else None),
            ("instr(lower(r.case_reference), lower(?)) > 0", (case_reference or "").strip()),
            ("lower(r.clerk) = lower(?)", (clerk or "").strip()),
            ("r.agency = ?", agency),
            ("r.at >= ?", utc_text(since) if since is not None else None),
            ("r.at < ?", utc_text(until) if until is not None else None),
        ]
        where = [clause for clause, value in filters if value]
        params: list[Any] = [value for _, value in filters if value]
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

    def unfaithful(self, entries: Sequence[Entry]) -> frozenset[int]:
        """The records among `entries` whose kept details are not the ones they were made
        with: the national ID's keyed digest or the answer's digest differs from the one
        in the chain (the details table sits outside the chain so that retention can purge
        it, so an edit there breaks no link; this is where it shows)."""
        kept = [e for e in entries if e.has_details]
        if not kept:
            return frozenset()
        with self._lock:
            rows = (
                self._connection()
                .execute(
                    "SELECT seq, national_id, answer FROM details WHERE seq BETWEEN ? AND ?",
                    (min(e.seq for e in kept), max(e.seq for e in kept)),
                )
                .fetchall()
            )
        found = {row["seq"]: row for row in rows}
        return frozenset(
            e.seq
            for e in kept
            if (row := found.get(e.seq)) is not None
            and (
                (self.subject_digest(row["national_id"]) if row["national_id"] else "") != e.subject
                or (hashlib.sha256(row["answer"].encode()).hexdigest() if row["answer"] else "")
                != e.result_digest
            )
        )


def _entry(
    seq: int,
    fields: Sequence[Any],
    prev: str,
    digest: str,
    national_id: str | None,
    kept: bool,
) -> Entry:
    values = dict(zip(CHAINED, fields, strict=True))
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
        [row[name] for name in CHAINED],
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
    answer: StatusResult | Mapping[str, Any] | None = None,
    outcome: str = "",
    job: int | None = None,
) -> NewEntry:
    """One person asked about (single inquiry or a bulk job's row): the answer as the
    server gave it (a StatusResult, or its JSON), or the outcome code of its failure."""
    if isinstance(answer, StatusResult):
        server_ref, outcome = answer.inquiry_id, str(answer.status)
    elif answer is not None:
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
