"""A .chiso double-clicked while the app is open reaches the open window."""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.fileio.handoff import hand_off, take_handoffs
from chiso_desktop.fileio.instance_lock import acquire_instance_lock
from chiso_desktop.gui import app as gui_app
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.store.db import Database


def test_notes_are_taken_once_in_order(tmp_path: Path) -> None:
    db = tmp_path / "office.db"
    first, second = tmp_path / "a.chiso", tmp_path / "b.chiso"
    hand_off(db, first)
    hand_off(db, second)
    assert take_handoffs(db) == [first.resolve(), second.resolve()]
    assert take_handoffs(db) == []


def test_second_launch_hands_the_file_to_the_running_window(qtbot, installed_db: Database,
                                                           tmp_path: Path, monkeypatch) -> None:
    db_path = installed_db.path
    assert db_path is not None
    ctx = AppContext(installed_db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    opened: list[Path] = []
    monkeypatch.setattr(window, "open_file", opened.append)
    watcher = gui_app.watch_handoffs(window, db_path)

    lock = acquire_instance_lock(db_path)  # the running window holds the database
    try:
        bundle = tmp_path / "kt-202605.chiso"
        bundle.write_bytes(b"bundle")
        assert gui_app.main(["--db", str(db_path), str(bundle)]) == 0
    finally:
        lock.release()
    qtbot.waitUntil(lambda: opened == [bundle.resolve()], timeout=5000)
    del watcher
