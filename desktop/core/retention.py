"""How long personal data stays on the clerk's machine, and wiping it on request.

Personal data kept locally: the bulk inquiries' job store (every row of the clerk's
files, national IDs and answers included) and the pasted lists of IDs kept beside it so
a pasted job can be resumed. Preferences, the cached trust and revocation lists and the
files the clerk exported (their own documents, wherever they saved them) are not
personal data of the people asked about and stay. The remembered sign-in lives in the
OS keyring; wiping signs out, which deletes it (the window does that part).

Every store is purged by one function, `purge_personal_data`, so a new store is one
more line there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.core.audit import AuditLog
from desktop.core.paths import user_data_dir

if TYPE_CHECKING:
    from desktop.core.jobs import JobStore  # opened by the caller: the window's first purge

PASTED_DIR = "pasted"


@dataclasses.dataclass(frozen=True)
class Removed:
    """What one purge or wipe removed, per store."""

    jobs: int = 0
    pasted_lists: int = 0
    audit_details: int = 0

    @property
    def total(self) -> int:
        return sum(dataclasses.astuple(self))


def cutoff(retention_days: int, now: dt.datetime | None = None) -> dt.datetime:
    """The moment before which personal data is too old to keep (at least one day back:
    a smaller or broken setting never deletes what was made today)."""
    now = now or dt.datetime.now(dt.UTC)
    return now - dt.timedelta(days=max(1, retention_days))


def purge_personal_data(
    before: dt.datetime | None,
    *,
    jobs: JobStore,
    data_dir: Path | None = None,
    running_jobs: Collection[int] = (),
    audit: AuditLog | None = None,
) -> Removed:
    """Remove personal data older than `before` from every local store; everything when
    `before` is None (the "wipe" action). A job whose run is in progress is never
    removed, whatever its age. The audit trail loses only its personal details: its
    chained records of who looked up what are kept. Does disk I/O: call it off the GUI
    thread."""
    removed_jobs = jobs.purge(before, keep=running_jobs)
    still_used = {job.source_path for job in jobs.jobs()}
    return Removed(
        jobs=removed_jobs,
        pasted_lists=_purge_pasted(data_dir or user_data_dir(), before, still_used),
        audit_details=0
        if audit is None
        else audit.wipe_details()
        if before is None
        else audit.purge_details(before),
    )


def _purge_pasted(data_dir: Path, before: dt.datetime | None, still_used: set[str]) -> int:
    """Pasted lists no remaining job reads from, older than `before` (all when None)."""
    folder = data_dir / PASTED_DIR
    if not folder.is_dir():
        return 0
    limit = None if before is None else before.timestamp()
    removed = 0
    for path in folder.glob("pasted-*.txt"):
        if str(path.resolve()) in still_used:
            continue
        if limit is not None and path.stat().st_mtime >= limit:
            continue
        path.unlink(missing_ok=True)
        removed += 1
    return removed
