"""An hour from a department to the Office's outputs: typed, bundled (format 3), merged,
in the IOC workbook, CSV and PDF titles, and locked with its month."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chiso_desktop.catalog.installed import install_catalog
from chiso_desktop.catalog.model import Assignment, CatalogKind, Department
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.store.db import open_database
from tests.support.cli import ok, run_cli
from tests.support.pdf import all_text, flat
from tests.support.ward import Ward

PLAN = "test-laocai-plan"
HOUR = "2026060114"


def _install_plan(db_path: Path) -> None:
    """A Lào Cai plan: the Economy department (KT) reports C.1, the rest is the Office's."""
    base = builtin_catalogs()["laocai-2026"]
    ward_plan = builtin_catalogs()["nhichieu-202-2026"]
    plan = replace(ward_plan, id=PLAN, version="1", kind=CatalogKind.PLAN, base=base.id,
                   departments=(Department("KT", "Phòng Kinh tế"),
                                Department("VP", "Văn phòng HĐND-UBND")),
                   assignments=(Assignment("C.1", "KT"),), indicators=(), groups=(),
                   categories=())
    db = open_database(db_path)
    with db.session() as s, s.begin():
        install_catalog(s, plan)
    db.close()


@pytest.fixture
def ward(tmp_path: Path) -> Ward:
    _install_plan(tmp_path / "office.db")
    w = Ward(run_cli, tmp_path, unit="Xã Bảo Hà", plan=PLAN, catalog="laocai-2026",
             unit_code="02911")
    w.add_department("KT")
    return w


def test_an_hour_travels_and_locks_with_its_month(ward: Ward) -> None:
    bundle_id = ward.send("KT", "14h 01/6/2026", "kt-14h.chiso", "C.1.4=12,5", "C.1.3=7",
                          "C.1.2=Bão số 3")
    assert bundle_id
    listed = ok(ward.run("VP", "values", "list", "--period", HOUR, "--json")).json()
    assert "12.5" in str(listed)
    root = ward.root
    ok(ward.run("VP", "report", "xlsx", "--period", HOUR, "--out", root / "ioc.xlsx"))
    sheet = load_workbook(root / "ioc.xlsx").active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert any("14h 01/6/2026" in c for c in cells)
    ok(ward.run("VP", "report", "csv", "--period", HOUR, "--out", root / "ioc.csv"))
    assert ";2026060114;" in (root / "ioc.csv").read_text(encoding="utf-8-sig")  # the id column
    ok(ward.run("VP", "report", "pdf", "--period", HOUR, "--form", "period-report", "--out",
                root / "hour.pdf"))
    assert "14h 01/6/2026" in flat(all_text((root / "hour.pdf").read_bytes()))

    ok(ward.run("VP", "finalize", "--period", "202606", "--approver", "Lò Văn Minh",
                "--position", "Chủ tịch UBND xã"))
    typed = ward.run("VP", "values", "set", "--period", "2026060115", "C.2.2=0")
    assert typed.code == 3 and "Tháng 6/2026" in typed.err
    ok(ward.run("KT", "values", "set", "--period", "2026060115", "C.1.4=20"))
    ok(ward.run("KT", "export", "--period", "2026060115", "--out", root / "kt-15h.chiso"))
    [held] = ok(ward.run("VP", "import", root / "kt-15h.chiso", "--json")).json()
    assert held["conflicts"] == 1 and held["new"] == 0
    [conflict] = ok(ward.run("VP", "conflicts", "list", "--json")).json()
    assert conflict["kind"] == "locked" and conflict["period"] == "2026060115"
    after = ok(ward.run("VP", "values", "list", "--period", "2026060115", "--json")).json()
    assert "20" not in str([v for v in _values(after) if v.get("code") == "C.1.4"])


def test_a_locked_hour_goes_up_to_the_province(ward: Ward) -> None:
    """The ward's consolidated bundle of an hour (format 3) at a province installation."""
    root = ward.root
    province = root / "province.db"
    ok(run_cli("--db", province, "init", "--role", "city", "--unit", "Tỉnh Lào Cai",
               "--unit-code", "10", "--catalog", "laocai-2026"))
    card = root / "province.key"
    ok(run_cli("--db", province, "keys", "export", "--out", card))
    ok(ward.run("VP", "keys", "trust", card, "--department", "city", "--yes"))
    ward.send("KT", HOUR, "kt-14h.chiso", "C.1.4=12,5")
    ok(ward.run("VP", "finalize", "--period", HOUR, "--approver", "Lò Văn Minh",
                "--position", "Chủ tịch UBND xã"))  # each hour is approved and sent on
    bundle = root / "consolidated-14h.chiso"
    ok(ward.run("VP", "export", "--period", HOUR, "--out", bundle, "--consolidated"))
    office_card = root / "office.key"
    ok(ward.run("VP", "keys", "export", "--out", office_card))
    ok(run_cli("--db", province, "enroll-ward", office_card))
    [result] = ok(run_cli("--db", province, "import", bundle, "--json")).json()
    assert result["status"] == "imported" and result["periods"] == [HOUR]
    status = ok(run_cli("--db", province, "status", "--period", "14h 01/6/2026",
                        "--json")).json()
    assert status["period"] == HOUR and status["wards"][0]["received"] >= 1


def _values(doc: object) -> list[dict[str, object]]:
    if isinstance(doc, dict):
        doc = doc.get("values", doc.get("fields", []))
    assert isinstance(doc, list)
    return [v for v in doc if isinstance(v, dict)]
