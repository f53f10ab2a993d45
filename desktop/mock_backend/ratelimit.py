"""Per-agency token buckets (in memory: a restart forgives, as a real gateway would)."""

from __future__ import annotations

import math
import threading
import time


class TokenBuckets:
    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, updated)

    def take(self, key: str) -> int:
        """0 when a request may pass, else whole seconds (>= 1) until one may."""
        now = time.monotonic()
        with self._lock:
            tokens, updated = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - updated) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0
            self._buckets[key] = (tokens, now)
        if self.rate <= 0:
            return 3600
        return max(1, math.ceil((1.0 - tokens) / self.rate))


class FailureThrottle:
    """Slows guessing down: after `free` failures under one key (an address, an account),
    each further try must wait a delay that doubles with every failure, up to `most_s`.

    It works across targets, where the lockouts work per target: five wrong codes lock
    one sign-in challenge, but a fresh sign-in brings a fresh challenge; five wrong usage
    passwords lock one tracking code, but there are other codes to guess at. A success
    under the key forgives; so does `forget_s` of quiet. In memory, like TokenBuckets.
    """

    def __init__(self, free: int, first_s: float, most_s: float, forget_s: float = 900.0) -> None:
        self.free = free
        self.first_s = first_s
        self.most_s = most_s
        self.forget_s = forget_s
        self._lock = threading.Lock()
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (count, last failure)

    def wait(self, key: str) -> int:
        """0 when a try may go ahead now, else whole seconds (>= 1) until it may."""
        now = time.monotonic()
        with self._lock:
            count, last = self._failures.get(key, (0, now))
            if now - last >= self.forget_s:
                self._failures.pop(key, None)
                return 0
        if count < self.free:
            return 0
        left = last + self.delay(count) - now
        return max(1, math.ceil(left)) if left > 0 else 0

    def delay(self, count: int) -> float:
        """The wait after `count` failures."""
        if count < self.free:
            return 0.0
        return min(self.most_s, self.first_s * 2 ** (count - self.free))

    def failed(self, key: str) -> None:
        now = time.monotonic()
        with self._lock:
            count, last = self._failures.get(key, (0, now))
            if now - last >= self.forget_s:
                count = 0
            self._failures[key] = (count + 1, now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
