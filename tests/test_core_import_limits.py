"""Spreadsheets that would make the parser allocate without bound: refused with a clear
sentence, or read in a process of its own; the importing process always survives.

Each file is imported in a subprocess under a 3 GiB address-space cap, as the app
would meet it, so that a file that aborts the interpreter fails its test instead of
taking the test run down."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.core.importing.source import MAX_CELLS
from tests.conftest import REPO_ROOT
from tests.import_fixtures import MAIN_NAMESPACE, write_sheet_xlsx

ID = "0012345679"


def cell(ref: str, text: str = ID) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def write_xlsx(path: Path, dimension: str, rows: str) -> Path:
    return write_sheet_xlsx(
        path,
        f'<worksheet xmlns="{MAIN_NAMESPACE}">{dimension}<sheetData>{rows}</sheetData></worksheet>',
    )


IMPORT = """
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
from desktop.core.importing import SpreadsheetError, load
if __name__ == "__main__":
    try:
        result = load(sys.argv[1])
        print(json.dumps({"rows": len(result.rows), "valid": result.summary.valid}))
    except SpreadsheetError as error:
        print(json.dumps({"code": error.code.value, "message": error.message,
                          "details": sorted(error.details)}))
"""


def import_apart(path: Path) -> dict[str, object]:
    """load(path) in a subprocess: its answer, or its exit status if it died."""
    done = subprocess.run(
        [sys.executable, "-c", IMPORT, str(path)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"the import died ({done.returncode}): {done.stderr[-500:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


FAR_CORNER = f'<row r="1">{cell("A1")}</row><row r="1048576">{cell("XFD1048576", "x")}</row>'
FAR_RIGHT = f'<row r="1">{cell("A1")}</row><row r="100000">{cell("XFD100000", "x")}</row>'
# Rows numbered in order, but a cell placed far below its row by its own reference.
HIDDEN_DEEP = f'<row r="1">{cell("A1")}</row><row r="2">{cell("XFD150000", "x")}</row>'


@pytest.mark.parametrize(
    ("dimension", "rows", "code"),
    [
        ("", FAR_CORNER, "too_many_rows"),
        ('<dimension ref="A1:B2"/>', FAR_CORNER, "too_many_rows"),  # the 4.7 KB crash
        ("", FAR_RIGHT, "too_large"),
        ('<dimension ref="A1"/>', FAR_RIGHT, "too_large"),
        ('<dimension ref="A1:A2"/>', HIDDEN_DEEP, "too_large"),
    ],
    ids=["corner-no-dimension", "corner-lying", "right-no-dim", "right-lying", "hidden-deep"],
)
def test_a_cell_far_out_is_refused_before_the_parser_sees_it(
    tmp_path: Path, dimension: str, rows: str, code: str
) -> None:
    answer = import_apart(write_xlsx(tmp_path / "far.xlsx", dimension, rows))
    assert answer.get("code") == code, answer
    if code == "too_large":
        assert {"rows", "columns"} <= set(answer["details"])  # for the clerk's sentence
        assert f"{MAX_CELLS:,}" in str(answer["message"])


def test_cells_without_references_are_read_apart(tmp_path: Path) -> None:
    # The parser places unreferenced cells by counting: one row of 16,384 cells over
    # 100,000 rows is 1.6 billion cells. No cheap bound, so it is read in a process of
    # its own, which dies of it; the importing process reports the file.
    wide = "<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * 16_384 + "</row>"
    rows = wide + f'<row><c t="inlineStr"><is><t>{ID}</t></is></c></row>' * 100_000
    answer = import_apart(write_xlsx(tmp_path / "counted.xlsx", "", rows))
    assert answer.get("code") in ("corrupt", "too_large"), answer
    if answer["code"] == "corrupt":
        assert "reader" in answer["details"]


def test_an_ods_with_repeated_cells_is_read_apart(tmp_path: Path) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="Sheet1"><table:table-row>'
        f"<table:table-cell><text:p>{ID}</text:p></table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="16383"><text:p>x</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    path = tmp_path / "repeated.ods"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        book.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    answer = import_apart(path)
    assert answer.get("code") in ("corrupt", "too_large", "too_many_rows"), answer


def test_a_wide_sheet_within_the_limits_still_imports(tmp_path: Path) -> None:
    from desktop.core.importing.labels import column_letter

    header = "".join(cell(f"{column_letter(i)}1", f"col {i}") for i in range(60))
    header = header.replace(cell("C1", "col 2"), cell("C1", "کد ملی"))
    body = "".join(
        f'<row r="{r}">{cell(f"A{r}", str(r))}{cell(f"C{r}")}{cell(f"BH{r}", "far")}</row>'
        for r in range(2, 502)
    )
    answer = import_apart(
        write_xlsx(tmp_path / "wide.xlsx", "", f'<row r="1">{header}</row>{body}')
    )
    assert answer == {"rows": 500, "valid": 1}  # one ID, the rest its duplicates


def test_a_text_file_with_one_endless_line_is_refused(tmp_path: Path) -> None:
    # Every row is padded to the widest: 200,000 rows of 100,000 cells would be 20 billion.
    path = tmp_path / "wide.csv"
    path.write_text("," * 100_000 + "\n" + f"{ID},x\n" * 200_000, encoding="utf-8")
    answer = import_apart(path)
    assert answer.get("code") == "too_large", answer
    assert {"rows", "columns"} <= set(answer["details"])
