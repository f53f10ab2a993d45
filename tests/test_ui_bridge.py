"""The async bridge: results, errors and progress arrive on the GUI thread, in order."""

from __future__ import annotations

import asyncio
import threading

import pytest

from desktop.ui.bridge import AsyncBridge


@pytest.fixture
def bridge(qapp):
    bridge = AsyncBridge()
    yield bridge
    bridge.stop()


def test_result_and_error_arrive_on_the_gui_thread(qtbot, bridge) -> None:
    seen: list[tuple[str, object, bool]] = []
    gui_thread = threading.current_thread()

    async def ok() -> int:
        assert threading.current_thread() is not gui_thread  # the work is off the GUI
        return 42

    async def boom() -> None:
        raise ValueError("boom")

    def record(kind: str):
        return lambda value: seen.append((kind, value, threading.current_thread() is gui_thread))

    job = bridge.run(ok(), record("ok"), record("error"))
    with qtbot.waitSignal(job.finished):
        pass
    job = bridge.run(boom(), record("ok"), record("error"))
    with qtbot.waitSignal(job.finished):
        pass
    assert seen[0] == ("ok", 42, True)
    assert seen[1][0] == "error" and isinstance(seen[1][1], ValueError) and seen[1][2]


def test_progress_arrives_in_order_before_the_result(qtbot, bridge) -> None:
    events: list[object] = []

    async def counting(report) -> str:
        for i in range(50):
            report(i)
            await asyncio.sleep(0)
        return "done"

    job = bridge.run(counting, events.append, on_progress=events.append)
    with qtbot.waitSignal(job.finished):
        pass
    assert events == [*range(50), "done"]


def test_cancel_stops_the_coroutine(qtbot, bridge) -> None:
    started = threading.Event()
    results: list[object] = []

    async def forever() -> None:
        started.set()
        await asyncio.Event().wait()

    job = bridge.run(forever(), results.append, results.append)
    assert started.wait(5)
    with qtbot.waitSignal(job.finished):
        job.cancel()
    assert results == []  # neither a result nor an error: it was cancelled


def test_thousands_of_jobs_under_load(qtbot, bridge) -> None:
    # Regression: signals carrying Python objects from the loop thread once corrupted
    # reference counts after a few hundred jobs and aborted the interpreter.
    results: list[object] = []

    async def value(i: int) -> int | None:
        await asyncio.sleep(0)
        return None if i % 2 else i

    for i in range(3000):
        bridge.run(value(i), results.append)
    qtbot.waitUntil(lambda: len(results) == 3000, timeout=20_000)
    assert sorted(r for r in results if r is not None) == list(range(0, 3000, 2))


def test_stop_joins_the_loop_thread(qapp) -> None:
    bridge = AsyncBridge()
    bridge.stop()
    assert not bridge._thread.is_alive()
    bridge.stop()  # twice is harmless


def test_stop_drops_queued_thread_work_and_joins_the_workers(qapp) -> None:
    bridge = AsyncBridge()
    started = threading.Event()
    workers: list[threading.Thread] = []
    ran: list[int] = []

    def slow(n: int) -> None:
        workers.append(threading.current_thread())
        started.set()
        threading.Event().wait(0.2)
        ran.append(n)

    # More calls than a pool has threads (at most 32): some are still queued at stop.
    for n in range(40):
        bridge.run(asyncio.to_thread(slow, n))
    assert started.wait(5)
    bridge.stop()
    assert workers and not any(t.is_alive() for t in workers)  # joined, not left running
    assert len(ran) < 40  # the queued calls never ran
    assert not bridge._thread.is_alive()
