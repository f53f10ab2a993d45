"""The service's JSON bodies as frozen dataclasses.

Field names are exactly the JSON names. Dates are `datetime.date`, timestamps aware
`datetime`; `last_contribution_month` stays a Jalali "YYYY-MM" string.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import enum
import functools
import json
from collections.abc import Mapping
from typing import Any, ClassVar, Self, TypeVar

from desktop.api_client.errors import ApiError, error_from_problem

_T = TypeVar("_T")


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


class Gender(enum.StrEnum):
    MALE = "male"
    FEMALE = "female"


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


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _timestamp(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {value!r}")
    return parsed


def _utc_text(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _optional(cls: type[Any], value: Any) -> Any:
    return None if value is None else cls(value)


def _frozen(cls: type[_T], values: dict[str, Any]) -> _T:
    """An instance of the frozen dataclass `cls` holding `values` (every field, by name),
    made without its generated __init__: that sets each field through object.__setattr__,
    which was two thirds of parsing a bulk run's answers."""
    made = object.__new__(cls)
    object.__setattr__(made, "__dict__", values)
    return made


#: Made once: json.dumps given keyword arguments makes an encoder per call, a third of
#: the time of each (every answer of a bulk run is written this way).
_canonical = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
).encode


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no spaces: the same value always gives the same text."""
    return _canonical(value)


@dataclasses.dataclass(frozen=True)
class OtpChallenge:
    challenge_id: str
    channel: str
    masked_phone: str
    expires_in: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            challenge_id=data["challenge_id"],
            channel=data["channel"],
            masked_phone=data["masked_phone"],
            expires_in=int(data["expires_in"]),
        )


@dataclasses.dataclass(frozen=True, repr=False)
class TokenPair:
    access_token: str
    refresh_token: str
    token_type: str
    expires_in: int
    refresh_expires_in: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            access_token=data["access_token"],
            refresh_token=data["refresh_token"],
            token_type=data["token_type"],
            expires_in=int(data["expires_in"]),
            refresh_expires_in=int(data["refresh_expires_in"]),
        )

    def __repr__(self) -> str:
        # Tokens are secrets; keep them out of logs and tracebacks.
        return (
            f"TokenPair(access_token='***', refresh_token='***', token_type={self.token_type!r}, "
            f"expires_in={self.expires_in}, refresh_expires_in={self.refresh_expires_in})"
        )


@dataclasses.dataclass(frozen=True)
class Agency:
    id: str
    name: str
    kind: AgencyKind

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(id=data["id"], name=data["name"], kind=AgencyKind(data["kind"]))


@dataclasses.dataclass(frozen=True)
class Mou:
    number: str
    valid_from: dt.date
    valid_until: dt.date

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            number=data["number"],
            valid_from=dt.date.fromisoformat(data["valid_from"]),
            valid_until=dt.date.fromisoformat(data["valid_until"]),
        )


@dataclasses.dataclass(frozen=True)
class Quota:
    daily_limit: int
    used_today: int
    left_today: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            daily_limit=int(data["daily_limit"]),
            used_today=int(data["used_today"]),
            left_today=int(data["left_today"]),
        )


@dataclasses.dataclass(frozen=True)
class Me:
    username: str
    full_name: str
    agency: Agency
    mou: Mou
    scopes: tuple[str, ...]
    quota: Quota

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            username=data["username"],
            full_name=data["full_name"],
            agency=Agency.from_json(data["agency"]),
            mou=Mou.from_json(data["mou"]),
            scopes=tuple(data["scopes"]),
            quota=Quota.from_json(data["quota"]),
        )


@dataclasses.dataclass(frozen=True)
class TotalRecord:
    years: int
    months: int
    days: int

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        years, months, days = int(data["years"]), int(data["months"]), int(data["days"])
        return _frozen(cls, {"years": years, "months": months, "days": days})


@dataclasses.dataclass(frozen=True)
class Workshop:
    id: str
    name: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return _frozen(cls, {"id": data["id"], "name": data["name"]})


@dataclasses.dataclass(frozen=True)
class Branch:
    code: str
    name: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return _frozen(cls, {"code": data["code"], "name": data["name"]})


@dataclasses.dataclass(frozen=True)
class StatusResult:
    inquiry_id: str
    national_id: str
    status: InquiryStatus
    first_name: str | None
    last_name: str | None
    father_name: str | None
    birth_date: dt.date | None
    gender: Gender | None
    insurance_number: str | None
    insurance_kind: InsuranceKind | None
    last_contribution_month: str | None
    total_record: TotalRecord | None
    workshop: Workshop | None
    branch: Branch | None
    pension_kind: PensionKind | None
    as_of: dt.datetime
    answered_at: dt.datetime

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        # Each item of a bulk run passes here once: plain lookups, no helper per field.
        get = data.get
        record, workshop, branch = get("total_record"), get("workshop"), get("branch")
        return _frozen(
            cls,
            {
                "inquiry_id": data["inquiry_id"],
                "national_id": data["national_id"],
                "status": InquiryStatus(data["status"]),
                "first_name": get("first_name"),
                "last_name": get("last_name"),
                "father_name": get("father_name"),
                "birth_date": _date(get("birth_date")),
                "gender": _optional(Gender, get("gender")),
                "insurance_number": get("insurance_number"),
                "insurance_kind": _optional(InsuranceKind, get("insurance_kind")),
                "last_contribution_month": get("last_contribution_month"),
                "total_record": None if record is None else TotalRecord.from_json(record),
                "workshop": None if workshop is None else Workshop.from_json(workshop),
                "branch": None if branch is None else Branch.from_json(branch),
                "pension_kind": _optional(PensionKind, get("pension_kind")),
                "as_of": _timestamp(data["as_of"]),
                "answered_at": _timestamp(data["answered_at"]),
            },
        )

    def to_json(self) -> dict[str, Any]:
        """The service's JSON shape again (for exports, the job store, the command line).

        Built field by field: dataclasses.asdict deep-copies every value and cost more
        than the rest of a 10,000-row batch on the client put together.
        """
        data = {name: getattr(self, name) for name in _STATUS_FIELDS}
        for key, names in _NESTED_FIELDS.items():
            value = data[key]
            if value is not None:
                data[key] = {name: getattr(value, name) for name in names}
        data["birth_date"] = None if self.birth_date is None else self.birth_date.isoformat()
        data["as_of"] = _utc_text(self.as_of)
        data["answered_at"] = _utc_text(self.answered_at)
        for key in ("status", "gender", "insurance_kind", "pension_kind"):
            value = data[key]
            data[key] = None if value is None else str(value)
        return data

    @functools.cached_property
    def json_text(self) -> str:
        """to_json() as canonical JSON, made once: the job store keeps this text and the
        audit trail digests it, so a bulk run serialises each answer once, not twice."""
        return canonical_json(self.to_json())


@dataclasses.dataclass(frozen=True)
class RedeemedCertificate:
    """A certificate fetched by its tracking code: the server's account of it and the PDF.

    `claims` is what the server says the PDF holds; only an offline check of `pdf`
    proves anything (see desktop.core.redeem). The PDF arrives base64-encoded as
    `pdf_base64` and is kept decoded.
    """

    serial: str
    tracking_code: str
    issued_at: dt.datetime
    expires_at: dt.datetime
    redeemed_at: dt.datetime
    # Personal data and 50 KB of PDF: neither belongs in a log line or a traceback.
    claims: Mapping[str, Any] = dataclasses.field(repr=False)
    pdf: bytes = dataclasses.field(repr=False)

    # Field names that differ from the JSON's (the contract test reads this).
    JSON_NAMES: ClassVar[Mapping[str, str]] = {"pdf": "pdf_base64"}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        claims = data["claims"]
        if not isinstance(claims, dict):
            raise TypeError("claims is not an object")
        return cls(
            serial=data["serial"],
            tracking_code=data["tracking_code"],
            issued_at=_timestamp(data["issued_at"]),
            expires_at=_timestamp(data["expires_at"]),
            redeemed_at=_timestamp(data["redeemed_at"]),
            claims=claims,
            pdf=base64.b64decode(data["pdf_base64"], validate=True),
        )


_STATUS_FIELDS = tuple(f.name for f in dataclasses.fields(StatusResult))
_NESTED_FIELDS = {
    key: tuple(f.name for f in dataclasses.fields(kind))
    for key, kind in (("total_record", TotalRecord), ("workshop", Workshop), ("branch", Branch))
}


@dataclasses.dataclass(frozen=True)
class AgencyRecordItem:
    """One line of the agency's record as the SSO keeps it: who asked, when, for which
    case, about whom (masked), and the answer's reference."""

    kind: str  # "inquiry" or "redeem"
    reference: str  # the inquiry id, or the certificate's serial
    at: dt.datetime
    username: str
    national_id_masked: str
    case_reference: str | None
    purpose: str | None
    outcome: str  # the status answered, or "redeemed"

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            kind=data["kind"],
            reference=data["reference"],
            at=_timestamp(data["at"]),
            username=data["username"],
            national_id_masked=data["national_id_masked"],
            case_reference=data.get("case_reference"),
            purpose=data.get("purpose"),
            outcome=data["outcome"],
        )


@dataclasses.dataclass(frozen=True, slots=True)
class BatchInquiryItem:
    """One person in a batch inquiry; the key makes a resent item free of charge."""

    national_id: str
    case_reference: str
    purpose: str | None
    idempotency_key: str

    def to_json(self) -> dict[str, Any]:
        return {
            "national_id": self.national_id,
            "case_reference": self.case_reference,
            "purpose": self.purpose,
            "idempotency_key": self.idempotency_key,
        }


@dataclasses.dataclass(frozen=True, slots=True)
class BatchItemResult:
    """One item's outcome: its result, or the error its problem maps to."""

    idempotency_key: str
    result: StatusResult | None
    error: ApiError | None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        result, problem = data.get("result"), data.get("problem")
        if (result is None) == (problem is None):
            raise ValueError("a batch item needs exactly one of result and problem")
        return cls(
            idempotency_key=data["idempotency_key"],
            result=None if result is None else StatusResult.from_json(result),
            error=None if problem is None else error_from_problem(problem),
        )
