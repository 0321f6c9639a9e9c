"""A day's hourly reports ("Giờ/Ngày"): which hours are expected, which came, which are missing.

Hourly reports follow an emergency, not the clock (docs/catalog-format.md, "Hourly
reporting"): no hour is expected until one is reported. From the first hour of the
day that has a value of an hourly field, every hour to the end of the day — or,
today, to the last hour that has ended — is expected; the day's hourly values are
complete when each of those hours has all its hourly fields (a value or "Không
phát sinh"), like any period's completeness. The day's own report (frequency
``day``) is counted by ``office.completeness`` as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.i18n import _
from chiso_desktop.office.plan import due_indicators, load_plan
from chiso_desktop.office.received import DELIVERED_STATES
from chiso_desktop.periods.period import Period, hours_of_day
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DEFAULT_COMBO, DataValue


@dataclass(frozen=True)
class HourCount:
    hour: Period
    expected: int
    received: int

    @property
    def complete(self) -> bool:
        return self.received >= self.expected


@dataclass
class HourlyDay:
    day: Period
    fields: int
    """Entered fields reported by the hour (0: the installation reports no hours)."""
    hours: list[HourCount] = field(default_factory=list)
    """The expected hours, in order: from the first reported one to the last one due."""

    @property
    def started(self) -> bool:
        return bool(self.hours)

    @property
    def missing_hours(self) -> list[Period]:
        return [h.hour for h in self.hours if not h.complete]

    @property
    def complete(self) -> bool:
        """True when no hour of the run lacks a value; a day without any hourly report is
        complete too (nothing happened that called for one)."""
        return not self.missing_hours

    def summary(self, lang: str = "vi") -> str:
        """One sentence for the status line and the dashboard."""
        if not self.started:
            return _("Hourly reports: none this day (hours are expected from the first one "
                     "reported).")
        first, last = self.hours[0].hour.label(lang), self.hours[-1].hour.label(lang)
        if self.complete:
            return _("Hourly reports: {first} to {last}, every hour complete.").format(
                first=first, last=last)
        return _("Hourly reports: {first} to {last}; incomplete hours: {hours}.").format(
            first=first, last=last, hours=hour_runs([p.hour or 0 for p in self.missing_hours]))

    def to_json(self) -> dict[str, object]:
        return {"day": self.day.id, "fields": self.fields, "started": self.started,
                "first": self.hours[0].hour.id if self.hours else None,
                "last": self.hours[-1].hour.id if self.hours else None,
                "expected_hours": len(self.hours),
                "missing_hours": [p.id for p in self.missing_hours],
                "complete": self.complete,
                "hours": [{"period": h.hour.id, "expected": h.expected, "received": h.received}
                          for h in self.hours]}


def hour_runs(hours: list[int]) -> str:
    """``[12, 13, 14, 17]`` → "12h–14h, 17h": a long gap reads as one range."""
    runs: list[list[int]] = []
    for h in sorted(hours):
        if runs and h == runs[-1][-1] + 1:
            runs[-1].append(h)
        else:
            runs.append([h])
    return ", ".join(f"{r[0]:02d}h" if len(r) == 1 else f"{r[0]:02d}h–{r[-1]:02d}h"
                     for r in runs)


def hourly_day(session: Session, day: Period, now: datetime | None = None) -> HourlyDay:
    """The hourly reports of ``day`` (a day period) as of ``now``."""
    if day.frequency is not Frequency.DAY:
        raise ValueError("hourly_day needs a day period")
    now = now or datetime.now()
    inst = require_installation(session)
    scope, _rules, own = load_plan(session)
    hours = hours_of_day(day.start)
    codes = {f.code for item in due_indicators(scope, hours[0], own)
             if Frequency.HOUR in item.indicator.frequencies for f in item.entered_fields}
    result = HourlyDay(day, len(codes))
    if not codes:
        return result
    delivered: dict[str, set[str]] = {}
    for code, period in session.execute(select(DataValue.field_code, DataValue.period).where(
            DataValue.org_unit_id == inst.org_unit_id, DataValue.combo == DEFAULT_COMBO,
            DataValue.period.in_([h.id for h in hours]),
            DataValue.state.in_(DELIVERED_STATES))):
        if code in codes:
            delivered.setdefault(period, set()).add(code)
    reported = [h for h in hours if h.id in delivered]
    if not reported:
        return result
    # Hours that have ended by now, and any hour already reported (a value typed early).
    last = max([h for h in hours if h.end_at <= now] + reported[-1:])
    for h in hours:
        if reported[0] <= h <= last:
            result.hours.append(HourCount(h, len(codes), len(delivered.get(h.id, ()))))
    return result
