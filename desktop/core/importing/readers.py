"""Opening a clerk's file, whatever its name says: xlsx, xlsb, xls, ods, CSV.

The content decides the format, not the file name: spreadsheet programs and web portals
save CSV as ".xls" and the like. Everything that can go wrong with a file becomes a
SpreadsheetError with a stable code. Spreadsheets are read in `workbooks`, text in
`text`; both give a `source.Source`.
"""

from __future__ import annotations

import os
from pathlib import Path

from desktop.core.importing.errors import ErrorCode, SpreadsheetError
from desktop.core.importing.source import MAX_BYTES, Contents, Source
from desktop.core.importing.text import read_text_file, text_table
from desktop.core.importing.workbooks import OLE_MAGIC, ZIP_MAGIC, open_contents


def open_source(path: Path, max_rows: int) -> Source:
    """Open a file of any supported format, reading it once; raise SpreadsheetError when
    it is not one, and NeedsIsolation for a spreadsheet the parser could be made to
    allocate without bound."""
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size == 0:
                raise SpreadsheetError(ErrorCode.EMPTY_FILE, f"{path.name} is empty.")
            if size > MAX_BYTES:
                raise SpreadsheetError(
                    ErrorCode.TOO_LARGE, f"{path.name} is too large to import.", size=size
                )
            head = f.read(8)
            if head.startswith((ZIP_MAGIC, OLE_MAGIC)):
                # No more than its size, within the cap: a file still being written is
                # read as far as it was then (read(n) sets aside n bytes at once).
                f.seek(0)
                data = f.read(size)
            else:
                kind = _binary_kind(head)
                if kind:
                    raise SpreadsheetError(
                        ErrorCode.NOT_A_SPREADSHEET,
                        f"{path.name} is a {kind} file, not a spreadsheet.",
                        kind=kind,
                    )
                f.seek(0)
                text, encoding, digest = read_text_file(f, path.name, max_rows)
                return text_table(text, "csv", encoding, digest)
    except FileNotFoundError as exc:
        raise SpreadsheetError(
            ErrorCode.FILE_NOT_FOUND, f"The file {path} does not exist.", path=str(path)
        ) from exc
    except OSError as exc:
        raise SpreadsheetError(
            ErrorCode.UNREADABLE,
            f"The file {path} cannot be read ({exc.strerror}).",
            path=str(path),
        ) from exc
    return open_contents(Contents.of(path.name, data), max_rows, isolated=False)


_MAGIC = (
    (b"%PDF", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"RIFF", "riff"),
    (b"Rar!", "rar"),
    (b"7z\xbc\xaf", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"\x7fELF", "executable"),
    (b"PK\x05\x06", "zip"),  # an empty zip archive
)


def _binary_kind(head: bytes) -> str | None:
    return next((kind for magic, kind in _MAGIC if head.startswith(magic)), None)
