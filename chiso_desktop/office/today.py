"""The Office's "Today" view and the true state of a period, for the window's first look.

What is due soon (per period: deadlines, who still owes values), what
arrived lately, what waits for review (open conflicts and questions), and
the one next step, each naming the page where it is done. ``period_state``
is what the footer and the period picker show: locked and approved, or
overdue only when a department really is overdue.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.model import Frequency
from chiso_desktop.entry.deadline_status import AMBER, GREEN, RED, DeadlineStatus
from chiso_desktop.exchange.conflicts import list_conflicts
from chiso_desktop.exchange.identity import trusted_rows
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.office.approval import COMPLETE, LOCKED, REOPENED, approval_of
from chiso_desktop.office.completeness import PeriodCompleteness, completeness
from chiso_desktop.office.corrections import OPEN, requests_sent
from chiso_desktop.office.plan import load_plan
from chiso_desktop.periods.deadlines import DueDates
from chiso_desktop.periods.period import Period, due_periods
from chiso_desktop.store.exchange_models import ImportedBundle, PeriodLock
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import Department
from chiso_desktop.values.state import ApprovalStatus

LOOK_BACK_DAYS = 45
LOOK_AHEAD_DAYS = 40


@dataclass(frozen=True)
class PeriodState:
    """A period as the Office's footer and picker show it."""

    period: Period
    due: DueDates
    approval: ApprovalStatus
    approved_on: datetime | None
    revision: int
    overdue: list[str]
    """Departments with values past the official deadline (missing or sent late)."""
    missing: list[str]
    reporting_rate: Decimal | None


@dataclass(frozen=True)
class DueSoon:
    state: PeriodState
    owing: list[tuple[str, int]]
    """(department name, values still missing)."""


@dataclass(frozen=True)
class Arrived:
    department: str
    periods: list[str]
    imported_at: datetime
    kind: str


@dataclass(frozen=True)
class NextStep:
    page: str
    """The page key where it is done (office_import, office_conflicts, keys, …)."""
    kind: str
    period: str = ""
    count: int = 0


@dataclass
class TodayView:
    today: date
    due: list[DueSoon] = field(default_factory=list)
    arrived: list[Arrived] = field(default_factory=list)
    open_conflicts: int = 0
    open_questions: int = 0
    departments_without_key: list[str] = field(default_factory=list)
    next_step: NextStep | None = None


def _state(session: Session, period: Period, report: PeriodCompleteness) -> PeriodState:
    a = approval_of(session, period)
    overdue = [d.name for d in report.departments if d.overdue]
    missing = [d.name for d in report.departments if d.missing]
    return PeriodState(period, report.due, a.status, a.approved_on, a.revision, overdue, missing,
                       report.reporting_rate)


def period_state(session: Session, period: Period, today: date | None = None) -> PeriodState:
    return _state(session, period, completeness(session, period, today))


def approval_states(session: Session, periods: list[Period]) -> dict[str, ApprovalStatus]:
    """period id → approval status, for the picker (only periods not simply open).

    One query for the unit's lock rows: the picker lists hundreds of periods (hours
    included), and a query per period made opening the window take seconds.
    """
    inst = require_installation(session)
    wanted = {p.id for p in periods}
    rows = session.execute(select(PeriodLock.period, PeriodLock.status).where(
        PeriodLock.org_unit_id == inst.org_unit_id)).all()
    return {period: ApprovalStatus(status) for period, status in rows
            if period in wanted and status in (LOCKED, REOPENED, COMPLETE)}


def office_periods(session: Session, today: date) -> list[Period]:
    """The periods "Today" looks at; hours are left out (a day's hourly reports are its
    dashboard's line, ``office.hourly``): a fortnight of them is 336 periods."""
    scope, _rules, _own = load_plan(session)
    freqs = {f for _c, ind in scope.indicators("") for f in ind.frequencies} - {Frequency.HOUR}
    found = due_periods(freqs, today.year - 1) + due_periods(freqs, today.year) if freqs else []
    return [p for p in found if p.start <= today]


def today_view(session: Session, today: date | None = None) -> TodayView:
    today = today or date.today()
    inst = require_installation(session)
    view = TodayView(today)
    _scope, rules, _own = load_plan(session)
    for p in office_periods(session, today):
        due = rules.due_dates(p)
        if not (today - timedelta(days=LOOK_BACK_DAYS) <= due.official <=
                today + timedelta(days=LOOK_AHEAD_DAYS)):
            continue
        report = completeness(session, p, today)
        state = _state(session, p, report)
        if state.approval == LOCKED:
            continue
        view.due.append(DueSoon(state, [(d.name, d.missing) for d in report.departments
                                        if d.missing]))
    view.due.sort(key=lambda d: d.state.due.official)
    names = dict(session.execute(select(Department.code, Department.name).where(
        Department.org_unit_id == inst.org_unit_id)).all())
    since = datetime.combine(today - timedelta(days=14), datetime.min.time())
    rows = session.execute(select(ImportedBundle).where(
        ImportedBundle.imported_at >= since, ImportedBundle.kind == "bundle")
        .order_by(ImportedBundle.imported_at.desc()).limit(12)).scalars()
    for r in rows:
        periods = [x for x in json.loads(r.periods or "[]") if isinstance(x, str)]
        view.arrived.append(Arrived(names.get(r.department_code, r.department_code), periods,
                                    r.imported_at, r.kind))
    view.open_conflicts = len(list_conflicts(session))
    view.open_questions = sum(len(requests_sent(session, d.state.period, OPEN)) for d in view.due)
    enrolled = {r.department_code for r in trusted_rows(session) if r.revoked_at is None}
    view.departments_without_key = [code for code in names
                                    if code != inst.department_code and code not in enrolled]
    view.next_step = _next_step(view)
    return view


def _next_step(view: TodayView) -> NextStep:
    if view.departments_without_key:
        return NextStep("keys", "keys", count=len(view.departments_without_key))
    if view.open_conflicts:
        return NextStep("office_conflicts", "conflicts", count=view.open_conflicts)
    for d in view.due:
        if d.owing:
            if d.state.due.official < view.today or d.state.due.office < view.today:
                return NextStep("office_dashboard", "chase", d.state.period.id, len(d.owing))
            return NextStep("office_import", "import", d.state.period.id, len(d.owing))
        return NextStep("office_finalize", "approve", d.state.period.id)
    return NextStep("office_import", "nothing")


def office_deadline_status(state: PeriodState, today: date) -> DeadlineStatus:
    """The Office's footer: locked and approved, or overdue only when a department is."""
    due = state.due.official.strftime("%d/%m/%Y")
    if state.approval == LOCKED:
        on = state.approved_on.strftime("%d/%m/%Y") if state.approved_on else ""
        return DeadlineStatus(_("Approved and locked on {date} (revision {revision})").format(
            date=on, revision=state.revision), GREEN, "done")
    if state.overdue:
        return DeadlineStatus(_("Overdue: {departments} (official deadline {date})").format(
            departments=", ".join(state.overdue), date=due), RED, "overdue")
    if not state.missing:
        return DeadlineStatus(_("Everything is in — approve and lock (official deadline "
                                "{date})").format(date=due), GREEN, "ok")
    left = (state.due.official - today).days
    if left < 0:
        return DeadlineStatus(_("Official deadline {date} has passed; still missing: "
                                "{departments}").format(date=due,
                                                        departments=", ".join(state.missing)),
                              AMBER, "late")
    return DeadlineStatus(ngettext("{n} day left (due {date}); still missing: {departments}",
                                   "{n} days left (due {date}); still missing: {departments}",
                                   left).format(n=left, date=due,
                                                departments=", ".join(state.missing)),
                          AMBER if left <= 3 else GREEN, "soon" if left <= 3 else "ok")
