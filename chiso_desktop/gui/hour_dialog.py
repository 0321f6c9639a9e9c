"""Choosing an hour ("Giờ/Ngày" reporting): a day, then one of its 24 hours.

Two years of hours cannot sit in the period list, so the picker's "By the hour…"
line opens this: the day in a date field (typed ``dd/MM/yyyy`` or from the
calendar), Enter (or Tab), then the hour in a list of the day's 24 hours with how many
values each holds and when it is due. Typing ``14`` jumps to 14h, Enter opens it.
The hours and their counts come from the core (``entry/period_choice.hour_choices``).
"""

from __future__ import annotations

from datetime import date, datetime, time

from chiso_desktop.entry.form import status_label
from chiso_desktop.entry.period_choice import hour_choices
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.qt import (
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFormLayout,
    QKeyEvent,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QObject,
    Qt,
    QVBoxLayout,
    QWidget,
)
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.periods.deadlines import due_text
from chiso_desktop.periods.period import Period, hour_period
from chiso_desktop.values.state import ReportStatus


class HourDialog(QDialog):
    def __init__(self, ctx: AppContext, initial: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("hourDialog")
        self.setWindowTitle(_("Hourly report"))
        intro = QLabel(_("Hourly reports (“Giờ/Ngày”) are sent while a disaster or an epidemic "
                         "lasts. Choose the day, then the hour, and press Enter. Each hour's "
                         "report is due before the end of the next hour."), self)
        intro.setWordWrap(True)
        self.day = QDateEdit(self)
        self.day.setObjectName("hourDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setDate(QDate(initial.start.year, initial.start.month, initial.start.day))
        self.hours = QListWidget(self)
        self.hours.setObjectName("hourList")
        self.hours.setMinimumHeight(8 * self.hours.fontMetrics().height())
        form = QFormLayout()
        form.addRow(_("&Day:"), self.day)
        form.addRow(_("&Hour:"), self.hours)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("&Open this hour"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._fill(initial.hour or 0)
        self.day.dateChanged.connect(lambda _d: self._fill(self.hours.currentRow()))
        self.day.installEventFilter(self)  # Enter in the day goes on to the hours
        self.hours.itemActivated.connect(lambda _item: self.accept())
        self.hours.setFocus()
        self.resize(460, self.sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.day and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return,
                                                                 Qt.Key.Key_Enter):
            self.hours.setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return super().eventFilter(watched, event)

    def chosen_day(self) -> date:
        d = self.day.date()
        return date(d.year(), d.month(), d.day())

    def chosen(self) -> Period:
        """The hour the dialog shows selected."""
        row = max(self.hours.currentRow(), 0)
        return hour_period(datetime.combine(self.chosen_day(), time(row)))

    def _fill(self, row: int) -> None:
        with self.ctx.session() as s:
            choices = hour_choices(s, self.ctx.department, self.chosen_day())
        step = "department" if self.ctx.role == "department" else "official"
        self.hours.clear()
        for choice in choices:
            p = choice.period
            parts = [f"{p.hour:02d}h"]
            if choice.values:
                parts.append(ngettext("{n} value", "{n} values", choice.values)
                             .format(n=choice.values))
            if choice.status and choice.status != ReportStatus.DRAFT:
                parts.append(status_label(choice.status))
            parts.append(_("due {date}").format(date=due_text(self.ctx.rules.due_dates(p), step)))
            item = QListWidgetItem(" · ".join(parts), self.hours)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            item.setToolTip(p.label(self.ctx.lang))
        self.hours.setCurrentRow(min(max(row, 0), 23))
