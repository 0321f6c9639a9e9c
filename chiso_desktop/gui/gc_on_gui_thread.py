"""Python's cycle collector runs on the GUI thread only, never on a worker thread.

The automatic collector runs in whichever thread happens to allocate when a
threshold is crossed. If that is a worker thread (an Operation writing to the
store) and the garbage holds a Qt widget (a closed dialog caught in a reference
cycle through its signal connections), the widget is deleted off the GUI thread
and the process crashes. So, as Anki does (after the PyQt recipe), automatic
collection is switched off and the GUI thread collects on a timer, by the same
generation thresholds the interpreter would use.
"""

from __future__ import annotations

import gc

from chiso_desktop.gui.gc_thresholds import collect_if_due
from chiso_desktop.gui.qt import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Switches automatic collection off and collects from a timer of the GUI thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        collect_if_due(self.threshold)

    def stop(self) -> None:
        """Back to the interpreter's own collection (the application is ending)."""
        self.timer.stop()
        gc.enable()
