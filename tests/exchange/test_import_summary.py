"""The import summary a clerk can act on: file, kind, department, period, result, detail."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from chiso_desktop.bundle.identify import KEY_CARD, PDF, SPREADSHEET, identify
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.exchange.importer import REFUSED, import_files
from chiso_desktop.exchange.summary import summarize
from chiso_desktop.office.handlers import import_handlers
from chiso_desktop.store.db import open_database
from tests.support.ward import MONTH, PASSPHRASE, Ward, ok

KT = "Phòng Kinh tế, Hạ tầng và Đô thị"


@pytest.fixture(scope="module")
def usb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Ward, dict[str, Path]]:
    root = tmp_path_factory.mktemp("ward")
    with pytest.MonkeyPatch.context() as mp:  # the function-scoped profile fixture is not up
        mp.setenv("CHISO_PASSPHRASE", PASSPHRASE)
        mp.setenv("HOME", str(root / "home"))
        ward = Ward(root=root)
        ward.add_department("KT")
        ok(ward.run("KT", "values", "set", "--period", MONTH, "D.3.1=12.450"))
        good = root / f"kt-{MONTH}.chiso"
        ok(ward.run("KT", "export", "--period", MONTH, "--out", good))
    data = bytearray(good.read_bytes())
    at = data.index(b'"created_at"')
    data[at + 20] ^= 0x01  # one digit of the manifest changed: the signature no longer holds
    damaged = root / f"kt-{MONTH}-copy.chiso"
    damaged.write_bytes(bytes(data))
    broken = bytearray(good.read_bytes())
    at = broken.index(b'"created_at"')
    broken[at] = ord("{")  # the manifest is no longer JSON
    (root / f"kt-{MONTH}-broken.chiso").write_bytes(bytes(broken))
    book = root / "so-lieu.xlsx"
    wb = Workbook()
    wb.active["A1"] = "D.3.1"
    wb.save(book)
    pdf = root / "phieu-gui.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return ward, {"good": good, "damaged": damaged, "broken": root / f"kt-{MONTH}-broken.chiso", "setup": root / "kt.setup.chiso",
                  "card": root / "kt.key", "book": book, "pdf": pdf}


def lines(ward: Ward, files: list[Path]) -> list:
    db = open_database(ward.office)
    try:
        results = import_files(db, files, handlers=import_handlers(), actor="VP",
                               secret=PASSPHRASE, dry_run=True)
        with db.session() as s:
            scope = load_scope(s)
        names = {d.code: d.name for c in scope.catalogs for d in c.departments}
    finally:
        db.close()
    return [(r, summarize(r, names, "vi")) for r in results]


def test_files_are_recognised_for_what_they_are(usb) -> None:
    _ward, files = usb
    assert identify(files["setup"].read_bytes()).kind == "setup"
    assert identify(files["setup"].read_bytes()).department == "KT"
    assert identify(files["card"].read_bytes()).kind == KEY_CARD
    assert identify(files["book"].read_bytes()).kind == SPREADSHEET
    assert identify(files["pdf"].read_bytes()).kind == PDF
    facts = identify(files["good"].read_bytes())
    assert (facts.kind, facts.department, facts.periods) == ("bundle", "KT", (MONTH,))


def test_imported_bundle_names_department_and_period(usb) -> None:
    ward, files = usb
    [(result, line)] = lines(ward, [files["good"]])
    assert result.status == "imported"
    assert (line.kind, line.department, line.period) == ("Tệp số liệu", KT, "Tháng 10/2026")
    assert line.result.startswith("Đã nhập") and line.detail == ""


def test_damaged_file_is_worded_for_a_clerk_with_the_reason_in_detail(usb) -> None:
    ward, files = usb
    [(result, line)] = lines(ward, [files["damaged"]])
    assert result.status == REFUSED
    assert line.result == (f"Chưa nhập: Tệp bị hỏng hoặc đã bị sửa — đề nghị {KT} gửi lại.")
    assert line.department == KT and line.period == "Tháng 10/2026"  # what the file says
    assert result.reason in line.detail and result.message in line.detail
    [(result, line)] = lines(ward, [files["broken"]])
    assert line.result.startswith("Chưa nhập: Tệp bị hỏng hoặc đã bị sửa — đề nghị")
    assert "JSON" not in line.result and "JSON" in line.detail


def test_setup_package_and_other_files_are_not_called_bundles(usb) -> None:
    ward, files = usb
    got = {Path(r.file).name: line for r, line in
           lines(ward, [files["setup"], files["card"], files["book"], files["pdf"]])}
    setup = got["kt.setup.chiso"]
    assert setup.kind == "Gói cài đặt" and setup.department == KT
    assert "gói cài đặt" in setup.result and "khóa chưa" not in setup.result
    assert got["kt.key"].kind == "Thẻ khóa công khai"
    assert "Excel" in got["so-lieu.xlsx"].result
    assert got["phieu-gui.pdf"].kind == "Tài liệu PDF"
    assert all(line.detail for line in got.values())  # the technical reason stays available
