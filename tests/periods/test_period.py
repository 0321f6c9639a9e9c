from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.periods import PeriodError, due_periods, is_due, parse_period, periods_of_year
from chiso_desktop.periods.period import period_containing
from tests.support.examples import example_count

# id, frequency, start, end, vi label, en label, previous id, same period last year id
KINDS = [
    ("2026", Frequency.YEAR, date(2026, 1, 1), date(2026, 12, 31), "Năm 2026", "Year 2026", "2025", "2025"),
    ("2026S1", Frequency.HALF_YEAR, date(2026, 1, 1), date(2026, 6, 30), "6 tháng đầu năm 2026", "First half of 2026", "2025S2", "2025S1"),
    ("2026S2", Frequency.HALF_YEAR, date(2026, 7, 1), date(2026, 12, 31), "6 tháng cuối năm 2026", "Second half of 2026", "2026S1", "2025S2"),
    ("2026Q1", Frequency.QUARTER, date(2026, 1, 1), date(2026, 3, 31), "Quý I/2026", "Q1 2026", "2025Q4", "2025Q1"),
    ("2026Q2", Frequency.QUARTER, date(2026, 4, 1), date(2026, 6, 30), "Quý II/2026", "Q2 2026", "2026Q1", "2025Q2"),
    ("2026Q4", Frequency.QUARTER, date(2026, 10, 1), date(2026, 12, 31), "Quý IV/2026", "Q4 2026", "2026Q3", "2025Q4"),
    ("202606", Frequency.MONTH, date(2026, 6, 1), date(2026, 6, 30), "Tháng 6/2026", "June 2026", "202605", "202506"),
    ("202601", Frequency.MONTH, date(2026, 1, 1), date(2026, 1, 31), "Tháng 1/2026", "January 2026", "202512", "202501"),
    ("202402", Frequency.MONTH, date(2024, 2, 1), date(2024, 2, 29), "Tháng 2/2024", "February 2024", "202401", "202302"),
    ("2026W23", Frequency.WEEK, date(2026, 6, 1), date(2026, 6, 7), "Tuần 23/2026", "Week 23 of 2026", "2026W22", "2025W23"),
    # 2026 has 53 ISO weeks; week 53 runs into 2027; 2025 has only 52.
    ("2026W53", Frequency.WEEK, date(2026, 12, 28), date(2027, 1, 3), "Tuần 53/2026", "Week 53 of 2026", "2026W52", "2025W52"),
    ("2027W1", Frequency.WEEK, date(2027, 1, 4), date(2027, 1, 10), "Tuần 1/2027", "Week 1 of 2027", "2026W53", "2026W1"),
    # ISO week 1 of 2025 starts in December 2024.
    ("2025W1", Frequency.WEEK, date(2024, 12, 30), date(2025, 1, 5), "Tuần 1/2025", "Week 1 of 2025", "2024W52", "2024W1"),
    ("20260615", Frequency.DAY, date(2026, 6, 15), date(2026, 6, 15), "Ngày 15/6/2026", "June 15, 2026", "20260614", "20250615"),
    ("20260101", Frequency.DAY, date(2026, 1, 1), date(2026, 1, 1), "Ngày 1/1/2026", "January 1, 2026", "20251231", "20250101"),
    ("20240229", Frequency.DAY, date(2024, 2, 29), date(2024, 2, 29), "Ngày 29/2/2024", "February 29, 2024", "20240228", "20230228"),
]


@pytest.mark.parametrize(("pid", "freq", "start", "end", "vi", "en", "prev", "last_year"), KINDS)
def test_every_kind(pid, freq, start, end, vi, en, prev, last_year):
    p = parse_period(pid)
    assert (p.id, p.frequency, p.start, p.end) == (pid, freq, start, end)
    assert p.label("vi") == vi
    assert p.label("en") == en
    assert p.previous().id == prev
    assert p.same_period_last_year().id == last_year
    assert p.previous().next() == p
    # the label reads back to the same period
    assert parse_period(vi) == p
    assert parse_period(en) == p
    assert p.contains(start) and p.contains(end)
    assert not p.contains(p.previous().end)


@pytest.mark.parametrize(
    ("typed", "pid"),
    [
        ("T6/2026", "202606"),
        ("t6/2026", "202606"),
        ("6/2026", "202606"),
        ("06/2026", "202606"),
        ("Tháng 6/2026", "202606"),
        ("tháng 6 năm 2026", "202606"),
        ("thang 6/2026", "202606"),
        ("2026-06", "202606"),
        ("Q2/2026", "2026Q2"),
        ("Quý II/2026", "2026Q2"),
        ("quý 2/2026", "2026Q2"),
        ("Quy IV 2026", "2026Q4"),
        ("6 tháng đầu năm 2026", "2026S1"),
        ("6 THÁNG ĐẦU NĂM 2026", "2026S1"),
        ("6 tháng cuối năm 2026", "2026S2"),
        ("S2/2026", "2026S2"),
        ("2026s1", "2026S1"),
        ("Năm 2026", "2026"),
        ("  2026  ", "2026"),
        ("Tuần 23/2026", "2026W23"),
        ("2026W05", "2026W5"),
        ("2026-W23", "2026W23"),
        ("15/6/2026", "20260615"),
        ("Ngày 15/6/2026", "20260615"),
        ("2026-06-15", "20260615"),
        ("２０２６Ｑ２", "2026Q2"),  # full-width
    ],
)
def test_what_officers_type(typed, pid):
    assert parse_period(typed).id == pid


@pytest.mark.parametrize(
    "bad",
    ["", "   ", "abc", "202613", "202600", "2026Q5", "2026S3", "2021W53", "2026W0",
     "31/2/2026", "20260230", "Quý V/2026", "T13/2026", "0000", "1800", "2026Q", "6 tháng 2026"],
)
def test_refused_with_accepted_forms(bad):
    with pytest.raises(PeriodError) as exc:
        parse_period(bad)
    assert "2026Q2" in str(exc.value)  # the message lists what is accepted


def test_year_boundaries():
    assert parse_period("202601").previous().id == "202512"
    assert parse_period("2026Q1").previous().id == "2025Q4"
    assert parse_period("2026S1").previous().id == "2025S2"
    assert parse_period("20260101").previous().id == "20251231"
    assert parse_period("202612").next().id == "202701"
    assert parse_period("2026W53").next().id == "2027W1"
    # 29 December 2025 belongs to ISO week 1 of 2026
    assert period_containing(Frequency.WEEK, date(2025, 12, 29)).id == "2026W1"


@pytest.mark.parametrize(
    ("year", "freq", "count", "first", "last"),
    [
        (2026, Frequency.YEAR, 1, "2026", "2026"),
        (2026, Frequency.HALF_YEAR, 2, "2026S1", "2026S2"),
        (2026, Frequency.QUARTER, 4, "2026Q1", "2026Q4"),
        (2026, Frequency.MONTH, 12, "202601", "202612"),
        (2026, Frequency.WEEK, 53, "2026W1", "2026W53"),
        (2025, Frequency.WEEK, 52, "2025W1", "2025W52"),
        (2024, Frequency.DAY, 366, "20240101", "20241231"),
        (2026, Frequency.DAY, 365, "20260101", "20261231"),
    ],
)
def test_periods_of_year(year, freq, count, first, last):
    ps = periods_of_year(year, freq)
    assert len(ps) == count
    assert (ps[0].id, ps[-1].id) == (first, last)
    for a, b in itertools.pairwise(ps):
        assert a.next() == b


def test_due_periods_and_is_due():
    due = due_periods(["half-year", "year", "quarter"], 2026)
    assert [p.id for p in due] == [
        "2026Q1", "2026Q2", "2026S1", "2026Q3", "2026Q4", "2026S2", "2026",
    ]
    assert is_due([Frequency.MONTH, Frequency.YEAR], parse_period("2026"))
    assert is_due(["month"], parse_period("T6/2026"))
    assert not is_due(["half-year", "year"], parse_period("Quý II/2026"))


@settings(max_examples=example_count(400))
@given(st.text())
def test_parse_period_raises_only_period_error(text):
    try:
        p = parse_period(text)
    except PeriodError:
        return
    assert parse_period(p.id) == p


@settings(max_examples=example_count(200))
@given(st.from_regex(r"\A(T|Q|Quý |Tuần |Năm |)[0-9IV]{0,3}[/ -]?[0-9]{0,8}\Z"))
def test_parse_period_near_misses(text):
    try:
        p = parse_period(text)
    except PeriodError:
        return
    assert p.start <= p.end
