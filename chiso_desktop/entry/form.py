"""The state of a department's form for one period: values, computed items,
validation issues, and the draft → ready → submitted status.

The GUI grid, ``chiso values list``, exports and reports all read this one
structure, so a computed item shows the same everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.categories import (
    DEFAULT_COMBO,
    cell_code,
    field_combos,
    parts_overlap,
    split_cell,
    total_entered,
)
from chiso_desktop.catalog.model import Catalog, Field, Indicator
from chiso_desktop.entry.history_context import StoredValues, load_values, series_many
from chiso_desktop.entry.ops import department_status
from chiso_desktop.entry.scope import OFFICE_DEPARTMENT, Scope, load_scope
from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _, ngettext
from chiso_desktop.periods.period import Period
from chiso_desktop.store.chain import append_audit
from chiso_desktop.store.exchange_models import ExportedBundle
from chiso_desktop.store.installation import require_installation
from chiso_desktop.store.models import DataValue, Installation, PeriodStatus
from chiso_desktop.values.display import format_computed, format_value
from chiso_desktop.values.formula import CannotCompute, evaluate_fields
from chiso_desktop.values.state import ApprovalStatus, ReportStatus
from chiso_desktop.values.totals import sum_parts, total_mismatch
from chiso_desktop.values.validate import Issue, validate_values

RULE_TOTAL = "total"


@dataclass
class Part:
    """One cell of a disaggregated field's breakdown (an option combination)."""

    combo: str
    label: str
    state: str
    value: str | None
    display: str
    note: str = ""


@dataclass
class Row:
    catalog_id: str
    indicator: Indicator
    field: Field
    state: str  # value | not-applicable | missing | error
    value: str | None
    display: str
    note: str = ""
    reason: str = ""
    """Why a computed item cannot be computed."""
    revision: int = 0
    source: str = ""
    updated_by: str = ""
    updated_at: datetime | None = None
    issues: list[Issue] = dataclass_field(default_factory=list)
    parts: list[Part] = dataclass_field(default_factory=list)
    """The breakdown of a disaggregated field, in catalog order (empty otherwise)."""
    summed: bool = False
    """The total is the sum of ``parts``: computed, not typed."""
    combo: str = DEFAULT_COMBO
    """A breakdown cell's own row (``part_row``): its option combination."""
    owner: str = ""
    """The department that reports this row (plan assignment, else the Office)."""
    read_only: bool = False
    """Another department's row, shown by "Show all" for reference only."""

    @property
    def code(self) -> str:
        return self.field.code

    @property
    def label(self) -> str:
        return self.field.label

    @property
    def unit(self) -> str:
        return self.field.unit

    @property
    def computed(self) -> bool:
        return self.field.computed or self.summed

    @property
    def heading(self) -> bool:
        """A section heading: shown, never entered nor counted."""
        return self.field.heading


def part_row(row: Row, part: Part) -> Row:
    """A breakdown cell as a row of its own, coded ``CODE[combination]``.

    The entry grid edits, pastes, clears and undoes it like any row: the core
    reads the cell code back into field and combination (``entry.ops``).
    """
    f = replace(row.field, code=cell_code(row.field.code, part.combo), label=part.label,
                number="", categories=(), total="", parent=row.field.code)
    return Row(row.catalog_id, row.indicator, f, part.state, part.value, part.display,
               note=part.note, combo=part.combo)


@dataclass
class FormState:
    period: Period
    department: str
    status: ReportStatus
    rows: list[Row]
    changed_since_sent: bool = False
    """Submitted, and a value changed after the last bundle of the period: send again."""

    @property
    def issues(self) -> list[Issue]:
        """Issues of the rows this department reports (not of rows shown for reference)."""
        return [i for r in self.rows if not r.read_only for i in r.issues]

    @property
    def own_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.read_only]

    @property
    def missing_inputs(self) -> list[Row]:
        """Entered (not computed) items of this department that hold nothing yet; a summed
        total counts as entered (its parts are), missing until every part is given."""
        return [r for r in self.own_rows
                if (not r.computed or (r.summed and not r.field.computed))
                and not r.heading and r.state == "missing"]

    @property
    def unexplained_warnings(self) -> list[Issue]:
        """Warnings whose value has no note: a note must explain each before sending."""
        notes = {r.code for r in self.own_rows if r.note}
        return [i for i in self.warnings if i.code not in notes]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    def row(self, code: str) -> Row | None:
        """A field's row, or a breakdown cell's row for ``CODE[combination]``."""
        found = next((r for r in self.rows if r.code == code), None)
        if found is None and code.endswith("]"):
            field_code, combo = split_cell(code)
            whole = next((r for r in self.rows if r.code == field_code), None)
            part = next((p for p in whole.parts if p.combo == combo), None) if whole else None
            return part_row(whole, part) if whole is not None and part is not None else None
        return found


def office_department_of(inst: Installation) -> str:
    """Whose the indicators no plan assigns are, seen from this installation."""
    if inst.role == "office" and inst.department_code:
        return inst.department_code
    return OFFICE_DEPARTMENT


def load_form(session: Session, period: Period, department: str = "", lang: str = "vi",
              scope: Scope | None = None, with_outliers: bool = True,
              show_all: bool = False) -> FormState:
    """The form of ``department`` (every indicator when empty) for ``period``.

    A department's form holds only what it reports: its plan indicators, and
    for the Office's own department also those no plan assigns. ``show_all``
    adds everyone else's rows, marked ``read_only`` with their ``owner``.
    """
    inst = require_installation(session)
    scope = scope or load_scope(session)
    if not department and inst.role == "department":
        department = inst.department_code
    if department:
        pairs, others = scope.split_by_owner(department, period, office_department_of(inst))
    else:
        pairs, others = scope.indicators("", period), []
    foreign = {(c.id, i.code) for c, i in others} if show_all else set()
    if show_all:
        order = {(c.id, i.code): n for n, (c, i) in enumerate(scope.indicators("", period))}
        pairs = sorted(pairs + others, key=lambda p: order[(p[0].id, p[1].code)])
    codes = {f.code for _c, ind in pairs for f in ind.fields}
    values = load_values(session, inst.org_unit_id, period, codes)
    details = {
        r.field_code: r for r in session.execute(select(DataValue).where(
            DataValue.org_unit_id == inst.org_unit_id, DataValue.period == period.id,
            DataValue.combo == DEFAULT_COMBO, DataValue.field_code.in_(codes))).scalars()
    }
    parts = _stored_parts(session, inst.org_unit_id, period, codes)
    ctx = StoredValues(values, period)
    past = series_many(session, inst.org_unit_id, codes, period) if with_outliers else {}
    rows: list[Row] = []
    for cat, ind in pairs:
        results = evaluate_fields(ind.fields, ctx)
        current: dict[str, Decimal | str | None] = {}
        states: dict[str, str] = {}
        for f in ind.fields:
            d = details.get(f.code)
            if f.computed:
                res = results.get(f.code)
                if isinstance(res, CannotCompute) or res is None:
                    reason = res.reason if isinstance(res, CannotCompute) else ""
                    row = Row(cat.id, ind, f, "error", None, "", reason=reason)
                    states[f.code] = "error"
                    current[f.code] = None
                else:
                    row = Row(cat.id, ind, f, "value", _canonical(res),
                              format_computed(res, f, lang))
                    states[f.code] = "value"
                    current[f.code] = res
            else:
                st, val = (d.state, d.value) if d else ("missing", None)
                row = Row(cat.id, ind, f, st, val, format_value(val, f, lang, state=st))
                states[f.code] = st
                current[f.code] = Decimal(val) if st == "value" and val is not None and \
                    f.type.value not in ("text", "choice") else val
            if d is not None:
                row.note, row.revision, row.source = d.note, d.revision, d.source
                row.updated_by, row.updated_at = d.updated_by, d.updated_at
            if f.disaggregated:
                _fill_parts(row, cat, parts.get(f.code, {}), lang)
            row.owner = scope.owner(ind, office_department_of(inst))
            row.read_only = (cat.id, ind.code) in foreign
            rows.append(row)
        history = {f.code: past[f.code] for f in ind.fields
                   if f.code in past and states.get(f.code) == "value" and not f.computed}
        issues = validate_values(ind.fields, current, states, history, lang=lang)
        by_code = {r.code: r for r in rows[-len(ind.fields):]}
        for issue in issues:
            target = by_code.get(issue.code)
            if target is not None:
                target.issues.append(issue)
    status = department_status(session, inst, department or inst.department_code, period.id)
    changed = status == ReportStatus.SUBMITTED and changed_since_sent(
        session, inst.org_unit_id, period, list(details_codes(rows)))
    return FormState(period, department, status, rows, changed)


def details_codes(rows: list[Row]) -> set[str]:
    """The entered fields of a form (computed items follow from them)."""
    return {r.code for r in rows if not r.computed and not r.heading}


def changed_since_sent(session: Session, org_unit_id: int, period: Period,
                       codes: list[str]) -> bool:
    """True when one of ``codes`` changed in ``period`` after the period's last bundle."""
    sent = [b.created_at for b in session.execute(select(ExportedBundle).where(
        ExportedBundle.kind == "bundle")).scalars() if period.id in json.loads(b.periods)]
    if not sent:
        return False
    later = session.execute(select(DataValue.id).where(
        DataValue.org_unit_id == org_unit_id, DataValue.period == period.id,
        DataValue.field_code.in_(codes), DataValue.updated_at > max(sent)).limit(1)).first()
    return later is not None


def send_again_label() -> str:
    return _("Changed since sent: send again")


def _stored_parts(session: Session, org_unit_id: int, period: Period, codes: set[str]
                  ) -> dict[str, dict[str, DataValue]]:
    out: dict[str, dict[str, DataValue]] = {}
    for r in session.execute(select(DataValue).where(
            DataValue.org_unit_id == org_unit_id, DataValue.period == period.id,
            DataValue.combo != DEFAULT_COMBO, DataValue.field_code.in_(codes))).scalars():
        out.setdefault(r.field_code, {})[r.combo] = r
    return out


def _fill_parts(row: Row, catalog: Catalog, stored: dict[str, DataValue], lang: str) -> None:
    """The breakdown cells, and the check of an entered total against them."""
    f = row.field
    cells: dict[str, tuple[str, str | None]] = {}
    for combo in field_combos(catalog, f):
        d = stored.get(combo.code)
        st, val = (d.state, d.value) if d else ("missing", None)
        cells[combo.code] = (st, val)
        row.parts.append(Part(combo.code, combo.label, st, val,
                              format_value(val, f, lang, state=st), d.note if d else ""))
    if not row.parts:
        return
    if not total_entered(f):
        row.summed = True
        if row.state != "value":
            row.reason = _("waiting for every part of the breakdown")
        return
    overlapping = parts_overlap(f)
    mismatch = total_mismatch((row.state, row.value), sum_parts(cells, list(cells)), overlapping)
    if mismatch is not None:
        row.issues.append(total_issue(f, mismatch, row.display, overlapping, lang))


def total_issue(f: Field, mismatch: Decimal, total_display: str, overlapping: bool,
                lang: str) -> Issue:
    """The error of an entered total its parts contradict (``total_mismatch``'s finding)."""
    if overlapping:
        return Issue(f.code, "error", RULE_TOTAL, _(
            "{field}: a part of the breakdown ({part}) is larger than the total {total}; "
            "correct the total or the breakdown.").format(
            field=f"{f.code} {f.label}", part=format_value(mismatch, f, lang),
            total=total_display or "—"))
    return Issue(f.code, "error", RULE_TOTAL, _(
        "{field}: the breakdown adds up to {parts}, but the total is {total}; correct "
        "the total or the breakdown.").format(
        field=f"{f.code} {f.label}", parts=format_value(mismatch, f, lang),
        total=total_display or "—"))


def _canonical(value: Decimal) -> str:
    text = format(value.quantize(Decimal("0.0001")).normalize(), "f")
    return text


def status_label(status: str) -> str:
    """The period status as users read it (draft → ready → submitted → received)."""
    labels: dict[str, str] = {
        ReportStatus.DRAFT: _("Draft"),
        ReportStatus.READY: _("Ready"),
        ReportStatus.SUBMITTED: _("Submitted"),
        ReportStatus.RECEIVED: _("Received"),
        ApprovalStatus.COMPLETE: _("Complete, awaiting approval"),
        ApprovalStatus.LOCKED: _("Approved and locked"),
        ApprovalStatus.REOPENED: _("Reopened for corrections"),
    }
    return labels.get(status, status)


def set_status(session: Session, period: Period, department: str, status: ReportStatus,
               actor: str) -> None:
    inst = require_installation(session)
    row = session.execute(select(PeriodStatus).where(
        PeriodStatus.org_unit_id == inst.org_unit_id, PeriodStatus.department_code == department,
        PeriodStatus.period == period.id)).scalar_one_or_none()
    now = datetime.now()
    if row is None:
        row = PeriodStatus(org_unit_id=inst.org_unit_id, department_code=department,
                           period=period.id, status=status, changed_at=now, changed_by=actor)
        session.add(row)
    else:
        row.status, row.changed_at, row.changed_by = status, now, actor
    if status == ReportStatus.SUBMITTED:
        row.submitted_on = now
    append_audit(session, f"period-{status}", actor, period=period.id, department=department)


def mark_ready(session: Session, period: Period, department: str, actor: str,
               lang: str = "vi") -> FormState:
    """Draft → ready; refused while errors remain or warnings lack a note."""
    form = load_form(session, period, department, lang)
    if form.errors:
        listing = "\n".join(f"  {i.code}: {i.message}" for i in form.errors)
        raise Refused(ngettext("{n} error must be fixed before the period can be marked ready:",
                               "{n} errors must be fixed before the period can be marked "
                               "ready:", len(form.errors)).format(n=len(form.errors)) + "\n" + listing)
    unexplained = [i for i in form.warnings if not ((row := form.row(i.code)) and row.note)]
    if unexplained:
        listing = "\n".join(f"  {i.code}: {i.message}" for i in unexplained)
        raise Refused(_("Add a note to each warned value before marking ready:") + "\n" + listing)
    set_status(session, period, department or form.department, ReportStatus.READY, actor)
    form.status = ReportStatus.READY
    return form
