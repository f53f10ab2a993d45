"""Files that cannot be imported: each is refused with its own code, never a crash."""

from __future__ import annotations

import contextlib
import random
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from desktop.core.importing import (
    ErrorCode,
    SpreadsheetError,
    TooManyRows,
    from_text,
    load,
    workbooks,
)
from tests.import_fixtures import DATA, ID1, write_raw_xlsx, write_xlsx

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


def _code(path: Path, **kwargs: object) -> ErrorCode:
    with pytest.raises(SpreadsheetError) as raised:
        load(path, **kwargs)  # type: ignore[arg-type]
    assert str(raised.value)  # a sentence for logs and the command line
    return raised.value.code


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "e.xlsx").write_bytes(b"")
    (tmp_path / "e.csv").write_bytes(b"\xef\xbb\xbf\r\n  \r\n")  # BOM and blank lines
    assert _code(tmp_path / "e.xlsx") is ErrorCode.EMPTY_FILE
    assert _code(tmp_path / "e.csv") is ErrorCode.EMPTY_FILE


def test_workbook_without_rows(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "w.xlsx", {"S": [], "T": []})
    assert _code(path) is ErrorCode.EMPTY_FILE


def test_header_without_data_imports_nothing(tmp_path: Path) -> None:
    result = load(write_xlsx(tmp_path / "h.xlsx", {"S": [["کد ملی", "نام"]]}))
    assert (result.rows, result.summary.total, result.header_row) == ([], 0, 1)


@pytest.mark.parametrize(
    ("content", "kind"),
    [(PNG, "png"), (PDF, "pdf"), (b"GIF89a" + bytes(20), "gif"), (b"\xff\xd8\xff\xe0", "jpeg")],
)
def test_not_a_spreadsheet_renamed(tmp_path: Path, content: bytes, kind: str) -> None:
    for name in ("x.xlsx", "x.csv"):
        (tmp_path / name).write_bytes(content)
        with pytest.raises(SpreadsheetError) as raised:
            load(tmp_path / name)
        assert raised.value.code is ErrorCode.NOT_A_SPREADSHEET
        assert raised.value.details["kind"] == kind


def test_other_zip_and_office_files(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "doc.xlsx", "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    with zipfile.ZipFile(tmp_path / "plain.xlsx", "w") as zf:
        zf.writestr("readme.txt", "hello")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(500)
    (tmp_path / "old.xls").write_bytes(ole)
    (tmp_path / "page.xls").write_text("<html><body><table><tr><td>1</td></tr></table>")
    for name, kind in [("doc", "docx"), ("plain", "zip"), ("old", "ole"), ("page", "html")]:
        path = next(tmp_path.glob(f"{name}.*"))
        with pytest.raises(SpreadsheetError) as raised:
            load(path)
        assert (raised.value.code, raised.value.details["kind"]) == (
            ErrorCode.NOT_A_SPREADSHEET,
            kind,
        )


def test_truncated_xlsx_is_corrupt(tmp_path: Path) -> None:
    whole = write_xlsx(tmp_path / "w.xlsx", {"S": [["کد ملی"], [ID1]]}).read_bytes()
    for cut in (10, len(whole) // 3, len(whole) // 2, len(whole) - 30):
        path = tmp_path / f"cut{cut}.xlsx"
        path.write_bytes(whole[:cut])
        assert _code(path) is ErrorCode.CORRUPT


def test_damaged_files_raise_only_spreadsheet_errors(tmp_path: Path) -> None:
    # Flipped bytes anywhere in real files of each format: whatever the parser makes of
    # them, the caller sees a SpreadsheetError or a result, nothing else.
    rng = random.Random(11)
    for source in ("import_sample.xlsx", "import_sample.xls", "import_sample.ods"):
        whole = (DATA / source).read_bytes()
        for i in range(15):
            data = bytearray(whole)
            for _ in range(8):
                data[rng.randrange(len(data))] = rng.randrange(256)
            path = tmp_path / f"{i}-{source}"
            path.write_bytes(bytes(data))
            with contextlib.suppress(SpreadsheetError):
                load(path)


def test_password_protected_xls_style_container(tmp_path: Path) -> None:
    # What Office writes for an encrypted xlsx: an OLE file with an EncryptedPackage.
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le")
    (tmp_path / "p.xlsx").write_bytes(ole + bytes(1000))
    assert _code(tmp_path / "p.xlsx") is ErrorCode.PASSWORD_PROTECTED
    assert _code(DATA / "import_encrypted.xlsx") is ErrorCode.PASSWORD_PROTECTED


@pytest.mark.parametrize(
    "content",
    [
        f"کد ملی\n{ID1}\n".encode() + b"\x00\x00\x00\x01\x02",  # NUL bytes
        bytes(range(256)) * 4,  # undecodable, and control characters in any encoding
        b"\xff\xfe" + "کد ملی\n".encode("utf-16-le") + b"\x00\xd8",  # UTF-16 cut mid-pair
        "کد ملی\n0012345679\n".encode("utf-16-le"),  # UTF-16 without its BOM
    ],
)
def test_binary_junk_in_text(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "j.csv").write_bytes(content)
    assert _code(tmp_path / "j.csv") is ErrorCode.BINARY_JUNK


def test_binary_junk_pasted() -> None:
    with pytest.raises(SpreadsheetError) as raised:
        from_text("0012345679\x00\x00")
    assert raised.value.code is ErrorCode.BINARY_JUNK


def test_missing_and_unreadable(tmp_path: Path) -> None:
    assert _code(tmp_path / "nope.xlsx") is ErrorCode.FILE_NOT_FOUND
    assert _code(tmp_path) is ErrorCode.UNREADABLE  # a directory


def test_a_million_line_csv_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_bytes(b"national id\n" + b"0012345679\n" * 1_000_000)
    started = time.perf_counter()
    with pytest.raises(TooManyRows) as raised:
        load(path)
    assert time.perf_counter() - started < 2
    assert raised.value.code is ErrorCode.TOO_MANY_ROWS
    assert raised.value.details["limit"] == 200_000


def test_limit_counts_data_rows_not_title_rows(tmp_path: Path) -> None:
    lines = ["عنوان", "", "کد ملی"] + [ID1] * 50
    path = tmp_path / "l.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert load(path, max_rows=50).summary.total == 50
    with pytest.raises(TooManyRows):
        load(path, max_rows=49)
    with pytest.raises(TooManyRows):
        from_text("\n".join(lines), max_rows=49)


@pytest.fixture
def sheets_must_not_load(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make loading a sheet fail the test: the checks must refuse before it."""
    monkeypatch.setattr(workbooks.python_calamine.CalamineWorkbook, "get_sheet_by_name", None)


@pytest.mark.parametrize("prefix", ["", "x"])
def test_a_huge_xlsx_sheet_is_refused_before_it_is_loaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, prefix: str
) -> None:
    path = write_raw_xlsx(tmp_path / "big.xlsx", 2_000, prefix=prefix)
    with monkeypatch.context() as patch:
        patch.setattr(workbooks.python_calamine.CalamineWorkbook, "get_sheet_by_name", None)
        with pytest.raises(TooManyRows) as raised:
            load(path, max_rows=1_000)
    assert raised.value.details["sheet"] == "Big"
    assert load(path, column="A", max_rows=2_000).summary.total == 2_000


def test_the_default_limit_on_a_real_million_row_xlsx(
    tmp_path: Path, sheets_must_not_load: None
) -> None:
    path = write_raw_xlsx(tmp_path / "million.xlsx", 1_000_000)
    started = time.perf_counter()
    with pytest.raises(TooManyRows):
        load(path)
    assert time.perf_counter() - started < 2


def test_a_stray_cell_far_down_is_refused_before_loading(
    tmp_path: Path, sheets_must_not_load: None
) -> None:
    # The parser would allocate every cell up to it: hundreds of gigabytes for a cell in
    # the last row and column (the process would abort, not raise).
    far = openpyxl.Workbook()
    far.active.append(["کد ملی"])
    far.active.append([ID1])
    far.active["XFD1048576"] = " "
    far.save(tmp_path / "far.xlsx")  # openpyxl writes the dimension, as Excel does
    write_raw_xlsx(tmp_path / "raw.xlsx", 3, last_row=900_000)  # no dimension
    for name in ("far.xlsx", "raw.xlsx"):
        with pytest.raises(TooManyRows) as raised:
            load(tmp_path / name)
        assert raised.value.details["last_row"] in (1_048_576, 900_000)
        assert "it reaches row" in str(raised.value)


def test_a_stray_cell_far_right_is_refused_before_loading(
    tmp_path: Path, sheets_must_not_load: None
) -> None:
    wide = openpyxl.Workbook()
    for _ in range(1_000):
        wide.active.append([ID1])
    wide.active["XFD1"] = "x"
    wide.save(tmp_path / "wide.xlsx")
    with pytest.raises(SpreadsheetError) as raised:
        load(tmp_path / "wide.xlsx")
    assert raised.value.code is ErrorCode.TOO_LARGE
    assert (raised.value.details["rows"], raised.value.details["columns"]) == (1_000, 16_384)


def test_sheet_row_limit_for_formats_without_an_early_count(tmp_path: Path) -> None:
    with pytest.raises(TooManyRows):
        load(DATA / "import_sample.ods", max_rows=1)
