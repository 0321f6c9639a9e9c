"""Heading rows of the CCHC forms in the entry grid: bold, never edited, passed over by
Tab and Enter, lined up by paste, and not counted in the summary."""

from __future__ import annotations

from chiso_desktop.gui.entry.model import HEADING_BG, ROW_KIND_ROLE, Col
from chiso_desktop.gui.qt import Qt
from tests.gui.test_entry_page import cell_text, open_window, stored, type_into

HEADINGS = ["BM1.3", "BM1.4", "BM3.1", "BM3.2", "BM4.1", "BM4.2", "BM5.1", "BM5.2", "BM6.2",
            "BM7.1"]


def test_headings_are_bold_distinct_rows_that_cannot_be_edited(qtbot, installed_db):
    _w, page = open_window(qtbot, installed_db)
    model = page.model
    for code in HEADINGS:
        line = model.line_of(code)
        assert line is not None, code
        assert model.lines[line].kind == "heading"
        for col in Col:
            index = model.index(line, col)
            assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable, (code, col)
            assert model.data(index, Qt.ItemDataRole.FontRole).bold()
            assert model.data(index, Qt.ItemDataRole.BackgroundRole).color() == HEADING_BG
            assert model.data(index, ROW_KIND_ROLE) == "heading"
        assert cell_text(page, code, Col.VALUE) == "" and cell_text(page, code, Col.STATE) == ""
        # the title reads across the row, as on the printed form
        assert page.table.columnSpan(line, Col.NAME) == len(Col) - Col.NAME
    assert cell_text(page, "BM1.3", Col.NAME) == "3. Kiểm tra CCHC"
    page.table.setCurrentIndex(model.index(model.line_of("BM1.3"), Col.VALUE))
    page.toggle_not_applicable()  # Ctrl+K on a heading does nothing
    assert stored(installed_db, "BM1.3") is None


def test_tab_and_enter_pass_over_headings(qtbot, installed_db):
    _w, page = open_window(qtbot, installed_db)
    model, table = page.model, page.table
    table.setFocus()
    table.go_to(model.index(model.line_of("BM1.2.2"), Col.VALUE))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert model.row_at(table.currentIndex().row()).code == "BM1.3.1"
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert model.row_at(table.currentIndex().row()).code == "BM1.2.2"
    table.go_to(model.index(model.line_of("BM1.2.2"), Col.NOTE))
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert model.row_at(table.currentIndex().row()).code == "BM1.3.1"
    assert table.currentIndex().column() == Col.VALUE
    # typing a value and pressing Enter moves past the heading too
    type_into(qtbot, page, "BM1.2.2", "27")
    assert stored(installed_db, "BM1.2.2").value == "27"
    assert model.row_at(table.currentIndex().row()).code == "BM1.3.1"


def test_the_summary_counts_no_heading(qtbot, installed_db):
    _w, page = open_window(qtbot, installed_db)
    own = page.form.own_rows
    inputs = [r for r in own if not r.computed and not r.heading]
    assert {r.code for r in own if r.heading} >= set(HEADINGS)
    assert page.ui.summaryLabel.text().startswith(f"Đã nhập 0/{len(inputs)} ·")
    assert len(inputs) == 59
    assert all(r.code not in HEADINGS for r in page.form.missing_inputs)


def test_paste_lines_a_column_up_with_the_rows_and_refuses_a_shifted_one(
        qtbot, installed_db, monkeypatch):
    from chiso_desktop.gui.entry import page as page_module

    shown: list[str] = []
    monkeypatch.setattr(page_module.QMessageBox, "warning",
                        lambda _p, _t, text: shown.append(text))
    _w, page = open_window(qtbot, installed_db)
    start = page.model.line_of("BM1.2.1")
    # copied from the template or the printed form: an empty cell on the heading row
    assert page.paste_block([["52"], ["27"], [""], ["3"], ["4"]], start, Col.VALUE)
    assert stored(installed_db, "BM1.2.2").value == "27"
    assert stored(installed_db, "BM1.3") is None
    assert (stored(installed_db, "BM1.3.1").value, stored(installed_db, "BM1.3.2").value) == \
        ("3", "4")
    # copied without the headings: every value below would land one row off
    assert not page.paste_block([["50"], ["25"], ["1"], ["2"]], start, Col.VALUE)
    assert "Kiểm tra CCHC" in shown[0] and "Dòng 3" in shown[0]
    assert stored(installed_db, "BM1.2.1").value == "52"  # nothing changed
    assert page.model.row_at(page.table.currentIndex().row()).code == "BM1.3"
