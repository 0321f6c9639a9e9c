"""Two wards' consolidated bundles imported side by side at a city installation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from chiso_desktop.office.city import city_view
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.support.cli import ok
from tests.support.ward import MONTH, Ward

PLAN = "nhichieu-202-2026"
# Monthly in the Nhị Chiểu plan: A.IV.3 (4 fields), A.XIII.21/22 (1 each), D.3-D.5 (9): 15.
WARD_VALUES = {
    "Phường Nhị Chiểu": ("A.IV.3.1=7", "A.IV.3.2=1", "A.IV.3.3=12,5", "A.IV.3.4=0",
                         "A.XIII.21.1=98,5", "A.XIII.22.1=61,2", "D.3.1=12.450"),
    "Phường Hải Tân": ("A.IV.3.1=3", "A.XIII.21.1=100"),
}


def test_city_imports_wards_side_by_side(chiso: Callable[..., Any], tmp_path: Path) -> None:
    city = tmp_path / "city.db"
    ok(chiso("--db", city, "init", "--role", "city", "--unit", "Thành phố Hải Phòng", "--plan",
             PLAN))
    city_card = tmp_path / "city.key"
    ok(chiso("--db", city, "keys", "export", "--out", city_card))
    bundles = []
    for i, (unit, values) in enumerate(WARD_VALUES.items()):
        ward = Ward(chiso, tmp_path / f"ward{i}", unit=unit, plan=PLAN)
        ok(ward.run("VP", "values", "set", "--period", MONTH, *values))
        ok(ward.run("VP", "keys", "trust", city_card, "--department", "city", "--yes"))
        bundle = tmp_path / f"ward{i}.chiso"
        refused = ward.run("VP", "export", "--period", MONTH, "--out", bundle, "--consolidated")
        assert refused.code == 3 and not bundle.exists()  # not locked yet
        ok(ward.run("VP", "finalize", "--period", MONTH, "--approver", "Trần Thị Bình",
                    "--position", "Chủ tịch UBND"))
        ok(ward.run("VP", "export", "--period", MONTH, "--out", bundle, "--consolidated"))
        card = tmp_path / f"ward{i}.key"
        ok(ward.run("VP", "keys", "export", "--out", card))
        ok(chiso("--db", city, "enroll-ward", card))
        bundles.append(bundle)

    results = ok(chiso("--db", city, "import", *bundles, "--json")).json()
    assert [(r["status"], r["new"], r["conflicts"]) for r in results] == \
        [("imported", 7, 0), ("imported", 2, 0)]

    status = ok(chiso("--db", city, "status", "--period", MONTH, "--json")).json()
    wards = {w["name"]: w for w in status["wards"]}
    assert {n: (w["expected"], w["received"], w["missing"], w["revision"])
            for n, w in wards.items()} == {
        "Phường Nhị Chiểu": (15, 7, 8, 1), "Phường Hải Tân": (15, 2, 13, 1)}
    assert status["wards_expected"] == 2 and status["wards_reporting"] == 2
    assert status["reporting_rate"] == "30.0"  # 9 of 30

    db = open_database(city)
    with db.session() as s:
        view = city_view(s, parse_period(MONTH))
    db.close()
    by_code = {r.field.code: r.values for r in view.rows}
    assert by_code["A.IV.3.1"] == {"phuong-nhi-chieu": ("value", "7"),
                                   "phuong-hai-tan": ("value", "3")}
    assert by_code["A.XIII.21.1"]["phuong-hai-tan"] == ("value", "100")
    assert by_code["D.3.1"] == {"phuong-nhi-chieu": ("value", "12450")}

    # The same bundle again is a no-op; a department bundle is not for a city.
    again = ok(chiso("--db", city, "import", bundles[0], "--json")).json()
    assert again[0]["status"] == "already-imported"
