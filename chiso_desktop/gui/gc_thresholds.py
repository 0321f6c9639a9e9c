"""Collect by the interpreter's own generation thresholds, at a moment we choose.

Qt-free, so the test suite (which collects between tests, on the main thread) uses it
without importing Qt; :mod:`.gc_on_gui_thread` calls it from the GUI thread's timer.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence


def collect_if_due(threshold: Sequence[int]) -> None:
    """One collection of the generations whose counts crossed ``threshold`` (cheap if none)."""
    count0, count1, count2 = gc.get_count()
    if count0 > threshold[0]:
        generation = 0
        if count1 > threshold[1]:
            generation = 2 if count2 > threshold[2] else 1
        gc.collect(generation)
