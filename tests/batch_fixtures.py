"""Clerks' lists, job stores and signed-in clients for the bulk inquiry tests."""

from __future__ import annotations

import csv
import socket
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx

from desktop.api_client import RetryPolicy, SsoClient, StatusResult
from desktop.core import importing
from desktop.core.jobs import Job, JobStore
from tests.api_fakes import NOT_FOUND_JSON, STATUS_JSON
from tests.conftest import DEMO_PASSWORD, DEMO_USER, read_otp_code
from tests.import_fixtures import ids

CASE = "۱۴۰۳/۱۲۳"
HEADER = ["ردیف", "نام", "کد ملی"]
# Quick retries, so tests of failures do not wait out real backoff.
FAST_RETRY = RetryPolicy(max_retries=2, base_delay=0.01, max_delay=0.05)


def write_list(
    path: Path, national_ids: Sequence[str], extra: Sequence[Sequence[str]] = ()
) -> Path:
    """A clerk's CSV: a row number, a name and the ID (as text, leading zeros kept),
    then any `extra` rows as they are."""
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for n, national_id in enumerate(national_ids, 1):
            writer.writerow([str(n), f"شخص {n}", national_id])
        writer.writerows(extra)
    return path


def answer(national_id: str, status: str = "insured_active") -> StatusResult:
    """A server's answer for one person, as the client hands it on."""
    shape = NOT_FOUND_JSON if status == "not_found" else STATUS_JSON
    return StatusResult.from_json(
        {**shape, "national_id": national_id, "status": status, "inquiry_id": f"INQ-{national_id}"}
    )


def mixed_list(path: Path, valid: int, start: int = 1_000_000) -> tuple[Path, list[str]]:
    """`valid` good IDs (with leading zeros), then an empty row, an invalid ID and a
    duplicate."""
    good = ids(valid, start)
    extra = [[], [str(valid + 2), "نامعتبر", "0012345612"], [str(valid + 3), "تکراری", good[0]]]
    return write_list(path, good, extra), good


def new_job(store: JobStore, source: Path, url: str = "http://127.0.0.1:1", **kwargs: Any) -> Job:
    kwargs.setdefault("case_reference", CASE)
    imported = importing.load(source, column="کد ملی")
    return store.create_job(imported, source, server_url=url, username=DEMO_USER, **kwargs)


async def signed_in_client(url: str, **kwargs: Any) -> SsoClient:
    client = SsoClient(url, **kwargs)
    challenge = await client.login(DEMO_USER, DEMO_PASSWORD)
    await client.verify_otp(challenge.challenge_id, read_otp_code(url, DEMO_USER))
    return client


def mock_stats(url: str) -> dict[str, int]:
    return httpx.get(f"{url}/_mock/stats", timeout=10).json()


def free_port() -> int:
    """A port for a mock to be restarted on (the client keeps its server address)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
