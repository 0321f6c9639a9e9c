"""The rows of a final output (IOC workbook, CSV): cells of the merged view, by group.

Shared by the Excel and CSV writers so both carry exactly the same numbers,
and with the approval (revision, approver) every final output names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from chiso_desktop.catalog.model import Catalog, Group
from chiso_desktop.office.approval import Approval, approval_of
from chiso_desktop.office.merged import MergedCell, merged_view
from chiso_desktop.office.plan import load_plan
from chiso_desktop.periods.period import Period
from chiso_desktop.store.installation import require_installation
from chiso_desktop.values.display import NOT_APPLICABLE_LABEL


@dataclass(frozen=True)
class OutputGroup:
    """A top-level group of one catalog (A, D; BM1 …) and its cells in catalog order."""

    catalog_id: str
    code: str
    name: str
    cells: tuple[MergedCell, ...]


@dataclass(frozen=True)
class FinalOutput:
    unit: str
    period: Period
    approval: Approval
    generated_at: datetime
    groups: tuple[OutputGroup, ...]
    breakdowns: bool = True
    """Each disaggregated field's breakdown rows under its total (``--no-breakdowns``: totals)."""


def top_group(catalog: Catalog, code: str) -> Group:
    by_code = {g.code: g for g in catalog.groups}
    group = by_code.get(code) or Group(code, code)
    while group.parent and group.parent in by_code:
        group = by_code[group.parent]
    return group


def row_name(cell: MergedCell) -> str:
    """"Indicator — item", and "— option, option" for a breakdown cell."""
    ind, f = cell.indicator, cell.field
    name = ind.name if len(ind.fields) == 1 or f.label == ind.name else f"{ind.name} — {f.label}"
    return f"{name} — {cell.part_label}" if cell.is_part else name


def row_note(cell: MergedCell, lang: str) -> str:
    """The value's note; "not applicable" is said here, the value cell stays empty."""
    if cell.state == "not-applicable":
        label = NOT_APPLICABLE_LABEL.get(lang, NOT_APPLICABLE_LABEL["en"])
        return f"{label}. {cell.note}".strip() if cell.note else label
    return cell.note


def final_output(session: Session, period: Period, lang: str = "vi",
                 now: datetime | None = None, breakdowns: bool = True) -> FinalOutput:
    inst = require_installation(session)
    scope, _rules, _own = load_plan(session)
    catalogs = {c.id: c for c in scope.catalogs}
    grouped: dict[tuple[str, str], list[MergedCell]] = {}
    names: dict[tuple[str, str], str] = {}
    for cell in merged_view(session, period, lang=lang):
        top = top_group(catalogs[cell.catalog_id], cell.group)
        key = (cell.catalog_id, top.code)
        grouped.setdefault(key, []).append(cell)
        names[key] = top.name
    groups = tuple(OutputGroup(cid, code, names[(cid, code)], tuple(cells))
                   for (cid, code), cells in grouped.items())
    return FinalOutput(inst.org_unit.name, period, approval_of(session, period),
                       now or datetime.now(), groups, breakdowns)
