"""The ward's consolidated bundle for the level above, and importing it at the city.

The Office signs the locked period's values of every department as one bundle
(kind ``bundle``, sender role ``office``), addressed to the city's enrolled
key (department code ``city``). It carries ``values.json`` like any bundle and
``consolidation.json`` (revision, approver, position, approval date), so the
city knows which approved revision it holds.

A city installation (role ``city``) enrolls each ward Office's key with
:func:`enroll_ward` (one org unit per ward) and imports their bundles through
the importer; the "bundle" handler in :mod:`office.handlers`' table
sends them here. Values are stored under the ward's org unit and merged with
the exchange's merge (history, conflicts), with the plan's departments set
aside: at the city the sender is the ward, not a department.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.bundle import BundleRefused, Reason, ValueRecord, VerifiedBundle, values_to_json
from chiso_desktop.bundle.canonical import canonical_json
from chiso_desktop.bundle.keys import read_public_key_file
from chiso_desktop.entry.scope import FieldRef, Scope
from chiso_desktop.errors import Refused
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.importer import ImportContext
from chiso_desktop.exchange.merge import Batch, merge_values
from chiso_desktop.i18n import _
from chiso_desktop.office.approval import LOCKED, approval_of
from chiso_desktop.office.signed import load_payload, write_signed
from chiso_desktop.periods.period import Period
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import TrustedKey as TrustedKeyRow
from chiso_desktop.store.installation import require_installation, slug
from chiso_desktop.store.models import DataValue, OrgUnit
from chiso_desktop.values.state import ValueState

CITY = "city"
PAYLOAD = "consolidation.json"


def city_key(session: Session) -> TrustedKeyRow:
    rows = identity.active_keys_of(session, CITY)
    if not rows:
        raise Refused(_("No city key is enrolled here; enroll the city's key file with: "
                        "chiso keys trust FILE --department city"))
    return rows[-1]


def consolidated_records(session: Session, period: Period) -> list[ValueRecord]:
    """Every entered value of the period, all departments, in code order."""
    inst = require_installation(session)
    rows = session.execute(select(DataValue).where(
        DataValue.org_unit_id == inst.org_unit_id, DataValue.period == period.id)
        .order_by(DataValue.field_code, DataValue.combo)).scalars()
    return [ValueRecord(code=r.field_code, period=r.period, state=r.state,
                        value=r.value if r.state == ValueState.VALUE else None, note=r.note,
                        revision=r.revision, officer=r.updated_by, combo=r.combo)
            for r in rows if r.state != ValueState.MISSING or r.note]


def write_consolidated(session: Session, period: Period, out: Path, *, actor: str = "",
                       secret: str | None = None) -> Path:
    """The Office-signed bundle of a locked period for the city (caller's transaction)."""
    inst = require_installation(session)
    if inst.role != "office":
        raise Refused(_("Only the Office writes a consolidated bundle."))
    approval = approval_of(session, period)
    if approval.status != LOCKED:
        raise Refused(_("Period {period} is not approved and locked; finalize it first with: "
                        "chiso finalize --period {period} --approver NAME --position TEXT")
                      .format(period=period.id))
    records = consolidated_records(session, period)
    if not records:
        raise Refused(_("Nothing to send: no values for {period}.").format(period=period.id))
    meta = {"unit": inst.org_unit.name, "period": period.id, "revision": approval.revision,
            "approver": approval.approver, "position": approval.position,
            "approved_on": approval.approved_on.isoformat(timespec="seconds")
            if approval.approved_on else "", "comment": approval.comment}
    path, _built = write_signed(
        session, kind="bundle", out=out,
        payloads={"values.json": values_to_json(records), PAYLOAD: canonical_json(meta)},
        periods=[period.id], recipient=city_key(session).fingerprint,
        counts={"values": len(records), "revision": approval.revision}, actor=actor,
        secret=secret)
    return path


# -- the city's side --------------------------------------------------------------------------


def enroll_ward(session: Session, card_data: bytes, actor: str = "") -> OrgUnit:
    """Trust a ward Office's key card and create the ward's org unit (after the fingerprint check).

    Unlike department enrollment, many wards share the department code their
    Office signs with, so keys are told apart by ward, not by department.
    """
    card = read_public_key_file(card_data)
    if card.role != "office":
        raise Refused(_("The key file is not an Office's key; a city enrolls ward Offices."))
    existing = session.execute(select(TrustedKeyRow).where(
        TrustedKeyRow.fingerprint == card.fingerprint)).scalar_one_or_none()
    if existing is None:
        session.add(TrustedKeyRow(
            role="office", org_unit=card.org_unit, department_code=card.department,
            fingerprint=card.fingerprint, public_key=identity.b64(card.public_key),
            sealing_key=identity.b64(card.sealing_public_key), enrolled_at=datetime.now()))
    unit = ward_unit(session, card.org_unit)
    append_audit(session, "ward-enrolled", actor, org_unit=card.org_unit,
                 fingerprint=card.fingerprint)
    return unit


def ward_unit(session: Session, name: str) -> OrgUnit:
    code = slug(name)
    unit = session.execute(select(OrgUnit).where(OrgUnit.code == code)).scalar_one_or_none()
    if unit is None:
        unit = OrgUnit(code=code, name=name, kind="ward")
        session.add(unit)
        session.flush()
    return unit


def _without_departments(scope: Scope) -> Scope:
    """At the city the sender is a ward's Office, whatever department reported a value."""
    index = {code: FieldRef(ref.catalog, replace(ref.indicator, department=""), ref.field)
             for code, ref in scope.index.items()}
    return Scope(scope.catalogs, scope.plan, index)


def import_consolidated(ctx: ImportContext, verified: VerifiedBundle) -> dict[str, int]:
    """Store a ward's consolidated bundle under the ward's org unit."""
    m = verified.manifest
    if m.sender.role != "office":
        raise BundleRefused(Reason.WRONG_KIND, _("A city imports the consolidated bundles of "
                                                 "ward Offices, not department bundles."))
    trusted = ctx.session.execute(select(TrustedKeyRow).where(
        TrustedKeyRow.fingerprint == m.sender.key_fingerprint)).scalar_one()
    unit = ward_unit(ctx.session, trusted.org_unit or m.sender.org_unit)
    meta = load_payload(verified.payloads, PAYLOAD) if PAYLOAD in verified.payloads else {}
    revision = meta.get("revision")
    counts = merge_values(ctx.session, org_unit_id=unit.id, scope=_without_departments(ctx.scope),
                          manifest=m, records=verified.values or [], batch=Batch())
    result = counts.as_dict()
    if type(revision) is int:
        result["revision"] = revision
    append_audit(ctx.session, "consolidated-imported", ctx.actor, org_unit=unit.name,
                 bundle_id=m.bundle_id, periods=list(m.periods), revision=revision,
                 approver=meta.get("approver", ""))
    return result
