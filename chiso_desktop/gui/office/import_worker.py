"""A batch import on a worker thread, one file at a time, that can be cancelled between files.

Each file goes through the core's ``import_files`` on its own: the core makes
every file one transaction, so a cancel (or a crash) leaves the files already
done committed and the rest untouched — never half a file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

from chiso_desktop.bundle import is_sealed
from chiso_desktop.exchange.importer import (
    REFUSED,
    FileResult,
    Handlers,
    ImportStopped,
    import_files,
)
from chiso_desktop.gui.qt import QObject, QRunnable, QThreadPool, Signal
from chiso_desktop.i18n import _
from chiso_desktop.store.db import Database

SUFFIX = ".chiso"


def collect_files(paths: Sequence[Path]) -> list[Path]:
    """Files as given, and every ``*.chiso`` inside a given folder (a USB stick), sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and
                            p.suffix.lower() == SUFFIX)
        else:
            found.append(path)
    return list(dict.fromkeys(found))  # each file once, in the order found


def needs_passphrase(paths: Sequence[Path]) -> bool:
    """Sealed (encrypted) files need our private key; CHISO_PASSPHRASE answers unattended."""
    if os.environ.get("CHISO_PASSPHRASE"):
        return False
    for path in paths:
        try:
            if is_sealed(path.read_bytes()):
                return True
        except OSError:
            continue
    return False


class ImportJob(QObject):
    """Signals: ``progress(done, total, name)``, ``file_done(FileResult)``, ``finished(bool)``."""

    progress = Signal(int, int, str)
    file_done = Signal(object)
    finished = Signal(bool)

    def __init__(self, db: Database, files: Sequence[Path], actor: str,
                 secret: str | None = None, *, handlers: Handlers,
                 accept_jump: bool = False) -> None:
        super().__init__()
        self.db, self.files, self.actor, self.secret = db, list(files), actor, secret
        self.handlers = handlers
        self.accept_jump = accept_jump
        self._cancel = threading.Event()
        self.running = False

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def start(self) -> None:
        self.running = True
        QThreadPool.globalInstance().start(_Runner(self))

    def run(self) -> None:
        total = len(self.files)
        for n, path in enumerate(self.files):
            if self._cancel.is_set():
                break
            self.progress.emit(n, total, path.name)
            try:
                results = import_files(self.db, [path], handlers=self.handlers,
                                       actor=self.actor, secret=self.secret,
                                       accept_jump=self.accept_jump)
            except ImportStopped as exc:  # a full disk: the message says what to do, not the file
                results = [FileResult(str(path), REFUSED, "not-saved", str(exc))]
            except Exception as exc:  # one bad file must not end the batch
                results = [FileResult(str(path), REFUSED, "error", _(
                    "The file could not be imported: {error}. Check the file and try "
                    "again.").format(error=exc))]
            for result in results:
                self.file_done.emit(result)
        self.progress.emit(total, total, "")
        self.running = False
        self.finished.emit(self._cancel.is_set())


class _Runner(QRunnable):
    def __init__(self, job: ImportJob) -> None:
        super().__init__()
        self.job = job

    def run(self) -> None:
        self.job.run()
