"""The entry grid: Vietnamese typing, validation, paste, undo, language, mark ready."""

from __future__ import annotations

from chiso_desktop.entry.form import load_form
from chiso_desktop.entry.ops import value_history
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.entry.model import Col
from chiso_desktop.gui.entry.page import EntryPage
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.gui.qt import QAbstractItemView, QKeySequence, QLineEdit, Qt
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import Database
from chiso_desktop.store.models import DataValue
from tests.support.ward import DEPARTMENT_TODAY as TODAY


def open_window(qtbot, db: Database, period: str = "2026S1") -> tuple[MainWindow, EntryPage]:
    ctx = AppContext(db)
    window = MainWindow(ctx, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    ctx.set_period(parse_period(period))
    page = window.page("entry")
    assert isinstance(page, EntryPage)
    return window, page


def stored(db: Database, code: str, period: str = "2026S1") -> DataValue | None:
    with db.session() as s:
        return s.query(DataValue).filter_by(field_code=code, period=period).one_or_none()


def type_into(qtbot, page: EntryPage, code: str, text: str) -> None:
    line = page.model.line_of(code)
    assert line is not None
    index = page.model.index(line, Col.VALUE)
    page.table.setCurrentIndex(index)
    page.table.edit(index)
    editor = page.table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits on a queued call after Return, as in the running app
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState)


def cell_text(page: EntryPage, code: str, col: Col = Col.VALUE) -> str:
    line = page.model.line_of(code)
    assert line is not None
    return page.model.index(line, col).data()


def test_typing_vietnamese_number_stores_canonical_and_shows_grouped(qtbot, installed_db):
    _w, page = open_window(qtbot, installed_db)
    type_into(qtbot, page, "BM1.2.1", "9.275")
    row = stored(installed_db, "BM1.2.1")
    assert row is not None and row.value == "9275"
    assert cell_text(page, "BM1.2.1") == "9.275"
    # typed without grouping, regrouped while typing, same result
    type_into(qtbot, page, "BM1.2.2", "4637")
    assert stored(installed_db, "BM1.2.2").value == "4637"
    assert cell_text(page, "BM1.2.2") == "4.637"
    assert cell_text(page, "BM1.2").startswith("= 50")  # computed ratio, read-only
    assert not page.model.flags(page.model.index(page.model.line_of("BM1.2"), Col.VALUE)) \
        & Qt.ItemFlag.ItemIsEditable


def test_refused_input_shows_a_message_and_writes_nothing(qtbot, installed_db):
    _w, page = open_window(qtbot, installed_db)
    type_into(qtbot, page, "BM1.2.1", "12,5")  # a count cannot have a fraction
    assert stored(installed_db, "BM1.2.1") is None
    messages = [page.ui.messages.item(i).text() for i in range(page.ui.messages.count())]
    assert any("BM1.2.1" in m for m in messages)
    assert not page.ui.markReadyButton.isEnabled()
    # clicking the message selects the cell
    page.table.setCurrentIndex(page.model.index(0, 0))
    page._message_clicked(page.ui.messages.item(0))
    assert page.model.row_at(page.table.currentIndex().row()).code == "BM1.2.1"


def test_paste_block_is_one_transaction(qtbot, installed_db):
    _w, page = open_window(qtbot, installed_db)
    start = page.model.line_of("BM1.2")
    block = [["BM1.2", "x", "y", "50", ""],  # a computed row: its value is ignored
             ["BM1.2.1", "x", "y", "1.200", "sổ theo dõi"],
             ["BM1.2.2", "x", "y", "600", ""]]
    assert page.paste_block(block, start, Col.CODE)
    assert stored(installed_db, "BM1.2.1").value == "1200"
    assert stored(installed_db, "BM1.2.1").note == "sổ theo dõi"
    assert stored(installed_db, "BM1.2.2").value == "600"
    assert stored(installed_db, "BM1.2") is None
    assert page.undo_stack.count() == 1


def test_paste_refused_names_the_cell_and_changes_nothing(qtbot, installed_db, monkeypatch):
    from chiso_desktop.gui.entry import page as page_module

    shown: list[str] = []
    monkeypatch.setattr(page_module.QMessageBox, "warning",
                        lambda _p, _t, text: shown.append(text))
    _w, page = open_window(qtbot, installed_db)
    start = page.model.line_of("BM1.2.1")
    assert not page.paste_block([["10"], ["abc"], ["5"]], start, Col.VALUE)
    assert stored(installed_db, "BM1.2.1") is None
    assert "BM1.2.2" in shown[0]
    assert page.model.row_at(page.table.currentIndex().row()).code == "BM1.2.2"


def test_undo_writes_the_previous_value_back(qtbot, installed_db):
    _w, page = open_window(qtbot, installed_db)
    type_into(qtbot, page, "BM1.2.1", "100")
    type_into(qtbot, page, "BM1.2.1", "1.250")
    assert stored(installed_db, "BM1.2.1").value == "1250"
    page.undo_stack.undo()
    assert stored(installed_db, "BM1.2.1").value == "100"
    assert cell_text(page, "BM1.2.1") == "100"
    with installed_db.session() as s:
        assert value_history(s, "BM1.2.1", "2026S1")[-1].reason == "undo"
    page.undo_stack.redo()
    assert stored(installed_db, "BM1.2.1").value == "1250"


def test_redo_answers_the_platform_keys_and_ctrl_y_once(qtbot, installed_db):
    _w, page = open_window(qtbot, installed_db)
    keys = page.redo_action.shortcuts()
    assert QKeySequence("Ctrl+Y") in keys
    assert all(k in keys for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo))
    assert len(keys) == len(set(k.toString() for k in keys))


def test_not_applicable_toggle(qtbot, installed_db):
    _w, page = open_window(qtbot, installed_db)
    page.table.go_to(page.model.index(page.model.line_of("BM1.2.1"), Col.VALUE))
    page.toggle_not_applicable()
    assert stored(installed_db, "BM1.2.1").state == "not-applicable"
    assert cell_text(page, "BM1.2.1") == "Không phát sinh"
    page.toggle_not_applicable()
    assert stored(installed_db, "BM1.2.1").state == "missing"


def test_switching_to_english_changes_labels(qtbot, installed_db):
    window, page = open_window(qtbot, installed_db)
    vi_header = page.model.headerData(Col.VALUE, Qt.Orientation.Horizontal)
    vi_title = window.tabs.tabText(0)
    window.ctx.set_language("en")
    assert page.model.headerData(Col.VALUE, Qt.Orientation.Horizontal) == "Value"
    assert page.ui.markReadyButton.text() == "Mark &ready"
    assert window.tabs.tabText(0) == "Data entry"
    assert "First half of 2026" in window.period_picker.currentText()
    window.ctx.set_language("vi")
    assert page.model.headerData(Col.VALUE, Qt.Orientation.Horizontal) == vi_header
    assert window.tabs.tabText(0) == vi_title
    assert "6 tháng đầu năm 2026" in window.period_picker.currentText()


def test_mark_ready_blocked_while_errors_remain(qtbot, installed_db, monkeypatch):
    from chiso_desktop.gui import guard_dialog

    asked: list[object] = []
    monkeypatch.setattr(guard_dialog, "confirm", lambda *a, **k: asked.append(a[2]) or True)
    _w, page = open_window(qtbot, installed_db)
    type_into(qtbot, page, "BM1.2.1", "10")
    type_into(qtbot, page, "BM1.2.2", "20")  # part larger than its whole: 200 %
    assert page.form is not None and page.form.errors
    assert not page.ui.markReadyButton.isEnabled()
    assert page.ui.markReadyButton.toolTip()
    type_into(qtbot, page, "BM1.2.2", "5")
    assert not page.form.errors
    assert page.ui.markReadyButton.isEnabled()
    page.ui.markReadyButton.click()
    assert asked and asked[0].warnings  # the other items are empty: listed and confirmed
    qtbot.waitUntil(lambda: page.form.status == "ready")  # marked off the UI thread
    with installed_db.session() as s:
        assert load_form(s, parse_period("2026S1")).status == "ready"


def test_catalog_and_plan_notes_show_as_tooltip_and_in_the_info_panel(qtbot, kt_db):  # KT's plan items
    _w, page = open_window(qtbot, kt_db, period="202605")
    line = page.model.line_of("A.IV.3.1")
    assert line is not None
    tip = page.model.index(line, Col.NAME).data(Qt.ItemDataRole.ToolTipRole)
    assert "Báo cáo trong phạm vi quản lý" in tip
    page.table.setCurrentIndex(page.model.index(line, Col.VALUE))
    assert "A.IV.3" in page.info.text() and "Báo cáo trong phạm vi quản lý" in page.info.text()
    _w2, half = open_window(qtbot, kt_db)  # the CCHC forms are half-yearly
    half.show_all.setChecked(True)  # they are VP's: KT sees them read only
    half_line = half.model.line_of("BM1.2")
    assert half_line is not None
    half.table.setCurrentIndex(half.model.index(half_line, Col.VALUE))
    assert "51,9%" in half.info.text()


def test_ctrl_f_filters_the_grid_by_code_name_or_note(qtbot, kt_db):  # KT's plan items
    _window, page = open_window(qtbot, kt_db, period="202605")
    # Ctrl+F is the page's Find action (offscreen windows never become active, so the
    # shortcut itself cannot be pressed here).
    assert page.find_action in page.actions()
    assert page.find_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert page.find_action.shortcut().toString() == "Ctrl+F"
    page.find_action.trigger()
    qtbot.keyClicks(page.search_box, "dan cu")  # typed without accents
    visible = [page.model.row_at(n).code for n in range(page.model.rowCount())
               if not page.table.isRowHidden(n) and page.model.row_at(n) is not None]
    assert visible == ["D.3.1"], visible
    headers = [line.title for n, line in enumerate(page.model.lines)
               if line.row is None and not page.table.isRowHidden(n)]
    assert len(headers) == 2  # its group and its indicator stay visible above it
    assert page.search_count.text()
    page.search_box.setText("A.IV.3")
    codes = {page.model.row_at(n).code for n in range(page.model.rowCount())
             if not page.table.isRowHidden(n) and page.model.row_at(n) is not None}
    assert codes and all(c.startswith("A.IV.3.") for c in codes)
    assert page.search_escape.key().toString() == "Esc"
    page.search_escape.activated.emit()
    assert page.search_box.text() == ""
    assert not any(page.table.isRowHidden(n) for n in range(page.model.rowCount()))


def test_page_keys_never_land_on_a_group_header(qtbot, kt_db):  # KT's plan items
    _w, page = open_window(qtbot, kt_db)
    page.table.setFocus()
    page.table.go_to(page.table.first_editable())
    seen = []
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageDown, Qt.Key.Key_PageDown,
                Qt.Key.Key_PageUp, Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
        qtbot.keyClick(page.table, key)
        current = page.table.currentIndex()
        assert page.model.row_at(current.row()) is not None, (key, current.row())
        seen.append(current.row())
    assert max(seen) > min(seen)
    qtbot.keyClick(page.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    assert page.model.row_at(page.table.currentIndex().row()) is not None
    qtbot.keyClick(page.table, Qt.Key.Key_Up)  # above the first item are only headers
    assert page.model.row_at(page.table.currentIndex().row()) is not None


def test_f1_shows_the_vietnamese_guide_with_the_shortcuts(qtbot, installed_db):
    window, _page = open_window(qtbot, installed_db)
    window.help_action.trigger()
    dialog = window.help_dialog
    assert dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert "Phím tắt" in text and "Ctrl+F" in text and "Page Down" in text
    dialog.close()
