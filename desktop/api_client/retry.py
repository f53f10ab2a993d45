"""When to try a request again, and how long to wait first."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable

from desktop.api_client.errors import (
    ApiError,
    ConnectionFailed,
    EstelamError,
    QuotaExhausted,
    RateLimited,
    ServerError,
    UntrustedServer,
)

# Methods that may be repeated without a second effect on the server.
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
# POST routes (under the API prefix) idempotent by contract because their body carries an
# idempotency key per item: a resent batch is answered from the server's record.
IDEMPOTENT_POSTS = frozenset({"/inquiries/batch"})
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
# Statuses whose Retry-After header is honoured; other 5xx use plain backoff.
RETRY_AFTER_STATUSES = frozenset({429, 503})


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff with full jitter, honouring Retry-After.

    Attempt n (0-based) waits uniform(0, min(max_delay, base_delay * 2**n)) unless the
    server named a wait. A named wait longer than max_retry_after is not waited out: the
    error goes to the caller, who can schedule the work for later.
    """

    max_retries: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    random: Callable[[], float] = random.random

    def backoff(self, attempt: int) -> float:
        return self.random() * min(self.max_delay, self.base_delay * 2**attempt)

    def delay(self, attempt: int, error: EstelamError) -> float | None:
        """Seconds to wait before trying again after `error`, or None to give up.

        `attempt` counts the retries already made.
        """
        if attempt >= self.max_retries or not is_retryable(error):
            return None
        if (
            isinstance(error, ApiError)
            and error.status in RETRY_AFTER_STATUSES
            and error.retry_after is not None
        ):
            if error.retry_after > self.max_retry_after:
                return None
            return error.retry_after
        return self.backoff(attempt)


def is_retryable(error: EstelamError) -> bool:
    if isinstance(error, QuotaExhausted):
        # The quota comes back at midnight; trying again sooner only spends requests.
        return False
    if isinstance(error, UntrustedServer):
        # An untrusted certificate stays untrusted; asking again only delays the message.
        return False
    if isinstance(error, ConnectionFailed):
        return True
    return isinstance(error, RateLimited | ServerError) and error.status in RETRYABLE_STATUSES


def may_repeat(method: str, headers: dict[str, str] | None, path: str = "") -> bool:
    """A request may be sent twice only when doing so cannot double its effect."""
    method = method.upper()
    if method in IDEMPOTENT_METHODS or (method == "POST" and path in IDEMPOTENT_POSTS):
        return True
    return any(name.lower() == "idempotency-key" for name in headers or {})
