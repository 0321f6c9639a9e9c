"""``chiso-desktop [--db PATH] [FILE.chiso]``: start the application.

Opens (and migrates) the database, refuses politely when another instance
holds it, runs the first-run wizard on an empty database, installs the
translators (Qt's own ``qtbase_<lang>.qm`` when shipped, and our gettext
bridge for ``.ui`` strings) and shows the main window.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from chiso_desktop import i18n
from chiso_desktop.errors import UserError
from chiso_desktop.fileio.handoff import hand_off, handoff_dir, take_handoffs
from chiso_desktop.fileio.instance_lock import DatabaseInUse, acquire_instance_lock
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.qt import (
    QApplication,
    QFileSystemWatcher,
    QGuiApplication,
    QMessageBox,
    Qt,
    QTimer,
    QWidget,
)
from chiso_desktop.gui.translator import Translators
from chiso_desktop.i18n import _
from chiso_desktop.paths import default_db_path
from chiso_desktop.store.backup import latest_good_backup, restore_backup
from chiso_desktop.store.db import Database, DatabaseError
from chiso_desktop.store.opening import open_for_use


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="chiso-desktop")
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("file", nargs="?", type=Path)
    return parser.parse_args(argv)


def explain_open_error(path: Path, exc: Exception) -> str:
    text = str(exc)
    if "locked" in text.lower():
        return _("The database {path} is in use by another program. Close it and try "
                 "again.").format(path=path)
    return _("The database {path} cannot be opened:\n{detail}\n\nIf the file was copied from "
             "elsewhere, check it is a Chỉ số Desktop database; a backup is kept in the "
             "'backups' folder beside it.").format(path=path, detail=text)


def open_or_explain(path: Path) -> Database | None:
    """Open the database; when it is damaged, offer the latest good backup."""
    try:
        return open_for_use(path)
    except (DatabaseError, OSError) as exc:
        problem = explain_open_error(path, exc)
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
    app = QApplication(argv)
    app.setApplicationName("Chỉ số Desktop")
    app.setOrganizationName("chiso-desktop")
    app.setDesktopFileName("chiso-desktop")
    return app


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    i18n.init_from_environment()
    app = make_application(sys.argv[:1])
    translators = Translators()
    translators.install(i18n.language())
    db_path = (args.db or default_db_path()).expanduser()
    try:
        lock = acquire_instance_lock(db_path)
    except DatabaseInUse as exc:
        if args.file is not None:
            # A bundle double-clicked while the app is open: the open window takes it.
            hand_off(db_path, args.file)
            return 0
        QMessageBox.warning(None, _("Already open"), str(exc))
        return 1
    db = open_or_explain(db_path)
    if db is None:
        lock.release()
        return 1
    ctx = AppContext(db)
    if ctx.identity is None:
        from chiso_desktop.gui.wizard import FirstRunWizard

        wizard = FirstRunWizard(db)
        wizard.exec()
        if not wizard.created:
            db.close()
            lock.release()
            return 0
        ctx.reload_identity()
    translators.install(i18n.language())
    ctx.language_changed.connect(translators.install)
    from chiso_desktop.gui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    if os.environ.get("CHISO_STARTUP_PROBE"):
        # bench/startup.py: say when the first event loop turn after show() runs, then quit.
        QTimer.singleShot(0, lambda: (print("window-shown", flush=True), app.quit()))
    if args.file is not None:
        window.open_file(args.file)
    watch_handoffs(window, db_path)
    code = app.exec()
    db.close()
    lock.release()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
