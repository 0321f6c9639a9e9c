"""Hour periods (``2026060114``, "14h 01/6/2026"): ids, labels, order, containment, deadlines."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.periods import PeriodError, parse_period
from chiso_desktop.periods.deadlines import DeadlineRules, Timeliness, due_text
from chiso_desktop.periods.period import (
    hour_period,
    hours_of_day,
    period_containing,
    periods_to_date,
)
from tests.support.examples import example_count

RULES = DeadlineRules()

moments = st.datetimes(min_value=datetime(1901, 1, 2), max_value=datetime(2998, 12, 30))


def test_an_hour_period() -> None:
    p = parse_period("2026060114")
    assert (p.id, p.frequency, p.start, p.end, p.hour) == (
        "2026060114", Frequency.HOUR, date(2026, 6, 1), date(2026, 6, 1), 14)
    assert p.label("vi") == "14h 01/6/2026"
    assert p.label("en") == "June 1, 2026, 14:00"
    assert parse_period("2026060109").label() == "09h 01/6/2026"
    assert (p.start_at, p.end_at) == (datetime(2026, 6, 1, 14), datetime(2026, 6, 1, 15))


@pytest.mark.parametrize("text", [
    "2026060114", "14h 01/6/2026", "14h 1/6/2026", "14H 01/06/2026", "14 giờ ngày 1/6/2026",
    "14 gio 1/6/2026", "14h00 1/6/2026", "14:00 1/6/2026", "14:00 ngày 01/6/2026",
    "1/6/2026 14h", "01/06/2026 14:00", "1/6/2026 lúc 14h", "2026-06-01T14:00",
    "2026-06-01T14:00:00/PT1H", "2026-06-01 14:00", "June 1, 2026, 14:00", "june 1 2026 14:00",
])
def test_what_officers_type(text: str) -> None:
    assert parse_period(text).id == "2026060114"


@pytest.mark.parametrize("text, reason", [
    ("2026060124", "24h"),                 # "An hour is 00 to 23 (the 24h of a day ...)"
    ("20260601 24", "“20260601 24”"),      # "... is not a period"
    ("2026023114", "31/2/2026"),           # "31/2/2026 is not a date"
    ("2026130114", "1/13/2026"),
    ("24h 01/6/2026", "24h"),
    ("14h 31/6/2026", "31/6/2026"),
    ("14:30 1/6/2026", "“14:30 1/6/2026”"),  # a time inside the hour is not an hour period
    ("June 2026, 14:00", "“June 2026, 14:00”"),  # an hour needs its day
])
def test_refused_hours(text: str, reason: str) -> None:
    with pytest.raises(PeriodError) as info:
        parse_period(text)
    message = str(info.value)
    assert reason in message
    assert "2026060114" in message  # the accepted forms name the hour form


def test_previous_next_across_days_and_years() -> None:
    assert parse_period("2026060100").previous().id == "2026053123"
    assert parse_period("2026123123").next().id == "2027010100"
    assert parse_period("2024022914").same_period_last_year().id == "2023022814"
    assert parse_period("2026060114").same_period_last_year().id == "2025060114"


def test_hours_of_a_day_and_its_containers() -> None:
    day = parse_period("20260601")
    hours = day.hours()
    assert [h.id for h in hours] == [f"20260601{h:02d}" for h in range(24)]
    assert hours == hours_of_day(date(2026, 6, 1))
    assert parse_period("202606").hours() == []
    hour = parse_period("2026060114")
    assert [p.id for p in hour.enclosing()] == [
        "20260601", "2026W23", "202606", "2026Q2", "2026S1", "2026"]
    assert parse_period("202606").contains_period(hour)
    assert not parse_period("202607").contains_period(hour)
    assert not hour.contains_period(day)
    # A week across two months lies in neither month, but its days do.
    week = parse_period("2026W27")  # 29/6 to 5/7
    assert "202606" not in {p.id for p in week.enclosing()}
    assert period_containing(Frequency.HOUR, datetime(2026, 6, 1, 14, 59)).id == "2026060114"
    assert period_containing(Frequency.HOUR, date(2026, 6, 1)).id == "2026060100"
    assert period_containing(Frequency.DAY, datetime(2026, 6, 1, 14)).id == "20260601"


def test_order_hours_before_their_day() -> None:
    ids = ["202606", "2026060123", "20260601", "2026060114", "2026Q2", "2026060200", "20260531"]
    ordered = sorted(parse_period(i) for i in ids)
    assert [p.id for p in ordered] == [
        "20260531", "2026060114", "2026060123", "20260601", "2026060200", "202606", "2026Q2"]


def test_cumulative_of_an_hour_is_the_day_so_far() -> None:
    assert [p.id for p in periods_to_date(parse_period("2026060102"))] == [
        "2026060100", "2026060101", "2026060102"]
    assert len(periods_to_date(parse_period("202606"))) == 6


@settings(max_examples=example_count(300), deadline=None)
@given(moments)
def test_round_trip(moment: datetime) -> None:
    p = hour_period(moment)
    assert parse_period(p.id) == p
    assert parse_period(p.label("vi")) == p
    assert parse_period(p.label("en")) == p
    assert p.id == moment.strftime("%Y%m%d%H")
    assert p.next().previous() == p and p.previous().next() == p


@settings(max_examples=example_count(300), deadline=None)
@given(moments, moments)
def test_order_is_time_order(a: datetime, b: datetime) -> None:
    pa, pb = hour_period(a), hour_period(b)
    key_a, key_b = a.replace(minute=0, second=0, microsecond=0), \
        b.replace(minute=0, second=0, microsecond=0)
    assert (pa < pb) == (key_a < key_b)
    assert (pa == pb) == (key_a == key_b)
    assert pa < pa.next() and pa.previous() < pa


@settings(max_examples=example_count(200), deadline=None)
@given(moments)
def test_containment(moment: datetime) -> None:
    hour = hour_period(moment)
    for f in (Frequency.DAY, Frequency.WEEK, Frequency.MONTH, Frequency.QUARTER,
              Frequency.HALF_YEAR, Frequency.YEAR):
        holder = period_containing(f, moment.date())
        assert holder.contains_period(hour)
        assert holder in hour.enclosing()
        assert hour < holder  # it ends first, or together and shorter
        assert not holder.next().contains_period(hour)
    assert hour in period_containing(Frequency.DAY, moment.date()).hours()


def test_deadline_end_of_the_next_hour() -> None:
    due = RULES.due_dates(parse_period("2026060114"))
    assert due.due_before == datetime(2026, 6, 1, 16)
    assert due.official == due.office == due.department == date(2026, 6, 1)
    late = RULES.due_dates(parse_period("2026060123"))
    assert late.due_before == datetime(2026, 6, 2, 1) and late.official == date(2026, 6, 2)
    # A Saturday hour is due on Saturday: emergencies do not wait for Monday.
    assert RULES.due_dates(parse_period("2026060614")).official == date(2026, 6, 6)
    # Days keep their rule: the next working day.
    assert RULES.due_dates(parse_period("20260606")).official == date(2026, 6, 8)


def test_due_text_of_the_last_hours_of_a_day() -> None:
    """22h is due before midnight: printed "before 24:00" of its day, never "before 00:00"
    of that day (which reads as its start); 23h before 01:00 of the next day."""
    assert due_text(RULES.due_dates(parse_period("2026060122"))) == "01/06/2026 trước 24:00"
    assert due_text(RULES.due_dates(parse_period("2026060123"))) == "02/06/2026 trước 01:00"
    assert due_text(RULES.due_dates(parse_period("2026060114"))) == "01/06/2026 trước 16:00"


def test_hour_timeliness() -> None:
    p = parse_period("2026060114")
    at = datetime.combine(p.start, time(15, 59))
    assert RULES.timeliness(p, at, at) is Timeliness.ON_TIME
    assert RULES.timeliness(p, at + timedelta(minutes=1), at) is Timeliness.OVERDUE
    assert RULES.timeliness(p, None, at) is Timeliness.PENDING
    assert RULES.timeliness(p, None, at + timedelta(minutes=1)) is Timeliness.OVERDUE
    # With dates only, the due day decides.
    assert RULES.timeliness(p, date(2026, 6, 1), date(2026, 6, 1)) is Timeliness.ON_TIME
    assert RULES.timeliness(p, None, date(2026, 6, 2)) is Timeliness.OVERDUE
    assert RULES.days_left(p, datetime(2026, 5, 30, 9)) == 2
