"""`estelam-desk inquire NATIONAL_ID --case-ref REF --server URL ...`: one person's
insurance status, headless."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import Any

from desktop.api_client import InquiryStatus, StatusResult
from desktop.cli.common import (
    EXIT_HELP,
    EXIT_OK,
    add_sign_in_arguments,
    end_session,
    sign_in_from_args,
)
from desktop.core import jalali
from desktop.core.audit import AuditLog
from desktop.core.inquiry import check_input, inquire_one


def add_inquire(commands: argparse._SubParsersAction[Any]) -> None:
    inquire = commands.add_parser(
        "inquire",
        help="ask for one person's insurance status",
        description="Sign in, ask for one person's insurance status, print it.",
        epilog=EXIT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    inquire.add_argument("national_id", metavar="NATIONAL_ID", help="10 digits, either digit set")
    inquire.add_argument(
        "--case-ref", required=True, metavar="REF", help="the case or letter number"
    )
    inquire.add_argument("--json", action="store_true", help="print the result as JSON")
    add_sign_in_arguments(inquire)
    inquire.set_defaults(handler=_handle)


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


async def _handle(args: argparse.Namespace) -> int:
    check_input(args.national_id, args.case_ref)  # before signing in: no SMS for a typo
    session = await sign_in_from_args(args)
    try:
        # Closed before the command returns: its head sealed now, not by a sealer thread
        # that the process's exit would wait for.
        with AuditLog() as audit:
            result = await inquire_one(session, args.national_id, args.case_ref, audit=audit)
    finally:
        await end_session(session)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_status(result))
    return EXIT_OK
