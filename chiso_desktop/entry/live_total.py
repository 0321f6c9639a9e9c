"""The total of a breakdown as the clerk types it, before or without a save.

The stored form (``entry.form``) knows the parts that were saved. While the
clerk types, some parts may only be in their cells: held until the reason for
changes is given on a ready period. The grid shows the total with those
parts counted, and a contradiction of an entered total at once, from this
one function (no Qt here; the grid asks after every commit).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from chiso_desktop.catalog.categories import DEFAULT_COMBO, parts_overlap
from chiso_desktop.entry.form import Row, total_issue
from chiso_desktop.i18n import _
from chiso_desktop.values.display import format_value
from chiso_desktop.values.parse import ValueRefused, parse_input
from chiso_desktop.values.totals import Cell, PartsSum, sum_parts, total_mismatch


@dataclass(frozen=True)
class LiveTotal:
    parts: PartsSum
    total_text: str
    """What the total's value cell shows: a summed total's sum so far, else the entered value."""
    parts_text: str
    """The parts' sum and how many are given (``Σ 15,5 (2/3)``), for the total's state cell."""
    parts_tip: str
    """The same in a sentence, for its tooltip."""
    problem: str
    """An entered total the parts contradict, in the grid's words; empty when none."""


def _typed_cell(text: str, row: Row, lang: str) -> Cell | None:
    try:
        parsed = parse_input(text, row.field, lang)
    except ValueRefused:
        return None  # refused input counts as nothing; its own cell says why
    return (parsed.state.value, parsed.canonical)


def live_total(row: Row, typed: Mapping[str, str], lang: str) -> LiveTotal | None:
    """The total of ``row`` with ``typed`` (combination → text not stored yet) counted.

    None for a row without breakdown. ``typed`` may hold the total itself
    (``default``) when it was typed over an entered total.
    """
    if not row.parts:
        return None
    cells: dict[str, Cell] = {p.combo: (p.state, p.value) for p in row.parts}
    total: Cell = (row.state, row.value)
    for combo, text in typed.items():
        cell = _typed_cell(text, row, lang)
        if cell is None:
            continue
        if combo == DEFAULT_COMBO:
            total = cell
        elif combo in cells:
            cells[combo] = cell
    parts = sum_parts(cells, [p.combo for p in row.parts])
    shown_sum = format_value(parts.total, row.field, lang)
    parts_text = _("Σ {sum} ({given}/{expected})").format(
        sum=shown_sum, given=parts.given, expected=parts.expected) if parts.given else ""
    parts_tip = _("Breakdown: {given} of {expected} parts entered, adding up to {sum}.").format(
        sum=shown_sum, given=parts.given, expected=parts.expected) if parts.given else ""
    if row.summed:
        if parts.complete:
            state, value = parts.as_cell()
            text = format_value(value, row.field, lang, state=state)
        else:
            text = f"{shown_sum} ({parts.given}/{parts.expected})" if parts.given else ""
        return LiveTotal(parts, text, parts_text, parts_tip, "")
    overlapping = parts_overlap(row.field)
    total_text = format_value(total[1], row.field, lang, state=total[0])
    mismatch = total_mismatch(total, parts, overlapping)
    problem = total_issue(row.field, mismatch, total_text, overlapping, lang).message \
        if mismatch is not None else ""
    return LiveTotal(parts, total_text, parts_text, parts_tip, problem)
