from __future__ import annotations

import calendar
from datetime import date

import pytest

from chiso_desktop.catalog.model import Catalog, CatalogKind, Deadline, Frequency
from chiso_desktop.periods import DeadlineRules, Timeliness, parse_period, periods_of_year
from chiso_desktop.periods.deadlines import WARD_PLAN_RULES, days_left, last_day_before, timeliness

RULES = WARD_PLAN_RULES


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_of_2026_due_on_the_19th(month):
    p = periods_of_year(2026, Frequency.MONTH)[month - 1]
    due = RULES.due_dates(p)
    assert due.official == date(2026, month, 19)  # "trước ngày 20" -> the 19th
    assert due.office == date(2026, month, 18)  # Office: 1 day before
    assert due.department == date(2026, month, 16)  # departments: 3 days before


@pytest.mark.parametrize(("quarter", "last_month"), [(1, 3), (2, 6), (3, 9), (4, 12)])
def test_every_quarter_of_2026_due_the_14th_of_its_last_month(quarter, last_month):
    due = RULES.due_dates(periods_of_year(2026, Frequency.QUARTER)[quarter - 1])
    assert due.official == date(2026, last_month, 14)
    assert due.office == date(2026, last_month, 13)
    assert due.department == date(2026, last_month, 11)


def test_half_years_of_2026():
    s1, s2 = periods_of_year(2026, Frequency.HALF_YEAR)
    assert RULES.due_dates(s1).official == date(2026, 6, 14)  # before 15/6
    assert RULES.due_dates(s2).official == date(2026, 12, 14)  # S2: before 15/12 (our choice)
    assert RULES.due_dates(s1).department == date(2026, 6, 11)


def test_year_2026():
    due = RULES.due_dates(parse_period("2026"))
    assert (due.official, due.office, due.department) == (
        date(2026, 12, 9),
        date(2026, 12, 8),
        date(2026, 12, 6),
    )


@pytest.mark.parametrize(
    ("pid", "official"),
    [
        ("20260612", date(2026, 6, 15)),  # Friday -> Monday
        ("20260613", date(2026, 6, 15)),  # Saturday -> Monday
        ("20260615", date(2026, 6, 16)),  # Monday -> Tuesday
        ("2026W23", date(2026, 6, 8)),  # week ends Sunday 7/6 -> Monday
        ("2026W53", date(2027, 1, 4)),
    ],
)
def test_day_and_week_due_next_working_day(pid, official):
    due = RULES.due_dates(parse_period(pid))
    assert due.official == due.office == due.department == official


def test_holidays_skip_for_day_periods():
    rules = DeadlineRules(holidays=frozenset({date(2026, 9, 2)}))
    # 1/9/2026 is a Tuesday; 2/9 (National Day) is a holiday -> Thursday 3/9
    assert rules.due_dates(parse_period("20260901")).official == date(2026, 9, 3)


def test_last_day_before_edges():
    assert last_day_before(2026, 3, 1) == date(2026, 2, 28)
    assert last_day_before(2026, 4, 31) == date(2026, 4, 30)
    assert last_day_before(2026, 13, 10) == date(2027, 1, 9)
    assert calendar.isleap(2024) and last_day_before(2024, 3, 1) == date(2024, 2, 29)


def test_rules_from_plan_catalog():
    plan = Catalog(
        id="p",
        version="1",
        kind=CatalogKind.PLAN,
        title="t",
        document="d",
        deadlines=(Deadline(Frequency.MONTH, day=25), Deadline(Frequency.YEAR, day=15, month=1)),
        department_lead_days=5,
        office_lead_days=2,
    )
    rules = DeadlineRules.from_catalog(plan)
    due = rules.due_dates(parse_period("202606"))
    assert (due.official, due.office, due.department) == (
        date(2026, 6, 24),
        date(2026, 6, 22),
        date(2026, 6, 19),
    )
    assert rules.due_dates(parse_period("2026")).official == date(2026, 1, 14)
    # quarter keeps the ward plan's rule
    assert rules.due_dates(parse_period("2026Q2")).official == date(2026, 6, 14)


def test_days_left():
    p = parse_period("202606")
    assert days_left(p, date(2026, 6, 10)) == 9
    assert days_left(p, date(2026, 6, 19)) == 0
    assert days_left(p, date(2026, 6, 25)) == -6
    assert RULES.days_left(p, date(2026, 6, 10), step="department") == 6


@pytest.mark.parametrize(
    ("submitted", "today", "expected"),
    [
        (date(2026, 6, 10), date(2026, 6, 30), Timeliness.ON_TIME),
        (date(2026, 6, 16), date(2026, 6, 30), Timeliness.ON_TIME),  # department deadline day
        (date(2026, 6, 17), date(2026, 6, 30), Timeliness.LATE),
        (date(2026, 6, 19), date(2026, 6, 30), Timeliness.LATE),  # official deadline day
        (date(2026, 6, 20), date(2026, 6, 30), Timeliness.OVERDUE),
        (None, date(2026, 6, 19), Timeliness.PENDING),
        (None, date(2026, 6, 1), Timeliness.PENDING),
        (None, date(2026, 6, 20), Timeliness.OVERDUE),
    ],
)
def test_timeliness(submitted, today, expected):
    assert timeliness(parse_period("T6/2026"), submitted, today) == expected
    assert timeliness(parse_period("T6/2026"), submitted, today) == str(expected)
