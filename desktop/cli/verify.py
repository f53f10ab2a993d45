"""`estelam-desk verify PATH...`: prove certificates offline, PDFs or scans of printouts.

Paths may be files or folders (every file inside, recursively). Each file is checked in
a worker process with a time and memory limit, against the trust profile (--profile,
production unless told otherwise; under test every verdict says TEST) and a revocation
list: --crl FILE, else the list cached in the per-user data directory.

Exit status: 0 every file is VALID; 5 at least one is not (its verdict names why);
2 usage error (no files, an unreadable --crl, an unknown profile).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from desktop.cli.common import (
    EXIT_NOT_VALID,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_trust_arguments,
    profile_mark,
    proof_from_args,
)
from desktop.core import wording
from desktop.core.certificates import Verdict, Verification
from desktop.core.proof import QR_CLAIMS, is_scan


def add_verify(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register `verify` on the top-level command parser's subparsers."""
    verify = subparsers.add_parser(
        "verify",
        help="check certificates offline (PDF or a scan of a printout)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    verify.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    verify.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    verify.add_argument("--crl", metavar="FILE", help="a revocation list (DER or PEM)")
    verify.add_argument(
        "--timeout", type=float, default=15.0, metavar="S", help="seconds allowed per file"
    )
    verify.add_argument(
        "--workers",
        type=int,
        default=min(4, os.cpu_count() or 1),
        metavar="N",
        help="files checked at once",
    )
    add_trust_arguments(verify)
    verify.set_defaults(handler=_handle)


async def _handle(args: argparse.Namespace) -> int:
    # Verification is CPU work in worker processes; keep the command's event loop free.
    return await asyncio.to_thread(run_verify, args)


def run_verify(args: argparse.Namespace) -> int:
    from desktop.core.audit import Actor, AuditLog
    from desktop.core.certificates import RevocationError
    from desktop.core.proof import collect, verification_json

    threading.Thread(target=_load_keyring, name="keyring", daemon=True).start()
    try:
        proof = proof_from_args(args, workers=max(1, args.workers), timeout_s=args.timeout)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    mark = profile_mark(proof.profile)
    if args.crl:
        try:
            proof.use_revocation_list(Path(args.crl).read_bytes())
        except (OSError, RevocationError) as exc:
            print(f"The revocation list {args.crl} cannot be used: {exc}", file=sys.stderr)
            return EXIT_USAGE
    # A missing file is kept: it gets its own UNREADABLE verdict.
    files = collect(args.paths)
    if not files:
        print("No files to verify.", file=sys.stderr)
        return EXIT_USAGE

    results = []
    audit, actor = AuditLog(), Actor.local()
    try:
        # Each line shows as soon as its file is checked; results that are ready together
        # share one audit transaction.
        for checked in proof.check(files, audit=audit, actor=actor, fill=False):
            results.extend(checked)
            if not args.json:
                for result in checked:
                    print(_lines(result, mark), flush=True)
        revocations = proof.revocations()
    finally:
        proof.close()
        # Sealed now, not after the sealer's pause between two seals: the process would
        # wait for it on its way out.
        audit.close()

    all_valid = all(r.verdict is Verdict.VALID for r in results)
    verdicts = Counter(r.verdict.value for r in results)
    logging.getLogger(__name__).info(
        "verified %d file(s) under %s: %s", len(results), proof.profile, dict(verdicts)
    )
    summary = _revocation_summary(revocations, proof.revocation_problem)
    if args.json:
        doc = {
            "profile": proof.profile,
            "test_authority": bool(mark),
            "all_valid": all_valid,
            "revocation": summary,
            "files": [{**verification_json(r), "test_authority": bool(mark)} for r in results],
        }
        print(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        tally = ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items()))
        note = " TEST: for demos and testing only, never for real cases." if mark else ""
        print(f"{len(results)} file(s): {tally}. Trust profile: {proof.profile}.{note}")
        print(f"Revocation list: {summary['text']}")
    return EXIT_OK if all_valid else EXIT_NOT_VALID


def _load_keyring() -> None:
    """The audit trail is sealed with a key in the OS keyring: load keyring and find its
    backend (imports, and probes of the platform that run a compiler) while the worker
    checks the first file, instead of after it."""
    from desktop.core.secrets import SecretStore

    with contextlib.suppress(Exception):  # the record itself reports a keyring that fails
        _ = SecretStore().backend


def _lines(result: Verification, mark: str) -> str:
    """The verdict line; a scan's says it proved its QR code and lists what to compare."""
    line = f"{result.verdict + mark:<25} {result.source}"
    if result.verdict is not Verdict.VALID and result.reason:
        line += f" — {result.reason}"
    if not is_scan(result) or not result.claims:
        return line
    if result.verdict is Verdict.VALID:
        line += f" — {wording.SCAN_GENUINE.en}"
    claims = result.claims
    details = [
        f"    {label}: {claims.get(key) or '—'}"
        for label, key in zip(_CLAIM_LABELS, QR_CLAIMS, strict=True)
    ]
    not_checked = [f"    - {words.en}" for words in wording.SCAN_NOT_CHECKED.values()]
    return "\n".join(
        [line, *details, "    Not checked (a scan proves its QR code only):", *not_checked]
    )


_CLAIM_LABELS = ("National ID", "Status", "Serial", "Issued", "Valid until")


def _revocation_summary(revocations: Any, warning: str) -> dict[str, Any]:
    if revocations is None:
        text = warning or "none available; revocation cannot be ruled out"
        return {"available": False, "text": text}
    now = dt.datetime.now(dt.UTC)
    hours = revocations.age(now).total_seconds() / 3600
    age = f"{hours:.1f} hours" if hours < 48 else f"{hours / 24:.1f} days"
    fresh = "fresh" if revocations.is_fresh(now) else "STALE"
    issued = revocations.this_update.strftime("%Y-%m-%d %H:%M UTC")
    return {
        "available": True,
        "this_update": revocations.this_update.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "age_seconds": revocations.age(now).total_seconds(),
        "fresh": revocations.is_fresh(now),
        "revoked_serials": len(revocations.serials),
        "text": f"issued {issued}, {age} old ({fresh})",
    }
