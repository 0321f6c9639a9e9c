"""``chiso demo DIR`` builds a ward whose Office database shows real data."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import pytest

from chiso_desktop.periods.period import parse_period
from tests.support.cli import ok
from tests.support.prebuilt import Prebuilt
from tests.support.ward import DEMO_TODAY, demo_ward


def test_demo_builds_a_ward_with_real_data(chiso: Callable[..., Any], tmp_path: Path) -> None:
    root = tmp_path / "demo"
    started = time.monotonic()
    out = ok(chiso("demo", root)).out
    assert time.monotonic() - started < 60
    assert "demo" in out  # the passphrase is stated
    for name in ("office.db", "kt.db", "vhxh.db", "hcc.db"):
        assert (root / name).exists()
    office = root / "office.db"
    previous = parse_period(f"{date.today():%Y%m}").previous()
    status = ok(chiso("--db", office, "status", "--period", previous.id, "--json")).json()
    depts = {d["code"]: d for d in status["departments"]}
    assert (depts["KT"]["expected"], depts["KT"]["received"]) == (13, 13)
    assert (depts["HCC"]["expected"], depts["HCC"]["received"]) == (2, 2)
    current = ok(chiso("--db", office, "status", "--period", f"{date.today():%Y%m}",
                       "--json")).json()
    assert current["received"] < current["expected"]  # the current month is partly missing
    conflicts = ok(chiso("--db", office, "conflicts", "list", "--json")).json()
    assert [(c["code"], c["kind"]) for c in conflicts] == [("D.3.2", "local-change")]
    s1 = ok(chiso("--db", office, "values", "list", "--period", "2026S1", "--json")).json()
    by_code = {r["code"]: r for r in s1}
    assert by_code["BM3.2.1.1"]["value"] == "9275"  # from report 329/BC-UBND
    assert by_code["BM1.2"]["display"] == "51,9%"
    # A second run keeps the ward (nothing overwritten) and says how to open it.
    before = (root / "office.db").stat().st_mtime_ns
    again = chiso("demo", root)
    assert again.code == 0 and "chiso-desktop --db" in again.out
    assert (root / "office.db").stat().st_mtime_ns == before


@pytest.mark.parametrize("day", [DEMO_TODAY, date.today()], ids=["past", "today"])
def test_a_demo_received_nothing_after_its_day_or_the_clock(tmp_path: Path, day: date,
                                                            prebuilt: Prebuilt) -> None:
    """"Today" never lists an arrival after the day it shows (the layout tests' fixed day,
    the screenshots' real one) nor after the clock."""
    from sqlalchemy import func, select

    from chiso_desktop.office.demo import build_demo
    from chiso_desktop.store.db import open_database
    from chiso_desktop.store.exchange_models import ImportedBundle

    # The fixed day's demo is the layout tests' one (built once: tests/support/prebuilt.py).
    demo = (prebuilt.copy(tmp_path / "demo", demo_ward) if day == DEMO_TODAY
            else build_demo(tmp_path / "demo", today=day))
    db = open_database(demo.databases["VP"])
    try:
        with db.session() as s:
            latest = s.scalar(select(func.max(ImportedBundle.imported_at)))
    finally:
        db.close()
    assert latest is not None
    assert latest <= min(datetime.combine(day, clock_time.max), datetime.now())
