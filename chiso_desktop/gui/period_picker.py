"""The toolbar's period picker: each period with its label, due date and status.

Only periods the installation reports (the frequencies of its indicators),
from the start of last year to the period after today, newest last.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from chiso_desktop.entry.form import status_label
from chiso_desktop.entry.ops import department_status
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.qt import QComboBox, Qt, QWidget
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import Period, due_periods
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DataValue


def reported_periods(ctx: AppContext, today: date) -> list[Period]:
    if ctx.scope is None:
        return []
    own = ctx.department if ctx.role == "department" else ""
    freqs = {f for _c, ind in ctx.scope.indicators(own) for f in ind.frequencies}
    if not freqs:
        return []
    found = due_periods(freqs, today.year - 1) + due_periods(freqs, today.year)
    return [p for p in found if p.start <= today]


def default_period(ctx: AppContext, periods: list[Period], today: date) -> Period | None:
    """Where the user most likely starts.

    A department: the first period whose official deadline has not passed (what
    it must enter now). The Office: the newest ended period that has values (what
    it consolidates), so the first look shows real numbers; else as a department.
    """
    if ctx.role != "department" and periods:
        with ctx.session() as s:
            filled = set(s.execute(select(DataValue.period).where(
                DataValue.period.in_([p.id for p in periods])).distinct()).scalars())
        with_values = [p for p in periods if p.id in filled]
        ended = [p for p in with_values if p.end < today] or with_values
        if ended:
            return max(ended, key=lambda p: (p.end, -(p.end - p.start).days))
    for p in periods:
        if p.start <= today and ctx.rules.due_dates(p).official >= today:
            return p
    return periods[-1] if periods else None


class PeriodPicker(QComboBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = today or date.today()
        self.setObjectName("periodPicker")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.setMaxVisibleItems(20)
        self.periods: list[Period] = []
        self.currentIndexChanged.connect(self._picked)
        ctx.values_changed.connect(self.refresh)
        ctx.period_changed.connect(self._follow)

    def _follow(self, period: Period) -> None:
        if period in self.periods and self.currentIndex() != self.periods.index(period):
            self.blockSignals(True)
            self.setCurrentIndex(self.periods.index(period))
            self.blockSignals(False)

    def refresh(self) -> None:
        current = self.ctx.period
        self.blockSignals(True)
        self.clear()
        self.periods = reported_periods(self.ctx, self.today)
        statuses = self._statuses()
        lang = self.ctx.lang
        for p in self.periods:
            due = self.ctx.rules.due_dates(p)
            due_day = due.department if self.ctx.role == "department" else due.official
            text = _("{period} · due {date} · {status}").format(
                period=p.label(lang), date=due_day.strftime("%d/%m/%Y"),
                status=status_label(statuses.get(p.id, "draft")))
            self.addItem(text, p.id)
            self.setItemData(self.count() - 1, p.id, Qt.ItemDataRole.ToolTipRole)
        if current is None or current not in self.periods:
            current = default_period(self.ctx, self.periods, self.today)
        if current is not None:
            self.setCurrentIndex(self.periods.index(current))
        self.blockSignals(False)
        if current is not None:
            self.ctx.set_period(current)

    def _statuses(self) -> dict[str, str]:
        """A department's own status; at the Office, approval and lock come first."""
        with self.ctx.session() as s:
            inst = require_installation(s)
            out = {p.id: department_status(s, inst, self.ctx.department, p.id)
                   for p in self.periods} if self.ctx.department else {}
            if self.ctx.role == "office":
                from chiso_desktop.office.today import approval_states

                out.update(approval_states(s, self.periods))
        return out

    def _picked(self, index: int) -> None:
        if 0 <= index < len(self.periods):
            self.ctx.set_period(self.periods[index])
