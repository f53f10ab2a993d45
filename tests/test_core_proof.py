"""The offline check as one use-case (core/proof.Proof): files in order, a few at a
time, each chunk in the audit trail, a given revocation list pinned."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from desktop.core.audit import AuditLog, Kind
from desktop.core.certificates import RevocationCache, RevocationError, Verdict
from desktop.core.proof import Proof, collect
from desktop.mock_backend.certificates import keys
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from tests import issuer_fixtures


@pytest.fixture
def proof(tmp_path: Path):
    proof = Proof("test", RevocationCache(tmp_path / "trust.sqlite3"))
    yield proof
    proof.close()


def test_check_hands_back_chunks_in_order_each_audited(proof: Proof, tmp_path: Path) -> None:
    _claims, pdf = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    folder = tmp_path / "certificates"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.pdf").write_bytes(pdf if n != 3 else b"not a certificate")
    audit = AuditLog(tmp_path / "audit.sqlite3")
    seen: list[int] = []

    chunks = []
    for chunk in proof.check(collect([folder]), audit=audit, chunk=2):
        # Handed on only once recorded: a crash after a chunk loses no record of it.
        seen.append(len(audit.search(kinds=[Kind.VERIFY])))
        chunks.append(chunk)

    assert [len(c) for c in chunks] == [2, 2, 1]
    assert seen == [2, 4, 5]
    results = [v for c in chunks for v in c]
    assert [Path(v.source or "").name for v in results] == [f"{n}.pdf" for n in range(5)]
    assert [v.verdict for v in results].count(Verdict.NOT_A_CERTIFICATE) == 1
    audit.close()


def test_unfilled_chunks_hold_what_is_ready(tmp_path: Path) -> None:
    """The command line's way: a result comes as soon as it is checked; what the worker
    checked while the last chunk was handled comes together, in one transaction."""
    _claims, pdf = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    files = []
    for n in range(6):
        files.append(tmp_path / f"{n}.pdf")
        files[-1].write_bytes(pdf)
    audit = AuditLog(tmp_path / "audit.sqlite3")
    proof = Proof("test", RevocationCache(tmp_path / "trust.sqlite3"), workers=1)
    list(proof.check(files[:1]))  # the worker started, so only checks are timed below
    chunks = []
    for chunk in proof.check(files, audit=audit, chunk=4, fill=False):
        chunks.append(chunk)
        if len(chunks) == 1:
            time.sleep(3)  # a slow reader: the worker checks the rest meanwhile
    proof.close()

    assert len(chunks[0]) <= 2  # (only a stalled reader finds the second file done too)
    assert len(chunks[1]) == 4
    assert [v.source for c in chunks for v in c] == [str(f) for f in files]
    assert len(audit.search(kinds=[Kind.VERIFY])) == 6
    audit.close()


def test_a_given_revocation_list_replaces_the_cached_one(proof: Proof, tmp_path: Path) -> None:
    _claims, pdf = make_certificate("0012345679", keys=issuer_fixtures.issuer())
    path = tmp_path / "one.pdf"
    path.write_bytes(pdf)
    [[before]] = proof.check([path])
    assert before.verdict is Verdict.INDETERMINATE  # no list anywhere

    proof.use_revocation_list(build_crl([], issuer_fixtures.issuer()))
    [[after]] = proof.check([path])
    assert after.verdict is Verdict.VALID
    proof.reload()  # a reload reads the cache, which a pinned list outranks
    assert proof.revocations() is not None

    impostor, _root_key = keys.make_keys()
    with pytest.raises(RevocationError):
        proof.use_revocation_list(build_crl([], impostor))
