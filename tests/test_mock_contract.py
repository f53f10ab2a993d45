"""The mock's OpenAPI snapshot and its in-process starter."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from desktop.mock_backend.cli import SNAPSHOT, openapi_text
from desktop.mock_backend.config import MockConfig
from desktop.mock_backend.server import start_in_thread

REGENERATE = "python -m desktop.mock_backend openapi  (or: estelam-mock openapi)"


def test_served_openapi_matches_the_snapshot(mock_server) -> None:
    served = httpx.get(f"{mock_server.url}/openapi.json", timeout=10).json()
    assert SNAPSHOT.exists(), f"no snapshot at {SNAPSHOT}; write it with: {REGENERATE}"
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert served == stored, (
        f"the mock's API differs from {SNAPSHOT.name}; if the change is intended, "
        f"regenerate it with: {REGENERATE}"
    )


def test_snapshot_file_is_in_canonical_form() -> None:
    assert SNAPSHOT.read_text(encoding="utf-8") == openapi_text(), (
        f"regenerate the snapshot with: {REGENERATE}"
    )


def test_openapi_documents_problems_and_models() -> None:
    doc = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    schemas = doc["components"]["schemas"]
    for name in ("TokenPair", "OtpChallenge", "Me", "StatusResult", "Problem"):
        assert name in schemas
    assert not any(path.startswith("/_mock") for path in doc["paths"])
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            assert operation["tags"], (method, path)
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"]
                    schema = response["content"]["application/problem+json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Problem"}
    assert "HTTPBearer" in str(doc["paths"]["/api/v1/inquiries"]["post"]["security"])


def test_start_in_thread_serves_and_stops(tmp_path: Path) -> None:
    mock = start_in_thread(MockConfig(data_dir=tmp_path, demo=True))
    try:
        assert mock.url.startswith("http://127.0.0.1:")
        assert not mock.url.endswith(":0")
        with httpx.Client(base_url=mock.url, timeout=10) as client:
            challenge = client.post(
                "/api/v1/auth/login", json={"username": "demo.clerk", "password": "demo-pass"}
            ).json()
            tokens = client.post(
                "/api/v1/auth/otp",
                json={"challenge_id": challenge["challenge_id"], "code": "123456"},
            )
            assert tokens.status_code == 200
    finally:
        mock.stop()
    assert not mock._thread.is_alive()
    try:
        httpx.get(f"{mock.url}/openapi.json", timeout=2)
    except httpx.TransportError:
        pass
    else:
        raise AssertionError("the mock still answers after stop()")
    assert (tmp_path / "mock-sso.sqlite3").exists()
