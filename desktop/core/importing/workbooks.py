"""Spreadsheets (xlsx, xlsb, xls, ods) read by calamine, a native parser, from their
bytes: bounded before it sees them where the format allows (an xlsx's cell references
are scanned), or left to a process of its own (NeedsIsolation)."""

from __future__ import annotations

import contextlib
import datetime
import io
import math
import os
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from xml.etree import ElementTree

import python_calamine

from desktop.core.importing.errors import ErrorCode, SpreadsheetError, TooManyRows
from desktop.core.importing.labels import column_letter, column_ref, header_key
from desktop.core.importing.source import (
    HEADER_SCAN_ROWS,
    MAX_BYTES,
    MAX_CELLS,
    Contents,
    NeedsIsolation,
    Source,
    Table,
    trim,
)

#: A zip archive: xlsx, xlsb, ods (and docx and the like, refused).
ZIP_MAGIC = b"PK\x03\x04"
#: An OLE compound file: an old .xls, or an xlsx encrypted with a password.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_T = TypeVar("_T")


def open_contents(contents: Contents, max_rows: int, isolated: bool) -> Source:
    """A spreadsheet's bytes opened; NeedsIsolation (unless `isolated`, in such a process
    already) as open_source."""
    if contents.data.startswith(ZIP_MAGIC):
        return _open_zip(contents, max_rows, isolated)
    return _open_ole(contents, max_rows, isolated)


def sheet_rows(sheet: python_calamine.CalamineSheet) -> Iterator[list[Any]]:
    """The sheet's rows from A1 on, as `to_python(skip_empty_area=False)` gives them, but
    made one row per call: to_python makes them all in one call that holds the GIL
    (40-200 ms for 200,000 rows), and the window cannot paint until it returns."""
    start = sheet.start
    if start is None:  # nothing in it (iter_rows would panic)
        return iter(())
    rows: Iterator[list[Any]] = sheet.iter_rows()  # adds the empty rows above, not columns
    if not start[1]:
        return rows
    left = [""] * start[1]
    return (left + row for row in rows)


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
        # Most cells are already text; the check in the comprehension avoids a call each.
        # The rows are made as it goes, so the parser's errors can come from any of them.
        cells = sheet_rows(sheet)
        rows = _calamine(
            lambda: [[c if type(c) is str else _cell_text(c) for c in r] for r in cells],
            self._name,
        )
        return Table(name, trim(rows))

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
