"""Run slow core work off the GUI thread and get the result back on it.

The function runs in ``QThreadPool``; its result or exception comes back
through a queued signal on the GUI thread. A ``QProgressDialog`` (busy,
window-modal) appears only if the work takes longer than half a second, so
quick saves do not flash a dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chiso_desktop.gui.qt import (
    QObject,
    QProgressDialog,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    QWidget,
    Signal,
)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to the GUI thread, shown there
            self.relay.failed.emit(exc)
            return
        self.relay.done.emit(result)


_alive: set[_Relay] = set()
RELEASE_MS = 1000
"""When the Python side lets go of a finished relay: well after its deferred deletion."""


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None], *,
                      parent: QWidget | None = None, label: str = "") -> None:
    relay = _Relay()
    _alive.add(relay)
    progress: QProgressDialog | None = None
    if parent is not None and label:
        progress = QProgressDialog(label, "", 0, 0, parent)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)

    def finish() -> None:
        # The relay is a GUI-thread object: delete it here. If the worker thread dropped the
        # last reference instead (its job ends just after emitting), the relay would be
        # destroyed on that thread while this one is still delivering its signal.
        relay.deleteLater()
        QTimer.singleShot(RELEASE_MS, lambda: _alive.discard(relay))
        if progress is not None:
            progress.reset()
            progress.deleteLater()

    def done(result: Any) -> None:
        finish()
        on_done(result)

    def failed(exc: BaseException) -> None:
        finish()
        on_error(exc)

    relay.done.connect(done)
    relay.failed.connect(failed)
    QThreadPool.globalInstance().start(_Job(fn, relay))
