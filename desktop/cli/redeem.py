"""`estelam-desk redeem --code CODE --usage-password-stdin -o OUT.pdf`: fetch and prove.

Signs in as `inquire` does, except that the sign-in password comes from $ESTELAM_PASSWORD:
standard input carries the person's usage password. The certificate is fetched, the
revocation list brought up to date when it is more than an hour old, and the PDF
verified offline in a sandboxed worker under the trust profile (--profile, production
unless told otherwise; under test the verdict says TEST). OUT.pdf is written whatever
the verdict; --report adds the verification report. Neither the usage password nor any
token is ever printed.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli import common
from desktop.core.audit import AuditLog
from desktop.core.certificates import RevocationError, Verification
from desktop.core.redeem import (
    Field,
    InvalidRedeemInput,
    Reason,
    RedeemOutcome,
    check_input,
    redeem,
    save_pdf,
    write_report,
)

EXIT_HELP = common.EXIT_HELP + (
    "  5  no valid certificate: the code is locked, the certificate expired or was\n"
    "     revoked, or the fetched file did not verify as VALID (its verdict says why)\n"
)

_INPUT_SENTENCES: dict[tuple[Field, Reason], str] = {
    (Field.TRACKING_CODE, Reason.EMPTY): "No tracking code was given (--code).",
    (Field.TRACKING_CODE, Reason.CHARACTERS): (
        "A tracking code has digits only, like 1405-1234-5674."
    ),
    (Field.TRACKING_CODE, Reason.LENGTH): "A tracking code has 12 digits, like 1405-1234-5674.",
    (Field.TRACKING_CODE, Reason.CHECK_DIGIT): (
        "This tracking code has a typo: its check digit does not match."
    ),
    (Field.USAGE_PASSWORD, Reason.EMPTY): "No usage password was given on standard input.",
    (Field.USAGE_PASSWORD, Reason.CHARACTERS): (
        "A usage password has Latin letters and digits only; check the keyboard language."
    ),
    (Field.USAGE_PASSWORD, Reason.LENGTH): "A usage password has 8 characters.",
}


def add_redeem(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register `redeem` on the top-level command parser's subparsers."""
    redeem = subparsers.add_parser(
        "redeem",
        help="fetch a certificate by tracking code and usage password, and verify it",
        description=__doc__,
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    redeem.add_argument(
        "--code", required=True, metavar="CODE", help="tracking code, e.g. 1405-1234-5674"
    )
    redeem.add_argument(
        "--usage-password-stdin",
        action="store_true",
        help="read the usage password from the first line of stdin (else asked on the terminal)",
    )
    redeem.add_argument(
        "-o", "--output", required=True, metavar="OUT.pdf", help="where to save the certificate"
    )
    redeem.add_argument("--report", metavar="REPORT.pdf", help="also write the verification report")
    redeem.add_argument("--json", action="store_true", help="print the outcome as JSON")
    common.add_trust_arguments(redeem)
    common.add_sign_in_arguments(redeem)
    redeem.set_defaults(handler=_handle)


def _usage_password(args: argparse.Namespace) -> str:
    if args.usage_password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise common.UsageError("No usage password: use --usage-password-stdin.")
    return getpass.getpass("Usage password: ")


def _writable(path: str) -> Path:
    target = Path(path)
    if not target.parent.is_dir():
        raise common.UsageError(f"No such folder for {path!r}.")
    return target


async def _handle(args: argparse.Namespace) -> int:
    if args.password_stdin:
        raise common.UsageError(
            f"Standard input carries the usage password; set ${common.PASSWORD_ENV} to sign in."
        )
    # Everything that can be checked here is checked before signing in: no SMS is sent,
    # and no usage-password attempt spent, for a typo.
    try:
        code, password = check_input(args.code, _usage_password(args))
    except InvalidRedeemInput as exc:
        raise common.UsageError(_INPUT_SENTENCES[(exc.field, exc.reason)]) from None
    output = _writable(args.output)
    report = _writable(args.report) if args.report else None
    proof = common.proof_from_args(args, workers=1)
    try:
        session = await common.sign_in_from_args(args)
        try:
            me = session.me
            with AuditLog() as audit:  # sealed before the command returns
                outcome = await redeem(session, proof, code, password, audit=audit)
        finally:
            await common.end_session(session)
    finally:
        proof.close()

    save_pdf(outcome, output)
    if report is not None:
        write_report(outcome, me, report)
    if args.json:
        print(json.dumps(to_json(outcome, output, report), ensure_ascii=False, indent=2))
    else:
        print(describe(outcome, output, report))
    return common.EXIT_OK if outcome.ok else common.EXIT_NOT_VALID


def to_json(outcome: RedeemOutcome, output: Path, report: Path | None) -> dict[str, Any]:
    """The verification (the PDF's own claims, verdict, checks) and what was redeemed."""
    data = outcome.verification.to_json()
    data.pop("path", None)
    error = outcome.refresh_error
    return {
        "verdict": data.pop("verdict"),
        "test_authority": bool(common.profile_mark(outcome.verification.profile)),
        "reason": data.pop("reason"),
        "serial": outcome.claims.get("serial"),
        "tracking_code": outcome.certificate.tracking_code,
        "redeemed_at": outcome.certificate.redeemed_at.isoformat().replace("+00:00", "Z"),
        "sha256": outcome.sha256,
        "output": str(output),
        "report": None if report is None else str(report),
        "server_claims_match": outcome.server_claims_match,
        "revocation_refreshed": outcome.revocations_refreshed,
        "revocation_refresh_error": None if error is None else _refresh_problem(error),
        **data,
    }


def describe(outcome: RedeemOutcome, output: Path, report: Path | None) -> str:
    v = outcome.verification
    claims = outcome.claims
    name = " ".join(str(claims[k]) for k in ("first_name", "last_name") if claims.get(k))
    rows: list[tuple[str, Any]] = [
        (
            "Verdict",
            f"{v.verdict}{common.profile_mark(v.profile)}" + (f" — {v.reason}" if v.reason else ""),
        ),
        ("Serial", claims.get("serial")),
        ("National ID", claims.get("national_id")),
        ("Name", name),
        ("Status", claims.get("status")),
        ("Valid until", claims.get("expires_at")),
        ("SHA-256", outcome.sha256),
        ("Trust profile", v.profile),
        ("Revocation list", _revocation_text(v, outcome)),
        ("Saved", output),
        ("Report", report),
    ]
    if not outcome.server_claims_match and claims:
        rows.append(("Note", "the server's description differs from the file; the file decides"))
    width = max(len(label) for label, _ in rows) + 1
    return "\n".join(f"{label + ':':<{width}} {value}" for label, value in rows if value)


def _revocation_text(v: Verification, outcome: RedeemOutcome) -> str:
    state = v.revocation
    if not state.available or state.age_seconds is None:
        text = "none available; revocation cannot be ruled out"
    else:
        hours = state.age_seconds / 3600
        age = f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"
        text = f"{age} old" + ("" if state.fresh else " (STALE)")
    if outcome.revocations_refreshed:
        text += ", updated now"
    elif outcome.refresh_error is not None:
        text += f"; could not update it: {_refresh_problem(outcome.refresh_error)}"
    return text


def _refresh_problem(error: Exception) -> str:
    # A refused list (bad signature, older than the cached one) says why in its message.
    return str(error) if isinstance(error, RevocationError) else common.sentence(error)
