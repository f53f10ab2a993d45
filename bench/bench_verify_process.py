"""Certificate verification as a clerk runs it, whole processes, beside its peers.

    python bench/bench_verify_process.py [--count 250] [--rounds 5] [--before TREE]

Issues COUNT certificates with the mock's issuer (the same files for every row), then,
in interleaved rounds (medians over ROUNDS):

- one file, whole process: ``python -m desktop verify FILE`` (the command line: start,
  imports, the sandbox worker, the full check, the audit record), beside a short script
  that checks the same file with pyHanko's ``validate_pdf_signature`` and the same trust
  root (signature and trust only), and ``pdfsig FILE`` (poppler; signature only);
- per file in one process: ``verify_pdf`` (the full check) and the same through a warm
  ``SandboxedVerifier``, beside ``pdfsig`` per file;
- COUNT files, whole process: the command with ``--workers 1`` and ``--workers 2``,
  beside the pyHanko script over every file in one process and a loop of ``pdfsig``;
- CPU: user and system seconds of a run's processes (steadier than wall time on a
  shared machine);
- peak memory: the sum of the largest resident size of every process of a run (the
  command and its workers), read from ``/proc`` while it runs (Linux);
- floors: a bare interpreter, the command's imports alone, a sandbox worker's imports
  alone (what a one-file run cannot go below while each is a fresh process), and
  ``import pyhanko.sign.validation`` as the peer script imports it.

``--before TREE`` runs the command and the per-file check from another checkout too
(e.g. ``git archive main | tar -x -C /tmp/before``), with that tree's ``.venv`` when it
has one, in the same rounds, for before and after figures. Not part of the test suite;
``apt-get install poppler-utils`` for pdfsig.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The peer: what a script that uses pyHanko's API directly does for each file.
PYHANKO_PEER = """
import sys
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

# The PEM holds the root and the signer it issued; only the root is trusted.
roots = [c for c in load_certs_from_pemder([sys.argv[1]]) if c.subject == c.issuer]
context = ValidationContext(trust_roots=roots)
for name in sys.argv[2:]:
    with open(name, "rb") as f:
        sig = PdfFileReader(f, strict=True).embedded_signatures[0]
        status = validate_pdf_signature(sig, context)
        assert status.bottom_line, name
"""

# Per file in one process, run with the tree under test first on the path.
PER_FILE = """
import json, sys, time
from pathlib import Path
from desktop.core.certificates import SandboxedVerifier, TrustProfile, Verdict, load_crl
from desktop.core.certificates import verify_pdf

def main():
    root, crl, *names = sys.argv[1:]
    trust = TrustProfile.named("test", [Path(root)])
    revocations = load_crl(Path(crl).read_bytes(), trust)
    datas = [Path(n).read_bytes() for n in names]
    verify_pdf(datas[0], trust, revocations)
    times = {"in_process": [], "sandbox": []}
    with SandboxedVerifier(trust, revocations) as sandbox:
        sandbox.verify_path(names[0])
        for name, data in zip(names, datas):  # in turn, so both see the same load
            started = time.perf_counter()
            assert verify_pdf(data, trust, revocations).verdict is Verdict.VALID
            times["in_process"].append(time.perf_counter() - started)
            started = time.perf_counter()
            assert sandbox.verify_path(name).verdict is Verdict.VALID
            times["sandbox"].append(time.perf_counter() - started)
    print(json.dumps(times))

if __name__ == "__main__":
    main()
"""


FLOORS = {
    "bare Python": "pass",
    "the command's imports": "import desktop.cli.main, desktop.cli.verify",
    "a worker's imports": (
        "import desktop.core.isolation, desktop.core.certificates.sandbox as s; s._prepare()"
    ),
    # What the peer script pays before its first file (pyhanko.sign whole, aiohttp too).
    "pyHanko's validation imports": "import pyhanko.sign.validation",
}


def issue(folder: Path, count: int) -> tuple[list[Path], Path, Path]:
    """COUNT certificates, the issuer's root (PEM) and a revocation list naming others."""
    sys.path.insert(0, str(ROOT))
    from desktop.mock_backend.certificates import keys
    from desktop.mock_backend.certificates.issuer import build_crl, make_certificate, new_serial
    from desktop.mock_backend.national_id import with_check_digit

    issuer = keys.issuer_keys(folder / "issuer")
    started = time.perf_counter()
    paths = []
    for i in range(count):
        _, pdf = make_certificate(with_check_digit(f"{100_000_000 + i * 7919:09d}"), keys=issuer)
        path = folder / "certs" / f"cert-{i:04d}.pdf"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(pdf)
        paths.append(path)
    crl = folder / "revoked.crl"
    crl.write_bytes(build_crl([(new_serial(), time.time()) for _ in range(200)], issuer))
    print(f"issued {count} certificates in {time.perf_counter() - started:.1f} s")
    return paths, folder / "issuer" / keys.TRUST_FOLDER / keys.ROOT_CERT, crl


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent and p not in found]
        found.update(children)
        frontier.extend(children)
    return found


def _peak_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(cmd: list[str], env: dict[str, str], *, memory: bool = False) -> tuple[float, float, float]:
    """Wall seconds of the command; CPU seconds of it and the processes it waited for
    (its workers; on this shared machine the steadier figure); and (with ``memory``) the
    sum over its processes of each one's peak resident size in MB (sampled every 20 ms;
    0 without)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, int] = {}
    while memory and process.poll() is None:
        for pid in _descendants(process.pid):
            peaks[pid] = max(peaks.get(pid, 0), _peak_kib(pid))
        time.sleep(0.02)
    _, err = process.communicate()
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode not in (0,):
        raise RuntimeError(f"{cmd[:4]} exited {process.returncode}: {err.decode()[-500:]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return took, cpu, sum(peaks.values()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout to run beside this one")
    args = parser.parse_args()
    pdfsig = shutil.which("pdfsig")
    trees = {"now": ROOT, **({"before": args.before.resolve()} if args.before else {})}

    with tempfile.TemporaryDirectory(prefix="estelam-bench-") as tmp:
        folder = Path(tmp)
        # `python -m` and `-c` put the working directory first on the path: run from one
        # that holds no tree, so that each run imports the tree its PYTHONPATH names.
        os.chdir(folder)
        paths, root, crl = issue(folder, args.count)
        peer = folder / "pyhanko_peer.py"
        peer.write_text(PYHANKO_PEER)
        per_file = folder / "per_file.py"
        per_file.write_text(PER_FILE)
        files = [str(p) for p in paths]

        def env(tree: Path) -> dict[str, str]:
            data = folder / f"data-{tree.name}"
            data.mkdir(exist_ok=True)
            return dict(os.environ, PYTHONPATH=str(tree), ESTELAM_DATA_DIR=str(data))

        def python(tree: Path) -> str:
            # A tree's own environment when it has one (its dependencies may differ).
            own = tree / ".venv" / "bin" / "python"
            return str(own) if own.exists() else sys.executable

        def cli(tree: Path, names: list[str], workers: int) -> list[str]:
            return [
                python(tree), "-m", "desktop", "verify", "--profile", "test",
                "--trust-root", str(root), "--crl", str(crl), "--workers", str(workers),
                *names,
            ]  # fmt: skip

        # name -> (command factory, env); each is run once per round, in turn.
        whole: dict[str, tuple[list[str], dict[str, str]]] = {}
        for label, tree in trees.items():
            whole[f"one file: verify ({label})"] = (cli(tree, files[:1], 2), env(tree))
        one_peer = [sys.executable, str(peer), str(root), files[0]]
        whole["one file: pyHanko API"] = (one_peer, env(ROOT))
        if pdfsig:
            whole["one file: pdfsig"] = ([pdfsig, files[0]], env(ROOT))
        for label, tree in trees.items():
            for workers in (1, 2):
                whole[f"{args.count} files: verify, {workers} worker(s) ({label})"] = (
                    cli(tree, files, workers),
                    env(tree),
                )
        whole[f"{args.count} files: pyHanko API, one process"] = (
            [sys.executable, str(peer), str(root), *files],
            env(ROOT),
        )
        # What bounds a whole process: the interpreter, the command's own imports (before
        # it reads a file), and the imports of a sandbox worker (before it checks one).
        for floor, code in FLOORS.items():
            whole[f"floor: {floor}"] = ([sys.executable, "-c", code], env(ROOT))

        walls: dict[str, list[float]] = {name: [] for name in whole}
        cpus: dict[str, list[float]] = {name: [] for name in whole}
        peaks: dict[str, list[float]] = {name: [] for name in whole}
        per_file_ms: dict[str, list[float]] = {}
        pdfsig_loop: list[float] = []
        for round_ in range(args.rounds):
            for name, (cmd, environment) in whole.items():
                took, cpu, _ = run(cmd, environment)
                walls[name].append(took)
                cpus[name].append(cpu)
                peaks[name].append(run(cmd, environment, memory=True)[2])
            if pdfsig:
                pdfsig_loop.append(_timed(lambda: [run([pdfsig, f], env(ROOT)) for f in files]))
            if round_ == 0:  # per-file figures have hundreds of samples already
                for label, tree in trees.items():
                    out = subprocess.run(
                        [python(tree), str(per_file), str(root), str(crl), *files],
                        env=env(tree),
                        capture_output=True,
                        check=True,
                        text=True,
                    ).stdout
                    for kind, times in json.loads(out).items():
                        per_file_ms[f"per file: {kind} ({label})"] = [t * 1000 for t in times]
                if pdfsig:
                    per_file_ms["per file: pdfsig"] = [
                        run([pdfsig, f], env(ROOT))[0] * 1000 for f in files
                    ]

    med = statistics.median
    print(f"\n{args.count} certificates, {args.rounds} interleaved rounds, medians")
    print("| what | wall | CPU (all processes) | peak memory (sum over processes) |")
    print("|---|---|---|---|")
    for name in whole:
        print(
            f"| {name} | {med(walls[name]):.3f} s | {med(cpus[name]):.3f} s "
            f"| {med(peaks[name]):.0f} MB |"
        )
    if pdfsig_loop:
        print(f"| {args.count} files: pdfsig loop | {med(pdfsig_loop):.3f} s | — | — |")
    print("\n| per file | median | p95 |")
    print("|---|---|---|")
    for name, ms in per_file_ms.items():
        p95 = sorted(ms)[int(len(ms) * 0.95) - 1]
        print(f"| {name} | {med(ms):.1f} ms | {p95:.1f} ms |")
    return 0


def _timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main())
