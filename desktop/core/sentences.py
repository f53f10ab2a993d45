"""One sentence per failure, in English, for both faces.

The window shows the sentence translated into the clerk's language; the command line
prints it as it is. Qt's lupdate reads this file for the translation (see README): it
finds the texts by the marker QT_TRANSLATE_NOOP, which is defined here as a no-op so that
core imports no Qt. Where the remedy names a control of one face (a Settings field, a
command-line option), that face adds the remedy itself.
"""

from __future__ import annotations

import dataclasses

from desktop.core import errors

#: The translation context of every sentence here.
CONTEXT = "Errors"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for lupdate under `context`; returns it unchanged."""
    return text


@dataclasses.dataclass(frozen=True)
class Sentence:
    """English text with at most one placeholder, %1, and the value that fills it."""

    text: str
    value: str | None = None

    def english(self) -> str:
        return self.text if self.value is None else self.text.replace("%1", self.value)


# Most specific class first: the first isinstance match wins.
_SENTENCES: list[tuple[type[BaseException], str]] = [
    (
        errors.CodeUnknown,
        QT_TRANSLATE_NOOP("Errors", "There is no certificate with this tracking code."),
    ),
    (
        # The server answers an unknown code and a wrong password alike (no enumeration).
        errors.UsagePasswordInvalid,
        QT_TRANSLATE_NOOP(
            "Errors",
            "The tracking code or the usage password is wrong. Check both with the person; "
            "a few wrong usage passwords lock the code.",
        ),
    ),
    (
        errors.CodeLocked,
        QT_TRANSLATE_NOOP(
            "Errors",
            "This tracking code is locked after too many wrong usage passwords. "
            "The person must obtain a new certificate.",
        ),
    ),
    (
        errors.CertificateExpired,
        QT_TRANSLATE_NOOP(
            "Errors", "This certificate has expired. The person must obtain a new one."
        ),
    ),
    (
        errors.CertificateRevoked,
        QT_TRANSLATE_NOOP("Errors", "The SSO has revoked this certificate."),
    ),
    (
        errors.RedeemRefused,
        QT_TRANSLATE_NOOP("Errors", "The SSO refused to hand over this certificate."),
    ),
    (errors.InvalidCredentials, QT_TRANSLATE_NOOP("Errors", "The username or password is wrong.")),
    (
        errors.AccountLocked,
        QT_TRANSLATE_NOOP(
            "Errors", "This account is locked after too many wrong passwords. Try again later."
        ),
    ),
    (
        errors.OtpInvalid,
        QT_TRANSLATE_NOOP("Errors", "The one-time code is wrong. Check the SMS and try again."),
    ),
    (
        errors.OtpExpired,
        QT_TRANSLATE_NOOP("Errors", "The one-time code has expired. Go back and sign in again."),
    ),
    (
        errors.ChallengeLocked,
        QT_TRANSLATE_NOOP("Errors", "Too many wrong codes. Go back and sign in again."),
    ),
    (
        errors.ChallengeUnknown,
        QT_TRANSLATE_NOOP("Errors", "This sign-in attempt is no longer valid. Sign in again."),
    ),
    (
        errors.SessionExpired,
        QT_TRANSLATE_NOOP("Errors", "Your session has ended. Please sign in again."),
    ),
    (errors.AuthError, QT_TRANSLATE_NOOP("Errors", "The server did not accept your sign-in.")),
    (errors.Locked, QT_TRANSLATE_NOOP("Errors", "This is locked for now. Try again later.")),
    (
        errors.Forbidden,
        QT_TRANSLATE_NOOP("Errors", "Your agency's agreement does not allow this action."),
    ),
    (
        errors.QuotaExhausted,
        QT_TRANSLATE_NOOP("Errors", "Your agency's daily inquiry quota is used up."),
    ),
    (
        errors.RateLimited,
        QT_TRANSLATE_NOOP("Errors", "The server is busy with your agency's requests. Try again."),
    ),
    (
        errors.InvalidNationalIdError,
        QT_TRANSLATE_NOOP("Errors", "The server rejected this national ID."),
    ),
    (
        errors.CaseReferenceRequired,
        QT_TRANSLATE_NOOP("Errors", "Enter the case reference this inquiry is made for."),
    ),
    (errors.ValidationFailed, QT_TRANSLATE_NOOP("Errors", "The server rejected the request.")),
    (
        errors.NotFound,
        QT_TRANSLATE_NOOP(
            "Errors", "The server does not offer this service. Check the server address."
        ),
    ),
    (
        errors.ServerError,
        QT_TRANSLATE_NOOP("Errors", "The SSO service had a problem. Try again in a moment."),
    ),
    (
        errors.Timeout,
        QT_TRANSLATE_NOOP("Errors", "The SSO service did not answer in time. Try again."),
    ),
    (
        errors.UntrustedServer,
        QT_TRANSLATE_NOOP(
            "Errors", "The server's certificate is not trusted, so nothing was sent."
        ),
    ),
    (
        errors.ProxyFailed,
        QT_TRANSLATE_NOOP("Errors", "The proxy could not forward the connection."),
    ),
    (
        errors.InsecureServerAddress,
        QT_TRANSLATE_NOOP(
            "Errors",
            "Plain http:// is allowed only to this computer. Use the server's https:// address.",
        ),
    ),
    (
        errors.ConnectionFailed,
        QT_TRANSLATE_NOOP(
            "Errors", "Cannot reach the SSO service. Check the network or the server address."
        ),
    ),
    (errors.ApiError, QT_TRANSLATE_NOOP("Errors", "The SSO service refused the request.")),
]


def sentence(error: BaseException) -> Sentence | None:
    """The sentence for a failure of the client's vocabulary; None for any other."""
    if isinstance(error, errors.TooManyAttempts):
        wait = "?" if error.retry_after is None else str(round(error.retry_after))
        return Sentence(
            QT_TRANSLATE_NOOP(
                "Errors", "Too many failed attempts. Wait %1 seconds, then try again."
            ),
            wait,
        )
    if isinstance(error, errors.Forbidden) and error.required_scope:
        return Sentence(
            QT_TRANSLATE_NOOP(
                "Errors", "Your agency's agreement does not grant the %1 permission."
            ),
            error.required_scope,
        )
    if isinstance(error, errors.InvalidNetworkSetting):
        if error.setting == "proxy":
            return Sentence(
                QT_TRANSLATE_NOOP(
                    "Errors", "The proxy address is not valid. Write it as http://host:port."
                )
            )
        return Sentence(
            QT_TRANSLATE_NOOP(
                "Errors",
                "This file cannot be used as a CA bundle: choose a PEM certificate file.",
            )
        )
    for cls, text in _SENTENCES:
        if isinstance(error, cls):
            return Sentence(text)
    return None
