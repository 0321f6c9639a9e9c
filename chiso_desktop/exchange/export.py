"""A department's period as one signed bundle addressed to its Office.

Entered values travel with their state, note, revision and officer; computed
items do not travel, the Office derives them from the same catalog. Rows
that are merely "missing" travel only when they carry a note. The bundle
takes the installation's next sequence number, which is how the Office
orders bundles and recognises a replay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.bundle import ManifestFields, ValueRecord, values_to_json, write_bundle
from chiso_desktop.catalog.installed import installed_rows
from chiso_desktop.entry.form import load_form, office_department_of, set_status
from chiso_desktop.entry.guards import Guard, export_guard
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.errors import Refused
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.anchors import ANCHOR_ENTRY, anchor_payload, make_anchor
from chiso_desktop.exchange.setup_package import catalog_ref
from chiso_desktop.i18n import _, language, ngettext
from chiso_desktop.periods.period import Period
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import ExportedBundle
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DataValue
from chiso_desktop.values.state import ReportStatus, ValueState


@dataclass(frozen=True)
class Exported:
    path: Path
    bundle_id: str
    sequence: int
    values: int
    sealed: bool
    recipient: str


def period_records(session: Session, period: Period, department: str) -> list[ValueRecord]:
    """The department's entered values of the period, in code order."""
    inst = require_installation(session)
    scope = load_scope(session)
    pairs = scope.split_by_owner(department, period, office_department_of(inst))[0] \
        if department else scope.indicators("", period)
    codes = {f.code for _c, ind in pairs for f in ind.fields
             if not f.computed and not f.heading}
    rows = session.execute(select(DataValue).where(
        DataValue.org_unit_id == inst.org_unit_id, DataValue.period == period.id)
        .order_by(DataValue.field_code, DataValue.combo)).scalars()
    records = []
    for r in rows:
        if r.field_code not in codes or (r.state == ValueState.MISSING and not r.note):
            continue
        records.append(ValueRecord(code=r.field_code, period=r.period, state=r.state,
                                   value=r.value if r.state == ValueState.VALUE else None, note=r.note,
                                   revision=r.revision, officer=r.updated_by, combo=r.combo))
    return records


def export_check(session: Session, period: Period, lang: str = "vi") -> Guard:
    """Before asking for a file name or a passphrase: refused now if the export cannot work.

    Raises ``Refused`` when no Office key is enrolled or nothing was entered;
    otherwise the guard lists errors (blocking) and what needs a confirmation.
    """
    inst = require_installation(session)
    identity.office_key(session)
    if not period_records(session, period, inst.department_code):
        raise Refused(_("Nothing to export: no values entered for {period}.").format(
            period=period.label(lang)))
    return export_guard(load_form(session, period, inst.department_code, lang))


def _still_valid(session: Session, period: Period, department: str) -> None:
    """Ready means ready: an edit after "ready" that added an error blocks the export too."""
    form = load_form(session, period, department, language(), with_outliers=False)
    if form.errors:
        listing = "\n".join(f"  {i.code}: {i.message}" for i in form.errors[:20])
        raise Refused(ngettext(
            "{n} error must be fixed before the period can be exported:",
            "{n} errors must be fixed before the period can be exported:",
            len(form.errors)).format(n=len(form.errors)) + "\n" + listing)


def export_period(session: Session, period: Period, out: Path, *, sealed: bool = False,
                  actor: str = "", secret: str | None = None) -> Exported:
    """Write the bundle, record it, mark the period submitted (in the caller's transaction)."""
    inst = require_installation(session)
    department = identity.sender_department(inst)
    office = identity.office_key(session)
    records = period_records(session, period, inst.department_code)
    _still_valid(session, period, inst.department_code)
    if not records:
        raise Refused(_("Nothing to export: no values entered for {period}.").format(
            period=period.id))
    keys = identity.load_keys(session, secret)
    anchor = make_anchor(session, "export", keys=keys, actor=actor)
    sequence = inst.next_sequence
    inst.next_sequence = sequence + 1
    fields = ManifestFields(
        kind="bundle", org_unit=inst.org_unit.name, department=department,
        role=identity.key_role(inst), recipient_fingerprint=office.fingerprint,
        catalog=catalog_ref(installed_rows(session)), periods=(period.id,), sequence=sequence)
    sealed_to = identity.sealing_public(office) if sealed else None
    path, built = write_bundle(out, fields, {"values.json": values_to_json(records),
                                             ANCHOR_ENTRY: anchor_payload(anchor)},
                               keys.signing, sealed_to)
    session.add(ExportedBundle(bundle_id=built.manifest.bundle_id, kind="bundle",
                               sequence=sequence, periods=json.dumps([period.id]),
                               file_sha256=built.sha256, path=str(path),
                               created_at=datetime.now()))
    append_audit(session, "bundle-exported", actor, bundle_id=built.manifest.bundle_id,
                 period=period.id, sequence=sequence, values=len(records), sealed=sealed)
    if inst.department_code:
        set_status(session, period, inst.department_code, ReportStatus.SUBMITTED, actor)
    return Exported(path, built.manifest.bundle_id, sequence, len(records), sealed,
                    office.fingerprint)

