"""Cells of disaggregated fields in the store: which exist, what they hold, their total.

The total lives under the default combination, like any undisaggregated
value, so formulas, the merged view and old readers see it unchanged; the
parts live under their option combinations (``catalog/categories.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from chiso_desktop.catalog.categories import (
    DEFAULT_COMBO,
    combo_codes,
    total_entered,
)
from chiso_desktop.entry.scope import FieldRef
from chiso_desktop.i18n import _
from chiso_desktop.store.models import DataValue
from chiso_desktop.values.totals import Cell, PartsSum, sum_parts


def cell_problem(ref: FieldRef, combo: str) -> str:
    """Why a value cannot be entered into this cell, or empty."""
    f = ref.field
    if combo == DEFAULT_COMBO:
        if f.disaggregated and not total_entered(f) and combo_codes(ref.catalog, f):
            return _("{code} ({label}): the total is the sum of its breakdown; enter the "
                     "breakdown instead.").format(code=f.code, label=f.label)
        return ""
    if combo not in combo_codes(ref.catalog, f):
        return _("{code} ({label}) has no breakdown “{combo}”.").format(
            code=f.code, label=f.label, combo=combo)
    return ""


def stored_cells(session: Session, org_unit_id: int, catalog_id: str, code: str,
                 period: str) -> dict[str, Cell]:
    """combo → (state, value) of every stored cell of one field, the total included."""
    return {r.combo: (r.state, r.value) for r in session.execute(
        select(DataValue.combo, DataValue.state, DataValue.value).where(
            DataValue.org_unit_id == org_unit_id, DataValue.catalog_id == catalog_id,
            DataValue.field_code == code, DataValue.period == period))}


def stored_cells_of(session: Session, org_unit_id: int, fields: Iterable[tuple[str, str]],
                    period: str) -> dict[tuple[str, str], dict[str, Cell]]:
    """``stored_cells`` of several fields, (catalog id, code) each, in one query."""
    wanted = set(fields)
    out: dict[tuple[str, str], dict[str, Cell]] = {key: {} for key in wanted}
    if not wanted:
        return out
    for r in session.execute(select(
            DataValue.catalog_id, DataValue.field_code, DataValue.combo, DataValue.state,
            DataValue.value).where(
            DataValue.org_unit_id == org_unit_id, DataValue.period == period,
            DataValue.field_code.in_(sorted({code for _catalog, code in wanted})))):
        cells = out.get((r.catalog_id, r.field_code))
        if cells is not None:
            cells[r.combo] = (r.state, r.value)
    return out


def parts_sum(ref: FieldRef, cells: dict[str, Cell]) -> PartsSum:
    return sum_parts(cells, combo_codes(ref.catalog, ref.field))
