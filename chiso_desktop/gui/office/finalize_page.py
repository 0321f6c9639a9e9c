"""Approval, lock and reopen of the period, and its outputs (PDF forms, IOC export, bundle).

"Preview" shows the PDF inside the application (pages rendered with PDFium,
printed through QPrinter: ``gui/print_preview.py``), so no PDF viewer needs to
be installed. Approval, reopening and every build run as an
:class:`~chiso_desktop.gui.operations.Operation` (worker thread, one transaction,
failures shown one way).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from chiso_desktop.entry.guards import Guard
from chiso_desktop.errors import UserError
from chiso_desktop.gui import guard_dialog
from chiso_desktop.gui.context import AppContext
from chiso_desktop.gui.office.approval_dialogs import ApproveDialog, ReasonDialog
from chiso_desktop.gui.office.base import OfficePage
from chiso_desktop.gui.operations import Changed, Operation, ask_output_path, ask_passphrase
from chiso_desktop.gui.qt import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    Signal,
)
from chiso_desktop.i18n import _
from chiso_desktop.office.approval import LOCKED, REOPENED, Approval, approval_of, approve, reopen
from chiso_desktop.office.consolidated import consolidated_check
from chiso_desktop.office.guards import approval_guard
from chiso_desktop.reports import outputs


def status_text(a: Approval) -> str:
    if a.status == LOCKED:
        when = a.approved_on.strftime("%d/%m/%Y") if a.approved_on else ""
        return _("Approved and locked by {approver} ({position}) on {date}, revision "
                 "{revision}.").format(approver=a.approver, position=a.position, date=when,
                                       revision=a.revision)
    if a.status == REOPENED:
        return _("Reopened for corrections (revision {revision} was approved). Approve again "
                 "when the corrections are done.").format(revision=a.revision)
    return _("Not approved yet. Review conflicts and completeness, then ask the leadership to "
             "approve.")


class FinalizePage(OfficePage):
    shows = Changed.VALUES | Changed.STATUS | Changed.IMPORTS | Changed.CONFLICTS

    status_message = Signal(str)
    output_written = Signal(object)
    approval_changed = Signal(object)
    """The period's :class:`Approval` after approving or reopening it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = today or date.today()
        self.approval: Approval | None = None
        self.preview_dialog: QDialog | None = None

        self.approval_box = QGroupBox(self)
        self.approval_status = QLabel(self.approval_box)
        self.approval_status.setWordWrap(True)
        self.approve_button = QPushButton(self.approval_box)
        self.approve_button.setObjectName("approveButton")
        self.approve_button.clicked.connect(self.ask_approve)
        self.reopen_button = QPushButton(self.approval_box)
        self.reopen_button.clicked.connect(self.ask_reopen)
        approval_buttons = QHBoxLayout()
        approval_buttons.addWidget(self.approve_button)
        approval_buttons.addWidget(self.reopen_button)
        approval_buttons.addStretch(1)
        approval_layout = QVBoxLayout(self.approval_box)
        approval_layout.addWidget(self.approval_status)
        approval_layout.addLayout(approval_buttons)

        self.forms_box = QGroupBox(self)
        self.form_label = QLabel(self.forms_box)
        self.form_picker = QComboBox(self.forms_box)
        self.form_picker.setObjectName("formPicker")
        self.form_label.setBuddy(self.form_picker)
        self.preview_button = QPushButton(self.forms_box)
        self.preview_button.clicked.connect(self.preview)
        self.save_pdf_button = QPushButton(self.forms_box)
        self.save_pdf_button.clicked.connect(self.ask_save_pdf)
        form_row = QHBoxLayout()
        form_row.addWidget(self.form_label)
        form_row.addWidget(self.form_picker, 1)
        form_row.addWidget(self.preview_button)
        form_row.addWidget(self.save_pdf_button)
        QVBoxLayout(self.forms_box).addLayout(form_row)

        self.exports_box = QGroupBox(self)
        self.excel_button = QPushButton(self.exports_box)
        self.excel_button.clicked.connect(lambda: self.ask_export_ioc(".xlsx"))
        self.csv_button = QPushButton(self.exports_box)
        self.csv_button.clicked.connect(lambda: self.ask_export_ioc(".csv"))
        self.bundle_button = QPushButton(self.exports_box)
        self.bundle_button.clicked.connect(self.ask_consolidated)
        self.exports_hint = QLabel(self.exports_box)
        self.exports_hint.setWordWrap(True)
        export_form = QFormLayout(self.exports_box)
        export_row = QHBoxLayout()
        export_row.addWidget(self.excel_button)
        export_row.addWidget(self.csv_button)
        export_row.addWidget(self.bundle_button)
        export_row.addStretch(1)
        export_form.addRow(export_row)
        export_form.addRow(self.exports_hint)

        self.breakdowns = QCheckBox(self)
        self.breakdowns.setObjectName("outputBreakdowns")
        self.breakdowns.setChecked(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.approval_box)
        layout.addWidget(self.breakdowns)
        layout.addWidget(self.forms_box)
        layout.addWidget(self.exports_box)
        layout.addStretch(1)

        self.wire()

    def retranslate(self) -> None:
        self.approval_box.setTitle(_("Approval"))
        self.approve_button.setText(_("&Approve and lock…"))
        self.reopen_button.setText(_("&Reopen…"))
        self.breakdowns.setText(_("Include the &breakdowns (phân tổ) under each total in the "
                                  "forms and exports"))
        self.forms_box.setTitle(_("Printed forms (PDF)"))
        self.form_label.setText(_("&Form:"))
        keep = self.form_picker.currentData()
        self.form_picker.clear()
        for key, title in outputs.form_titles().items():
            self.form_picker.addItem(title, key)
        self.form_picker.setCurrentIndex(max(self.form_picker.findData(keep), 0))
        self.preview_button.setText(_("Pre&view"))
        self.save_pdf_button.setText(_("&Save as PDF…"))
        self.exports_box.setTitle(_("Exports"))
        self.excel_button.setText(_("IOC &Excel workbook…"))
        self.csv_button.setText(_("IOC &CSV…"))
        self.bundle_button.setText(_("Consolidated &bundle for the city…"))
        self.exports_hint.setText(_("The consolidated bundle is written only for an approved "
                                    "and locked period; the city imports it with the same "
                                    "application."))
        self.reload()

    def reload(self) -> None:
        period = self.ctx.period
        if period is None:
            return
        with self.ctx.session() as s:
            self.approval = a = approval_of(s, period)
        locked = a.status == LOCKED
        self.approval_box.setTitle(_("Approval — {period}").format(
            period=period.label(self.ctx.lang)))
        self.approval_status.setText(status_text(a))
        self.approval_status.setStyleSheet("color: #1b7f3b; font-weight: bold;" if locked
                                           else "")
        self.approve_button.setEnabled(not locked)
        self.reopen_button.setEnabled(locked)
        self.bundle_button.setEnabled(locked)

    # --- approval ----------------------------------------------------------------------

    def approval_guard(self) -> Guard:
        period = self.ctx.period
        assert period is not None
        with self.ctx.session() as s:
            return approval_guard(s, period, self.today)

    def ask_approve(self) -> None:
        period = self.ctx.period
        assert period is not None
        if not guard_dialog.confirm(
                self, _("Approve and lock {period}?").format(period=period.label(self.ctx.lang)),
                self.approval_guard(), _("Approve and lock &anyway…"),
                _("Not everything is in. Approve and lock the period anyway?")):
            return
        dialog = ApproveDialog(period.label(self.ctx.lang), parent=self, today=self.today)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.approve(dialog.approver.text(), dialog.position.text(),
                         dialog.comment.toPlainText(), dialog.approved_on())
        dialog.deleteLater()

    def approve(self, approver: str, position: str, comment: str = "",
                on: datetime | None = None) -> bool:
        """Approve and lock on a worker thread; False when no passphrase was given.

        ``approval_changed`` follows when it is done; a refusal is shown as a warning.
        """
        period = self.ctx.period
        assert period is not None
        # The lock is signed with the Office's key, so the passphrase is asked for now.
        secret = ask_passphrase(self)
        if secret is None:
            return False
        actor = self.ctx.actor

        def done(a: Approval) -> None:
            self.status_message.emit(_("{period} approved and locked (revision {revision}). "
                                       "Print the report and export for the IOC next.").format(
                period=period.label(self.ctx.lang), revision=a.revision))
            self.approval_changed.emit(a)

        Operation(self, self.ctx, lambda s: approve(
            s, period, approver=approver, position=position, comment=comment, actor=actor,
            on=on, secret=secret), changes=Changed.STATUS, title=_("Not approved"),
            label=_("Signing the approval…")).success(done).run_in_background()
        return True

    def ask_reopen(self) -> None:
        dialog = ReasonDialog(_("Reopen the period"),
                              _("Why must the approved period change? The reason is kept in "
                                "the audit log, and the next approval raises the revision."),
                              self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reopen(dialog.reason.text())
        dialog.deleteLater()

    def reopen(self, reason: str) -> None:
        """Reopen on a worker thread; ``approval_changed`` follows when it is done."""
        period = self.ctx.period
        assert period is not None
        actor = self.ctx.actor

        def done(a: Approval) -> None:
            self.status_message.emit(_("{period} reopened for corrections.").format(
                period=period.label(self.ctx.lang)))
            self.approval_changed.emit(a)

        Operation(self, self.ctx, lambda s: reopen(s, period, reason=reason, actor=actor),
                  changes=Changed.STATUS, title=_("Not reopened")).success(done) \
            .run_in_background()

    # --- outputs -----------------------------------------------------------------------

    def _written(self, path: Path) -> None:
        self.status_message.emit(_("Saved: {path}").format(path=path))
        self.output_written.emit(path)

    def save_pdf(self, form: str, out: Path) -> None:
        period, lang = self.ctx.period, self.ctx.lang
        assert period is not None
        breakdowns = self.breakdowns.isChecked()
        Operation(self, self.ctx,
                  lambda s: outputs.save_form(s, period, form, lang, out, breakdowns),
                  changes=Changed.EXPORTS, title=_("Not saved"),
                  label=_("Building the PDF…")).success(self._written).run_in_background()

    def ask_save_pdf(self) -> None:
        form = self.form_picker.currentData()
        out = ask_output_path(self, self.ctx, _("Save the form as PDF"), form, ".pdf",
                              _("PDF (*.pdf)"))
        if out is not None:
            self.save_pdf(form, out)

    def preview(self) -> None:
        form = self.form_picker.currentData()
        period, lang = self.ctx.period, self.ctx.lang
        assert period is not None
        title = f"{self.form_picker.currentText()} — {period.label(lang)}"
        breakdowns = self.breakdowns.isChecked()
        Operation(self, self.ctx, lambda s: outputs.form_pdf(s, period, form, lang, breakdowns),
                  changes=Changed.NOTHING, title=_("Not shown"),
                  label=_("Building the PDF…")).success(
            lambda pdf: self._show_pdf(pdf, title)).run_in_background()

    def _show_pdf(self, pdf: bytes, title: str) -> None:
        from chiso_desktop.gui.print_preview import open_preview

        self.preview_dialog = open_preview(pdf, title, self)

    def export_ioc(self, out: Path) -> None:
        period, lang = self.ctx.period, self.ctx.lang
        assert period is not None
        breakdowns = self.breakdowns.isChecked()
        Operation(self, self.ctx, lambda s: outputs.export_ioc(s, period, lang, out, breakdowns),
                  changes=Changed.EXPORTS, title=_("Not exported"),
                  label=_("Writing the IOC export…")).success(self._written) \
            .run_in_background()

    def ask_export_ioc(self, suffix: str) -> None:
        file_filter = _("Excel workbook (*.xlsx)") if suffix == ".xlsx" else _("CSV (*.csv)")
        out = ask_output_path(self, self.ctx, _("Export for the IOC"), "ioc", suffix, file_filter)
        if out is not None:
            self.export_ioc(out)

    def export_consolidated(self, out: Path, secret: str | None) -> None:
        period, actor = self.ctx.period, self.ctx.actor
        assert period is not None
        Operation(self, self.ctx,
                  lambda s: outputs.export_consolidated(s, period, out, actor, secret),
                  changes=Changed.EXPORTS, title=_("Not exported"),
                  label=_("Signing and writing the consolidated bundle…")).success(
            self._written).run_in_background()

    def ask_consolidated(self) -> None:
        period = self.ctx.period
        assert period is not None
        try:
            with self.ctx.session() as s:
                consolidated_check(s, period)
        except UserError as exc:
            QMessageBox.warning(self, _("Cannot write the consolidated bundle yet"), str(exc))
            return
        out = ask_output_path(self, self.ctx, _("Consolidated bundle for the city"),
                              "consolidated", ".chiso", _("Chỉ số bundles (*.chiso)"))
        if out is None:
            return
        secret = ask_passphrase(self)
        if secret is not None:
            self.export_consolidated(out, secret)
