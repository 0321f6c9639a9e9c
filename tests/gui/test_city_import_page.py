"""The city's whole job in the window: import the wards' bundles, enroll a ward, see who is late.

Real consolidated bundles from ``demo --city`` and from a ward that is not
enrolled yet, imported through the city's import page; the values land in the
city's database under the right ward, and each file's line says what happened
and what to do, in Vietnamese.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chiso_desktop.gui.city.import_page import CityImportPage
from chiso_desktop.gui.city.keys_page import CityKeysPage
from chiso_desktop.gui.city.page import CityPage
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.main_window import MainWindow
from chiso_desktop.office.city_demo import build_city_demo
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.support.cli import ok, run_cli
from tests.support.ward import PASSPHRASE, Ward, run_sql

PLAN = "nhichieu-202-2026"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three wards; the third has sent nothing for the latest month."""
    root = tmp_path_factory.mktemp("demo")
    build_city_demo(root, 3, passphrase=PASSPHRASE)
    return root


def _consolidated(db: Path | str, period: str, out: Path, values: tuple[str, ...]) -> Path:
    ok(run_cli("--db", db, "values", "set", "--period", period, *values))
    ok(run_cli("--db", db, "finalize", "--period", period, "--approver", "Lê Văn Cường",
               "--position", "Chủ tịch UBND"))
    ok(run_cli("--db", db, "export", "--period", period, "--out", out, "--consolidated"))
    return out


@pytest.fixture
def city(demo: Path, tmp_path: Path) -> dict[str, Path]:
    """A copy of the demo city, the missing bundle of the third ward, and a new ward's files."""
    for f in ("city.db", "ward-003.db"):
        shutil.copy(demo / f, tmp_path / f)
    latest = max(p.stem.split("-")[-1] for p in (demo / "bundles").glob("*.chiso"))
    city_db = tmp_path / "city.db"
    missing = _consolidated(tmp_path / "ward-003.db", latest, tmp_path / "ward-003-late.chiso",
                            ("A.IV.3.1=9", "A.XIII.21.1=97,5"))
    card = tmp_path / "city.chisokey"
    ok(run_cli("--db", city_db, "keys", "export", "--out", card))
    new = Ward(run_cli, tmp_path / "moi", unit="Xã Tân Mới", plan=PLAN, unit_code="11399")
    ok(new.run("VP", "keys", "trust", card, "--department", "city", "--yes"))
    unknown = _consolidated(new.office, latest, tmp_path / "tan-moi.chiso", ("A.IV.3.1=4",))
    new_card = tmp_path / "tan-moi.chisokey"
    ok(new.run("VP", "keys", "export", "--out", new_card))
    damaged = tmp_path / "hong.chiso"
    damaged.write_bytes(b"PK\x03\x04 not really a bundle")
    return {"db": city_db, "missing": missing, "unknown": unknown, "card": new_card,
            "damaged": damaged, "duplicate": demo / "bundles" / f"ward-001-{latest}.chiso",
            "latest": Path(latest)}


def _window(qtbot, path: Path) -> tuple[MainWindow, AppContext]:  # type: ignore[no-untyped-def]
    db = open_database(path)
    ctx = AppContext(db)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return window, ctx


def _import(qtbot, page: CityImportPage, files: list[Path]) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.import_finished, timeout=60000):
        assert page.import_paths(files)
    qtbot.waitUntil(lambda: page.job is None, timeout=5000)


def _row(page: CityImportPage, name: str) -> list[str]:
    for r in range(page.table.rowCount()):
        if page.table.item(r, 0).text() == name:
            return [page.table.item(r, c).text() for c in range(page.table.columnCount())]
    raise AssertionError(f"{name} not in the summary")


def test_city_imports_enrolls_and_sees_who_is_late(qtbot, city: dict[str, Path]) -> None:  # type: ignore[no-untyped-def]
    window, ctx = _window(qtbot, city["db"])
    latest = str(city["latest"])
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [
        "Nhập từ xã, phường", "Xã, phường", "Xã, phường và khóa"]
    page = window.page("city_import")
    assert isinstance(page, CityImportPage)
    ward3 = run_sql(city["db"], "SELECT id FROM org_units WHERE admin_code = '11303'")[0][0]
    before = run_sql(city["db"], "SELECT count(*) FROM data_values WHERE org_unit_id = ? "
                                 "AND period = ?", ward3, latest)
    assert before == [(0,)]

    _import(qtbot, page, [city["missing"], city["duplicate"], city["unknown"], city["damaged"]])
    assert [r.status for r in page.results] == ["imported", "already-imported", "refused",
                                                "refused"]
    _name, ward, code, period, result, new, *_rest = _row(page, "ward-003-late.chiso")
    assert (ward, code, new) == ("Xã Đồng Hà", "11303", "2")
    assert result.startswith("Đã nhập — phiên bản đã duyệt 1")
    assert period == parse_period(latest).label("vi")
    assert _row(page, city["duplicate"].name)[1:5:3] == [
        "Phường Nhị Chiểu", "Đã nhập trước đây — tệp này đã được nhận; không có gì thay đổi"]
    unknown = _row(page, "tan-moi.chiso")
    assert unknown[1] == "Xã Tân Mới (theo tệp ghi, chưa xác minh)"
    assert "chưa được đăng ký tại thành phố" in unknown[4]
    assert "\"Xã, phường và khóa\"" in unknown[4]
    assert "bị hỏng" in _row(page, "hong.chiso")[4]
    assert "1 tệp đến từ xã, phường chưa được đăng ký khóa" in page.next_label.text()
    assert page.keys_button.isVisibleTo(page)
    values = dict(run_sql(city["db"], "SELECT field_code, value FROM data_values "
                                      "WHERE org_unit_id = ? AND period = ?", ward3, latest))
    assert values == {"A.IV.3.1": "9", "A.XIII.21.1": "97.5"}

    # The unknown ward: enrolled after the fingerprint check, then its file goes in.
    page.keys_button.click()
    keys = window.page("city_keys")
    assert isinstance(keys, CityKeysPage) and window.tabs.currentWidget() is keys
    dialog = keys.start_enroll(city["card"])
    assert dialog is not None and not dialog.ok_button.isEnabled()
    dialog.on_paper.setChecked(True)
    with qtbot.waitSignal(keys.enrolled, timeout=20000) as enrolled:
        dialog.accept()
    assert enrolled.args == ["Xã Tân Mới"]
    qtbot.waitUntil(lambda: keys.table.rowCount() == 4, timeout=5000)
    assert "Xã Tân Mới" in [keys.table.item(r, 1).text() for r in range(4)]
    _import(qtbot, page, [city["unknown"]])
    assert _row(page, "tan-moi.chiso")[1:3] == ["Xã Tân Mới", "11399"]
    assert "Đã nhập tất cả các tệp" in page.next_label.text()

    # Who has sent, who is late: the late bundle of Xã Đồng Hà arrived today.
    ctx.set_period(parse_period(latest))
    wards = window.page("city_wards")
    assert isinstance(wards, CityPage)
    wards.reload()
    by_name = {wards.wards.item(r, 1).text(): [wards.wards.item(r, c).text()
                                               for c in range(wards.wards.columnCount())]
               for r in range(wards.wards.rowCount())}
    assert by_name["Xã Đồng Hà"][-1] == "nộp muộn"
    assert by_name["Xã Tân Mới"][2] == "1"
    assert "Hạn:" in wards.summary.text()
    window.close()
    ctx.db.close()


def test_a_second_card_for_an_enrolled_ward_is_refused_in_place(qtbot, city: dict[str, Path],
                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The same ward code with another key: the core refuses, the page says so, nothing changes."""
    from chiso_desktop.gui import operations

    window, ctx = _window(qtbot, city["db"])
    keys = window.page("city_keys")
    assert isinstance(keys, CityKeysPage)
    shown: list[str] = []
    monkeypatch.setattr(operations.QMessageBox, "warning",
                        lambda _p, _t, text: shown.append(text))
    twin = Ward(run_cli, city["db"].parent / "twin", unit="Xã Đông Hà", plan=PLAN,
                unit_code="11302")
    card = city["db"].parent / "twin.chisokey"
    ok(twin.run("VP", "keys", "export", "--out", card))
    dialog = keys.start_enroll(card)
    assert dialog is not None
    dialog.on_paper.setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "đã được đăng ký với một khóa khác" in shown[0]
    assert run_sql(city["db"], "SELECT count(*) FROM trusted_keys WHERE org_unit_id IS NOT "
                               "NULL") == [(3,)]
    window.close()
    ctx.db.close()


def test_city_outputs_from_the_window(qtbot, city: dict[str, Path], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    from tests.support.pdf import all_text

    window, ctx = _window(qtbot, city["db"])
    ctx.set_period(parse_period(str(city["latest"])))
    wards = window.page("city_wards")
    assert isinstance(wards, CityPage)
    with qtbot.waitSignal(wards.output_written, timeout=30000):
        wards.export(tmp_path / "ioc.xlsx")
    sheet = load_workbook(tmp_path / "ioc.xlsx")["Số liệu"]
    assert [c.value for c in sheet[1]][3:5] == ["11301 Phường Nhị Chiểu", "11302 Xã Đông Hà"]
    with qtbot.waitSignal(wards.output_written, timeout=30000):
        wards.export(tmp_path / "ioc.csv")
    assert "TOTAL" in (tmp_path / "ioc.csv").read_text("utf-8-sig")
    with qtbot.waitSignal(wards.output_written, timeout=30000):
        wards.save_pdf(tmp_path / "city.pdf")
    text = all_text((tmp_path / "city.pdf").read_bytes())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Xã Đồng Hà" in text
    wards.preview()
    qtbot.waitUntil(lambda: wards.preview_dialog is not None, timeout=30000)
    wards.preview_dialog.close()
    window.close()
    ctx.db.close()


def test_a_folder_dropped_on_the_window_is_imported_on_the_city_page(qtbot, city: dict[str, Path],  # type: ignore[no-untyped-def]
                                                                      tmp_path: Path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    window, ctx = _window(qtbot, city["db"])
    window.show_page("city_keys")
    stick = tmp_path / "usb"
    stick.mkdir()
    shutil.copy(city["missing"], stick / city["missing"].name)
    shutil.copy(city["damaged"], stick / city["damaged"].name)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(stick))])
    page = window.page("city_import")
    assert isinstance(page, CityImportPage)
    drop = QDropEvent(QPointF(40, 40), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    # What the window's event filter gets when a folder is dropped anywhere on it (a drop
    # sent with sendEvent skips Qt's drag-and-drop routing, so the filter is called as Qt does).
    with qtbot.waitSignal(page.import_finished, timeout=60000):
        assert page.eventFilter(window, drop)
    assert window.tabs.currentWidget() is page
    assert sorted(r.status for r in page.results) == ["imported", "refused"]
    window.close()
    ctx.db.close()
