"""Importing from CSV, tab-separated text and the clipboard: encodings and separators."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.digits import to_latin_digits
from desktop.core.importing import Ambiguous, RowStatus, from_text, load
from tests.import_fixtures import ID1, ID2, ID3, write_text

ROWS = [
    ["ردیف", "نام", "کد ملی"],
    ["1", "مریم احمدی", ID1],
    ["2", "علی رضایی", "۰۰۸۴۵۷۵۹۴۸"],
    ["3", "زهرا کریمی", "12345679"],
]


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8"),  # with a BOM, as Excel saves "CSV UTF-8"
        ("utf-16", "utf-16-le"),  # BOM + little-endian, Excel's "Unicode text"
        ("utf-16-be", "utf-16-be"),
        ("cp1256", "cp1256"),  # Persian-locale "CSV"
    ],
)
def test_encodings(tmp_path: Path, encoding: str, reported: str) -> None:
    path = tmp_path / "list.csv"
    text = "\r\n".join(",".join(row) for row in ROWS)
    if encoding == "cp1256":
        # It has neither the Persian yeh nor Persian digits.
        text = to_latin_digits(text).replace("ی", "ي")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    result = load(path)
    assert (result.encoding, result.format, result.separator) == (reported, "csv", ",")
    assert result.headers == ["ردیف", "نام", "کد ملی"]
    assert [r.national_id for r in result.rows] == [ID1, ID2, ID1]
    assert result.rows[0].cells == ["1", "مریم احمدی", ID1]


def test_windows_1256_arabic_letters_become_persian(tmp_path: Path) -> None:
    # Windows-1256 has no Persian yeh; programs write the Arabic one (and Arabic kaf).
    path = tmp_path / "w.csv"
    path.write_bytes("كد ملي;نام\r\n0012345679;علي كريمي\r\n".encode("cp1256"))
    result = load(path)
    assert result.encoding == "cp1256"
    assert result.column == "کد ملی"
    assert result.rows[0].cells == [ID1, "علی کریمی"]


@pytest.mark.parametrize(("sep", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_separators(tmp_path: Path, sep: str, name: str) -> None:
    path = write_text(tmp_path / f"{name}.txt", ROWS, sep, "utf-8")
    result = load(path)
    assert result.separator == sep
    assert result.letter == "C"
    assert result.summary.valid == 2 and result.summary.duplicate == 1


def test_semicolons_win_over_commas_inside_values(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        f"نام;مبلغ;کد ملی\nالف;1,200;{ID1}\nب;3,400,000;{ID3}\nپ;5;{ID2}\n", encoding="utf-8"
    )
    result = load(path)
    assert result.separator == ";"
    assert result.rows[1].cells == ["ب", "3,400,000", ID3]


def test_quoted_fields_keep_their_separators(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text(f'name,national id\n"Ahmadi, Maryam",{ID1}\n"Rezaei, Ali",{ID3}\n')
    result = load(path)
    assert [r.cells for r in result.rows] == [["Ahmadi, Maryam", ID1], ["Rezaei, Ali", ID3]]


def test_title_lines_in_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(f"فهرست استعلام\n\nردیف,کد ملی\n1,{ID1}\n2,{ID3}\n", encoding="utf-8")
    result = load(path)
    assert (result.header_row, [r.row for r in result.rows]) == (3, [4, 5])


def test_a_csv_named_xls_is_read_by_its_content(tmp_path: Path) -> None:
    path = write_text(tmp_path / "portal-export.xls", ROWS, "\t", "utf-16")
    result = load(path)
    assert (result.format, result.separator) == ("csv", "\t")


def test_single_column_file_without_header(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text(f"{ID1}\n{ID3}\n\n0012345678\n", encoding="utf-8")
    result = load(path)
    assert (result.separator, result.column, result.header_row) == (None, "A", None)
    assert [(r.row, r.status) for r in result.rows] == [
        (1, RowStatus.VALID),
        (2, RowStatus.VALID),
        (3, RowStatus.EMPTY),
        (4, RowStatus.INVALID),
    ]


def test_from_text_a_pasted_column() -> None:
    result = from_text(f"{ID1}\r\n۰۰۸۴۵۷۵۹۴۸\r\n12345679\r\n1.23E+09\r\n")
    assert result.format == "text"
    assert result.sheet is None
    assert [(r.row, r.national_id, r.status, r.reason) for r in result.rows] == [
        (1, ID1, RowStatus.VALID, None),
        (2, ID2, RowStatus.VALID, None),
        (3, ID1, RowStatus.DUPLICATE, "duplicate"),
        (4, None, RowStatus.INVALID, "scientific_notation"),
    ]


def test_from_text_a_single_id() -> None:
    assert from_text(ID1).rows[0].national_id == ID1


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        ("0012345678\n0084575949\n", ["check_digit", "check_digit"]),
        ("123", ["wrong_length"]),
        ("علی\n۱۲", ["not_digits", "wrong_length"]),
    ],
)
def test_from_text_a_pasted_column_is_the_id_column_whatever_it_holds(
    text: str, reasons: list[str]
) -> None:
    result = from_text(text)
    assert [r.reason for r in result.rows] == reasons


def test_from_text_ids_pasted_in_a_row_are_ambiguous() -> None:
    with pytest.raises(Ambiguous):
        from_text(f"{ID1},{ID3}")


def test_from_text_cells_copied_from_a_spreadsheet() -> None:
    # Spreadsheet programs put tabs between cells and quote cells with line breaks.
    text = f'نام\tکد ملی\tپرونده\r\n"مریم\nاحمدی"\t{ID1}\t۱۲\r\nعلی\t{ID3}\t۱۳\r\n'
    result = from_text(text, case_column="پرونده")
    assert result.separator == "\t"
    assert [(r.row, r.national_id, r.case_reference) for r in result.rows] == [
        (2, ID1, "۱۲"),
        (3, ID3, "۱۳"),
    ]
    assert result.rows[0].cells[0] == "مریم\nاحمدی"


def test_from_text_explicit_column() -> None:
    assert from_text(f"a,b\n{ID1},{ID3}\n", column="b").rows[0].national_id == ID3


def test_short_rows_are_padded(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(f"کد ملی,نام,توضیح\n{ID1}\n{ID3},ب,پ\n", encoding="utf-8")
    assert [r.cells for r in load(path).rows] == [[ID1, "", ""], [ID3, "ب", "پ"]]


def test_a_one_column_file_of_mistyped_ids_is_that_column(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("0012345678\n0084575949\nنامعلوم\n", encoding="utf-8")
    assert [r.reason for r in load(path).rows] == ["check_digit", "check_digit", "not_digits"]
