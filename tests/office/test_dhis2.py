"""DHIS2 exchange through a mapping: dataValueSet JSON, ADX against the IHE schema, import."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from openpyxl import load_workbook

from chiso_desktop.errors import Refused
from chiso_desktop.office.dhis2.mapping import DEFAULT_COC, MappingError, read_mapping
from chiso_desktop.office.dhis2.valueset import (
    ADX_NAMESPACE,
    DhisValue,
    ValueSet,
    from_json,
    iso_period,
    to_json,
)
from chiso_desktop.periods.period import parse_period
from tests.support.cli import run_cli
from tests.support.prebuilt import Location, Prebuilt

SCHEMA = Path(__file__).parent / "adx" / "adx_loose.xsd"
QUARTER = "2026Q2"
UNIT = "Xã Bảo Hà"
ELEMENTS = {  # (field, combo) → (dataElement, categoryOptionCombo)
    ("B.4.1", "default"): ("LcMining001", DEFAULT_COC),
    ("B.4.1", "apatit"): ("LcMining001", "LcApatit001"),
    ("B.4.1", "vang"): ("LcMining001", "LcGold00001"),
    ("B.4.1", "da"): ("LcMining001", "LcStone0001"),
    ("B.4.1", "khac"): ("LcMining001", "LcOther0001"),
    ("B.5.1", "default"): ("LcPoorHh001", DEFAULT_COC),
    ("B.5.2", "default"): ("LcPoorHh002", DEFAULT_COC),
}


def ok(result: Any) -> Any:
    assert result.code == 0, (result.out, result.err)
    return result


def fill_mapping(template: Path, out: Path, rule: str = "skip") -> Path:
    """What a province does in Excel: fill in the DHIS2 identifiers of the template."""
    wb = load_workbook(template)
    head = {r[0].value: r for r in wb["dataset"].iter_rows(min_row=2)}
    head["dataSet"][1].value = "LcXaDataSet"
    head["not_applicable"][1].value = rule
    for row in wb["dataElements"].iter_rows(min_row=2):
        ids = ELEMENTS.get((row[0].value, row[1].value))
        if ids:
            row[3].value, row[4].value = ids
    for row in wb["orgUnits"].iter_rows(min_row=2):
        row[2].value = "LcBaoHa0001"
    wb.save(out)
    return out


def _office(tmp_path: Path, db: Location) -> dict[str, Path]:
    chiso = run_cli
    assert isinstance(db, Path)
    ok(chiso("--db", db, "init", "--role", "office", "--unit", UNIT, "--catalog", "laocai-2026",
             "--department", "VP"))
    template = tmp_path / "template.xlsx"
    written = ok(chiso("--db", db, "dhis2-mapping", "--out", template))
    assert "laocai-2026" in written.out
    ok(chiso("--db", db, "values", "set", "--period", QUARTER, "B.4.1=1.250,5",
             "B.4.1[apatit]=1.000", "B.4.1[vang]=0,5", "B.4.1[da]=250", "B.4.1[khac]=0",
             "B.4.3=97,5"))
    ok(chiso("--db", db, "values", "set", "--period", "2026", "B.5.1=12", "B.5.2=Không phát sinh",
             "--note", "B.5.1=Theo rà soát"))
    return {"db": db, "template": template, "root": tmp_path,
            "mapping": fill_mapping(template, tmp_path / "mapping.xlsx")}


@pytest.fixture
def office(prebuilt: Prebuilt, tmp_path: Path) -> dict[str, Path]:
    """The Lào Cai Office with values, its mapping template and a filled mapping (a copy)."""
    return prebuilt.copy(tmp_path, _office)


def test_template_lists_every_entered_cell(office: dict[str, Path]) -> None:
    wb = load_workbook(office["template"])
    rows = [r for r in wb["dataElements"].iter_rows(min_row=2, values_only=True)]
    mining = [(r[1], r[4]) for r in rows if r[0] == "B.4.1"]
    assert mining == [("default", DEFAULT_COC), ("apatit", None), ("vang", None), ("da", None),
                      ("khac", None)]
    assert any(r[2].endswith("— Vàng") for r in rows if r[0] == "B.4.1")
    units = list(wb["orgUnits"].iter_rows(min_row=2, values_only=True))
    assert [u[1] for u in units] == [UNIT]


def test_datavalueset_json_has_the_dhis2_structure(chiso: Callable[..., Any],
                                                   office: dict[str, Path]) -> None:
    out = office["root"] / "q2.json"
    done = ok(chiso("--db", office["db"], "report", "dhis2", "--period", QUARTER, "--mapping",
                    office["mapping"], "--format", "json", "--out", out))
    assert "1 " in done.out  # B.4.3 (%) is not mapped
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert set(doc) == {"dataSet", "period", "orgUnit", "dataValues"}
    assert (doc["dataSet"], doc["period"], doc["orgUnit"]) == ("LcXaDataSet", QUARTER,
                                                              "LcBaoHa0001")
    for dv in doc["dataValues"]:
        assert set(dv) <= {"dataElement", "categoryOptionCombo", "value", "comment"}
        assert isinstance(dv["value"], str)
    cells = {(d["dataElement"], d["categoryOptionCombo"]): d["value"] for d in doc["dataValues"]}
    assert cells == {("LcMining001", DEFAULT_COC): "1250.5", ("LcMining001", "LcApatit001"): "1000",
                     ("LcMining001", "LcGold00001"): "0.5", ("LcMining001", "LcStone0001"): "250",
                     ("LcMining001", "LcOther0001"): "0"}


def test_not_applicable_is_skipped_or_a_comment(chiso: Callable[..., Any],
                                                office: dict[str, Path]) -> None:
    out = office["root"] / "y.json"
    ok(chiso("--db", office["db"], "report", "dhis2", "--period", "2026", "--mapping",
             office["mapping"], "--out", out))
    values = json.loads(out.read_text(encoding="utf-8"))["dataValues"]
    assert values == [{"dataElement": "LcPoorHh001", "categoryOptionCombo": DEFAULT_COC,
                       "value": "12", "comment": "Theo rà soát"}]
    commenting = fill_mapping(office["template"], office["root"] / "m2.xlsx", rule="comment")
    ok(chiso("--db", office["db"], "report", "dhis2", "--period", "2026", "--mapping",
             commenting, "--out", out))
    values = json.loads(out.read_text(encoding="utf-8"))["dataValues"]
    assert {"dataElement": "LcPoorHh002", "categoryOptionCombo": DEFAULT_COC, "value": "",
            "comment": "Không phát sinh"} in values


def test_adx_validates_against_the_ihe_schema(chiso: Callable[..., Any],
                                              office: dict[str, Path]) -> None:
    out = office["root"] / "q2.xml"
    ok(chiso("--db", office["db"], "report", "dhis2", "--period", QUARTER, "--mapping",
             office["mapping"], "--format", "adx", "--out", out))
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    doc = etree.parse(str(out))
    schema.assertValid(doc)
    ns = {"adx": ADX_NAMESPACE}
    [group] = doc.findall("adx:group", ns)
    assert group.get("period") == "2026-04-01/P3M"
    assert group.get("orgUnit") == "LcBaoHa0001" and group.get("dataSet") == "LcXaDataSet"
    values = {(v.get("dataElement"), v.get("categoryOptionCombo")): v.get("value")
              for v in group.findall("adx:dataValue", ns)}
    assert values[("LcMining001", None)] == "1250.5"  # the default combo is left out
    assert values[("LcMining001", "LcGold00001")] == "0.5"
    annotated = ok(chiso("--db", office["db"], "report", "dhis2", "--period", "2026",
                         "--mapping", office["mapping"], "--format", "adx", "--out", out))
    assert annotated.code == 0
    schema.assertValid(etree.parse(str(out)))
    assert b"<annotation>Theo r\xc3\xa0 so\xc3\xa1t</annotation>" in out.read_bytes()


@pytest.mark.parametrize(("period", "iso"), [
    ("2026", "2026-01-01/P1Y"), ("2026S2", "2026-07-01/P6M"), ("2026Q2", "2026-04-01/P3M"),
    ("202606", "2026-06-01/P1M"), ("2026W23", "2026-06-01/P7D"), ("20260615", "2026-06-15/P1D"),
])
def test_iso_periods(period: str, iso: str) -> None:
    assert iso_period(parse_period(period)) == iso


def test_locked_period_gives_its_registration(chiso: Callable[..., Any],
                                              office: dict[str, Path]) -> None:
    ok(chiso("--db", office["db"], "finalize", "--period", QUARTER, "--approver", "Lò Văn Minh",
             "--position", "Chủ tịch UBND xã"))
    out = office["root"] / "locked.json"
    done = ok(chiso("--db", office["db"], "report", "dhis2", "--period", QUARTER, "--mapping",
                    office["mapping"], "--out", out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["completeDate"]) == 10
    reg = json.loads((office["root"] / "locked.registration.json").read_text(encoding="utf-8"))
    assert reg == {"completeDataSetRegistrations": [{
        "dataSet": "LcXaDataSet", "period": QUARTER, "organisationUnit": "LcBaoHa0001",
        "completed": True, "date": doc["completeDate"]}]}
    assert "locked.registration.json" in done.out
    vs = from_json(out.read_bytes(), DEFAULT_COC)
    assert to_json(vs) == out.read_bytes()


def test_written_and_read_back_at_the_city_is_identical(chiso: Callable[..., Any],
                                                        office: dict[str, Path]) -> None:
    """Office → dataValueSet → a city installation → the same dataValueSet, byte for byte."""
    first = office["root"] / "ward.json"
    ok(chiso("--db", office["db"], "report", "dhis2", "--period", QUARTER, "--mapping",
             office["mapping"], "--out", first))
    city = office["root"] / "city.db"
    ok(chiso("--db", city, "init", "--role", "city", "--unit", "Tỉnh Lào Cai", "--catalog",
             "laocai-2026"))
    done = ok(chiso("--db", city, "import-dhis2", first, "--mapping", office["mapping"],
                    "--json"))
    assert json.loads(done.out)["new"] == 5
    again = ok(chiso("--db", city, "import-dhis2", first, "--mapping", office["mapping"],
                     "--json"))
    assert json.loads(again.out)["unchanged"] == 5
    second = office["root"] / "city.json"
    ok(chiso("--db", city, "report", "dhis2", "--period", QUARTER, "--mapping",
             office["mapping"], "--out", second))
    assert second.read_bytes() == first.read_bytes()
    listed = ok(chiso("--db", city, "audit", "verify"))
    assert listed.code == 0


def test_import_refuses_a_bad_value_and_writes_nothing(chiso: Callable[..., Any],
                                                       office: dict[str, Path]) -> None:
    city = office["root"] / "city.db"
    ok(chiso("--db", city, "init", "--role", "city", "--unit", "Tỉnh Lào Cai", "--catalog",
             "laocai-2026"))
    vs = ValueSet("LcXaDataSet", QUARTER, [
        DhisValue("LcBaoHa0001", "LcMining001", DEFAULT_COC, "10"),
        DhisValue("LcBaoHa0001", "LcMining001", "LcGold00001", "not a number"),
        DhisValue("LcBaoHa0001", "UnknownDe01", DEFAULT_COC, "3"),
    ])
    bad = office["root"] / "bad.json"
    bad.write_bytes(to_json(vs))
    refused = chiso("--db", city, "import-dhis2", bad, "--mapping", office["mapping"])
    assert refused.code == 3 and "B.4.1" in refused.err
    listed = ok(chiso("--db", city, "values", "list", "--period", QUARTER, "--json"))
    assert all(r["value"] is None for r in json.loads(listed.out))
    good = ValueSet("LcXaDataSet", QUARTER, [vs.values[0], vs.values[2]])
    bad.write_bytes(to_json(good))
    done = ok(chiso("--db", city, "import-dhis2", bad, "--mapping", office["mapping"],
                    "--json"))
    assert (json.loads(done.out)["new"], json.loads(done.out)["unmapped"]) == (1, 1)


def test_mapping_problems_are_listed(tmp_path: Path, office: dict[str, Path]) -> None:
    wb = load_workbook(office["mapping"])
    rows = {(r[0].value, r[1].value): r for r in wb["dataElements"].iter_rows(min_row=2)}
    rows[("B.4.1", "vang")][4].value = DEFAULT_COC  # the same identifiers as the total
    rows[("B.5.1", "default")][0].value = "Z.9.9"
    head = {r[0].value: r for r in wb["dataset"].iter_rows(min_row=2)}
    head["not_applicable"][1].value = "zero"
    path = tmp_path / "broken.xlsx"
    wb.save(path)
    from chiso_desktop.catalog.registry import builtin_catalogs

    with pytest.raises(MappingError) as err:
        read_mapping(path, [builtin_catalogs()["laocai-2026"]])
    text = "\n".join(err.value.problems)
    assert "zero" in text and "Z.9.9" in text and "LcMining001" in text


def _map_rain(mapping: Path) -> None:
    wb = load_workbook(mapping)
    for row in wb["dataElements"].iter_rows(min_row=2):
        if (row[0].value, row[1].value) == ("C.1.4", "default"):
            row[3].value, row[4].value = "LcRain00001", DEFAULT_COC
    wb.save(mapping)


def test_an_hour_is_adx_only(chiso: Callable[..., Any], office: dict[str, Path]) -> None:
    """DHIS2 has no hourly period type: ADX carries the hour, a dataValueSet refuses it."""
    _map_rain(office["mapping"])
    ok(chiso("--db", office["db"], "values", "set", "--period", "14h 01/6/2026", "C.1.4=12,5"))
    out = office["root"] / "hour.xml"
    ok(chiso("--db", office["db"], "report", "dhis2", "--period", "2026060114", "--mapping",
             office["mapping"], "--format", "adx", "--out", out))
    doc = etree.parse(str(out))
    etree.XMLSchema(etree.parse(str(SCHEMA))).assertValid(doc)
    [group] = doc.findall("adx:group", {"adx": ADX_NAMESPACE})
    assert group.get("period") == "2026-06-01T14:00:00/PT1H"
    refused = chiso("--db", office["db"], "report", "dhis2", "--period", "2026060114",
                    "--mapping", office["mapping"], "--out", office["root"] / "hour.json")
    assert refused.code == 3 and "Traceback" not in refused.err
    assert "ADX" in refused.err and not (office["root"] / "hour.json").exists()
    hourly = ValueSet("LcXaDataSet", "2026060114", [
        DhisValue("LcBaoHa0001", "LcRain00001", DEFAULT_COC, "12.5")])
    with pytest.raises(Refused, match="2026060114"):
        from_json(json.dumps({"dataSet": "LcXaDataSet", "period": "2026060114",
                              "orgUnit": "LcBaoHa0001", "dataValues": [
                                  {"dataElement": "LcRain00001", "value": "1"}]}).encode(),
                  DEFAULT_COC)
    with pytest.raises(Refused, match="ADX"):
        to_json(hourly)


def test_iso_period_of_an_hour() -> None:
    assert iso_period(parse_period("2026123123")) == "2026-12-31T23:00:00/PT1H"


def test_reimport_changes_its_own_values_and_holds_others(chiso: Callable[..., Any],
                                                          office: dict[str, Path]) -> None:
    """A second dataValueSet changes what the first stored; a value that came from
    elsewhere since (a ward's bundle) is held as a conflict, not overwritten; the
    history stays verifiable."""
    from sqlalchemy import select

    from chiso_desktop.entry.ops import write_value
    from chiso_desktop.store.db import open_database
    from chiso_desktop.store.models import DataValue

    city = office["root"] / "city.db"
    ok(chiso("--db", city, "init", "--role", "city", "--unit", "Tỉnh Lào Cai", "--catalog",
             "laocai-2026"))
    ward = "LcBaoHa0001"
    data = office["root"] / "first.json"
    data.write_bytes(to_json(ValueSet("LcXaDataSet", QUARTER, [
        DhisValue(ward, "LcMining001", "LcApatit001", "10"),
        DhisValue(ward, "LcMining001", "LcGold00001", "2"),
        DhisValue(ward, "LcMining001", "LcStone0001", "3"),
    ])))
    first = ok(chiso("--db", city, "import-dhis2", data, "--mapping", office["mapping"],
                     "--json"))
    assert json.loads(first.out)["new"] == 3
    db = open_database(city)
    try:
        with db.session() as s, s.begin():
            unit, catalog = s.execute(select(DataValue.org_unit_id, DataValue.catalog_id)
                                      .where(DataValue.combo == "da")).one()
            write_value(s, org_unit_id=unit, catalog_id=catalog, code="B.4.1", period=QUARTER,
                        state="value", value="4", note=None, actor="Xã Bảo Hà",
                        source="bundle", department="VP", bundle_id="b-ward", combo="da")
    finally:
        db.close()
    data.write_bytes(to_json(ValueSet("LcXaDataSet", QUARTER, [
        DhisValue(ward, "LcMining001", "LcApatit001", "11"),  # changed
        DhisValue(ward, "LcMining001", "LcGold00001", "2"),  # unchanged
        DhisValue(ward, "LcMining001", "LcStone0001", "5"),  # the ward's since: held
    ])))
    second = json.loads(ok(chiso("--db", city, "import-dhis2", data, "--mapping",
                                 office["mapping"], "--json")).out)
    assert (second["new"], second["changed"], second["unchanged"], second["conflicts"]) == (
        0, 1, 1, 1)
    db = open_database(city)
    try:
        with db.session() as s:
            got = {combo: value for combo, value in s.execute(
                select(DataValue.combo, DataValue.value).where(
                    DataValue.org_unit_id == unit, DataValue.field_code == "B.4.1"))}
    finally:
        db.close()
    assert (got["apatit"], got["vang"], got["da"]) == ("11", "2", "4")
    ok(chiso("--db", city, "audit", "verify"))
