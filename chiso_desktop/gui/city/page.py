"""The city role's pages: import, who has sent and who is late, the wards' keys, the outputs.

This module registers them (the import view and "Wards and keys" live in
``import_page`` and ``keys_page``). The "Wards" page lays out
``office.city.city_report``: a summary line (deadline, who has not sent, who is
late), the wards table (counts, reporting rate, first receipt, timeliness), the
items table (one row per item, one column per ward, the city total last where
the item adds up) and the city's outputs: the IOC workbook and CSV and the city
report (PDF, Decree 30 layout), previewed in the application or saved.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from chiso_desktop.gui.office.base import OfficePage
from chiso_desktop.gui.operations import Changed, Operation, ask_output_path
from chiso_desktop.gui.pages import PageSpec, register_page
from chiso_desktop.gui.qt import (
    QBrush,
    QColor,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from chiso_desktop.i18n import _
from chiso_desktop.reports import outputs

if TYPE_CHECKING:
    from chiso_desktop.gui.context import AppContext

CITY = frozenset({"city"})
GREEN, AMBER, RED = "#e3f4e6", "#fff1cc", "#fbe0de"


class CityPage(OfficePage):
    status_message = Signal(str)
    output_written = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = today or date.today()
        self.preview_dialog: QDialog | None = None
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("citySummary")
        self.summary.setWordWrap(True)
        self.wards = QTableWidget(0, 7)
        self.wards.setObjectName("cityWards")
        self.items = QTableWidget(0, 0)
        self.items.setObjectName("cityItems")
        for table in (self.wards, self.items):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().setVisible(False)

        self.outputs_box = QGroupBox(self)
        self.excel_button = QPushButton(self.outputs_box)
        self.excel_button.setObjectName("cityExcelButton")
        self.excel_button.clicked.connect(lambda: self.ask_export(".xlsx"))
        self.csv_button = QPushButton(self.outputs_box)
        self.csv_button.clicked.connect(lambda: self.ask_export(".csv"))
        self.preview_button = QPushButton(self.outputs_box)
        self.preview_button.setObjectName("cityPreviewButton")
        self.preview_button.clicked.connect(self.preview)
        self.pdf_button = QPushButton(self.outputs_box)
        self.pdf_button.clicked.connect(self.ask_save_pdf)
        row = QHBoxLayout(self.outputs_box)
        for b in (self.excel_button, self.csv_button, self.preview_button, self.pdf_button):
            row.addWidget(b)
        row.addStretch(1)

        layout.addWidget(self.summary)
        layout.addWidget(self.wards, 1)
        layout.addWidget(self.items, 2)
        layout.addWidget(self.outputs_box)
        self.wire()

    def retranslate(self) -> None:
        self.wards.setHorizontalHeaderLabels([
            _("Code"), _("Ward or commune"), _("Received"), _("Expected"),
            _("Reporting rate (%)"), _("First received"), _("Timeliness")])
        self.outputs_box.setTitle(_("The city's outputs for the period"))
        self.excel_button.setText(_("IOC &Excel workbook…"))
        self.csv_button.setText(_("IOC &CSV…"))
        self.preview_button.setText(_("Pre&view the city report"))
        self.pdf_button.setText(_("&Save the city report as PDF…"))
        self.reload()

    def reload(self) -> None:
        from chiso_desktop.office.city import LATE, NOT_SENT, ON_TIME, city_report
        from chiso_desktop.office.city_outputs import timeliness_label
        from chiso_desktop.values.display import format_number, format_value

        period = self.ctx.period
        if period is None:
            return
        lang = self.ctx.lang
        with self.ctx.session() as s:
            report = city_report(s, period, datetime.combine(self.today, datetime.now().time()))
        view = report.view
        # An hour is due at a moment (before 16:00): its receipt is shown to the minute.
        received_format = "%d/%m/%Y %H:%M" if view.due_before is not None else "%d/%m/%Y"
        text = _("{period}: {n} of {total} wards have sent; not sent: {missing}; "
                 "late: {late}.").format(
            period=period.label(lang), n=view.wards_reporting, total=len(view.wards),
            missing=", ".join(w.name for w in view.with_timeliness(NOT_SENT)) or "—",
            late=", ".join(w.name for w in view.with_timeliness(LATE)) or "—")
        if view.due_before is not None:  # an hour: judged by the time of receipt
            text += " " + _("Due {date} (the time it is received at the city).").format(
                date=view.due_text)
        elif view.due is not None:
            text += " " + _("Due by {date} (received at the city).").format(
                date=view.due.strftime("%d/%m/%Y"))
        if not view.wards:
            from chiso_desktop.office.city_import import wards_page_title

            text = _("No ward is enrolled yet: enroll each ward's key card on the page "
                     "\"{page}\", then import the bundles they send.").format(
                         page=wards_page_title())
        self.summary.setText(text)
        colours = {ON_TIME: GREEN, LATE: AMBER, NOT_SENT: RED}
        self.wards.setRowCount(len(view.wards))
        for r, w in enumerate(view.wards):
            first = (w.first_imported_at.strftime(received_format) if w.first_imported_at
                     else "—")
            rr = w.reporting_rate
            cells = (w.code, w.name, str(w.received), str(w.expected),
                     format_number(rr, lang, 1) if rr is not None else "—", first,
                     timeliness_label(w.timeliness))
            for c, cell in enumerate(cells):
                item = QTableWidgetItem(cell)
                if c == len(cells) - 1 and w.timeliness in colours:
                    item.setBackground(QBrush(QColor(colours[w.timeliness])))
                if 2 <= c <= 4:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight |
                                          Qt.AlignmentFlag.AlignVCenter)
                self.wards.setItem(r, c, item)
        self.wards.resizeColumnsToContents()
        headers = [_("Code"), _("Indicator / item"), *[w.name for w in view.wards],
                   _("City total")]
        self.items.setColumnCount(len(headers))
        self.items.setHorizontalHeaderLabels(headers)
        self.items.setRowCount(len(report.lines))
        column = {w.code: i + 2 for i, w in enumerate(view.wards)}
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for r, line in enumerate(report.lines):
            f = line.row.field
            self.items.setItem(r, 0, QTableWidgetItem(line.row.code))
            name = QTableWidgetItem(line.row.label)
            name.setToolTip(f"{line.row.indicator.name}\n{line.row.label}")
            self.items.setItem(r, 1, name)
            for ward, state, value in line.values:
                item = QTableWidgetItem(format_value(value, f, lang, state=state))
                item.setTextAlignment(right)
                self.items.setItem(r, column[ward.code], item)
            if line.total is not None:
                item = QTableWidgetItem(format_value(line.total, f, lang))
                item.setTextAlignment(right)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                self.items.setItem(r, len(headers) - 1, item)
        self.items.resizeColumnsToContents()  # ward names in full in the headers
        self.items.setColumnWidth(1, 260)

    # --- outputs -----------------------------------------------------------------------

    def _written(self, path: Path) -> None:
        self.status_message.emit(_("Saved: {path}").format(path=path))
        self.output_written.emit(path)

    def export(self, out: Path) -> None:
        """The IOC workbook (.xlsx) or CSV of every ward with the city totals."""
        period, lang = self.ctx.period, self.ctx.lang
        assert period is not None
        Operation(self, self.ctx, lambda s: outputs.export_city(s, period, lang, out),
                  changes=Changed.EXPORTS, title=_("Not exported"),
                  label=_("Writing the IOC export…")).success(self._written) \
            .run_in_background()

    def ask_export(self, suffix: str) -> None:
        file_filter = _("Excel workbook (*.xlsx)") if suffix == ".xlsx" else _("CSV (*.csv)")
        out = ask_output_path(self, self.ctx, _("Export for the IOC"), "ioc", suffix, file_filter)
        if out is not None:
            self.export(out)

    def save_pdf(self, out: Path) -> None:
        period, lang = self.ctx.period, self.ctx.lang
        assert period is not None
        Operation(self, self.ctx, lambda s: outputs.save_form(s, period, "city", lang, out),
                  changes=Changed.EXPORTS, title=_("Not saved"),
                  label=_("Building the PDF…")).success(self._written).run_in_background()

    def ask_save_pdf(self) -> None:
        out = ask_output_path(self, self.ctx, _("Save the city report as PDF"), "city", ".pdf",
                              _("PDF (*.pdf)"))
        if out is not None:
            self.save_pdf(out)

    def preview(self) -> None:
        period, lang = self.ctx.period, self.ctx.lang
        assert period is not None
        title = _("City report — {period}").format(period=period.label(lang))
        Operation(self, self.ctx, lambda s: outputs.form_pdf(s, period, "city", lang),
                  changes=Changed.NOTHING, title=_("Not shown"),
                  label=_("Building the PDF…")).success(
            lambda pdf: self._show_pdf(pdf, title)).run_in_background()

    def _show_pdf(self, pdf: bytes, title: str) -> None:
        from chiso_desktop.gui.print_preview import open_preview

        self.preview_dialog = open_preview(pdf, title, self)


def CityImportPage(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from chiso_desktop.gui.city.import_page import CityImportPage as Page

    return Page(ctx, parent)


def CityKeysPage(ctx: AppContext, parent: QWidget | None) -> QWidget:
    from chiso_desktop.gui.city.keys_page import CityKeysPage as Page

    return Page(ctx, parent)


def _keys_title() -> str:
    from chiso_desktop.office.city_import import wards_page_title

    return wards_page_title()


register_page(PageSpec(key="city_import", title=lambda: _("Import from the wards"),
                       factory=CityImportPage, roles=CITY, order=10, shortcut="Ctrl+1",
                       file_suffixes=(".chiso",), eager=True))
register_page(PageSpec(key="city_wards", title=lambda: _("Wards"), factory=CityPage,
                       roles=CITY, order=20, shortcut="Ctrl+2"))
register_page(PageSpec(key="city_keys", title=_keys_title, factory=CityKeysPage, roles=CITY,
                       order=30, shortcut="Ctrl+3"))
