"""The entry page's export and cover sheet, run as operations (``gui/operations.py``).

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
from chiso_desktop.gui.operations import Changed, Operation, ask_passphrase, output_name
from chiso_desktop.gui.qt import QFileDialog, QMessageBox
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.store.db import Session


def suggested_name(unit: str, department: str, period: str, suffix: str) -> str:
    return output_name(unit, period, department or "office", suffix)


def export_bundle(page: Any) -> None:
    """Check first (Office key, values, errors, warnings), then ask for the file and passphrase."""
    ctx = page.ctx
    period = ctx.period
    ident = ctx.identity
    from chiso_desktop.exchange.export import export_check
    from chiso_desktop.gui import guard_dialog

    try:
        with ctx.session() as s:
            guard = export_check(s, period, ctx.lang)
            folder = settings.get(s, settings.EXPORT_FOLDER) or str(Path.home())
    except UserError as exc:
        QMessageBox.warning(page, _("Cannot export yet"), str(exc))
        return
    if not guard_dialog.confirm(page, _("Export the bundle?"), guard, _("&Export anyway"),
                                _("Before the bundle goes to the Office, check these:")):
        return
    name = suggested_name(ident.unit_name, ident.department, period.id, ".chiso")
    target, _filter = QFileDialog.getSaveFileName(
        page, _("Export bundle — choose a folder or USB drive"), str(Path(folder) / name),
        _("Chỉ số bundles (*.chiso)"))
    if not target:
        return
    secret = ask_passphrase(page)
    if secret is None:
        return
    from chiso_desktop.exchange.export import export_period

    actor = ctx.actor

    def work(s: Session) -> Any:
        result = export_period(s, period, Path(target), actor=actor, secret=secret)
        settings.put(s, settings.EXPORT_FOLDER, str(Path(target).parent))
        return result

    def done(result: Any) -> None:
        QMessageBox.information(page, _("Bundle exported"),
                                ngettext("{n} value written to {path}.", "{n} values written to {path}.",
                                         result.values).format(
                                    n=result.values, path=result.path))

    Operation(page, ctx, work, changes=Changed.EXPORTS | Changed.STATUS, title=_("Not exported"),
              label=_("Signing and writing the bundle…")).success(done).run_in_background()


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

    def work(s: Session) -> bytes:
        from chiso_desktop.reports.render import render_form

        return render_form(s, period, "cover", lang)

    def done(pdf: bytes) -> None:
        from chiso_desktop.gui.print_preview import open_preview

        dialog = open_preview(pdf, _("Cover sheet — {period}").format(
            period=period.label(lang)), page, save_name=save_name)
        dialog.saved.connect(lambda p: page.status_message.emit(
            _("Cover sheet saved: {path}").format(path=p)))
        page.cover_preview = dialog

    Operation(page, ctx, work, changes=Changed.NOTHING, title=_("Not shown"),
              label=_("Building the cover sheet…")).success(done).run_in_background()
