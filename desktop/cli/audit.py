"""`estelam-desk audit verify [--json]`: is the local audit trail intact?
`estelam-desk audit compare [--json] --server URL --username U`: does each of the clerk's
lines in the agency's record at the SSO have its record here?"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any, Protocol

from desktop.cli import common
from desktop.core.audit import AuditLog, ChainReport
from desktop.core.history import History

_HELP = """exit status:
  0  the audit trail is intact (the sentence says when its head is not sealed because
     no keyring could be used: then only accidents and casual edits are found)
  1  unexpected error (a bug; please report the message)
  5  the audit trail is broken: a record was edited, removed, reordered or inserted,
     the newest records were removed, an older copy was put back, or the anchor file
     was changed or its key is gone from the keyring
"""


_COMPARE_HELP = """exit status:
  0  each of your lines at the SSO has a record here
  1  unexpected error (a bug; please report the message)
  3  signing in was refused or the session ended
  4  the server or the network failed
  5  some of your lines at the SSO have no record here
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
    compare = actions.add_parser(
        "compare",
        help="hold your lines in the agency's record at the SSO against this trail",
        description="Sign in, fetch the agency's newest lines at the SSO (500 at most), and "
        "say which of yours (an inquiry id or a certificate serial) have no record on this "
        "computer: removed here, or asked from another computer.",
        epilog=_COMPARE_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare.add_argument("--json", action="store_true", help="print the result as JSON")
    common.add_sign_in_arguments(compare)
    compare.set_defaults(handler=_compare)


class _Result(Protocol):
    @property
    def ok(self) -> bool: ...

    def sentence(self) -> str: ...

    def to_json(self) -> dict[str, Any]: ...


def _print(args: argparse.Namespace, result: _Result) -> int:
    """The result as one sentence, or as JSON with the sentence in it; its exit status."""
    if args.json:
        doc = result.to_json() | {"sentence": result.sentence()}
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        print(result.sentence())
    return common.EXIT_OK if result.ok else common.EXIT_NOT_VALID


async def _verify(args: argparse.Namespace) -> int:
    return _print(args, await asyncio.to_thread(_check))


async def _compare(args: argparse.Namespace) -> int:
    session = await common.sign_in_from_args(args)
    try:
        with AuditLog() as log:
            _items, comparison = await History(log, session).agency_record()
    finally:
        await common.end_session(session)
    return _print(args, comparison)


def _check() -> ChainReport:
    with AuditLog() as log:
        return log.verify()
