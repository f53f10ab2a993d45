"""A list is imported through the bulk use-case once, and its job is known by the bytes
imported: not by what the file holds when the job is claimed."""

from __future__ import annotations

import hashlib
import shutil
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from desktop.core import importing
from desktop.core.bulk import BulkInquiry, Pasted, Request, import_list, keep_pasted
from desktop.core.jobs import Found, JobStore
from tests.batch_fixtures import CASE, write_list
from tests.conftest import DEMO_USER, REPO_ROOT
from tests.import_fixtures import ids

DATA = REPO_ROOT / "tests" / "data"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path: Path) -> JobStore:
    with JobStore(tmp_path / "jobs.sqlite3") as s:
        yield s


def claim(store: JobStore, imported: importing.ImportResult, source: Path) -> Any:
    bulk = BulkInquiry(store)
    try:
        return bulk.claim(Request(imported, source, CASE, "http://127.0.0.1:1", DEMO_USER))
    finally:
        bulk.release()


def test_a_list_changed_after_its_import_keeps_the_identity_of_what_was_imported(
    store: JobStore, tmp_path: Path
) -> None:
    source = write_list(tmp_path / "list.csv", ids(3))
    imported_bytes = source.read_bytes()
    imported = import_list(source, column="کد ملی")
    write_list(source, ids(4, start=5_000_000))  # saved again before the run starts

    first = claim(store, imported, source)
    assert first.found is Found.NEW
    assert first.job.source_sha256 == hashlib.sha256(imported_bytes).hexdigest()
    # What the file holds now is another list, with a job of its own.
    second = claim(store, import_list(source, column="کد ملی"), source)
    assert second.found is Found.NEW and second.job.id != first.job.id
    assert second.job.source_sha256 == digest(source)


@pytest.mark.parametrize("name", ["import_sample.xlsx", "import_sample.xls", "import_sample.ods"])
def test_a_spreadsheets_digest_is_of_its_bytes_read_here_or_apart(
    name: str, tmp_path: Path
) -> None:
    # xls and ods are parsed in a process of their own, from the bytes read here.
    assert import_list(DATA / name).sha256 == digest(DATA / name)


def test_the_reader_apart_parses_the_bytes_read_here_not_the_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = shutil.copy(DATA / "import_sample.xls", tmp_path / "list.xls")
    expected = importing.load(source)
    original, run_isolated = source.read_bytes(), importing.run_isolated

    def damage_then_run(*args: Any, **kwargs: Any) -> Any:
        source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
        return run_isolated(*args, **kwargs)

    monkeypatch.setattr(importing, "run_isolated", damage_then_run)
    result = importing.load(source)
    assert result.rows == expected.rows
    assert result.sha256 == hashlib.sha256(original).hexdigest() != digest(source)


def test_pasted_ids_are_known_by_the_bytes_kept_for_them(tmp_path: Path) -> None:
    text = "\n".join(ids(3)) + "\r\n"
    kept = keep_pasted(text, tmp_path / "pasted")
    assert import_list(Pasted(text)).sha256 == digest(kept)


def test_a_text_file_in_windows_1256_is_digested_once_whole(tmp_path: Path) -> None:
    # Decoded twice (UTF-8 fails, Windows-1256 follows), read once: over many chunks.
    source = tmp_path / "list.csv"
    lines = [f"{n},شخص {n},{national_id}" for n, national_id in enumerate(ids(60_000), 1)]
    source.write_bytes("\r\n".join(["شماره,نام,شناسه", *lines]).encode("cp1256"))
    result = import_list(source, column=3)
    assert result.encoding == "cp1256" and result.summary.valid == 60_000
    assert result.sha256 == digest(source)


def test_a_spreadsheet_is_read_into_no_more_memory_than_its_size() -> None:
    # Read once into memory, so read exactly: not up to the size cap set aside at once.
    tracemalloc.start()
    try:
        import_list(DATA / "import_sample.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 2**20
