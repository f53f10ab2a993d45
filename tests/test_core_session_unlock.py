"""Unlocking a locked window through the Session use-case, against the real mock."""

from __future__ import annotations

import asyncio

import pytest

from desktop.api_client import InvalidCredentials, OtpInvalid, SessionExpired
from desktop.core.secrets import MemoryStore
from desktop.core.session import Session
from tests.conftest import DEMO_PASSWORD, DEMO_USER, read_otp_code


def test_password_and_code_prove_the_clerk_without_touching_the_session(mock_server) -> None:
    url = mock_server.url

    async def scenario() -> None:
        session = Session(MemoryStore())
        try:
            with pytest.raises(SessionExpired):
                await session.check_password(DEMO_PASSWORD)  # nobody signed in
            await session.start_sign_in(url, DEMO_USER, DEMO_PASSWORD)
            await session.finish_sign_in(read_otp_code(url, DEMO_USER), remember=False)
            client = session.client

            with pytest.raises(InvalidCredentials):
                await session.check_password("not-the-password")
            with pytest.raises(SessionExpired):
                await session.check_code("123456")  # no password checked yet
            challenge = await session.check_password(DEMO_PASSWORD)
            assert challenge.masked_phone
            right = read_otp_code(url, DEMO_USER)
            with pytest.raises(OtpInvalid):
                await session.check_code("000000" if right != "000000" else "111111")
            await session.check_code(right)  # a wrong code may be corrected
            with pytest.raises(SessionExpired):
                await session.check_code(right)  # and a code proves once

            # The signed-in client was never swapped or signed out meanwhile.
            assert session.client is client
            assert (await session.refresh_me()).username == DEMO_USER
        finally:
            await session.aclose()

    asyncio.run(scenario())
