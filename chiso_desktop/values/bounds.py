"""Effective bounds of a field: the catalog's min/max, else the type's defaults.

One place so that entry (parse), validation of imported and computed values
and the GUI hints agree.
"""

from __future__ import annotations

from decimal import Decimal

from chiso_desktop.catalog.model import Field, FieldType

NUMERIC_TYPES = frozenset(
    {FieldType.INTEGER, FieldType.DECIMAL, FieldType.PERCENT, FieldType.MONEY}
)

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


def is_numeric(field: Field) -> bool:
    return FieldType(field.type) in NUMERIC_TYPES


def effective_bounds(field: Field) -> tuple[Decimal | None, Decimal | None]:
    """(min, max); None means unbounded on that side.

    Counts, amounts and rates are non-negative unless the catalog gives a
    negative ``min`` (a growth rate, a budget balance); percent is 0–100
    unless ``min``/``max`` say otherwise.
    """
    kind = FieldType(field.type)
    if kind not in NUMERIC_TYPES:
        return None, None
    low = field.min if field.min is not None else _ZERO
    high = field.max
    if high is None and kind is FieldType.PERCENT:
        high = _HUNDRED
    return low, high
