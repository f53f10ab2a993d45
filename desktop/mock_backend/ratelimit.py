"""Per-agency token buckets (in memory: a restart forgives, as a real gateway would)."""

from __future__ import annotations

import math
import threading
import time
from collections import deque


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
    """Slows guessing down: after `free` failures under one key (an address, a clerk)
    within the last `window_s`, each further try must wait a delay that doubles with
    every failure in the window, up to `most_s`.

    It works across targets, where the lockouts work per target: five wrong codes lock
    one sign-in challenge, but a fresh sign-in brings a fresh challenge; five wrong usage
    passwords lock one tracking code, but there are other codes to guess at. Time
    forgives (a failure counts for `window_s`), a success does not: a guesser who also
    holds a working password or a real tracking code would otherwise reset the count
    with it between guesses. The one exception is `forgive`, for a key only its owner
    can succeed under. In memory, like TokenBuckets.
    """

    def __init__(self, free: int, first_s: float, most_s: float, window_s: float = 900.0) -> None:
        self.free = free
        self.first_s = first_s
        self.most_s = most_s
        self.window_s = window_s
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}  # key -> times of failures, oldest first

    def _recent(self, key: str, now: float) -> deque[float]:
        """The key's failures within the window (older ones dropped); under the lock."""
        times = self._failures.get(key, deque())
        while times and now - times[0] >= self.window_s:
            times.popleft()
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def wait(self, key: str) -> int:
        """0 when a try may go ahead now, else whole seconds (>= 1) until it may."""
        now = time.monotonic()
        with self._lock:
            times = self._recent(key, now)
            count, last = len(times), (times[-1] if times else now)
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
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times

    def forgive(self, key: str) -> None:
        """Forget the key's failures: only where a success proves the owner, never where
        a guesser could succeed on their own (their address, their clerk's redeems)."""
        with self._lock:
            self._failures.pop(key, None)
