"""Importing national IDs from xlsx, xls and ods: rows, numbers, sheets and columns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from desktop.core.importing import (
    Ambiguous,
    ErrorCode,
    RowStatus,
    SpreadsheetError,
    load,
)
from desktop.core.importing.workbooks import sheet_rows
from tests.import_fixtures import DATA, ID1, ID2, ID3, ID4, ID5, ids, write_xlsx


@pytest.mark.parametrize("fmt", ["xlsx", "xls", "ods"])
def test_each_format_reads_the_same_rows(fmt: str) -> None:
    # Made by tests/data/make_import_fixtures.py (xls and ods by LibreOffice): an
    # instructions sheet first, then a title, a blank row and the header on row 3.
    result = load(DATA / f"import_sample.{fmt}", case_column="شماره پرونده")
    assert result.format == fmt
    assert (result.sheet, result.column, result.letter, result.header_row) == (
        "فهرست",
        "كد ملي",
        "C",
        3,
    )
    assert result.headers == ["ردیف", "نام", "كد ملي", "شماره پرونده"]
    got = [(r.row, r.national_id, r.status, r.reason, r.duplicate_of) for r in result.rows]
    assert got == [
        (4, ID1, RowStatus.VALID, None, None),
        (5, ID2, RowStatus.VALID, None, None),  # Persian digits
        (6, ID1, RowStatus.DUPLICATE, "duplicate", 4),  # the number 12345679
        (7, None, RowStatus.EMPTY, None, None),
        (8, None, RowStatus.INVALID, "check_digit", None),
        (9, None, RowStatus.INVALID, "scientific_notation", None),
        (10, ID1, RowStatus.DUPLICATE, "duplicate", 4),
    ]
    first = result.rows[0]
    assert first.cells == ["1", "مریم احمدی", ID1, "۱۴۰۳/۱۲"]  # numbers without ".0"
    assert first.case_reference == "۱۴۰۳/۱۲"
    assert result.rows[3].case_reference is None
    assert result.case_column == "شماره پرونده"
    s = result.summary
    assert (s.valid, s.invalid, s.duplicate, s.empty, s.total, s.quota) == (2, 2, 2, 1, 7, 2)
    assert s.reasons == {"duplicate": 2, "check_digit": 1, "scientific_notation": 1}
    assert [r.row for r in result.rejected] == [6, 8, 9, 10]
    assert [r.row for r in result.valid_rows] == [4, 5]


def test_password_protected_xlsx_is_named_as_such() -> None:
    # An encrypted xlsx is an OLE container, not a zip; made with msoffcrypto-tool.
    with pytest.raises(SpreadsheetError) as raised:
        load(DATA / "import_encrypted.xlsx")
    assert raised.value.code is ErrorCode.PASSWORD_PROTECTED


def test_numbers_keep_every_digit_and_lost_zeros_come_back(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "n.xlsx",
        {
            "S": [
                ["national id"],
                [int(ID2)],  # 84575948: the number a spreadsheet keeps
                [float(ID3)],  # a float with no fraction
                [12345679.5],  # a fraction: not an ID
                [12345678901.0],  # too long
                [1.23e9],  # ten digits, but not an ID
            ]
        },
    )
    rows = load(path).rows
    assert [r.raw for r in rows[:5]] == ["84575948", ID3, "12345679.5", "12345678901", "1230000000"]
    assert rows[0].national_id == ID2
    assert rows[1].national_id == ID3
    assert (rows[2].status, rows[2].reason) == (RowStatus.INVALID, "not_digits")
    assert (rows[3].status, rows[3].reason) == (RowStatus.INVALID, "wrong_length")
    assert (rows[4].status, rows[4].reason) == (RowStatus.INVALID, "check_digit")


def test_title_rows_above_the_header_are_not_rows(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "t.xlsx",
        {
            "S": [
                ["دادگاه خانواده شماره ۲ تهران"],
                ["فهرست استعلام", None, "۱۴۰۳/۰۵/۰۱"],
                [],
                ["ردیف", "نام و نام خانوادگی", "کد ملی"],
                [1, "الف", ID1],
                [2, "ب", ID3],
            ]
        },
    )
    result = load(path)
    assert result.header_row == 4
    assert [r.row for r in result.rows] == [5, 6]
    assert result.column == "کد ملی"


def test_a_title_that_mentions_the_column_is_not_the_header(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "t.xlsx",
        {"S": [["فهرست کد ملی افراد"], ["ردیف", "کد ملی متقاضی", "نام"], [1, ID1, "الف"]]},
    )
    result = load(path)
    assert (result.header_row, result.letter) == (2, "B")


def test_a_title_that_mentions_ids_above_unnamed_columns(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "t.xlsx",
        {"S": [["فهرست کد ملی افراد"], ["ردیف", "نام", "شماره"], [1, "الف", ID1], [2, "ب", ID3]]},
    )
    result = load(path)
    assert (result.letter, result.header_row, result.column) == ("C", 2, "شماره")


def test_without_a_header_the_content_decides(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", {"S": [[i, "نام", v] for i, v in enumerate(ids(6))]})
    result = load(path)
    assert (result.column, result.header_row, result.headers) == ("C", None, [])
    assert [r.row for r in result.rows] == [1, 2, 3, 4, 5, 6]
    assert result.summary.valid == 6


def test_without_an_id_header_the_row_above_the_first_id_is_the_header(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "h.xlsx",
        {"S": [["گزارش"], ["ردیف", "نام", "شماره"], [1, "الف", ID1], [2, "ب", ID3]]},
    )
    result = load(path)
    assert (result.column, result.header_row) == ("شماره", 2)
    assert [r.row for r in result.rows] == [3, 4]


def test_data_on_a_later_sheet(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "s.xlsx",
        {
            "خلاصه": [["تعداد", 3], ["تاریخ", "۱۴۰۳/۰۱/۰۱"]],
            "خالی": [],
            "داده": [["کد ملی", "نام"], [ID1, "الف"], [ID3, "ب"], [ID4, "پ"]],
        },
    )
    result = load(path)
    assert result.sheet == "داده"
    assert result.summary.valid == 3


def test_hidden_sheets_are_not_searched_but_can_be_named(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "h.xlsx",
        {"فهرست": [["کد ملی"], [ID1]], "پنهان": [["کد ملی"], [ID3]]},
        hidden=["پنهان"],
    )
    assert load(path).sheet == "فهرست"
    assert load(path, sheet="پنهان").rows[0].national_id == ID3


def test_two_sheets_with_id_columns_are_ambiguous(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {"تیر": [["کد ملی"], [ID1], [ID3]], "مرداد": [["کد ملی"], [ID4], [ID5]]},
    )
    with pytest.raises(Ambiguous) as raised:
        load(path)
    assert raised.value.code is ErrorCode.AMBIGUOUS
    found = [(c.sheet, c.letter, c.header, c.valid_share) for c in raised.value.candidates]
    assert found == [("تیر", "A", "کد ملی", 1.0), ("مرداد", "A", "کد ملی", 1.0)]
    assert raised.value.candidates[0].sample == (ID1, ID3)
    assert load(path, sheet="مرداد").rows[0].national_id == ID4
    assert load(path, sheet=2).sheet == "مرداد"  # by position


def test_two_id_columns_are_ambiguous_and_column_settles_it(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "a.xlsx",
        {"S": [["نام", "کد ملی", "کد ملی"], ["الف", ID1, ID3], ["ب", ID4, ID5]]},
    )
    with pytest.raises(Ambiguous) as raised:
        load(path)
    assert [c.letter for c in raised.value.candidates] == ["B", "C"]
    assert load(path, column="C").rows[0].national_id == ID3


def test_an_exact_header_beats_one_that_names_somebody_else(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "p.xlsx",
        {"S": [["کد ملی پدر", "کد ملی"], [ID1, ID3], [ID4, ID5]]},
    )
    result = load(path)
    assert result.letter == "B"
    assert [(c.letter, c.header_match) for c in result.candidates] == [("B", 2), ("A", 1)]


def test_two_unlabelled_id_columns_are_ambiguous(tmp_path: Path) -> None:
    a, b = ids(3), ids(3, start=200_000_000)
    path = write_xlsx(tmp_path / "u.xlsx", {"S": [["x", a[i], b[i]] for i in range(3)]})
    with pytest.raises(Ambiguous) as raised:
        load(path)
    assert [c.letter for c in raised.value.candidates] == ["B", "C"]


def test_a_column_of_mistyped_ids_without_header_is_ambiguous(tmp_path: Path) -> None:
    bad = ["0012345678", "0084575949", "1234567890"]  # ten digits, wrong check digits
    path = write_xlsx(tmp_path / "w.xlsx", {"S": [["نام", v] for v in bad]})
    with pytest.raises(Ambiguous) as raised:
        load(path)
    assert [(c.letter, c.valid_share) for c in raised.value.candidates] == [("B", 0.0)]
    assert load(path, column="B").summary.invalid == 3


def test_no_id_column(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "n.xlsx", {"S": [["نام", "تلفن"], ["الف", "09121234567"]]})
    with pytest.raises(SpreadsheetError) as raised:
        load(path)
    assert raised.value.code is ErrorCode.NO_ID_COLUMN


@pytest.mark.parametrize("spec", ["شماره", "C", "c", 3, "3", "۳"])
def test_explicit_column_by_header_letter_or_index(tmp_path: Path, spec: str | int) -> None:
    path = write_xlsx(
        tmp_path / "e.xlsx",
        {"S": [["عنوان"], ["ردیف", "کد ملی", "شماره"], [1, ID1, ID3], [2, ID4, ID5]]},
    )
    result = load(path, column=spec)
    assert (result.letter, result.header_row) == ("C", 2)
    assert [r.national_id for r in result.rows] == [ID3, ID5]
    assert result.candidates == ()


def test_explicit_column_header_spelled_with_arabic_letters(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "e.xlsx", {"S": [["نام", "شماره پيگيري"], ["الف", ID1]]})
    assert load(path, column="شماره پیگیری").letter == "B"


def test_explicit_column_missing(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "e.xlsx", {"S": [["کد ملی"], [ID1]]})
    for spec in ("آدرس", "D", 9):
        with pytest.raises(SpreadsheetError) as raised:
            load(path, column=spec)
        assert raised.value.code is ErrorCode.COLUMN_NOT_FOUND
    with pytest.raises(SpreadsheetError) as raised:
        load(path, case_column="آدرس")
    assert raised.value.code is ErrorCode.COLUMN_NOT_FOUND
    assert raised.value.details["which"] == "case_column"


def test_explicit_sheet_spelled_loosely_or_missing(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "e.xlsx", {"Data": [["کد ملی"], [ID1]], "کارکنان": [[ID3]]})
    assert load(path, sheet="data ").sheet == "Data"
    assert load(path, sheet="كاركنان").sheet == "کارکنان"  # Arabic kaf
    for spec in ("ب", 3, "0"):
        with pytest.raises(SpreadsheetError) as raised:
            load(path, sheet=spec)
        assert raised.value.code is ErrorCode.SHEET_NOT_FOUND
        assert raised.value.details["sheets"] == ["Data", "کارکنان"]


def test_explicit_column_by_name_across_sheets(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "x.xlsx",
        {"یک": [["نام"], ["الف"]], "دو": [["نام", "شماره"], ["ب", ID1]]},
    )
    assert load(path, column="شماره").sheet == "دو"


def test_case_reference_by_letter(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "c.xlsx", {"S": [["کد ملی", "پرونده"], [ID1, " ۱۲/۳ "]]})
    result = load(path, case_column="B")
    assert result.rows[0].case_reference == "۱۲/۳"
    assert result.case_column == "پرونده"


def test_rows_keep_their_numbers_across_gaps(tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "g.xlsx",
        {"S": [["کد ملی", "نام"], [ID1, "الف"], [], [None, "بدون کد"], [], [ID3, "ب"]]},
    )
    rows = load(path).rows
    assert [(r.row, r.status, r.reason) for r in rows] == [
        (2, RowStatus.VALID, None),
        (3, RowStatus.EMPTY, None),
        (4, RowStatus.INVALID, "empty"),  # a name without an ID is not skipped
        (5, RowStatus.EMPTY, None),
        (6, RowStatus.VALID, None),
    ]


@pytest.mark.parametrize(
    "header",
    [
        "کد ملی",
        "كد ملي",  # Arabic kaf and yeh
        "کد‌ملی",  # ZWNJ
        "کدملی",
        "شماره ملی",
        " کد  ملی ",
        "national id",
        "National_ID",
        "NationalCode",
        "NATIONAL CODE",
        "code melli",
        "Code-Meli",
    ],
)
def test_id_headers_in_either_language(tmp_path: Path, header: str) -> None:
    # The ID column is second and a decoy column of valid IDs third: only the header
    # can pick the right one.
    path = write_xlsx(
        tmp_path / "h.xlsx", {"S": [["ردیف", header, "سایر"], [1, ID1, ID3], [2, ID4, ID5]]}
    )
    assert load(path).letter == "B"


@pytest.mark.parametrize(
    "cells",
    [
        {},  # an empty sheet
        {"A1": "x"},
        {"C5": "a", "E7": 3.5, "D9": "x"},  # empty rows above and columns to the left
        {"A4": "a", "B6": True},  # empty rows above only
        {"C1": "a", "D2": 12345678.0},  # empty columns to the left only
        {"B2": dt.date(2024, 3, 20), "C3": dt.datetime(2024, 3, 20, 8, 30), "D4": "آ"},
    ],
)
def test_rows_made_one_by_one_are_the_parsers_whole_sheet(
    tmp_path: Path, cells: dict[str, object]
) -> None:
    # What the import reads row by row (so the window is not held) must be what calamine
    # gives for the whole sheet from A1, cell for cell and type for type.
    book = openpyxl.Workbook()
    for ref, value in cells.items():
        book.active[ref] = value
    book.save(tmp_path / "s.xlsx")
    sheet = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "s.xlsx")).get_sheet_by_index(
        0
    )
    whole = sheet.to_python(skip_empty_area=False)
    made = list(sheet_rows(sheet))
    assert made == whole
    assert [[type(c) for c in r] for r in made] == [[type(c) for c in r] for r in whole]


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_rows_made_one_by_one_in_the_other_formats(fmt: str) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(DATA / f"import_sample.{fmt}"))
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        assert list(sheet_rows(sheet)) == sheet.to_python(skip_empty_area=False)
