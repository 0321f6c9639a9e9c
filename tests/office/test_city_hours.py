"""A city judges an hour's reports to the minute, and a day's by the day.

Two wards of a province send real consolidated bundles of the 14h report of
01/06/2026 ("before the end of the next hour": before 16:00) and of the day
01/06/2026 (a Monday: due on the next working day, 02/06). The city's clock
at import is set by hand, so the times of receipt are those of the story:
one ward's 14h report arrives at 14:50, the other's at 16:30 the same day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from chiso_desktop.catalog.installed import install_catalog
from chiso_desktop.catalog.model import Assignment, CatalogKind, Department
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.exchange import importer
from chiso_desktop.office.city import (
    LATE,
    NOT_SENT,
    ON_TIME,
    PENDING,
    city_deadline_status,
    city_view,
)
from chiso_desktop.office.city_outputs import timeliness_label
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.support.cli import ok, run_cli
from tests.support.pdf import all_text, flat
from tests.support.ward import Ward

PLAN = "test-laocai-office-plan"
BASE = "laocai-2026"
HOUR, NEXT_HOUR, DAY = "2026060114", "2026060115", "20260601"
EARLY, LATE_WARD = ("Xã Bảo Hà", "02911"), ("Xã Cốc San", "02914")


def _install_plan(db_path: Path) -> None:
    """A Lào Cai ward plan whose Office reports everything itself (C.2 hourly and daily)."""
    base = builtin_catalogs()[BASE]
    plan = replace(builtin_catalogs()["nhichieu-202-2026"], id=PLAN, version="1",
                   kind=CatalogKind.PLAN, base=base.id,
                   departments=(Department("VP", "Văn phòng HĐND-UBND"),),
                   assignments=(Assignment("C.2", "VP"),),
                   indicators=(), groups=(), categories=())
    db = open_database(db_path)
    with db.session() as s, s.begin():
        install_catalog(s, plan)
    db.close()


class _Clock:
    """The city's clock at import (``imported_bundles.imported_at``), set by the test."""

    def __init__(self) -> None:
        self.at = datetime(2026, 6, 1, 12, 0)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(importer, "received_now", lambda: self.at)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Clock]:
    c = _Clock()
    c.install(monkeypatch)
    yield c


def _ward(root: Path, unit: str, code: str, city_card: Path, value: str) -> tuple[Ward, Path]:
    """A ward that approved HOUR and DAY and wrote their consolidated bundles; its key card."""
    _install_plan(root / "office.db")
    ward = Ward(run_cli, root, unit=unit, plan=PLAN, catalog=BASE, unit_code=code)
    ok(ward.run("VP", "keys", "trust", city_card, "--department", "city", "--yes"))
    for period in (HOUR, DAY):
        ok(ward.run("VP", "values", "set", "--period", period, f"C.2.2={value}"))
        ok(ward.run("VP", "finalize", "--period", period, "--approver", "Lò Văn Minh",
                    "--position", "Chủ tịch UBND xã"))
        ok(ward.run("VP", "export", "--period", period, "--out", root / f"{period}.chiso",
                    "--consolidated"))
    card = root / "office.key"
    ok(ward.run("VP", "keys", "export", "--out", card))
    return ward, card


def hourly_city(city: str, tmp_path: Path, clock: _Clock) -> None:
    """A province with two wards whose HOUR and DAY bundles arrived on time and late."""
    ok(run_cli("--db", city, "init", "--role", "city", "--unit", "Tỉnh Lào Cai",
               "--unit-code", "10", "--catalog", BASE))
    city_card = tmp_path / "city.key"
    ok(run_cli("--db", city, "keys", "export", "--out", city_card))
    roots = {}
    for (unit, code), value in ((EARLY, "3"), (LATE_WARD, "5")):
        root = tmp_path / code
        _ward_db, card = _ward(root, unit, code, city_card, value)
        ok(run_cli("--db", city, "enroll-ward", card))
        roots[code] = root

    def receive(code: str, period: str, at: datetime) -> None:
        clock.at = at
        [result] = ok(run_cli("--db", city, "import", roots[code] / f"{period}.chiso",
                              "--json")).json()
        assert result["status"] == "imported" and result["periods"] == [period]

    receive(EARLY[1], HOUR, datetime(2026, 6, 1, 14, 50))
    receive(LATE_WARD[1], HOUR, datetime(2026, 6, 1, 16, 30))  # same day, after 16:00
    receive(EARLY[1], DAY, datetime(2026, 6, 2, 23, 30))  # the due day itself, late evening
    receive(LATE_WARD[1], DAY, datetime(2026, 6, 3, 8, 5))  # the morning after


def test_city_judges_an_hour_to_the_minute_and_a_day_by_the_day(
        db_location: str, tmp_path: Path, clock: _Clock) -> None:
    city = db_location
    hourly_city(city, tmp_path, clock)

    db = open_database(city)
    try:
        with db.session() as s:
            def status(period: str, now: date | datetime) -> dict[str, str]:
                view = city_view(s, parse_period(period), now)
                return {w.code: w.timeliness for w in view.wards}

            at_1645 = datetime(2026, 6, 1, 16, 45)
            assert status(HOUR, at_1645) == {EARLY[1]: ON_TIME, LATE_WARD[1]: LATE}
            # Judged by the day only (a date as "now"), the late one is still late.
            assert status(HOUR, date(2026, 6, 1)) == {EARLY[1]: ON_TIME, LATE_WARD[1]: LATE}
            view = city_view(s, parse_period(HOUR), at_1645)
            assert view.due_before == datetime(2026, 6, 1, 16, 0)
            [late] = view.with_timeliness(LATE)
            assert late.first_imported_at == datetime(2026, 6, 1, 16, 30)
            footer = city_deadline_status(view, at_1645)
            assert footer.level == "done" and "Xã Cốc San" in footer.text
            assert "01/06/2026 trước 16:00" in footer.text

            # 15h: nothing received. Before 17:00 it is not yet due; from 17:00 (the same
            # day) it is not sent.
            assert status(NEXT_HOUR, datetime(2026, 6, 1, 16, 59)) == {
                EARLY[1]: PENDING, LATE_WARD[1]: PENDING}
            assert status(NEXT_HOUR, datetime(2026, 6, 1, 17, 0)) == {
                EARLY[1]: NOT_SENT, LATE_WARD[1]: NOT_SENT}
            waiting = city_deadline_status(city_view(s, parse_period(NEXT_HOUR),
                                                     datetime(2026, 6, 1, 16, 59)),
                                           datetime(2026, 6, 1, 16, 59))
            assert waiting.level == "soon" and "trước 17:00" in waiting.text
            assert "ngày" not in waiting.text  # no "0 days left" for a deadline within the hour
            overdue = city_deadline_status(city_view(s, parse_period(NEXT_HOUR),
                                                     datetime(2026, 6, 1, 17, 0)),
                                           datetime(2026, 6, 1, 17, 0))
            assert overdue.level == "overdue"

            # The day: due on the next working day (02/06), the whole of it.
            assert status(DAY, datetime(2026, 6, 3, 9, 0)) == {
                EARLY[1]: ON_TIME, LATE_WARD[1]: LATE}
            assert city_view(s, parse_period(DAY)).due == date(2026, 6, 2)
    finally:
        db.close()

    # What the CLI, the workbook and the PDF say (now is after the hour: the same verdicts).
    data = ok(run_cli("--db", city, "status", "--period", HOUR, "--json")).json()
    assert data["due_before"] == "2026-06-01T16:00"
    assert data["late"] == [LATE_WARD[1]] and data["not_sent"] == []
    assert {w["code"]: w["first_imported_at"] for w in data["wards"]} == {
        EARLY[1]: "2026-06-01T14:50:00", LATE_WARD[1]: "2026-06-01T16:30:00"}
    xlsx = tmp_path / "city.xlsx"
    ok(run_cli("--db", city, "report", "xlsx", "--period", HOUR, "--out", xlsx))
    sheet = load_workbook(xlsx)["Tình hình gửi"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[LATE_WARD[1]][6] == datetime(2026, 6, 1, 16, 30)
    assert rows[LATE_WARD[1]][7] == timeliness_label(LATE)
    assert rows[EARLY[1]][7] == timeliness_label(ON_TIME)
    pdf = tmp_path / "city.pdf"
    ok(run_cli("--db", city, "report", "pdf", "--form", "city", "--period", HOUR,
               "--out", pdf))
    text = flat(all_text(pdf.read_bytes()))
    for expected in ("hạn báo cáo: trước 16:00 ngày 01/06/2026", "01/06/2026 16:30",
                     "01/06/2026 14:50", "Gửi muộn: Xã Cốc San"):
        assert expected in text, expected
