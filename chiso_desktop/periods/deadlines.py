"""When a period's report is due, officially and internally, and whether it was on time.

The rules come from a plan catalog (``deadlines``, ``department_lead_days``,
``office_lead_days``); without a plan the ward plan 202/KH-UBND applies:

* month: before the 20th of the month itself;
* quarter: before the 15th of the quarter's last month;
* half-year: before 15/6 (the plan says "trước ngày 15/6 hằng năm"). The plan
  is silent on the second half; we use 15/12, i.e. an absolute month in a rule
  is the month for the *first* period of the year and moves by the period's
  length for the later ones (S2: 6 + 6 = December);
* year: before 10/12;
* departments deliver to the Office at least 3 days before the official
  deadline, the Office to the Culture-Social department at least 1 day before.

Day and week periods (no plan gives a rule for them) are due the next working
day (Monday–Friday, skipping the rules' ``holidays``) after the period ends,
and the internal deadlines equal the official one: lead days of several days
make no sense for a daily report.

Hour periods ("Giờ/Ngày", emergency reporting): no document gives a deadline;
the rule here is that an hour's report arrives **before the end of the next
hour** (the 14h report, covering 14:00–14:59, before 16:00), whatever the day
of the week, and the internal deadlines equal the official one. ``DueDates``
then also carries that moment (``due_before``); timeliness compares datetimes
when it is given them and the due day when it only has dates.

Lead days are calendar days, as the plan writes them; a deadline falling on
a weekend is not moved (the plan does not say so and moving it would make a
"3 days before" rule mean 5 days).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dt_time
from enum import StrEnum

from chiso_desktop.catalog.model import Catalog, Deadline, Frequency
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import Period


class Timeliness(StrEnum):
    ON_TIME = "on-time"
    LATE = "late"
    """Delivered after the department deadline but by the official one."""
    OVERDUE = "overdue"
    """Delivered after the official deadline, or not delivered and it has passed."""
    PENDING = "pending"
    """Not delivered yet and the official deadline has not passed."""


@dataclass(frozen=True)
class DueDates:
    """The last allowed day at each step of the chain, inclusive."""

    official: date
    office: date
    department: date
    due_before: datetime | None = None
    """Hour periods: the moment the report must arrive before (exclusive); None otherwise."""

HOUR_GRACE = timedelta(hours=1)
"""An hour's report is due before the end of the following hour."""


WARD_PLAN_DEADLINES: tuple[Deadline, ...] = (
    Deadline(Frequency.MONTH, day=20, month=0, text="Trước ngày 20 hằng tháng"),
    Deadline(Frequency.QUARTER, day=15, month=0, text="Trước ngày 15 của tháng cuối quý"),
    Deadline(Frequency.HALF_YEAR, day=15, month=6, text="Trước ngày 15/6 hằng năm"),
    Deadline(Frequency.YEAR, day=10, month=12, text="Trước ngày 10/12 hằng năm"),
)

_MONTHS_PER_PERIOD = {
    Frequency.MONTH: 1,
    Frequency.QUARTER: 3,
    Frequency.HALF_YEAR: 6,
    Frequency.YEAR: 12,
}


def last_day_before(year: int, month: int, day: int) -> date:
    """The last allowed day for "before day ``day`` of ``month``" ("trước ngày 20").

    This is THE interpretation of "before the Nth" for the whole app: the
    report is due on the (N-1)th, inclusive; "trước ngày 20" means the 19th is
    the last day. A day beyond the month's length (31 in a 30-day month) means
    the month's last day. Months past 12 roll into the following years.
    """
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    last = calendar.monthrange(year, month)[1]
    if day > last:
        return date(year, month, last)
    return date(year, month, max(day, 1)) - timedelta(days=1)


@dataclass(frozen=True)
class DeadlineRules:
    """Deadline rules of one organisation unit's plan; defaults are the ward plan's."""

    deadlines: tuple[Deadline, ...] = WARD_PLAN_DEADLINES
    department_lead_days: int = 3
    office_lead_days: int = 1
    holidays: frozenset[date] = field(default_factory=frozenset)
    """Non-working days besides weekends, for day and week periods."""

    @classmethod
    def from_catalog(cls, plan: Catalog, holidays: Iterable[date] = ()) -> DeadlineRules:
        """Rules of a plan catalog; frequencies it leaves out keep the ward plan's rule."""
        given = {d.frequency: d for d in plan.deadlines}
        merged = tuple(given.pop(d.frequency, d) for d in WARD_PLAN_DEADLINES)
        return cls(
            deadlines=merged + tuple(given.values()),
            department_lead_days=plan.department_lead_days,
            office_lead_days=plan.office_lead_days,
            holidays=frozenset(holidays),
        )

    def rule(self, frequency: Frequency) -> Deadline | None:
        for d in self.deadlines:
            if d.frequency == frequency:
                return d
        return None

    # --- due dates ----------------------------------------------------------

    def due_dates(self, period: Period) -> DueDates:
        if period.frequency is Frequency.HOUR:
            before = period.end_at + HOUR_GRACE
            day = (before - timedelta(microseconds=1)).date()
            return DueDates(official=day, office=day, department=day, due_before=before)
        if period.frequency in (Frequency.DAY, Frequency.WEEK):
            official = self.next_working_day(period.end)
            return DueDates(official=official, office=official, department=official)
        official = self._official(period)
        return DueDates(
            official=official,
            office=official - timedelta(days=self.office_lead_days),
            department=official - timedelta(days=self.department_lead_days),
        )

    def _official(self, period: Period) -> date:
        rule = self.rule(period.frequency)
        if rule is None:  # a plan without a rule for this frequency: the period's last day
            return period.end
        if rule.month == 0:
            return last_day_before(period.end.year, period.end.month, rule.day)
        step = _MONTHS_PER_PERIOD[period.frequency]
        index = (period.start.month - 1) // step
        return last_day_before(period.start.year, rule.month + index * step, rule.day)

    def next_working_day(self, after: date) -> date:
        day = after + timedelta(days=1)
        while day.weekday() >= 5 or day in self.holidays:
            day += timedelta(days=1)
        return day

    # --- status -------------------------------------------------------------

    def days_left(self, period: Period, today: date, step: str = "official") -> int:
        """Days from ``today`` to the due date of ``step`` (official | office | department).

        0 on the due day itself, negative once it has passed.
        """
        if isinstance(today, datetime):
            today = today.date()
        due: date = getattr(self.due_dates(period), step)
        return (due - today).days

    def timeliness(self, period: Period, submitted_on: date | datetime | None,
                   today: date | datetime) -> Timeliness:
        """A department's delivery status for ``period`` as of ``today``.

        Hour periods are judged to the minute when given datetimes (``submitted_on``
        the moment it arrived, ``today`` now); with dates, by the due day.
        """
        due = self.due_dates(period)
        if due.due_before is not None:
            return _hour_timeliness(due, submitted_on, today)
        if isinstance(submitted_on, datetime):
            submitted_on = submitted_on.date()
        if isinstance(today, datetime):
            today = today.date()
        if submitted_on is None:
            return Timeliness.OVERDUE if today > due.official else Timeliness.PENDING
        if submitted_on <= due.department:
            return Timeliness.ON_TIME
        if submitted_on <= due.official:
            return Timeliness.LATE
        return Timeliness.OVERDUE


def _hour_timeliness(due: DueDates, submitted: date | datetime | None,
                     now: date | datetime) -> Timeliness:
    before = due.due_before
    assert before is not None
    if submitted is None:
        late = now >= before if isinstance(now, datetime) else now > due.official
        return Timeliness.OVERDUE if late else Timeliness.PENDING
    if isinstance(submitted, datetime):
        return Timeliness.ON_TIME if submitted < before else Timeliness.OVERDUE
    return Timeliness.ON_TIME if submitted <= due.official else Timeliness.OVERDUE


def due_text(due: DueDates, step: str = "official") -> str:
    """A due date as screens and reports print it: "20/06/2026"; for an hour with its
    time, "01/06/2026 before 16:00" (the moment the report must arrive before; the 22h
    report "01/06/2026 before 24:00")."""
    day: date = getattr(due, step)
    text = day.strftime("%d/%m/%Y")
    if due.due_before is None:
        return text
    # 22h is due before midnight: "01/06/2026 before 24:00", never "before 00:00" of a day
    # that reads as its start.
    time = "24:00" if due.due_before.time() == dt_time(0) else due.due_before.strftime("%H:%M")
    return _("{date} before {time}").format(date=text, time=time)


WARD_PLAN_RULES = DeadlineRules()


def due_dates(period: Period, rules: DeadlineRules = WARD_PLAN_RULES) -> DueDates:
    return rules.due_dates(period)


def days_left(period: Period, today: date, rules: DeadlineRules = WARD_PLAN_RULES) -> int:
    return rules.days_left(period, today)


def timeliness(
    period: Period,
    submitted_on: date | datetime | None,
    today: date | datetime,
    rules: DeadlineRules = WARD_PLAN_RULES,
) -> Timeliness:
    return rules.timeliness(period, submitted_on, today)
