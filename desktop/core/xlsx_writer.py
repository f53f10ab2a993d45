"""A streaming xlsx writer for one sheet of text cells.

The exports write a hundred thousand rows of text, nothing else: no numbers, formulas,
merges or charts. openpyxl's write-only mode spends about 8 µs on each cell (10,000
result rows took 2 s, more than the whole batch run); this writer streams the sheet's
XML straight into the zip at well under a microsecond a cell.

Every cell is an inline string (`t="inlineStr"`), so a value is never read as a number
(leading zeros stay) or as a formula ("=..." stays text). Code columns also get the Text
number format ("@"), so they stay text when the clerk edits them.
"""

from __future__ import annotations

import collections
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from os import PathLike
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from desktop.core.importing.labels import column_letter

# Style ids in styles.xml below.
PLAIN, TEXT, HEADER = 0, 1, 2

# Characters XML 1.0 cannot carry at all (a spreadsheet cell can hold them; the file
# would not open), and those that need escaping.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""

_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
Target="xl/workbook.xml"/></Relationships>"""

_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<bookViews><workbookView/></bookViews>\
<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets></workbook>"""

_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" \
Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" \
Target="styles.xml"/></Relationships>"""

# numFmtId 49 is the built-in Text format, "@".
_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" \
applyFont="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""

_SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<sheetViews><sheetView rightToLeft="{rtl}" workbookViewId="0">{pane}</sheetView></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData>"""
_FROZEN_HEADER = (
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    '<selection pane="bottomLeft"/>'
)
_SHEET_END = "</sheetData></worksheet>"
_PRESERVE = ' xml:space="preserve"'


def text(value: str) -> str:
    """A value as XML character data: escaped, without what XML cannot hold."""
    if _SPECIAL.search(value):
        value = escape(_NOT_XML.sub("", value))
    return value


def write_sheet(
    path: str | PathLike[str] | BinaryIO,
    rows: Iterable[Sequence[str | None]],
    *,
    sheet_name: str,
    styles: Sequence[int] = (),
    header: bool = True,
    right_to_left: bool = False,
    widths: Sequence[float] = (),
) -> None:
    """Write one sheet; `styles[i]` (PLAIN or TEXT) styles column i of every row but the
    header, which is bold (HEADER) and frozen when `header` is true. None or "" leaves a
    cell empty."""
    cols = "".join(
        f'<col min="{i}" max="{i}" width="{w:g}" customWidth="1"/>'
        for i, w in enumerate(widths, 1)
        if w
    )
    start = _SHEET_START.format(
        rtl=int(right_to_left),
        pane=_FROZEN_HEADER if header else "",
        cols=f"<cols>{cols}</cols>" if cols else "",
    )
    # The fastest deflate: a 100,000-row sheet is some 100 MB of XML, which level 6 takes
    # three times as long to pack for a file a fifth smaller.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        book.writestr("[Content_Types].xml", _CONTENT_TYPES)
        book.writestr("_rels/.rels", _ROOT_RELS)
        book.writestr("xl/workbook.xml", _WORKBOOK.format(name=quoteattr(text(sheet_name))))
        book.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        book.writestr("xl/styles.xml", _STYLES)
        with (
            book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet,
            _Behind(sheet.write) as write,
        ):
            write(start.encode())
            markup = _Markup(styles)
            numbered = enumerate(rows, 1)
            if header:
                for number, row in itertools.islice(numbered, 1):
                    write(markup.row(number, row, HEADER).encode())
            while batch := list(itertools.islice(numbered, _BATCH)):
                # One search a batch of rows for what needs escaping or keeping spaces;
                # most have neither, and their rows are written whole by the one
                # template for their shape (which of their cells are empty).
                plain = _plain(itertools.chain.from_iterable(r for _, r in batch))
                buffer: list[str] = []
                for number, row in batch:
                    values = list(filter(None, row))
                    if plain or _plain(values):
                        buffer += markup.template(row)(str(number), values)
                    else:
                        buffer.append(markup.row(number, row))
                write("".join(buffer).encode())
            write(_SHEET_END.encode())


# Rows searched, and written, at once.
_BATCH = 500


def _plain(values: Iterable[str | None]) -> bool:
    """Whether no value needs escaping or keeping its edge spaces (empty ones ignored)."""
    joined = _SEPARATOR.join(["", *filter(None, values), ""])
    return not (_SPECIAL.search(joined) or _EDGE_SPACE.search(joined))


class _Behind:
    """Writes handed to `write` on a thread of its own, in order, while the caller makes
    the next: the zip's deflate (half the time of a large sheet) lets go of the
    interpreter, so on two cores it runs beside the markup. Two writes at most wait;
    the first error is raised to the caller."""

    def __init__(self, write: Callable[[bytes], object]) -> None:
        self._write = write
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="xlsx-deflate")
        self._pending: collections.deque[Future[object]] = collections.deque()

    def __enter__(self) -> Callable[[bytes], None]:
        return self._put

    def _put(self, data: bytes) -> None:
        self._pending.append(self._pool.submit(self._write, data))
        if len(self._pending) > 2:
            self._pending.popleft().result()

    def __exit__(self, error: type[BaseException] | None, *_: object) -> None:
        try:
            while self._pending and error is None:
                self._pending.popleft().result()
        finally:
            self._pool.shutdown(cancel_futures=True)


# Joins the values of a batch of rows, or of one row, to search them at once; a value
# holding it can only make a row take the slower, cell-by-cell way, never be written
# wrong.
_SEPARATOR = "\ue000"
# A value starting or ending with a space (Excel trims those unless told to keep them),
# among values joined and enclosed by the separator: a pattern that starts with one
# character is found far faster than one that may start anywhere.
_EDGE_SPACE = re.compile(rf"{_SEPARATOR}(?:(?=\s)|(?<=\s{_SEPARATOR}))")


class _Markup:
    """Each cell's markup, made once per column (and per shape of row) rather than for
    each of a hundred thousand rows."""

    def __init__(self, styles: Sequence[int]) -> None:
        self._styles = styles
        self._before: list[str] = []  # up to the cell's row number
        self._after: dict[int, list[str]] = {}  # by style, from the row number to the value
        self._templates: dict[tuple[bool, ...], Callable[[str, list[str]], list[str]]] = {}

    def _cells(self, count: int, style: int | None) -> tuple[list[str], list[str]]:
        """The first `count` columns' markup before and after the row number, for cells
        of `style` (None: each column's own)."""
        before, after = self._before, self._after.setdefault(-1 if style is None else style, [])
        while len(before) < count:
            before.append(f'<c r="{column_letter(len(before))}')
        while len(after) < count:
            i = len(after)
            own = (
                style if style is not None else self._styles[i] if i < len(self._styles) else PLAIN
            )
            attrs = f' s="{own}"' if own else ""
            after.append(f'"{attrs} t="inlineStr"><is><t')
        return before, after

    def row(self, number: int, row: Sequence[str | None], style: int | None = None) -> str:
        """A row, cell by cell: each value escaped and its outer spaces kept as needed."""
        before, after = self._cells(len(row), style)
        cells = [f'<row r="{number}">']
        for i, value in enumerate(row):
            if not value:
                continue
            keep = value[0].isspace() or value[-1].isspace()
            cells.append(
                f"{before[i]}{number}{after[i]}{_PRESERVE if keep else ''}>"
                f"{text(value)}</t></is></c>"
            )
        cells.append("</row>")
        return "".join(cells)

    def template(self, row: Sequence[str | None]) -> Callable[[str, list[str]], list[str]]:
        """A row of this shape (its empty cells where these are), given its number (as
        text: made once, not for each cell) and its values, none of which needs escaping
        or keeping spaces; as pieces to join."""
        shape = tuple(map(bool, row))
        made = self._templates.get(shape)
        if made is None:
            made = self._template(shape)
            if len(self._templates) < 4096:  # a list with wildly varied gaps: not all kept
                self._templates[shape] = made
        return made

    def _template(self, shape: tuple[bool, ...]) -> Callable[[str, list[str]], list[str]]:
        before, after = self._cells(len(shape), None)
        full = [i for i, value in enumerate(shape) if value]
        # The row's number at 1 and at 3, 7, 11...; the values at 5, 9, 13...: filled in
        # by slices, which costs a third of str.format() with the same template.
        pieces: list[str] = ['<row r="', "", '">']
        for i in full:
            pieces[-1] += before[i]
            pieces += ["", f"{after[i]}>", "", "</t></is></c>"]
        pieces[-1] += "</row>"
        count = len(full)

        def made(number: str, values: list[str]) -> list[str]:
            line = pieces.copy()
            line[1] = number
            line[3::4] = [number] * count
            line[5::4] = values
            return line

        return made
