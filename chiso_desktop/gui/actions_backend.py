"""Export bundle and print cover sheet, run through the core off the GUI thread.

``export_period`` (chiso_desktop.exchange.export) writes and records the
signed bundle and marks the period submitted; the cover sheet is the core's
``cover`` form (chiso_desktop.reports.render), the same as ``chiso report pdf
--form cover``, for the last exported bundle of the period.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chiso_desktop import settings
from chiso_desktop.errors import UserError
from chiso_desktop.gui.qt import QFileDialog, QInputDialog, QLineEdit, QMessageBox, Qt
from chiso_desktop.gui.workers import run_in_background
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.platform_rules import safe_file_name
from chiso_desktop.store.installation import slug


def suggested_name(unit: str, department: str, period: str, suffix: str) -> str:
    """A file name valid on Windows, whatever the unit or department is called."""
    return safe_file_name(slug(unit), department or "office", period, suffix=suffix)


def _ask_passphrase(page: Any) -> str | None:
    text, ok = QInputDialog.getText(page, _("Passphrase"),
                                    _("Passphrase of this installation's key:"),
                                    QLineEdit.EchoMode.Password)
    return text if ok and text else None


def export_bundle(page: Any) -> None:
    ctx = page.ctx
    period = ctx.period
    ident = ctx.identity
    with ctx.session() as s:
        folder = settings.get(s, settings.EXPORT_FOLDER) or str(Path.home())
    name = suggested_name(ident.unit_name, ident.department, period.id, ".chiso")
    target, _filter = QFileDialog.getSaveFileName(
        page, _("Export bundle — choose a folder or USB drive"), str(Path(folder) / name),
        _("Chỉ số bundles (*.chiso)"))
    if not target:
        return
    secret = _ask_passphrase(page)
    if secret is None:
        return
    from chiso_desktop.exchange.export import export_period

    actor = ctx.actor

    def work() -> Any:
        with ctx.db.session() as s, s.begin():
            result = export_period(s, period, Path(target), actor=actor, secret=secret)
            settings.put(s, settings.EXPORT_FOLDER, str(Path(target).parent))
            return result

    def done(result: Any) -> None:
        ctx.values_changed.emit()
        QMessageBox.information(page, _("Bundle exported"),
                                ngettext("{n} value written to {path}.", "{n} values written to {path}.",
                                         result.values).format(
                                    n=result.values, path=result.path))

    def failed(exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, UserError | OSError) else repr(exc)
        QMessageBox.warning(page, _("Not exported"), message)

    run_in_background(work, done, failed, parent=page, label=_("Signing and writing the "
                                                               "bundle…"))


def print_cover(page: Any) -> None:
    """Preview the cover sheet of the period's last exported bundle; print or save it there."""
    from chiso_desktop.reports.gather_office import has_exported_bundle

    ctx = page.ctx
    ident, period = ctx.identity, ctx.period
    with ctx.session() as s:
        exported = has_exported_bundle(s, period)
    if not exported:
        QMessageBox.information(page, _("Export first"),
                                _("The cover sheet describes an exported bundle; export the "
                                  "bundle of this period first."))
        return
    lang = ctx.lang
    save_name = Path.home() / suggested_name(ident.unit_name, ident.department, period.id,
                                             ".pdf")

    def work() -> bytes:
        from chiso_desktop.reports.render import render_form

        with ctx.db.session() as s:
            return render_form(s, period, "cover", lang)

    def done(pdf: bytes) -> None:
        from chiso_desktop.gui.print_preview import PrintPreviewDialog

        dialog = PrintPreviewDialog(pdf, _("Cover sheet — {period}").format(
            period=period.label(lang)), page, save_name=save_name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda p: page.status_message.emit(
            _("Cover sheet saved: {path}").format(path=p)))
        page.cover_preview = dialog
        dialog.open()

    run_in_background(work, done, lambda e: QMessageBox.warning(page, _("Not shown"), str(e)),
                      parent=page, label=_("Building the cover sheet…"))
