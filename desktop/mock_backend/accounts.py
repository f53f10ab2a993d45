"""The account service: password, one-time code, tokens, refresh rotation, revoke."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from . import clock
from .config import MockConfig
from .problems import ProblemError
from .ratelimit import FailureThrottle
from .store import Store

log = logging.getLogger("estelam.mock.sms")

DEMO_CODE = "123456"
MAX_WRONG_PASSWORDS = 5
MAX_WRONG_CODES = 5

SEED_AGENCIES: tuple[dict[str, Any], ...] = (
    {
        "id": "AG-1001",
        "name": "دادگاه خانواده شماره ۲ تهران",
        "kind": "court",
        "mou_number": "MOU-1402-0153",
        "mou_valid_from": "2024-03-20",
        "mou_valid_until": "2027-03-20",
        "scopes": "inquiry inquiry:details redeem",
        "daily_quota": 100_000,
    },
    {
        "id": "AG-2001",
        "name": "صندوق بیمه اجتماعی کشاورزان، روستاییان و عشایر",
        "kind": "insurance_fund",
        "mou_number": "MOU-1403-0088",
        "mou_valid_from": "2025-01-01",
        "mou_valid_until": "2028-01-01",
        "scopes": "inquiry",
        "daily_quota": 100_000,
    },
)
SEED_USERS: tuple[dict[str, str], ...] = (
    {
        "username": "demo.clerk",
        "full_name": "مریم احمدی",
        "agency_id": "AG-1001",
        "phone": "09121234567",
        "password": "demo-pass",
    },
    {
        "username": "demo.clerk2",
        "full_name": "رضا کریمی",
        "agency_id": "AG-2001",
        "phone": "09357654321",
        "password": "demo-pass",
    },
)


@dataclass(frozen=True)
class Principal:
    """Who is calling, as an access token says."""

    username: str
    full_name: str
    agency_id: str
    scopes: tuple[str, ...]


def hash_password(password: str, salt: bytes) -> bytes:
    # Salted scrypt at a modest cost: real hashing, yet sign-in stays quick in tests.
    return hashlib.scrypt(password.encode(), salt=salt, n=2**12, r=8, p=1, dklen=32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def mask_phone(phone: str) -> str:
    return f"{phone[:4]}***{phone[-4:]}"


def new_throttle(config: MockConfig) -> FailureThrottle:
    return FailureThrottle(config.throttle_free, config.throttle_first_s, config.throttle_most_s)


def too_many_attempts(wait_s: int) -> ProblemError:
    """The answer to a try made while FailureThrottle says wait: nothing was checked."""
    return ProblemError(
        "too-many-attempts",
        "Too many failed attempts; wait before trying again.",
        headers={"Retry-After": str(wait_s)},
        retry_after_s=wait_s,
    )


class Accounts:
    def __init__(self, store: Store, config: MockConfig) -> None:
        self.store = store
        self.config = config
        # Wrong passwords per client address (many accounts tried from one place) and
        # wrong codes per account (a fresh challenge for every five guesses).
        self.throttle = new_throttle(config)

    def seed(self) -> None:
        """The demo agencies and clerks exist in every mode; only the code differs."""
        with self.store.tx() as conn:
            for agency in SEED_AGENCIES:
                # The seed's scopes win over a data directory made by an older mock.
                conn.execute(
                    "INSERT INTO agencies VALUES (:id, :name, :kind, :mou_number, "
                    ":mou_valid_from, :mou_valid_until, :scopes, :daily_quota) "
                    "ON CONFLICT(id) DO UPDATE SET scopes = excluded.scopes",
                    agency,
                )
            for user in SEED_USERS:
                exists = conn.execute(
                    "SELECT 1 FROM users WHERE username = ?", (user["username"],)
                ).fetchone()
                if exists:
                    continue
                salt = secrets.token_bytes(16)
                conn.execute(
                    "INSERT INTO users (username, full_name, agency_id, phone, password_salt, "
                    "password_hash) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        user["username"],
                        user["full_name"],
                        user["agency_id"],
                        user["phone"],
                        salt,
                        hash_password(user["password"], salt),
                    ),
                )

    # sign-in ------------------------------------------------------------------------

    def login(self, username: str, password: str, address: str = "") -> dict[str, Any]:
        now = clock.now()
        from_address = f"address:{address}"
        wait = self.throttle.wait(from_address)
        if wait:
            raise too_many_attempts(wait)
        user = self.store.one("SELECT * FROM users WHERE username = ?", username)
        if user is None:
            # Hash anyway so an unknown name costs as much time as a wrong password.
            hash_password(password, b"0" * 16)
            self.throttle.failed(from_address)
            raise ProblemError("invalid-credentials", "Wrong username or password.")
        if user["locked_until"] > now:
            raise self._locked(user["locked_until"] - now)
        ok = hmac.compare_digest(
            hash_password(password, user["password_salt"]), user["password_hash"]
        )
        with self.store.tx() as conn:
            if not ok:
                # Counted in SQL, so concurrent wrong tries cannot overwrite each other.
                failures = conn.execute(
                    "UPDATE users SET failed_logins = failed_logins + 1 WHERE username = ? "
                    "RETURNING failed_logins",
                    (username,),
                ).fetchone()[0]
                locked: ProblemError | None = None
                if failures >= MAX_WRONG_PASSWORDS:
                    conn.execute(
                        "UPDATE users SET failed_logins = 0, locked_until = ? WHERE username = ?",
                        (now + self.config.lockout_s, username),
                    )
                    locked = self._locked(self.config.lockout_s)
            else:
                conn.execute(
                    "UPDATE users SET failed_logins = 0, locked_until = 0 WHERE username = ?",
                    (username,),
                )
                code = DEMO_CODE if self.config.demo else f"{secrets.randbelow(10**6):06d}"
                challenge_id = secrets.token_urlsafe(16)
                conn.execute(
                    "INSERT INTO challenges (id, username, code, created_at, expires_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (challenge_id, username, code, now, now + self.config.otp_ttl_s),
                )
                conn.execute(
                    "INSERT INTO outbox (username, code, challenge_id, sent_at) "
                    "VALUES (?, ?, ?, ?)",
                    (username, code, challenge_id, now),
                )
        if not ok:
            self.throttle.failed(from_address)
            raise locked or ProblemError("invalid-credentials", "Wrong username or password.")
        log.info("SMS to %s: code %s", username, code)
        return {
            "challenge_id": challenge_id,
            "channel": "sms",
            "masked_phone": mask_phone(user["phone"]),
            "expires_in": self.config.otp_ttl_s,
        }

    @staticmethod
    def _locked(seconds: float) -> ProblemError:
        retry = max(1, int(seconds + 0.999))
        return ProblemError(
            "account-locked",
            "Too many wrong passwords; try again later.",
            headers={"Retry-After": str(retry)},
            retry_after_s=retry,
        )

    def verify_otp(self, challenge_id: str, code: str, address: str = "") -> dict[str, Any]:
        now = clock.now()
        problem: ProblemError | None = None
        codes_of = ""
        with self.store.tx() as conn:
            ch = conn.execute("SELECT * FROM challenges WHERE id = ?", (challenge_id,)).fetchone()
            if ch is not None:
                codes_of = f"codes:{ch['username']}"
            if ch is None or ch["state"] == "used":
                problem = ProblemError("challenge-unknown", "No such sign-in challenge.")
            elif ch["state"] == "locked":
                problem = ProblemError("challenge-locked", "Too many wrong codes; sign in again.")
            elif now >= ch["expires_at"]:
                problem = ProblemError("otp-expired", "The code has expired; sign in again.")
            elif wait := self.throttle.wait(codes_of):
                problem = too_many_attempts(wait)
            elif not hmac.compare_digest(code.encode(), ch["code"].encode()):
                self.throttle.failed(codes_of)
                wrong = ch["wrong_attempts"] + 1
                state = "locked" if wrong >= MAX_WRONG_CODES else "open"
                conn.execute(
                    "UPDATE challenges SET wrong_attempts = ?, state = ? WHERE id = ?",
                    (wrong, state, challenge_id),
                )
                if state == "locked":
                    problem = ProblemError(
                        "challenge-locked", "Too many wrong codes; sign in again."
                    )
                else:
                    problem = ProblemError(
                        "otp-invalid",
                        "Wrong code.",
                        attempts_left=MAX_WRONG_CODES - wrong,
                    )
            else:
                conn.execute("UPDATE challenges SET state = 'used' WHERE id = ?", (challenge_id,))
                session_id = secrets.token_hex(16)
                conn.execute(
                    "INSERT INTO sessions (id, username, created_at) VALUES (?, ?, ?)",
                    (session_id, ch["username"], now),
                )
                pair = self._issue(conn, session_id, now)
                self.store.bump(conn, "logins")
                # The account's right code comes from its phone: its holder is no guesser.
                # The address is not forgiven: anyone can sign in from it to their own.
                self.throttle.forgive(codes_of)
        if problem is not None:
            raise problem
        return pair

    def _issue(self, conn: Any, session_id: str, now: float) -> dict[str, Any]:
        access = secrets.token_urlsafe(32)
        refresh = secrets.token_urlsafe(32)
        conn.execute(
            "INSERT INTO access_tokens VALUES (?, ?, ?)",
            (token_digest(access), session_id, now + self.config.access_ttl_s),
        )
        conn.execute(
            "INSERT INTO refresh_tokens (token_hash, session_id, issued_at, expires_at) "
            "VALUES (?, ?, ?, ?)",
            (token_digest(refresh), session_id, now, now + self.config.refresh_ttl_s),
        )
        return {
            "access_token": access,
            "refresh_token": refresh,
            "token_type": "Bearer",
            "expires_in": self.config.access_ttl_s,
            "refresh_expires_in": self.config.refresh_ttl_s,
        }

    # tokens -------------------------------------------------------------------------

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        now = clock.now()
        expired = ProblemError("session-expired", "The session has ended; sign in again.")
        with self.store.tx() as conn:
            row = conn.execute(
                "SELECT r.*, s.revoked_at FROM refresh_tokens r "
                "JOIN sessions s ON s.id = r.session_id WHERE r.token_hash = ?",
                (token_digest(refresh_token),),
            ).fetchone()
            if row is None or row["revoked_at"] is not None or now >= row["expires_at"]:
                pair = None
            elif row["rotated_at"] is not None:
                # A rotated token came back: someone holds a copy. End the whole family.
                conn.execute(
                    "UPDATE sessions SET revoked_at = ? WHERE id = ?", (now, row["session_id"])
                )
                log.warning("refresh token reused; session %s revoked", row["session_id"])
                pair = None
            else:
                conn.execute(
                    "UPDATE refresh_tokens SET rotated_at = ? WHERE token_hash = ?",
                    (now, row["token_hash"]),
                )
                pair = self._issue(conn, row["session_id"], now)
        if pair is None:
            raise expired
        return pair

    def revoke(self, refresh_token: str) -> None:
        with self.store.tx() as conn:
            conn.execute(
                "UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND id = "
                "(SELECT session_id FROM refresh_tokens WHERE token_hash = ?)",
                (clock.now(), token_digest(refresh_token)),
            )

    def revoke_user(self, username: str) -> int:
        """End every open session of a user, as an SSO administrator can; returns how many."""
        with self.store.tx() as conn:
            return conn.execute(
                "UPDATE sessions SET revoked_at = ? WHERE revoked_at IS NULL AND username = ?",
                (clock.now(), username),
            ).rowcount

    def authenticate(self, access_token: str | None) -> Principal:
        if not access_token:
            raise ProblemError("token-invalid", "A Bearer access token is required.")
        row = self.store.one(
            "SELECT a.expires_at, s.revoked_at, u.username, u.full_name, u.agency_id, "
            "g.scopes FROM access_tokens a JOIN sessions s ON s.id = a.session_id "
            "JOIN users u ON u.username = s.username JOIN agencies g ON g.id = u.agency_id "
            "WHERE a.token_hash = ?",
            token_digest(access_token),
        )
        if row is None or row["revoked_at"] is not None:
            raise ProblemError("token-invalid", "The access token is not valid.")
        if clock.now() >= row["expires_at"]:
            raise ProblemError("token-expired", "The access token has expired.")
        return Principal(
            username=row["username"],
            full_name=row["full_name"],
            agency_id=row["agency_id"],
            scopes=tuple(row["scopes"].split()),
        )
