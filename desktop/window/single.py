"""One window per data folder: a second start brings the first window forward.

Two windows on one data folder would each run the jobs, hold the audit trail and purge
on their own timers. The first window takes an OS-level lock in the folder (it ends
with its process, so a killed window never blocks the next start) and listens on a
local socket; a second start finds the lock taken, asks the first, through that socket,
to come forward, and ends.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop import APP_ID
from desktop.core.storage import Busy, FileLock, StorageError

LOCK_NAME = "window.lock"
#: How long a second start waits for the first window to take its message, in ms.
CONNECT_MS = 3000


class SingleInstance(QObject):
    activated = Signal()  # a second start asked this window to come forward

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = FileLock(folder / LOCK_NAME)
        digest = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
        self.name = f"{APP_ID}-{digest}"
        self._server: QLocalServer | None = None

    def claim(self) -> bool:
        """True when this is the folder's first window (it then listens for others)."""
        try:
            self._lock.acquire()
        except Busy:
            return False
        except StorageError:
            # A folder that cannot even hold a lock file: the window opens and says why
            # when it needs to write; nothing else would keep a second one out anyway.
            return True
        # A socket a killed window left behind is ours to replace: the lock says so.
        QLocalServer.removeServer(self.name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if server.listen(self.name):
            server.newConnection.connect(self._connected)
            self._server = server
        return True

    def bring_forward(self) -> bool:
        """From a second start: ask the first window to come forward."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_MS):
            return False
        socket.write(b"show\n")
        socket.flush()
        sent = socket.bytesToWrite() == 0 or socket.waitForBytesWritten(CONNECT_MS)
        socket.disconnectFromServer()
        return sent

    def _connected(self) -> None:
        assert self._server is not None
        # Each socket is the server's child and goes with it: a start is rare enough.
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).strip() == b"show":
            self.activated.emit()

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.release()
