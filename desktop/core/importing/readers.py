"""Reading xlsx, xls, ods, CSV and pasted text into tables of text cells.

The content decides the format, not the file name: spreadsheet programs and web portals
save CSV as ".xls" and the like. Everything that can go wrong with a file becomes a
SpreadsheetError with a stable code.
"""

from __future__ import annotations

import abc
import codecs
import contextlib
import csv
import datetime
import hashlib
import io
import itertools
import math
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar
from xml.etree import ElementTree

import python_calamine

from desktop.core.importing.errors import ErrorCode, SpreadsheetError, TooManyRows
from desktop.core.importing.labels import (
    ARABIC_TO_PERSIAN,
    column_letter,
    column_ref,
    header_key,
)

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


_CHUNK = 1 << 20
_T = TypeVar("_T")


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


# ---------------------------------------------------------------------------- opening


#: An OLE compound file: an old .xls, or an xlsx encrypted with a password.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
            if head.startswith((b"PK\x03\x04", OLE_MAGIC)):
                # Capped again: the file may have grown since its size was taken.
                data = head + f.read(MAX_BYTES + 1 - len(head))
            else:
                kind = _binary_kind(head)
                if kind:
                    raise SpreadsheetError(
                        ErrorCode.NOT_A_SPREADSHEET,
                        f"{path.name} is a {kind} file, not a spreadsheet.",
                        kind=kind,
                    )
                f.seek(0)
                text, encoding, digest = _read_text_file(f, path.name, max_rows)
                return _text_source(text, "csv", encoding, digest)
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
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(
            ErrorCode.TOO_LARGE, f"{path.name} is too large to import.", size=len(data)
        )
    return open_contents(Contents.of(path.name, data), max_rows, isolated=False)


def open_contents(contents: Contents, max_rows: int, isolated: bool) -> Source:
    """A spreadsheet's bytes opened; NeedsIsolation (unless `isolated`, in such a process
    already) as open_source."""
    if contents.data.startswith(b"PK\x03\x04"):
        return _open_zip(contents, max_rows, isolated)
    return _open_ole(contents, max_rows, isolated)


def text_source(text: str, max_rows: int) -> Source:
    """Pasted text: a column copied from a spreadsheet, or CSV."""
    if "\x00" in text:
        raise SpreadsheetError(ErrorCode.BINARY_JUNK, "The text holds binary data, not IDs.")
    if _lines(text) > max_rows + HEADER_SCAN_ROWS:
        raise TooManyRows(max_rows, None)
    # The bytes kept when pasted text is kept as a file (bulk.keep_pasted).
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _text_source(text, "text", None, digest)


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


# ---------------------------------------------------------------- spreadsheets (calamine)


def _calamine(call: Callable[[], _T], name: str) -> _T:
    """Run a call into the parser, turning whatever a malformed file makes it raise into
    a SpreadsheetError."""
    try:
        return call()
    except python_calamine.PasswordError as exc:
        raise SpreadsheetError(
            ErrorCode.PASSWORD_PROTECTED,
            f"{name} is protected with a password; save a copy without one.",
        ) from exc
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # the Rust parser's panics derive from BaseException
        raise SpreadsheetError(
            ErrorCode.CORRUPT, f"{name} is damaged and cannot be read.", detail=str(exc)
        ) from exc


def _cell_text(value: object) -> str:
    """A cell as the clerk sees it. Whole numbers lose their ".0" but no digit: an ID
    stored as the number 12345678.0 becomes "12345678", which the ID rules then pad."""
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value) if math.isfinite(value) else ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


class _CalamineSource(Source):
    def __init__(
        self,
        contents: Contents,
        fmt: str,
        max_rows: int,
        extent: Callable[[str], tuple[int, int | None] | None] | None = None,
    ) -> None:
        self.format = fmt
        self.sha256 = contents.sha256
        self._name = name = contents.name
        self._max_rows = max_rows
        # A sheet's rows and columns (None: unknown) without loading it, when the
        # format allows.
        self._extent = extent
        self._book = _calamine(
            lambda: python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(contents.data)),
            name,
        )
        meta = _calamine(lambda: self._book.sheets_metadata, name)
        worksheets = [m for m in meta if m.typ == python_calamine.SheetTypeEnum.WorkSheet]
        self._all = [m.name for m in worksheets]
        self._visible = [
            m.name for m in worksheets if m.visible == python_calamine.SheetVisibleEnum.Visible
        ]

    def sheet_names(self) -> list[str | None]:
        return list(self._visible)

    def find_sheet(self, spec: str | int) -> str | None:
        if isinstance(spec, str):
            if spec in self._all:
                return spec
            # Spelled differently: «كارمندان» for «کارمندان», "data" for "Data".
            key = header_key(spec)
            match = next((n for n in self._all if header_key(n) == key), None)
            if match is not None:
                return match
        # A 1-based position, counted as columns are.
        position = column_ref(spec) if isinstance(spec, int) or spec.strip().isdigit() else None
        if position is not None and position < len(self._all):
            return self._all[position]
        raise SpreadsheetError(
            ErrorCode.SHEET_NOT_FOUND,
            f"There is no sheet {spec!r}; the sheets are "
            + ", ".join(repr(n) for n in self._all)
            + ".",
            sheet=str(spec),
            sheets=list(self._all),
        )

    def table(self, name: str | None) -> Table:
        assert name is not None
        extent = self._extent(name) if self._extent else None
        if extent is not None:
            self._check_extent(name, *extent)
        sheet = _calamine(lambda: self._book.get_sheet_by_name(name), self._name)
        # Formats without a cheap look ahead (xls holds at most 65,536 rows anyway) are
        # checked once the sheet is parsed, before its cells become Python objects.
        end = sheet.end
        if end is not None:
            self._check_extent(name, end[0] + 1, end[1] + 1)
        values = _calamine(lambda: sheet.to_python(skip_empty_area=False), self._name)
        # Most cells are already text; the check in the comprehension avoids a call each.
        rows = [[c if type(c) is str else _cell_text(c) for c in r] for r in values]
        return Table(name, _trim(rows))

    def _check_extent(self, name: str, rows: int, columns: int | None) -> None:
        # Up to HEADER_SCAN_ROWS title and header rows come on top of the data rows.
        if rows > self._max_rows + HEADER_SCAN_ROWS:
            raise TooManyRows(self._max_rows, name, last_row=rows)
        if columns is not None and rows * columns > MAX_CELLS:
            raise SpreadsheetError(
                ErrorCode.TOO_LARGE,
                f"Sheet {name!r} reaches column {column_letter(columns - 1)} and row "
                f"{rows:,}, too large an area to import (at most {MAX_CELLS:,} cells); "
                "delete the unused cells.",
                sheet=name,
                rows=rows,
                columns=columns,
            )

    def close(self) -> None:
        with contextlib.suppress(python_calamine.CalamineError):  # already closed
            self._book.close()


# What reading a damaged zip archive raises: bad directories, bad deflate streams,
# a flipped compression-method byte (NotImplementedError), an "encrypted" flag
# (RuntimeError), a member listed but missing (KeyError).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,
    RuntimeError,
)


def _open_zip(contents: Contents, max_rows: int, isolated: bool) -> Source:
    name = contents.name
    try:
        with zipfile.ZipFile(io.BytesIO(contents.data)) as zf:
            names = set(zf.namelist())
            unpacked = sum(info.file_size for info in zf.infolist())
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
            parts = _xlsx_sheet_parts(zf) if "xl/workbook.xml" in names else {}
    except _ZIP_ERRORS as exc:
        raise SpreadsheetError(
            ErrorCode.CORRUPT, f"{name} is damaged (an incomplete zip archive)."
        ) from exc
    if unpacked > MAX_BYTES:
        raise SpreadsheetError(
            ErrorCode.TOO_LARGE, f"{name} is too large to import.", size=unpacked
        )
    if "xl/workbook.xml" in names:
        if isolated:
            return _CalamineSource(contents, "xlsx", max_rows)

        def extent(sheet: str) -> tuple[int, int | None] | None:
            part = parts.get(sheet)
            if not part:  # unusual bookkeeping: which XML the parser will read is unknown
                raise NeedsIsolation(contents)
            return _xlsx_reach(contents, part, max_rows + HEADER_SCAN_ROWS)

        return _CalamineSource(contents, "xlsx", max_rows, extent)
    if "xl/workbook.bin" in names or mimetype.startswith(
        b"application/vnd.oasis.opendocument.spreadsheet"
    ):
        # Binary records, or ODF's repeated rows and columns: no cheap bound.
        if not isolated:
            raise NeedsIsolation(contents)
        return _CalamineSource(contents, "xlsb" if "xl/workbook.bin" in names else "ods", max_rows)
    if "word/document.xml" in names:
        kind = "docx"
    elif "ppt/presentation.xml" in names:
        kind = "pptx"
    elif mimetype.startswith(b"application/vnd.oasis.opendocument."):
        kind = "odf"
    else:
        kind = "zip"
    raise SpreadsheetError(
        ErrorCode.NOT_A_SPREADSHEET, f"{name} is a {kind} file, not a spreadsheet.", kind=kind
    )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML.

    Only the early row count uses this; when the workbook's bookkeeping is unusual the
    count is skipped and the parser, which reports real damage, has the last word.
    """
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except (*_ZIP_ERRORS, ElementTree.ParseError):
        return {}
    targets = {
        rel.get("Id"): rel.get("Target", "") for rel in rels if _local(rel.tag) == "Relationship"
    }
    parts = {}
    for sheet in book.iter():
        if _local(sheet.tag) != "sheet":
            continue
        rid = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
        target = targets.get(rid, "")
        if target:
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            parts[sheet.get("name", "")] = os.path.normpath(member).replace(os.sep, "/")
    return parts


_NS = rb"[A-Za-z_][\w.-]*:"  # a namespace prefix, as in <x:row>
_SHEET_DATA = re.compile(rb"<(" + _NS + rb")?sheetData[\s>]")
_REFERENCE = re.compile(rb' r="([A-Z]+)(\d+)"')
_PLAIN_REFERENCE = re.compile(rb"([A-Z]{1,3})(\d{1,7})")
_ROW_NUMBER = re.compile(rb'[^>]*?\br="(\d+)"')
_SCAN_CHUNK = 4 << 20


def _unusual_cells(prefix: bytes) -> re.Pattern[bytes]:
    """Cell tags whose reference is not a short plain one (one capital and up to five
    digits: within column Z and row 99,999), the reference captured; and cell tags with
    no reference first (group 1 None). One literal-led pattern: the scan stays fast."""
    return re.compile(
        b"<" + re.escape(prefix) + rb'c(?:\sr="(?![A-Z]\d{1,5}")([^"]*)"|\s(?!r=")|[>/])'
    )


def _xlsx_reach(contents: Contents, member: str, limit: int) -> tuple[int, int]:
    """How far a sheet reaches, rows and columns, from the cell references in its XML,
    read without parsing it. The <dimension> element is not trusted: a file can lie in
    it, and the parser allocates what the cells span, not what it says.

    The sheet is streamed and searched for cells with unusual references; in a list of
    a few columns those are only the rows past 99,999, so the search is nearly all the
    cost. It stops once past `limit` rows. When what plain references could span is too
    large an area, the sheet is read again exactly. A cell without a plain reference as
    its first attribute (the parser may then count positions) is not bounded here:
    NeedsIsolation."""
    deepest, widest = 0, 26  # past plain references' reach: exact
    last_row = 0  # rows are written in order: the last row tag's number is the count
    try:
        with zipfile.ZipFile(io.BytesIO(contents.data)) as zf, zf.open(member) as f:
            found = _SHEET_DATA.search(data := f.read(_SCAN_CHUNK))
            prefix = found.group(1) if found and found.group(1) else b""
            unusual, row_tag = _unusual_cells(prefix), b"<" + prefix + b"row "
            tail = b""
            while data:
                # A tag may straddle two chunks: the tail is searched again with the next.
                joined = tail + data
                for match in unusual.finditer(joined):
                    plain = match.group(1) and _PLAIN_REFERENCE.fullmatch(match.group(1))
                    if not plain:
                        raise NeedsIsolation(contents)
                    widest = max(widest, (column_ref(plain.group(1).decode()) or 0) + 1)
                    deepest = max(deepest, int(plain.group(2)))
                at = joined.rfind(row_tag)
                row = _ROW_NUMBER.match(joined, at + len(row_tag)) if at >= 0 else None
                last_row = int(row.group(1)) if row else last_row
                if max(deepest, last_row) > limit:
                    return max(deepest, last_row), 1
                tail = joined[-64:]
                data = f.read(_SCAN_CHUNK)
    except _ZIP_ERRORS:
        raise NeedsIsolation(contents) from None  # damaged: the parser, kept apart, says how
    if max(deepest, 99_999) * widest > MAX_CELLS:
        return _exact_reach(contents.data, member)
    return max(deepest, last_row), widest


def _exact_reach(data: bytes, member: str) -> tuple[int, int]:
    """Rows and columns as far as any cell reference reaches: every one read."""
    rows = columns = 0
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(member) as f:
        tail = b""
        while True:
            data = f.read(_SCAN_CHUNK)
            joined = tail + data
            # A reference cut at the chunk's end is read whole with the next chunk.
            cut = joined.rfind(b"<") if data else len(joined)
            for column, row in set(_REFERENCE.findall(joined[: max(cut, 0)])):
                columns = max(columns, (column_ref(column.decode()) or 0) + 1)
                rows = max(rows, int(row))
            if not data:
                return rows, columns
            tail = joined[max(cut, 0) :]


def _open_ole(contents: Contents, max_rows: int, isolated: bool) -> Source:
    """An OLE compound file: an old .xls, or an xlsx encrypted with a password (Office
    wraps those in OLE), or something else entirely (.doc, .msg)."""
    data, name = contents.data, contents.name
    # Stream names are stored in UTF-16 in the compound file's directory.
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise SpreadsheetError(
            ErrorCode.PASSWORD_PROTECTED,
            f"{name} is protected with a password; save a copy without one.",
        )
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        # Native code that a damaged .xls can make abort the interpreter.
        if not isolated:
            raise NeedsIsolation(contents)
        return _CalamineSource(contents, "xls", max_rows)
    raise SpreadsheetError(
        ErrorCode.NOT_A_SPREADSHEET,
        f"{name} is an Office document, not a spreadsheet.",
        kind="ole",
    )


# ------------------------------------------------------------------------ text files

# Control characters never found in text a clerk would import (tab, CR and LF excepted).
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _lines(text: str) -> int:
    return text.count("\n") or text.count("\r")


def _read_text_file(f: BinaryIO, name: str, max_rows: int) -> tuple[str, str, str]:
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


def _text_source(text: str, fmt: str, encoding: str | None, sha256: str) -> Source:
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
    rows = _trim(rows)
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


def _trim(rows: list[list[str]]) -> list[list[str]]:
    """Drop trailing rows with nothing in them (formatting-only rows, final newlines)."""
    end = len(rows)
    while end and not any(cell.strip() for cell in rows[end - 1]):
        end -= 1
    del rows[end:]
    return rows
