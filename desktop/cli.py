"""Headless commands: `estelam-desk inquire 0012345679 --case-ref ... --server ...`.

Exit status: 0 done; 2 usage or input error; 3 sign-in or permission refused; 4 network
or server trouble. Every failure prints one sentence to stderr; nothing secret is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

from desktop import APP_ID, __version__
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
    EstelamError,
    Forbidden,
    InquiryStatus,
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
    StatusResult,
    Timeout,
    TokenInvalid,
    TooManyAttempts,
    UntrustedServer,
    UsagePasswordInvalid,
    ValidationFailed,
    check_server_url,
    normalize_server_url,
)
from desktop.cli_batch import add_batch_check
from desktop.cli_desktop_entry import add_install_desktop_entry
from desktop.cli_verify import add_verify
from desktop.core import jalali, logs
from desktop.core.audit import AuditLog
from desktop.core.inquiry import check_input, inquire_one
from desktop.core.national_id import Invalid, InvalidNationalId
from desktop.core.secrets import MemoryStore
from desktop.core.session import Session

log = logging.getLogger(__name__)

SUBCOMMANDS = frozenset({"inquire", "batch", "verify", "redeem", "audit", "install-desktop-entry"})

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_NETWORK = 4
EXIT_NOT_VALID = 5  # redeem, verify: no valid certificate

PASSWORD_ENV = "ESTELAM_PASSWORD"

_EXIT_HELP = """exit status:
  0  done
  1  unexpected error (a bug; please report the message)
  2  usage or input error (bad arguments, invalid national ID, missing case reference)
  3  sign-in or permission refused (password, one-time code, locked account, scope)
  4  network or server trouble (unreachable, timeout, server error, rate or quota limit)
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
    UsagePasswordInvalid: (
        "The tracking code or the usage password is wrong; check both with the person "
        "(a few wrong usage passwords lock the code)."
    ),
    CodeLocked: (
        "This tracking code is locked after too many wrong usage passwords; the person "
        "must obtain a new certificate."
    ),
    CertificateExpired: "This certificate has expired; the person can obtain a new one.",
    CertificateRevoked: "The SSO has revoked this certificate.",
    RedeemRefused: "The server would not hand over this certificate.",
}


def sentence(error: BaseException) -> str:
    if isinstance(error, InvalidNationalId):
        return _ID_REASONS[error.reason]
    if isinstance(error, UsageError):
        return str(error)
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


# -- inquire -----------------------------------------------------------------------------

_STATUS_TEXT: dict[InquiryStatus, str] = {
    InquiryStatus.INSURED_ACTIVE: "insured, contributions current",
    InquiryStatus.INSURED_INACTIVE: "insured, no current contributions",
    InquiryStatus.PENSIONER: "pensioner",
    InquiryStatus.DEPENDENT_OF_INSURED: "dependent of an insured person",
    InquiryStatus.DEPENDENT_OF_PENSIONER: "dependent of a pensioner",
    InquiryStatus.NOT_FOUND: "not found: no insurance record for this national ID",
}


def format_status(result: StatusResult) -> str:
    rows: list[tuple[str, Any]] = [
        ("National ID", result.national_id),
        ("Status", _STATUS_TEXT[result.status]),
    ]
    if result.status is not InquiryStatus.NOT_FOUND:
        name = " ".join(p for p in (result.first_name, result.last_name) if p)
        rows += [
            ("Name", name or None),
            ("Father's name", result.father_name),
            (
                "Birth date",
                result.birth_date
                and f"{result.birth_date.isoformat()} "
                f"({jalali.format_date(result.birth_date, persian_digits=False)} Jalali)",
            ),
            ("Gender", result.gender),
            ("Insurance number", result.insurance_number),
            ("Insurance kind", result.insurance_kind and result.insurance_kind.value),
            (
                "Last contribution",
                result.last_contribution_month
                and f"{result.last_contribution_month} (Jalali year-month)",
            ),
            (
                "Total record",
                result.total_record
                and f"{result.total_record.years} years, {result.total_record.months} months, "
                f"{result.total_record.days} days",
            ),
            ("Workshop", result.workshop and f"{result.workshop.name} ({result.workshop.id})"),
            ("Branch", result.branch and f"{result.branch.name} ({result.branch.code})"),
            ("Pension kind", result.pension_kind and result.pension_kind.value),
        ]
    rows += [
        (
            "As of",
            f"{result.as_of.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC "
            f"({jalali.format_datetime(result.as_of, persian_digits=False)} local, Jalali)",
        ),
        ("Inquiry ID", result.inquiry_id),
    ]
    width = max(len(label) for label, _ in rows) + 1
    return "\n".join(f"{label + ':':<{width}} {value}" for label, value in rows if value)


async def _inquire(args: argparse.Namespace) -> int:
    check_input(args.national_id, args.case_ref)  # before signing in: no SMS for a typo
    session = await sign_in_from_args(args)
    try:
        result = await inquire_one(session, args.national_id, args.case_ref, audit=AuditLog())
    finally:
        await end_session(session)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_status(result))
    return EXIT_OK


# -- entry point -------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """Raises UsageError instead of printing usage and exiting, so run() owns the output."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message[:1].upper()}{message[1:]} (see --help).")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=APP_ID,
        description="Estelam Desk headless commands.",
        epilog=_EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    inquire = commands.add_parser(
        "inquire",
        help="ask for one person's insurance status",
        description="Sign in, ask for one person's insurance status, print it.",
        epilog=_EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    inquire.add_argument("national_id", metavar="NATIONAL_ID", help="10 digits, either digit set")
    inquire.add_argument(
        "--case-ref", required=True, metavar="REF", help="the case or letter number"
    )
    inquire.add_argument("--json", action="store_true", help="print the result as JSON")
    add_sign_in_arguments(inquire)
    inquire.set_defaults(handler=_inquire)
    add_batch_check(commands)
    add_verify(commands)
    # Imported here: the command uses this module's sign-in helpers.
    from desktop.cli_redeem import add_redeem

    add_redeem(commands)
    add_install_desktop_entry(commands)
    from desktop.cli_audit import add_audit

    add_audit(commands)
    return parser


def run(argv: Sequence[str]) -> int:
    """Run a command; returns the exit status."""
    _start_log(argv)
    try:
        args = build_parser().parse_args(list(argv))
        status = asyncio.run(args.handler(args))
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        log.info("interrupted")
        return 130
    except (EstelamError, InvalidNationalId, UsageError) as exc:
        print(sentence(exc), file=sys.stderr)
        log.warning("%s: exit %d", type(exc).__name__, exit_code(exc))
        return exit_code(exc)
    except Exception as exc:  # a bug: still one line, with what support needs to find it
        print(f"Unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        log.exception("unexpected %s", type(exc).__name__)
        return EXIT_BUG
    log.info("exit %d", status)
    return status


def _start_log(argv: Sequence[str]) -> None:
    """The command's lines go to the app's log file; a data directory that cannot be
    written costs the log, not the command."""
    command = " ".join(word for word in list(argv)[:2] if word.isalpha())
    try:
        logs.setup(f"command {command}".strip())
    except OSError as exc:
        print(f"Not logging: {exc.strerror or exc}", file=sys.stderr)


def main() -> int:
    return run(sys.argv[1:])


if __name__ == "__main__":
    raise SystemExit(main())
