"""Start-up time to the first window, and `--demo` to a usable sign-in, beside a bare
PySide6 window in the same run.

    python bench/bench_startup.py [--runs N] [--before DIR]

Each start is a fresh process (offscreen Qt, an empty data directory, modules compiled
once beforehand). The child
creates the QApplication, queues a timer that fires once the event loop runs (the
window is shown by then), and calls the app's real entry point. For `--demo` the child
then watches, every few milliseconds, for the sign-in screen to offer the demo server
(the demo account can be filled in and the server listens); after timing, it signs in
as demo.clerk / demo-pass / 123456 over HTTP to prove the figure names a usable server.

`--before DIR` times the app of another checkout (with its own .venv) by the same
children: the rounds take turns between the trees, so both see the same load. Figures are
medians; the ratio to the bare window of the same run is what compares across runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

CHILD_APP = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
def shown():
    print(time.time(), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
from desktop.app import main
main(sys.argv[1:])
"""

# Polls for the moment a clerk could sign in to the demo server, then signs in.
CHILD_DEMO = """
import sys, time
import httpx
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
def window():
    return next((w for w in app.topLevelWidgets() if hasattr(w, "demo_mock")), None)
def usable():
    w = window()
    return (
        w is not None and w.isVisible() and w.demo_mock is not None
        and w.pages.currentWidget() is w.sign_in and w.sign_in.demo_fill.isEnabled()
    )
def look():
    if not usable():
        return
    ready = time.time()
    poll.stop()
    url = window().demo_mock.url
    with httpx.Client(base_url=url, timeout=30) as client:
        login = client.post(
            "/api/v1/auth/login", json={"username": "demo.clerk", "password": "demo-pass"}
        )
        login.raise_for_status()
        otp = client.post(
            "/api/v1/auth/otp",
            json={"challenge_id": login.json()["challenge_id"], "code": "123456"},
        )
        otp.raise_for_status()
    print(ready, flush=True)
    app.quit()
poll = QTimer()
poll.setInterval(2)
poll.timeout.connect(look)
poll.start()
from desktop.app import main
main(["--demo"])
"""

CHILD_BARE = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("hello"))
window.show()
def shown():
    print(time.time(), flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""

HERE = Path(__file__).resolve().parents[1]
# Compiled modules, as an installed app has them: kept apart from the checkouts (which
# stay as they are) and written by the untimed first round, even where the environment
# says not to write any (then every start would compile every module it imports).
PYCACHE = tempfile.mkdtemp(prefix="bench-startup-pycache-")


def time_start(tree: Path, code: str, *args: str) -> float:
    python = tree / ".venv" / "bin" / "python"
    with tempfile.TemporaryDirectory() as data:
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            ESTELAM_DATA_DIR=data,
            PYTHONPYCACHEPREFIX=PYCACHE,
        )
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        started = time.time()
        out = subprocess.run(
            [str(python), "-c", code, *args],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        ).stdout
        return float(out.strip().splitlines()[-1]) - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="another checkout to time alongside")
    options = parser.parse_args()
    trees = [("", HERE)]
    if options.before is not None:
        trees = [("this tree: ", HERE), (f"{options.before}: ", options.before.resolve())]
    cases = [("bare PySide6 window (baseline)", CHILD_BARE, (), [("", HERE)])]
    for label, tree in trees:
        cases += [
            (f"{label}estelam-desk, first window", CHILD_APP, (), [(label, tree)]),
            (f"{label}estelam-desk --demo, first window", CHILD_APP, ("--demo",), [(label, tree)]),
            (f"{label}estelam-desk --demo, usable sign-in", CHILD_DEMO, (), [(label, tree)]),
        ]
    for _name, code, args, [(_label, tree)] in cases:  # the disk cache and compiled modules
        time_start(tree, code, *args)
    times: dict[str, list[float]] = {name: [] for name, *_ in cases}
    for _ in range(options.runs):  # round by round: every case sees the same load
        for name, code, args, [(_label, tree)] in cases:
            times[name].append(time_start(tree, code, *args) * 1000)
    bare = statistics.median(times[cases[0][0]])
    print(f"start-up, {options.runs} rounds (median, min, max in ms; median / bare window)")
    for name, *_ in cases:
        got = times[name]
        median = statistics.median(got)
        print(f"  {name:58s} {median:7.0f} {min(got):7.0f} {max(got):7.0f}   {median / bare:5.1f}×")


if __name__ == "__main__":
    main()
