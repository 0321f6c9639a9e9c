"""Choosing an hour in the window: "By the hour…" in the period list, a day, an hour, Enter."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.entry.page import EntryPage
from chiso_desktop.gui.hour_dialog import HourDialog
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.gui.period_picker import HOUR_ITEM
from chiso_desktop.gui.qt import QApplication, Qt, QTimer
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import Database, open_database
from tests.support.cli import ok, run_cli

TODAY = date(2026, 6, 2)


@pytest.fixture
def laocai_db(tmp_path: Path) -> Database:
    path = tmp_path / "kt.db"
    ok(run_cli("--db", path, "init", "--role", "department", "--unit", "Xã Bảo Hà",
               "--catalog", "laocai-2026", "--department", "KT"))
    ok(run_cli("--db", path, "values", "set", "--period", "2026060114", "C.1.4=12,5",
               "C.1.3=7"))
    db = open_database(path)
    yield db
    db.engine.dispose()


def _later(qtbot, action) -> list[BaseException]:
    """Run ``action(dialog)`` once the hour dialog is open; a failure closes it (no hang)."""
    errors: list[BaseException] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, HourDialog) or not dialog.isVisible():
            QTimer.singleShot(10, run)
            return
        try:
            action(dialog)
        except BaseException as exc:  # reported by the test, after exec() returns
            errors.append(exc)
            dialog.reject()

    QTimer.singleShot(0, run)
    return errors


def _window(qtbot, db: Database) -> tuple[AppContext, MainWindow]:
    ctx = AppContext(db)
    window = MainWindow(ctx, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    return ctx, window


def test_an_hour_by_keyboard(qtbot, laocai_db: Database) -> None:
    ctx, window = _window(qtbot, laocai_db)
    picker = window.period_picker
    assert picker.itemData(picker.count() - 1) == HOUR_ITEM
    assert all(p.hour is None for p in picker.periods)  # hours are not listed one by one
    seen: list[str] = []

    def drive(dialog: HourDialog) -> None:
        dialog.day.setFocus()
        qtbot.keyClicks(dialog.day, "01062026")
        assert dialog.chosen_day() == date(2026, 6, 1)
        qtbot.keyClick(dialog.day, Qt.Key.Key_Return)  # Enter in the day goes on to the hours
        assert dialog.focusWidget() is dialog.hours and dialog.isVisible()
        qtbot.keyClicks(dialog.hours, "14")
        seen.append(dialog.hours.currentItem().text())
        qtbot.keyClick(dialog.hours, Qt.Key.Key_Return)

    errors = _later(qtbot, drive)
    chosen = picker.choose_hour(datetime(2026, 6, 2, 9, 30))
    assert not errors, errors
    assert chosen is not None and chosen.id == "2026060114"
    assert ctx.period == parse_period("2026060114")
    assert seen and seen[0].startswith("14h") and "2" in seen[0]  # two values stored
    assert "trước 16:00" in seen[0] or "before 16:00" in seen[0]
    assert picker.currentText().startswith("14h 01/6/2026")
    page = window.page("entry")
    assert isinstance(page, EntryPage)
    qtbot.waitUntil(lambda: page.form is not None and page.form.period.id == "2026060114")
    assert "14h 01/6/2026" in page.ui.formTitle.text()


def test_the_last_line_opens_it_and_escape_keeps_the_period(qtbot, laocai_db: Database) -> None:
    ctx, window = _window(qtbot, laocai_db)
    picker = window.period_picker
    before = ctx.period
    assert before is not None
    opened: list[str] = []

    def cancel(dialog: HourDialog) -> None:
        opened.append(dialog.windowTitle())
        qtbot.keyClick(dialog.hours, Qt.Key.Key_Escape)

    errors = _later(qtbot, cancel)
    picker.setFocus()
    qtbot.keyClick(picker, Qt.Key.Key_End)  # the last line: "By the hour…"
    qtbot.waitUntil(lambda: bool(opened) and QApplication.activeModalWidget() is None)
    assert not errors, errors
    assert ctx.period == before
    assert picker.currentIndex() == picker.periods.index(before)


def test_no_hour_line_without_hourly_indicators(qtbot, installed_db: Database) -> None:
    _ctx, window = _window(qtbot, installed_db)
    picker = window.period_picker
    assert HOUR_ITEM not in [picker.itemData(i) for i in range(picker.count())]


def test_the_dashboard_names_the_missing_hours(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "office.db"
    ok(run_cli("--db", path, "init", "--role", "office", "--unit", "Xã Bảo Hà", "--catalog",
               "laocai-2026", "--department", "VP"))
    for hour in ("14", "16"):
        ok(run_cli("--db", path, "values", "set", "--period", f"20260601{hour}", "C.1.4=1"))
    db = open_database(path)
    try:
        ctx, window = _window(qtbot, db)
        ctx.set_period(parse_period("20260601"))
        window.show_page("office_dashboard")
        page = window.page("office_dashboard")
        qtbot.waitUntil(lambda: "14h–23h" in page.deadlines.text())  # every hour lacks fields
        text = page.deadlines.text()
        assert "14h 01/6/2026" in text and "23h 01/6/2026" in text  # the day is over
    finally:
        db.engine.dispose()
