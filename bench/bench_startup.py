"""Start-up time to the first window, beside a bare PySide6 window in the same run.

    python bench/bench_startup.py [--runs N]

Each start is a fresh process (offscreen Qt, an empty data directory). The child
creates the QApplication, queues a timer that fires once the event loop runs (the
window is shown by then), and calls the app's real entry point.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

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


def time_start(code: str, *args: str) -> float:
    with tempfile.TemporaryDirectory() as data:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ESTELAM_DATA_DIR=data)
        started = time.time()
        out = subprocess.run(
            [sys.executable, "-c", code, *args],
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
    runs = parser.parse_args().runs
    cases = [
        ("bare PySide6 window (baseline)", CHILD_BARE, ()),
        ("estelam-desk", CHILD_APP, ()),
        ("estelam-desk --demo (starts the mock)", CHILD_APP, ("--demo",)),
    ]
    time_start(CHILD_BARE)  # warm the disk cache so the first case is not penalised
    print(f"start-up to first window, {runs} runs each (median, min, max in ms)")
    for name, code, args in cases:
        times = [time_start(code, *args) * 1000 for _ in range(runs)]
        print(f"  {name:40s} {statistics.median(times):7.0f} {min(times):7.0f} {max(times):7.0f}")


if __name__ == "__main__":
    main()
