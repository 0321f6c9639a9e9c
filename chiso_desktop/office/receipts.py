"""Receipts: the Office confirms to a department what it took from a bundle.

After an import the Office writes a signed file of kind ``receipt`` naming
the bundle (id, file hash, sequence) and what was accepted (new, changed,
unchanged, held as conflicts). The department imports it (handler registered
with the importer): its ``exported_bundles`` row gets ``receipt_at`` and the
period's status becomes ``received``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.bundle import Manifest
from chiso_desktop.bundle.canonical import canonical_json
from chiso_desktop.bundle.errors import BundleRefused, Reason
from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _
from chiso_desktop.office.signed import load_payload, text_field, write_signed
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import ExportedBundle, ImportedBundle
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import PeriodStatus

KIND = "receipt"
PAYLOAD = "receipt.json"
RECEIVED = "received"
COUNT_KEYS = ("new", "changed", "unchanged", "conflicts")


def _counts(text: str) -> dict[str, int]:
    try:
        raw = json.loads(text or "{}")
    except ValueError:
        raw = {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(k, str) and type(v) is int and v >= 0}


def write_receipt(session: Session, bundle_id: str, out: Path, *, actor: str = "",
                  secret: str | None = None) -> Path:
    """The signed receipt for an imported bundle, addressed to the key that signed it."""
    row = session.execute(select(ImportedBundle).where(
        ImportedBundle.bundle_id == bundle_id)).scalar_one_or_none()
    if row is None or row.kind != "bundle":
        raise Refused(_("No bundle {id} was imported here.").format(id=bundle_id),
                      cli_hint="chiso import --json")
    periods = [p for p in json.loads(row.periods or "[]") if isinstance(p, str)]
    counts = _counts(row.counts)
    doc = {
        "bundle_id": row.bundle_id, "file_sha256": row.file_sha256, "sequence": row.sequence,
        "department": row.department_code, "periods": periods,
        "imported_at": row.imported_at.isoformat(timespec="seconds"), "accepted": counts,
    }
    path, _built = write_signed(session, kind=KIND, out=out,
                                payloads={PAYLOAD: canonical_json(doc)}, periods=periods,
                                recipient=row.sender_fingerprint, counts=counts, actor=actor,
                                secret=secret)
    return path


@dataclass(frozen=True)
class ReceiptImported:
    bundle_id: str
    periods: tuple[str, ...]
    accepted: dict[str, int]


def import_receipt(session: Session, manifest: Manifest,
                   payloads: Mapping[str, bytes]) -> ReceiptImported:
    """Record a verified receipt on the department's side."""
    inst = require_installation(session)
    doc = load_payload(payloads, PAYLOAD)
    bundle_id = text_field(doc, "bundle_id", PAYLOAD, 64)
    sha = text_field(doc, "file_sha256", PAYLOAD, 64)
    exported = session.execute(select(ExportedBundle).where(
        ExportedBundle.bundle_id == bundle_id)).scalar_one_or_none()
    if exported is None:
        raise Refused(_("The receipt is for bundle {id}, which was not exported from here.")
                      .format(id=bundle_id))
    if exported.file_sha256 != sha:
        raise Refused(_("The receipt names bundle {id} with a different file hash; the Office "
                        "received another file than the one sent.").format(id=bundle_id))
    periods = tuple(json.loads(exported.periods or "[]"))
    if set(manifest.periods) != set(periods):
        raise BundleRefused(Reason.VALUES_INVALID,
                            _("The receipt's periods differ from the bundle's."))
    accepted_doc = doc.get("accepted")
    accepted = {k: v for k, v in accepted_doc.items() if type(v) is int} \
        if isinstance(accepted_doc, dict) else {}
    now = datetime.now()
    exported.receipt_at = now
    department = inst.department_code
    for pid in periods:
        parse_period(pid)
        status = session.execute(select(PeriodStatus).where(
            PeriodStatus.org_unit_id == inst.org_unit_id,
            PeriodStatus.department_code == department,
            PeriodStatus.period == pid)).scalar_one_or_none()
        if status is None:
            status = PeriodStatus(org_unit_id=inst.org_unit_id, department_code=department,
                                  period=pid, status=RECEIVED, changed_at=now, changed_by="")
            session.add(status)
        status.status, status.changed_at, status.changed_by = RECEIVED, now, \
            manifest.sender.org_unit
    session.flush()
    append_audit(session, "receipt-imported", bundle_id=bundle_id, periods=list(periods),
                 accepted=accepted, receipt_id=manifest.bundle_id)
    return ReceiptImported(bundle_id, periods, accepted)
