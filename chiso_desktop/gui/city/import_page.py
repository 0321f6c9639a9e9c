"""The city's import view: the wards' consolidated bundles, dropped, chosen or a whole folder.

The Office's import view (:class:`~chiso_desktop.gui.office.import_page.ImportPage`)
with the city's words: the same drop zone, buttons, cancellable per-file batch
(``ImportJob``, which runs the importer's ``import_files`` on each file) and
progress. The summary names each file's ward by its enrolled key and says, for
each refusal, what the city officer does next (``office.city_import``); a ward
whose key is not enrolled yet is one click away from "Wards and keys".
"""

from __future__ import annotations

from chiso_desktop.bundle.errors import Reason
from chiso_desktop.exchange.importer import REFUSED
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.office.import_page import ImportPage
from chiso_desktop.gui.office.summary import (
    DETAIL_ROLE,
    FIRST_COUNT_COLUMN,
    RESULT_COLUMN,
    STATUS_COLOURS,
    fill_total_row,
    totals,
)
from chiso_desktop.gui.operations import show_page
from chiso_desktop.gui.qt import (
    QBrush,
    QColor,
    QHeaderView,
    QPushButton,
    QResizeEvent,
    Qt,
    QTableWidgetItem,
    QWidget,
)
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.office.city_import import CityImportLine, city_import_lines, wards_page_title

COUNT_KEYS = ("new", "changed", "unchanged")


def headers() -> list[str]:
    return [_("File"), _("Ward or commune"), _("Code"), _("Period"), _("Result"), _("New"),
            _("Changed"), _("Unchanged")]


class CityImportPage(ImportPage):
    page_key = "city_import"
    lines: list[CityImportLine]
    """The summary lines of ``results`` read so far (set by the first ``retranslate``)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("cityImport")
        self.conflicts_button.hide()
        self.keys_button = QPushButton(self)
        self.keys_button.setObjectName("enrollWardsButton")
        self.keys_button.clicked.connect(lambda: show_page(self, "city_keys"))
        self.keys_button.setVisible(False)
        self.wards_button = QPushButton(self)
        self.wards_button.clicked.connect(lambda: show_page(self, "city_wards"))
        self.wards_button.setVisible(False)
        self.next_row.addWidget(self.keys_button)
        self.next_row.addWidget(self.wards_button)
        self.retranslate()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(_("Import the wards' consolidated bundles"))
        self.drop_zone.setText(_(
            "Drop the .chiso files the wards sent, or a whole folder (a USB stick, the "
            "mail attachments), here or anywhere on the window. Each file is checked (the "
            "ward's enrolled key, addressed to this city, the indicator set) and stored under "
            "its ward; a refused file changes nothing."))
        self.summary_title.setText(_("Summary of the last import"))
        if hasattr(self, "keys_button"):
            self.keys_button.setText(_("Open \"{page}\"…").format(page=wards_page_title()))
            self.wards_button.setText(_("Show &who has sent…"))
        self.lines = []
        self._fill()
        self._show_next()

    # --- the summary ------------------------------------------------------------------

    def _fill(self) -> None:
        """Summary lines are read once per file (a refused file is opened to name its ward)."""
        if not hasattr(self, "lines"):
            self.lines = []
        if len(self.lines) > len(self.results):
            self.lines = []
        if len(self.lines) < len(self.results):
            with self.ctx.session() as s:
                self.lines += city_import_lines(s, self.results[len(self.lines):],
                                                self.ctx.lang)
        self._fill_table()
        self._size_columns()
        self._show_detail()

    def _fill_table(self) -> None:
        table, lines = self.table, self.lines
        table.setRowCount(0)
        table.setColumnCount(len(headers()))
        table.setHorizontalHeaderLabels(headers())
        table.setRowCount(len(lines) + (1 if lines else 0))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for n, line in enumerate(lines):
            ward = line.ward if line.verified or not line.ward else \
                _("{ward} (as the file says)").format(ward=line.ward)
            cells = [line.name, ward, line.code, line.period, line.result,
                     *[str(line.counts.get(k, 0)) for k in COUNT_KEYS]]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setData(DETAIL_ROLE, line.detail)
                item.setToolTip(line.file if c == 0 else text)
                if c == RESULT_COLUMN:
                    item.setBackground(QBrush(QColor(STATUS_COLOURS.get(line.status,
                                                                        "#ffffff"))))
                if c >= FIRST_COUNT_COLUMN:
                    item.setTextAlignment(right)
                table.setItem(n, c, item)
        if lines:
            fill_total_row(table, len(lines), self.results, COUNT_KEYS)

    def _size_columns(self) -> None:
        """The result column gets the room (it says what to do); names wrap, rows grow."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RESULT_COLUMN, QHeaderView.ResizeMode.Stretch)
        narrow = self.width() < 1200
        for column, width in ((0, 190), (1, 170)):
            if narrow:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(column, width)
        self.table.setWordWrap(True)
        self.table.resizeRowsToContents()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_columns()

    def _show_next(self, cancelled: bool = False) -> None:
        if not hasattr(self, "keys_button"):
            return
        self.conflicts_button.hide()
        if not self.results:
            self.next_label.setText(_("Nothing imported yet."))
            self.keys_button.setVisible(False)
            self.wards_button.setVisible(False)
            return
        t = totals(self.results)
        unknown = sum(r.status == REFUSED and r.reason == Reason.UNKNOWN_KEY
                      for r in self.results)
        parts = []
        if cancelled:
            parts.append(_("Import cancelled: the files listed were handled, the others were "
                           "not touched. Start again to import the rest."))
        if unknown:
            parts.append(ngettext(
                "{n} file comes from a ward whose key is not enrolled here: enroll the ward's "
                "key card on \"{page}\", then import the file again.",
                "{n} files come from wards whose key is not enrolled here: enroll each ward's "
                "key card on \"{page}\", then import the files again.", unknown).format(
                    n=unknown, page=wards_page_title()))
        if t.refused > unknown:
            parts.append(_("Refused files changed nothing: read the reason on each line and "
                           "ask the ward for a new file if needed."))
        if not cancelled and not t.refused:
            parts.append(_("All files imported. See who has sent and who is late on the "
                           "page \"Wards\"."))
        self.next_label.setText(" ".join(parts))
        self.keys_button.setVisible(bool(unknown))
        self.wards_button.setVisible(t.imported > 0)
