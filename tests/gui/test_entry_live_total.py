"""Issue 19 item 5: the breakdown's total follows the clerk's typing, cell by cell.

Typed into the part lines with Enter and Tab as in Excel: a summed total shows
its sum so far after each commit (and while a part's editor is open, keystroke by
keystroke), and an entered total that the parts contradict is flagged at once, also
for parts held in their cells on a ready period.
"""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.entry.form import mark_ready
from chiso_desktop.gui.entry.model import Col
from chiso_desktop.gui.entry.page import EntryPage
from chiso_desktop.gui.qt import QAbstractItemView, QLineEdit, Qt
from chiso_desktop.periods.period import parse_period
from tests.gui.test_entry_breakdown import QUARTER, _stored, _window
from tests.gui.test_entry_page import cell_text, type_into


def type_here(qtbot, page: EntryPage, text: str, key: Qt.Key = Qt.Key.Key_Return) -> None:
    """Type into the current cell as a clerk does: just start typing, then Enter or Tab."""
    qtbot.keyClicks(page.table, text[0])  # any key opens the editor with that key in it
    editor = page.table.indexWidget(page.table.currentIndex())
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState)


def test_a_summed_total_follows_each_typed_part(qtbot, tmp_path: Path) -> None:
    db, window, page = _window(qtbot, tmp_path, "hp-2081-2026")
    window.ctx.set_period(parse_period("202606"))
    total = page.model.line_of("A.IX.3.1")
    assert total is not None and cell_text(page, "A.IX.3.1") == "="
    page.table.setCurrentIndex(page.model.index(total + 1, Col.VALUE))
    page.table.setFocus()
    type_here(qtbot, page, "12,5")
    assert cell_text(page, "A.IX.3.1") == "= 12,5 (1/3)"
    assert page.ui.summaryLabel.text().startswith("Đã nhập 1/")  # the part is counted
    assert cell_text(page, "A.IX.3.1", Col.STATE) == "Σ 12,5 (1/3)"
    assert "Phân tổ: đã nhập 1/3 phần, cộng lại được 12,5." in \
        page.model.index(total, Col.STATE).data(Qt.ItemDataRole.ToolTipRole)
    assert page.table.currentIndex().row() == total + 2  # Enter went down to BHYT
    type_here(qtbot, page, "3")
    assert cell_text(page, "A.IX.3.1") == "= 15,5 (2/3)"
    assert page.table.currentIndex().row() == total + 3
    # Keystroke by keystroke, before the cell is committed: the total already shows it.
    qtbot.keyClicks(page.table, "0")
    editor = page.table.indexWidget(page.table.currentIndex())
    assert cell_text(page, "A.IX.3.1") == "= 15,5"  # 15,5 + 0: all three parts in
    qtbot.keyClicks(editor, ",5")
    assert cell_text(page, "A.IX.3.1") == "= 16,0"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # not committed: back to what is stored
    qtbot.waitUntil(lambda: page.table.state() != QAbstractItemView.State.EditingState)
    assert cell_text(page, "A.IX.3.1") == "= 15,5 (2/3)"
    type_here(qtbot, page, "0,5", Qt.Key.Key_Tab)
    assert cell_text(page, "A.IX.3.1") == "= 16,0"
    assert _stored(db, "A.IX.3.1")["default"] == "16.0"
    window.close()
    db.close()


def test_an_entered_total_is_checked_as_parts_are_typed(qtbot, tmp_path: Path) -> None:
    db, window, page = _window(qtbot, tmp_path)
    type_into(qtbot, page, "B.4.1", "1.000")
    type_into(qtbot, page, "B.4.1[apatit]", "600")  # Enter: on to Vàng
    assert cell_text(page, "B.4.1", Col.STATE) == "Σ 600 (1/4)"
    type_here(qtbot, page, "500")
    row = page.form.row("B.4.1")
    assert [i.rule for i in row.issues] == ["total"]
    line = page.model.line_of("B.4.1")
    assert "1.100" in page.model.index(line, Col.VALUE).data(Qt.ItemDataRole.ToolTipRole)
    type_into(qtbot, page, "B.4.1[vang]", "400")
    assert not page.form.row("B.4.1").issues

    # On a ready period a typed part waits for the reason; the total is checked already.
    with db.session() as s, s.begin():
        mark_ready(s, parse_period(QUARTER), page.form.department, "Lan")
    page.reload()
    assert page.form.status == "ready"
    type_into(qtbot, page, "B.4.1[apatit]", "700")
    assert _stored(db, "B.4.1")["apatit"] == "600"  # held in its cell
    assert cell_text(page, "B.4.1", Col.STATE) == "Σ 1.100 (2/4)"
    tip = page.model.index(line, Col.VALUE).data(Qt.ItemDataRole.ToolTipRole)
    assert "1.100" in tip and "1.000" in tip
    messages = [page.ui.messages.item(i).text() for i in range(page.ui.messages.count())]
    assert any(m.startswith("B.4.1: ") and "1.100" in m for m in messages)
    assert not page.form.row("B.4.1").issues  # the stored form is still consistent
    # Correcting another part before the reason clears it, still without a save.
    type_into(qtbot, page, "B.4.1[vang]", "300")
    assert page.model.live_problem(page.form.row("B.4.1")) == ""
    assert cell_text(page, "B.4.1", Col.STATE) == "Σ 1.000 (2/4)"
    page.reason_edit.setText("Đối chiếu biên bản")
    page._reason_given()
    assert _stored(db, "B.4.1") == {"default": "1000", "apatit": "700", "vang": "300"}
    assert not page.form.row("B.4.1").issues
    window.close()
    db.close()
