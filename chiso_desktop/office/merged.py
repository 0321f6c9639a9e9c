"""The merged view: every indicator due in a period × its department, one cell per field.

This is what the Office reviews (and the GUI shows): the value and its state,
where it came from (local entry, a bundle — which one, from whom, revision — or
a conflict resolution), the validation result, the deadline status of the
department's delivery, and whether the cell is questioned or in conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.categories import cell_code
from chiso_desktop.catalog.model import Field, Indicator
from chiso_desktop.entry.form import Part, load_form
from chiso_desktop.entry.ops import value_history
from chiso_desktop.office.plan import load_plan
from chiso_desktop.office.received import received_times
from chiso_desktop.periods.deadlines import Timeliness
from chiso_desktop.periods.period import Period
from chiso_desktop.store.exchange_models import Conflict, CorrectionRequest
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DEFAULT_COMBO, DataValue, ValueHistory
from chiso_desktop.values.state import ValueState
from chiso_desktop.values.validate import Issue

STATUSES = ("value", "not-applicable", "missing", "error", "questioned", "conflict", "invalid")


@dataclass
class MergedCell:
    period: str
    catalog_id: str
    indicator: Indicator
    field: Field
    department: str
    state: str
    """value | not-applicable | missing | error (a computed item that cannot be computed)."""
    value: str | None
    display: str
    note: str = ""
    revision: int = 0
    source: str = ""
    """local | bundle | resolution; empty when nothing was ever received."""
    bundle_id: str | None = None
    sender_fingerprint: str | None = None
    updated_by: str = ""
    updated_at: datetime | None = None
    received_at: datetime | None = None
    deadline: Timeliness = Timeliness.PENDING
    issues: list[Issue] = dataclass_field(default_factory=list)
    questioned: bool = False
    conflict: bool = False
    parts: list[Part] = dataclass_field(default_factory=list)
    """The breakdown of a disaggregated field (the cell itself is the total)."""
    combo: str = DEFAULT_COMBO
    """A breakdown cell (``part_cells``): its option combination; ``default`` is a field's cell."""
    part_label: str = ""
    """A breakdown cell: its options' labels ("Nam", "Công lập, Nữ")."""

    @property
    def code(self) -> str:
        """``B.4.1``; a breakdown cell ``B.4.1[apatit]``, as history and the IOC spell it."""
        return cell_code(self.field.code, self.combo)

    @property
    def is_part(self) -> bool:
        return self.combo != DEFAULT_COMBO

    @property
    def group(self) -> str:
        return self.indicator.group

    @property
    def computed(self) -> bool:
        return self.field.computed

    @property
    def valid(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)

    def has_status(self, status: str) -> bool:
        if status == "questioned":
            return self.questioned
        if status == "conflict":
            return self.conflict
        if status == "invalid":
            return not self.valid
        return self.state == status


def part_cells(cell: MergedCell) -> list[MergedCell]:
    """The breakdown of a disaggregated field's cell as cells of their own, in catalog order.

    Each keeps its field's department, provenance, deadline and review flags (the
    parts travel with their total); its own value, state and note.
    """
    return [replace(cell, state=p.state, value=p.value, display=p.display, note=p.note,
                    parts=[], issues=[], combo=p.combo, part_label=p.label)
            for p in cell.parts]


def with_breakdowns(cells: list[MergedCell]) -> list[MergedCell]:
    """Each cell followed by its breakdown cells (what "Show breakdowns" lists)."""
    return [c for cell in cells for c in (cell, *part_cells(cell))]


def _in_group(group: str, wanted: str) -> bool:
    return group == wanted or group.startswith(wanted + ".")


def _received(period: Period, at: datetime | None) -> date | None:
    """When a value arrived, as timeliness judges it: to the minute for an hour."""
    if at is None:
        return None
    return at if period.hour is not None else at.date()


def merged_view(session: Session, period: Period, *, department: str = "", group: str = "",
                status: str = "", lang: str = "vi", today: date | None = None,
                with_outliers: bool = False, breakdowns: bool = False) -> list[MergedCell]:
    """Cells of ``period`` in catalog order, filtered by department, group and status.

    With ``breakdowns`` each disaggregated field's cell is followed by its parts
    (filters apply to the field's cell; its parts follow it).
    """
    inst = require_installation(session)
    scope, rules, own = load_plan(session)
    today = today or date.today()
    form = load_form(session, period, "", lang, scope=scope, with_outliers=with_outliers)
    details = {r.field_code: r for r in session.execute(select(DataValue).where(
        DataValue.org_unit_id == inst.org_unit_id, DataValue.period == period.id,
        DataValue.combo == DEFAULT_COMBO)).scalars()}
    received = received_times(session, inst.org_unit_id, period.id)
    questioned = set(session.execute(select(CorrectionRequest.field_code).where(
        CorrectionRequest.direction == "sent", CorrectionRequest.period == period.id,
        CorrectionRequest.status == "open")).scalars())
    conflicts = set(session.execute(select(Conflict.field_code).where(
        Conflict.org_unit_id == inst.org_unit_id, Conflict.period == period.id,
        Conflict.status == "open")).scalars())
    cells: list[MergedCell] = []
    for row in form.rows:
        if row.heading:
            continue  # a section title of a form: no value, no status, nothing to chase
        dept = row.indicator.department or own
        if department and dept != department:
            continue
        if group and not _in_group(row.indicator.group, group):
            continue
        d = details.get(row.code)
        at = received.get(row.code)
        cell = MergedCell(
            period=period.id, catalog_id=row.catalog_id, indicator=row.indicator,
            field=row.field, department=dept, state=row.state, value=row.value,
            display=row.display, note=row.note, revision=row.revision, source=row.source,
            bundle_id=d.bundle_id if d else None,
            sender_fingerprint=d.sender_fingerprint if d else None,
            updated_by=row.updated_by, updated_at=row.updated_at, received_at=at,
            deadline=rules.timeliness(period, _received(period, at), today),
            issues=list(row.issues), questioned=row.code in questioned,
            conflict=row.code in conflicts, parts=list(row.parts),
        )
        if row.computed:
            cell.deadline = Timeliness.ON_TIME if row.state == ValueState.VALUE else cell.deadline
        if status and not cell.has_status(status):
            continue
        cells.append(cell)
    return with_breakdowns(cells) if breakdowns else cells


def cell_history(session: Session, code: str, period: Period) -> list[ValueHistory]:
    """Every change of one cell, oldest first (who, when, old → new, why, which bundle)."""
    return value_history(session, code, period.id)
