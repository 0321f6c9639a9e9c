"""The toolbar's period picker: each period with its label, due date and status.

Which periods, the default one and their statuses come from the core's read model
(``entry/period_choice.py``).
"""

from __future__ import annotations

from datetime import date

from chiso_desktop.entry.form import status_label
from chiso_desktop.entry.period_choice import default_period, period_statuses, reported_periods
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.operations import Changed
from chiso_desktop.gui.qt import QComboBox, Qt, QWidget
from chiso_desktop.i18n import _
from chiso_desktop.periods.deadlines import due_text
from chiso_desktop.periods.period import Period
from chiso_desktop.values.state import ReportStatus


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
        ctx.changed.connect(self._changed)
        ctx.period_changed.connect(self._follow)

    def _changed(self, changes: Changed) -> None:
        if changes & Changed.STATUS:  # each period's status is in its line
            self.refresh()

    def _follow(self, period: Period) -> None:
        if period in self.periods and self.currentIndex() != self.periods.index(period):
            self.blockSignals(True)
            self.setCurrentIndex(self.periods.index(period))
            self.blockSignals(False)

    def refresh(self) -> None:
        current = self.ctx.period
        self.blockSignals(True)
        self.clear()
        ctx = self.ctx
        self.periods = reported_periods(ctx.scope, ctx.role, ctx.department, self.today)
        with ctx.session() as s:
            statuses = period_statuses(s, ctx.department, self.periods)
            if ctx.role == "office":  # approval and lock come first at the Office
                from chiso_desktop.office.today import approval_states

                statuses.update(approval_states(s, self.periods))
        lang = self.ctx.lang
        for p in self.periods:
            due = self.ctx.rules.due_dates(p)
            step = "department" if self.ctx.role == "department" else "official"
            text = _("{period} · due {date} · {status}").format(
                period=p.label(lang), date=due_text(due, step),
                status=status_label(statuses.get(p.id, ReportStatus.DRAFT)))
            self.addItem(text, p.id)
            self.setItemData(self.count() - 1, p.id, Qt.ItemDataRole.ToolTipRole)
        if current is None or current not in self.periods:
            with ctx.session() as s:
                current = default_period(s, ctx.role, self.periods, ctx.rules, self.today)
        if current is not None:
            self.setCurrentIndex(self.periods.index(current))
        self.blockSignals(False)
        if current is not None:
            self.ctx.set_period(current)

    def _picked(self, index: int) -> None:
        if 0 <= index < len(self.periods):
            self.ctx.set_period(self.periods[index])
