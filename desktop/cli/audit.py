"""`estelam-desk audit verify [--json]`: is the local audit trail intact?"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from desktop.cli import common
from desktop.core.audit import AuditLog, ChainReport

_HELP = """exit status:
  0  the audit trail is intact (the sentence says when its head is not sealed because
     no keyring could be used: then only accidents and casual edits are found)
  1  unexpected error (a bug; please report the message)
  5  the audit trail is broken: a record was edited, removed, reordered or inserted,
     the newest records were removed, an older copy was put back, or the anchor file
     was changed or its key is gone from the keyring
"""


def add_audit(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register `audit` on the top-level command parser's subparsers."""
    audit = subparsers.add_parser(
        "audit",
        help="check the local audit trail",
        description="The record of every look-up made from this computer.",
    )
    actions = audit.add_subparsers(dest="action", required=True, parser_class=type(audit))
    verify = actions.add_parser(
        "verify",
        help="check that no record was changed, removed or reordered",
        description="Walk the audit trail's hash chain and say where it breaks, if it does.",
        epilog=_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("--json", action="store_true", help="print the report as JSON")
    verify.set_defaults(handler=_verify)


async def _verify(args: argparse.Namespace) -> int:
    report = await asyncio.to_thread(_check)
    if args.json:
        doc = report.to_json() | {"sentence": report.sentence()}
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        print(report.sentence())
    return common.EXIT_OK if report.ok else common.EXIT_NOT_VALID


def _check() -> ChainReport:
    with AuditLog() as log:
        return log.verify()
