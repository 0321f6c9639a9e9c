"""The application's import table: every file kind an installation accepts.

:func:`import_handlers` is put together once at start-up (the CLI's context, the
GUI's, the demo) and passed to ``exchange.importer.import_files``: ``corrections``
and ``receipt`` files at a department, the wards' consolidated bundles at a city
installation, and kind ``bundle`` through the exchange's merge everywhere else.
"""

from __future__ import annotations

from chiso_desktop.bundle import BundleRefused, Reason, VerifiedBundle
from chiso_desktop.exchange.importer import Handler, ImportContext, merge_bundle
from chiso_desktop.i18n import _
from chiso_desktop.office.consolidated import import_consolidated
from chiso_desktop.office.corrections import (
    has_open_requests,
    import_corrections,
    refresh_answered,
)
from chiso_desktop.office.receipts import import_receipt


def _department_only(ctx: ImportContext, what: str) -> None:
    if ctx.installation.role != "department":
        raise BundleRefused(Reason.WRONG_KIND, _("A {kind} file is for a department; it cannot "
                                                 "be imported here.").format(kind=what))


def handle_corrections(ctx: ImportContext, verified: VerifiedBundle) -> dict[str, int]:
    _department_only(ctx, "corrections")
    result = import_corrections(ctx.session, verified.manifest, verified.payloads)
    ctx.cache.pop("open-requests", None)  # it may have opened some
    return {"questions": result.questions, "new": result.new}


def handle_receipt(ctx: ImportContext, verified: VerifiedBundle) -> dict[str, int]:
    _department_only(ctx, "receipt")
    result = import_receipt(ctx.session, verified.manifest, verified.payloads)
    return {"receipts": 1, **{f"accepted_{k}": v for k, v in result.accepted.items()}}


def handle_bundle(ctx: ImportContext, verified: VerifiedBundle) -> dict[str, int]:
    if ctx.installation.role == "city":
        return import_consolidated(ctx, verified)
    counts = merge_bundle(ctx, verified)
    if "open-requests" not in ctx.cache:
        # Only a corrections file opens requests (and forgets this): none open now, none
        # until then.
        ctx.cache["open-requests"] = has_open_requests(ctx.session)
    answered = refresh_answered(ctx.session, None) if ctx.cache["open-requests"] else 0
    if answered:
        counts = {**counts, "answered": answered}
    return counts


def import_handlers() -> dict[str, Handler]:
    """The table of kinds for ``import_files``; a fresh dict, so a caller may extend its own."""
    return {"bundle": handle_bundle, "corrections": handle_corrections, "receipt": handle_receipt}
