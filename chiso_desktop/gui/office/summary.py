"""The import summary: one row per file and a total line, as the Office reads it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from chiso_desktop.exchange.importer import ALREADY_IMPORTED, IMPORTED, REFUSED, FileResult
from chiso_desktop.gui.qt import QBrush, QColor, Qt, QTableWidget, QTableWidgetItem
from chiso_desktop.i18n import _, ngettext

COUNTS = ("new", "changed", "unchanged", "conflicts")
STATUS_COLOURS = {IMPORTED: "#e3f4e6", ALREADY_IMPORTED: "#eeeeee", REFUSED: "#fbe0de"}


def status_label(status: str) -> str:
    labels: dict[str, str] = {IMPORTED: _("imported"), ALREADY_IMPORTED: _("already imported"),
                              REFUSED: _("refused")}
    return labels.get(status, status)


def reason_text(result: FileResult) -> str:
    if result.status == REFUSED:
        return result.message or result.reason or ""
    if result.status == ALREADY_IMPORTED:
        return _("This bundle was imported before; nothing changed.")
    if result.counts.get("conflicts"):
        return _("Review the conflicts on the Conflicts page.")
    sender = result.sender or ""
    return _("From {sender}").format(sender=sender) if sender else ""


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
    return [_("File"), _("Status"), _("Reason"), _("New"), _("Changed"), _("Unchanged"),
            _("Conflicts")]


def fill_table(table: QTableWidget, results: list[FileResult]) -> None:
    """Rows for ``results`` and a bold total line; numbers right-aligned."""
    table.setRowCount(0)
    table.setColumnCount(len(headers()))
    table.setHorizontalHeaderLabels(headers())
    table.setRowCount(len(results) + (1 if results else 0))
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    for n, r in enumerate(results):
        cells = [Path(r.file).name, status_label(r.status), reason_text(r)] + \
            [str(r.counts.get(k, 0)) for k in COUNTS]
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            if c == 0:
                item.setToolTip(r.file)
            if c == 2:
                item.setToolTip(text)
            if c >= 3:
                item.setTextAlignment(right)
            if c == 1:
                item.setBackground(QBrush(QColor(STATUS_COLOURS.get(r.status, "#ffffff"))))
            table.setItem(n, c, item)
    if not results:
        return
    t = totals(results)
    summary = _("{imported} imported · {already} already imported · {refused} refused").format(
        imported=t.imported, already=t.already, refused=t.refused)
    cells = [ngettext("Total: {n} file", "Total: {n} files", t.files).format(n=t.files), "", summary] + \
        [str(t.counts[k]) for k in COUNTS]
    row = len(results)
    for c, text in enumerate(cells):
        item = QTableWidgetItem(text)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        if c >= 3:
            item.setTextAlignment(right)
        table.setItem(row, c, item)
