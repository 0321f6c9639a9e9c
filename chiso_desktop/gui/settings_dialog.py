"""Settings: language (switches live), officer, unit and signature, deadlines, key."""

from __future__ import annotations

from chiso_desktop import settings
from chiso_desktop.catalog.model import Frequency
from chiso_desktop.exchange.key_info import own_fingerprints, spaced
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.generated.ui_settings_dialog import Ui_SettingsDialog
from chiso_desktop.gui.qt import QDialog, QFont, QHeaderView, QTableWidgetItem, QWidget
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import periods_of_year

LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))
SIGNING_MODES = ("TM.", "KT.")


def frequency_label(f: Frequency) -> str:
    return {Frequency.MONTH: _("Monthly"), Frequency.QUARTER: _("Quarterly"),
            Frequency.HALF_YEAR: _("Half-yearly"), Frequency.YEAR: _("Yearly"),
            Frequency.WEEK: _("Weekly"), Frequency.DAY: _("Daily"),
            Frequency.HOUR: _("Hourly")}[f]


class SettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ui = Ui_SettingsDialog()
        self.ui.setupUi(self)
        for code, name in LANGUAGES:
            self.ui.language.addItem(name, code)
        self.ui.signingMode.addItems(SIGNING_MODES)
        with ctx.session() as s:
            self.ui.language.setCurrentIndex(max(self.ui.language.findData(
                settings.get(s, settings.LANGUAGE)), 0))
            self.ui.actor.setText(settings.get(s, settings.ACTOR) or
                                  (ctx.identity.officer if ctx.identity else ""))
            self.ui.parentBody.setText(settings.get(s, settings.PARENT_BODY))
            self.ui.place.setText(settings.get(s, settings.PLACE))
            self.ui.signingMode.setCurrentText(settings.get(s, settings.SIGNING_MODE))
            self.ui.signerPosition.setText(settings.get(s, settings.SIGNER_POSITION))
            self.ui.signerName.setText(settings.get(s, settings.SIGNER_NAME))
            prints = own_fingerprints(s)
        self.ui.unitName.setText(ctx.identity.unit_name if ctx.identity else "")
        big = QFont("monospace")
        big.setStyleHint(QFont.StyleHint.Monospace)
        big.setPointSizeF(self.font().pointSizeF() * 2)
        big.setBold(True)
        self.ui.fingerprint.setFont(big)
        if prints is not None:
            self.ui.fingerprint.setText(prints[0])
            self.ui.fullFingerprint.setText(spaced(prints[1]))
        else:
            self.ui.fingerprint.setText(_("No key yet."))
        self._fill_deadlines()

    def _fill_deadlines(self) -> None:
        table = self.ui.deadlines
        heads = [_("Frequency"), _("Rule"), _("Example period"), _("Department"), _("Office"),
                 _("Official")]
        table.setColumnCount(len(heads))
        table.setHorizontalHeaderLabels(heads)
        rules = self.ctx.rules
        rows = [d for d in rules.deadlines if d.frequency in (
            Frequency.MONTH, Frequency.QUARTER, Frequency.HALF_YEAR, Frequency.YEAR)]
        table.setRowCount(len(rows))
        year = (self.ctx.period.start.year if self.ctx.period else 2026)
        for n, rule in enumerate(rows):
            example = periods_of_year(year, rule.frequency)[0]
            due = rules.due_dates(example)
            cells = [frequency_label(rule.frequency), rule.text, example.label(self.ctx.lang),
                     due.department.strftime("%d/%m/%Y"), due.office.strftime("%d/%m/%Y"),
                     due.official.strftime("%d/%m/%Y")]
            for c, text in enumerate(cells):
                table.setItem(n, c, QTableWidgetItem(text))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setVisible(False)

    def accept(self) -> None:
        lang = self.ui.language.currentData()
        with self.ctx.session() as s:
            settings.put(s, settings.ACTOR, self.ui.actor.text().strip())
            settings.put(s, settings.PARENT_BODY, self.ui.parentBody.text().strip())
            settings.put(s, settings.PLACE, self.ui.place.text().strip())
            settings.put(s, settings.SIGNING_MODE, self.ui.signingMode.currentText())
            settings.put(s, settings.SIGNER_POSITION, self.ui.signerPosition.text().strip())
            settings.put(s, settings.SIGNER_NAME, self.ui.signerName.text().strip())
        if lang != self.ctx.lang:
            self.ctx.set_language(lang)
            self.ui.retranslateUi(self)
        super().accept()
