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

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from chiso_desktop.bundle import (
    BundleRefused,
    CatalogRef,
    Reason,
    ValueRecord,
    VerifiedBundle,
    values_to_json,
)
from chiso_desktop.bundle.canonical import canonical_json
from chiso_desktop.bundle.keys import read_public_key_file
from chiso_desktop.catalog.installed import find_catalog, installed_rows
from chiso_desktop.catalog.model import CatalogKind
from chiso_desktop.entry.scope import FieldRef, Scope
from chiso_desktop.errors import Refused
from chiso_desktop.exchange import identity
from chiso_desktop.exchange.importer import ImportContext
from chiso_desktop.exchange.merge import Batch, merge_values
from chiso_desktop.i18n import _
from chiso_desktop.office.approval import LOCKED, Approval, approval_of
from chiso_desktop.office.signed import load_payload, write_signed
from chiso_desktop.periods.period import Period
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import TrustedKey as TrustedKeyRow
from chiso_desktop.store.installation import check_unit_code, require_installation
from chiso_desktop.store.models import DataValue, InstalledCatalog, OrgUnit, unit_name_key
from chiso_desktop.values.state import ValueState

CITY = "city"
PAYLOAD = "consolidation.json"


def city_key(session: Session) -> TrustedKeyRow:
    rows = identity.active_keys_of(session, CITY)
    if not rows:
        raise Refused(_("The city's key is not enrolled here. Enroll the key card the city sent "
                        "on the page \"Departments and keys\" (City key), then write the "
                        "consolidated bundle."),
                      cli_hint="chiso keys trust FILE --department city")
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


def consolidated_check(session: Session, period: Period) -> tuple[Approval, list[ValueRecord]]:
    """What must hold before the consolidated bundle is written (checked before any passphrase):
    an Office, a locked period, the city's key enrolled, and values to send."""
    inst = require_installation(session)
    if inst.role != "office":
        raise Refused(_("Only the Office writes a consolidated bundle."))
    approval = approval_of(session, period)
    if approval.status != LOCKED:
        raise Refused(_("Period {period} is not approved and locked; approve and lock it first "
                        "(\"Approve and outputs\" page).").format(period=period.id),
                      cli_hint=f"chiso finalize --period {period.id} --approver NAME "
                               "--position TEXT")
    city_key(session)
    code = inst.org_unit.admin_code
    if not code:
        raise Refused(_("The city knows each ward by its official code, and this installation "
                        "has none yet. Enter the official code of the ward or commune first, "
                        "then write the bundle again."))
    base = base_set_row(session)
    base_fields = _base_field_codes(session, base.catalog_id)
    records = [r for r in consolidated_records(session, period) if r.code in base_fields]
    if not records:
        raise Refused(_("Nothing to send: no values for {period}.").format(period=period.id))
    return approval, records


def write_consolidated(session: Session, period: Period, out: Path, *, actor: str = "",
                       secret: str | None = None) -> Path:
    """The Office-signed bundle of a locked period for the city (caller's transaction)."""
    inst = require_installation(session)
    approval, records = consolidated_check(session, period)
    code = inst.org_unit.admin_code
    base = base_set_row(session)
    meta = {"unit": inst.org_unit.name, "unit_code": code, "base_set": base.catalog_id,
            "period": period.id, "revision": approval.revision,
            "approver": approval.approver, "position": approval.position,
            "approved_on": approval.approved_on.isoformat(timespec="seconds")
            if approval.approved_on else "", "comment": approval.comment}
    path, _built = write_signed(
        session, kind="bundle", out=out,
        payloads={"values.json": values_to_json(records), PAYLOAD: canonical_json(meta)},
        periods=[period.id], recipient=city_key(session).fingerprint,
        counts={"values": len(records), "revision": approval.revision}, actor=actor,
        secret=secret, catalog=CatalogRef(base.catalog_id, base.version, base.content_hash))
    return path


def base_set_row(session: Session) -> InstalledCatalog:
    """The indicator set (not the plan) the ward reports against: what a city has installed.

    The plan stays at the ward; a consolidated bundle names the base set and
    carries its field codes, so the city needs no ward's plan.
    """
    rows = installed_rows(session)
    plan = next((r for r in rows if r.kind == CatalogKind.PLAN.value), None)
    if plan is not None:
        base_id = find_catalog(session, plan.catalog_id).base
        row = next((r for r in rows if r.catalog_id == base_id), None)
        if row is not None:
            return row
    sets = [r for r in rows if r.kind != CatalogKind.PLAN.value]
    if not sets:
        raise Refused(_("No indicator set is installed here."))
    return sets[0]


def _base_field_codes(session: Session, catalog_id: str) -> set[str]:
    return {f.code for ind in find_catalog(session, catalog_id).indicators for f in ind.fields}


# -- the city's side --------------------------------------------------------------------------


def same_name(a: str, b: str) -> bool:
    """Two unit names are the same name: NFC, case and spacing aside, every diacritic kept.

    "Xã Đông Hà" and "Xã Đồng Hà" are two names (two wards), never one slug.
    """
    return unit_name_key(a) == unit_name_key(b)


def enroll_ward(session: Session, card_data: bytes, actor: str = "") -> OrgUnit:
    """Trust a ward Office's key card (after the fingerprint check) as the key of its ward.

    A ward is its official code and its enrolled key. A card whose code, or
    whose name, is already a ward's with another active key is refused: the
    ward's key changes only through a rotation statement signed by the old key
    (which this also takes). Cards without a code (written before codes) are
    refused with what to do.
    """
    if identity.is_rotation(card_data):
        return _rotate_ward_key(session, card_data, actor)
    card = read_public_key_file(card_data)
    if card.role != "office":
        raise Refused(_("The key file is not an Office's key; a city enrolls ward Offices."))
    if not card.org_unit_code:
        raise Refused(_("The key file of {unit} carries no administrative unit code. Ask the "
                        "ward's Office to enter its code (mã đơn vị hành chính) and export its "
                        "key file again.").format(unit=card.org_unit))
    code = check_unit_code(card.org_unit_code)
    existing = session.execute(select(TrustedKeyRow).where(
        TrustedKeyRow.fingerprint == card.fingerprint)).scalar_one_or_none()
    by_code = session.execute(select(OrgUnit).where(OrgUnit.admin_code == code)
                              ).scalar_one_or_none()
    if existing is not None:
        if existing.revoked_at is not None:
            raise Refused(_("This key was revoked or replaced; it cannot be enrolled again."))
        if by_code is None or existing.org_unit_id != by_code.id:
            raise Refused(_("This key is already enrolled for another ward."))
        return by_code
    own = require_installation(session).org_unit_id
    if by_code is not None and by_code.id == own:
        raise Refused(_("The key file carries this installation's own code ({code}), not a "
                        "ward's. Ask the ward's Office to check the official code it entered "
                        "and export its key file again.").format(code=code))
    # A ward with this code, or this very name, that already has an active key: one indexed
    # query (admin_code, name_key), not a pass over every ward (a country has 3,321).
    other = session.execute(select(OrgUnit).where(
        OrgUnit.kind == "ward", OrgUnit.id != own,
        or_(OrgUnit.admin_code == code, OrgUnit.name_key == unit_name_key(card.org_unit)),
        exists().where(TrustedKeyRow.org_unit_id == OrgUnit.id,
                       TrustedKeyRow.revoked_at.is_(None)))
        .order_by(OrgUnit.id).limit(1)).scalar_one_or_none()
    if other is not None:
        raise Refused(_(
            "{unit} (code {code}) is already enrolled with another key. Nothing was "
            "changed. If the ward's Office has a new key, enroll the key replacement "
            "its old key signed; if this is another ward, check its name and code.")
            .format(unit=other.name, code=other.admin_code or "—"))
    unit = by_code
    if unit is None:
        unit = OrgUnit(code=code, admin_code=code, name=card.org_unit, kind="ward")
        session.add(unit)
        session.flush()
    session.add(TrustedKeyRow(
        role="office", org_unit=card.org_unit, department_code=card.department,
        fingerprint=card.fingerprint, public_key=identity.b64(card.public_key),
        sealing_key=identity.b64(card.sealing_public_key), enrolled_at=datetime.now(),
        org_unit_id=unit.id))
    session.flush()
    append_audit(session, "ward-enrolled", actor, org_unit=card.org_unit, unit_code=code,
                 fingerprint=card.fingerprint)
    return unit


def _rotate_ward_key(session: Session, statement: bytes, actor: str) -> OrgUnit:
    """A ward Office's new key, vouched for by its enrolled old key, replaces it."""
    from chiso_desktop.bundle.canonical import strict_loads
    from chiso_desktop.bundle.keys import verify_rotation_statement

    doc = strict_loads(statement)
    old_fp = doc.get("old_fingerprint") if isinstance(doc, dict) else None
    old = session.execute(select(TrustedKeyRow).where(
        TrustedKeyRow.fingerprint == str(old_fp))).scalar_one_or_none()
    if old is None or old.revoked_at is not None or old.org_unit_id is None:
        raise Refused(_("The key replacement is for a ward key that is not enrolled here."))
    rot = verify_rotation_statement(statement, identity.unb64(old.public_key))
    unit = session.get(OrgUnit, old.org_unit_id)
    assert unit is not None
    if session.execute(select(TrustedKeyRow).where(
            TrustedKeyRow.fingerprint == rot.new_fingerprint)).first() is not None:
        raise Refused(_("The new key of the replacement is already enrolled."))
    session.add(TrustedKeyRow(
        role="office", org_unit=unit.name, department_code=old.department_code,
        fingerprint=rot.new_fingerprint, public_key=identity.b64(rot.new_public_key),
        sealing_key=identity.b64(rot.new_sealing_public_key) if rot.new_sealing_public_key
        else "", enrolled_at=datetime.now(), org_unit_id=unit.id))
    old.revoked_at, old.replaced_by = datetime.now(), rot.new_fingerprint
    session.flush()
    append_audit(session, "ward-key-replaced", actor, org_unit=unit.name,
                 unit_code=unit.admin_code, old=old.fingerprint, new=rot.new_fingerprint)
    return unit


def ward_of_key(session: Session, fingerprint: str) -> OrgUnit:
    """The ward an enrolled key belongs to: the identity imports are attributed to."""
    row = session.execute(select(TrustedKeyRow).where(
        TrustedKeyRow.fingerprint == fingerprint)).scalar_one_or_none()
    unit = session.get(OrgUnit, row.org_unit_id) if row and row.org_unit_id else None
    if unit is None:
        raise BundleRefused(Reason.UNKNOWN_KEY, _(
            "The bundle's key is not enrolled for any ward here; enroll the ward's key file "
            "first."))
    return unit


def _wards_by_key(session: Session) -> dict[str, tuple[int, str]]:
    """Every enrolled key of a ward → (org unit id, name): what ``ward_of_key`` answers."""
    return {fp: (unit_id, name) for fp, unit_id, name in session.execute(
        select(TrustedKeyRow.fingerprint, OrgUnit.id, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == TrustedKeyRow.org_unit_id))}


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
    wards = ctx.cache.get("city-wards")
    if wards is None:  # enrollment does not change during an import: read it once
        wards = ctx.cache["city-wards"] = _wards_by_key(ctx.session)
    if m.sender.key_fingerprint not in wards:
        unit = ward_of_key(ctx.session, m.sender.key_fingerprint)  # refuses: not a ward's key
        wards[m.sender.key_fingerprint] = (unit.id, unit.name)
    unit_id, unit_name = wards[m.sender.key_fingerprint]
    meta = load_payload(verified.payloads, PAYLOAD) if PAYLOAD in verified.payloads else {}
    if meta.get("base_set", m.catalog.id) != m.catalog.id:
        raise BundleRefused(Reason.MANIFEST_INVALID, _(
            "The bundle's consolidation names another indicator set than its manifest."))
    revision = meta.get("revision")
    scope = ctx.cache.get("city-scope")
    if scope is None:
        scope = ctx.cache["city-scope"] = _without_departments(ctx.scope)
    # Each ward's bundle is its own batch (two wards never conflict); what the batch knows
    # of the fields is the same for all of them.
    checks: Batch = ctx.cache.setdefault("city-fields", Batch())
    batch = Batch(value_checks=checks.value_checks, catalog_of=checks.catalog_of,
                  assigned_to=checks.assigned_to)
    counts = merge_values(ctx.session, org_unit_id=unit_id, scope=scope,
                          manifest=m, records=verified.values or [], batch=batch,
                          cursor=ctx.cursor)
    result = counts.as_dict()
    if type(revision) is int:
        result["revision"] = revision
    ctx.audits.append(("consolidated-imported", dict(  # written with the import record
        org_unit=unit_name, bundle_id=m.bundle_id, periods=list(m.periods), revision=revision,
        approver=meta.get("approver", ""))))
    return result
