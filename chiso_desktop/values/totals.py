"""Totals of disaggregated fields: computed from the parts, or entered and checked.

The parts are the field's option combinations (``catalog/categories.py``).
"Không phát sinh" in a part counts as nothing happened (0) for the sum; a
total whose every part is "not applicable" is itself "not applicable". A
missing part leaves a computed total missing: a partial sum shown as the
total would be read as the whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from chiso_desktop.values.parse import canonical_text
from chiso_desktop.values.state import ValueState

Cell = tuple[str, str | None]
"""(state, canonical value) of one stored cell."""


@dataclass(frozen=True)
class PartsSum:
    total: Decimal
    """Sum of the parts given so far (the live total while typing)."""
    given: int
    expected: int
    all_not_applicable: bool
    largest: Decimal = Decimal(0)
    """The largest part given (what overlapping parts are checked by)."""

    @property
    def complete(self) -> bool:
        return self.given == self.expected

    def as_cell(self) -> Cell:
        """The computed total as a stored cell."""
        if not self.complete:
            return (ValueState.MISSING.value, None)
        if self.all_not_applicable:
            return (ValueState.NOT_APPLICABLE.value, None)
        return (ValueState.VALUE.value, canonical_text(self.total))


def _number(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def sum_parts(parts: Mapping[str, Cell], combos: Sequence[str]) -> PartsSum:
    total = Decimal(0)
    largest = Decimal(0)
    given = 0
    na = 0
    for combo in combos:
        state, value = parts.get(combo, (ValueState.MISSING.value, None))
        if state == ValueState.NOT_APPLICABLE:
            given += 1
            na += 1
        elif state == ValueState.VALUE:
            number = _number(value)
            if number is not None:
                total += number
                largest = max(largest, number)
                given += 1
    return PartsSum(total, given, len(combos), bool(combos) and na == len(combos), largest)


def total_mismatch(entered: Cell, parts: PartsSum, overlapping: bool = False
                   ) -> Decimal | None:
    """The sum of the parts when it contradicts the entered total, else None.

    Complete parts must add up to the total exactly; incomplete parts must not
    already exceed it (only meaningful for non-negative quantities, which all
    disaggregated fields are).
    """
    state, value = entered
    if state == ValueState.NOT_APPLICABLE:
        return parts.total if parts.total != 0 else None
    number = _number(value) if state == ValueState.VALUE else None
    if number is None or parts.given == 0:
        return None
    if overlapping:
        return parts.largest if parts.largest > number else None
    if parts.complete and parts.total != number:
        return parts.total
    if not parts.complete and parts.total > number:
        return parts.total
    return None
