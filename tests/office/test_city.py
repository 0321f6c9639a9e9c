"""Two wards' consolidated bundles imported side by side at a city installation."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from pypdf import PdfReader

from chiso_desktop.office.city import city_view
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.support.cli import ok
from tests.support.ward import MONTH, TEST_PLAN, Ward, run_sql

PLAN = "nhichieu-202-2026"
BASE = "hp-2081-2026"
# Monthly in the city set's commune rows: A.IV.3 (4 fields), A.XIII.21/22 (1 each), D.3-D.5 (9): 15.
WARD_VALUES = {
    ("Phường Nhị Chiểu", "11311"): ("A.IV.3.1=7", "A.IV.3.2=1", "A.IV.3.3=12,5", "A.IV.3.4=0",
                                     "A.XIII.21.1=98,5", "A.XIII.22.1=61,2", "D.3.1=12.450"),
    ("Xã Đông Hà", "11401"): ("A.IV.3.1=3", "A.XIII.21.1=100"),
    ("Xã Đồng Hà", "11402"): ("A.IV.3.1=5", "A.XIII.21.1=90"),
}


def _ward(chiso: Callable[..., Any], root: Path, unit: str, code: str, plan: str,
          city_card: Path, values: tuple[str, ...]) -> tuple[Ward, Path, Path]:
    """A ward that finalized MONTH and wrote its consolidated bundle and key card."""
    ward = Ward(chiso, root, unit=unit, plan=plan, unit_code=code)
    ok(ward.run("VP", "values", "set", "--period", MONTH, *values))
    ok(ward.run("VP", "keys", "trust", city_card, "--department", "city", "--yes"))
    bundle = root / "consolidated.chiso"
    refused = ward.run("VP", "export", "--period", MONTH, "--out", bundle, "--consolidated")
    assert refused.code == 3 and not bundle.exists()  # not locked yet
    ok(ward.run("VP", "finalize", "--period", MONTH, "--approver", "Trần Thị Bình",
                "--position", "Chủ tịch UBND"))
    ok(ward.run("VP", "export", "--period", MONTH, "--out", bundle, "--consolidated"))
    card = root / "office.key"
    ok(ward.run("VP", "keys", "export", "--out", card))
    return ward, bundle, card


def test_city_imports_wards_side_by_side(chiso: Callable[..., Any], tmp_path: Path,
                                         db_location: str) -> None:
    """Three wards on two different plans, two of them diacritic twins, at a plan-free city."""
    city = db_location
    ok(chiso("--db", city, "init", "--role", "city", "--unit", "Thành phố Hải Phòng",
             "--unit-code", "31", "--catalog", BASE))
    city_card = tmp_path / "city.key"
    ok(chiso("--db", city, "keys", "export", "--out", city_card))
    bundles, wards = [], []
    for i, ((unit, code), values) in enumerate(WARD_VALUES.items()):
        plan = PLAN if i % 2 == 0 else TEST_PLAN  # the city has installed neither plan
        ward, bundle, card = _ward(chiso, tmp_path / f"ward{i}", unit, code, plan, city_card,
                                   values)
        shown = ok(chiso("--db", city, "enroll-ward", card))
        assert unit in shown.out
        bundles.append(bundle)
        wards.append((ward, card))

    results = ok(chiso("--db", city, "import", *bundles, "--json")).json()
    assert [(r["status"], r["new"], r["conflicts"]) for r in results] == \
        [("imported", 7, 0), ("imported", 2, 0), ("imported", 2, 0)]

    status = ok(chiso("--db", city, "status", "--period", MONTH, "--json")).json()
    by_name = {w["name"]: w for w in status["wards"]}
    assert {n: (w["code"], w["expected"], w["received"], w["missing"], w["revision"])
            for n, w in by_name.items()} == {
        "Phường Nhị Chiểu": ("11311", 15, 7, 8, 1), "Xã Đông Hà": ("11401", 15, 2, 13, 1),
        "Xã Đồng Hà": ("11402", 15, 2, 13, 1)}
    assert status["wards_expected"] == 3 and status["wards_reporting"] == 3
    assert status["reporting_rate"] == "24.4"  # 11 of 45

    db = open_database(city)
    with db.session() as s:
        view = city_view(s, parse_period(MONTH))
    db.close()
    by_code = {r.field.code: r.values for r in view.rows}
    assert by_code["A.IV.3.1"] == {"11311": ("value", "7"), "11401": ("value", "3"),
                                   "11402": ("value", "5")}
    assert by_code["A.XIII.21.1"]["11402"] == ("value", "90")
    assert by_code["D.3.1"] == {"11311": ("value", "12450")}

    # What the city prints and sends on: every ward side by side, totals where they add up.
    csv_file, xlsx, pdf = tmp_path / "city.csv", tmp_path / "city.xlsx", tmp_path / "city.pdf"
    ok(chiso("--db", city, "report", "csv", "--period", MONTH, "--out", csv_file))
    rows = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig")), delimiter=";"))
    by_key = {(r[1], r[3]): r[7] for r in rows[1:]}
    assert by_key[("11401", "A.IV.3.1")] == "3" and by_key[("11402", "A.IV.3.1")] == "5"
    assert by_key[("TOTAL", "A.IV.3.1")] == "15"  # 7 + 3 + 5 cooperatives
    assert ("TOTAL", "A.XIII.21.1") not in by_key  # a rate: no city total
    ok(chiso("--db", city, "report", "xlsx", "--period", MONTH, "--out", xlsx))
    sheet = load_workbook(xlsx)["Số liệu"]
    header = [c.value for c in sheet[1]]
    assert "11401 Xã Đông Hà" in header and "11402 Xã Đồng Hà" in header
    row = next(r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == "A.IV.3.1")
    assert row[header.index("11402 Xã Đồng Hà")] == 5 and row[-1] == 15
    ok(chiso("--db", city, "report", "pdf", "--form", "city", "--period", MONTH, "--out", pdf))
    text = " ".join(PdfReader(pdf).pages[i].extract_text() for i in range(len(
        PdfReader(pdf).pages)))
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Xã Đông Hà", "Xã Đồng Hà",
                     "Thành phố Hải Phòng", "Đã có 3/3 xã, phường gửi số liệu"):
        assert expected in " ".join(text.split()), expected

    # The same bundle again is a no-op.
    again = ok(chiso("--db", city, "import", bundles[0], "--json")).json()
    assert again[0]["status"] == "already-imported"

    # Another key claiming a ward's code, or its very name, is refused; the ward keeps one key.
    impostor = Ward(chiso, tmp_path / "impostor", unit="Xã Đông Hà", plan=PLAN,
                    unit_code="11409")
    card = tmp_path / "impostor.key"
    ok(impostor.run("VP", "keys", "export", "--out", card))
    refused = chiso("--db", city, "enroll-ward", card)
    assert refused.code == 3 and "Xã Đông Hà" in refused.err
    same_code = Ward(chiso, tmp_path / "same-code", unit="Xã Khác", plan=PLAN, unit_code="11401")
    card = tmp_path / "same-code.key"
    ok(same_code.run("VP", "keys", "export", "--out", card))
    assert chiso("--db", city, "enroll-ward", card).code == 3
    assert run_sql(city, "SELECT count(*) FROM trusted_keys WHERE org_unit_id IS NOT NULL "
                         "AND revoked_at IS NULL") == [(3,)]

    # A key replacement signed by the ward's old key is taken; the ward stays one ward.
    ward, _card = wards[1]
    statement = tmp_path / "rotation.json"
    ok(ward.run("VP", "keys", "rotate", "--out", statement, "--reason", "máy mới"))
    ok(chiso("--db", city, "enroll-ward", statement))
    keys = run_sql(city, "SELECT o.admin_code, count(*) FROM trusted_keys k JOIN org_units o "
                         "ON o.id = k.org_unit_id WHERE k.revoked_at IS NULL GROUP BY "
                         "o.admin_code ORDER BY o.admin_code")
    assert keys == [("11311", 1), ("11401", 1), ("11402", 1)]


def test_consolidated_bundle_needs_the_wards_code(chiso: Callable[..., Any],
                                                  tmp_path: Path) -> None:
    city = tmp_path / "city.db"
    ok(chiso("--db", city, "init", "--role", "city", "--unit", "Thành phố Hải Phòng",
             "--catalog", BASE))
    city_card = tmp_path / "city.key"
    ok(chiso("--db", city, "keys", "export", "--out", city_card))
    ward = Ward(chiso, tmp_path / "w", unit="Phường Nhị Chiểu", plan=PLAN)
    ok(ward.run("VP", "values", "set", "--period", MONTH, "A.IV.3.1=7"))
    ok(ward.run("VP", "keys", "trust", city_card, "--department", "city", "--yes"))
    ok(ward.run("VP", "finalize", "--period", MONTH, "--approver", "A", "--position", "B"))
    out = tmp_path / "c.chiso"
    refused = ward.run("VP", "export", "--period", MONTH, "--out", out, "--consolidated")
    assert refused.code == 3 and "mã" in refused.err and not out.exists()
    card = tmp_path / "old.key"
    ok(ward.run("VP", "keys", "export", "--out", card))
    assert chiso("--db", city, "enroll-ward", card).code == 3  # a card without a code
    ok(ward.run("VP", "init", "--unit-code", "11311"))
    assert ward.run("VP", "init", "--unit-code", "11312").code == 3  # never changed
    ok(ward.run("VP", "export", "--period", MONTH, "--out", out, "--consolidated"))
    ok(ward.run("VP", "keys", "export", "--out", card))
    ok(chiso("--db", city, "enroll-ward", card))
    result = ok(chiso("--db", city, "import", out, "--json")).json()
    assert result[0]["status"] == "imported" and result[0]["new"] == 1


def test_demo_city(chiso: Callable[..., Any], tmp_path: Path) -> None:
    """``chiso demo --city DIR --wards 3``: three wards with their own keys and a year each."""
    root = tmp_path / "demo"
    made = ok(chiso("demo", "--city", root, "--wards", "3"))
    assert "3" in made.out
    city = root / "city.db"
    keys = run_sql(city, "SELECT count(DISTINCT fingerprint) FROM trusted_keys "
                         "WHERE org_unit_id IS NOT NULL")
    assert keys == [(3,)]
    assert len(list((root / "bundles").glob("*.chiso"))) == 35  # 12 + 12 + 11 months
    months = sorted({r[0] for r in run_sql(city, "SELECT period FROM data_values")})
    assert len(months) == 12
    status = ok(chiso("--db", city, "status", "--period", months[-1], "--json")).json()
    assert [w["name"] for w in status["wards"] if w["received"] == 0] == ["Xã Đồng Hà"]
    assert status["not_sent"] == ["11303"]
    assert status["late"] == ["11302"]  # the second ward is late for the latest month
    verdicts = [w["timeliness"] for m in months
                for w in ok(chiso("--db", city, "status", "--period", m, "--json")).json()["wards"]]
    assert len(verdicts) == 36 and verdicts.count("not-sent") == 1
    assert verdicts.count("on-time") >= 28 and 1 <= verdicts.count("late") <= 7  # mostly on time
    assert ok(chiso("--db", city, "audit", "verify")).code == 0
    assert ok(chiso("demo", "--city", root)).code == 0  # kept as it is


def test_demo_arrivals_follow_the_deadline() -> None:
    """On time means on or before the 19th of the month itself (\"trước ngày 20 hằng tháng\")."""
    import random
    from datetime import datetime

    from chiso_desktop.office.city_demo import arrival, not_sent_latest
    from chiso_desktop.periods.deadlines import WARD_PLAN_RULES

    rng, now = random.Random(1), datetime(2026, 12, 2, 9, 0)
    june = parse_period("202606")
    assert WARD_PLAN_RULES.due_dates(june).official.isoformat() == "2026-06-19"
    days = [arrival(june, 1, False, WARD_PLAN_RULES, rng, now).date() for _ in range(600)]
    on_time = [d for d in days if d.isoformat() <= "2026-06-19"]
    assert min(on_time).isoformat() >= "2026-06-14" and 0.85 < len(on_time) / 600 < 0.97
    assert max(days).isoformat() <= "2026-06-25"
    assert arrival(parse_period("202611"), 2, True, WARD_PLAN_RULES, rng, now).date() \
        .isoformat() == "2026-11-21"  # the second ward is late for the latest month
    assert arrival(parse_period("202612"), 1, True, WARD_PLAN_RULES, rng, now) < now
    assert not_sent_latest(2) == set() and not_sent_latest(3) == {3}
    assert not_sent_latest(8) == {7, 8}
