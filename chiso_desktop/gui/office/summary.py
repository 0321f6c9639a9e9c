"""The import summary: one row per file and a total line, as the Office reads it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chiso_desktop.exchange.importer import ALREADY_IMPORTED, IMPORTED, REFUSED, FileResult
from chiso_desktop.exchange.summary import COUNTS, summarize
from chiso_desktop.gui.qt import QBrush, QColor, Qt, QTableWidget, QTableWidgetItem
from chiso_desktop.i18n import _, ngettext

STATUS_COLOURS = {IMPORTED: "#e3f4e6", ALREADY_IMPORTED: "#eeeeee", REFUSED: "#fbe0de"}


@dataclass(frozen=True)
class Totals:
    files: int
    imported: int
    already: int
    refused: int
    counts: dict[str, int]


def totals(results: list[FileResult]) -> Totals:
    return Totals(len(results), sum(r.status == IMPORTED for r in results),
                  sum(r.status == ALREADY_IMPORTED for r in results),
                  sum(r.status == REFUSED for r in results),
                  {k: sum(r.counts.get(k, 0) for r in results) for k in COUNTS})


def headers() -> list[str]:
    return [_("File"), _("Kind"), _("Department"), _("Period"), _("Result"), _("New"),
            _("Changed"), _("Unchanged"), _("Conflicts")]


RESULT_COLUMN = 4
FIRST_COUNT_COLUMN = 5
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 7


def fill_table(table: QTableWidget, results: list[FileResult],
               departments: Mapping[str, str] | None = None, lang: str = "vi") -> None:
    """Rows for ``results`` (the core's summary lines) and a bold total line."""
    table.setRowCount(0)
    table.setColumnCount(len(headers()))
    table.setHorizontalHeaderLabels(headers())
    table.setRowCount(len(results) + (1 if results else 0))
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for n, r in enumerate(results):
        line = summarize(r, departments or {}, lang)
        cells = [line.name, line.kind, line.department, line.period, line.result] + \
            [str(line.counts[k]) for k in COUNTS]
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setData(DETAIL_ROLE, line.detail)
            if c == 0:
                item.setToolTip(line.file)
            elif c == RESULT_COLUMN:
                item.setToolTip(text + ("\n" + _("Detail: {detail}").format(detail=line.detail)
                                        if line.detail else ""))
                item.setBackground(QBrush(QColor(STATUS_COLOURS.get(r.status, "#ffffff"))))
            elif c < RESULT_COLUMN:
                item.setToolTip(text)
            if c >= FIRST_COUNT_COLUMN:
                item.setTextAlignment(right)
            table.setItem(n, c, item)
    if results:
        fill_total_row(table, len(results), results, COUNTS)


def fill_total_row(table: QTableWidget, row: int, results: list[FileResult],
                   count_keys: tuple[str, ...]) -> None:
    """The bold total line under the files (the Office's import view and the city's): how
    many files, what became of them, and the sum of each count column."""
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    t = totals(results)
    summary = _("{imported} imported · {already} already imported · {refused} refused").format(
        imported=t.imported, already=t.already, refused=t.refused)
    cells = [ngettext("Total: {n} file", "Total: {n} files", t.files).format(n=t.files), "", "",
             "", summary] + [str(t.counts[k]) for k in count_keys]
    for c, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        if c >= FIRST_COUNT_COLUMN:
            item.setTextAlignment(right)
        table.setItem(row, c, item)
