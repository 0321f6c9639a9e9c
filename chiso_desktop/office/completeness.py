"""Completeness and timeliness of a period, per department, like DHIS2 reporting rates.

Counted in entered values (computed items follow from them): *expected* are
the non-computed fields of the indicators due; *received* those holding a
value or "not applicable" ("missing" is not a delivery). Each received value
is timed by :mod:`office.received` and judged by the plan's deadlines:

* on time — by the department deadline (official minus the plan's lead days);
* late — after the department deadline, by the official one;
* overdue — after the official deadline, or still missing once it has passed.

The reporting rate is received / expected, the on-time rate on-time / expected,
both percentages with one decimal (Decimal, never float).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.entry.ops import period_locked
from chiso_desktop.office.plan import DueIndicator, due_indicators, load_plan
from chiso_desktop.office.received import DELIVERED_STATES, received_times
from chiso_desktop.periods.deadlines import DueDates, Timeliness
from chiso_desktop.periods.period import Period
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DEFAULT_COMBO, DataValue, Department, Officer, PlanAssignment


def rate(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent, one decimal; None when nothing is expected."""
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class DepartmentCompleteness:
    code: str
    name: str
    expected: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    missing_codes: list[str] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def reporting_rate(self) -> Decimal | None:
        return rate(self.received, self.expected)

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.expected)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code, "name": self.name, "expected": self.expected,
            "received": self.received, "missing": self.missing, "on_time": self.on_time,
            "late": self.late, "overdue": self.overdue, "missing_codes": self.missing_codes,
            "reporting_rate": _num(self.reporting_rate), "on_time_rate": _num(self.on_time_rate),
        }


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@dataclass
class PeriodCompleteness:
    period: Period
    due: DueDates
    locked: bool
    departments: list[DepartmentCompleteness]

    def total(self, attr: str) -> int:
        return sum(getattr(d, attr) for d in self.departments)

    @property
    def reporting_rate(self) -> Decimal | None:
        return rate(self.total("received"), self.total("expected"))

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.total("on_time"), self.total("expected"))

    def department(self, code: str) -> DepartmentCompleteness | None:
        return next((d for d in self.departments if d.code == code), None)

    def to_json(self) -> dict[str, object]:
        return {
            "period": self.period.id, "locked": self.locked,
            "due": {"department": self.due.department.isoformat(),
                    "office": self.due.office.isoformat(),
                    "official": self.due.official.isoformat(),
                    **({"before": self.due.due_before.isoformat(timespec="minutes")}
                       if self.due.due_before else {})},
            "departments": [d.to_json() for d in self.departments],
            "expected": self.total("expected"), "received": self.total("received"),
            "missing": self.total("missing"), "on_time": self.total("on_time"),
            "late": self.total("late"), "overdue": self.total("overdue"),
            "reporting_rate": _num(self.reporting_rate),
            "on_time_rate": _num(self.on_time_rate),
        }


def count_department(dept: DepartmentCompleteness, items: list[DueIndicator],
                     states: dict[str, str], received: dict[str, date],
                     judge: Callable[[date | None], Timeliness]) -> None:
    """Add one department's due indicators to its counts (shared with the city view)."""
    for item in items:
        for f in item.entered_fields:
            dept.expected += 1
            if states.get(f.code) in DELIVERED_STATES:
                dept.received += 1
                verdict = judge(received.get(f.code))
            else:
                dept.missing_codes.append(f.code)
                verdict = judge(None)
            if verdict is Timeliness.ON_TIME:
                dept.on_time += 1
            elif verdict is Timeliness.LATE:
                dept.late += 1
            elif verdict is Timeliness.OVERDUE:
                dept.overdue += 1


def completeness(session: Session, period: Period, today: date | None = None
                 ) -> PeriodCompleteness:
    """Expected, received, missing, late and overdue per department for ``period``."""
    inst = require_installation(session)
    scope, rules, own = load_plan(session)
    hourly = period.hour is not None  # an hour is judged to the minute (due before HH+2:00)
    now: date = today or (datetime.now() if hourly else date.today())
    names = dict(session.execute(select(Department.code, Department.name).where(
        Department.org_unit_id == inst.org_unit_id).order_by(Department.id)).all())
    states = dict(session.execute(select(DataValue.field_code, DataValue.state).where(
        DataValue.org_unit_id == inst.org_unit_id, DataValue.period == period.id,
        DataValue.combo == DEFAULT_COMBO)).all())
    received: dict[str, date] = {code: at if hourly else at.date() for code, at in
                                 received_times(session, inst.org_unit_id, period.id).items()}
    by_dept: dict[str, list[DueIndicator]] = {}
    for item in due_indicators(scope, period, own):
        by_dept.setdefault(item.department, []).append(item)
    order = list(names) + [c for c in by_dept if c not in names]
    result: list[DepartmentCompleteness] = []
    for code in order:
        if code not in by_dept:
            continue
        dept = DepartmentCompleteness(code, names.get(code, code))
        count_department(dept, by_dept[code], states, received,
                         lambda at: rules.timeliness(period, at, now))
        result.append(dept)
    return PeriodCompleteness(period, rules.due_dates(period),
                              period_locked(session, inst.org_unit_id, period.id), result)


@dataclass(frozen=True)
class ChaseOfficer:
    name: str
    role: str
    """primary | backup"""
    position: str
    phone: str


@dataclass
class ChaseItem:
    """A department still owing values: whom to call, and about what."""

    department: str
    name: str
    missing: int
    overdue: int
    missing_codes: list[str]
    officers: list[ChaseOfficer]


def chase_list(session: Session, period: Period, today: date | None = None) -> list[ChaseItem]:
    """Departments with missing values, most overdue first, with primary and backup officers."""
    inst = require_installation(session)
    report = completeness(session, period, today)
    depts = {d.code: d for d in session.execute(select(Department).where(
        Department.org_unit_id == inst.org_unit_id)).scalars()}
    assigned = _assigned_officers(session)
    items: list[ChaseItem] = []
    for dc in report.departments:
        if dc.missing == 0:
            continue
        officers: list[ChaseOfficer] = []
        dept = depts.get(dc.code)
        people = list(dept.officers) if dept else []
        people += [o for o in assigned.get(dc.code, []) if o not in people]
        for o in sorted(people, key=lambda o: (o.role != "primary", o.id)):
            officers.append(ChaseOfficer(o.name, o.role, o.position, o.phone))
        items.append(ChaseItem(dc.code, dc.name, dc.missing, dc.overdue,
                               list(dc.missing_codes), officers))
    items.sort(key=lambda i: (-i.overdue, -i.missing, i.department))
    return items


def _assigned_officers(session: Session) -> dict[str, list[Officer]]:
    """Officers named on plan assignments (primary/backup per indicator), per department."""
    out: dict[str, list[Officer]] = {}
    rows = session.execute(select(PlanAssignment)).scalars().all()
    ids = {i for a in rows for i in (a.primary_officer_id, a.backup_officer_id) if i}
    if not ids:
        return out
    officers = {o.id: o for o in session.execute(
        select(Officer).where(Officer.id.in_(ids))).scalars()}
    for a in rows:
        for oid in (a.primary_officer_id, a.backup_officer_id):
            o = officers.get(oid) if oid else None
            if o is not None and o not in out.setdefault(a.department_code, []):
                out[a.department_code].append(o)
    return out
