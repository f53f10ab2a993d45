"""The offline check of certificates, the one use-case the check screen and
`estelam-desk verify` both drive: files and folders, PDFs and scans, under one trust
profile and a revocation list, in sandboxed workers, each result recorded in the audit
trail. Qt-free and blocking; the GUI calls it from worker threads.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from desktop.core import wording
from desktop.core.audit import Actor, AuditLog, record_verifications
from desktop.core.certificates import (
    TEST,
    RevocationCache,
    RevocationData,
    RevocationError,
    RevocationState,
    SandboxedVerifier,
    TrustProfile,
    Verification,
    load_crl,
)
from desktop.core.certificates.revocation import DEFAULT_MAX_AGE
from desktop.core.certificates.sandbox import DEFAULT_TIMEOUT_S

log = logging.getLogger(__name__)


def collect(paths: Iterable[str | Path]) -> list[Path]:
    """Files to check: named files as they are, and every file under a named folder.

    Files are recognised by their content, not their names, so a folder is not filtered
    by extension: a certificate saved as "scan.bin" is still checked.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        else:
            found.append(path)
    return found


#: Results handed back at a time: a screen's table grows in steps, the audit trail
#: takes a folder's worth per transaction.
CHUNK = 16


class Proof:
    """Verifies certificates under one trust profile with the cached revocation list."""

    def __init__(
        self,
        profile: str,
        cache: RevocationCache | None = None,
        *,
        workers: int = 2,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        trust_roots: Sequence[Path] = (),
    ) -> None:
        """ValueError or OSError when the profile or a file of `trust_roots` cannot be
        used (see TrustProfile.named)."""
        self.trust = TrustProfile.named(profile, trust_roots)
        self._trust_roots = tuple(trust_roots)
        self.cache = cache or RevocationCache()
        self._workers = workers
        self._timeout_s = timeout_s
        self._lock = threading.Lock()
        self._verifier: SandboxedVerifier | None = None
        self._revocations: RevocationData | None = None
        self._loaded = False
        self._pinned = False
        #: Why the cached list was refused ("" when it was not).
        self.revocation_problem = ""

    @property
    def profile(self) -> str:
        return self.trust.name

    def revocations(self) -> RevocationData | None:
        """The cached list; None when there is none or it no longer verifies."""
        with self._lock:
            if not self._loaded:
                try:
                    self._revocations = self.cache.load(self.trust)
                    self.revocation_problem = ""
                except RevocationError as exc:
                    # A damaged or forged cache counts as no list: verdicts then say
                    # revocation is not established, rather than trusting it.
                    self._revocations = None
                    self.revocation_problem = f"the cached revocation list was refused ({exc})"
                self._loaded = True
            return self._revocations

    def use_revocation_list(self, data: bytes) -> None:
        """Check against this list (DER or PEM) instead of the cached one, from the next
        check on; RevocationError when it is not the profile's issuer's."""
        revocations = load_crl(data, self.trust)
        with self._lock:
            self._revocations, self._loaded, self._pinned = revocations, True, True
            self.revocation_problem = ""
            old, self._verifier = self._verifier, None
        if old is not None:
            old.close()

    def revocation_state(self, now: dt.datetime | None = None) -> RevocationState:
        now = now or dt.datetime.now(dt.UTC)
        return RevocationState.of(self.revocations(), now, DEFAULT_MAX_AGE)

    def reload(self) -> None:
        """Read the cached list again (a sync or a redeem stored a newer one); the next
        check uses it, in fresh sandbox workers."""
        with self._lock:
            self._loaded = self._pinned
            old, self._verifier = self._verifier, None
        if old is not None:
            old.close()

    def set_profile(self, profile: str) -> None:
        """Trust another profile from the next check on: its roots (read again: the demo
        may have made its root since), its cached revocation list, fresh sandbox
        workers. ValueError for an unknown profile."""
        trust = TrustProfile.named(profile, self._trust_roots if profile == TEST else ())
        with self._lock:
            self.trust = trust
            self._loaded = self._pinned = False
            self._revocations = None
            old, self._verifier = self._verifier, None
        if old is not None:
            old.close()

    def verifier(self) -> SandboxedVerifier:
        revocations = self.revocations()
        with self._lock:
            if self._verifier is None:
                self._verifier = SandboxedVerifier(
                    self.trust, revocations, workers=self._workers, timeout_s=self._timeout_s
                )
            return self._verifier

    def verify_path(self, path: str | Path) -> Verification:
        return _logged(self.verifier().verify_path(path), Path(path).name)

    def verify_bytes(self, data: bytes, source: str | None = None) -> Verification:
        return _logged(self.verifier().verify_bytes(data, source=source), source or "bytes")

    def check(
        self,
        files: Iterable[Path],
        *,
        audit: AuditLog | None = None,
        actor: Actor | None = None,
        chunk: int = CHUNK,
        fill: bool = True,
    ) -> Iterator[list[Verification]]:
        """Check files (see collect()) a few at once, in their order; yields the results
        `chunk` at a time, each chunk recorded in the audit trail before it is handed on.
        Without `fill`, a chunk is the next result and those after it already checked
        (at most `chunk`): each shows as soon as it is checked, and one audit
        transaction takes whatever piled up while the last was written."""
        for batch in self.verifier().verify_batches(files, most=chunk, fill=fill):
            logged = [_logged(result, Path(result.source or "").name) for result in batch]
            _record(audit, actor, logged)
            yield logged

    def close(self) -> None:
        with self._lock:
            verifier, self._verifier = self._verifier, None
        if verifier is not None:
            verifier.close()


def is_scan(verification: Verification) -> bool:
    """A scan or photo of a printout: checked by its QR code alone, so its verdict
    speaks for the QR code, never for the printed page."""
    return verification.kind == "image"


#: The QR code's claims, in the order a clerk compares them with the printed page.
QR_CLAIMS = ("national_id", "status", "serial", "issued_at", "expires_at")


def verification_json(verification: Verification) -> dict[str, Any]:
    """A check as scripts read it: the verdict in words too, and for a scan `"kind":
    "scan"` and what was not checked."""
    data = verification.to_json()
    data["verdict_text"] = wording.verdict_words(verification.verdict, verification.kind).en
    if is_scan(verification):
        data["kind"] = "scan"
        data["not_checked"] = [
            {"what": code, "text": words.en} for code, words in wording.SCAN_NOT_CHECKED.items()
        ]
    return data


def _record(audit: AuditLog | None, actor: Actor | None, results: list[Verification]) -> None:
    if audit is not None:
        record_verifications(audit, actor or Actor.local(), results)


def _logged(verification: Verification, name: str) -> Verification:
    reason = verification.reason
    log.info("checked %s: %s%s", name, verification.verdict.value, f" ({reason})" if reason else "")
    return verification


#: Columns of a verification export: what a supervisor needs to re-check any line.
EXPORT_HEADER = (
    "فایل",
    "نتیجه",
    "دلیل",
    "شماره سریال",
    "کد ملی",
    "نام",
    "نام خانوادگی",
    "زمان بررسی (UTC)",
    "نمایه اعتماد",
    "نوع",
)


def export_verifications(path: str | Path, results: Iterable[Verification]) -> Path:
    """The checked files as CSV, one line each, verdicts as their stable codes."""
    from desktop.core.export import write_csv  # the spreadsheet writers: not for checking

    lines = (
        [
            v.source or "",
            str(v.verdict),
            v.reason,
            str((v.claims or {}).get("serial") or ""),
            str((v.claims or {}).get("national_id") or ""),
            str((v.claims or {}).get("first_name") or ""),
            str((v.claims or {}).get("last_name") or ""),
            v.checked_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S"),
            v.profile,
            # A scan's VALID speaks for its QR code only; the reader must see which is which.
            "scan" if is_scan(v) else v.kind,
        ]
        for v in results
    )
    return write_csv(path, EXPORT_HEADER, lines)
