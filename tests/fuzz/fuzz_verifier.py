"""Coverage-guided fuzz of the offline certificate verifier (`verify_pdf`), with atheris.

Not part of the test suite (atheris is not a project dependency). Run it from the
repository root, with atheris installed into a folder of its own:

    python -m pip install --target /tmp/atheris-lib atheris
    PYTHONPATH=$PWD:/tmp/atheris-lib python tests/fuzz/fuzz_verifier.py \
        /tmp/fuzz-corpus ../shared/corpora/pyhanko-pdfs \
        -max_total_time=900 -timeout=20 -rss_limit_mb=2048

The first folder is the corpus the fuzzer grows; it is seeded with a certificate from the
mock's issuer (signed with its test keys), certificate.pdf, which later runs reuse.
Further folders are read as extra seeds: pyHanko's test PDFs give it broken
cross-reference tables, object streams and signatures.

The contract checked for every input:
- `verify_pdf` returns a Verification; nothing escapes it, and no input reaches its
  last-resort handler (an exception no check anticipated, reported as "could not be
  read"): every damaged file is named by the check it fails;
- a VALID verdict only for bytes whose signed content (every byte outside the signature's
  /Contents hole) equals that of a certificate the issuer made: a change anywhere in
  the signed range must never be VALID.
A failing input is written by libFuzzer as crash-<sha1> in the working folder.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sys
from pathlib import Path

import atheris

from tests import issuer_fixtures

with atheris.instrument_imports(
    include=["desktop.core.certificates", "pyhanko", "pyhanko_certvalidator"]
):
    # pyHanko is imported inside the verifier's functions; import it here so it is
    # instrumented too.
    import pyhanko.pdf_utils.reader
    import pyhanko.sign.validation  # noqa: F401

    from desktop.core.certificates import load_crl, verify_pdf
    from desktop.core.certificates.verify import Verdict
    from desktop.mock_backend.certificates.issuer import build_crl, make_certificate

# pyHanko logs every oddity of a damaged file; millions of lines hide the findings.
logging.disable(logging.CRITICAL)

_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")

ISSUER = issuer_fixtures.issuer()
TRUST = issuer_fixtures.trusted()
# One certificate per corpus: the inputs a run keeps are mutations of it, so a later run
# must check them against the same file (a new one would be signed differently).
CORPUS = next((Path(a) for a in sys.argv[1:] if not a.startswith("-")), None)
STORED = CORPUS / "certificate.pdf" if CORPUS else None
if STORED is not None and STORED.exists():
    SEED = STORED.read_bytes()
else:
    SEED = make_certificate("0012345679", keys=ISSUER)[1]
    if STORED is not None:
        STORED.parent.mkdir(parents=True, exist_ok=True)
        STORED.write_bytes(SEED)
# A day after the certificate was issued, with a revocation list made that day.
_issued = verify_pdf(SEED, TRUST, None).claims or {}
NOW = dt.datetime.fromisoformat(_issued["issued_at"].replace("Z", "+00:00")) + dt.timedelta(days=1)
CRL = load_crl(build_crl([], ISSUER, now=NOW.timestamp()), TRUST)


def signed_content(data: bytes) -> bytes | None:
    """The bytes a certificate's signature covers: the file without its /Contents hole."""
    found = _BYTE_RANGE.search(data)
    if not found:
        return None
    a, b, c, d = map(int, found.groups())
    return data[a : a + b] + data[c : c + d]


KNOWN_SIGNED = {signed_content(SEED)}
assert verify_pdf(SEED, TRUST, CRL, NOW).verdict is Verdict.VALID, "the seed must be VALID"


# The detail verify_pdf gives when an exception reached its last-resort handler.
LAST_RESORT = "the file could not be read ("


def test_one_input(data: bytes) -> None:
    result = verify_pdf(data, TRUST, CRL, NOW)
    readable = result.check("readable")
    if readable is not None and readable.detail.startswith(LAST_RESORT):
        raise AssertionError(f"an exception no check anticipated: {readable.detail}")
    if result.verdict is Verdict.VALID and signed_content(data) not in KNOWN_SIGNED:
        raise AssertionError(f"VALID for a changed file: {result.to_json()}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
