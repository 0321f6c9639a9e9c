"""The period's values as a DHIS2 ValueSet, through the mapping.

The Office (or a department) sends its own unit; a city sends every ward it
holds values for. Only mapped cells travel; "Không phát sinh" is skipped or
sent as a comment-only value, as the mapping says; "missing" never travels.
A period approved and locked gives the date of its completeDataSetRegistration.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.installed import find_catalog
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _
from chiso_desktop.office.approval import LOCKED, approval_of
from chiso_desktop.office.dhis2.mapping import COMMENT, Mapping, write_template
from chiso_desktop.office.dhis2.valueset import DhisValue, ValueSet
from chiso_desktop.periods.period import Period
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DataValue, OrgUnit


@dataclass(frozen=True)
class Built:
    value_set: ValueSet
    unmapped: int
    """Stored values of the period with no dataElement in the mapping."""
    skipped_not_applicable: int


def _units(session: Session) -> list[OrgUnit]:
    inst = require_installation(session)
    if inst.role != "city":
        return [inst.org_unit]
    return list(session.execute(select(OrgUnit).where(
        OrgUnit.id != inst.org_unit_id).order_by(OrgUnit.name)).scalars())


def build_value_set(session: Session, period: Period, mapping: Mapping) -> Built:
    if not mapping.data_set:
        raise Refused(_("The mapping names no dataSet; fill in the dataSet identifier on its "
                        "“dataset” sheet."))
    units = _units(session)
    rows = list(session.execute(select(DataValue).where(
        DataValue.period == period.id, DataValue.org_unit_id.in_([u.id for u in units]))
        .order_by(DataValue.id)).scalars())
    with_values = {r.org_unit_id for r in rows}
    org_of: dict[int, str] = {}
    unknown = []
    for u in units:
        if u.id not in with_values:
            continue
        unit_map = mapping.unit_for(u.code, u.name, u.admin_code)
        if unit_map is None:
            unknown.append(f"{u.code} ({u.name})")
        else:
            org_of[u.id] = unit_map.org_unit
    if unknown:
        raise Refused(_("These units have no DHIS2 orgUnit in the mapping: {units}. Add them "
                        "on its “orgUnits” sheet.").format(units=", ".join(unknown)))
    values: list[DhisValue] = []
    unmapped = skipped = 0
    for r in rows:
        m = mapping.by_cell.get((r.field_code, r.combo))
        if m is None:
            unmapped += r.state != "missing"
            continue
        if r.state == "value" and r.value is not None:
            values.append(DhisValue(org_of[r.org_unit_id], m.data_element,
                                    m.category_option_combo, r.value, r.note))
        elif r.state == "not-applicable":
            if mapping.not_applicable != COMMENT:
                skipped += 1
                continue
            comment = mapping.not_applicable_comment
            if r.note:
                comment = f"{comment}. {r.note}"
            values.append(DhisValue(org_of[r.org_unit_id], m.data_element,
                                    m.category_option_combo, "", comment))
    complete: dict[str, str] = {}
    approval = approval_of(session, period)
    if approval.status == LOCKED and approval.approved_on is not None:
        inst = require_installation(session)
        for unit_id, org in org_of.items():
            if inst.role != "city" or unit_id == inst.org_unit_id:
                complete[org] = approval.approved_on.date().isoformat()
    return Built(ValueSet(mapping.data_set, period.id, values, complete), unmapped, skipped)


def write_mapping_template(session: Session, catalog_id: str, out: Path) -> tuple[str, int]:
    """The mapping workbook of a catalog (default: the first this installation reports),
    listing this installation's units (a city: its wards); (catalog id, cells)."""
    catalog = find_catalog(session, catalog_id) if catalog_id else load_scope(session).catalogs[0]
    units = [(u.admin_code or u.code, u.name) for u in _units(session)]
    return catalog.id, write_template(catalog, units, out)
