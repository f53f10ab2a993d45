"""Spreadsheets and text files for the import tests, written into a temporary directory."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from desktop.core.national_id import with_check_digit

DATA = Path(__file__).parent / "data"

# Valid IDs; the second has two leading zeros a numeric cell would drop.
ID1 = "0012345679"
ID2 = "0084575948"
ID3 = with_check_digit("123456789")
ID4 = with_check_digit("987654321")
ID5 = with_check_digit("555000111")


def ids(n: int, start: int = 100_000_000) -> list[str]:
    return [with_check_digit(f"{start + i:09d}") for i in range(n)]


def write_xlsx(
    path: Path, sheets: dict[str, Sequence[Sequence[Any]]], hidden: Iterable[str] = ()
) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path


def write_text(path: Path, rows: Sequence[Sequence[str]], sep: str, encoding: str) -> Path:
    text = "\r\n".join(sep.join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_raw_xlsx(path: Path, rows: int, *, prefix: str = "", last_row: int = 0) -> Path:
    """A minimal xlsx with `rows` one-cell rows and no dimension element, written directly
    (openpyxl would take seconds for a million rows). `prefix` namespaces the sheet's
    elements, as some generators do (x:row); `last_row` renumbers the last row."""
    p = f"{prefix}:" if prefix else ""
    ns = f' xmlns:{prefix}="{MAIN_NAMESPACE}"' if prefix else f' xmlns="{MAIN_NAMESPACE}"'
    numbers = [*range(1, rows), last_row or rows]
    body = "".join(
        f'<{p}row r="{i}"><{p}c r="A{i}"><{p}v>1</{p}v></{p}c></{p}row>' for i in numbers
    )
    sheet = f"<{p}worksheet{ns}><{p}sheetData>{body}</{p}sheetData></{p}worksheet>"
    return write_sheet_xlsx(path, sheet)


def write_sheet_xlsx(path: Path, sheet: str) -> Path:
    """A minimal xlsx whose one sheet ("Big") is the XML given, as it is."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _ROOT_RELS)
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


MAIN_NAMESPACE = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_TYPES}.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NAMESPACE}" xmlns:r="{_REL}">'
    '<sheets><sheet name="Big" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
