"""The audit trail's hash chain and its head: how a record's hash is made, and the walk
that finds where a chain was edited, cut, reordered or added to.

Each record's hash covers its fields and the hash of the record before it, so an edited,
inserted, removed or reordered record breaks the chain at that place. Removing the
newest records leaves a shorter chain that is intact in itself, so the head (count and
hash) is also kept outside the database, in ``audit.sqlite3.anchor``; a log shorter than
its anchor, or whose record at the anchor's count has another hash, is reported as
truncated or edited. The anchor is written after each commit, so a crash between the two
leaves it one commit behind, which the walk accepts (it then guards a slightly older head).

Pure functions over rows and files: no database connection of its own.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
import os
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

GENESIS = "0" * 64

# The chained fields, in hash order (seq and prev_hash are added around them).
CHAINED = (
    "at",
    "kind",
    "clerk",
    "agency",
    "case_reference",
    "purpose",
    "subject",
    "result_digest",
    "server_ref",
    "outcome",
    "job",
)

#: A record as the walk reads it: the chained fields by name, with seq, prev_hash, hash.
Row = Mapping[str, Any]


class Problem(enum.StrEnum):
    """What is wrong where a chain breaks."""

    EDITED = "edited"  # the record's fields no longer match its hash
    MISSING = "missing"  # the record with this number was removed
    REORDERED = "reordered"  # the record sits at another record's place
    INSERTED = "inserted"  # a record not made by the log was put in the chain
    TRUNCATED = "truncated"  # the newest records, from this number on, were removed
    NO_ANCHOR = "no-anchor"  # the head's anchor file is gone: truncation not checkable


@dataclasses.dataclass(frozen=True)
class ChainReport:
    ok: bool
    count: int
    first_bad: int | None = None
    problem: Problem | None = None
    detail: str = ""

    def sentence(self) -> str:
        """One sentence for a terminal or a support ticket."""
        if self.ok:
            return f"Audit trail intact: {self.count:,} records."
        return f"Audit trail broken at record {self.first_bad}: {self.detail}"

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "count": self.count,
            "first_bad": self.first_bad,
            "problem": self.problem.value if self.problem else None,
            "detail": self.detail,
        }


def chain_hash(seq: int, prev_hash: str, fields: Sequence[Any]) -> str:
    """SHA-256 over the fields, each length-prefixed (so no two records share an input),
    None written apart from "". Plain string work: a bulk run hashes thousands of these."""
    text = "".join(
        "-;" if v is None else f"{len(t := str(v))}:{t};" for v in (seq, prev_hash, *fields)
    )
    return hashlib.sha256(text.encode()).hexdigest()


def write_anchor(path: Path, count: int, head: str) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps({"count": count, "hash": head}))
    os.replace(tmp, path)


def read_anchor(path: Path) -> tuple[int, str] | None:
    try:
        data = json.loads(path.read_text())
        return int(data["count"]), str(data["hash"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError):
        return (-1, "")  # a damaged anchor is reported, never ignored


def walk(rows: Sequence[Row], anchor: tuple[int, str] | None, anchor_name: str) -> ChainReport:
    """Walk the chain from the first record; report the first place it breaks."""
    count = len(rows)
    prev = GENESIS
    for position, row in enumerate(rows, start=1):
        fields = [row[name] for name in CHAINED]
        if row["seq"] != position:
            return _broken(count, position, Problem.MISSING, "the record is missing")
        if chain_hash(position, row["prev_hash"], fields) != row["hash"]:
            if row["prev_hash"] == prev:
                return _broken(count, position, Problem.EDITED, "its fields were changed")
            return _misplaced(rows, position, prev, count)
        if row["prev_hash"] != prev:
            return _broken(
                count, position, Problem.INSERTED, "it does not follow the record before it"
            )
        prev = row["hash"]
    if anchor is None:
        if count:
            return _broken(
                count,
                count,
                Problem.NO_ANCHOR,
                f"the anchor file {anchor_name} is missing, so removal of "
                "the newest records cannot be ruled out",
            )
        return ChainReport(True, 0)
    anchored, head = anchor
    if anchored < 0:
        return _broken(count, count, Problem.NO_ANCHOR, "the anchor file is damaged")
    if count < anchored:
        return _broken(
            count,
            count + 1,
            Problem.TRUNCATED,
            f"the newest records were removed ({anchored - count:,} of {anchored:,} are gone)",
        )
    if anchored and rows[anchored - 1]["hash"] != head:
        return _broken(
            count,
            anchored,
            Problem.EDITED,
            "the chain was rewritten: it does not match its anchor",
        )
    return ChainReport(True, count)


def _broken(count: int, seq: int, problem: Problem, what: str) -> ChainReport:
    return ChainReport(False, count, seq, problem, f"{what} ({problem.value}).")


def _misplaced(rows: Sequence[Row], position: int, prev: str, count: int) -> ChainReport:
    """The record at `position` is not the one the chain expects: the expected one is
    elsewhere (reordered) or nowhere (removed, later ones renumbered)."""
    for other, row in enumerate(rows, start=1):
        if other != position and row["prev_hash"] == prev:
            fields = [row[name] for name in CHAINED]
            if chain_hash(position, row["prev_hash"], fields) == row["hash"]:
                return _broken(
                    count,
                    position,
                    Problem.REORDERED,
                    f"it was swapped with record {other}",
                )
    return _broken(count, position, Problem.MISSING, "the record is missing")
