"""Certificates from the mock, obtained as a person would, and a signed-in clerk's session."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from desktop.core.secrets import MemoryStore
from desktop.core.session import Session
from tests.conftest import DEMO_PASSWORD, DEMO_USER, read_otp_code

NID = "0012345611"  # insured_active in the mock's synthetic population


def issue(url: str, national_id: str = NID) -> dict[str, Any]:
    """A certificate obtained through the portal: sign in as the person, ask for one."""
    with httpx.Client(base_url=url, timeout=30) as client:
        login = client.post(
            "/api/v1/individual/login", json={"national_id": national_id, "password": "demo-pass"}
        )
        login.raise_for_status()
        token = login.json()["access_token"]
        issued = client.post(
            "/api/v1/individual/certificates", headers={"Authorization": f"Bearer {token}"}
        )
        issued.raise_for_status()
        return issued.json()


async def signed_in(url: str, username: str = DEMO_USER) -> Session:
    """A clerk's session against a mock that is not in demo mode (the code from its outbox)."""
    session = Session(MemoryStore())
    await session.start_sign_in(url, username, DEMO_PASSWORD)
    code = await asyncio.to_thread(read_otp_code, url, username)
    await session.finish_sign_in(code, remember=False)
    return session
