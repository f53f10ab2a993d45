"""Every PDF from pyHanko's own test data: none is an SSO certificate, so none may be
VALID, none may crash the verifier, and each gets its verdict within a bounded time.

The files are checked in the sandbox, the way the app checks files from outside.
"""

from __future__ import annotations

import collections
import time
from pathlib import Path

import pytest

from desktop.core.certificates import SandboxedVerifier, Verdict
from tests import issuer_fixtures

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / ".." / "shared" / "corpora" / "pyhanko-pdfs"
TIMEOUT_S = 20.0


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the corpus is not at {CORPUS}")
def test_no_file_of_the_pyhanko_corpus_is_valid() -> None:
    files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    assert len(files) > 100
    verdicts: collections.Counter[str] = collections.Counter()
    timings: list[tuple[float, str]] = []
    with SandboxedVerifier(issuer_fixtures.trusted(), None, timeout_s=TIMEOUT_S) as sandbox:
        for path in files:
            started = time.perf_counter()
            result = sandbox.verify_path(path)
            timings.append((time.perf_counter() - started, path.name))
            assert result.verdict is not Verdict.VALID, path.name
            assert result.source == str(path)
            # A real verdict, not the time limit cutting the check off.
            assert "longer than" not in result.reason, path.name
            verdicts[str(result.verdict)] += 1
    slowest = max(timings)
    assert slowest[0] < TIMEOUT_S, slowest
    print(
        f"\n{len(files)} files, slowest {slowest[0] * 1000:.0f} ms ({slowest[1]}): {dict(verdicts)}"
    )
