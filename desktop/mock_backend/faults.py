"""Injected faults on the inquiry routes: server errors, answers too slow, dropped connections.

A share of inquiry requests (`fault_rate`) meets one fault, of a kind drawn from
`fault_kinds`, either before the request is handled (nothing is done or charged) or after
it (the inquiry was answered and charged, and its answer never reaches the client: the
case that only idempotency keys make safe to resend):

- "5xx": a 503 problem instead of the answer;
- "timeout": the request waits `fault_timeout_s` first (then is handled, late), or is
  handled and its answer held back that long (the client has given up by then);
- "drop": the TCP connection is closed with no answer at all, or after the status line and
  headers of the real answer (a connection lost mid-response).

Only routes under /api/v1/inquiries are touched, so signing in is never disturbed. The
draws come from a seeded generator (`fault_seed`). Every fault is counted in the store
(stats `faults_5xx`, `faults_timeout`, `faults_drop`, `faults_after_work`), and so is
every inquiry request while faults are on (`inquiry_requests`), to tell how many were
resent. Without --fault-rate the middleware is not installed at all.
"""

from __future__ import annotations

import asyncio
import random
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .config import MockConfig
from .problems import problem_response
from .store import Store

KINDS = ("5xx", "timeout", "drop")
INQUIRY_PREFIX = "/api/v1/inquiries"


def parse_kinds(text: str) -> tuple[str, ...]:
    """'5xx,drop' -> ('5xx', 'drop'); ValueError for an unknown kind or none."""
    kinds = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise ValueError(f"fault kinds are some of {', '.join(KINDS)}; got {text!r}")
    return kinds


class FaultInjection:
    """Pure ASGI middleware (outside FastAPI's own), so it can hold back or cut a response."""

    def __init__(self, app: ASGIApp, config: MockConfig, store: Store) -> None:
        self.app = app
        self.config = config
        self.store = store
        self.kinds = parse_kinds(config.fault_kinds)
        self.chance = random.Random(config.fault_seed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(INQUIRY_PREFIX):
            await self.app(scope, receive, send)
            return
        counters = ["inquiry_requests"]
        fault: tuple[str, bool] | None = None
        if self.config.fault_rate > 0 and self.chance.random() < self.config.fault_rate:
            fault = (self.chance.choice(self.kinds), self.chance.random() < 0.5)
            counters.append(f"faults_{fault[0]}")
            if fault[1]:
                counters.append("faults_after_work")
        # Counted before the fault strikes, so a count is never lost with its connection.
        await asyncio.to_thread(self._count, counters)
        if fault is None:
            await self.app(scope, receive, send)
            return
        kind, after_work = fault
        if not after_work:
            if kind == "5xx":
                await _problem(scope, receive, send)
            elif kind == "timeout":
                await asyncio.sleep(self.config.fault_timeout_s)
                await self.app(scope, receive, send)
            else:
                await _drop(receive)
            return
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        await self.app(scope, receive, hold)  # the work is done and charged here
        if kind == "5xx":
            await _problem(scope, receive, send)
        elif kind == "timeout":
            await asyncio.sleep(self.config.fault_timeout_s)
            for message in held:
                await send(message)
        else:
            await send(held[0])  # the status line and headers, then nothing
            await _drop(receive)

    def _count(self, names: list[str]) -> None:
        with self.store.tx() as conn:
            for name in names:
                self.store.bump(conn, name)


async def _problem(scope: Scope, receive: Receive, send: Send) -> None:
    response = problem_response("server-error", "Injected failure; try again.")
    await response(scope, receive, send)


async def _drop(receive: Receive) -> None:
    """Close the connection under the request. uvicorn's `receive` is a method of the
    request's cycle, which holds the transport; closing it sends a FIN with no answer."""
    transport: Any = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None:
        raise RuntimeError("dropping a connection needs uvicorn's transport")
    transport.close()
    # Let the connection's loss be noticed, so the server sends nothing more on it.
    await asyncio.sleep(0)
