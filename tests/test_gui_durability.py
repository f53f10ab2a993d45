"""The window's side of "nothing charged twice, nothing lost": a second start on one data
folder brings the first window forward; a list run in another window or command is not
run again beside it; a finished list offers its results; a full disk says so."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
from PySide6.QtCore import QCoreApplication, Qt

from desktop.core import importing
from desktop.core.batch import RunOutcome, StopReason
from desktop.core.jobs import JobState, JobSummary
from desktop.core.storage import StorageError, StorageProblem, job_lock
from desktop.window.single import SingleInstance
from tests.conftest import REPO_ROOT
from tests.test_gui import TIMEOUT_MS, sign_in
from tests.test_gui_batch import IDS, import_and_wait, write_xlsx

CASE = "1405-D"


def charged(url: str) -> int:
    return httpx.get(f"{url}/_mock/charges", timeout=10).json()["charged"]


def test_a_second_start_on_one_data_folder_brings_the_first_window_forward(
    qtbot, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    first = SingleInstance(data)
    assert first.claim()
    env = {
        **os.environ,
        "ESTELAM_DATA_DIR": str(data),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO_ROOT),
    }
    try:
        with qtbot.waitSignal(first.activated, timeout=60_000):
            second = subprocess.Popen(
                [sys.executable, "-m", "desktop", "--lang", "en"],
                cwd=REPO_ROOT,
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
        _, err = second.communicate(timeout=60)
    finally:
        first.release()
    assert second.returncode == 0
    assert "already open for this data folder; its window was brought forward" in err


def test_a_killed_window_does_not_keep_the_next_one_out(qtbot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from PySide6.QtCore import QCoreApplication; "
            "from desktop.window.single import SingleInstance; "
            "app = QCoreApplication([]); "
            f"print(SingleInstance(Path({str(data)!r})).claim(), flush=True); time.sleep(60)",
        ],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
    assert not SingleInstance(data).claim()
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(10)
    holder.stdout.close()
    again = SingleInstance(data)
    assert again.claim()  # the lock and the stale socket went with the killed process
    again.release()


def test_a_finished_list_offers_its_results_and_a_new_run_only_when_asked(
    qtbot, gui, start_mock, tmp_path: Path
) -> None:
    window, ctx = gui
    mock = start_mock()
    sign_in(qtbot, window, mock.url)
    view = window.batch
    path = write_xlsx(tmp_path / "list.xlsx", [["کد ملی"], *[[i] for i in IDS]])
    import_and_wait(qtbot, view, path)
    qtbot.keyClicks(view.preview.case_reference, CASE)
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2):
        qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
    assert charged(mock.url) == len(IDS)
    assert view.run.again_button.isHidden()

    # The same list and case again: its results, nothing sent.
    view.start_over()
    import_and_wait(qtbot, view, path)
    view.preview.case_reference.setText(CASE)
    qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.run.again_button.isHidden(), timeout=TIMEOUT_MS)

    qtbot.waitUntil(lambda: view.run.model.rowCount() == len(IDS), timeout=TIMEOUT_MS)
    assert view.banner.kind == "info" and view.pages.currentIndex() == 2
    assert view.run.export_xlsx.isEnabled()
    assert charged(mock.url) == len(IDS)
    [job] = ctx.job_store().jobs()

    # Asked for explicitly: a new job, everyone asked again.
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2) as finished:
        qtbot.mouseClick(view.run.again_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].state is JobState.DONE
    assert view.job is not None and view.job.id != job.id
    assert charged(mock.url) == 2 * len(IDS)


def test_a_list_run_elsewhere_is_not_run_beside_it(qtbot, gui, start_mock, tmp_path) -> None:
    window, ctx = gui
    mock = start_mock()
    sign_in(qtbot, window, mock.url)
    view = window.batch
    path = write_xlsx(tmp_path / "busy.xlsx", [["کد ملی"], *[[i] for i in IDS]])
    import_and_wait(qtbot, view, path)
    imported = importing.load(path)
    # Another window or a `batch run` of this list holds its lock.
    folder = ctx.job_store().path.parent
    elsewhere = job_lock(folder, imported.sha256, CASE, imported.sheet, imported.column)
    elsewhere.acquire()
    try:
        qtbot.keyClicks(view.preview.case_reference, CASE)
        qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.banner.kind == "warning", timeout=TIMEOUT_MS)
        assert view.pages.currentIndex() == 1 and view.preview.run_button.isEnabled()
        assert ctx.job_store().jobs() == [] and charged(mock.url) == 0
    finally:
        elsewhere.release()
    # Once that run has ended, this one goes ahead.
    with qtbot.waitSignal(view.runFinished, timeout=TIMEOUT_MS * 2):
        qtbot.mouseClick(view.preview.run_button, Qt.MouseButton.LeftButton)
    assert charged(mock.url) == len(IDS)


def test_a_full_disk_mid_run_is_said_in_words(qtbot, gui, tmp_path) -> None:
    window, _ctx = gui
    view = window.batch
    full = StorageError(StorageProblem.FULL, tmp_path, "database or disk is full")
    view._run_done(
        RunOutcome(JobState.PAUSED, StopReason.STORAGE, JobSummary(pensioner=4, pending=6), full)
    )
    expected = QCoreApplication.translate(
        "Errors",
        "The disk holding the app's data is full, so nothing more was sent. What was "
        "answered is kept; free some space, then try again: nothing is charged twice.",
    )
    assert view.banner.kind == "error" and view.banner.text() == expected
