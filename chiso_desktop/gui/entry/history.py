"""The history of one value: who changed it, when, from what to what, and why."""

from __future__ import annotations

from chiso_desktop.catalog.model import Field
from chiso_desktop.entry.ops import value_history
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.entry.undo import input_text
from chiso_desktop.gui.generated.ui_history_dialog import Ui_HistoryDialog
from chiso_desktop.gui.qt import QDialog, QHeaderView, QTableWidgetItem, QWidget
from chiso_desktop.i18n import _


def source_label(source: str) -> str:
    return {"local": _("typed here"), "bundle": _("from a bundle"),
            "resolution": _("conflict resolution")}.get(source, source)


class HistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_HistoryDialog()
        self.ui.setupUi(self)
        assert ctx.period is not None
        lang = ctx.lang
        self.ui.fieldLabel.setText(f"<b>{field.code}</b> — {field.label} · "
                                   f"{ctx.period.label(lang)}")
        with ctx.session() as s:
            rows = value_history(s, field.code, ctx.period.id)
        heads = [_("When"), _("Who"), _("Before"), _("After"), _("Note"), _("Reason"),
                 _("Source")]
        table = self.ui.history
        table.setColumnCount(len(heads))
        table.setHorizontalHeaderLabels(heads)
        table.setRowCount(len(rows))
        for n, h in enumerate(reversed(rows)):
            cells = [h.at.strftime("%d/%m/%Y %H:%M:%S"), h.actor,
                     input_text(h.old_state, h.old_value, field, lang) or "—",
                     input_text(h.new_state, h.new_value, field, lang) or "—",
                     h.note, h.reason, source_label(h.source)]
            for c, text in enumerate(cells):
                table.setItem(n, c, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        if not rows:
            self.ui.fieldLabel.setText(self.ui.fieldLabel.text() + "<br>" +
                                       _("No changes recorded yet."))
