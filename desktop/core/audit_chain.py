"""The audit trail's hash chain and its head: how a record's hash is made, the walk that
finds where a chain was edited, cut, reordered or added to, and the seal on its head.

Each record's hash covers its fields and the hash of the record before it, so an edited,
inserted, removed or reordered record breaks the chain at that place. Removing the
newest records leaves a shorter chain that is intact in itself, so the head (count and
hash) is also kept outside the database: in ``audit.sqlite3.anchor``, sealed with a key
held in the OS keyring, and in the keyring entry itself (see Seal). A trail shorter
than either, or whose record at their count has another hash, is reported as truncated,
put back or edited. The seal follows each commit, so a crash between the two leaves it
behind the trail, which is accepted and reported (the newest records not sealed yet).

Against someone who can use the clerk's unlocked keyring none of this proves anything:
they can read the key. README's "What the audit trail proves" lists what is found.

No database connection of its own: the walk takes rows, the seal a way to read a hash.
"""

from __future__ import annotations

import base64
import dataclasses
import enum
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from desktop.core.secrets import SecretStoreUnavailable, TokenStore

log = logging.getLogger(__name__)

GENESIS = "0" * 64

# The chained fields, in hash order (seq and prev_hash are added around them).
CHAINED = (
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

#: A record as the walk reads it: the chained fields by name, with seq, prev_hash, hash.
Row = Mapping[str, Any]


class Problem(enum.StrEnum):
    """What is wrong where a chain breaks."""

    EDITED = "edited"  # the record's fields no longer match its hash
    MISSING = "missing"  # the record with this number was removed
    REORDERED = "reordered"  # the record sits at another record's place
    INSERTED = "inserted"  # a record not made by the log was put in the chain
    TRUNCATED = "truncated"  # the newest records, from this number on, were removed
    ROLLED_BACK = "rolled-back"  # an older copy of the trail (with its anchor) was put back
    NO_ANCHOR = "no-anchor"  # the head's anchor file is gone: truncation not checkable
    FORGED_ANCHOR = "forged-anchor"  # the anchor file's seal does not match it
    NO_KEY = "no-key"  # the anchor is sealed but the keyring has no key to check it with


class Protection(enum.StrEnum):
    """How far the trail's head can be trusted."""

    # The head is sealed with a key kept in the OS keyring, which also keeps the latest
    # head sealed: cutting the newest records or putting an older copy back is found.
    SEALED = "sealed"
    # No keyring could be used: the anchor is a plain file, so the trail is evident only
    # against accidents and casual edits; whoever can write the files can cut its end.
    UNSEALED = "unsealed"


@dataclasses.dataclass(frozen=True)
class Head:
    """The newest record's number (the count) and hash."""

    count: int
    hash: str


GENESIS_HEAD = Head(0, GENESIS)


@dataclasses.dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    first_bad: int | None = None
    problem: Problem | None = None
    detail: str = ""
    protection: Protection = Protection.SEALED
    # Newest records after the last sealed head: a crash between a commit and its seal,
    # or records added by someone else since.
    unsealed: int = 0
    # Where an intact walk ended, so the next check can start there.
    head: Head = GENESIS_HEAD

    def sentence(self) -> str:
        """One sentence for a terminal or a support ticket."""
        if not self.ok:
            return f"Audit trail broken at record {self.first_bad}: {self.detail}"
        text = f"Audit trail intact: {self.count:,} records."
        if self.unsealed:
            text += f" The newest {self.unsealed:,} are not sealed yet."
        if self.protection is Protection.UNSEALED:
            text += (
                " No keyring: the head is not sealed, so the trail shows accidents and "
                "casual edits only; whoever can write its files can remove the newest "
                "records unseen."
            )
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "count": self.count,
            "first_bad": self.first_bad,
            "problem": self.problem.value if self.problem else None,
            "detail": self.detail,
            "protection": self.protection.value,
            "unsealed": self.unsealed,
        }


def chain_hash(seq: int, prev_hash: str, fields: Sequence[Any]) -> str:
    """SHA-256 over the fields, each length-prefixed (so no two records share an input),
    None written apart from "". Plain string work: a bulk run hashes thousands of these."""
    text = "".join(
        ["-;" if v is None else f"{len(t := str(v))}:{t};" for v in (seq, prev_hash, *fields)]
    )
    return hashlib.sha256(text.encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class Anchor:
    """The head as the anchor file holds it; `mac` is None when it was written without a
    key (no keyring at the time)."""

    head: Head
    mac: str | None


@dataclasses.dataclass(frozen=True)
class Kept:
    """What the keyring holds for one trail: the sealing key and the latest head sealed."""

    key: bytes
    head: Head | None


def _mac(key: bytes, head: Head) -> str:
    message = f"estelam audit head|{head.count}|{head.hash}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclasses.dataclass(frozen=True)
class SealState:
    """The anchor file and the keyring's entry as read before a check."""

    anchor: Anchor | None
    damaged: bool  # the anchor file is there but unreadable
    kept: Kept | None
    keyring: bool  # the keyring could be read


class Seal:
    """The trail's head kept where the trail's own files cannot change it.

    After every commit the head (count and hash) is written to the anchor file beside the
    database with an HMAC under a key that lives only in the OS keyring, and the keyring
    entry keeps the latest head sealed. Without the key the anchor cannot be rewritten to
    match a shortened trail, and the keyring's head still names the records an older copy
    put back (with its own, genuinely sealed, anchor) lacks. The key is never written
    beside the data: with no keyring the anchor is written unsealed and verify says so.
    """

    def __init__(self, db_path: Path, anchor_path: Path, store: TokenStore) -> None:
        self.anchor_path = anchor_path
        # One entry per trail: a test's or a second installation's trail has its own.
        self.account = f"audit seal|{db_path.resolve()}"
        self._store = store
        self._key: bytes | None = None
        # Set when the keyring failed while recording: not asked again by this process
        # (a locked keyring would prompt at every record).
        self._keyring_down = False

    # -- the keyring ---------------------------------------------------------------------

    def kept(self) -> Kept | None:
        """The keyring's entry for this trail, None if there is none; raises
        SecretStoreUnavailable when no keyring can be read."""
        text = self._store.get(self.account)
        if text is None:
            return None
        try:
            data = json.loads(text)
            key = base64.b64decode(data["key"], validate=True)
            head = Head(int(data["count"]), str(data["hash"])) if "count" in data else None
        except (ValueError, KeyError, TypeError):
            return Kept(b"", None)  # damaged: no key to check with, reported as such
        return Kept(key, head)

    def _keep(self, key: bytes, head: Head | None) -> None:
        data: dict[str, Any] = {"key": base64.b64encode(key).decode()}
        if head is not None:
            data |= {"count": head.count, "hash": head.hash}
        self._store.set(self.account, json.dumps(data))

    def anchor(self, head: Head) -> None:
        """After a commit, under the trail's write lock (writers in several processes
        anchor in turn, each the head as it then is): write `head` to the anchor file,
        sealed with the key. The key is read from the keyring (or made and kept there)
        at a process's first anchor, under that lock, so two processes starting together
        cannot make two keys; after that no keyring call holds the lock."""
        if self._key is None and not self._keyring_down:
            try:
                kept = self.kept()
                if kept is None or not kept.key:
                    self._key = secrets.token_bytes(32)
                    self._keep(self._key, None)
                else:
                    self._key = kept.key
            except SecretStoreUnavailable as error:
                self._down(error)
        key = self._key
        self._write_anchor(Anchor(head, _mac(key, head) if key else None))

    def advance(self, head: Head, hash_at: Callable[[int], str | None]) -> None:
        """Keep `head` in the keyring as the latest sealed, off the recording thread (a
        keyring call takes tens of milliseconds). It only moves forward along the same
        chain: once the trail no longer holds the head kept, that head stays as the
        evidence of what was removed or put back."""
        if self._key is None or self._keyring_down:
            return
        try:
            kept = self.kept()
            old = kept.head if kept is not None else None
            if old is not None and (old.count > head.count or hash_at(old.count) != old.hash):
                return
            self._keep(self._key, head)
        except SecretStoreUnavailable as error:
            self._down(error)

    def _down(self, error: SecretStoreUnavailable) -> None:
        # Recording goes on regardless: a look-up is never left unrecorded for want of a
        # keyring. The anchor is sealed with the key read before, if any.
        log.warning("audit trail not sealed in the keyring: %s", error.status.value)
        self._keyring_down = True

    # -- the anchor file -----------------------------------------------------------------

    def _write_anchor(self, anchor: Anchor) -> None:
        path = self.anchor_path
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        data: dict[str, Any] = {"count": anchor.head.count, "hash": anchor.head.hash}
        if anchor.mac:
            data["mac"] = anchor.mac
        tmp.write_text(json.dumps(data))
        os.replace(tmp, path)

    def read_anchor(self) -> Anchor | None:
        """The anchor file's head; None when there is no file; raises ValueError when
        the file is damaged."""
        try:
            data = json.loads(self.anchor_path.read_text())
            mac = data.get("mac")
            return Anchor(Head(int(data["count"]), str(data["hash"])), str(mac) if mac else None)
        except FileNotFoundError:
            return None
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError("damaged anchor") from error

    # -- checking ------------------------------------------------------------------------

    def state(self) -> SealState:
        """Read the anchor file and the keyring's entry: before the records, so that a
        commit by another process in between only makes the trail longer than its seal."""
        try:
            anchor, damaged = self.read_anchor(), False
        except ValueError:
            anchor, damaged = None, True
        try:
            return SealState(anchor, damaged, self.kept(), keyring=True)
        except SecretStoreUnavailable:
            return SealState(anchor, damaged, None, keyring=False)

    def judge(
        self, walked: ChainReport, state: SealState, hash_at: Callable[[int], str | None]
    ) -> ChainReport:
        """An intact walk's end held against the anchor file and the keyring's head."""
        if not walked.ok:
            return walked
        anchor, kept = state.anchor, state.kept
        count = walked.count
        if state.damaged:
            return _broken(count, count, Problem.NO_ANCHOR, "the anchor file is damaged")
        if anchor is None and count:
            return _broken(
                count,
                count,
                Problem.NO_ANCHOR,
                f"the anchor file {self.anchor_path.name} is missing, so removal of "
                "the newest records cannot be ruled out",
            )
        if not state.keyring:
            # Nothing to check a seal with: the plain anchor is all there is.
            broken = anchor and _against(anchor.head, count, hash_at, "its anchor")
            return broken or dataclasses.replace(walked, protection=Protection.UNSEALED)
        key = kept.key if kept is not None else b""
        if anchor is not None and anchor.mac is not None:
            if not key:
                return _broken(
                    count,
                    count,
                    Problem.NO_KEY,
                    "the anchor is sealed but the keyring holds no key for this trail "
                    "(removed, or the keyring was reset), so removal of the newest "
                    "records cannot be ruled out",
                )
            if not hmac.compare_digest(anchor.mac, _mac(key, anchor.head)):
                return _broken(
                    count,
                    min(count, anchor.head.count) or None,
                    Problem.FORGED_ANCHOR,
                    "the anchor file was changed: its seal does not match it",
                )
        sealed = 0  # the newest record a seal vouches for
        if kept is not None and kept.head is not None:
            broken = _against(kept.head, count, hash_at, "the head kept in the keyring")
            put_back = anchor is not None and anchor.mac is not None and anchor.head.count == count
            if broken is not None and broken.problem is Problem.TRUNCATED and put_back:
                return _broken(
                    count,
                    count + 1,
                    Problem.ROLLED_BACK,
                    f"an older copy of the trail was put back: it ends at record "
                    f"{count:,}, the keyring's head at {kept.head.count:,}",
                )
            if broken is not None:
                return broken
            sealed = kept.head.count
        if anchor is not None:
            broken = _against(anchor.head, count, hash_at, "its anchor")
            if broken is not None:
                return broken
            if anchor.mac is not None:
                sealed = max(sealed, anchor.head.count)
        if not key:
            # Written without a keyring so far (or nothing written yet).
            protection = Protection.UNSEALED if count else Protection.SEALED
            return dataclasses.replace(walked, protection=protection)
        return dataclasses.replace(walked, unsealed=count - sealed)


def _against(
    head: Head, count: int, hash_at: Callable[[int], str | None], whose: str
) -> ChainReport | None:
    """The trail held against a head it once had: shorter, or another chain."""
    if count < head.count:
        return _broken(
            count,
            count + 1,
            Problem.TRUNCATED,
            f"the newest records were removed ({head.count - count:,} of "
            f"{head.count:,} are gone, by {whose})",
        )
    if head.count and hash_at(head.count) != head.hash:
        return _broken(
            count,
            head.count,
            Problem.EDITED,
            f"the chain was rewritten: it does not match {whose}",
        )
    return None


def walk(rows: Sequence[Row], base: Head = GENESIS_HEAD) -> ChainReport:
    """Walk the records after `base` (oldest first); report the first place the chain
    breaks, or where it ends."""
    count = base.count + len(rows)
    prev = base.hash
    for position, row in enumerate(rows, start=base.count + 1):
        fields = [row[name] for name in CHAINED]
        if row["seq"] != position:
            return _broken(count, position, Problem.MISSING, "the record is missing")
        if chain_hash(position, row["prev_hash"], fields) != row["hash"]:
            if row["prev_hash"] == prev:
                return _broken(count, position, Problem.EDITED, "its fields were changed")
            return _misplaced(rows, position, prev, count, base.count)
        if row["prev_hash"] != prev:
            return _broken(
                count, position, Problem.INSERTED, "it does not follow the record before it"
            )
        prev = row["hash"]
    return ChainReport(True, count, head=Head(count, prev))


def _broken(count: int, seq: int | None, problem: Problem, what: str) -> ChainReport:
    return ChainReport(False, count, seq, problem, f"{what} ({problem.value}).")


def _misplaced(
    rows: Sequence[Row], position: int, prev: str, count: int, offset: int
) -> ChainReport:
    """The record at `position` is not the one the chain expects: the expected one is
    elsewhere (reordered) or nowhere (removed, later ones renumbered)."""
    for other, row in enumerate(rows, start=offset + 1):
        if other != position and row["prev_hash"] == prev:
            fields = [row[name] for name in CHAINED]
            if chain_hash(position, row["prev_hash"], fields) == row["hash"]:
                return _broken(
                    count,
                    position,
                    Problem.REORDERED,
                    f"it was swapped with record {other}",
                )
    return _broken(count, position, Problem.MISSING, "the record is missing")
