"""The Office's file kinds, registered with the exchange importer.

Importing this module makes ``chiso import`` (and the GUI's import) accept
``corrections`` and ``receipt`` files at a department, and the wards'
consolidated bundles at a city installation. Kind ``bundle`` keeps the
exchange's own handler for every installation but a city.
"""

from __future__ import annotations

from chiso_desktop.bundle import BundleRefused, Reason, VerifiedBundle
from chiso_desktop.exchange import importer
from chiso_desktop.exchange.importer import ImportContext, register_kind
from chiso_desktop.i18n import _
from chiso_desktop.office.consolidated import import_consolidated
from chiso_desktop.office.corrections import import_corrections, refresh_answered
from chiso_desktop.office.receipts import import_receipt


def _department_only(ctx: ImportContext, what: str) -> None:
    if ctx.installation.role != "department":
        raise BundleRefused(Reason.WRONG_KIND, _("A {kind} file is for a department; it cannot "
                                                 "be imported here.").format(kind=what))


def handle_corrections(ctx: ImportContext, verified: VerifiedBundle) -> dict[str, int]:
    _department_only(ctx, "corrections")
    result = import_corrections(ctx.session, verified.manifest, verified.payloads)
    return {"questions": result.questions, "new": result.new}


def handle_receipt(ctx: ImportContext, verified: VerifiedBundle) -> dict[str, int]:
    _department_only(ctx, "receipt")
    result = import_receipt(ctx.session, verified.manifest, verified.payloads)
    return {"receipts": 1, **{f"accepted_{k}": v for k, v in result.accepted.items()}}


_ward_bundle = importer.handler_for("bundle")  # the exchange's merge, kept for non-city roles


def handle_bundle(ctx: ImportContext, verified: VerifiedBundle) -> dict[str, int]:
    if ctx.installation.role == "city":
        return import_consolidated(ctx, verified)
    if _ward_bundle is None:
        raise BundleRefused(Reason.WRONG_KIND, _("Bundles cannot be imported here."))
    counts = _ward_bundle(ctx, verified)
    answered = refresh_answered(ctx.session, None)
    if answered:
        counts = {**counts, "answered": answered}
    return counts


def register() -> None:
    register_kind("corrections", handle_corrections)
    register_kind("receipt", handle_receipt)
    if importer.handler_for("bundle") is not handle_bundle:
        register_kind("bundle", handle_bundle)


register()
