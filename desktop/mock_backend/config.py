"""The mock's options, shared by the command line and the in-process starter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class MockConfig:
    data_dir: Path
    demo: bool = False
    test_endpoints: bool = False
    latency_ms: int = 0
    fail_rate: float = 0.0
    # Faults on the inquiry routes (see faults.py): share of requests, kinds, seed.
    fault_rate: float = 0.0
    fault_kinds: str = "5xx,timeout,drop"
    fault_timeout_s: float = 20.0  # longer than the app's 15 s client timeout
    fault_seed: int | None = None  # also seeds fail_rate's draws
    access_ttl_s: int = 300
    rate_limit: float = 20.0
    rate_burst: int = 40
    quota: int | None = None
    host: str = "127.0.0.1"
    port: int = 0
    # Behind a reverse proxy: take the client's address from X-Forwarded-For when the
    # proxy (a peer in forwarded_allow_ips) sets it. Off, the header is ignored: anyone
    # could write it to spread guesses over made-up addresses.
    trust_proxy: bool = False
    forwarded_allow_ips: str = "127.0.0.1"
    otp_ttl_s: int = 120
    refresh_ttl_s: int = 12 * 3600
    lockout_s: int = 300
    # Guessing across targets (see ratelimit.FailureThrottle): this many failures go
    # unhindered, then each try waits a doubling delay from the first up to the most.
    throttle_free: int = 10
    throttle_first_s: float = 2.0
    throttle_most_s: float = 300.0

    @property
    def test_endpoints_enabled(self) -> bool:
        return self.demo or self.test_endpoints

    @property
    def db_path(self) -> Path:
        return Path(self.data_dir) / "mock-sso.sqlite3"
