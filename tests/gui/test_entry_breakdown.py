"""A disaggregated field in the entry grid: its breakdown as lines under it, typed,
pasted and undone like any line; a summed total follows its parts."""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.entry.model import Col
from chiso_desktop.gui.entry.page import EntryPage
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.gui.qt import QApplication, QItemSelectionModel, Qt
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from chiso_desktop.store.models import DataValue
from tests.gui.test_entry_page import cell_text, type_into
from tests.support.cli import run_cli

QUARTER = "2026Q2"


def _window(qtbot, tmp_path: Path, catalog: str = "laocai-2026"):
    path = tmp_path / "office.db"
    assert run_cli("--db", path, "init", "--role", "office", "--unit", "Xã Bảo Hà",
                   "--catalog", catalog, "--department", "VP").code == 0
    db = open_database(path)
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    ctx.set_period(parse_period(QUARTER))
    page = window.page("entry")
    assert isinstance(page, EntryPage)
    return db, window, page


def _stored(db, code: str) -> dict[str, str | None]:
    with db.session() as s:
        return {r.combo: r.value for r in s.query(DataValue).filter_by(field_code=code)}


def test_breakdown_lines_are_typed_and_the_entered_total_checked(qtbot, tmp_path: Path) -> None:
    db, window, page = _window(qtbot, tmp_path)
    total = page.model.line_of("B.4.1")
    assert total is not None
    names = [page.model.index(total + k, Col.NAME).data() for k in range(1, 5)]
    assert [n.strip() for n in names] == ["↳ Apatit", "↳ Vàng", "↳ Đá các loại",
                                          "↳ Khoáng sản khác"]
    # The code column names the field once, on its total; a part's cell code is in the
    # tooltip and in what Ctrl+C copies, never cut in a narrow column.
    apatit = page.model.index(total + 1, Col.CODE)
    assert page.model.index(total, Col.CODE).data() == "B.4.1" and apatit.data() == ""
    assert apatit.data(Qt.ItemDataRole.ToolTipRole).startswith("B.4.1[apatit] — Apatit")
    page.table.go_to(apatit)
    assert f"{_('Cell code')}: B.4.1[apatit]" in page.info.text()  # the cursor shows it too
    page.table.selectionModel().select(page.model.index(total + 1, Col.NAME),
                                       QItemSelectionModel.SelectionFlag.Select)
    page.copy()
    assert QApplication.clipboard().text() == "B.4.1[apatit]\t↳ Apatit\n"
    type_into(qtbot, page, "B.4.1", "1.000")
    type_into(qtbot, page, "B.4.1[apatit]", "600")
    # Enter moved the cursor down to the next part, as in any column of values.
    assert page.table.currentIndex().row() == total + 2
    type_into(qtbot, page, "B.4.1[vang]", "0,5")
    assert _stored(db, "B.4.1") == {"default": "1000", "apatit": "600", "vang": "0.5"}
    assert cell_text(page, "B.4.1[vang]") == "0,5"
    # Parts larger than the entered total: the total is flagged, nothing refused.
    type_into(qtbot, page, "B.4.1[da]", "500")
    assert any(i.rule == "total" for i in page.form.row("B.4.1").issues)
    # A block pasted from Excel fills the parts; undo takes it back in one step.
    assert page.paste_block([["900"], ["99,5"], ["0,5"], ["0"]], total + 1, Col.VALUE)
    assert _stored(db, "B.4.1")["apatit"] == "900" and _stored(db, "B.4.1")["vang"] == "99.5"
    assert not page.form.row("B.4.1").issues
    page.undo_stack.undo()
    assert _stored(db, "B.4.1")["apatit"] == "600"
    window.close()
    db.close()


def test_a_summed_total_is_read_only_and_follows_its_parts(qtbot, tmp_path: Path) -> None:
    from chiso_desktop.catalog.registry import builtin_catalogs
    assert builtin_catalogs()["hp-2081-2026"].find_field("A.IX.3.1").categories == ("insurance",)
    db, window, page = _window(qtbot, tmp_path, "hp-2081-2026")
    ctx_period = parse_period("202606")
    window.ctx.set_period(ctx_period)
    total = page.model.line_of("A.IX.3.1")
    assert total is not None
    assert not page.model.is_editable(total, Col.VALUE)
    type_into(qtbot, page, "A.IX.3.1[bhxh]", "12,5")
    type_into(qtbot, page, "A.IX.3.1[bhyt]", "3")
    assert cell_text(page, "A.IX.3.1") == "= 15,5 (2/3)"  # the sum so far, waiting for BHTN
    type_into(qtbot, page, "A.IX.3.1[bhtn]", "0,5")
    assert cell_text(page, "A.IX.3.1") == "= 16,0"
    assert _stored(db, "A.IX.3.1")["default"] == "16.0"
    window.close()
    db.close()
