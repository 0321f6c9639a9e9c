"""Issue 19 item 5: "Hiện chi tiết phân tổ" in the merged view lists each disaggregated
field's breakdown under it; a part's history is its own, questioning it questions its field."""

from __future__ import annotations

from pathlib import Path

import pytest

from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.gui.office.merged_model import Col
from chiso_desktop.gui.office.merged_page import MergedPage
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.office.test_merged_breakdowns import PARTS, QUARTER, lao_cai_office


@pytest.fixture
def office(chiso, tmp_path: Path) -> Path:
    return lao_cai_office(chiso, tmp_path)


def test_merged_page_toggle_shows_the_breakdown(qtbot, office: Path) -> None:
    db = open_database(office)
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    ctx.set_period(parse_period(QUARTER))
    window.show_page("office_merged")
    page = window.page("office_merged")
    assert isinstance(page, MergedPage)
    model = page.model

    def listed() -> list[str]:
        return [model.cell_at(r).code for r in range(model.rowCount())]

    assert "B.4.1" in listed() and "B.4.1[vang]" not in listed()
    assert page.breakdowns.text() == "Hiện &chi tiết phân tổ"
    before = model.rowCount()
    page.breakdowns.setChecked(True)
    at = listed().index("B.4.1")
    assert listed()[at:at + 5] == ["B.4.1", *PARTS]
    assert model.index(at + 2, Col.ITEM).data().strip() == "↳ Vàng"
    assert model.index(at + 2, Col.VALUE).data() == "0,5"
    assert f"Đang hiển thị: {model.rowCount()}" in page.legend.text() and model.rowCount() > before
    # A part's history is its own cell's; questioning a part questions its field.
    page.show_history(model.index(at + 1, Col.VALUE))
    assert "B.4.1[apatit]" in page.history_dialog.ui.fieldLabel.text()
    page.history_dialog.close()
    page.table.selectRow(at + 1)
    assert [c.code for c in page.selected_cells()] == ["B.4.1"]
    page.breakdowns.setChecked(False)
    assert "B.4.1[vang]" not in listed() and model.rowCount() == before
    window.close()
    db.close()


def test_finalize_page_exports_totals_only_when_asked(qtbot, chiso, office: Path,
                                                      tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from chiso_desktop.gui.office.finalize_page import FinalizePage
    from tests.support.cli import ok

    ok(chiso("--db", office, "finalize", "--period", QUARTER, "--approver", "Lò Văn Minh",
             "--position", "Chủ tịch UBND xã"))
    db = open_database(office)
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    ctx.set_period(parse_period(QUARTER))
    window.show_page("office_finalize")
    page = window.page("office_finalize")
    assert isinstance(page, FinalizePage)
    assert page.breakdowns.isChecked()  # the IOC takes the breakdown by default

    def exported(name: str) -> list[str]:
        out = tmp_path / name
        with qtbot.waitSignal(page.output_written, timeout=30000):
            page.export_ioc(out)
        return [str(r[0]) for ws in load_workbook(out).worksheets[1:]
                for r in ws.iter_rows(min_row=2, values_only=True)
                if str(r[0]).startswith("B.4.1")]

    assert exported("full.xlsx") == ["B.4.1", *PARTS]
    page.breakdowns.setChecked(False)
    assert exported("totals.xlsx") == ["B.4.1"]
    window.close()
    db.close()
