"""`estelam-desk batch check FILE`: rows as JSON or a readable report; errors exit 2."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import batch_check
from desktop.cli import main as cli_main
from desktop.core.importing import from_text
from tests.import_fixtures import DATA, ID1, ID3, ids, write_xlsx


def test_json_lists_every_row(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main.run(["batch", "check", str(DATA / "import_sample.xlsx"), "--json"])
    out = capsys.readouterr()
    assert (code, out.err) == (0, "")
    doc = json.loads(out.out)
    assert (doc["sheet"], doc["column"]) == ("فهرست", "كد ملي")
    assert doc["rows"][0] == {
        "row": 4,
        "raw": ID1,
        "national_id": ID1,
        "status": "valid",
        "reason": None,
    }
    assert [(r["row"], r["status"], r["reason"]) for r in doc["rows"][2:]] == [
        (6, "duplicate", "duplicate"),
        (7, "empty", None),
        (8, "invalid", "check_digit"),
        (9, "invalid", "scientific_notation"),
        (10, "duplicate", "duplicate"),
    ]
    assert doc["summary"] == {"valid": 2, "invalid": 2, "duplicate": 2, "empty": 1, "quota": 2}


def test_json_is_what_json_dumps_writes_for_any_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    # Quotes, backslashes, control and bidi characters, Persian digits and characters
    # outside the BMP, over several slices of rows.
    odd = ['a"b', "c\\d", "e\x1ff", "\u200f" + ID3, "۰۰۱۲۳۴۵۶۷۹", "🙂 12", "1.5E+9"]
    result = from_text("\n".join([ID1, *odd, ID1, *ids(5)]))
    monkeypatch.setattr(batch_check, "_SLICE", 3)
    out = io.StringIO()
    batch_check.write_json(result, out)
    s = result.summary
    rows = [
        {
            "row": r.row,
            "raw": r.raw,
            "national_id": r.national_id,
            "status": r.status.value,
            "reason": r.reason,
        }
        for r in result.rows
    ]
    doc = {
        "sheet": result.sheet,
        "column": result.column,
        "summary": {
            "valid": s.valid,
            "invalid": s.invalid,
            "duplicate": s.duplicate,
            "empty": s.empty,
            "quota": s.quota,
        },
        "rows": rows,
    }
    assert out.getvalue() == json.dumps(doc, ensure_ascii=False) + "\n"
    assert {r["status"] for r in rows} == {"valid", "invalid", "duplicate"}


def test_readable_summary_and_rejected_rows(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_main.run(["batch", "check", str(DATA / "import_sample.ods"), "--sheet", "فهرست"])
    out = capsys.readouterr().out
    assert code == 0
    assert "7 rows: 2 valid, 2 invalid, 2 duplicate, 1 empty" in out
    assert "Inquiries to use: 2" in out
    assert "row 6: '12345679': duplicate of row 4" in out
    assert "row 8: '0012345678': This national ID is not valid (its check digit" in out
    assert "row 7" not in out  # empty rows are skipped silently


def test_column_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", {"S": [["کد ملی", "کد ملی"], [ID1, ID3]]})
    assert cli_main.run(["batch", "check", str(path), "--json"]) == 2
    err = capsys.readouterr().err
    assert "More than one column could hold the national IDs" in err
    assert err.strip().endswith("Use --sheet and --column.")
    assert cli_main.run(["batch", "check", str(path), "--column", "B", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["rows"][0]["national_id"] == ID3


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        ("e.xlsx", b"", "e.xlsx is empty."),
        ("p.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(30), "p.xlsx is a png file, not a spreadsheet."),
        ("j.csv", b"\x00\x01\x02junk", "j.csv holds binary data, not text."),
    ],
)
def test_bad_files_exit_2_with_one_sentence(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: bytes,
    sentence: str,
) -> None:
    (tmp_path / name).write_bytes(content)
    assert cli_main.run(["batch", "check", str(tmp_path / name)]) == 2
    out = capsys.readouterr()
    assert (out.out, out.err) == ("", sentence + "\n")


def test_missing_file_and_no_id_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.run(["batch", "check", str(tmp_path / "none.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "n.csv").write_text("نام,شهر\nالف,تهران\n", encoding="utf-8")
    assert cli_main.run(["batch", "check", str(tmp_path / "n.csv")]) == 2
    assert capsys.readouterr().err == "No column holds national IDs; name it with --column.\n"


def test_check_starts_without_what_it_does_not_use(tmp_path: Path) -> None:
    # Start-up is most of a small list's check: the client, the keyring, the event loop,
    # the job store, the audit trail, the certificate checks and the exporters stay
    # unloaded, and the build's description (git, from a checkout) is not looked up.
    code = f"""
import sys
from desktop.buildinfo import build_info
from desktop.cli.main import run
assert run(["batch", "check", "--json", {str(DATA / "import_sample.xlsx")!r}]) == 0
print(build_info.cache_info().currsize, *sorted(sys.modules))
"""
    env = dict(os.environ, ESTELAM_DATA_DIR=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    looked_up, *loaded = out.splitlines()[-1].split()
    unwanted = {
        "httpx",
        "keyring",
        "asyncio",
        "desktop.api_client",
        "desktop.core.session",
        "desktop.core.jobs",
        "desktop.core.audit",
        "desktop.core.certificates",
        "desktop.core.export",
        "desktop.cli.batch_run",
    }
    assert (looked_up, unwanted & set(loaded)) == ("0", set())


def test_batch_is_a_headless_command() -> None:
    from desktop.cli import SUBCOMMANDS

    assert "batch" in SUBCOMMANDS
