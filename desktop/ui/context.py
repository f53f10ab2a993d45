"""What every screen shares: the async bridge, the session use-case, language, settings."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from desktop.core.audit import AuditLog
from desktop.core.session import Session
from desktop.ui.bridge import AsyncBridge
from desktop.ui.i18n import I18n
from desktop.ui.preferences import Preferences

if TYPE_CHECKING:
    from desktop.core.history import History
    from desktop.core.jobs import JobStore
    from desktop.core.proof import Proof


@dataclass(frozen=True)
class DemoServer:
    """The bundled mock started by `--demo`, with its published demo account."""

    url: str
    username: str = "demo.clerk"
    password: str = "demo-pass"
    code: str = "123456"


@dataclass
class AppContext:
    bridge: AsyncBridge
    session: Session
    i18n: I18n
    settings: QSettings
    demo: DemoServer | None = None
    # The audit trail of every look-up; it opens its file on first use, off the GUI thread.
    audit: AuditLog = field(default_factory=AuditLog)
    _jobs: JobStore | None = field(default=None, repr=False)
    _jobs_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _proof: Proof | None = field(default=None, repr=False)
    _proof_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def prefs(self) -> Preferences:
        """Typed access to `settings`: the one way to read or change a preference."""
        return Preferences(self.settings, demo=self.demo is not None)

    @property
    def history(self) -> History:
        """The signed-in clerk's history: the audit trail seen through the session."""
        from desktop.core.history import History  # brings the exporters: not at start

        return History(self.audit, self.session)

    @property
    def proof(self) -> Proof:
        """The offline check under the trust profile of the preferences, made on first
        use: the first window needs none of the certificate stack it loads."""
        with self._proof_lock:
            if self._proof is None:
                from desktop.core.proof import Proof

                self._proof = Proof(self.prefs.trust_profile)
            return self._proof

    @proof.setter
    def proof(self, proof: Proof) -> None:
        with self._proof_lock:
            self._proof = proof

    def job_store(self) -> JobStore:
        """The bulk inquiries' SQLite store, opened on first use (call it off the GUI
        thread: opening it touches the disk)."""
        with self._jobs_lock:
            if self._jobs is None:
                from desktop.core.jobs import JobStore

                self._jobs = JobStore()
            return self._jobs

    def close(self) -> None:
        """Stop background work: the loop thread, then the verifier's processes."""
        self.bridge.stop()
        if self._proof is not None:
            self._proof.close()
        self.audit.close()
        if self._jobs is not None:
            self._jobs.close()
