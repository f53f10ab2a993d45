"""A one-file `estelam-desk verify` is mostly the start of its sandbox worker: the worker
starts before the command's own imports and loads only what checking needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop.cli import verify_start
from desktop.core import isolation
from desktop.core.certificates import (
    RevocationData,
    SandboxedVerifier,
    TrustProfile,
    Verdict,
    sandbox,
)
from desktop.mock_backend.certificates.issuer import build_crl, make_certificate
from tests import issuer_fixtures, sandbox_probe


@pytest.fixture(scope="module")
def trust() -> TrustProfile:
    return issuer_fixtures.trusted()


@pytest.fixture(scope="module")
def crl(trust: TrustProfile) -> RevocationData:
    from desktop.core.certificates import load_crl

    return load_crl(build_crl([], issuer_fixtures.issuer()), trust)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("certs") / "one.pdf"
    path.write_bytes(make_certificate("0012345679", keys=issuer_fixtures.issuer())[1])
    return path


def test_the_command_names_the_sandbox_preparation_it_does_not_import() -> None:
    assert verify_start.SANDBOX_PREPARE == sandbox.PREPARE


def test_a_worker_started_early_is_the_one_that_checks(trust, crl, certificate) -> None:
    spare = isolation.start_spare(verify_start.SANDBOX_PREPARE)
    try:
        with SandboxedVerifier(trust, crl) as verifier:
            assert verifier.verify_path(certificate).verdict is Verdict.VALID
            assert verifier._all == [spare]
        assert isolation.take_spare(sandbox.PREPARE, verifier.memory_bytes) is None
    finally:
        spare.kill()


def test_a_spare_for_another_memory_limit_is_not_taken(trust, crl, certificate) -> None:
    spare = isolation.start_spare(sandbox.PREPARE, memory_bytes=1024**3)
    try:
        with SandboxedVerifier(trust, crl) as verifier:
            assert verifier.verify_path(certificate).verdict is Verdict.VALID
            assert spare not in verifier._all
        assert isolation.take_spare(sandbox.PREPARE, 1024**3) is spare
    finally:
        spare.kill()


def test_the_worker_checks_without_pyhankos_signing_and_network_code(
    trust, crl, certificate
) -> None:
    worker = isolation.Worker(None, prepare=sandbox.PREPARE)
    try:
        worker.bind(sandbox_probe.check_and_list, trust, crl)
        verdict, loaded = worker.call(str(certificate), 60)
    finally:
        worker.kill()
    assert verdict is Verdict.VALID
    assert loaded == []


def test_the_command_itself_loads_no_checker_network_or_other_command(
    certificate: Path, tmp_path: Path
) -> None:
    # A fresh process, as a clerk runs it: what it imported, beside its output.
    script = (
        "import json, sys\n"
        "from desktop.app import main\n"
        "status = main(sys.argv[1:])\n"
        "print(json.dumps([status, sorted(sys.modules)]))\n"
    )
    crl = tmp_path / "sso.crl"
    crl.write_bytes(build_crl([], issuer_fixtures.issuer()))
    argv = ["verify", str(certificate), "--profile", "test", "--crl", str(crl)]
    argv += ["--trust-root", str(issuer_fixtures.root_pem())]
    done = subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "ESTELAM_DATA_DIR": str(tmp_path / "data")},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    *lines, last = done.stdout.splitlines()
    status, modules = json.loads(last)
    assert lines[0].startswith("VALID [TEST]") and status == 0
    heavy = ("pyhanko", "aiohttp", "httpx", "rich", "desktop.core.export", "desktop.cli.audit")
    assert [m for m in modules if m.split(".")[0] in heavy or m in heavy] == []


def test_the_command_leaves_no_sealer_behind_to_wait_for(
    certificate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The audit trail's head is sealed before the command returns; a sealer still pausing
    # between two seals would hold the process's exit up by that pause.
    from desktop.cli import main as cli_main

    monkeypatch.setenv("ESTELAM_DATA_DIR", str(tmp_path / "data"))
    crl = tmp_path / "sso.crl"
    crl.write_bytes(build_crl([], issuer_fixtures.issuer()))
    argv = ["verify", str(certificate), "--profile", "test", "--crl", str(crl)]
    assert cli_main.run([*argv, "--trust-root", str(issuer_fixtures.root_pem())]) == 0
    assert [t.name for t in threading.enumerate() if t.name == "audit seal"] == []


class _DiesOnSomeFiles(SandboxedVerifier):
    """Its workers exit on a file named dies.pdf, as one killed by a hostile file."""

    started = 0

    def _start(self) -> isolation.Worker:
        worker = isolation.Worker(None, prepare=sandbox.PREPARE)
        worker.bind(sandbox_probe.check_or_die, self.trust, self.revocations, self.max_age)
        with self._lock:
            self._all.append(worker)
        self.started += 1
        return worker


@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_that_dies_on_a_file_loses_none_sent_after_it(
    trust, crl, certificate: Path, tmp_path: Path, workers: int
) -> None:
    # Each worker is sent the next file before it answers the last: the files sent to
    # one that dies are checked by a fresh one, and every file keeps its place.
    hostile = tmp_path / "dies.pdf"
    hostile.write_bytes(certificate.read_bytes())
    files = [str(f) for f in [certificate, hostile, certificate, hostile, certificate]]
    with _DiesOnSomeFiles(trust, crl, workers=workers) as verifier:
        results = list(verifier.verify_many(files))
    assert [r.source for r in results] == files
    assert [r.verdict for r in results] == [
        Verdict.VALID,
        Verdict.UNREADABLE,
        Verdict.VALID,
        Verdict.UNREADABLE,
        Verdict.VALID,
    ]
    assert "crashed" in results[1].reason
    assert verifier.started > workers  # a fresh worker took over


def test_a_batch_keeps_each_files_time_limit(trust, crl, certificate: Path) -> None:
    # Sent ahead, a file's time still starts when the one before it is answered: a limit
    # that one check fits in passes every file of a batch on one worker.
    with SandboxedVerifier(trust, crl, workers=1, timeout_s=5) as verifier:
        verifier.verify_path(certificate)  # started and warm: the limit is the check's
        results = list(verifier.verify_many([certificate] * 12))
    assert {r.verdict for r in results} == {Verdict.VALID}


def test_a_spare_nobody_takes_ends_with_its_process() -> None:
    script = (
        "from desktop.core import isolation\n"
        "from desktop.core.certificates import sandbox\n"
        "print(isolation.start_spare(sandbox.PREPARE)._process.pid, flush=True)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    pid = int(done.stdout)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # killed and reaped on the way out
