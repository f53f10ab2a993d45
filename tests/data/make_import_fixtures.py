"""Regenerate the spreadsheet fixtures of tests/test_core_import_formats.py.

Needs openpyxl, msoffcrypto-tool and LibreOffice (`soffice`); none of them is needed to
run the tests, which use the files this writes:

    python tests/data/make_import_fixtures.py
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from msoffcrypto.format.ooxml import OOXMLFile

HERE = Path(__file__).parent

# A workbook as a clerk gets it: an instructions sheet first, then the list under a
# title and a blank row, IDs typed every way a spreadsheet keeps them.
ROWS = [
    ["فهرست افراد برای استعلام", None, None, None],
    [None, None, None, None],
    ["ردیف", "نام", "كد ملي", "شماره پرونده"],  # Arabic yeh and kaf, as typed in Windows
    [1, "مریم احمدی", "0012345679", "۱۴۰۳/۱۲"],
    [2, "علی رضایی", "۰۰۸۴۵۷۵۹۴۸", "۱۴۰۳/۱۳"],
    [3, "زهرا کریمی", 12345679, "۱۴۰۳/۱۴"],  # a number: two leading zeros lost
    [None, None, None, None],
    [5, "حسن موسوی", "0012345678", "۱۴۰۳/۱۶"],  # wrong check digit
    [6, "رضا نوری", "1.23E+9", "۱۴۰۳/۱۷"],  # scientific notation
    [7, "مریم احمدی", "001-234567-9", "۱۴۰۳/۱۸"],  # the first row again
]


def main() -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "راهنما"
    notes["A1"] = "این فایل را پیش از ارسال بررسی کنید."
    sheet = book.create_sheet("فهرست")
    for row in ROWS:
        sheet.append(row)
    xlsx = HERE / "import_sample.xlsx"
    book.save(xlsx)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("xls", "ods"):
            subprocess.run(
                ["soffice", "--headless", "--convert-to", fmt, "--outdir", tmp, str(xlsx)],
                check=True,
                capture_output=True,
            )
            shutil.copy(Path(tmp) / f"import_sample.{fmt}", HERE / f"import_sample.{fmt}")
    encrypted = io.BytesIO()
    office = OOXMLFile(io.BytesIO(xlsx.read_bytes()))
    office.encrypt("1234", encrypted)
    (HERE / "import_encrypted.xlsx").write_bytes(encrypted.getvalue())


if __name__ == "__main__":
    main()
