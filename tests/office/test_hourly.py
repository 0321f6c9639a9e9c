"""A day's hourly reports at the Office: expected from the first one reported, complete without gaps."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.catalog.registry import builtin_catalogs
from chiso_desktop.office.completeness import completeness
from chiso_desktop.office.hourly import hourly_day
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.db import open_database
from tests.support.cli import ok, run_cli

HOURLY_CODES = [f.code for ind in builtin_catalogs()["laocai-2026"].indicators
                if Frequency.HOUR in ind.frequencies
                for f in ind.fields if not f.computed and not f.heading]


@pytest.fixture
def office(tmp_path: Path) -> Path:
    db = tmp_path / "office.db"
    ok(run_cli("--db", db, "init", "--role", "office", "--unit", "Xã Bảo Hà", "--catalog",
               "laocai-2026", "--department", "VP"))
    return db


def _report_hour(db: Path, period: str) -> None:
    ok(run_cli("--db", db, "values", "set", "--period", period,
               *(f"{code}=Không phát sinh" for code in HOURLY_CODES)))


def _day(db: Path, now: datetime) -> object:
    database = open_database(db)
    try:
        with database.session() as s:
            return hourly_day(s, parse_period("20260601"), now)
    finally:
        database.engine.dispose()


def test_hours_are_expected_from_the_first_one_reported(office: Path) -> None:
    assert len(HOURLY_CODES) > 20
    quiet = _day(office, datetime(2026, 6, 1, 17, 30))
    assert not quiet.started and quiet.complete and quiet.fields == len(HOURLY_CODES)

    _report_hour(office, "2026060114")
    _report_hour(office, "14h 01/6/2026".replace("14h", "16h"))
    day = _day(office, datetime(2026, 6, 1, 17, 30))  # 16h has ended, 17h has not
    assert [h.hour.id for h in day.hours] == ["2026060114", "2026060115", "2026060116"]
    assert [p.id for p in day.missing_hours] == ["2026060115"] and not day.complete

    _report_hour(office, "2026060115")
    assert _day(office, datetime(2026, 6, 1, 17, 30)).complete
    later = _day(office, datetime(2026, 6, 2, 8))  # the day is over: every hour to 23h
    assert later.hours[-1].hour.id == "2026060123"
    assert [p.hour for p in later.missing_hours] == list(range(17, 24))

    status = ok(run_cli("--db", office, "status", "--period", "20260601", "--json")).json()
    assert status["hourly"]["first"] == "2026060114"
    assert "2026060115" not in status["hourly"]["missing_hours"]
    text = ok(run_cli("--db", office, "status", "--period", "1/6/2026")).out
    assert "14h 01/6/2026" in text and "17h" in text


def test_an_hour_counts_its_hourly_fields_only(office: Path) -> None:
    ok(run_cli("--db", office, "values", "set", "--period", "2026060114", "C.1.4=12,5"))
    database = open_database(office)
    try:
        with database.session() as s:
            report = completeness(s, parse_period("2026060114"), datetime(2026, 6, 1, 15))
    finally:
        database.engine.dispose()
    assert report.total("expected") == len(HOURLY_CODES)
    assert report.total("received") == 1
    assert report.due.due_before == datetime(2026, 6, 1, 16)
    assert report.to_json()["due"] == {"department": "2026-06-01", "office": "2026-06-01",
                                       "official": "2026-06-01", "before": "2026-06-01T16:00"}


def test_series_and_today_leave_hours_out_unless_an_hour_is_shown(office: Path) -> None:
    from datetime import date

    from chiso_desktop.office.series import last_periods
    from chiso_desktop.office.today import office_periods

    rain = builtin_catalogs()["laocai-2026"].indicator("C.1")
    assert rain is not None
    month = [p.id for p in last_periods(rain, parse_period("202606"), date(2026, 6, 20), 3)]
    assert month == ["20260530", "20260531", "20260601"]  # days, not hours
    hours = [p.id for p in last_periods(rain, parse_period("2026060114"), date(2026, 6, 1), 3)]
    assert hours == ["2026060112", "2026060113", "2026060114"]
    database = open_database(office)
    try:
        with database.session() as s:
            found = office_periods(s, date(2026, 6, 20))
    finally:
        database.engine.dispose()
    assert found and all(p.hour is None for p in found)


def test_missing_hours_read_as_ranges() -> None:
    from chiso_desktop.office.hourly import hour_runs

    assert hour_runs([12, 13, 14, 17, 19, 20]) == "12h–14h, 17h, 19h–20h"
    assert hour_runs([0]) == "00h" and hour_runs([]) == ""
