"""Issue 19 item 5: breakdown rows in the department template and ``values import``.

A disaggregated field's template rows are its total and one row per option
combination (``CODE[combo]``, "— Nam"); a summed total is ``=SUM`` over them,
an entered total a value cell. Import reads every cell through the one door and
refuses a total its parts contradict, naming the row. Round trips through an
openpyxl-written and a LibreOffice re-saved workbook, and through CSV.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chiso_desktop.store.db import open_database
from chiso_desktop.store.models import DataValue
from tests.support.cli import ok, run_cli
from tests.support.libreoffice import RESAVE, libreoffice_resave

MONTH = "202606"
QUARTER = "2026Q2"


def _office(tmp_path: Path, catalog: str) -> Path:
    db = tmp_path / f"{catalog}.db"
    ok(run_cli("--db", db, "init", "--role", "office", "--unit", "Xã Bảo Hà", "--catalog",
               catalog, "--department", "VP"))
    return db


@pytest.fixture
def city_set(tmp_path: Path) -> Path:
    """Summed totals (A.X.1.1 by sex, A.XI.2.2 by public/non-public × sex) and overlapping
    parts (A.IX.1.1 by insurance) of the city set."""
    return _office(tmp_path, "hp-2081-2026")


@pytest.fixture
def laocai(tmp_path: Path) -> Path:
    """Entered totals checked against their parts (B.4.1 by mineral)."""
    return _office(tmp_path, "laocai-2026")


def template(db: Path, out: Path, period: str) -> Path:
    ok(run_cli("--db", db, "values", "template", "--period", period, "--out", out))
    return out


def rows_of(path: Path) -> dict[str, tuple[int, list[object]]]:
    ws = load_workbook(path).active
    return {r[0].value: (r[0].row, r) for r in ws.iter_rows(min_row=2) if r[0].value}


def fill(path: Path, values: dict[str, object]) -> None:
    wb = load_workbook(path)
    ws = wb.active
    for row in ws.iter_rows(min_row=2):
        if row[0].value in values:
            row[3].value = values[row[0].value]
    wb.save(path)


def stored(db: Path, code: str, period: str) -> dict[str, str | None]:
    database = open_database(db)
    try:
        with database.session() as s:
            return {r.combo: r.value for r in s.query(DataValue).filter_by(
                field_code=code, period=period)}
    finally:
        database.close()


def test_template_has_a_row_per_option_combination(city_set: Path, laocai: Path,
                                                   tmp_path: Path) -> None:
    rows = rows_of(template(city_set, tmp_path / "hp.xlsx", MONTH))
    total, cells = rows["A.X.1.1"]
    nam, nu = rows["A.X.1.1[nam]"], rows["A.X.1.1[nu]"]
    assert (nam[0], nu[0]) == (total + 1, total + 2)
    assert nam[1][1].value == "— Nam" and nu[1][1].value == "— Nữ"
    assert nam[1][1].alignment.indent > 0
    assert cells[3].value == f"=SUM(D{total + 1}:D{total + 2})"
    assert nam[1][3].number_format == "#,##0" and nam[1][3].value is None
    four = [c for c in rows if c.startswith("A.XI.2.2[")]
    assert four == ["A.XI.2.2[cong-lap.nam]", "A.XI.2.2[cong-lap.nu]",
                    "A.XI.2.2[ngoai-cong-lap.nam]", "A.XI.2.2[ngoai-cong-lap.nu]"]
    assert rows["A.XI.2.2[cong-lap.nu]"][1][1].value == "— Công lập, Nữ"
    # An entered total is a value cell like any other.
    lc = rows_of(template(laocai, tmp_path / "lc.xlsx", QUARTER))
    assert lc["B.4.1"][1][3].data_type != "f" and lc["B.4.1"][1][3].value is None
    assert lc["B.4.1[apatit]"][1][1].value == "— Apatit"


@RESAVE
def test_breakdown_rows_round_trip(city_set: Path, tmp_path: Path, resave: bool) -> None:
    path = template(city_set, tmp_path / "form.xlsx", MONTH)
    fill(path, {"A.X.1.1[nam]": 120, "A.X.1.1[nu]": 135,
                "A.XI.2.2[cong-lap.nam]": 10, "A.XI.2.2[cong-lap.nu]": 12,
                "A.XI.2.2[ngoai-cong-lap.nam]": 3, "A.XI.2.2[ngoai-cong-lap.nu]": 0,
                "A.IX.1.1": 5000, "A.IX.1.1[bhxh]": 3000, "A.IX.1.1[bhyt]": 4800,
                "A.IX.1.1[bhtn]": 2000})
    if resave:
        path = libreoffice_resave(path, tmp_path / "lo")
        ws = load_workbook(path, data_only=True).active
        totals = {r[0].value: r[3].value for r in ws.iter_rows(min_row=2)}
        assert totals["A.X.1.1"] == 255  # LibreOffice computed the template's =SUM
    result = run_cli("--db", city_set, "values", "import", path, "--period", MONTH)
    assert result.code == 0, result.err
    assert result.out.split(": ")[1].startswith("12 "), result.out  # 10 cells, 2 sums
    assert stored(city_set, "A.X.1.1", MONTH) == {"nam": "120", "nu": "135", "default": "255"}
    assert stored(city_set, "A.XI.2.2", MONTH)["default"] == "25"
    assert stored(city_set, "A.IX.1.1", MONTH) == {"default": "5000", "bhxh": "3000",
                                                   "bhyt": "4800", "bhtn": "2000"}
    # The next template carries the stored parts, and imports again as no change.
    again = template(city_set, tmp_path / "again.xlsx", MONTH)
    assert rows_of(again)["A.X.1.1[nu]"][1][3].value == 135
    second = ok(run_cli("--db", city_set, "values", "import", again, "--period", MONTH))
    assert second.out.split(": ")[1].startswith("0 "), second.out


def test_a_total_typed_over_the_sum_is_checked(city_set: Path, tmp_path: Path) -> None:
    path = template(city_set, tmp_path / "form.xlsx", MONTH)
    row = rows_of(path)["A.X.1.1"][0]
    fill(path, {"A.X.1.1": 250, "A.X.1.1[nam]": 120, "A.X.1.1[nu]": 135})
    refused = run_cli("--db", city_set, "values", "import", path, "--period", MONTH)
    assert refused.code == 3
    assert f"Dòng {row} (A.X.1.1" in refused.err and "255" in refused.err, refused.err
    assert "Traceback" not in refused.err
    assert stored(city_set, "A.X.1.1", MONTH) == {}  # nothing written
    fill(path, {"A.X.1.1": 255})
    ok(run_cli("--db", city_set, "values", "import", path, "--period", MONTH))
    assert stored(city_set, "A.X.1.1", MONTH)["default"] == "255"


def test_a_summed_total_typed_without_its_breakdown_is_refused(city_set: Path,
                                                              tmp_path: Path) -> None:
    """It would be dropped unseen: a summed total is never stored from a sheet."""
    path = template(city_set, tmp_path / "form.xlsx", MONTH)
    row = rows_of(path)["A.X.1.2"][0]
    fill(path, {"A.X.1.2": 980})
    refused = run_cli("--db", city_set, "values", "import", path, "--period", MONTH)
    assert refused.code == 3 and f"Dòng {row}: A.X.1.2" in refused.err, refused.err
    assert "nhập các phần" in refused.err or "phân tổ" in refused.err, refused.err


@pytest.mark.slow  # LibreOffice computes the edited =SUM (tests/support/libreoffice.py)
def test_a_resaved_sum_over_other_rows_is_refused(city_set: Path, tmp_path: Path) -> None:
    """A clerk who edits the =SUM to leave a part out: LibreOffice's value disagrees."""
    path = template(city_set, tmp_path / "form.xlsx", MONTH)
    row = rows_of(path)["A.X.1.1"][0]
    fill(path, {"A.X.1.1": f"=SUM(D{row + 1}:D{row + 1})", "A.X.1.1[nam]": 120,
                "A.X.1.1[nu]": 135})
    resaved = libreoffice_resave(path, tmp_path / "lo")
    refused = run_cli("--db", city_set, "values", "import", resaved, "--period", MONTH)
    assert refused.code == 3 and f"Dòng {row} (A.X.1.1" in refused.err, refused.err
    assert stored(city_set, "A.X.1.1", MONTH) == {}


def test_formulas_elsewhere_are_still_refused(city_set: Path, tmp_path: Path) -> None:
    path = template(city_set, tmp_path / "form.xlsx", MONTH)
    rows = rows_of(path)
    row = rows["A.X.1.1[nam]"][0]
    fill(path, {"A.X.1.1[nam]": "=1+1"})
    refused = run_cli("--db", city_set, "values", "import", path, "--period", MONTH)
    assert refused.code == 3 and f"D{row}" in refused.err, refused.err


@RESAVE
def test_an_entered_total_the_parts_contradict_is_refused(laocai: Path, tmp_path: Path,
                                                          resave: bool) -> None:
    written = template(laocai, tmp_path / "form.xlsx", QUARTER)
    path = libreoffice_resave(written, tmp_path / "lo") if resave else written
    row = rows_of(path)["B.4.1"][0]
    fill(path, {"B.4.1": 1000, "B.4.1[apatit]": 600, "B.4.1[vang]": 0.5, "B.4.1[da]": 500})
    refused = run_cli("--db", laocai, "values", "import", path, "--period", QUARTER)
    assert refused.code == 3, refused.out
    assert f"Dòng {row} (B.4.1" in refused.err and "1.100,5" in refused.err, refused.err
    assert stored(laocai, "B.4.1", QUARTER) == {}
    fill(path, {"B.4.1[da]": 399.5})  # 600 + 0,5 + 399,5 = 1.000; "khác" still empty
    ok(run_cli("--db", laocai, "values", "import", path, "--period", QUARTER))
    assert stored(laocai, "B.4.1", QUARTER) == {"default": "1000", "apatit": "600",
                                                "vang": "0.5", "da": "399.5"}


def test_overlapping_parts_larger_than_the_total_are_refused(city_set: Path,
                                                            tmp_path: Path) -> None:
    path = template(city_set, tmp_path / "form.xlsx", MONTH)
    row = rows_of(path)["A.IX.1.1"][0]
    fill(path, {"A.IX.1.1": 100, "A.IX.1.1[bhyt]": 120})
    refused = run_cli("--db", city_set, "values", "import", path, "--period", MONTH)
    assert refused.code == 3 and f"Dòng {row} (A.IX.1.1" in refused.err, refused.err
    assert "120" in refused.err


def test_csv_template_round_trip(city_set: Path, tmp_path: Path) -> None:
    path = template(city_set, tmp_path / "form.csv", MONTH)
    text = path.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    codes = [r[0] for r in rows]
    at = codes.index("A.X.1.1")
    assert codes[at + 1:at + 3] == ["A.X.1.1[nam]", "A.X.1.1[nu]"]
    assert rows[at + 1][1] == "— Nam"
    filled = {"A.X.1.1[nam]": "1.200", "A.X.1.1[nu]": "1.350", "A.IX.1.1": "12,5"}
    for r in rows:
        if r[0] in filled:
            r[3] = filled[r[0]]
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    refused = run_cli("--db", city_set, "values", "import", path, "--period", MONTH)
    assert refused.code == 3 and "A.IX.1.1" in refused.err  # a count has no fraction
    rows[codes.index("A.IX.1.1")][3] = "2.600"
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    ok(run_cli("--db", city_set, "values", "import", path, "--period", MONTH))
    assert stored(city_set, "A.X.1.1", MONTH) == {"nam": "1200", "nu": "1350",
                                                  "default": "2550"}
