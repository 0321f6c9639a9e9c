"""Show a stored value the way the user's language writes it.

Vietnamese: ``9.275``, ``51,9%``; English: ``9,275``, ``51.9%``. A number
shows exactly as many decimals as its canonical value holds (``50.0`` →
``50,0``), never babel's default rounding to three places nor padding.
Computed values are rounded for display only (:func:`display_places`).
"""

from __future__ import annotations

from contextlib import suppress
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from babel.numbers import format_decimal

from chiso_desktop.catalog.model import Field, FieldType
from chiso_desktop.values.state import ValueState

NOT_APPLICABLE_LABEL = {"vi": "Không phát sinh", "en": "Not applicable"}


def _locale(lang: str) -> str:
    return "vi_VN" if lang == "vi" else "en_US"


def format_number(value: Decimal, lang: str, places: int | None = None) -> str:
    """Group thousands and use the locale's decimal mark; ``places`` rounds first (half up)."""
    if places is not None:
        # More digits than the context holds: shown unrounded, never a crash.
        with suppress(InvalidOperation):
            value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    need = len(value.as_tuple().digits) + (abs(exponent) if isinstance(exponent, int) else 0) + 2
    if need > 200:
        return format(value, "f") if need < 10_000 else str(value)  # shown, never a crash
    with localcontext() as ctx:
        # babel works in the current context: a long stored number (from before the
        # door's digit limit) must show, not raise InvalidOperation in a list or export.
        ctx.prec = max(ctx.prec, need)
        return format_decimal(value, format=pattern, locale=_locale(lang),
                              decimal_quantization=False)


def display_places(field: Field) -> int:
    """Decimals shown for a computed value: 1 for a percentage (51,9%), 0 for counts, else 2."""
    kind = FieldType(field.type)
    if kind is FieldType.PERCENT:
        return 1
    if kind is FieldType.INTEGER:
        return 0
    return 2


def format_value(
    value: Decimal | str | None,
    field: Field,
    lang: str,
    *,
    state: ValueState | str = ValueState.VALUE,
    places: int | None = None,
) -> str:
    """The text to show for ``value`` of ``field``; empty when missing."""
    if state == ValueState.NOT_APPLICABLE:
        return NOT_APPLICABLE_LABEL.get(lang, NOT_APPLICABLE_LABEL["en"])
    if state == ValueState.MISSING or value is None:
        return ""
    kind = FieldType(field.type)
    if kind is FieldType.TEXT:
        return str(value)
    if kind is FieldType.CHOICE:
        for choice in field.choices:
            if choice.code == str(value):
                return choice.label
        return str(value)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if not number.is_finite():
        return str(value)
    text = format_number(number, lang, places)
    return text + "%" if kind is FieldType.PERCENT else text


def format_computed(value: Decimal, field: Field, lang: str) -> str:
    """A computed result, rounded for display (27/52*100 → ``51,9%``)."""
    return format_value(value, field, lang, places=display_places(field))
