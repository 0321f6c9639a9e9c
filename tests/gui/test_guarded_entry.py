"""Typing is never interrupted, guarded steps list what stands in the way, own fields only.

* After "mark ready", typing ``40⏎37⏎`` stores 40 and 37 as values: the reason
  is asked once per editing session in a bar, never in a modal that would
  swallow the keys typed ahead.
* Saving a note keeps a refused value of the same row in its cell.
* "Hoàn tất nhập" lists the empty items and asks; export checks its
  preconditions before any file name or passphrase is asked.
* KT sees only its plan indicators; "Show all" adds the rest read only,
  marked as another department's.
"""

from __future__ import annotations

import pytest

from chiso_desktop.entry.form import load_form
from chiso_desktop.entry.ops import value_history
from chiso_desktop.gui import actions_backend, guard_dialog
from chiso_desktop.gui.entry.model import Col
from chiso_desktop.gui.qt import QApplication, QFileDialog, QInputDialog, QMessageBox, Qt
from chiso_desktop.periods.period import parse_period
from tests.gui.test_entry_page import cell_text, open_window, stored, type_into


def type_ahead(qtbot, keys: str) -> None:
    """Keys sent to whatever has the focus, one after the other, with no wait in between.

    Between two keys the event loop delivers what is already queued (as it does
    between two key events from the keyboard), nothing more: no timer, no sleep.
    """
    for ch in keys:
        target = QApplication.focusWidget()
        assert target is not None
        assert QApplication.activeModalWidget() is None, "a modal dialog caught the typing"
        if ch == "\n":
            qtbot.keyClick(target, Qt.Key.Key_Return)
        else:
            qtbot.keyClicks(target, ch)
        QApplication.processEvents()


@pytest.fixture
def ready_page(qtbot, installed_db, monkeypatch: pytest.MonkeyPatch):
    window, page = open_window(qtbot, installed_db)
    type_into(qtbot, page, "BM1.2.1", "10")
    type_into(qtbot, page, "BM1.2.2", "5")
    monkeypatch.setattr(guard_dialog, "confirm", lambda *a, **k: True)
    page.ui.markReadyButton.click()  # runs off the UI thread: wait for the reload
    qtbot.waitUntil(lambda: page.form is not None and page.form.status == "ready")
    return window, page


def test_typed_ahead_values_are_values_not_a_reason(qtbot, ready_page, installed_db) -> None:
    _window, page = ready_page
    assert page.reason_bar.isVisible()
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(page.model.line_of("BM1.2.1"), Col.VALUE))
    type_ahead(qtbot, "40\n37\n")
    # nothing swallowed, nothing lost: both wait in their cells for the reason
    assert cell_text(page, "BM1.2.1") == "40" and cell_text(page, "BM1.2.2") == "37"
    assert stored(installed_db, "BM1.2.1").value == "10"
    assert set(page.awaiting) == {"BM1.2.1", "BM1.2.2"}
    page.reason_edit.setFocus()
    qtbot.keyClicks(page.reason_edit, "doi chieu so sach")
    qtbot.keyClick(page.reason_edit, Qt.Key.Key_Return)
    assert stored(installed_db, "BM1.2.1").value == "40"
    assert stored(installed_db, "BM1.2.2").value == "37"
    with installed_db.session() as s:
        assert value_history(s, "BM1.2.1", "2026S1")[-1].reason == "doi chieu so sach"
    assert not page.awaiting and not page.model.pending
    # the reason is kept for this period's editing session: the next change saves at once
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(page.model.line_of("BM1.2.2"), Col.VALUE))
    type_ahead(qtbot, "36\n")
    assert stored(installed_db, "BM1.2.2").value == "36"
    with installed_db.session() as s:
        assert value_history(s, "BM1.2.2", "2026S1")[-1].reason == "doi chieu so sach"


def test_with_the_reason_given_first_typing_stores_each_value(qtbot, ready_page,
                                                             installed_db) -> None:
    _window, page = ready_page
    page.reason_edit.setText("số liệu chính thức")
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(page.model.line_of("BM1.2.1"), Col.VALUE))
    type_ahead(qtbot, "40\n37\n")
    assert stored(installed_db, "BM1.2.1").value == "40"
    assert stored(installed_db, "BM1.2.2").value == "37"


def test_saving_a_note_keeps_the_refused_value_of_the_row(qtbot, installed_db) -> None:
    _window, page = open_window(qtbot, installed_db)
    type_into(qtbot, page, "BM1.2.1", "12,5")  # a count cannot have a fraction
    assert "BM1.2.1" in page.model.pending
    line = page.model.line_of("BM1.2.1")
    assert page.model.setData(page.model.index(line, Col.NOTE), "theo sổ theo dõi")
    assert stored(installed_db, "BM1.2.1").note == "theo sổ theo dõi"
    assert page.model.pending["BM1.2.1"][0] == "12,5"
    assert cell_text(page, "BM1.2.1") == "12,5"


def test_mark_ready_lists_the_empty_items_and_asks(qtbot, installed_db, monkeypatch) -> None:
    _window, page = open_window(qtbot, installed_db)
    type_into(qtbot, page, "BM1.2.1", "10")
    asked = []

    def answer(_parent, _title, guard, _go, _question=""):
        asked.append(guard)
        return False

    monkeypatch.setattr(guard_dialog, "confirm", answer)
    page.ui.markReadyButton.click()
    with installed_db.session() as s:
        assert load_form(s, parse_period("2026S1")).status == "draft"
    guard = asked[0]
    assert not guard.blocking
    codes = {o.code for o in guard.warnings}
    assert "BM1.2.2" in codes and "BM1.2.1" not in codes
    assert len(codes) == len(page.form.missing_inputs)
    monkeypatch.setattr(guard_dialog, "confirm", lambda *a, **k: True)
    page.ui.markReadyButton.click()
    qtbot.waitUntil(lambda: page.form.status == "ready")
    with installed_db.session() as s:
        assert load_form(s, parse_period("2026S1")).status == "ready"


def test_guard_dialog_lists_blocking_items_with_only_close(qtbot) -> None:
    from chiso_desktop.entry.guards import Guard, Obstacle
    from chiso_desktop.gui.guard_dialog import GuardDialog

    dialog = GuardDialog("t", Guard(blocking=[Obstacle("A", "A: lỗi")],
                                    warnings=[Obstacle("B", "B: trống")]), "Go")
    qtbot.addWidget(dialog)
    assert [dialog.items.item(i).text() for i in range(dialog.items.count())] == ["A: lỗi"]
    from chiso_desktop.gui.qt import QPushButton

    assert dialog.findChild(QPushButton, "goAhead") is None  # blocked: only Close
    dialog2 = GuardDialog("t", Guard(warnings=[Obstacle("B", "B: trống")]), "Go")
    qtbot.addWidget(dialog2)
    assert dialog2.findChild(QPushButton, "goAhead") is not None


def test_export_checks_the_office_key_before_asking_anything(qtbot, installed_db,
                                                           monkeypatch) -> None:
    _window, page = open_window(qtbot, installed_db)
    type_into(qtbot, page, "BM1.2.1", "10")
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: pytest.fail("asked for a file first"))
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: pytest.fail("asked for the passphrase first"))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: told.append(text))
    actions_backend.export_bundle(page)
    assert told and "Văn phòng" in told[0] and "chiso" not in told[0]


def test_a_department_sees_only_its_own_fields_by_default(qtbot, kt_db) -> None:
    _window, page = open_window(qtbot, kt_db, period="2026S1")
    own = {r.code for r in page.form.rows}
    assert own and not any(code.startswith("BM") for code in own)
    assert all(r.owner == "KT" for r in page.form.rows)
    page.show_all.setChecked(True)
    rows = {r.code: r for r in page.form.rows}
    assert "BM1.2.1" in rows and rows["BM1.2.1"].read_only and rows["BM1.2.1"].owner == "VP"
    line = page.model.line_of("BM1.2.1")
    assert not page.model.flags(page.model.index(line, Col.VALUE)) & \
        Qt.ItemFlag.ItemIsEditable
    assert "VP" in cell_text(page, "BM1.2.1", Col.STATE)
    # the summary and the checks count only KT's own items
    assert not [i for i in page.form.issues if i.code.startswith("BM")]
    page.show_all.setChecked(False)
    assert "BM1.2.1" not in {r.code for r in page.form.rows}


def test_an_empty_period_says_what_to_do_and_cannot_be_marked_ready(qtbot, installed_db) -> None:
    _window, page = open_window(qtbot, installed_db, period="202605")  # VP: nothing monthly
    assert not [r for r in page.form.own_rows if not r.computed]
    assert "chọn kỳ khác" in page.ui.summaryLabel.full_text()  # elided when narrow
    said = [page.ui.messages.item(n).text() for n in range(page.ui.messages.count())]
    assert any("chọn kỳ khác" in m for m in said)  # whole, where there is room
    assert not page.ui.markReadyButton.isEnabled()


def test_mark_ready_runs_off_the_ui_thread_as_one_operation(qtbot, installed_db,
                                                           monkeypatch) -> None:
    """A refusal shows once under "Not marked ready" and changes nothing; success tells
    the window ``Changed.STATUS``, clears the undo stack and says what to do next."""
    import threading

    from chiso_desktop.errors import Refused
    from chiso_desktop.gui.entry import page as entry_page
    from chiso_desktop.gui.operations import Changed
    from chiso_desktop.i18n import _

    _w, page = open_window(qtbot, installed_db)
    type_into(qtbot, page, "BM1.2.1", "10")
    assert page.undo_stack.count() == 1
    monkeypatch.setattr(guard_dialog, "confirm", lambda *a, **k: True)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, title, text, *a, **k: shown.append((title, text)))
    threads: list[int] = []
    real = entry_page.mark_ready

    def refuse(*_a, **_k):
        threads.append(threading.get_ident())
        raise Refused("Kỳ báo cáo đã khóa; mở lại trước khi sửa.")

    monkeypatch.setattr(entry_page, "mark_ready", refuse)
    page.ui.markReadyButton.click()
    assert not page.ui.markReadyButton.isEnabled()  # no second press while it runs
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [(_("Not marked ready"), "Kỳ báo cáo đã khóa; mở lại trước khi sửa.")]
    assert threads and threads[0] != threading.get_ident()
    assert page.ui.markReadyButton.isEnabled() and page.undo_stack.count() == 1
    with installed_db.session() as s:
        assert load_form(s, parse_period("2026S1")).status == "draft"

    def mark(*a, **k):
        threads.append(threading.get_ident())
        return real(*a, **k)

    monkeypatch.setattr(entry_page, "mark_ready", mark)
    changes: list[object] = []
    page.ctx.changed.connect(changes.append)
    messages: list[str] = []
    page.status_message.connect(messages.append)
    with qtbot.waitSignal(page.status_message):
        page.ui.markReadyButton.click()
    assert threads[-1] != threading.get_ident() and len(threads) == 2
    assert changes == [Changed.STATUS] and page.form.status == "ready"
    assert messages == [_("The period is marked ready. Export the bundle next.")]
    assert page.undo_stack.count() == 0 and not page.ui.markReadyButton.isEnabled()
    assert len(shown) == 1
