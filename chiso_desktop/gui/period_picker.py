"""The toolbar's period picker: each period with its label, due date and status.

Which periods, the default one and their statuses come from the core's read model
(``entry/period_choice.py``). Hours are not listed (two years of them): when the
installation reports by the hour, a last line "By the hour…" opens the hour dialog
(a day, then an hour), and the chosen hour joins the list while it is the current one.
"""

from __future__ import annotations

from datetime import date, datetime, time

from chiso_desktop.entry.form import status_label
from chiso_desktop.entry.period_choice import (
    default_period,
    period_statuses,
    reported_periods,
    reports_hours,
)
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.operations import Changed
from chiso_desktop.gui.qt import QComboBox, QDialog, Qt, QTimer, QWidget
from chiso_desktop.i18n import _
from chiso_desktop.periods.deadlines import due_text
from chiso_desktop.periods.period import Period, hour_period
from chiso_desktop.values.state import ReportStatus

HOUR_ITEM = "hour…"
"""Item data of the "By the hour…" line."""


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
        if period not in self.periods and period.hour is not None:
            self.refresh()  # an hour chosen elsewhere joins the list
            return
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
        hourly = reports_hours(ctx.scope, ctx.role, ctx.department)
        if hourly and current is not None and current.hour is not None:
            self.periods = sorted([*self.periods, current])
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
        if hourly:
            self.addItem(_("By the hour… (choose a day and an hour)"), HOUR_ITEM)
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
        elif self.itemData(index) == HOUR_ITEM:
            QTimer.singleShot(0, self.choose_hour)  # after the list has closed

    def choose_hour(self, now: datetime | None = None) -> Period | None:
        """Ask for a day and an hour; the period shown again when cancelled."""
        from chiso_desktop.gui.hour_dialog import HourDialog

        current = self.ctx.period
        if current is not None and current.hour is not None:
            initial = current
        else:
            now = now or datetime.now()
            day = current.end if current is not None and current.end < self.today else self.today
            initial = hour_period(datetime.combine(day, time(now.hour)))
        dialog = HourDialog(self.ctx, initial, self.window())
        try:
            chosen = dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
        if chosen is not None:
            self.ctx.set_period(chosen)
        else:
            self._follow_current()
        return chosen

    def _follow_current(self) -> None:
        current = self.ctx.period
        self.blockSignals(True)
        if current in self.periods:
            self.setCurrentIndex(self.periods.index(current))
        self.blockSignals(False)
