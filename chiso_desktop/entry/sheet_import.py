"""``values import``: a filled-in template into the store, breakdown rows included.

The sheet's rows go through :func:`entry.ops.set_values` (the one door per
cell). Computed rows are skipped; so is a summed total (its ``=SUM`` formula,
or a number typed over it), whose value follows from its parts. Every
disaggregated field the sheet touches is then checked as typing checks it:
an entered total against its parts, and a summed total's number in the sheet
against the sum of the parts stored. A contradiction refuses the whole file,
naming the row, and the caller's transaction is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from chiso_desktop.catalog.categories import (
    DEFAULT_COMBO,
    combo_codes,
    parts_overlap,
    split_cell,
    total_entered,
)
from chiso_desktop.entry import breakdown
from chiso_desktop.entry.ops import Entry, SetResult, set_values
from chiso_desktop.entry.scope import FieldRef, Scope, load_scope
from chiso_desktop.entry.spreadsheet import SheetEntry
from chiso_desktop.errors import Refused
from chiso_desktop.i18n import _
from chiso_desktop.periods.period import Period
from chiso_desktop.store.installation import require_installation
from chiso_desktop.values.display import format_value
from chiso_desktop.values.parse import ValueRefused, canonical_text, parse_input
from chiso_desktop.values.totals import Cell, total_mismatch


@dataclass(frozen=True)
class SheetImport:
    result: SetResult
    skipped: int
    """Computed rows (summed totals included): their values follow from others."""
    headings: int = 0
    """Heading rows (a form's section titles) left empty, as the template writes them."""


def _has_breakdown(ref: FieldRef) -> bool:
    return ref.field.disaggregated and bool(combo_codes(ref.catalog, ref.field))


def _sheet_total(row: SheetEntry, ref: FieldRef, lang: str) -> str | None:
    """The canonical number a summed total's cell shows, or None when it shows none."""
    value: Decimal | str | None = row.shown if row.formula else (
        row.entry.number if row.entry.number is not None else row.entry.text)
    if isinstance(value, Decimal):
        return canonical_text(value)
    if not value or not value.strip():
        return None
    try:
        parsed = parse_input(value, ref.field, lang)
    except ValueRefused as exc:
        raise Refused(_("Row {row}: {message}").format(row=row.row, message=exc)) from exc
    return parsed.canonical


def import_sheet(session: Session, period: Period, rows: list[SheetEntry], *, actor: str,
                 lang: str, reason: str = "", scope: Scope | None = None) -> SheetImport:
    """Store the sheet's values; raises Refused on any problem (roll the transaction back)."""
    scope = scope or load_scope(session)
    entries: list[Entry] = []
    skipped = headings = 0
    on_headings: list[str] = []
    touched: dict[str, tuple[FieldRef, int]] = {}
    """Disaggregated fields in the sheet: their ref and first row."""
    summed_rows: dict[str, SheetEntry] = {}
    for r in rows:
        code, combo = split_cell(r.entry.code)
        ref = scope.ref(code)
        summed = ref is not None and combo == DEFAULT_COMBO and _has_breakdown(ref) and \
            not total_entered(ref.field)
        if r.formula and not summed:
            raise Refused(_("{file}: cell {cell} holds a formula; type the value "
                            "instead.").format(file=r.where.rsplit(":", 1)[0], cell=f"D{r.row}"))
        if ref is not None and _has_breakdown(ref):
            touched.setdefault(code, (ref, r.row))
        if summed:
            summed_rows[code] = r
            skipped += 1
            continue
        if ref is not None and ref.field.heading:
            # Skipped when empty; a value or note typed there was meant for another row
            # and would be lost without a word, so the file is refused naming the row.
            if r.entry.number is not None or r.entry.text or r.entry.note:
                on_headings.append(_(
                    "{file}, row {row}: {code} “{label}” is a heading of the form and holds no "
                    "value; clear its Value and Note cells and type the value in the row it "
                    "belongs to.").format(file=r.where.rsplit(":", 1)[0], row=r.row,
                                          code=r.entry.code, label=ref.field.label))
            headings += 1
            continue
        if ref is not None and ref.field.computed:
            skipped += 1
            continue
        entries.append(r.entry)
    if on_headings:
        raise Refused("\n".join(on_headings))
    result = set_values(session, period, entries, actor=actor, lang=lang, reason=reason,
                        scope=scope)
    inst = require_installation(session)
    problems = []
    stored = breakdown.stored_cells_of(
        session, inst.org_unit_id, [(ref.catalog.id, code) for code, (ref, _r) in touched.items()],
        period.id)
    for code, (ref, first) in touched.items():
        cells = stored[(ref.catalog.id, code)]
        parts = breakdown.parts_sum(ref, cells)
        summed_row = summed_rows.get(code)
        if summed_row is not None:
            shown = _sheet_total(summed_row, ref, lang)
            if shown is None:
                continue
            if not summed_row.formula and parts.given == 0:
                # A total typed over the =SUM with no breakdown: it would be dropped unseen.
                problems.append(_("Row {row}: {message}").format(
                    row=summed_row.row, message=breakdown.cell_problem(ref, DEFAULT_COMBO)))
                continue
            total: Cell = ("value", shown)
            where = summed_row.row
        elif total_entered(ref.field):
            total = cells.get(DEFAULT_COMBO, ("missing", None))
            where = first
        else:
            continue
        overlapping = parts_overlap(ref.field)
        mismatch = total_mismatch(total, parts, overlapping)
        if mismatch is None:
            continue
        f = ref.field
        shown_total = format_value(total[1], f, lang, state=total[0]) or "—"
        if overlapping:
            problems.append(_(
                "Row {row} ({code} {label}): a part of the breakdown ({part}) is larger than "
                "the total {total}; correct the total or the breakdown rows under it.").format(
                row=where, code=f.code, label=f.label, part=format_value(mismatch, f, lang),
                total=shown_total))
        else:
            problems.append(_(
                "Row {row} ({code} {label}): the breakdown rows add up to {parts}, but the "
                "total is {total}; correct the total or the breakdown rows under it.").format(
                row=where, code=f.code, label=f.label, parts=format_value(mismatch, f, lang),
                total=shown_total))
    if problems:
        raise Refused(_("Nothing was imported:") + "\n" + "\n".join(problems))
    return SheetImport(result, skipped, headings)
