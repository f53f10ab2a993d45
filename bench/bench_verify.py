"""Certificate verification speed: the full offline check against poppler's pdfsig.

Issues COUNT certificates (default 500) into a temporary folder with the mock's issuer,
then times, per file:

- ``verify_pdf`` in this process (signature, trust, coverage, QR signature, claims,
  printed QR, revocation, expiry);
- the same through ``SandboxedVerifier`` (one worker process: the app's path for files
  from outside), and with two workers for throughput;
- ``pdfsig FILE`` (poppler-utils), which checks the signature only, as a yardstick.

Run: ``python bench/bench_verify.py [--count N]``. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.certificates import (
    SandboxedVerifier,
    Verdict,
    load_crl,
    verify_pdf,
)
from desktop.mock_backend.certificates.issuer import (
    build_crl,
    make_certificate,
    new_serial,
)
from desktop.mock_backend.national_id import with_check_digit
from tests import issuer_fixtures


def issue(folder: Path, count: int) -> list[Path]:
    keys = issuer_fixtures.issuer()
    paths = []
    started = time.perf_counter()
    for i in range(count):
        nid = with_check_digit(f"{100_000_000 + i * 7919:09d}")
        _, pdf = make_certificate(nid, keys=keys)
        path = folder / f"cert-{i:04d}.pdf"
        path.write_bytes(pdf)
        paths.append(path)
    took = time.perf_counter() - started
    print(f"issued {count} certificates in {took:.1f} s ({took / count * 1000:.0f} ms each)")
    return paths


def timed(paths: list[Path], one: Callable[[Path], object]) -> list[float]:
    times = []
    for path in paths:
        started = time.perf_counter()
        one(path)
        times.append(time.perf_counter() - started)
    return times


def row(name: str, times: list[float], note: str = "") -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[int(len(ms) * 0.95) - 1]
    return (
        f"| {name:<34} | {statistics.mean(ms):7.1f} | {statistics.median(ms):7.1f} "
        f"| {p95:7.1f} | {note}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    args = parser.parse_args()
    trust = issuer_fixtures.trusted()
    keys = issuer_fixtures.issuer()
    # A list with some other serials on it, so the lookup is not of an empty set.
    revoked = [(new_serial(), time.time()) for _ in range(200)]
    revocations = load_crl(build_crl(revoked, keys), trust)

    with tempfile.TemporaryDirectory(prefix="estelam-bench-") as tmp:
        paths = issue(Path(tmp), args.count)
        rows = []

        def in_process(path: Path) -> None:
            result = verify_pdf(path.read_bytes(), trust, revocations)
            assert result.verdict is Verdict.VALID, (path, result.reason)

        verify_pdf(paths[0].read_bytes(), trust, revocations)  # warm imports
        rows.append(row("verify_pdf, in process", timed(paths, in_process), "full check"))

        with SandboxedVerifier(trust, revocations) as sandbox:
            sandbox.verify_path(paths[0])  # start the worker outside the timing

            def sandboxed(path: Path) -> None:
                assert sandbox.verify_path(path).verdict is Verdict.VALID

            rows.append(row("sandbox, 1 worker", timed(paths, sandboxed), "full check"))

        with SandboxedVerifier(trust, revocations, workers=2) as sandbox:
            list(sandbox.verify_many(paths[:2]))
            started = time.perf_counter()
            verdicts = list(sandbox.verify_many(paths))
            took = time.perf_counter() - started
            assert all(v.verdict is Verdict.VALID for v in verdicts)
            per_file = [took / len(paths)] * len(paths)
            rows.append(row("sandbox, 2 workers (throughput)", per_file, "wall time / files"))

        pdfsig = shutil.which("pdfsig")
        if pdfsig:

            def poppler(path: Path) -> None:
                subprocess.run([pdfsig, str(path)], capture_output=True, check=False)

            rows.append(row("pdfsig (poppler)", timed(paths, poppler), "signature only"))
        else:
            rows.append(
                "| pdfsig (poppler)                   |       — |       — |       — | "
                "not installed: apt-get install poppler-utils"
            )

    print(f"\n{args.count} certificates, ms per file")
    print("| what                               |    mean |  median |     p95 | note")
    print("|------------------------------------|---------|---------|---------|-----")
    for line in rows:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
