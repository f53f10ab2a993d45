"""The data folder as something that can fail: full, read-only, gone; and the OS-level
locks that keep two runs of one job (or two windows) apart.

Nothing may be sent to the server that cannot be recorded: a use-case calls
`check_room` before it sends, and turns whatever a write raises into `StorageError`
with `storage_error`, so both faces can say one sentence and the command line exit with
one documented code.

Locks are the operating system's own (flock on POSIX, msvcrt.locking on Windows): they
belong to an open file of a process, so they end with it, however it ends; a kill -9
never leaves one stuck.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import hashlib
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

#: Free space always kept in reserve before anything is sent (the database's log and
#: pages grow in steps, and the log file and settings share the folder).
RESERVE = 1 << 20
#: Room a bulk row takes once answered: the job store's row and its log frames, the
#: audit trail's record and details. Measured at about 2.5 kB; kept generous.
ROW_BYTES = 4096


class StorageProblem(enum.StrEnum):
    READ_ONLY = "read-only"  # the folder or a file in it cannot be written
    FULL = "full"  # no room left on the disk (or over a quota)
    UNAVAILABLE = "unavailable"  # the folder or its database cannot be opened or read


class StorageError(Exception):
    """The data folder cannot take what must be recorded; nothing more is sent."""

    def __init__(self, problem: StorageProblem, folder: Path, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {folder}{f' ({detail})' if detail else ''}")
        self.problem = problem
        self.folder = folder
        self.detail = detail


_SQLITE = {
    sqlite3.SQLITE_FULL: StorageProblem.FULL,
    sqlite3.SQLITE_READONLY: StorageProblem.READ_ONLY,
    sqlite3.SQLITE_PERM: StorageProblem.READ_ONLY,
    sqlite3.SQLITE_CANTOPEN: StorageProblem.UNAVAILABLE,
    sqlite3.SQLITE_IOERR: StorageProblem.UNAVAILABLE,
}
_ERRNO = {
    errno.ENOSPC: StorageProblem.FULL,
    errno.EDQUOT: StorageProblem.FULL,
    errno.EFBIG: StorageProblem.FULL,
    errno.EROFS: StorageProblem.READ_ONLY,
    errno.EACCES: StorageProblem.READ_ONLY,
    errno.EPERM: StorageProblem.READ_ONLY,
}


def storage_error(error: BaseException, folder: Path) -> StorageError | None:
    """`error` as a StorageError when it is the disk's doing, else None (a bug stays one)."""
    if isinstance(error, StorageError):
        return error
    problem: StorageProblem | None = None
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        problem = _SQLITE.get(code & 0xFF) if code is not None else None
    elif isinstance(error, OSError):
        problem = _ERRNO.get(error.errno or 0)
    if problem is None:
        return None
    if problem is StorageProblem.UNAVAILABLE and _read_only(folder):
        problem = StorageProblem.READ_ONLY  # SQLite says "cannot open" for a read-only mount
    return StorageError(problem, folder, str(error))


def _read_only(folder: Path) -> bool:
    try:
        return folder.is_dir() and not os.access(folder, os.W_OK)
    except OSError:
        return False


@contextlib.contextmanager
def guarded(folder: Path) -> Iterator[None]:
    """Raise what the disk refuses as StorageError."""
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        mapped = storage_error(error, folder)
        if mapped is None:
            raise
        raise mapped from error


def check_room(folder: Path, need: int = 0) -> None:
    """StorageError unless `folder` can be written and has `need` bytes free besides the
    reserve. A file is written, flushed and removed: permissions alone do not tell a
    read-only mount or a full disk."""
    with guarded(folder):
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".room-check-{os.getpid()}"
        try:
            with open(probe, "wb") as f:
                f.write(b"\0" * 4096)
                f.flush()
                os.fsync(f.fileno())
        finally:
            with contextlib.suppress(OSError):
                probe.unlink()
        free = shutil.disk_usage(folder).free
    if free < need + RESERVE:
        raise StorageError(
            StorageProblem.FULL, folder, f"{free:,} bytes free, {need + RESERVE:,} needed"
        )


class Busy(Exception):
    """Another process (or another part of this one) holds the lock."""


class FileLock:
    """An exclusive lock on a file, held by this process until release() or its end."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now, or raise Busy."""
        if self._fd is not None:
            return
        with guarded(self.path.parent):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise Busy(str(self.path)) from None
        self._fd = fd

    def release(self) -> None:
        # Closing the file ends the lock; the file stays (unlinking it would race with a
        # process that has just opened it).
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                _unlock(fd)
            os.close(fd)

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *_: object) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def job_lock(
    folder: Path, sha256: str, case_reference: str | None, sheet: str | None, column: str
) -> FileLock:
    """The lock of one job: a file's content, case reference, sheet and ID column (what
    finds a job again), so two runs of one list cannot both ask about its rows."""
    key = "\0".join((sha256, case_reference or "", sheet or "", column))
    name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return FileLock(folder / "locks" / f"job-{name}.lock")


def open_database(
    path: Path, schema: str, version: int, *, synchronous: str, busy_ms: int
) -> sqlite3.Connection:
    """A store's SQLite file, opened as every store of the app opens one: WAL, deleted
    rows overwritten, explicit transactions, rows by name; its schema created where
    missing. RuntimeError when a newer version of the app wrote it. The caller migrates
    older files, then sets `PRAGMA user_version`."""
    # isolation_level=None: the stores open their transactions explicitly.
    conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute(f"PRAGMA busy_timeout={busy_ms}")
    # Deleted rows are overwritten with zeros, not just unlinked: a purged national ID
    # must not be recoverable from free pages or the log.
    conn.execute("PRAGMA secure_delete=ON")
    if conn.execute("PRAGMA user_version").fetchone()[0] > version:
        conn.close()
        raise RuntimeError(f"{path} was written by a newer version of the app")
    # Under the write lock, taken at once: in WAL mode a statement that reads the schema
    # and then writes is refused outright, without waiting, if another process (a second
    # run of the same list) wrote in between.
    conn.executescript(f"BEGIN IMMEDIATE; {schema}; COMMIT;")
    return conn


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction on a connection opened with isolation_level=None: taken at
    once (IMMEDIATE, so two writers queue on busy_timeout instead of failing at commit),
    committed whole or rolled back. The caller holds its own lock around it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
