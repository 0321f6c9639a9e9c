"""Which periods an installation reports, where the user starts, and each one's status.

The read model behind the toolbar's period picker: only periods of the
frequencies its indicators report, from the start of last year to today; the
period a user most likely works on; and the department's draft/ready/submitted
status of each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.entry.scope import Scope
from chiso_desktop.periods.deadlines import DeadlineRules
from chiso_desktop.periods.period import Period, due_periods, hours_of_day
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DEFAULT_COMBO, DataValue, PeriodStatus
from chiso_desktop.values.state import ReportStatus


def reported_periods(scope: Scope | None, role: str, department: str,
                     today: date) -> list[Period]:
    """The periods the installation reports that have started by ``today``, oldest first."""
    if scope is None:
        return []
    own = department if role == "department" else ""
    freqs = {f for _c, ind in scope.indicators(own) for f in ind.frequencies} - {Frequency.HOUR}
    if not freqs:
        return []
    found = due_periods(freqs, today.year - 1) + due_periods(freqs, today.year)
    return [p for p in found if p.start <= today]


def reports_hours(scope: Scope | None, role: str, department: str) -> bool:
    """Whether any indicator the installation reports is reported by the hour ("Giờ/Ngày").

    Hours are not listed with the other periods (two years of them are 17,520): the
    picker offers a day and an hour instead (:func:`hour_choices`).
    """
    if scope is None:
        return False
    own = department if role == "department" else ""
    return any(Frequency.HOUR in ind.frequencies for _c, ind in scope.indicators(own))


@dataclass(frozen=True)
class HourChoice:
    period: Period
    values: int
    """Values (or "Không phát sinh") stored for the hour."""
    status: str
    """The department's draft / ready / submitted status of the hour ("" at the Office)."""


def hour_choices(session: Session, department: str, day: date) -> list[HourChoice]:
    """The 24 hours of ``day`` with how many values each holds and its status."""
    hours = hours_of_day(day)
    inst = require_installation(session)
    counts = dict(session.execute(
        select(DataValue.period, func.count()).where(
            DataValue.org_unit_id == inst.org_unit_id, DataValue.combo == DEFAULT_COMBO,
            DataValue.period.in_([h.id for h in hours]),
            DataValue.state.in_(("value", "not-applicable"))).group_by(DataValue.period)).all())
    statuses = period_statuses(session, department, hours)
    return [HourChoice(h, int(counts.get(h.id, 0)), statuses.get(h.id, "")) for h in hours]


def default_period(session: Session, role: str, periods: Sequence[Period],
                   rules: DeadlineRules, today: date) -> Period | None:
    """Where the user most likely starts.

    A department: the first period whose official deadline has not passed (what
    it must enter now). The Office: the newest ended period that has values (what
    it consolidates), so the first look shows real numbers; else as a department.
    """
    if role != "department" and periods:
        filled = set(session.execute(select(DataValue.period).where(
            DataValue.period.in_([p.id for p in periods])).distinct()).scalars())
        with_values = [p for p in periods if p.id in filled]
        ended = [p for p in with_values if p.end < today] or with_values
        if ended:
            return max(ended, key=lambda p: (p.end, -(p.end - p.start).days))
    for p in periods:
        if p.start <= today and rules.due_dates(p).official >= today:
            return p
    return periods[-1] if periods else None


def period_statuses(session: Session, department: str,
                    periods: Sequence[Period]) -> dict[str, str]:
    """Period id → the department's status (draft, ready, submitted); {} without one."""
    if not department:
        return {}
    inst = require_installation(session)
    # One query, not one per period: the picker lists hundreds of periods (hours included).
    stored = dict(session.execute(select(PeriodStatus.period, PeriodStatus.status).where(
        PeriodStatus.org_unit_id == inst.org_unit_id,
        PeriodStatus.department_code == department)).all())
    return {p.id: ReportStatus(stored[p.id]) if p.id in stored else ReportStatus.DRAFT
            for p in periods}
