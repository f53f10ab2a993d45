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
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from desktop.api_client import check_server_url, normalize_server_url
from desktop.core import sentences, wording
from desktop.core.certificates import PRODUCTION, PROFILES, TEST
from desktop.core.errors import (
    AuthError,
    CaseReferenceRequired,
    ChallengeUnknown,
    CodeUnknown,
    Forbidden,
    InsecureServerAddress,
    InvalidNetworkSetting,
    Locked,
    ProxyFailed,
    RedeemRefused,
    UntrustedServer,
    UsagePasswordInvalid,
    ValidationFailed,
)
from desktop.core.national_id import InvalidNationalId
from desktop.core.proof import Proof
from desktop.core.secrets import MemoryStore
from desktop.core.servers import NetworkOptions, ProxyMode
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

# Where a remedy names an option of the command line, the command line says it.
_REMEDY: dict[type[BaseException], str] = {
    UntrustedServer: (
        "If your agency's network inspects secure connections, give its CA certificate "
        "with --ca-bundle."
    ),
    ProxyFailed: "Check --proxy.",
    CaseReferenceRequired: "Give it with --case-ref.",
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
        return wording.ID_REASON[error.reason].en
    if isinstance(error, UsageError):
        return str(error)
    found = sentences.sentence(error)
    if found is None:
        return f"Unexpected error: {type(error).__name__}: {error}"
    remedy = next((r for cls, r in _REMEDY.items() if isinstance(error, cls)), "")
    return f"{found.english()} {remedy}" if remedy else found.english()


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
        from desktop.api_client import SsoClient  # httpx: only commands that sign in need it

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


# -- the trust profile, shared by verify and redeem -------------------------------------


def add_trust_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("trust")
    group.add_argument(
        "--profile",
        choices=PROFILES,
        default=PRODUCTION,
        help="trust profile (default: production, as in the window); 'test' trusts the "
        "demo's TEST root and any --trust-root, for demos and testing only",
    )
    group.add_argument(
        "--trust-root",
        action="append",
        default=[],
        metavar="PEM",
        help="with --profile test: also trust this TEST root (and the signer certificates "
        "in the file), e.g. the trust/test-root.pem of an estelam-mock's data directory; "
        "may be repeated",
    )


def proof_from_args(args: argparse.Namespace, **options: Any) -> Proof:
    """The checker for --profile and --trust-root; UsageError when they cannot be used."""
    if args.trust_root and args.profile != TEST:
        raise UsageError("--trust-root applies only with --profile test.")
    try:
        return Proof(args.profile, trust_roots=[Path(p) for p in args.trust_root], **options)
    except OSError as exc:
        raise UsageError(f"The trust root {exc.filename} cannot be read: {exc.strerror}.") from None
    except ValueError as exc:
        raise UsageError(f"The trust root cannot be used: {exc}.") from None


def profile_mark(profile: str) -> str:
    """What every verdict under the test profile carries, so it is never taken for real."""
    return " [TEST]" if profile == TEST else ""


def spreadsheet_sentence(exc: SpreadsheetError) -> str:
    """Why a spreadsheet cannot be imported, naming the options that resolve it."""
    if exc.code == "ambiguous":
        return f"{exc.message} Use --sheet and --column."
    if exc.code == "no_id_column":
        return "No column holds national IDs; name it with --column."
    return exc.message
