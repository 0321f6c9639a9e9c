"""Garbage cycles are collected on the GUI thread's timer, and never by a worker thread."""

from __future__ import annotations

import gc
import threading
import weakref

from chiso_desktop.gui.gc_on_gui_thread import GuiThreadCollector
from chiso_desktop.gui.gc_thresholds import collect_if_due


class _Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cycle collector frees it


def _cycles(n: int) -> list[weakref.ref[_Node]]:
    return [weakref.ref(_Node()) for _ in range(n)]


def test_the_timer_collects_cycles_and_a_worker_thread_never_does(qtbot) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector(interval_ms=20)
    try:
        assert not gc.isenabled()
        gc.collect()
        from_worker: list[list[weakref.ref[_Node]]] = []
        worker = threading.Thread(target=lambda: from_worker.append(_cycles(5000)))
        worker.start()
        worker.join()
        # far past the first generation's threshold, yet nothing was freed on that thread
        assert all(ref() is not None for ref in from_worker[0])
        qtbot.waitUntil(lambda: all(ref() is None for ref in from_worker[0]), timeout=5000)
    finally:
        collector.stop()
        if not was_enabled:  # the test session collects between tests (tests/conftest.py)
            gc.disable()


def test_collect_if_due_waits_for_the_threshold() -> None:
    gc.collect()
    refs = _cycles(10)
    collect_if_due((10_000, 10, 10))  # below the threshold: nothing yet
    assert all(ref() is not None for ref in refs)
    collect_if_due((5, 10, 10))
    assert all(ref() is None for ref in refs)
