"""Reporting periods (DHIS2-style ids, Vietnamese labels) and their deadlines."""

from __future__ import annotations

from chiso_desktop.periods.deadlines import (
    DeadlineRules,
    DueDates,
    Timeliness,
    days_left,
    due_dates,
    timeliness,
)
from chiso_desktop.periods.period import (
    Period,
    PeriodError,
    due_periods,
    is_due,
    parse_period,
    periods_of_year,
)

__all__ = [
    "DeadlineRules",
    "DueDates",
    "Period",
    "PeriodError",
    "Timeliness",
    "days_left",
    "due_dates",
    "due_periods",
    "is_due",
    "parse_period",
    "periods_of_year",
    "timeliness",
]
