"""The request body limit: a body is counted as it arrives and refused once past the limit.

No route takes more than a few hundred kilobytes (a batch of 500 inquiries), so a larger
body is an error or an attack; it is refused with a 413 problem before it is held in
memory: at once when its Content-Length says so, else as soon as the count passes the
limit (a chunked body has no length to read in advance).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .problems import problem_response

MAX_BODY_BYTES = 1024 * 1024
TOO_LARGE = f"The request body is larger than the limit of {MAX_BODY_BYTES} bytes."


class BodyLimit:
    """Pure ASGI middleware, outside the routes and the other middleware.

    Past the limit it answers the 413 itself and tells the app the client has gone: an
    exception raised into the app would come out of FastAPI's body parsing as some other
    error, and the app's own answer to the disconnect is then dropped."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = problem_response("payload-too-large", TOO_LARGE)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            await refusal(scope, receive, send)
            return
        received = 0
        started = refused = False

        async def counting() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                received += len(message.get("body", b""))
                if received > MAX_BODY_BYTES:
                    refused = True
                    if not started:
                        await refusal(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        await self.app(scope, counting, sending)
