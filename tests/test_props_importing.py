"""Round trips through the spreadsheet importers, over generated rows (hypothesis).

Rows of national IDs (valid, written with Persian or Arabic-Indic digits, with noise,
with lost leading zeros, or wrong in one named way), Persian and Latin text, numbers and
empty cells are written as CSV in several encodings, tab-separated text, pasted text and
xlsx; the import must give every row back, in order, with the normalised ID or the
reason it was rejected. Malformed files must give SpreadsheetError and nothing else.
"""

from __future__ import annotations

import csv
import io
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from desktop.core.importing import RowStatus, SpreadsheetError, from_text, load
from desktop.core.national_id import Invalid, with_check_digit

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HEADER = ["کد ملی", "نام", "مبلغ"]
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LETTERS = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیabcxyz"
# A few IDs, so that duplicates come up.
POOL = [with_check_digit(n) for n in ("001234567", "008457594", "123456789", "498765432")]


@dataclass(frozen=True)
class IdCell:
    text: str  # as written in a text file (an xlsx may store `number` instead)
    national_id: str | None  # the expected normalised ID, when valid
    reason: str | None  # the expected rejection code, when invalid
    number: int | None = None  # the same ID as a number cell, for xlsx


@st.composite
def id_cells(draw: st.DrawFn, latin_only: bool = False) -> IdCell:
    kind = draw(
        st.sampled_from(
            [
                "valid",
                "valid",
                "spelled",
                "short",
                "checksum",
                "length",
                "letters",
                "scientific",
                "fraction",
                "repeated",
                "empty",
            ]
        )
    )
    v = draw(st.sampled_from(POOL))
    if kind == "valid":
        return IdCell(v, v, None, int(v))
    if kind == "spelled":
        sets = ["0123456789"] if latin_only else ["0123456789", PERSIAN_DIGITS, ARABIC_DIGITS]
        digits = "".join(draw(st.sampled_from(sets))[int(d)] for d in v)
        # Windows-1256 has ZWNJ and the bidi marks, but not the embeddings.
        noise = st.text(" \u200c\u200e\u200f-" + ("" if latin_only else "\u202b\u2067"), max_size=2)
        return IdCell(draw(noise) + digits + draw(noise), v, None)
    if kind == "short":  # an ID stored as a number lost its leading zeros
        number = v.lstrip("0")
        if len(number) in (8, 9):
            return IdCell(number + draw(st.sampled_from(["", ".0"])), v, None, int(number))
        return IdCell(number, v if len(number) == 10 else None, None, int(number))
    if kind == "checksum":
        wrong = next(v[:9] + d for d in "0123456789" if v[:9] + d != v)
        return IdCell(wrong, None, Invalid.CHECKSUM.value)
    if kind == "length":
        digits = draw(
            st.text("0123456789", min_size=1, max_size=7)
            | st.text("0123456789", min_size=11, max_size=14)
        )
        return IdCell(digits, None, Invalid.LENGTH.value)
    if kind == "letters":
        return IdCell(v[:4] + draw(st.sampled_from("abxآب")) + v[4:], None, "not_digits")
    if kind == "scientific":
        return IdCell("1.23E+9", None, Invalid.SCIENTIFIC.value)
    if kind == "fraction":
        return IdCell(v[2:] + ".5", None, Invalid.NOT_DIGITS.value)
    if kind == "repeated":
        return IdCell(draw(st.sampled_from("0123456789")) * 10, None, Invalid.REPEATED.value)
    return IdCell("", None, Invalid.EMPTY.value)


names = st.text(LETTERS + " \u200c", max_size=12)
amounts = (
    st.none()
    | st.integers(-(10**6), 10**9)
    | st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 2))
)


@st.composite
def tables(draw: st.DrawFn, latin_only: bool = False) -> list[tuple[IdCell, str, object]]:
    rows = draw(st.lists(st.tuples(id_cells(latin_only), names, amounts), max_size=25))
    # The last row holds something: a file's trailing empty rows are not part of it.
    return [*rows, (IdCell(POOL[0], POOL[0], None, int(POOL[0])), "آخر", 1)]


def amount_text(amount: object) -> str:
    return "" if amount is None else str(amount)


def check(result, rows: list[tuple[IdCell, str, object]], *, number_cells: bool = False) -> None:
    """Every row back in order, with its ID or its reason, and duplicates pointing to the
    first row with the same ID."""
    assert result.column_index == 0 and result.header_row == 1
    assert [r.row for r in result.rows] == list(range(2, len(rows) + 2))
    first: dict[str, int] = {}
    for got, (cell, name, amount) in zip(result.rows, rows, strict=True):
        assert got.cells[1] == name
        if not number_cells:
            assert got.raw == cell.text
            assert got.cells[2] == amount_text(amount)
        if cell.national_id is not None:
            assert got.national_id == cell.national_id, got
            if cell.national_id in first:
                assert got.status is RowStatus.DUPLICATE
                assert got.duplicate_of == first[cell.national_id]
            else:
                assert got.status is RowStatus.VALID
                first[cell.national_id] = got.row
        elif cell.reason == Invalid.EMPTY.value and not name.strip() and amount is None:
            assert got.status is RowStatus.EMPTY, got
        else:
            assert got.status is RowStatus.INVALID, got
            assert got.reason == cell.reason, got
    summary = result.summary
    assert summary.total == len(rows)
    assert summary.valid == len(first)
    rejected = [r for r in result.rows if r.status in (RowStatus.INVALID, RowStatus.DUPLICATE)]
    assert result.rejected == rejected
    assert len(rejected) == summary.invalid + summary.duplicate


def write_csv(rows, path: Path, encoding: str, delimiter: str) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([c.text, name, amount_text(a)] for c, name, a in rows)
    text = out.getvalue()
    if encoding == "cp1256":
        # Windows-1256 has no Persian yeh; programs write the Arabic one, which the
        # importer reads back as Persian.
        text = text.replace("ی", "ي")
    path.write_bytes(text.encode(encoding))


@FAST
@given(
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"]).flatmap(
        lambda enc: st.tuples(st.just(enc), tables(latin_only=enc == "cp1256"))
    ),
    st.sampled_from([",", ";", "\t"]),
)
def test_csv_round_trip(case: tuple[str, list], delimiter: str) -> None:
    encoding, rows = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.csv"
        write_csv(rows, path, encoding, delimiter)
        result = load(path, column=HEADER[0])
    assert result.format == "csv"
    assert result.separator == delimiter
    check(result, rows)


@FAST
@given(tables())
def test_pasted_text_round_trip(rows: list) -> None:
    lines = ["\t".join(HEADER)] + ["\t".join([c.text, name, amount_text(a)]) for c, name, a in rows]
    result = from_text("\n".join(lines) + "\n", column=HEADER[0])
    assert result.format == "text"
    check(result, rows)


@FAST
@given(tables(), st.booleans())
def test_xlsx_round_trip(rows: list, as_numbers: bool) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "فهرست"
    sheet.append(HEADER)
    for cell, name, amount in rows:
        value = cell.number if as_numbers and cell.number is not None else cell.text
        sheet.append([value or None, name or None, amount])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "list.xlsx"
        book.save(path)
        result = load(path, column=HEADER[0])
    assert result.format == "xlsx" and result.sheet == "فهرست"
    check(result, rows, number_cells=True)


def _load_or_refuse(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"file{suffix}"
        path.write_bytes(data)
        try:
            load(path)
        except SpreadsheetError as exc:
            assert exc.code and exc.message
            return


@FAST
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx", ".txt"]))
@example(b"\xef\xbb\xbf\xff\xfe", ".csv")
@example(b"\xff\xfe\x00\xd8", ".csv")  # UTF-16 with a lone surrogate
@example(b"PK\x05\x06" + bytes(18), ".xlsx")
def test_arbitrary_bytes_import_or_give_spreadsheet_error(data: bytes, suffix: str) -> None:
    _load_or_refuse(data, suffix)


def _small_xlsx() -> bytes:
    out = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    book.active.append([POOL[0], "نام", 1])
    book.save(out)
    return out.getvalue()


# Made once: openpyxl stamps the time into each file it writes.
SMALL_XLSX = _small_xlsx()


@st.composite
def damaged_xlsx(draw: st.DrawFn) -> bytes:
    data = bytearray(SMALL_XLSX)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        data = data[: draw(st.integers(4, len(data)))]
    return bytes(data)


@FAST
@given(damaged_xlsx())
def test_damaged_xlsx_gives_spreadsheet_error(data: bytes) -> None:
    _load_or_refuse(data, ".xlsx")


@FAST
@given(st.text(max_size=400))
def test_arbitrary_pasted_text_imports_or_gives_spreadsheet_error(text: str) -> None:
    try:
        from_text(text)
    except SpreadsheetError as exc:
        assert exc.code and exc.message


def test_zip_without_a_workbook_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "hi")
    try:
        load(path)
    except SpreadsheetError as exc:
        assert exc.code == "not_a_spreadsheet"
    else:
        raise AssertionError("a zip without a workbook was imported")
