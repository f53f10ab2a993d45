"""`estelam-desk batch check --json` on a 100,000-row xlsx, whole processes, beside a
script that does the same work with calamine and the project's national-ID check.

    python bench/bench_check.py [--rows N] [--repeat N] [--before TREE]

Writes the workbook bench_import.py writes (row number, name, national ID: mostly text,
some in Persian digits, some stored as numbers, a few invalid), then, in interleaved
rounds (medians over REPEAT):

- the command: ``estelam-desk batch check --json FILE > /dev/null`` (start, imports, the
  whole import with its checks: the file's digest, the sheet's bounds, the ID column
  found, every row validated and duplicates marked; then the JSON of every row);
- the floor: a short script that reads the same sheet with python-calamine, checks every
  ID with the project's own ``national_id.normalize``, marks duplicates and empty rows
  and prints the same JSON (its output is compared with the command's, byte for byte,
  before anything is timed);
- ``estelam-desk --version`` beside a bare ``python -c pass``.

For each: wall time, CPU time (user + system; the steadier figure on a shared machine)
and peak resident memory (GNU time's, so ``apt-get install time``).
``--before TREE`` runs another checkout's command in the same rounds (its own
``.venv/bin/estelam-desk`` when it has one), e.g. ``git worktree add /tmp/before main``.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIME = "/usr/bin/time"  # GNU time (apt-get install time)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import make_workbook  # noqa: E402 - the bench folder is not a package

# The floor: what a script that knows the file's layout (first sheet, header on row 1)
# does to report the same rows as the command, with the same ID rules.
FLOOR = """
import json, sys
import python_calamine
from desktop.core.national_id import Invalid, InvalidNationalId, normalize

book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
sheet = book.sheet_names[0]
values = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
header = values[0]
column = header.index("کد ملی")
rows, first = [], {}
counts = {"valid": 0, "invalid": 0, "duplicate": 0, "empty": 0}
for number, cells in enumerate(values[1:], 2):
    value = cells[column]
    if type(value) is str:
        raw = value
    elif isinstance(value, float) and value.is_integer():
        raw = str(int(value))  # an ID stored as a number
    else:
        raw = str(value)
    national_id = reason = None
    try:
        national_id = normalize(raw, pad=True)
    except InvalidNationalId as exc:
        if exc.reason is Invalid.EMPTY and not any(str(c).strip() for c in cells):
            status = "empty"
        else:
            status, reason = "invalid", exc.reason.value
    else:
        if first.setdefault(national_id, number) == number:
            status = "valid"
        else:
            status = reason = "duplicate"
    counts[status] += 1
    rows.append({"row": number, "raw": raw, "national_id": national_id, "status": status,
                 "reason": reason})
summary = {**counts, "quota": counts["valid"]}
print(json.dumps({"sheet": sheet, "column": header[column], "summary": summary, "rows": rows},
                 ensure_ascii=False))
"""


def command(tree: Path) -> list[str]:
    """The tree's own entry point as installed, else its package run by this Python."""
    script = tree / ".venv" / "bin" / "estelam-desk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop"]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak resident MB of one process, its output to
    /dev/null. The peak is GNU time's: the process's own rusage would count this one's
    memory too (a child starts as a copy of its parent)."""
    with tempfile.NamedTemporaryFile("r") as peak:
        started = time.perf_counter()
        process = subprocess.Popen(
            [TIME, "-f", "%M", "-o", peak.name, *cmd],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert process.stderr is not None
        err = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        took = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stderr.close()
        if process.returncode != 0:
            raise RuntimeError(f"{cmd[:4]} exited {process.returncode}: {err.decode()[-500:]}")
        return took, usage.ru_utime + usage.ru_stime, int(peak.read().split()[-1]) / 1024


def output(cmd: list[str], env: dict[str, str]) -> bytes:
    return subprocess.run(cmd, env=env, capture_output=True, check=True, timeout=600).stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout to run beside this one")
    args = parser.parse_args()
    trees = {"now": ROOT, **({"before": args.before.resolve()} if args.before else {})}

    with tempfile.TemporaryDirectory(prefix="estelam-bench-") as tmp:
        folder = Path(tmp)
        book = folder / "list.xlsx"
        kinds = make_workbook(book, args.rows)
        floor = folder / "floor.py"
        floor.write_text(FLOOR, encoding="utf-8")

        def env(tree: Path) -> dict[str, str]:
            data = folder / f"data-{tree.name}"
            data.mkdir(exist_ok=True)
            # Compiled modules are kept (in a folder of the run's, whatever the trees and
            # the environment allow), as an installed app's are: an untimed round writes
            # them.
            environment = dict(os.environ, PYTHONPATH=str(tree), ESTELAM_DATA_DIR=str(data))
            environment.pop("PYTHONDONTWRITEBYTECODE", None)
            return dict(environment, PYTHONPYCACHEPREFIX=str(folder / "pycache"))

        cases: dict[str, tuple[list[str], dict[str, str]]] = {}
        for label, tree in trees.items():
            cases[f"batch check --json ({label})"] = (
                [*command(tree), "batch", "check", "--json", str(book)],
                env(tree),
            )
        cases["floor: calamine + national_id script"] = (
            [sys.executable, str(floor), str(book)],
            env(ROOT),
        )
        for label, tree in trees.items():
            cases[f"--version ({label})"] = ([*command(tree), "--version"], env(tree))
        cases["bare Python (python -c pass)"] = ([sys.executable, "-c", "pass"], env(ROOT))

        # The same rows, the same checks, the same JSON: the floor is only a floor if so.
        expected = output(*cases["floor: calamine + national_id script"])
        for label in trees:
            got = output(*cases[f"batch check --json ({label})"])
            if got != expected:
                raise SystemExit(f"the command ({label}) and the floor print different JSON")
        print(
            f"{args.rows:,} rows, {book.stat().st_size / 1e6:.1f} MB; IDs: {kinds}; "
            f"JSON {len(expected) / 1e6:.1f} MB, the same from the command and the floor"
        )

        for cmd, environment in cases.values():
            run(cmd, environment)
        walls: dict[str, list[float]] = {name: [] for name in cases}
        cpus: dict[str, list[float]] = {name: [] for name in cases}
        peaks: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.repeat):
            for name, (cmd, environment) in cases.items():
                took, cpu, peak = run(cmd, environment)
                walls[name].append(took)
                cpus[name].append(cpu)
                peaks[name].append(peak)

    med = statistics.median
    print(f"\n{args.repeat} interleaved rounds, medians")
    print("| what | wall | CPU | peak RSS |")
    print("|---|---|---|---|")
    for name in cases:
        print(
            f"| {name} | {med(walls[name]):.3f} s | {med(cpus[name]):.3f} s "
            f"| {med(peaks[name]):.0f} MB |"
        )
    floor_name = "floor: calamine + national_id script"
    print()
    for label in trees:
        name = f"batch check --json ({label})"
        print(
            f"{label}: {med(walls[name]) / med(walls[floor_name]):.2f}x the floor's wall, "
            f"{med(cpus[name]) / med(cpus[floor_name]):.2f}x its CPU "
            f"(target: at most 1.3x)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
