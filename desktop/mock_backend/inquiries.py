"""Status inquiries: quota, idempotent replay, audit, and the synthetic answer."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from . import clock
from .accounts import Principal
from .config import MockConfig
from .national_id import invalid_reason
from .population import person_for
from .problems import ProblemError
from .ratelimit import TokenBuckets
from .store import Store

IDEMPOTENCY_WINDOW_S = 24 * 3600
# The MoU scope that lets an agency see more than who the person is and their status.
DETAILS_SCOPE = "inquiry:details"
DETAIL_FIELDS = (
    "father_name",
    "birth_date",
    "gender",
    "insurance_number",
    "insurance_kind",
    "last_contribution_month",
    "total_record",
    "workshop",
    "branch",
    "pension_kind",
)
# Whitespace plus the invisible marks Persian keyboards and pasted text carry (ZWNJ,
# ZWJ, bidi marks): a reference made only of these is blank.
_BLANK = " \t\n\r\f\v\u00a0\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"


def daily_limit(store: Store, config: MockConfig, agency_id: str) -> int:
    if config.quota is not None:
        return config.quota
    row = store.one("SELECT daily_quota FROM agencies WHERE id = ?", agency_id)
    return int(row["daily_quota"]) if row else 0


def used_today(store: Store, agency_id: str, now: float) -> int:
    row = store.one(
        "SELECT used FROM quota_usage WHERE agency_id = ? AND day = ?",
        agency_id,
        clock.tehran_day(now),
    )
    return int(row["used"]) if row else 0


@dataclass(frozen=True, slots=True)
class Ask:
    """One person asked about: the single inquiry's body, or one item of a batch."""

    national_id: str
    case_reference: str
    purpose: str | None
    idempotency_key: str | None

    @property
    def digest(self) -> str:
        return _request_digest(self.national_id, self.case_reference, self.purpose)


# What one item comes to: its answer, or the problem that stands for it.
Outcome = dict[str, Any] | ProblemError


def narrowed(answer: dict[str, Any], who: Principal) -> dict[str, Any]:
    """The answer as the agency's MoU lets it see it: the detailed fields are left out,
    not sent empty, unless it holds the details scope. Stored answers stay whole, so a
    replay is narrowed by the scopes of the agency asking now."""
    if DETAILS_SCOPE in who.scopes:
        return answer
    return {key: value for key, value in answer.items() if key not in DETAIL_FIELDS}


class Inquiries:
    def __init__(self, store: Store, config: MockConfig) -> None:
        self.store = store
        self.config = config
        self.buckets = TokenBuckets(config.rate_limit, config.rate_burst)

    def inquire(
        self,
        who: Principal,
        national_id: str,
        case_reference: str,
        purpose: str | None,
        idempotency_key: str | None,
    ) -> dict[str, Any]:
        ask = Ask(national_id, case_reference, purpose, idempotency_key)
        now = clock.now()
        if idempotency_key:
            # A replay costs the SSO nothing, so it is answered before the rate limit.
            with self.store.tx() as conn:
                replay = self._replay(conn, who, idempotency_key, ask.digest, now)
            if replay is not None:
                return narrowed(replay, who)
        self._admit(who)
        [outcome] = self._answer_all(who, [ask], now)
        if isinstance(outcome, ProblemError):
            raise outcome
        return narrowed(outcome, who)

    def inquire_batch(self, who: Principal, asks: list[Ask]) -> list[Outcome]:
        """Every item answered in order, each with its answer or its own problem.

        The rate limit counts requests, so a batch takes one token however many items it
        holds; the daily quota counts items, and items beyond it get a quota-exhausted
        problem each (the request still answers replays and names invalid IDs).
        """
        self._admit(who)
        outcomes = self._answer_all(who, asks, clock.now())
        return [o if isinstance(o, ProblemError) else narrowed(o, who) for o in outcomes]

    def _admit(self, who: Principal) -> None:
        """The per-agency rate limit: a whole request is refused, nothing is charged."""
        retry = self.buckets.take(who.agency_id)
        if retry:
            self.store.increment("rate_limited")
            raise ProblemError(
                "rate-limited",
                "Too many inquiries from this agency; slow down.",
                headers={"Retry-After": str(retry)},
                retry_after_s=retry,
            )

    def _answer_all(self, who: Principal, asks: list[Ask], now: float) -> list[Outcome]:
        """All items in one transaction, so a batch of hundreds costs a single commit."""
        limit = daily_limit(self.store, self.config, who.agency_id)
        day = clock.tehran_day(now)
        outcomes: list[Outcome] = []
        with self.store.tx() as conn:
            row = conn.execute(
                "SELECT used FROM quota_usage WHERE agency_id = ? AND day = ?",
                (who.agency_id, day),
            ).fetchone()
            left = limit - (int(row["used"]) if row else 0)
            charged = 0
            for ask in asks:
                try:
                    answer, charge = self._one(conn, who, ask, now, charged < left)
                except ProblemError as problem:
                    outcomes.append(problem)
                    continue
                outcomes.append(answer)
                charged += charge
            if charged:
                conn.execute(
                    "INSERT INTO quota_usage (agency_id, day, used) VALUES (?, ?, ?) "
                    "ON CONFLICT(agency_id, day) DO UPDATE SET used = used + excluded.used",
                    (who.agency_id, day, charged),
                )
        return outcomes

    def _one(
        self, conn: Any, who: Principal, ask: Ask, now: float, quota_left: bool
    ) -> tuple[dict[str, Any], bool]:
        """One item's answer and whether it was charged; its problem is raised."""
        digest = ask.digest
        if ask.idempotency_key:
            # Checked inside the transaction: a concurrent twin may have answered.
            replay = self._replay(conn, who, ask.idempotency_key, digest, now)
            if replay is not None:
                return replay, False
        reason = invalid_reason(ask.national_id)
        if reason is not None:
            raise ProblemError(
                "invalid-national-id", f"The national ID is not valid ({reason}).", reason=reason
            )
        if not ask.case_reference.strip(_BLANK):
            raise ProblemError(
                "case-reference-required", "Every inquiry needs the case or letter number."
            )
        if not quota_left:
            retry = clock.seconds_to_tehran_midnight(now)
            raise ProblemError(
                "quota-exhausted",
                "The agency's daily inquiry quota is used up.",
                headers={"Retry-After": str(retry)},
                retry_after_s=retry,
            )
        answer = self._answer(conn, ask.national_id, now)
        conn.execute(
            "INSERT INTO audit (inquiry_id, username, agency_id, national_id, "
            "case_reference, purpose, status, idempotency_key, answered_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                answer["inquiry_id"],
                who.username,
                who.agency_id,
                ask.national_id,
                ask.case_reference,
                ask.purpose,
                answer["status"],
                ask.idempotency_key,
                now,
            ),
        )
        if ask.idempotency_key:
            conn.execute(
                "INSERT OR REPLACE INTO idempotency VALUES (?, ?, ?, ?, ?)",
                (who.agency_id, ask.idempotency_key, digest, json.dumps(answer), now),
            )
        self.store.bump(conn, "inquiries_answered")
        return answer, True

    def _replay(
        self, conn: Any, who: Principal, key: str, digest: str, now: float
    ) -> dict[str, Any] | None:
        """The stored answer for this key, counted as a replay; None if there is none."""
        stored = self.store.stored_answer(conn, who.agency_id, key, now - IDEMPOTENCY_WINDOW_S)
        if stored is None:
            return None
        stored_digest, answer = stored
        self._check_same_request(stored_digest, digest)
        self.store.bump(conn, "inquiries_replayed")
        return answer

    @staticmethod
    def _check_same_request(stored_digest: str, digest: str) -> None:
        # Handing back another person's answer would be worse than refusing.
        if stored_digest != digest:
            raise ProblemError(
                "validation-error",
                "This Idempotency-Key was already used for a different request.",
                errors=[
                    {
                        "loc": ["header", "Idempotency-Key"],
                        "msg": "reused with a different body",
                        "type": "idempotency_conflict",
                    }
                ],
            )

    def _answer(self, conn: Any, national_id: str, now: float) -> dict[str, Any]:
        serial = self.store.bump(conn, "inquiry_serial")
        stamp = dt.datetime.fromtimestamp(now, clock.TEHRAN).strftime("%Y%m%d")
        person = person_for(national_id, dt.datetime.fromtimestamp(now, clock.TEHRAN).date())
        # The SSO's records are replicated hourly; an answer is true as of the last hour.
        as_of = now - now % 3600
        return {
            "inquiry_id": f"INQ-{stamp}-{serial:06d}",
            "national_id": national_id,
            "status": person.status,
            **person.fields,
            "as_of": clock.iso_utc(as_of),
            "answered_at": clock.iso_utc(now),
        }


def _request_digest(national_id: str, case_reference: str, purpose: str | None) -> str:
    text = json.dumps([national_id, case_reference, purpose], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
