"""Work run in a process of its own: results and errors come back, a crash does not."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from desktop.core import importing
from desktop.core.importing import ErrorCode, SpreadsheetError
from desktop.core.importing.source import Contents, NeedsIsolation
from desktop.core.isolation import ProcessDied, run_isolated


def test_the_result_comes_back() -> None:
    assert run_isolated(sum, [1, 2, 3]) == 6


def test_an_abort_in_the_child_is_an_error_here() -> None:
    with pytest.raises(ProcessDied, match="crashed"):
        run_isolated(os.abort)


def test_a_child_that_takes_too_long_is_stopped() -> None:
    started = time.monotonic()
    with pytest.raises(ProcessDied, match="longer than"):
        run_isolated(time.sleep, 30, timeout_s=1)
    assert time.monotonic() - started < 10


def test_a_child_is_held_to_its_memory() -> None:
    with pytest.raises(MemoryError):
        run_isolated(bytearray, 3 * 1024**3, memory_bytes=512 * 1024**2)


def test_spreadsheet_errors_cross_with_their_code_and_details() -> None:
    error = SpreadsheetError(ErrorCode.NOT_A_SPREADSHEET, "a picture", kind="png")
    with pytest.raises(SpreadsheetError) as raised:
        run_isolated(_raise, error)
    assert raised.value.code is ErrorCode.NOT_A_SPREADSHEET
    assert raised.value.details == {"kind": "png"} and str(raised.value) == "a picture"


def test_a_damaged_xls_that_kills_its_reader_is_reported_corrupt(tmp_path, monkeypatch) -> None:
    # Stand in for calamine aborting on a crafted file: the reader's process dies.
    path = tmp_path / "crafted.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    monkeypatch.setattr(importing, "_load_here", _abort_when_isolated)
    with pytest.raises(SpreadsheetError) as raised:
        importing.load(path)
    assert raised.value.code is ErrorCode.CORRUPT


def _raise(error: Exception) -> None:
    raise error


def _abort_when_isolated(opened: object, *args: object) -> None:
    if isinstance(opened, Path):  # in the importing process: what open_source says of an .xls
        raise NeedsIsolation(Contents.of(opened.name, opened.read_bytes()))
    os.abort()
