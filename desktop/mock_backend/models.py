"""Request and response bodies; their schemas make up the OpenAPI contract."""

from __future__ import annotations

import enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import JsonDict

# Dates travel as strings; the format tells a reader how to parse them.
_DATE: JsonDict = {"format": "date"}
_STAMP: JsonDict = {"format": "date-time"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AgencyKind(enum.StrEnum):
    COURT = "court"
    INSURANCE_FUND = "insurance_fund"
    SUPPORT_ORG = "support_org"
    BANK = "bank"
    OTHER = "other"


class InquiryStatus(enum.StrEnum):
    INSURED_ACTIVE = "insured_active"
    INSURED_INACTIVE = "insured_inactive"
    PENSIONER = "pensioner"
    DEPENDENT_OF_INSURED = "dependent_of_insured"
    DEPENDENT_OF_PENSIONER = "dependent_of_pensioner"
    NOT_FOUND = "not_found"


class InsuranceKind(enum.StrEnum):
    MANDATORY = "mandatory"
    SELF_EMPLOYED = "self_employed"
    VOLUNTARY = "voluntary"
    DRIVER = "driver"
    CONSTRUCTION_WORKER = "construction_worker"
    CARPET_WEAVER = "carpet_weaver"


class PensionKind(enum.StrEnum):
    RETIREMENT = "retirement"
    DISABILITY = "disability"
    SURVIVORS = "survivors"


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


# requests ---------------------------------------------------------------------------


class LoginRequest(_Model):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(min_length=1, max_length=200)


class OtpRequest(_Model):
    challenge_id: str = Field(min_length=1, max_length=100)
    code: str = Field(min_length=1, max_length=20, description="Latin digits only.")


class RefreshRequest(_Model):
    refresh_token: str = Field(min_length=1, max_length=200)


class InquiryRequest(_Model):
    national_id: str = Field(max_length=40, description="Ten Latin digits with a check digit.")
    case_reference: str = Field(
        max_length=100, description="The court file or letter number; must not be blank."
    )
    purpose: str | None = Field(default=None, max_length=200)


# At most this many items in one batch request; the client splits larger jobs.
MAX_BATCH_ITEMS = 500


class BatchInquiryItem(InquiryRequest):
    idempotency_key: str = Field(
        min_length=1,
        max_length=200,
        description="Per item, as the single inquiry's Idempotency-Key header: the same key "
        "within 24 h returns the stored answer, uncharged.",
    )


class BatchInquiryRequest(_Model):
    items: list[BatchInquiryItem] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)


# responses --------------------------------------------------------------------------


class OtpChallenge(_Model):
    challenge_id: str
    channel: str = Field(description="Always 'sms'.")
    masked_phone: str = Field(examples=["0912***4567"])
    expires_in: int = Field(description="Seconds the code stays valid.")


class TokenPair(_Model):
    access_token: str
    refresh_token: str
    token_type: str = Field(description="Always 'Bearer'.")
    expires_in: int = Field(description="Seconds the access token stays valid.")
    refresh_expires_in: int = Field(description="Seconds the refresh token stays valid.")


class Agency(_Model):
    id: str
    name: str
    kind: AgencyKind


class Mou(_Model):
    number: str
    valid_from: str = Field(description="Gregorian ISO date.", json_schema_extra=_DATE)
    valid_until: str = Field(description="Gregorian ISO date.", json_schema_extra=_DATE)


class Quota(_Model):
    daily_limit: int
    used_today: int
    left_today: int


class Me(_Model):
    username: str
    full_name: str
    agency: Agency
    mou: Mou
    scopes: list[str]
    quota: Quota


class TotalRecord(_Model):
    years: int
    months: int
    days: int


class Workshop(_Model):
    id: str
    name: str


class Branch(_Model):
    code: str
    name: str


class StatusResult(_Model):
    """Fields from `father_name` to `pension_kind` are sent only to an agency whose MoU
    grants `inquiry:details`; for others they are absent (not null)."""

    inquiry_id: str = Field(examples=["INQ-20261125-000042"])
    national_id: str
    status: InquiryStatus
    first_name: str | None
    last_name: str | None
    father_name: str | None = None
    birth_date: str | None = Field(
        default=None, description="Gregorian ISO date.", json_schema_extra=_DATE
    )
    gender: Gender | None = None
    insurance_number: str | None = None
    insurance_kind: InsuranceKind | None = None
    last_contribution_month: str | None = Field(
        default=None, description="Jalali year-month YYYY-MM.", pattern=r"^[0-9]{4}-[0-9]{2}$"
    )
    total_record: TotalRecord | None = None
    workshop: Workshop | None = None
    branch: Branch | None = None
    pension_kind: PensionKind | None = None
    as_of: str = Field(
        description="UTC ISO-8601 with Z: when the record was true.", json_schema_extra=_STAMP
    )
    answered_at: str = Field(description="UTC ISO-8601 with Z.", json_schema_extra=_STAMP)


class Problem(BaseModel):
    """RFC 9457 problem details; extensions (attempts_left, reason, ...) ride along."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(examples=["urn:estelam:problem:token-expired"])
    title: str
    status: int
    detail: str


class BatchInquiryResult(_Model):
    """One item's outcome: exactly one of `result` and `problem` is set."""

    idempotency_key: str
    result: StatusResult | None
    problem: Problem | None


class BatchInquiryResponse(_Model):
    results: list[BatchInquiryResult] = Field(description="In the order of the request's items.")


class AgencyRecordItem(_Model):
    kind: Literal["inquiry", "redeem"] = Field(
        description="A status inquiry (single or a batch item) or a certificate redeemed."
    )
    reference: str = Field(description="The inquiry id, or the certificate's serial.")
    at: str = Field(description="UTC ISO-8601 with Z.", json_schema_extra=_STAMP)
    username: str = Field(description="The clerk who asked.")
    national_id_masked: str = Field(
        examples=["001*****79"], description="First three and last two digits only."
    )
    case_reference: str | None
    purpose: str | None
    outcome: str = Field(description="The status answered, or 'redeemed'.")


class AgencyRecord(_Model):
    items: list[AgencyRecordItem] = Field(description="Newest first.")


class OutboxMessage(_Model):
    username: str
    code: str
    challenge_id: str
    sent_at: str = Field(json_schema_extra=_STAMP)


class Outbox(_Model):
    messages: list[OutboxMessage]


class Stats(_Model):
    inquiries_answered: int
    inquiries_replayed: int
    logins: int
    rate_limited: int
    failures_injected: int
    inquiry_requests: int
    faults_5xx: int
    faults_timeout: int
    faults_drop: int
    faults_after_work: int
