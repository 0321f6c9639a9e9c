"""Every page usable at 1024×600 and 1366×768: the window stays that size, no text is cut,
no button sits past the edge and no page scrolls sideways."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.fit import ElidedLabel, cut_texts, off_screen, scroll_page, word_elide
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.gui.qt import QHBoxLayout, QLabel, QPushButton, QSize, QVBoxLayout, QWidget
from chiso_desktop.store.opening import open_for_use
from tests.support.prebuilt import Prebuilt
from tests.support.ward import DEMO_TODAY, demo_city, demo_ward

TODAY = DEMO_TODAY
SIZES = ((1024, 600), (1366, 768))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, prebuilt: Prebuilt
         ) -> Iterator[dict[str, Path]]:
    root = tmp_path_factory.mktemp("demo")
    databases = dict(prebuilt.copy(root / "demo", demo_ward).databases)
    databases["city"] = prebuilt.copy(root / "city", demo_city).city
    yield databases


@pytest.mark.parametrize("who", ["VP", "KT", "city"])
def test_every_page_fits_without_cut_text(qtbot, demo: dict[str, Path], who: str) -> None:
    db = open_for_use(demo[who])
    try:
        window = MainWindow(AppContext(db), today=TODAY)
        qtbot.addWidget(window)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 600, hint
        for width, height in SIZES:
            window.resize(width, height)
            window.show()
            for spec in window.specs:
                window.show_page(spec.key)
                qtbot.wait(10)
                assert window.size() == QSize(width, height), (spec.key, window.size())
                page_hint = window.minimumSizeHint()
                assert page_hint.width() <= 1024 and page_hint.height() <= 600, spec.key
                assert cut_texts(window) == [], (width, spec.key)
                assert off_screen(window) == [], (width, spec.key)
        window.close()
    finally:
        db.close()


@contextlib.contextmanager
def window_at_1024(qtbot, path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window on ``path``'s database, shown at 1024×600; closed after."""
    db = open_for_use(path)
    try:
        window = MainWindow(AppContext(db), today=TODAY)
        qtbot.addWidget(window)
        window.resize(1024, 600)
        window.show()
        yield window
        window.close()
    finally:
        db.close()


def test_the_unit_name_elides_with_its_whole_text_as_tooltip(qtbot, demo) -> None:
    with window_at_1024(qtbot, demo["KT"]) as window:
        label = window.unit_label
        assert isinstance(label, ElidedLabel)
        label.set_full_text("Phường Nhị Chiểu · " + "Phòng Kinh tế, Hạ tầng và Đô thị " * 3)
        qtbot.wait(10)
        assert label.text().endswith("…") and label.toolTip() == label.full_text()
        assert cut_texts(window) == []


def test_cut_text_is_found(qtbot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    label = QLabel("Phòng Kinh tế, Hạ tầng và Đô thị", box)
    box.show()
    label.resize(60, 20)
    found = cut_texts(box)
    assert len(found) == 1 and "Phòng Kinh tế" in found[0]
    label.resize(label.sizeHint().width() + 10, 20)
    assert cut_texts(box) == []
    metrics = label.fontMetrics()
    short = word_elide("Bộ chỉ số phục vụ công tác chỉ đạo, điều hành", metrics, 150)
    assert short.endswith(" …") and metrics.horizontalAdvance(short) <= 150
    assert "Bộ chỉ số phục vụ công tác chỉ đạo, điều hành".startswith(short[:-2])


@pytest.mark.parametrize(("catalog", "period"), [("hp-2081-2026", "202606"),
                                                 ("laocai-2026", "2026Q2")])
def test_breakdown_rows_of_the_entry_grid_are_not_cut(qtbot, tmp_path: Path, catalog: str,
                                                     period: str) -> None:
    """Parts under their total (A.XI.2.2[ngoai-cong-lap.nam], B.4.1[apatit]) read whole."""
    from chiso_desktop.periods.period import parse_period
    from tests.support.cli import ok, run_cli

    path = tmp_path / "office.db"
    ok(run_cli("--db", path, "init", "--role", "office", "--unit", "Xã Bảo Hà", "--catalog",
               catalog, "--department", "VP"))
    db = open_for_use(path)
    try:
        ctx = AppContext(db)
        window = MainWindow(ctx, today=TODAY)
        qtbot.addWidget(window)
        ctx.set_period(parse_period(period))
        page = window.page("entry")
        assert any(line.kind == "part" for line in page.model.lines)
        for width, height in SIZES:
            window.resize(width, height)
            window.show()
            window.show_page("entry")
            qtbot.wait(10)
            assert page.table.isVisible()
            assert cut_texts(window) == [], width
        window.close()
    finally:
        db.close()


def test_a_cut_cell_is_found(qtbot) -> None:
    """A table cell wider than its column is cut, unless its tooltip holds its text."""
    from chiso_desktop.gui.qt import QTableWidget, QTableWidgetItem

    table = QTableWidget(2, 2)
    qtbot.addWidget(table)
    table.setProperty("whole_cells", True)
    table.setItem(0, 0, QTableWidgetItem("A.XI.2.2[ngoai-cong-lap.nam]"))
    named = QTableWidgetItem("Số học sinh ngoài công lập chia theo giới tính")
    named.setToolTip("A.XI.2.2 — Số học sinh ngoài công lập chia theo giới tính")
    table.setItem(1, 1, named)
    table.setColumnWidth(0, 60)
    table.setColumnWidth(1, 60)
    table.show()
    found = cut_texts(table)
    assert len(found) == 1 and "ngoai-cong-lap.nam" in found[0]
    table.resizeColumnToContents(0)
    assert cut_texts(table) == []


def test_a_button_past_the_edge_and_a_page_scrolling_sideways_are_found(qtbot) -> None:
    page = QWidget()
    qtbot.addWidget(page)
    row = QHBoxLayout()
    row.addWidget(QLabel("Phòng Kinh tế, Hạ tầng và Đô thị — Quý IV/2026 " * 2))
    button = QPushButton("In phiếu gửi kèm…")
    row.addWidget(button)
    QVBoxLayout(page).addLayout(row)
    scroll_page(page)
    page.resize(400, 300)
    page.show()
    qtbot.wait(10)
    found = off_screen(page)
    assert any("scrolls sideways" in f for f in found)
    assert any("In phiếu gửi kèm" in f for f in found)
    page.resize(page.minimumSizeHint().width() + 2000, 300)
    qtbot.wait(10)
    assert off_screen(page) == []


def test_the_completeness_table_fits_beside_the_charts_at_1024(qtbot, demo: dict[str, Path]
                                                                 ) -> None:
    """Its ten columns show without a sideways scroll bar: number headings take two lines."""
    from chiso_desktop.gui.office.dashboard_page import DashboardPage, two_lines

    with window_at_1024(qtbot, demo["VP"]) as window:
        window.show_page("office_dashboard")
        qtbot.wait(10)
        page = window.page("office_dashboard")
        assert isinstance(page, DashboardPage)
        table = page.completeness_table
        assert table.columnCount() == 10 and table.rowCount() >= 2
        assert table.horizontalScrollBar().maximum() == 0
        heading = table.horizontalHeaderItem(4).text()
        assert heading == two_lines("Chưa có số liệu") == "Chưa có\nsố liệu"
    assert two_lines("Tỷ lệ đúng hạn") == "Tỷ lệ\nđúng hạn" and two_lines("Mã") == "Mã"
