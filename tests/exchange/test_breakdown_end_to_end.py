"""Issue 19, done when: a disaggregated field goes from entry through bundle, merge and
city to the IOC workbook and the ADX output with its options intact and its totals checked.

Lào Cai B.4.1 (mining output, tonnes, by mineral; the total is entered): a KT clerk
fills the department template in Excel, the Office imports KT's bundle, approves and
sends its consolidated bundle to the province, which writes its workbook and an ADX
message that validates against the IHE schema.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

from chiso_desktop.office.dhis2.valueset import ADX_NAMESPACE
from chiso_desktop.office.merged import merged_view
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.office.test_dhis2 import ELEMENTS, fill_mapping
from tests.support.cli import ok
from tests.support.ward import run_sql

QUARTER = "2026Q2"
SPECS = Path("/work/shared/specs/adx/adx_loose.xsd")
SCHEMA = SPECS if SPECS.exists() else Path(__file__).parents[1] / "office" / "adx" / \
    "adx_loose.xsd"
PARTS = {"B.4.1[apatit]": 1000, "B.4.1[vang]": 0.5, "B.4.1[da]": 250, "B.4.1[khac]": 0}


def fill(path: Path, values: dict[str, object]) -> None:
    """What the clerk does in Excel: type numbers into the value column."""
    wb = load_workbook(path)
    for row in wb.active.iter_rows(min_row=2):
        if row[0].value in values:
            row[3].value = values[row[0].value]
    wb.save(path)


def combos(location: Path, unit_filter: str = "") -> dict[str, str | None]:
    return dict(run_sql(location, "SELECT combo, value FROM data_values WHERE field_code = "
                        f"'B.4.1' AND period = '{QUARTER}' {unit_filter}"))


def test_a_breakdown_from_the_department_template_to_the_province_adx(
        chiso: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHISO_PASSPHRASE", "a long test passphrase")
    city, office, kt = tmp_path / "city.db", tmp_path / "office.db", tmp_path / "kt.db"
    ok(chiso("--db", city, "init", "--role", "city", "--unit", "Tỉnh Lào Cai", "--unit-code",
             "10", "--catalog", "laocai-2026"))
    city_card = tmp_path / "city.key"
    ok(chiso("--db", city, "keys", "export", "--out", city_card))
    ok(chiso("--db", office, "init", "--role", "office", "--unit", "Xã Bảo Hà", "--unit-code",
             "02965", "--catalog", "laocai-2026", "--department", "VP"))
    setup = tmp_path / "kt.setup.chiso"
    ok(chiso("--db", office, "setup-package", "--department", "KT", "--out", setup))
    ok(chiso("--db", kt, "init", "--from-setup", setup, "--yes"))
    kt_card = tmp_path / "kt.key"
    ok(chiso("--db", kt, "keys", "export", "--out", kt_card))
    ok(chiso("--db", office, "keys", "trust", kt_card, "--department", "KT", "--yes"))

    # 1. Entry: KT fills its template in Excel; a total the parts contradict is refused.
    sheet = tmp_path / "kt-2026Q2.xlsx"
    ok(chiso("--db", kt, "values", "template", "--period", QUARTER, "--out", sheet))
    fill(sheet, {"B.4.1": 1250.5, **PARTS, "B.4.1[da]": 300})
    refused = chiso("--db", kt, "values", "import", sheet, "--period", QUARTER)
    assert refused.code == 3 and "B.4.1" in refused.err and "1.300,5" in refused.err
    assert combos(kt) == {}
    fill(sheet, {"B.4.1[da]": 250})
    ok(chiso("--db", kt, "values", "import", sheet, "--period", QUARTER))
    assert combos(kt) == {"default": "1250.5", "apatit": "1000", "vang": "0.5", "da": "250",
                          "khac": "0"}

    # 2. Bundle and merge: every option arrives at the Office with its total.
    bundle = tmp_path / "kt.chiso"
    ok(chiso("--db", kt, "export", "--period", QUARTER, "--out", bundle))
    ok(chiso("--db", office, "import", bundle))
    assert combos(office) == combos(kt)
    db = open_database(office)
    with db.session() as s:
        [cell] = [c for c in merged_view(s, parse_period(QUARTER)) if c.code == "B.4.1"]
    db.close()
    assert cell.source == "bundle" and cell.valid
    assert [(p.combo, p.value) for p in cell.parts] == [
        ("apatit", "1000"), ("vang", "0.5"), ("da", "250"), ("khac", "0")]

    # 3. The Office approves; its IOC workbook lists the breakdown under the total.
    ok(chiso("--db", office, "keys", "trust", city_card, "--department", "city", "--yes"))
    ok(chiso("--db", office, "finalize", "--period", QUARTER, "--approver", "Lò Văn Minh",
             "--position", "Chủ tịch UBND xã"))
    ioc = tmp_path / "ioc.xlsx"
    ok(chiso("--db", office, "report", "xlsx", "--period", QUARTER, "--out", ioc))
    rows = [r for ws in load_workbook(ioc).worksheets[1:]
            for r in ws.iter_rows(min_row=2, values_only=True) if str(r[0]).startswith("B.4.1")]
    assert [r[0] for r in rows[:5]] == ["B.4.1", "B.4.1[apatit]", "B.4.1[vang]", "B.4.1[da]",
                                        "B.4.1[khac]"]
    assert rows[0][3] == pytest.approx(1250.5) and rows[2][3] == pytest.approx(0.5)
    assert rows[1][1].endswith("— Apatit")

    # 4. City: the consolidated bundle brings the options; the totals still add up.
    consolidated = tmp_path / "consolidated.chiso"
    ok(chiso("--db", office, "export", "--period", QUARTER, "--out", consolidated,
             "--consolidated"))
    office_card = tmp_path / "office.key"
    ok(chiso("--db", office, "keys", "export", "--out", office_card))
    ok(chiso("--db", city, "enroll-ward", office_card))
    ok(chiso("--db", city, "import", consolidated))
    at_city = combos(city)
    assert at_city == combos(office)
    assert sum(Decimal(v) for k, v in at_city.items() if k != "default" and v) == \
        Decimal(at_city["default"])
    book = tmp_path / "province.xlsx"
    ok(chiso("--db", city, "report", "xlsx", "--period", QUARTER, "--out", book))
    sheet_rows = {r[0]: r for r in load_workbook(book)["Số liệu"].iter_rows(
        min_row=2, values_only=True)}
    assert sheet_rows["B.4.1[vang]"][3] == pytest.approx(0.5)  # the ward's column
    assert sheet_rows["B.4.1[vang]"][-1] == pytest.approx(0.5)  # the province total
    assert sheet_rows["B.4.1[da]"][1].endswith("— Đá các loại")
    assert sheet_rows["B.4.1"][-1] == pytest.approx(1250.5)

    # 5. ADX through the province's mapping, valid against the IHE schema.
    template = tmp_path / "mapping-template.xlsx"
    ok(chiso("--db", city, "dhis2-mapping", "--out", template))
    mapping = fill_mapping(template, tmp_path / "mapping.xlsx")
    adx = tmp_path / "province-2026Q2.xml"
    ok(chiso("--db", city, "report", "dhis2", "--period", QUARTER, "--mapping", mapping,
             "--format", "adx", "--out", adx))
    doc = etree.parse(str(adx))
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(doc)
    ns = {"adx": ADX_NAMESPACE}
    [group] = doc.findall("adx:group", ns)
    assert group.get("period") == "2026-04-01/P3M" and group.get("orgUnit") == "LcBaoHa0001"
    sent = {(v.get("dataElement"), v.get("categoryOptionCombo")): v.get("value")
            for v in group.findall("adx:dataValue", ns)}
    expected = {ids: None for key, ids in ELEMENTS.items() if key[0] == "B.4.1"}
    by_option = {ELEMENTS[("B.4.1", combo)][1]: value for combo, value in at_city.items()
                 if combo != "default"}
    assert {coc: sent[("LcMining001", coc)] for coc in by_option} == by_option
    assert sent[("LcMining001", None)] == "1250.5"  # the total, default combination
    assert len([k for k in sent if k[0] == "LcMining001"]) == len(expected) == 5
