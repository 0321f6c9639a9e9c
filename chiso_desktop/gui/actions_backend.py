"""Export bundle and print cover sheet, run through the core off the GUI thread.

``export_period`` (chiso_desktop.exchange.export) writes and records the
signed bundle and marks the period submitted; the cover sheet is built by
``build_cover`` (chiso_desktop.reports.pdf.cover) from the last exported
bundle of the period. Both are looked up at run time: a build without them
keeps the buttons disabled with the reason as tooltip, never a fake.
"""

from __future__ import annotations

import importlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from chiso_desktop import settings
from chiso_desktop.errors import UserError
from chiso_desktop.gui.key_info import own_fingerprints
from chiso_desktop.gui.qt import QFileDialog, QInputDialog, QLineEdit, QMessageBox
from chiso_desktop.gui.workers import run_in_background
from chiso_desktop.i18n import _
from chiso_desktop.store.exchange_models import ExportedBundle
from chiso_desktop.store.installation import slug

EXPORT_OP = ("chiso_desktop.exchange.export", "export_period")
COVER_OP = ("chiso_desktop.reports.pdf.cover", "build_cover")


def _find(spec: tuple[str, str]) -> Any:
    module, name = spec
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def export_available() -> bool:
    return _find(EXPORT_OP) is not None


def cover_available() -> bool:
    return _find(COVER_OP) is not None and export_available()


def missing_reason() -> str:
    return _("Not available in this build: the bundle export or the cover sheet module is "
             "missing.")


def suggested_name(unit: str, department: str, period: str, suffix: str) -> str:
    return f"{slug(unit)}-{department or 'office'}-{period}{suffix}"


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
    export_period = _find(EXPORT_OP)
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


def cover_data(page: Any) -> tuple[Any, Any] | None:
    from chiso_desktop.reports.pdf.data import CoverData, CoverValue, DocumentSettings

    ctx, form = page.ctx, page.form
    with ctx.session() as s:
        bundle = s.execute(select(ExportedBundle).order_by(ExportedBundle.id.desc())).scalars()
        last = next((b for b in bundle if form.period.id in json.loads(b.periods)), None)
        if last is None:
            return None
        parent = settings.get(s, settings.PARENT_BODY)
        place = settings.get(s, settings.PLACE)
        signer = settings.get(s, settings.SIGNER_NAME)
        prints = own_fingerprints(s)
    values = [CoverValue(r.indicator.code, r.indicator.name, r.label, r.unit,
                         r.display if r.state != "value" or r.field.type.value in
                         ("text", "choice") else Decimal(r.value or "0"), r.note)
              for r in form.rows if not r.computed and r.state != "missing"]
    data = CoverData(unit_name=ctx.identity.unit_name,
                     department_name=ctx.identity.department_name,
                     period_label=form.period.label("vi"), bundle_id=last.bundle_id,
                     bundle_hash=last.file_sha256, values=values,
                     officer_name=ctx.actor, head_name=signer, exported_at=last.created_at,
                     key_fingerprint=prints[1] if prints else "")
    doc = DocumentSettings(parent_body=parent.upper() or DocumentSettings.parent_body,
                           issuer=ctx.identity.unit_name.upper(),
                           place=place or DocumentSettings.place, signer_name=signer,
                           lang=ctx.lang)
    return data, doc


def print_cover(page: Any) -> None:
    prepared = cover_data(page)
    if prepared is None:
        QMessageBox.information(page, _("Export first"),
                                _("The cover sheet describes an exported bundle; export the "
                                  "bundle of this period first."))
        return
    ident, period = page.ctx.identity, page.ctx.period
    target, _filter = QFileDialog.getSaveFileName(
        page, _("Save the cover sheet"),
        str(Path.home() / suggested_name(ident.unit_name, ident.department, period.id, ".pdf")),
        _("PDF (*.pdf)"))
    if not target:
        return
    build_cover = _find(COVER_OP)
    data, doc = prepared

    def work() -> Path:
        path = Path(target)
        path.write_bytes(build_cover(data, doc))
        return path

    run_in_background(work, lambda p: page.status_message.emit(
        _("Cover sheet saved: {path}").format(path=p)),
        lambda e: QMessageBox.warning(page, _("Not saved"), str(e)), parent=page,
        label=_("Building the cover sheet…"))
