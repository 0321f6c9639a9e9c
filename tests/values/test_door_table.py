"""Issue 12: one table of bad values, driven through every door a value comes in by.

Doors: the core check itself, typing (``values set``, which the grid and paste call
through ``set_values``), ``values import`` of an .xlsx and a .csv, a department bundle
at the Office (``chiso import``) and a ward's consolidated bundle at the city. Each
refuses each case, and the refused door leaves its database byte-identical.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from chiso_desktop.bundle import ManifestFields, ValueRecord, build_bundle, values_to_json
from chiso_desktop.catalog.installed import installed_rows
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.setup_package import catalog_ref
from chiso_desktop.store.db import open_database
from chiso_desktop.store.installation import require_installation
from chiso_desktop.values import door
from tests.support.cli import ok, run_cli
from tests.support.ward import PASSPHRASE, Ward, build_ward, file_state, make_bundle


@dataclass(frozen=True)
class Case:
    id: str
    code: str
    period: str
    value: str | None
    rule: str
    note: str = ""
    typed: str | None = None
    """How an officer types it, when typing can express it at all (``-0`` typed is 0)."""


CASES = [
    Case("monthly-in-quarter", "A.IV.3.1", "2026Q2", "5", door.FREQUENCY, typed="5"),
    Case("monthly-in-year", "A.IV.3.1", "2026", "5", door.FREQUENCY, typed="5"),
    Case("monthly-in-week", "A.IV.3.1", "2026W23", "5", door.FREQUENCY, typed="5"),
    Case("day-in-a-month", "A.IV.3.1", "20260615", "5", door.FREQUENCY, typed="5"),
    Case("no-31-february", "A.IV.3.1", "20260231", "5", door.PERIOD),
    Case("hour-in-a-month", "A.IV.3.1", "2026060114", "5", door.FREQUENCY, typed="5"),
    Case("no-hour-on-31-february", "A.IV.3.1", "2026023114", "5", door.PERIOD),
    Case("no-week-53-in-2025", "A.IV.3.1", "2025W53", "5", door.PERIOD),
    Case("year-zero", "A.IV.3.1", "000001", "5", door.PERIOD),
    Case("year-9999", "A.IV.3.1", "9999", "5", door.PERIOD),
    Case("percent-150", "A.XIII.9.1", "2026S1", "150", door.BOUNDS, typed="150"),
    Case("percent-minus-20", "A.XIII.9.1", "2026S1", "-20", door.BOUNDS, typed="-20"),
    Case("negative-count", "A.IV.3.1", "202606", "-3", door.BOUNDS, typed="-3"),
    Case("negative-money", "A.IV.3.3", "202606", "-1000000", door.BOUNDS, typed="-1.000.000"),
    Case("minus-zero", "A.IV.3.1", "202606", "-0", door.CANONICAL),
    Case("leading-zeros", "A.IV.3.1", "202606", "0007", door.CANONICAL),
    Case("29-digits", "A.IV.3.3", "202606", "1" * 29, door.DIGITS, typed="1" * 29),
    Case("16-digits", "A.IV.3.3", "202606", "1" * 16, door.DIGITS, typed="1" * 16),
    Case("7-decimals", "A.IV.3.3", "202606", "1.1234567", door.DIGITS, typed="1,1234567"),
    Case("count-fraction", "A.IV.3.1", "202606", "2.5", door.TYPE, typed="2,5"),
    Case("escape-in-note", "A.IV.3.1", "202606", "5", door.CONTROL, note="\x1b[2J\x1b[31mok",
         typed="5"),
    Case("bidi-override", "A.IV.3.1", "202606", "5", door.CONTROL, note="a\u202eb", typed="5"),
    Case("unknown-field", "Z.9.9", "202606", "5", door.UNKNOWN_FIELD, typed="5"),
    Case("note-too-long", "A.IV.3.1", "202606", "5", door.LENGTH,
         note="Ghi chú rất dài. " * 700, typed="5"),
]
TYPED = [c for c in CASES if c.typed is not None]
ids = [c.id for c in CASES]
typed_ids = [c.id for c in TYPED]


def test_the_good_value_passes_every_check() -> None:
    fields = _fields()
    good = [("A.IV.3.1", "202606", "value", "5", "ok"), ("A.IV.3.3", "202606", "value",
            "12.5", ""), ("A.XIII.9.1", "2026S1", "value", "100.0", ""),
            ("A.IV.3.2", "202606", "not-applicable", None, "")]
    assert door.first_rejection(good, fields) is None


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_the_core_check_names_the_rule(case: Case) -> None:
    fields = _fields()
    found = fields.get(case.code)
    field, indicator = found if found else (None, None)
    rejection = door.check_value(field, indicator, case.code, case.period, "value", case.value,
                                 case.note)
    assert rejection is not None and rejection.rule == case.rule, rejection
    # The column-wise path agrees, alone and hidden among good values.
    record = (case.code, case.period, "value", case.value, case.note)
    good = ("A.IV.3.2", "202606", "value", "1", "")
    assert door.first_rejection([record], fields) == rejection
    assert door.first_rejection([good, record, good], fields) == rejection


def test_the_bundle_reader_has_the_doors_text_limit() -> None:
    """A modified client may write a longer note; the Office's reader refuses the file."""
    import json

    from chiso_desktop.bundle import BundleRefused, parse_values

    record = {"code": "A.IV.3.1", "combo": "default", "period": "202606", "state": "value",
              "value": "5", "note": "x" * (door.MAX_TEXT + 1), "revision": 1,
              "officer": "Lan"}
    with pytest.raises(BundleRefused):
        parse_values(json.dumps([record]).encode())
    record["note"] = "x" * door.MAX_TEXT
    assert parse_values(json.dumps([record]).encode())[0].note == record["note"]


# --- the doors --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ward_and_city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Ward, Path]]:
    """Built once for the table (refusals change nothing, so the cases can share it)."""
    root = tmp_path_factory.mktemp("ward")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHISO_PASSPHRASE", PASSPHRASE)
        mp.setenv("HOME", str(root / "home"))
        mp.setenv("XDG_DATA_HOME", str(root / "home" / "data"))
        ward = build_ward(root, departments=("KT",))
        city = root / "city.db"
        ok(run_cli("--db", city, "init", "--role", "city", "--unit", "Thành phố Hải Phòng",
                   "--unit-code", "31", "--plan", "nhichieu-202-2026"))
        ok(run_cli("--db", ward.office, "init", "--unit-code", "11311"))
        ok(run_cli("--db", city, "keys", "fingerprint"))
        card = root / "office.key"
        ok(run_cli("--db", ward.office, "keys", "export", "--out", card))
        ok(run_cli("--db", city, "enroll-ward", card))
    yield ward, city


@pytest.fixture
def ward(ward_and_city: tuple[Ward, Path]) -> Ward:
    return ward_and_city[0]


@pytest.fixture
def city(ward_and_city: tuple[Ward, Path]) -> Path:
    return ward_and_city[1]


def _fields() -> dict[str, Any]:
    from chiso_desktop.catalog.registry import builtin_catalogs
    from chiso_desktop.entry.scope import build_scope

    cats = builtin_catalogs()
    return build_scope([cats["nhichieu-202-2026"], cats["hp-2081-2026"]]).door_fields()


def _refused_without_change(db: Path, action: Callable[[], Any]) -> Any:
    before = file_state(db)
    result = action()
    assert file_state(db) == before, "a refused value changed the database"
    return result


@pytest.mark.parametrize("case", TYPED, ids=typed_ids)
def test_typing_refuses(case: Case, ward: Ward, chiso: Callable[..., Any]) -> None:
    db = ward.dbs["KT"]
    args = ["--db", db, "values", "set", "--period", case.period, f"{case.code}={case.typed}"]
    if case.note:
        args += ["--note", f"{case.code}={case.note}"]
    result = _refused_without_change(db, lambda: chiso(*args))
    assert result.code == 3, result
    assert "Traceback" not in result.err and result.err.strip()


@pytest.mark.parametrize("case", [c for c in CASES if c.typed is None], ids=lambda c: c.id)
def test_typing_refuses_a_period_that_does_not_exist(case: Case, ward: Ward,
                                                     chiso: Callable[..., Any]) -> None:
    if case.rule != door.PERIOD:
        pytest.skip("typing writes numbers canonically: -0 is 0, 0007 is 7")
    db = ward.dbs["KT"]
    result = _refused_without_change(db, lambda: chiso(
        "--db", db, "values", "set", "--period", case.period, f"{case.code}=5"))
    assert result.code == 2, result


def _sheet_rows(case: Case, number_cell: bool) -> list[list[object]]:
    value: object = case.typed
    if number_cell and case.value is not None and case.typed not in (None, ""):
        try:
            value = float(Decimal(case.value)) if "." in case.value else int(case.value)
        except ValueError:
            value = case.typed
    return [["code", "name", "unit", "value", "note"], [case.code, "x", "", value, case.note]]


@pytest.mark.parametrize("case", TYPED, ids=typed_ids)
def test_xlsx_import_refuses(case: Case, ward: Ward, chiso: Callable[..., Any],
                             tmp_path: Path) -> None:
    if case.id == "escape-in-note":
        pytest.skip("an .xlsx cannot hold C0 control characters (XML 1.0 forbids them)")
    path = tmp_path / "form.xlsx"
    wb = Workbook()
    for row in _sheet_rows(case, number_cell=True):
        wb.active.append(row)
    wb.save(path)
    db = ward.dbs["KT"]
    result = _refused_without_change(db, lambda: chiso(
        "--db", db, "values", "import", path, "--period", case.period))
    assert result.code == 3, result


@pytest.mark.parametrize("case", TYPED, ids=typed_ids)
def test_csv_import_refuses(case: Case, ward: Ward, chiso: Callable[..., Any],
                            tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(_sheet_rows(case, number_cell=False))
    db = ward.dbs["KT"]
    result = _refused_without_change(db, lambda: chiso(
        "--db", db, "values", "import", path, "--period", case.period))
    assert result.code == 3, result


_sequence = iter(range(1000, 10_000))


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_a_department_bundle_is_refused_at_the_office(case: Case, ward: Ward,
                                                      chiso: Callable[..., Any],
                                                      tmp_path: Path) -> None:
    if case.rule == door.LENGTH:
        pytest.skip("the bundle format refuses it before the door: see "
                    "test_the_bundle_reader_has_the_doors_text_limit")
    record = ValueRecord(case.code, case.period, "value", case.value, case.note, 1, "Lan")
    path = tmp_path / "kt.chiso"
    path.write_bytes(make_bundle(ward.dbs["KT"], [record], sequence=next(_sequence)))
    result = _refused_without_change(ward.office, lambda: chiso(
        "--db", ward.office, "import", path, "--json"))
    assert result.code == 3, result
    [row] = result.json()
    assert row["status"] == "refused" and row["reason"] == "values-invalid", row
    assert case.code[:20] in row["message"]


def _consolidated(ward: Ward, city: Path, records: list[ValueRecord]) -> bytes:
    cdb = open_database(city)
    with cdb.session() as s:
        city_fp = identity.require_own_fingerprint(s)
    cdb.close()
    db = open_database(ward.office)
    try:
        with db.session() as s:
            inst = require_installation(s)
            keys = identity.load_keys(s, PASSPHRASE)
            fields = ManifestFields(
                kind="bundle", org_unit=inst.org_unit.name,
                department=identity.sender_department(inst), role="office",
                recipient_fingerprint=city_fp, catalog=catalog_ref(installed_rows(s)),
                periods=tuple(sorted({r.period for r in records})),
                sequence=next(_sequence))
            return build_bundle(fields, {"values.json": values_to_json(records)},
                                keys.signing).data
    finally:
        db.close()


def test_a_good_consolidated_bundle_is_imported(ward: Ward, city: Path,
                                                chiso: Callable[..., Any],
                                                tmp_path: Path) -> None:
    path = tmp_path / "ward.chiso"
    path.write_bytes(_consolidated(ward, city, [
        ValueRecord("A.IV.3.1", "202607", "value", "4", "", 1, "Lan")]))
    result = chiso("--db", city, "import", path, "--json")
    assert result.code == 0, result.json()[0]["message"]
    assert result.json()[0]["new"] == 1


@pytest.mark.parametrize("case", CASES, ids=ids)
def test_a_consolidated_bundle_is_refused_at_the_city(case: Case, ward: Ward, city: Path,
                                                      chiso: Callable[..., Any],
                                                      tmp_path: Path) -> None:
    if case.rule == door.LENGTH:
        pytest.skip("the bundle format refuses it before the door: see "
                    "test_the_bundle_reader_has_the_doors_text_limit")
    path = tmp_path / "ward.chiso"
    record = ValueRecord(case.code, case.period, "value", case.value, case.note, 1, "Lan")
    path.write_bytes(_consolidated(ward, city, [record]))
    result = _refused_without_change(city, lambda: chiso("--db", city, "import", path,
                                                         "--json"))
    assert result.code == 3, result
    assert result.json()[0]["reason"] == "values-invalid"


def test_an_unassigned_indicator_from_a_department_is_held_for_review(
        tmp_path: Path, chiso: Callable[..., Any]) -> None:
    """The CCHC forms are the Office's own: a department's value for one waits for review."""
    ward = build_ward(tmp_path, departments=("KT",))
    ok(run_cli("--db", ward.office, "catalog", "install", "nhichieu-cchc-2026"))
    path = tmp_path / "kt.chiso"
    records = [ValueRecord("BM1.1", "2026S1", "value", "7", "", 1, "Lan")]
    path.write_bytes(make_bundle(ward.dbs["KT"], records, sequence=1))
    result = chiso("--db", ward.office, "import", path, "--json")
    assert result.code == 0, result
    [row] = result.json()
    assert (row["new"], row["conflicts"]) == (0, 1)
    db = open_database(ward.office)
    with db.session() as s:
        assert load_scope(s).ref("BM1.1") is not None
        from chiso_desktop.exchange.conflicts import list_conflicts
        [held] = list_conflicts(s)
        assert (held.field_code, held.kind, held.sender_department) == ("BM1.1",
                                                                        "not-assigned", "KT")
    db.close()


# --- a value in a locked period, and a day inside a locked month -----------------------
#
# Locks are the Office's: every door at the Office treats a day (or a week) inside an
# approved-and-locked month as it treats the month itself. Typing and spreadsheets are
# refused with the same words, a department's bundle is held for review as "locked",
# and settling that review in the bundle's favour is refused.

DAYS_PLAN = "nhichieu-202-2026-days"
LOCKED_MONTH = "202603"


@dataclass(frozen=True)
class LockedCase:
    id: str
    period: str


LOCKED_CASES = [LockedCase("the-locked-month", LOCKED_MONTH),
                LockedCase("a-day-inside-it", "20260315"),
                LockedCase("its-last-day", "20260331")]
locked_ids = [c.id for c in LOCKED_CASES]
DAY_FIELD = "A.II.1.1"  # Thu ngân sách, lũy kế: reported daily and monthly


@pytest.fixture(scope="module")
def locked_ward(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ward]:
    """The Nhị Chiểu plan with the daily budget revenue (A.II.1) given to KT; March locked."""
    from dataclasses import replace

    from chiso_desktop.catalog.installed import install_catalog
    from chiso_desktop.catalog.model import Assignment
    from chiso_desktop.catalog.registry import builtin_catalogs

    root = tmp_path_factory.mktemp("locked")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHISO_PASSPHRASE", PASSPHRASE)
        mp.setenv("HOME", str(root / "home"))
        mp.setenv("XDG_DATA_HOME", str(root / "home" / "data"))
        plan = builtin_catalogs()["nhichieu-202-2026"]
        db = open_database(root / "office.db")
        with db.session() as s, s.begin():
            install_catalog(s, replace(plan, id=DAYS_PLAN, assignments=(
                *plan.assignments, Assignment("A.II.1", "KT"))))
        db.close()
        ward = Ward(run_cli, root, plan=DAYS_PLAN, catalog="hp-2081-2026", office_department="")
        ward.add_department("KT")
        ok(run_cli("--db", ward.office, "values", "set", "--period", LOCKED_MONTH,
                   f"{DAY_FIELD}=120"))
        ok(run_cli("--db", ward.office, "finalize", "--period", LOCKED_MONTH, "--approver",
                   "Nguyễn Văn An", "--position", "Chủ tịch UBND phường"))
        yield ward


def _locked_refusal(result: Any) -> None:
    assert result.code == 3, result
    assert "Traceback" not in result.err
    assert "khóa sổ sau khi phê duyệt" in result.err and "Tháng 3/2026" in result.err, \
        result.err
    assert "mở lại" in result.err, result.err  # what to do: ask for the month to be reopened


@pytest.mark.parametrize("case", LOCKED_CASES, ids=locked_ids)
def test_typing_in_a_locked_period_is_refused(case: LockedCase, locked_ward: Ward) -> None:
    db = locked_ward.office
    result = _refused_without_change(db, lambda: run_cli(
        "--db", db, "values", "set", "--period", case.period, f"{DAY_FIELD}=7"))
    _locked_refusal(result)


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("case", LOCKED_CASES, ids=locked_ids)
def test_a_spreadsheet_for_a_locked_period_is_refused(case: LockedCase, kind: str,
                                                      locked_ward: Ward,
                                                      tmp_path: Path) -> None:
    rows: list[list[object]] = [["code", "name", "unit", "value", "note"],
                                [DAY_FIELD, "x", "", 7, ""]]
    path = tmp_path / f"form.{kind}"
    if kind == "xlsx":
        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(path)
    else:
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter=";").writerows(rows)
    db = locked_ward.office
    result = _refused_without_change(db, lambda: run_cli(
        "--db", db, "values", "import", path, "--period", case.period))
    _locked_refusal(result)


@pytest.mark.parametrize("case", LOCKED_CASES, ids=locked_ids)
def test_a_bundle_for_a_locked_period_is_held_and_cannot_be_taken(
        case: LockedCase, locked_ward: Ward, tmp_path: Path) -> None:
    office = locked_ward.office
    stored = locked_ward.sql("VP", "SELECT period, state, value FROM data_values "
                                   "WHERE field_code = ? ORDER BY period", DAY_FIELD)
    record = ValueRecord(DAY_FIELD, case.period, "value", "9", "", 1, "Lan")
    path = tmp_path / "kt.chiso"
    path.write_bytes(make_bundle(locked_ward.dbs["KT"], [record], sequence=next(_sequence)))
    result = run_cli("--db", office, "import", path, "--json")
    assert result.code == 0, result
    [row] = result.json()
    assert (row["status"], row["new"], row["changed"], row["conflicts"]) == (
        "imported", 0, 0, 1), row
    held = [c for c in ok(run_cli("--db", office, "conflicts", "list", "--json")).json()
            if c["period"] == case.period and c["code"] == DAY_FIELD]
    assert [(c["kind"], c["incoming_value"]) for c in held] == [("locked", "9")], held
    assert locked_ward.sql("VP", "SELECT period, state, value FROM data_values "
                                 "WHERE field_code = ? ORDER BY period", DAY_FIELD) == stored
    taken = _refused_without_change(office, lambda: run_cli(
        "--db", office, "conflicts", "resolve", str(held[0]["id"]), "--take", "incoming",
        "--reason", "số liệu mới"))
    assert taken.code == 3 and "khóa sổ" in taken.err and "Traceback" not in taken.err, taken
    if case.period != LOCKED_MONTH:  # a day: the month to reopen is named
        assert f"thuộc kỳ {LOCKED_MONTH}" in taken.err, taken.err


def test_a_day_of_another_month_is_not_locked(locked_ward: Ward) -> None:
    """The lock is the month's: a day of April is entered as usual."""
    ok(run_cli("--db", locked_ward.office, "values", "set", "--period", "20260401",
               f"{DAY_FIELD}=3"))
