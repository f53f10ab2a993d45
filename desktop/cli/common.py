"""What every headless command shares: exit codes, the one sentence per failure, and
signing in from the command line's options. The bottom of the package: it imports no
command module.

Exit status: 0 done; 2 usage or input error; 3 sign-in or permission refused; 4 network
or server trouble; 5 no valid certificate; 6 the data folder cannot be written. Every
failure prints one sentence to stderr; nothing secret is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from desktop.api_client import (
    AccountLocked,
    ApiError,
    AuthError,
    CaseReferenceRequired,
    CertificateExpired,
    CertificateRevoked,
    ChallengeLocked,
    ChallengeUnknown,
    CodeLocked,
    CodeUnknown,
    ConnectionFailed,
    Forbidden,
    InsecureServerAddress,
    InvalidCredentials,
    InvalidNationalIdError,
    InvalidNetworkSetting,
    Locked,
    NetworkOptions,
    NotFound,
    OtpExpired,
    OtpInvalid,
    ProxyFailed,
    ProxyMode,
    QuotaExhausted,
    RateLimited,
    RedeemRefused,
    ServerError,
    SessionExpired,
    SsoClient,
    Timeout,
    TokenInvalid,
    TooManyAttempts,
    UntrustedServer,
    UsagePasswordInvalid,
    ValidationFailed,
    check_server_url,
    normalize_server_url,
)
from desktop.core.national_id import Invalid, InvalidNationalId
from desktop.core.secrets import MemoryStore
from desktop.core.session import Session
from desktop.core.storage import StorageError, StorageProblem

if TYPE_CHECKING:
    from desktop.core.importing import SpreadsheetError

log = logging.getLogger(__name__)

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NETWORK = 4
EXIT_NOT_VALID = 5  # redeem, verify: no valid certificate
EXIT_STORAGE = 6  # the data folder is read-only, full or missing: nothing more was sent

PASSWORD_ENV = "ESTELAM_PASSWORD"
PROFILE_ENV = "ESTELAM_TRUST_PROFILE"

EXIT_HELP = """exit status:
  0  done
  1  unexpected error (a bug; please report the message)
  2  usage or input error (bad arguments, invalid national ID, missing case reference)
  3  sign-in or permission refused (password, one-time code, locked account, scope)
  4  network or server trouble (unreachable, timeout, server error, rate or quota limit)
  6  the data folder cannot be written (read-only, full or missing); nothing that could
     not be recorded was sent, and the same command goes on once it can be written
"""


class UsageError(Exception):
    """A problem with the command line itself; its message is the sentence to print."""


# -- one sentence per failure ------------------------------------------------------------

_ID_REASONS: dict[Invalid, str] = {
    Invalid.EMPTY: "No national ID was given.",
    Invalid.NOT_DIGITS: "A national ID has digits only.",
    Invalid.SCIENTIFIC: (
        "This national ID was written in scientific notation (like 1.23E+9) and has "
        "lost digits; type it again."
    ),
    Invalid.LENGTH: "A national ID has exactly 10 digits.",
    Invalid.REPEATED: "A national ID cannot repeat one digit.",
    Invalid.CHECKSUM: "This national ID is not valid (its check digit does not match).",
}

# Looked up along the exception's class hierarchy, most specific first.
_SENTENCES: dict[type[BaseException], str] = {
    InvalidCredentials: "The username or password is wrong.",
    AccountLocked: "This account is locked after too many wrong passwords; try again later.",
    OtpInvalid: "The one-time code is wrong.",
    OtpExpired: "The one-time code has expired; sign in again for a new one.",
    ChallengeLocked: "Too many wrong one-time codes; sign in again.",
    ChallengeUnknown: "This sign-in attempt is no longer valid; sign in again.",
    SessionExpired: "The session has ended; sign in again.",
    TokenInvalid: "The server did not accept the session; sign in again.",
    Locked: "This is locked for now; try again later.",
    AuthError: "Signing in was refused.",
    Forbidden: "The agency's agreement (MoU) does not allow this.",
    InvalidNationalIdError: "The server says this national ID is not valid.",
    CaseReferenceRequired: "A case reference is required (--case-ref).",
    ValidationFailed: "The server did not accept the request as sent.",
    QuotaExhausted: "The agency's daily inquiry quota is used up; it renews at midnight.",
    TooManyAttempts: "Too many failed attempts; wait a little, then try again.",
    RateLimited: "The server is busy with this agency's requests; try again shortly.",
    NotFound: "The server does not offer this service; check the server address.",
    ServerError: "The server had a problem; try again later.",
    ApiError: "The server refused the request.",
    Timeout: "The server did not answer in time; check the network and try again.",
    UntrustedServer: (
        "The server's certificate is not trusted, so nothing was sent. If your agency's "
        "network inspects secure connections, give its CA certificate with --ca-bundle."
    ),
    ProxyFailed: "The proxy could not forward the connection; check --proxy.",
    InsecureServerAddress: (
        "Plain http:// is allowed only to this computer; use the server's https:// address."
    ),
    ConnectionFailed: "Could not reach the server; check the address and the network.",
    CodeUnknown: "No certificate has this tracking code; check it with the person.",
    UsagePasswordInvalid: "The usage password is wrong.",
    CodeLocked: (
        "This tracking code is locked after too many wrong usage passwords; the person "
        "must obtain a new certificate."
    ),
    CertificateExpired: "This certificate has expired; the person can obtain a new one.",
    CertificateRevoked: "The SSO has revoked this certificate.",
    RedeemRefused: "The server would not hand over this certificate.",
}


_STORAGE: dict[StorageProblem, str] = {
    StorageProblem.READ_ONLY: "The data folder {folder} cannot be written (it is read-only).",
    StorageProblem.FULL: "The disk holding the data folder {folder} is full.",
    StorageProblem.UNAVAILABLE: "The data folder {folder} cannot be opened.",
}


def sentence(error: BaseException) -> str:
    if isinstance(error, StorageError):
        return (
            _STORAGE[error.problem].format(folder=error.folder)
            + " Nothing more was sent, and what was answered is kept; free some space or "
            "choose a writable folder (ESTELAM_DATA_DIR), then run the command again."
        )
    if isinstance(error, InvalidNationalId):
        return _ID_REASONS[error.reason]
    if isinstance(error, UsageError):
        return str(error)
    if isinstance(error, UsagePasswordInvalid) and error.attempts_left is not None:
        return (
            f"The usage password is wrong; {error.attempts_left} more wrong "
            "attempt(s) lock the code."
        )
    if isinstance(error, InvalidNetworkSetting):
        if error.setting == "proxy":
            return "The proxy address is not valid; use http://host:port, none or system."
        return f"The CA bundle cannot be used: {error}. Give a PEM file of CA certificates."
    if isinstance(error, Forbidden) and error.required_scope:
        return f"The agency's agreement (MoU) does not grant {error.required_scope!r}."
    for cls in type(error).__mro__:
        if cls in _SENTENCES:
            return _SENTENCES[cls]
    return f"Unexpected error: {type(error).__name__}: {error}"


def exit_code(error: BaseException) -> int:
    if isinstance(error, StorageError):
        return EXIT_STORAGE
    usage = UsageError | InvalidNationalId | ValidationFailed
    if isinstance(error, usage | InsecureServerAddress | InvalidNetworkSetting):
        return EXIT_USAGE
    if isinstance(error, CodeUnknown | UsagePasswordInvalid):
        return EXIT_USAGE  # what was typed is wrong, like a wrong national ID
    if isinstance(error, RedeemRefused):
        return EXIT_NOT_VALID  # locked, expired, revoked: no valid certificate to be had
    if isinstance(error, AuthError | Locked | Forbidden | ChallengeUnknown):
        return EXIT_AUTH
    return EXIT_NETWORK


# -- signing in, shared by every command that talks to the server -------------------------


def add_sign_in_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("signing in")
    group.add_argument("--server", required=True, metavar="URL", help="server address")
    group.add_argument("--username", required=True, metavar="U")
    group.add_argument(
        "--password-stdin",
        action="store_true",
        help=f"read the password from the first line of stdin (else ${PASSWORD_ENV})",
    )
    group.add_argument(
        "--otp",
        metavar="CODE",
        help="the one-time code (asked for on the terminal when omitted)",
    )
    group.add_argument(
        "--proxy",
        default=ProxyMode.SYSTEM.value,
        metavar="URL",
        help="HTTP proxy: http(s)://host:port, 'none', or 'system' (the HTTPS_PROXY "
        "environment variables; the default)",
    )
    group.add_argument(
        "--ca-bundle",
        metavar="PEM",
        default="",
        help="a PEM file of extra CA certificates to trust (an agency network that "
        "inspects TLS); added to the usual ones, never replacing them",
    )


def network_from_args(args: argparse.Namespace) -> NetworkOptions:
    """--proxy and --ca-bundle as NetworkOptions; InvalidNetworkSetting when unusable."""
    proxy = args.proxy.strip()
    if proxy.lower() in (ProxyMode.NONE, ProxyMode.SYSTEM):
        options = NetworkOptions(ProxyMode(proxy.lower()), ca_bundle=args.ca_bundle)
    else:
        options = NetworkOptions(ProxyMode.MANUAL, proxy, ca_bundle=args.ca_bundle)
    return options.checked()


def _password(args: argparse.Namespace, stdin: TextIO) -> str:
    if args.password_stdin:
        password = stdin.readline().rstrip("\r\n")
    else:
        password = os.environ.get(PASSWORD_ENV, "")
    if not password:
        raise UsageError(f"No password: use --password-stdin or set {PASSWORD_ENV}.")
    return password


def _code_prompt(args: argparse.Namespace) -> Callable[[str], str]:
    """How to get the one-time code; checked before signing in, so no SMS is wasted."""
    if args.otp is not None:
        return lambda _masked_phone: args.otp
    if args.password_stdin or not sys.stdin.isatty():
        raise UsageError("No one-time code: use --otp (there is no terminal to ask on).")

    def ask(masked_phone: str) -> str:
        print(f"One-time code sent to {masked_phone}: ", end="", file=sys.stderr, flush=True)
        return sys.stdin.readline().strip()

    return ask


async def sign_in_from_args(
    args: argparse.Namespace, stdin: TextIO | None = None, *, timeout: float | None = None
) -> Session:
    """Password, then one-time code. The session is kept in memory only; `timeout` is
    the seconds each request may take (the client's default when None)."""
    try:
        normalize_server_url(args.server)
    except ValueError:
        raise UsageError(
            f"Not a server address: {args.server!r} (use https://host:port)."
        ) from None
    check_server_url(args.server)
    network = network_from_args(args)
    password = _password(args, stdin or sys.stdin)
    code_for = _code_prompt(args)
    if timeout is None:
        session = Session(MemoryStore(), network=network)
    else:
        session = Session(
            MemoryStore(),
            network=network,
            client_factory=lambda url: SsoClient(url, timeout=timeout, network=network),
        )
    try:
        challenge = await session.start_sign_in(args.server, args.username, password)
        code = await asyncio.to_thread(code_for, challenge.masked_phone)
        await session.finish_sign_in(code, remember=False)
    except BaseException:
        await session.aclose()
        raise
    return session


async def end_session(session: Session) -> None:
    """Revoke on the server (best effort) and close the connections."""
    try:
        await session.sign_out()
    finally:
        await session.aclose()


def spreadsheet_sentence(exc: SpreadsheetError) -> str:
    """Why a spreadsheet cannot be imported, naming the options that resolve it."""
    if exc.code == "ambiguous":
        return f"{exc.message} Use --sheet and --column."
    if exc.code == "no_id_column":
        return "No column holds national IDs; name it with --column."
    return exc.message
