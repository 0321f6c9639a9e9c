"""``chiso-desktop [--db PATH] [FILE.chiso]``: start the application.

Refuses politely when another instance holds the database, shows a first
window at once, then (from the event loop) opens and migrates the database,
runs the first-run wizard on an empty one, installs the translators (Qt's
own ``qtbase_<lang>.qm`` when shipped, and our gettext bridge for ``.ui``
strings) and replaces the first window with the main window.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chiso_desktop import i18n
from chiso_desktop.errors import UserError
from chiso_desktop.fileio.handoff import hand_off, handoff_dir, take_handoffs
from chiso_desktop.fileio.instance_lock import DatabaseInUse, acquire_instance_lock
from chiso_desktop.gui.gc_on_gui_thread import GuiThreadCollector
from chiso_desktop.gui.qt import (
    QApplication,
    QFileSystemWatcher,
    QGuiApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    Qt,
    QTimer,
    QWidget,
)
from chiso_desktop.gui.translator import Translators
from chiso_desktop.i18n import _
from chiso_desktop.paths import default_db_path
from chiso_desktop.store.location import Location, local_anchor, parse_location, redact

if TYPE_CHECKING:
    from chiso_desktop.store.db import Database

# The core (SQLAlchemy, the store, the exchange layers) is imported after the
# first window is on screen: see startup_shell() and Startup.


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="chiso-desktop")
    parser.add_argument("--db", default=None, help="a database file or a postgresql:// URL")
    parser.add_argument("file", nargs="?", type=Path)
    return parser.parse_args(argv)


def explain_open_error(path: Path | str, exc: Exception) -> str:
    text = str(exc)
    if "locked" in text.lower():
        return _("The database {path} is in use by another program. Close it and try "
                 "again.").format(path=path)
    return _("The database {path} cannot be opened:\n{detail}\n\nIf the file was copied from "
             "elsewhere, check it is a Chỉ số Desktop database; a backup is kept in the "
             "'backups' folder beside it.").format(path=path, detail=text)


def open_or_explain(path: Location) -> Database | None:
    """Open the database; when it is damaged, offer the latest good backup."""
    from chiso_desktop.store.backup import latest_good_backup, restore_backup
    from chiso_desktop.store.db import DatabaseError, DatabaseNotWritable
    from chiso_desktop.store.opening import open_for_use

    try:
        return open_for_use(path)
    except DatabaseNotWritable as exc:  # a permission problem: no backup to offer
        QMessageBox.critical(None, _("Cannot open the database"), str(exc))
        return None
    except (DatabaseError, OSError) as exc:
        problem = explain_open_error(redact(path), exc)
    if not isinstance(path, Path):  # a PostgreSQL server: its administrator restores it
        QMessageBox.critical(None, _("Database"), problem)
        return None
    good = latest_good_backup(path) if path.exists() else None
    if good is None:
        QMessageBox.critical(None, _("Cannot open the database"), problem)
        return None
    answer = QMessageBox.question(
        None, _("Cannot open the database"),
        problem + "\n\n" + _("The latest good backup is {file}. Restore it now? The damaged "
                               "file is kept beside it.").format(file=good.name))
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        restore_backup(good, path)
        return open_for_use(path)
    except (UserError, DatabaseError, OSError) as exc:
        QMessageBox.critical(None, _("Cannot open the database"), str(exc))
        return None


def watch_handoffs(window: QWidget, db_path: Path) -> QFileSystemWatcher:
    """Open files that a second launch handed over (fileio/handoff.py) in this window."""
    folder = handoff_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    watcher = QFileSystemWatcher([str(folder)], window)

    def take(_changed: str = "") -> None:
        files = take_handoffs(db_path)
        if not files:
            return
        window.showNormal()
        window.raise_()
        window.activateWindow()
        for file in files:
            window.open_file(file)  # type: ignore[attr-defined]

    watcher.directoryChanged.connect(take)
    take()
    return watcher


def make_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    # Qt's own file and print dialogs speak our language (gui/qt_builtin_strings.py);
    # the platform's native ones follow the system language instead.
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    app = QApplication(argv)
    app.setApplicationName("Chỉ số Desktop")
    app.setOrganizationName("chiso-desktop")
    app.setDesktopFileName("chiso-desktop")
    return app


def startup_shell() -> QMainWindow:
    """The window users see at once, before the database and the pages are loaded.

    Importing the core (SQLAlchemy, the bundle and exchange layers) and
    building the pages takes most of the start; showing this first keeps the
    time to a window close to a bare Qt program's (``bench/startup.py``).
    """
    shell = QMainWindow()
    shell.setObjectName("startupShell")
    shell.setWindowTitle(_("Chỉ số Desktop"))
    label = QLabel(_("Opening the data…"), shell)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    shell.setCentralWidget(label)
    fit_to_screen(shell)
    return shell


def fit_to_screen(window: QWidget, width: int = 1280, height: int = 760) -> None:
    """The preferred size, shrunk to the screen's free area (a 1024×600 laptop)."""
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width()), min(height, room.height())
    window.resize(width, height)


class Startup:
    """The rest of the start, run from the event loop once the shell is on screen."""

    def __init__(self, app: QApplication, shell: QMainWindow, args: argparse.Namespace,
                 db_path: Path, translators: Translators, probe: bool,
                 location: Location | None = None) -> None:
        self.app, self.shell, self.args, self.db_path = app, shell, args, db_path
        self.location: Location = location if location is not None else db_path
        self.translators, self.probe = translators, probe
        self.db: Any = None
        self.window: QWidget | None = None
        self.watcher: QFileSystemWatcher | None = None

    def run(self) -> None:
        self.app.processEvents()  # paint the shell before the long imports
        code = self._open()
        if code is not None:
            self.shell.close()
            self.app.exit(code)

    def _open(self) -> int | None:
        """None when the main window is up; otherwise the exit code."""
        db = open_or_explain(self.location)
        if db is None:
            return 1
        self.db = db
        from chiso_desktop.gui.context import AppContext

        ctx = AppContext(db)
        if ctx.identity is None:
            from chiso_desktop.gui.wizard import FirstRunWizard

            self.shell.hide()
            setup_file = self.args.file if self.args.file is not None and \
                self.args.file.suffix.lower() == ".chiso" else None
            wizard = FirstRunWizard(db, setup_file=setup_file)
            if setup_file is not None:
                self.args.file = None  # the setup package was for the wizard, not the window
            wizard.exec()
            if not wizard.created:
                return 0
            ctx.reload_identity()
        self.translators.install(i18n.language())
        ctx.language_changed.connect(self.translators.install)
        from chiso_desktop.gui.main_window import MainWindow

        window = MainWindow(ctx)
        if self.shell.isVisible():
            window.setGeometry(self.shell.geometry())
            if self.shell.isMaximized():
                window.showMaximized()
        window.show()
        self.window = window
        self.shell.close()
        if self.probe:
            QTimer.singleShot(0, lambda: (print("window-ready", flush=True), self.app.quit()))
        if self.args.file is not None:
            window.open_file(self.args.file)
        self.watcher = watch_handoffs(window, self.db_path)
        return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    i18n.init_from_environment()
    app = make_application(sys.argv[:1])
    collector = GuiThreadCollector(app)  # no garbage collection on a worker thread
    translators = Translators()
    translators.install(i18n.language())
    try:
        location = parse_location(args.db or default_db_path())
    except UserError as exc:
        QMessageBox.warning(None, _("Database"), str(exc))
        return 2
    db_path = local_anchor(location)  # the lock and the hand-off folder sit beside it
    try:
        lock = acquire_instance_lock(db_path)
    except DatabaseInUse as exc:
        if args.file is not None:
            # A bundle double-clicked while the app is open: the open window takes it.
            hand_off(db_path, args.file)
            return 0
        QMessageBox.warning(None, _("Already open"), str(exc))
        return 1
    probe = bool(os.environ.get("CHISO_STARTUP_PROBE"))
    shell = startup_shell()
    shell.show()
    if probe:
        # bench/startup.py: the first event-loop turn after the first window is shown.
        # "core-pending": the core (SQLAlchemy) was not imported before the window showed.
        QTimer.singleShot(0, lambda: print(
            "window-shown", "core-loaded" if "sqlalchemy" in sys.modules else "core-pending",
            flush=True))
    start = Startup(app, shell, args, db_path, translators, probe, location)
    QTimer.singleShot(0, start.run)
    try:
        code = app.exec()
    finally:
        if start.db is not None:
            start.db.close()
        lock.release()
        collector.stop()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
