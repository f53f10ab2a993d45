"""What every reader gives the importer: a Source of text Tables, the size limits they
hold files to, and a spreadsheet's bytes as read once (Contents)."""

from __future__ import annotations

import abc
import hashlib
from dataclasses import dataclass

#: Rows above the header a file may have (titles, dates, the agency's letterhead).
HEADER_SCAN_ROWS = 20
#: Refuse files whose uncompressed content is larger than this before reading a row.
MAX_BYTES = 1 << 30
#: Refuse sheets whose used area (rows x columns, empty cells included) is larger: the
#: parser allocates every cell of it, so one stray value in a far corner would need
#: hundreds of gigabytes, and it aborts the whole process when it cannot have them.
MAX_CELLS = 10_000_000


@dataclass(frozen=True, slots=True)
class Contents:
    """A spreadsheet's bytes, read once: the parser reads these, here or in a process of
    its own, and their digest names the job, so a file changed after it was read is never
    taken for the one imported."""

    name: str
    data: bytes
    sha256: str

    @classmethod
    def of(cls, name: str, data: bytes) -> Contents:
        return cls(name, data, hashlib.sha256(data).hexdigest())


class NeedsIsolation(Exception):
    """The file cannot be bounded cheaply before the parser sees it (xls, xlsb, ods, an
    xlsx whose cells do not all say where they are): read its `contents` in a process of
    its own, where running out of memory costs that process only."""

    def __init__(self, contents: Contents) -> None:
        super().__init__(contents.name)
        self.contents = contents


@dataclass(frozen=True, slots=True)
class Table:
    """One sheet as text: rows[0] is the sheet's row 1 and cells[0] its column A."""

    name: str | None  # None for CSV, text and the clipboard
    rows: list[list[str]]  # all of one width: text rows are padded

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


class Source(abc.ABC):
    """An opened file: its sheets, read one at a time on demand."""

    format: str
    sha256: str  # of the bytes read: the job's identity
    encoding: str | None = None
    separator: str | None = None

    @abc.abstractmethod
    def sheet_names(self) -> list[str | None]:
        """The sheets worth looking at when the clerk named none, in workbook order."""

    @abc.abstractmethod
    def find_sheet(self, spec: str | int) -> str | None:
        """The sheet the clerk meant by name or 1-based position; raise when none is."""

    @abc.abstractmethod
    def table(self, name: str | None) -> Table:
        """The sheet's cells as text; raise TooManyRows when it is over the limit."""

    def close(self) -> None:  # noqa: B027 - nothing to release for text
        """Release the file."""


def trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing rows with nothing in them (formatting-only rows, final newlines)."""
    end = len(rows)
    while end and not any(cell.strip() for cell in rows[end - 1]):
        end -= 1
    del rows[end:]
    return rows
