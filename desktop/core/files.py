"""Files that hold personal data: private on disk, and written whole or not at all.

On Linux and macOS the data folder is 0700 and the files in it 0600: the job store and
the audit trail hold clear national IDs and answers, the logs names of files and
servers. Windows already keeps %LOCALAPPDATA% to its user, so modes are left alone there.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
_POSIX = os.name == "posix"
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def private_dir(path: Path) -> Path:
    """`path` (and missing parents) created, and `path` made 0700."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    if _POSIX:
        os.chmod(path, PRIVATE_DIR)
    return path


def private_file(path: Path) -> Path:
    """`path` created empty if missing, and made 0600. For files others open by name
    afterwards: SQLite (which gives a database's -wal and -shm files the database's own
    mode) and the log handler."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | _CLOEXEC | _BINARY, PRIVATE_FILE)
    try:
        if _POSIX:
            os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)
    return path


def make_private(folder: Path) -> None:
    """The folder, its folders 0700 and its files 0600: for data written before the app
    kept it private. Symbolic links, and what is not the user's to change, are left."""
    if not _POSIX:
        return
    for root, dirs, names in os.walk(folder):
        for name, mode in [(d, PRIVATE_DIR) for d in dirs] + [(n, PRIVATE_FILE) for n in names]:
            path = os.path.join(root, name)
            with contextlib.suppress(OSError):
                if not stat.S_ISLNK(os.lstat(path).st_mode):
                    os.chmod(path, mode)
    os.chmod(folder, PRIVATE_DIR)


@contextlib.contextmanager
def written_whole(target: Path) -> Iterator[BinaryIO]:
    """A new file for `target`, written as TARGET.part beside it and renamed over it
    (atomically) when the block ends without error, removed when it fails: a failed
    export never leaves half a file where the clerk expects the results.

    TARGET.part is created exclusively and never through a symbolic link, so a link or
    file planted there (the folder may be shared) is never written into. It is 0600 and
    so is the export: it holds personal data, and whom to share it with is the clerk's
    deliberate choice, not the umask's."""
    part = target.with_name(target.name + ".part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
    try:
        fd = os.open(part, flags, PRIVATE_FILE)
    except FileExistsError:
        # Left by an export that was killed, or planted: unlinking removes a link, never
        # what it points to. Whatever is there again after that is not ours to remove.
        part.unlink()
        fd = os.open(part, flags, PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as file:
            yield file
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, target)
