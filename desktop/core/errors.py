"""Core's exception vocabulary: every failure a use-case lets through to a face.

The window and the command line name failures from here, never from the client. A
failure that starts in the client is the client's own class, re-exported, so that
`except errors.SessionExpired` catches exactly what was raised: one class per fact and
no wrapper to keep in step. Failures that start in core itself live beside the rule
they guard (national_id.InvalidNationalId, importing.SpreadsheetError,
redeem.InvalidRedeemInput, certificates.RevocationError).
"""

from __future__ import annotations

from desktop.api_client.errors import AccountLocked as AccountLocked
from desktop.api_client.errors import ApiError as ApiError
from desktop.api_client.errors import AuthError as AuthError
from desktop.api_client.errors import BadResponse as BadResponse
from desktop.api_client.errors import CaseReferenceRequired as CaseReferenceRequired
from desktop.api_client.errors import CertificateExpired as CertificateExpired
from desktop.api_client.errors import CertificateRevoked as CertificateRevoked
from desktop.api_client.errors import ChallengeLocked as ChallengeLocked
from desktop.api_client.errors import ChallengeUnknown as ChallengeUnknown
from desktop.api_client.errors import CodeLocked as CodeLocked
from desktop.api_client.errors import CodeUnknown as CodeUnknown
from desktop.api_client.errors import ConnectionFailed as ConnectionFailed
from desktop.api_client.errors import EstelamError as EstelamError
from desktop.api_client.errors import Forbidden as Forbidden
from desktop.api_client.errors import InsecureServerAddress as InsecureServerAddress
from desktop.api_client.errors import InvalidCredentials as InvalidCredentials
from desktop.api_client.errors import InvalidNationalIdError as InvalidNationalIdError
from desktop.api_client.errors import InvalidNetworkSetting as InvalidNetworkSetting
from desktop.api_client.errors import Locked as Locked
from desktop.api_client.errors import NotFound as NotFound
from desktop.api_client.errors import OtpExpired as OtpExpired
from desktop.api_client.errors import OtpInvalid as OtpInvalid
from desktop.api_client.errors import ProxyFailed as ProxyFailed
from desktop.api_client.errors import QuotaExhausted as QuotaExhausted
from desktop.api_client.errors import RateLimited as RateLimited
from desktop.api_client.errors import RedeemRefused as RedeemRefused
from desktop.api_client.errors import ServerError as ServerError
from desktop.api_client.errors import SessionExpired as SessionExpired
from desktop.api_client.errors import Timeout as Timeout
from desktop.api_client.errors import TokenInvalid as TokenInvalid
from desktop.api_client.errors import TooManyAttempts as TooManyAttempts
from desktop.api_client.errors import UntrustedServer as UntrustedServer
from desktop.api_client.errors import UsagePasswordInvalid as UsagePasswordInvalid
from desktop.api_client.errors import ValidationFailed as ValidationFailed

#: The one-time-code step is over: the clerk must start signing in again for a new code.
SIGN_IN_AGAIN: tuple[type[ApiError], ...] = (OtpExpired, ChallengeLocked, ChallengeUnknown)
