"""History: the signed-in clerk's own look-ups made from this computer, and the agency's
record at the SSO held against them.

Local history belongs to the clerk who made it. A search finds only the records of the
clerk signed in now (their username and agency as the server named them at sign-in);
with nobody signed in there is nothing to find (SignInRequired), so the person who sits
down at a locked or signed-out window sees none of the previous clerk's look-ups, and
nor does the next clerk who signs in. The trail itself still holds everyone's records,
and `audit verify` checks them all.

The chain is not walked again for every search: AuditLog.check() walks it once, then
only the records added since, unless another process changed the file.

What History shows is held against the chain: the personal details (national ID,
answer) sit outside it so that retention can purge them, so a record whose details were
edited there is marked as not matching its chained digests.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from os import PathLike
from pathlib import Path
from typing import Any

from desktop.core.audit import Actor, AuditLog, ChainReport, Entry, Kind
from desktop.core.audit_export import Period, export_history
from desktop.core.inquiry import AgencyRecordItem, agency_record
from desktop.core.session import Session

#: Records found at most per search; an export takes the same ones.
SEARCH_LIMIT = 5000
#: The agency's lines asked for at most (the server's own limit).
SERVER_LIMIT = 500
#: Kinds whose server reference the SSO also records (an inquiry id, a serial).
_ON_THE_SERVER = (Kind.INQUIRY, Kind.BATCH_ROW, Kind.REDEEM)


class SignInRequired(Exception):
    """History was asked for with nobody signed in: it belongs to a clerk."""


@dataclasses.dataclass(frozen=True)
class Filters:
    national_id: str | None = None  # normalised, Latin digits
    case_reference: str | None = None
    period: Period = dataclasses.field(default_factory=Period)


@dataclasses.dataclass(frozen=True)
class Found:
    owner: Actor  # whose records these are
    filters: Filters
    entries: list[Entry]
    chain: ChainReport
    # Records whose kept details differ from their chained digests.
    unfaithful: frozenset[int]

    @property
    def more(self) -> bool:
        """The search hit its limit: older matching records were left out."""
        return len(self.entries) >= SEARCH_LIMIT


@dataclasses.dataclass(frozen=True)
class Opened:
    entry: Entry
    details: dict[str, Any] | None  # None once purged
    faithful: bool  # the details are the ones the record was made with


@dataclasses.dataclass(frozen=True)
class Comparison:
    """The SSO's lines for one clerk held against this computer's trail.

    Every line the SSO recorded for the clerk (an inquiry id or a certificate serial) in
    the span looked at should have a record here with the same reference. A line
    without one means the local trail lacks that look-up: its record was removed here,
    or the look-up was made from another computer or another installation. It proves
    nothing about records the SSO does not know (offline checks, refused requests), nor
    about other clerks, nor about look-ups older than the span.
    """

    lines: int  # the clerk's lines at the SSO in the span
    missing: list[AgencyRecordItem]  # those without a record here
    since: dt.datetime | None  # the oldest line looked at; None: no line at all
    complete: bool  # every line the SSO has for the agency was looked at

    @property
    def ok(self) -> bool:
        return not self.missing

    def sentence(self) -> str:
        """One sentence for a terminal or a support ticket."""
        if self.ok:
            text = f"Each of your {self.lines:,} look-ups in the SSO's record has a record here."
        else:
            text = (
                f"{len(self.missing):,} of your {self.lines:,} look-ups in the SSO's record "
                "have no record here (removed here, or made from another computer): "
                + ", ".join(i.reference for i in self.missing)
                + "."
            )
        if not self.complete and self.since is not None:
            text += f" Only lines since {self.since.isoformat(timespec='seconds')} were compared."
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "lines": self.lines,
            "missing": [i.reference for i in self.missing],
            "since": self.since.isoformat() if self.since is not None else None,
            "complete": self.complete,
        }


class History:
    """The history use-case the window (and any other face) drives."""

    def __init__(self, log: AuditLog, session: Session) -> None:
        self._log = log
        self._session = session

    def owner(self) -> Actor:
        """The signed-in clerk, whose history this is; SignInRequired when nobody is."""
        me = self._session.me
        if me is None:
            raise SignInRequired("Sign in to see your history.")
        return Actor.of(me)

    def owns(self, found: Found) -> bool:
        """Whether `found` still belongs to the clerk signed in now (not after sign-out
        or another clerk's sign-in)."""
        me = self._session.me
        return me is not None and Actor.of(me) == found.owner

    def search(self, filters: Filters) -> Found:
        """Blocking (a worker thread): the clerk's records matching `filters`, newest
        first, with the trail's state and the records whose details do not match."""
        owner = self.owner()
        since, until = filters.period.bounds()
        entries = self._log.search(
            national_id=filters.national_id,
            case_reference=filters.case_reference,
            clerk=owner.clerk,
            agency=owner.agency,
            since=since,
            until=until,
            limit=SEARCH_LIMIT,
        )
        return Found(owner, filters, entries, self._log.check(), self._log.unfaithful(entries))

    def open(self, found: Found, entry: Entry) -> Opened:
        """Blocking: one of the found records' kept details, checked against the chain."""
        self._check_owner(found)
        if entry not in found.entries:
            raise ValueError(f"record {entry.seq} is not among the records found")
        details = self._log.details(entry.seq)
        faithful = details is None or entry.seq not in self._log.unfaithful([entry])
        return Opened(entry, details, faithful)

    def export(
        self,
        path: str | PathLike[str],
        found: Found,
        *,
        agency: str,
        clerk: str,
        created: dt.datetime | None = None,
    ) -> Path:
        """Blocking: the found records (with the period searched) to .xlsx or .pdf."""
        self._check_owner(found)
        return export_history(
            self._log,
            path,
            found.entries,
            found.filters.period,
            agency=agency,
            clerk=clerk,
            created=created,
            chain=self._log.check(),
            unfaithful=self._log.unfaithful(found.entries),
        )

    async def agency_record(self) -> tuple[list[AgencyRecordItem], Comparison]:
        """The agency's newest lines at the SSO, and the signed-in clerk's among them
        held against this computer's trail."""
        owner = self.owner()
        items = await agency_record(self._session, limit=SERVER_LIMIT)
        mine = [i for i in items if i.username.lower() == owner.clerk.lower()]
        oldest = min((i.at for i in items), default=None)
        local: set[str] = set()
        if mine:
            # A day's margin: the local record is written after the server's answer, and
            # clocks differ; a wider window only finds more references.
            since = min(i.at for i in mine) - dt.timedelta(days=1)
            entries = await asyncio.to_thread(
                self._log.search,
                clerk=owner.clerk,
                agency=owner.agency,
                since=since,
                kinds=_ON_THE_SERVER,
                limit=None,
            )
            local = {e.server_ref for e in entries}
        missing = [i for i in mine if i.reference not in local]
        return items, Comparison(len(mine), missing, oldest, len(items) < SERVER_LIMIT)

    def _check_owner(self, found: Found) -> None:
        if not self.owns(found):
            raise SignInRequired("These records belong to another clerk's session.")
