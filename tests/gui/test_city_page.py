"""The city role's page shows the wards side by side, from the core's city report."""

from __future__ import annotations

from pathlib import Path

from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.support.cli import ok, run_cli


def test_city_page_lists_wards_and_totals(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ok(run_cli("demo", "--city", tmp_path / "c", "--wards", "2"))
    db = open_database(tmp_path / "c" / "city.db")
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    month = sorted(p.name.split("-")[-1][:6] for p in (tmp_path / "c" / "bundles").iterdir())[-1]
    ctx.set_period(parse_period(month))
    from chiso_desktop.gui.city.page import CityPage

    page = window.page("city_wards")  # built when first shown
    assert isinstance(page, CityPage)
    page.reload()
    assert page.wards.rowCount() == 2
    names = {page.wards.item(r, 1).text() for r in range(2)}
    assert names == {"Phường Nhị Chiểu", "Xã Đông Hà"}
    headers = [page.items.horizontalHeaderItem(c).text() for c in range(page.items.columnCount())]
    assert headers[2:4] == ["Phường Nhị Chiểu", "Xã Đông Hà"]
    row = next(r for r in range(page.items.rowCount()) if page.items.item(r, 0).text() == "A.IV.3.1")
    a, b, total = (int(page.items.item(row, c).text()) for c in (2, 3, 4))
    assert a + b == total
    window.close()
    db.close()


def test_city_page_shows_an_hour_to_the_minute(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               monkeypatch) -> None:
    """The 14h report received at 16:30 is late, and the page shows why: the time."""
    from tests.office.test_city_hours import HOUR, LATE_WARD, _Clock, hourly_city

    clock = _Clock()
    clock.install(monkeypatch)
    city = tmp_path / "city.db"
    hourly_city(str(city), tmp_path, clock)
    monkeypatch.undo()
    db = open_database(city)
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    ctx.set_period(parse_period(HOUR))
    from chiso_desktop.gui.city.page import CityPage
    from chiso_desktop.office.city import LATE, ON_TIME
    from chiso_desktop.office.city_outputs import timeliness_label

    page = window.page("city_wards")
    assert isinstance(page, CityPage)
    page.reload()
    rows = {page.wards.item(r, 0).text(): [page.wards.item(r, c).text() for c in range(7)]
            for r in range(page.wards.rowCount())}
    assert rows[LATE_WARD[1]][5:] == ["01/06/2026 16:30", timeliness_label(LATE)]
    assert rows["02911"][5:] == ["01/06/2026 14:50", timeliness_label(ON_TIME)]
    assert "01/06/2026 trước 16:00" in page.summary.text()
    assert "Xã Cốc San" in page.summary.text()
    window.close()
    db.close()
