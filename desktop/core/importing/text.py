"""CSV, tab-separated text and pasted cells, read into one table of text cells."""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from desktop.core.importing.errors import ErrorCode, SpreadsheetError, TooManyRows
from desktop.core.importing.labels import ARABIC_TO_PERSIAN
from desktop.core.importing.source import HEADER_SCAN_ROWS, MAX_CELLS, Source, Table, trim

_CHUNK = 1 << 20


def text_source(text: str, max_rows: int) -> Source:
    """Pasted text: a column copied from a spreadsheet, or CSV."""
    if "\x00" in text:
        raise SpreadsheetError(ErrorCode.BINARY_JUNK, "The text holds binary data, not IDs.")
    if _lines(text) > max_rows + HEADER_SCAN_ROWS:
        raise TooManyRows(max_rows, None)
    # The bytes kept when pasted text is kept as a file (bulk.keep_pasted).
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return text_table(text, "text", None, digest)


# Control characters never found in text a clerk would import (tab, CR and LF excepted).
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _lines(text: str) -> int:
    return text.count("\n") or text.count("\r")


def read_text_file(f: BinaryIO, name: str, max_rows: int) -> tuple[str, str, str]:
    """The decoded text, its encoding and the digest of its bytes: UTF-8 (BOM or not),
    UTF-16 with a BOM, or Windows-1256, which Persian-locale spreadsheet programs use for
    CSV."""
    chunks = _ReadOnce(f)
    head = next(iter(chunks), b"")[:4]
    encoding, bom = next(
        ((enc, len(bom)) for bom, enc in _BOMS if head.startswith(bom)), ("utf-8", 0)
    )
    try:
        text = _decode(chunks, encoding, bom, name, max_rows)
    except UnicodeDecodeError as exc:
        if bom:
            raise SpreadsheetError(
                ErrorCode.BINARY_JUNK, f"{name} holds bytes that are not {encoding} text."
            ) from exc
        # Every byte means something in Windows-1256, so junk shows up as control
        # characters, which _decode refuses.
        encoding = "cp1256"
        text = _decode(chunks, encoding, 0, name, max_rows).translate(ARABIC_TO_PERSIAN)
    if not text.strip():
        raise SpreadsheetError(ErrorCode.EMPTY_FILE, f"{name} is empty.")
    return text, encoding, chunks.sha256()


class _ReadOnce:
    """A file's chunks, read front to back once, each hashed and kept: decoding it again
    in another encoding reads what was kept, not the file, which may have changed."""

    def __init__(self, f: BinaryIO) -> None:
        self._f = f
        self._kept: list[bytes] = []
        self._digest = hashlib.sha256()
        self._done = False

    def __iter__(self) -> Iterator[bytes]:
        for i in itertools.count():
            if i == len(self._kept):
                chunk = b"" if self._done else self._f.read(_CHUNK)
                if not chunk:
                    self._done = True
                    return
                self._digest.update(chunk)
                self._kept.append(chunk)
            yield self._kept[i]

    def sha256(self) -> str:
        """The digest of the whole file, once it has been read to its end."""
        assert self._done
        return self._digest.hexdigest()


def _decode(chunks: Iterable[bytes], encoding: str, skip: int, name: str, max_rows: int) -> str:
    """Decode chunk by chunk, stopping as soon as the file has too many lines or junk;
    `skip` bytes (a BOM) are left out of the first chunk."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    parts: list[str] = []
    lines = 0
    for i, chunk in enumerate(itertools.chain(chunks, [b""])):
        text = decoder.decode(chunk[skip:] if i == 0 else chunk, final=not chunk)
        if _JUNK.search(text):
            raise SpreadsheetError(
                ErrorCode.BINARY_JUNK, f"{name} holds binary data, not text.", encoding=encoding
            )
        lines += _lines(text)
        if lines > max_rows + HEADER_SCAN_ROWS:
            raise TooManyRows(max_rows, None)
        parts.append(text)
    return "".join(parts)


_SEPARATORS = ("\t", ";", ",")
_SAMPLE_LINES = 50


def _separator(text: str) -> str | None:
    """Tab, semicolon or comma: the one that splits the sample lines into the same number
    of fields most consistently (csv.Sniffer guesses wrong on short Persian lines).
    None when no separator splits any line: a single column."""
    lines = [line for line in text[: 1 << 16].splitlines()[:_SAMPLE_LINES] if line.strip()]
    best: tuple[float, int] | None = None
    chosen = None
    for sep in _SEPARATORS:
        counts = [len(fields) for fields in csv.reader(lines, delimiter=sep)]
        common = max(set(counts), key=counts.count, default=1)
        if common < 2:
            continue
        score = (counts.count(common) / len(counts), common)
        if best is None or score > best:
            best, chosen = score, sep
    return chosen


def text_table(text: str, fmt: str, encoding: str | None, sha256: str) -> Source:
    if not text.strip():
        raise SpreadsheetError(ErrorCode.EMPTY_FILE, "There is nothing to import.")
    if text.startswith("\ufeff"):
        text = text[1:]
    if _looks_like_markup(text):
        raise SpreadsheetError(
            ErrorCode.NOT_A_SPREADSHEET,
            "This is a web page or XML, not a spreadsheet.",
            kind="html",
        )
    separator = _separator(text)
    # With no separator every line is one cell; tab is the least likely to occur in it.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator or "\t")
    try:
        rows = list(reader)
    except csv.Error as exc:  # a field longer than the csv module's limit
        raise SpreadsheetError(
            ErrorCode.CORRUPT, f"The text cannot be split into cells ({exc})."
        ) from exc
    rows = trim(rows)
    width = max(map(len, rows), default=0)
    # Every row is padded to the widest: one line of a million separators would make
    # each row a million cells.
    if len(rows) * width > MAX_CELLS:
        raise SpreadsheetError(
            ErrorCode.TOO_LARGE,
            f"The text has {len(rows):,} lines and up to {width:,} cells in one, too large "
            f"an area to import (at most {MAX_CELLS:,} cells).",
            rows=len(rows),
            columns=width,
        )
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return _TextSource(Table(None, rows), fmt, encoding, separator, sha256)


def _looks_like_markup(text: str) -> bool:
    start = text[:512].lstrip().lower()
    return start.startswith(("<?xml", "<!doctype html", "<html", "<table"))


class _TextSource(Source):
    def __init__(
        self, table: Table, fmt: str, encoding: str | None, sep: str | None, sha256: str
    ) -> None:
        self._table = table
        self.format = fmt
        self.sha256 = sha256
        self.encoding = encoding
        self.separator = sep

    def sheet_names(self) -> list[str | None]:
        return [None]

    def find_sheet(self, spec: str | int) -> str | None:
        return None  # a text file has one table, whatever sheet is asked for

    def table(self, name: str | None) -> Table:
        return self._table
