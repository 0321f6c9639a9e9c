"""A dataValueSet as a source of values: mapped back, checked like a bundle, then stored.

The checks are those every bundle gets (``exchange.merge.check_record``: the
field exists and is entered, the number or choice has the field's shape, the
combination exists; ``check_totals``), plus the field's bounds. One bad value
refuses the whole file and nothing is written. A value that differs from one
that came from elsewhere (a ward's bundle, a local entry) is held as a
conflict for review, never overwritten.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.bundle import BundleRefused, ValueRecord
from chiso_desktop.entry.ops import locked_by
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.entry.write import ValueBatch
from chiso_desktop.errors import Refused
from chiso_desktop.exchange.merge import check_record, check_totals
from chiso_desktop.i18n import _
from chiso_desktop.office.dhis2.mapping import DEFAULT_COC, Mapping
from chiso_desktop.office.dhis2.valueset import from_json
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import Conflict
from chiso_desktop.store.installation import require_installation, slug
from chiso_desktop.store.models import OrgUnit
from chiso_desktop.values.parse import ValueRefused, check_bounds

SOURCE = "dhis2"
ACTOR = "DHIS2"


@dataclass(frozen=True)
class Dhis2Import:
    period: str
    new: int
    changed: int
    unchanged: int
    conflicts: int
    unmapped: int
    units: tuple[str, ...]


def _unit(session: Session, mapping: Mapping, org_unit: str, role: str,
          own: OrgUnit) -> OrgUnit:
    m = mapping.by_org_unit.get(org_unit)
    if m is None:
        raise Refused(_("The dataValueSet names orgUnit {org}, which the mapping does not "
                        "list; add it on the mapping's “orgUnits” sheet.").format(org=org_unit))
    if m.unit in (own.code, own.name) or (own.admin_code and m.unit == own.admin_code):
        return own
    if role != "city":
        raise Refused(_("orgUnit {org} is another unit ({unit}); only a city installation "
                        "takes other units' values.").format(org=org_unit, unit=m.unit))
    unit = session.execute(select(OrgUnit).where(
        (OrgUnit.admin_code == m.unit) | (OrgUnit.code == m.unit) | (OrgUnit.name == m.unit))
    ).scalars().first()
    if unit is None:
        unit = OrgUnit(code=slug(m.unit) if " " in m.unit else m.unit, name=m.name or m.unit,
                       kind="ward")
        session.add(unit)
        session.flush()
    return unit


def import_value_set(session: Session, data: bytes, mapping: Mapping, *, lang: str,
                     now: datetime | None = None) -> Dhis2Import:
    """All or nothing, in the caller's transaction."""
    now = now or datetime.now()
    inst = require_installation(session)
    scope = load_scope(session)
    vs = from_json(data, DEFAULT_COC)
    if mapping.data_set and vs.data_set and vs.data_set != mapping.data_set:
        raise Refused(_("The dataValueSet is for dataSet {theirs}, the mapping for {ours}."
                        ).format(theirs=vs.data_set, ours=mapping.data_set))
    by_unit: dict[int, tuple[OrgUnit, list[ValueRecord]]] = {}
    unmapped = 0
    problems: list[str] = []
    for v in vs.values:
        m = mapping.by_element.get((v.data_element, v.category_option_combo))
        if m is None:
            unmapped += 1
            continue
        unit = _unit(session, mapping, v.org_unit, inst.role, inst.org_unit)
        if v.value == "":
            marker = mapping.not_applicable_comment
            if not v.comment.startswith(marker):
                unmapped += 1  # a comment alone says nothing we can store
                continue
            note = v.comment[len(marker):].lstrip(". ").strip()
            rec = ValueRecord(m.field, vs.period, "not-applicable", None, note, 0, ACTOR,
                              m.combo)
        else:
            rec = ValueRecord(m.field, vs.period, "value", v.value, v.comment, 0, ACTOR, m.combo)
        try:
            ref = check_record(rec, scope.ref(rec.code))
            if rec.value is not None and ref.field.type.value not in ("text", "choice"):
                check_bounds(Decimal(rec.value), ref.field, lang)
        except (BundleRefused, ValueRefused) as exc:
            problems.append(str(exc))
            continue
        by_unit.setdefault(unit.id, (unit, []))[1].append(rec)
    if problems:
        raise Refused("\n".join(problems[:50]))
    digest = hashlib.sha256(data).hexdigest()[:32]
    new = changed = unchanged = held = 0
    for unit, records in by_unit.values():
        refs = [check_record(r, scope.ref(r.code)) for r in records]
        try:
            check_totals(records, refs)
        except BundleRefused as exc:
            raise Refused(str(exc)) from exc
        lock = locked_by(session, unit.id, vs.period)
        if lock == vs.period:
            raise Refused(_("Period {period} of {unit} is locked; reopen it first.").format(
                period=vs.period, unit=unit.name))
        if lock is not None:  # a day or a week inside a locked month
            raise Refused(_("{period} of {unit} lies in {month}, which is locked; reopen "
                            "{month} first.").format(period=vs.period, unit=unit.name,
                                                     month=lock))
        # One batch per unit (``entry.write``): its current values read in one query, its
        # values and their chained history written at once.
        batch = ValueBatch(session, unit.id, {r.code for r in records},
                           {r.period for r in records}, now=now)
        for rec, ref in zip(records, refs, strict=True):
            slot = (ref.catalog.id, rec.code, rec.combo, rec.period)
            cur = batch.stored(slot)
            if cur is not None and (cur.state, cur.value, cur.note) == (rec.state, rec.value,
                                                                         rec.note):
                unchanged += 1
                continue
            if cur is not None and cur.source != SOURCE:
                session.add(Conflict(
                    org_unit_id=unit.id, catalog_id=ref.catalog.id, field_code=rec.code,
                    combo=rec.combo, period=rec.period, kind=SOURCE, current_state=cur.state,
                    current_value=cur.value, incoming_state=rec.state,
                    incoming_value=rec.value, incoming_note=rec.note, incoming_revision=0,
                    bundle_id=f"dhis2-{digest}", sender_department=ACTOR,
                    sender_fingerprint="", officer=ACTOR, status="open", resolution="",
                    reason="", created_at=now, resolved_at=None, resolved_by=""))
                held += 1
                continue
            batch.put(slot, rec.state, rec.value, rec.note, actor=ACTOR, source=SOURCE,
                      department=ref.indicator.department, bundle_id=f"dhis2-{digest}")
            if cur is None:
                new += 1
            else:
                changed += 1
        batch.write()
    names = tuple(u.name for u, _r in by_unit.values())
    append_audit(session, "dhis2-imported", ACTOR, period=vs.period, sha256=digest,
                 new=new, changed=changed, conflicts=held, units=list(names))
    session.flush()
    return Dhis2Import(vs.period, new, changed, unchanged, held, unmapped, names)
