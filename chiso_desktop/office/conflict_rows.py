"""What the conflict review shows: each open conflict with both sides and their provenance.

Read in one session into plain records, so the widgets never hold ORM rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.categories import cell_code
from chiso_desktop.catalog.model import Field
from chiso_desktop.entry.form import office_department_of
from chiso_desktop.entry.ops import current_value
from chiso_desktop.entry.scope import load_scope
from chiso_desktop.exchange.conflicts import list_conflicts
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import parse_period
from chiso_desktop.store.exchange_models import ImportedBundle
from chiso_desktop.store.installation import require_installation
from chiso_desktop.values.display import format_value


@dataclass(frozen=True)
class Side:
    """One side of a conflict: the value and where it came from."""

    text: str
    bundle_id: str
    department: str
    officer: str
    revision: int
    when: datetime | None
    source: str


@dataclass(frozen=True)
class ConflictRow:
    id: int
    code: str
    label: str
    indicator: str
    unit: str
    period: str
    period_label: str
    kind: str
    field: Field | None
    current: Side
    incoming: Side
    status: str
    reason: str
    owner: str = ""
    """The department the plan gives this item to (the Office's for unassigned ones)."""


def kind_text(kind: str, sender: str = "", owner: str = "") -> str:
    if kind == "not-assigned" and sender and owner:
        return _("Not assigned to {sender}: the plan gives this item to {owner}. Keep the "
                 "current value unless {owner} confirms the new one.").format(
            sender=sender, owner=owner)
    return {
        "local-change": _("The Office changed this value itself since the last import; the "
                          "department now sends another one."),
        "not-assigned": _("The sender is not the department the plan assigns this indicator "
                          "to."),
        "locked": _("The period is approved and locked; a value arrived afterwards."),
        "two-senders": _("Two departments sent different values for the same item."),
    }.get(kind, kind)


def source_text(source: str) -> str:
    return {"local": _("typed at the Office"), "bundle": _("from a bundle"),
            "resolution": _("conflict resolution")}.get(source, source)


def _show(state: str | None, value: str | None, field: Field | None, lang: str) -> str:
    if state in (None, "missing"):
        return "—"
    if field is None:
        return value or ""
    return format_value(value, field, lang, state=state) or "—"


def load_conflicts(session: Session, lang: str, *, include_resolved: bool = False
                   ) -> list[ConflictRow]:
    scope = load_scope(session)
    imported: dict[str, datetime] = {
        b: at for b, at in session.execute(
            select(ImportedBundle.bundle_id, ImportedBundle.imported_at))}
    office = office_department_of(require_installation(session))
    rows: list[ConflictRow] = []
    for c in list_conflicts(session, include_resolved=include_resolved):
        ref = scope.ref(c.field_code)
        field = ref.field if ref else None
        # A held breakdown cell is shown as CODE[combination], beside that cell's value.
        dv = current_value(session, c.org_unit_id, c.catalog_id, c.field_code, c.period,
                           c.combo)
        current = Side(_show(c.current_state, c.current_value, field, lang),
                       (dv.bundle_id or "") if dv else "", dv.department_code if dv else "",
                       dv.updated_by if dv else "", dv.revision if dv else 0,
                       dv.updated_at if dv else None, dv.source if dv else "")
        incoming = Side(_show(c.incoming_state, c.incoming_value, field, lang), c.bundle_id,
                        c.sender_department, c.officer, c.incoming_revision,
                        imported.get(c.bundle_id, c.created_at), "bundle")
        try:
            period_label = parse_period(c.period).label(lang)
        except ValueError:
            period_label = c.period
        rows.append(ConflictRow(
            c.id, cell_code(c.field_code, c.combo), field.label if field else c.field_code,
            ref.indicator.name if ref else "", field.unit if field else "", c.period,
            period_label, c.kind, field, current, incoming, c.status, c.reason,
            scope.owner(ref.indicator, office) if ref else ""))
    return rows
