"""The city role's page: who has sent, who is late, and every ward's values with city totals.

All figures come from ``office.city.city_report``; this page only lays them out:
a summary line, the wards table (counts, first arrival, timeliness) and the
items table (one row per item, one column per ward, the city total last where
the item adds up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chiso_desktop.gui.office.base import OfficePage
from chiso_desktop.gui.pages import PageSpec, register_page
from chiso_desktop.gui.qt import (
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from chiso_desktop.i18n import _

if TYPE_CHECKING:
    from chiso_desktop.gui.context import AppContext


class CityPage(OfficePage):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.wards = QTableWidget(0, 6)
        self.items = QTableWidget(0, 0)
        for table in (self.wards, self.items):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(False)
        layout.addWidget(self.summary)
        layout.addWidget(self.wards, 1)
        layout.addWidget(self.items, 2)
        self.wire()

    def retranslate(self) -> None:
        self.wards.setHorizontalHeaderLabels([
            _("Code"), _("Ward or commune"), _("Received"), _("Expected"), _("First received"),
            _("Timeliness")])
        self.reload()

    def reload(self) -> None:
        from chiso_desktop.office.city import city_report
        from chiso_desktop.office.city_outputs import timeliness_label
        from chiso_desktop.values.display import format_value

        period = self.ctx.period
        if period is None:
            return
        lang = self.ctx.lang
        with self.ctx.session() as s:
            report = city_report(s, period)
        view = report.view
        self.summary.setText(_("{period}: {n} of {total} wards have sent; not sent: {missing}; "
                               "late: {late}.").format(
            period=period.label(lang), n=view.wards_reporting, total=len(view.wards),
            missing=", ".join(w.name for w in view.with_timeliness("not-sent")) or "—",
            late=", ".join(w.name for w in view.with_timeliness("late")) or "—"))
        self.wards.setRowCount(len(view.wards))
        for r, w in enumerate(view.wards):
            first = w.first_imported_at.strftime("%d/%m/%Y") if w.first_imported_at else "—"
            for c, text in enumerate((w.code, w.name, str(w.received), str(w.expected), first,
                                      timeliness_label(w.timeliness))):
                self.wards.setItem(r, c, QTableWidgetItem(text))
        self.wards.resizeColumnsToContents()
        headers = [_("Code"), _("Indicator / item"), *[w.name for w in view.wards],
                   _("City total")]
        self.items.setColumnCount(len(headers))
        self.items.setHorizontalHeaderLabels(headers)
        self.items.setRowCount(len(report.lines))
        column = {w.code: i + 2 for i, w in enumerate(view.wards)}
        for r, line in enumerate(report.lines):
            f = line.row.field
            self.items.setItem(r, 0, QTableWidgetItem(line.row.code))
            self.items.setItem(r, 1, QTableWidgetItem(line.row.label))
            for ward, state, value in line.values:
                self.items.setItem(r, column[ward.code], QTableWidgetItem(
                    format_value(value, f, lang, state=state)))
            if line.total is not None:
                self.items.setItem(r, len(headers) - 1, QTableWidgetItem(
                    format_value(line.total, f, lang)))
        self.items.resizeColumnToContents(0)
        self.items.setColumnWidth(1, 260)


register_page(PageSpec(key="city_wards", title=lambda: _("Wards"), factory=CityPage,
                       roles=frozenset({"city"}), order=20, shortcut="Ctrl+2"))
