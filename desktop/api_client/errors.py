"""The client's exception tree and the mapping from problem responses to it.

Every error response of the service is an RFC 9457 problem document whose `type` ends in a
stable slug; `PROBLEM_CLASSES` is the one table from slug to exception class.
"""

from __future__ import annotations

import email.utils
import math
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # only named in hints: the first window needs the errors, not httpx
    import httpx

PROBLEM_TYPE_PREFIX = "urn:estelam:problem:"


class EstelamError(Exception):
    """Base of every error the client raises."""


class ApiError(EstelamError):
    """The service answered with an error status."""

    default_status: ClassVar[int] = 400

    def __init__(
        self,
        status: int,
        problem_type: str,
        title: str,
        detail: str,
        problem: Mapping[str, Any] | None = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(detail or title or f"HTTP {status}")
        self.status = status
        self.problem_type = problem_type
        self.title = title
        self.detail = detail
        self.problem: dict[str, Any] = dict(problem or {})
        # Seconds the server asked us to wait (Retry-After header or retry_after_s).
        self.retry_after = retry_after

    @property
    def slug(self) -> str | None:
        """The stable part of the problem type, e.g. "otp-invalid"."""
        if self.problem_type.startswith(PROBLEM_TYPE_PREFIX):
            return self.problem_type.removeprefix(PROBLEM_TYPE_PREFIX)
        return None

    @classmethod
    def local(cls, detail: str) -> ApiError:
        """An error raised by the client itself in the service's terms (e.g. no session)."""
        slug = _SLUG_OF.get(cls)
        problem_type = PROBLEM_TYPE_PREFIX + slug if slug else "about:blank"
        return cls(cls.default_status, problem_type, detail, detail)

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(status={self.status}, slug={self.slug!r}, detail={self.detail!r})"


class AuthError(ApiError):
    default_status = 401


class InvalidCredentials(AuthError):
    pass


class OtpInvalid(AuthError):
    @property
    def attempts_left(self) -> int | None:
        value = self.problem.get("attempts_left")
        return value if isinstance(value, int) else None


class OtpExpired(AuthError):
    pass


class SessionExpired(AuthError):
    """The refresh token is unknown, revoked, expired or reused, or there is no session."""


class TokenInvalid(AuthError):
    pass


class TokenExpired(TokenInvalid):
    """Only surfaces when a freshly refreshed access token is rejected as expired again."""


class Locked(ApiError):
    default_status = 423


class AccountLocked(Locked):
    pass


class ChallengeLocked(Locked):
    pass


class ChallengeUnknown(ApiError):
    default_status = 404


class Forbidden(ApiError):
    default_status = 403

    @property
    def required_scope(self) -> str | None:
        value = self.problem.get("required_scope")
        return value if isinstance(value, str) else None


class ValidationFailed(ApiError):
    default_status = 422

    @property
    def errors(self) -> list[Any]:
        value = self.problem.get("errors")
        return value if isinstance(value, list) else []


class InvalidNationalIdError(ValidationFailed):
    @property
    def reason(self) -> str | None:
        value = self.problem.get("reason")
        return value if isinstance(value, str) else None


class CaseReferenceRequired(ValidationFailed):
    pass


class RateLimited(ApiError):
    default_status = 429


class QuotaExhausted(RateLimited):
    pass


class TooManyAttempts(RateLimited):
    """Too many wrong passwords, codes or usage passwords: wait `retry_after` seconds."""


class NotFound(ApiError):
    default_status = 404


class ServerError(ApiError):
    default_status = 500


class BadResponse(ServerError):
    """A success status whose body does not match the contract."""


class RedeemRefused(ApiError):
    """The server will not hand over a certificate for this tracking code and password."""


class CodeUnknown(RedeemRefused):
    """No longer sent by the service (an unknown code answers as UsagePasswordInvalid);
    kept for the documented slug."""

    default_status = 404


class UsagePasswordInvalid(RedeemRefused):
    """The tracking code and usage password match no certificate: the service answers an
    unknown code and a wrong password alike, so codes cannot be enumerated. It counts
    wrong passwords on a real code and locks the code after a few."""

    default_status = 403


class CodeLocked(RedeemRefused):
    """Locked for good after too many wrong passwords; the person must obtain a new one."""

    default_status = 423


class CertificateExpired(RedeemRefused):
    default_status = 410


class CertificateRevoked(RedeemRefused):
    default_status = 410


class MethodNotAllowed(ApiError):
    default_status = 405


class PayloadTooLarge(ApiError):
    """The request body was over the service's limit (1 MiB)."""

    default_status = 413


class ConnectionFailed(EstelamError):
    """The service could not be reached: refused, reset, DNS failure, broken protocol."""


class Timeout(ConnectionFailed):
    pass


class UntrustedServer(ConnectionFailed):
    """The server's TLS certificate does not chain to a trusted CA (or names another host)."""


class ProxyFailed(ConnectionFailed):
    """The proxy could not be reached or would not forward the request."""


class InsecureServerAddress(EstelamError, ValueError):
    """Plain http:// to a server that is not on this machine: refused, never sent."""

    def __init__(self, url: str) -> None:
        super().__init__(f"plain http:// is allowed only to this computer: {url!r}")
        self.url = url


class InvalidNetworkSetting(EstelamError, ValueError):
    """A proxy address or CA bundle that cannot be used; `setting` names which."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting  # "proxy" or "ca_bundle"


# The one table from problem slug to exception class.
PROBLEM_CLASSES: Mapping[str, type[ApiError]] = {
    "invalid-credentials": InvalidCredentials,
    "account-locked": AccountLocked,
    "otp-invalid": OtpInvalid,
    "otp-expired": OtpExpired,
    "challenge-locked": ChallengeLocked,
    "challenge-unknown": ChallengeUnknown,
    "token-expired": TokenExpired,
    "token-invalid": TokenInvalid,
    "session-expired": SessionExpired,
    "forbidden-scope": Forbidden,
    "validation-error": ValidationFailed,
    "invalid-national-id": InvalidNationalIdError,
    "case-reference-required": CaseReferenceRequired,
    "quota-exhausted": QuotaExhausted,
    "rate-limited": RateLimited,
    "too-many-attempts": TooManyAttempts,
    "server-error": ServerError,
    "not-found": NotFound,
    "method-not-allowed": MethodNotAllowed,
    "payload-too-large": PayloadTooLarge,
    "code-unknown": CodeUnknown,
    "usage-password-invalid": UsagePasswordInvalid,
    "code-locked": CodeLocked,
    "certificate-expired": CertificateExpired,
    "certificate-revoked": CertificateRevoked,
}
_SLUG_OF: Mapping[type[ApiError], str] = {cls: slug for slug, cls in PROBLEM_CLASSES.items()}

# For error responses without a known slug (a proxy's HTML page, a newer server).
_CLASS_BY_STATUS: Mapping[int, type[ApiError]] = {
    401: AuthError,
    403: Forbidden,
    404: NotFound,
    422: ValidationFailed,
    423: Locked,
    429: RateLimited,
}


def problem_of(response: httpx.Response) -> dict[str, Any]:
    """The response's problem document, or {} when the body is not a JSON object."""
    try:
        body = response.json()
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        return {}
    return body if isinstance(body, dict) else {}


def problem_slug(response: httpx.Response) -> str | None:
    problem_type = problem_of(response).get("type")
    if isinstance(problem_type, str) and problem_type.startswith(PROBLEM_TYPE_PREFIX):
        return problem_type.removeprefix(PROBLEM_TYPE_PREFIX)
    return None


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    return _wait(seconds)


def _wait(seconds: float) -> float | None:
    """A wait to honour: never negative; None for NaN, infinity or a number too large for
    a float, which no sleep accepts."""
    try:
        seconds = float(seconds)
    except OverflowError:
        return None
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def error_from_response(response: httpx.Response) -> ApiError:
    """Map an error response to an exception: by problem slug first, then by status."""
    return error_from_problem(
        problem_of(response),
        status=response.status_code,
        title=response.reason_phrase,
        retry_after=parse_retry_after(response.headers.get("Retry-After")),
    )


def error_from_problem(
    problem: Mapping[str, Any],
    *,
    status: int | None = None,
    title: str = "",
    retry_after: float | None = None,
) -> ApiError:
    """Map a problem document to an exception: by slug first, then by status.

    The status, title and wait come from the document when the caller does not know them
    (one item's problem inside a batch answer has no response of its own).
    """
    problem = dict(problem)
    if status is None:
        stated = problem.get("status")
        status = stated if isinstance(stated, int) else 500
    problem_type = problem.get("type")
    if not isinstance(problem_type, str):
        problem_type = "about:blank"
    slug = problem_type.removeprefix(PROBLEM_TYPE_PREFIX)
    cls = PROBLEM_CLASSES.get(slug) if problem_type.startswith(PROBLEM_TYPE_PREFIX) else None
    if cls is None:
        cls = ServerError if status >= 500 else _CLASS_BY_STATUS.get(status, ApiError)
    problem_title = problem.get("title")
    detail = problem.get("detail")
    stated_wait = problem.get("retry_after_s")
    if retry_after is None and isinstance(stated_wait, int | float):
        retry_after = _wait(stated_wait)
    return cls(
        status,
        problem_type,
        problem_title if isinstance(problem_title, str) else title,
        detail if isinstance(detail, str) else "",
        problem,
        retry_after=retry_after,
    )
