"""Export bundle and print cover sheet, run through the core off the GUI thread.

``export_period`` (chiso_desktop.exchange.export) writes and records the
signed bundle and marks the period submitted; the cover sheet is the core's
``cover`` form (chiso_desktop.reports.render), the same as ``chiso report pdf
--form cover``, for the last exported bundle of the period.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from chiso_desktop import settings
from chiso_desktop.errors import UserError
from chiso_desktop.fileio.atomic_file import atomic_write_bytes
from chiso_desktop.gui.qt import QFileDialog, QInputDialog, QLineEdit, QMessageBox
from chiso_desktop.gui.workers import run_in_background
from chiso_desktop.i18n import _
from chiso_desktop.platform_rules import safe_file_name
from chiso_desktop.store.exchange_models import ExportedBundle
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
                                _("{n} value(s) written to {path}.").format(
                                    n=result.values, path=result.path))

    def failed(exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, UserError | OSError) else repr(exc)
        QMessageBox.warning(page, _("Not exported"), message)

    run_in_background(work, done, failed, parent=page, label=_("Signing and writing the "
                                                               "bundle…"))


def print_cover(page: Any) -> None:
    """Save the cover sheet of the period's last exported bundle (rendered by the core)."""
    ctx = page.ctx
    ident, period = ctx.identity, ctx.period
    with ctx.session() as s:
        exported = any(period.id in json.loads(b.periods) for b in
                       s.execute(select(ExportedBundle)).scalars())
    if not exported:
        QMessageBox.information(page, _("Export first"),
                                _("The cover sheet describes an exported bundle; export the "
                                  "bundle of this period first."))
        return
    target, _filter = QFileDialog.getSaveFileName(
        page, _("Save the cover sheet"),
        str(Path.home() / suggested_name(ident.unit_name, ident.department, period.id, ".pdf")),
        _("PDF (*.pdf)"))
    if not target:
        return
    lang = ctx.lang

    def work() -> Path:
        from chiso_desktop.reports.render import render_form

        with ctx.db.session() as s:
            data = render_form(s, period, "cover", lang)
        return atomic_write_bytes(Path(target), data)

    run_in_background(work, lambda p: page.status_message.emit(
        _("Cover sheet saved: {path}").format(path=p)),
        lambda e: QMessageBox.warning(page, _("Not saved"), str(e)), parent=page,
        label=_("Building the cover sheet…"))
